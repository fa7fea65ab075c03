"""Whole-cohort assignment edge cases found in review (issue 19)."""

import pytest

from mentoring.assignment import NO_MENTOR_OF_FORM, cohort_plan
from mentoring.factories import MentoringFormFactory, mentee_participant, mentor_participant
from mentoring.models import TargetGroup
from mentoring.services.cohort import cohort_accept
from mentoring.tests.test_assignment import cohort  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _peer_form(org):
    return MentoringFormFactory(
        organization=org,
        mentor_groups=[TargetGroup.YOUNG_SPECIALIST],
        mentee_groups=[TargetGroup.YOUNG_SPECIALIST],
    )


def _in_both_banks(org, **fields):
    return mentor_participant(
        org, is_mentee=True, target_group=TargetGroup.YOUNG_SPECIALIST, capacity=1, **fields
    )


def test_a_participant_in_both_banks_alone_stays_unmatched_rather_than_mentoring_themselves(cast):
    org = cast.school
    form = _peer_form(org)
    both = _in_both_banks(org, last_name="Двойная")
    plan = cohort_plan(organization=org, form=form)
    assert plan.rows == []
    assert [(r.mentee.pk, r.reason, r.options) for r in plan.unmatched] == [
        (both.pk, NO_MENTOR_OF_FORM, [])
    ]


def test_peers_in_both_banks_mentor_each_other_and_the_plan_is_accepted(cast):
    org = cast.school
    form = _peer_form(org)
    first = _in_both_banks(org, last_name="Первая")
    second = _in_both_banks(org, last_name="Вторая")
    other = mentee_participant(org, last_name="Третья")
    plan = cohort_plan(organization=org, form=form)
    pairs = {(r.mentee.pk, r.mentor.pk) for r in plan.rows}
    assert all(mentee != mentor for mentee, mentor in pairs)
    assert all(m.pk != r.mentee.pk for r in plan.rows + plan.unmatched for m, _ in r.options)
    assert len(pairs) == 2
    created = cohort_accept(
        organization=org, form=form, assignments=sorted(pairs), by=cast.methodist
    )
    assert len(created) == 2
    assert {first.pk, second.pk, other.pk} >= {mentee for mentee, _ in pairs}


def test_a_refused_accept_shows_the_page_again_with_the_methodists_choices_kept(
    cohort,  # noqa: F811
    cast,
    client_for,
):
    from mentoring.models import Mentorship

    client = client_for(cast.methodist)
    plan = client.get("/matching/cohort/", {"form": cohort["form"].pk}).context["plan"]
    rows = {row.mentee.pk: row for row in plan.rows}
    # Every row to the maths teacher (one place): refused as a whole.
    data = {"form": cohort["form"].pk, f"mentor_{cohort['d'].pk}": ""}
    for pk in rows:
        if pk != cohort["d"].pk:
            data[f"mentor_{pk}"] = cohort["maths"].pk
    response = client.post("/matching/cohort/", data)
    assert response.status_code == 200
    assert Mentorship.objects.count() == 0
    html = response.content.decode()
    assert "Ни одна пара не предложена" in html
    kept = {row.mentee.pk: row.chosen for row in response.context["plan"].rows}
    assert kept[cohort["d"].pk] is None
    assert all(kept[pk] == cohort["maths"].pk for pk in kept if pk != cohort["d"].pk)
    assert '<option value="" selected>— не назначать —</option>' in html
