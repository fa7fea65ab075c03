"""МБОУ «Поведниковская СОШ» (Московская область), школа; the Р-145
template with a separate column of activities.

Source: http://povedniki.schoolmsk.ru/file/card?id=4568 (a PDF on the school site).

Rebuilt from the stored copy of the page, which holds the opening of the PDF:
the stamp "Приложение 1 к приказу №181/1 от 13.09.2021г.", the title "на
2021-2024 г.г.", the first four header cells (№ | Наименование этапа |
Мероприятия | Содержание деятельности) and stage 1 with two activities. The
stored text shows no further header cells, so the rebuild has these four
columns only (the original surely has deadline and responsible columns to the
right; they are not invented here). The copy ends inside the content of the
second activity, kept as far as it is visible.
"""

from .docxkit import DOWN, new_document, paragraphs, save, table

URL = "http://povedniki.schoolmsk.ru/file/card?id=4568"


def build(path):
    doc = new_document()
    paragraphs(doc, "Приложение 1\nк приказу №181/1 от 13.09.2021г.\n")
    paragraphs(
        doc,
        "«Дорожная карта» реализации целевой модели наставничества в МБОУ "
        "« Поведниковская СОШ» на 2021-2024 г.г.",
    )
    table(
        doc,
        4,
        [
            ["№", "Наименование этапа", "Мероприятия", "Содержание деятельности"],
            [
                "1.",
                "Подготовка условий для запуска программы наставничества",
                "Изучение и систематизация имеющихся материалов по проблеме наставничества",
                "1. Изучение Распоряжения Министерства просвещения Российской Федерации "
                "№ Р-145 от 25 декабря 2019 г. «Об утверждении методологии (целевой) "
                "модели наставничества обучающихся для организаций, осуществляющих "
                "образовательную деятельность по общеобразовательным, дополнительным "
                "общеобразовательным и программам среднего профессионального "
                "образования, в том числе с применением лучших практик обмена опытом "
                "между обучающимися».\n"
                "2. Подготовка системных папок по проблеме наставничества.\n"
                "3. Ознакомление с шаблонами документов для реализации целевой модели.",
            ],
            [
                DOWN,
                DOWN,
                "Подготовка нормативной базы",
                "1. Издание приказа «Внедрение целевой модели наставничества в МБОУ «Повед",
            ],
        ],
    )
    return save(doc, path)
