"""The pairs-needing-attention list on a phone (issue 19 review)."""

import re

from mentoring.tests.test_pair_health import healthy_and_sick, today  # noqa: F401 - fixtures


def test_the_attention_list_becomes_labelled_cards_on_a_phone(
    cast,
    healthy_and_sick,  # noqa: F811
    client_for,
):
    html = client_for(cast.methodist).get("/mentorships/attention/").content.decode()
    table = re.search(r"<table[^>]*>.*?</table>", html, re.S).group(0)
    assert "table-cards" in table.split(">", 1)[0]
    cells = re.findall(r"<td\b[^>]*>", re.search(r"<tbody>.*</tbody>", table, re.S).group(0))
    assert cells and all("data-label=" in cell for cell in cells), cells
