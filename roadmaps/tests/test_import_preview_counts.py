"""The import preview's summary agrees its nouns with the numbers
(«1 этап», «2 мероприятия», «1 срок не распознан»), as the rest of the
product does (mentoring/plurals.py)."""

import re

from roadmaps.tests.test_import_update import docx_bytes, upload


def summary(page, key):
    match = re.search(
        rf'id="summary-{key}">(\d+)</span><span class="stat-label">([^<]+)</span>', page
    )
    return f"{match.group(1)} {match.group(2)}"


def test_preview_summary_agrees_nouns_with_numbers(cast, client_for):
    client = client_for(cast.methodist)
    page = client.get(
        upload(
            client,
            docx_bytes(
                [
                    ["1", "Подготовительный этап", "", ""],
                    ["1.1", "Приказ о внедрении", "сентябрь 2024", "Директор"],
                    ["1.2", "Совещание", "когда получится", "Методист"],
                ]
            ),
        )
    ).text
    assert summary(page, "stages") == "1 этап"
    assert summary(page, "activities") == "2 мероприятия"
    assert summary(page, "windows") == "1 срок в графике"
    assert summary(page, "flagged") == "1 срок не распознан"
    assert "1 срок" in page and "сроков: 1" not in page
