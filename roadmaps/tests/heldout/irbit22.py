"""МБДОУ «Детский сад № 22» (Городской округ «город Ирбит», Свердловская
область), дошкольная организация.

Source: http://xn--80afdys4h.xn--80achbdub6dfjh.xn--p1ai/docs/?doc_id=1192&method=pdf_viewer
(a PDF shown by the site's viewer).

Rebuilt from the stored copy of the page, which holds the first page of the
PDF and the top of the second: the organisation's name, the title, then — below
the title, as on the page — the stamps "Приложение №2 к приказу …", "ПРИНЯТО …",
"УТВЕРЖДЕНО …" and the site's mark "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ"
with the certificate; on page 2 the header (№пп | Наименование этапа |
Содержание деятельности и план мероприятий | Сроки | Ответственные |
Предполагаемый результат) and the number "1." of the first row, where the
copy ends. Only the number of that row is known, so the table holds the
header and that row. The PDF text breaks the signature mark into one word a
line; here its words are joined into the lines the mark shows.
"""

from .docxkit import new_document, paragraphs, save, table

URL = "http://xn--80afdys4h.xn--80achbdub6dfjh.xn--p1ai/docs/?doc_id=1192&method=pdf_viewer"


def build(path):
    doc = new_document()
    paragraphs(
        doc,
        "Муниципальное бюджетное дошкольное образовательное учреждение\n"
        "Городского округа «город Ирбит» Свердловской области «Детский сад № 22»\n"
        "(МБДОУ «Детский сад № 22»)\n\n"
        "Дорожная карта (план мероприятий)\n"
        "по реализации Положения о системе наставничества педагогических\n"
        "работников в Муниципальном бюджетном дошкольном образовательном учреждении "
        "Городского округа «город Ирбит»\n"
        "Свердловской области «Детский сад № 22»\n\n"
        "Приложение №2 к приказу\n"
        "заведующего МБДОУ «Детский сад №  22»\n"
        "от 01.04.2022 № 42\n\n"
        "ПРИНЯТО\n"
        "Педагогическим советом\n"
        "МБДОУ «Детский сад  № 22»\n"
        "(Протокол от 01.04.2022 №  4)\n\n"
        "УТВЕРЖДЕНО\n"
        "Приказом заведующего\n"
        "МБДОУ «Детский сад №22\n"
        "С.М. Палкиной от 01.04.2022 № 42-ОД\n\n"
        "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ\n"
        "Сертификат: 036BCB450004AEAC9D46A1DA7BBCE1A487\n"
        'Владелец МБДОУ "ДЕТСКИЙ САД 22"\n'
        "Действителен с 20.12.2021 до 20.12.2022",
    )
    doc.add_page_break()
    table(
        doc,
        6,
        [
            [
                "№пп",
                "Наименование этапа",
                "Содержание деятельности и план мероприятий",
                "Сроки",
                "Ответственные",
                "Предполагаемый результат",
            ],
            ["1.", "", "", "", "", ""],
        ],
    )
    return save(doc, path)
