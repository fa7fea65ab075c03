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


def _mentor_consent(pair):
    from mentoring.models import Consent, MentorshipMember

    mentor_id = pair.members.get(role=MentorshipMember.Role.LEAD).participant_id
    return Consent.objects.filter(participant_id=mentor_id, kind="processing")


def test_a_mentor_consent_about_to_end_or_already_ended_is_a_reason(
    cast,
    healthy_and_sick,  # noqa: F811
    today,  # noqa: F811
):
    import datetime

    from mentoring.health import reasons_by_pair

    healthy, _sick = healthy_and_sick
    consents = _mentor_consent(healthy)
    consents.update(expires_on=today + datetime.timedelta(days=10))
    reasons = reasons_by_pair(cast.school, today=today).get(healthy.pk, [])
    assert any("истекает" in r for r in reasons), reasons
    # The consent ran out yesterday and was not renewed.
    consents.update(given_on=today - datetime.timedelta(days=400), expires_on=today)
    reasons = reasons_by_pair(cast.school, today=today).get(healthy.pk, [])
    assert any("нет действующего согласия" in r for r in reasons), reasons
