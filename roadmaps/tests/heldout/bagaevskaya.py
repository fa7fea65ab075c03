"""МБОУ Багаевская СОШ № 3 (Ростовская область), школа.

Source: https://nsportal.ru/shkola/administrirovanie-shkoly/library/2022/04/05/dorozhnaya-karta-tselevoy-modeli-nastavnichestva
(the preview of dorozhnaya_karta_tsmn.doc on nsportal.ru; stored under the
address with "nsportal.ru." as its host).

Rebuilt from the stored copy of the preview, which holds the opening of the
document: two approval stamps (СОГЛАСОВАНО … / Утверждаю …), the title "на 2020 –
2024 учебный год", the header with its row of column numbers 1–5, section "1."
(its number in the first column, its text across the others) and the first
words of row "1.2." — the copy ends inside that row, so its title is kept as
far as it is visible ("Утверждение состава  рабочей гру", double space as
written) and its other cells are empty. The numbering starts at 1.2. in the
source as well.
"""

from .docxkit import Span, new_document, paragraphs, save, table

# The address as stored (host "nsportal.ru." with the root dot).
URL = (
    "https://nsportal.ru./shkola/administrirovanie-shkoly/library/2022/04/05/"
    "dorozhnaya-karta-tselevoy-modeli-nastavnichestva"
)


def build(path):
    doc = new_document()
    paragraphs(
        doc,
        "СОГЛАСОВАНО\nПротокол № 1\nзаседания Педагогического\nсовета школы\n"
        "от «31» 08. 2020 г.\n\n"
        "Утверждаю\nДиректор МБОУ\n Багаевской СОШ №3\n_________________ Н.В. Боряева\n",
    )
    paragraphs(
        doc,
        "План мероприятий (дорожная карта)\n"
        "внедрения методологии (целевой модели) наставничества обучающихся МБОУ "
        "Багаевской СОШ № 3,\n"
        "в том числе с применением лучших практик обмена опытом между обучающимися,\n"
        "на 2020 – 2024 учебный год",
    )
    table(
        doc,
        5,
        [
            [
                "№ п/п",
                "Наименование мероприятий",
                "Срок реализации",
                "Ответственный исполнитель",
                "Результат. Вид документа",
            ],
            ["1", "2", "3", "4", "5"],
            [
                "1.",
                Span(
                    "Нормативное правовое регулирование внедрения методологии (целевой "
                    "модели) наставничества обучающихся МБОУ Багаевской СОШ № 3,в том "
                    "числе с применением лучших практик обмена опытом между обучающимися, "
                    "на территории Багаевского муниципального района на 2020 – 2021 "
                    "учебный  год  (далее - целевая модель наставничества, ЦМН)",
                    4,
                ),
            ],
            ["1.2.", "Утверждение состава  рабочей гру", "", "", ""],
        ],
    )
    return save(doc, path)
