"""МБОУ Тамбарская ООШ (Кемеровская область – Кузбасс), школа.

Source: https://tambarskaya.kuzbasschool.ru/file/card?id=516
("Дорожная карта Наставничество", a PDF on the school site).

Rebuilt from the stored copy of the page, which holds the opening of the PDF
only: the approval stamp, the title, the header with its row of column numbers
1–5, the first section heading and activities 1.1–1.4. The copy ends inside the
next row (its number is not visible), so the table stops after 1.4. The deadline,
responsible and result cells of 1.1–1.4 are not in the stored text and are
left empty. Words are as written, "1.1" without a dot and "1.2." with one;
lines the PDF wraps inside a cell are joined (a Word cell wraps by itself).
"""

from .docxkit import Span, new_document, paragraphs, save, table

URL = "https://tambarskaya.kuzbasschool.ru/file/card?id=516"


def build(path):
    doc = new_document()
    paragraphs(doc, "УТВЕРЖДАЮ\nДИРЕКТОР ШКОЛЫ\nЕ.В.ТАРАБАНОВА\n")
    paragraphs(
        doc, "План мероприятий (дорожная карта)\nвнедрения наставничества МБОУ Тамбарской ООШ"
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
                Span(
                    "1. Нормативное правовое регулирование внедрения методологии "
                    "(целевой модели) наставничества",
                    5,
                )
            ],
            [
                "1.1",
                "Утверждение состава рабочей группы по внедрению целевой модели "
                "наставничества в 2020 г.",
                "",
                "",
                "",
            ],
            [
                "1.2.",
                "Назначение кураторов внедрения целевой модели наставничества в ОУ",
                "",
                "",
                "",
            ],
            [
                "1.3.",
                "Разработка дорожной карты внедрения целевой модели наставничества в ОУ",
                "",
                "",
                "",
            ],
            [
                "1.4.",
                "Разработка положений о программе наставничества в образовательных организациях",
                "",
                "",
                "",
            ],
        ],
    )
    return save(doc, path)
