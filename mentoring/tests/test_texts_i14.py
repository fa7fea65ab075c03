"""Texts a school reads: Russian sorting labels, Russian plurals, counts of people
in the banks (not of user accounts) on the home pages."""

import pytest
from django.template import Context, Template

from mentoring.factories import ParticipantFactory
from mentoring.filters import ParticipantFilter
from mentoring.plurals import count_noun, plural


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1 год"),
        (2, "2 года"),
        (5, "5 лет"),
        (11, "11 лет"),
        (14, "14 лет"),
        (21, "21 год"),
        (24, "24 года"),
        (25, "25 лет"),
        (101, "101 год"),
        (112, "112 лет"),
        (0, "0 лет"),
    ],
)
def test_russian_plural_forms(number, expected):
    assert count_noun(number, "год,года,лет") == expected


def test_plural_needs_three_forms():
    with pytest.raises(ValueError):
        plural(3, "год,года")


def test_template_filter_writes_the_number_with_the_noun():
    html = Template('{% load mentoring_tags %}{{ n|count_noun:"год,года,лет" }}').render(
        Context({"n": 24})
    )
    assert html == "24 года"


def test_every_filter_choice_is_in_russian(cast):
    import re

    from mentoring.filters_mentorships import MentorshipFilter

    latin = re.compile(r"[A-Za-z]")
    for filterset in (
        ParticipantFilter(side="mentor"),
        MentorshipFilter(organization=cast.school),
    ):
        for name, field in filterset.form.fields.items():
            for _value, label in getattr(field, "choices", []):
                assert not latin.search(str(label)), (name, label)


def test_participant_card_writes_age_and_experience_with_plurals(cast, client_for):
    card = ParticipantFactory(organization=cast.school, experience_years=24, birth_date=None)
    page = client_for(cast.methodist).get(f"/participants/{card.pk}/").text
    assert "24 года" in page and "24 лет" not in page


def test_home_counts_people_in_the_banks_not_accounts(cast, client_for):
    for _ in range(3):
        ParticipantFactory(
            organization=cast.school, is_mentor=True, is_mentee=False, mentor_status="approved"
        )
    for _ in range(5):
        ParticipantFactory(organization=cast.school, is_mentee=True)
    page = client_for(cast.methodist).get("/")
    assert page.context["counts"]["mentor"] == 3
    assert page.context["counts"]["mentee"] == 5
    # The cast has one mentor account and one mentee account.
    assert page.context["counts"]["mentor_accounts"] == 1
    specialist = client_for(cast.specialist).get("/")
    school = next(c for c in specialist.context["children"] if c.pk == cast.school.pk)
    assert school.counts["mentor"] == 3 and school.counts["mentee"] == 5
