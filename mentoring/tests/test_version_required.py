"""Issue 13 point 5: every version-checked form requires the version.

An edit POSTed without its version field used to be saved over a
colleague's change. Each form is posted with good data but without the
version: the page shows MISSING_VERSION_MESSAGE and the record is as before."""

import datetime

from django.utils import timezone

from mentoring.factories import make_pair
from mentoring.models import MentorshipStatus, Order, OrderKind, Participant, PlanItem
from mentoring.services import MISSING_VERSION_MESSAGE
from mentoring.tests.test_banks import bank, edit_payload  # noqa: F401 - fixture
from mentoring.tests.test_orders import draft, post_data
from mentoring.tests.test_programs import item_data, item_url, items_of, pair  # noqa: F401

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_participant_edit_without_loaded_version_changes_nothing(cast, client_for, bank):  # noqa: F811
    participant = bank["young"]
    data = edit_payload(participant, position="Учитель химии")
    del data["loaded_version"]
    response = client_for(cast.methodist).post(f"/participants/{participant.pk}/edit/", data)
    assert response.status_code == 200
    assert MISSING_VERSION_MESSAGE in response.text
    assert Participant.objects.get(pk=participant.pk).position == participant.position


def test_participant_edit_with_a_broken_loaded_version_changes_nothing(cast, client_for, bank):  # noqa: F811
    participant = bank["young"]
    data = edit_payload(participant, position="Учитель химии", loaded_version="  ")
    response = client_for(cast.methodist).post(
        f"/participants/{participant.pk}/edit/", data, follow=True
    )
    assert MISSING_VERSION_MESSAGE in response.text
    assert Participant.objects.get(pk=participant.pk).position == participant.position


def test_new_participant_needs_no_version(cast, client_for):
    response = client_for(cast.methodist).post(
        "/participants/new/",
        {
            "last_name": "Новикова",
            "first_name": "Анна",
            "target_group": "teacher",
            "capacity": 1,
            "is_mentor": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Participant.objects.filter(last_name="Новикова").exists()


def test_mentorship_edit_without_version_changes_nothing(cast, client_for):
    mentorship = make_pair(cast.school)
    response = client_for(cast.methodist).post(
        f"/mentorships/{mentorship.pk}/edit/",
        {"title": "", "planned_start": mentorship.planned_start, "planned_end": "2027-05-01"},
    )
    assert MISSING_VERSION_MESSAGE in response.text
    after = type(mentorship).objects.get(pk=mentorship.pk)
    assert (after.planned_end, after.version) == (mentorship.planned_end, mentorship.version)


def test_mentorship_end_without_version_changes_nothing(cast, client_for):
    mentorship = make_pair(cast.school, agreed=True)
    response = client_for(cast.methodist).post(
        f"/mentorships/{mentorship.pk}/end/",
        {
            "status": MentorshipStatus.TERMINATED,
            "reason": "Перевод",
            "on_date": timezone.localdate().isoformat(),
        },
    )
    assert MISSING_VERSION_MESSAGE in response.text
    assert type(mentorship).objects.get(pk=mentorship.pk).status == MentorshipStatus.AGREED


def test_mentorship_agree_without_version_changes_nothing(cast, client_for):
    mentorship = make_pair(cast.school)
    response = client_for(cast.methodist).post(
        f"/mentorships/{mentorship.pk}/agree/", {}, follow=True
    )
    assert MISSING_VERSION_MESSAGE in response.text
    assert type(mentorship).objects.get(pk=mentorship.pk).status == MentorshipStatus.PROPOSED


def test_programme_edit_without_version_changes_nothing(cast, client_for, pair):  # noqa: F811
    goals = pair.program.goals
    response = client_for(cast.methodist).post(
        f"/mentorships/{pair.pk}/program/edit/", {"goals": "Другие цели", "tasks": "т"}
    )
    assert MISSING_VERSION_MESSAGE in response.text
    pair.program.refresh_from_db()
    assert pair.program.goals == goals


def test_plan_item_edit_without_version_changes_nothing(cast, client_for, pair):  # noqa: F811
    item = items_of(pair)[0]
    data = item_data(item, title="Другое название")
    del data["version"]
    client = client_for(cast.mentor)
    for extra in ({}, HTMX):
        response = client.post(item_url(pair, item), data, **extra)
        assert MISSING_VERSION_MESSAGE in response.text
        after = PlanItem.objects.get(pk=item.pk)
        assert (after.title, after.version) == (item.title, item.version)


def test_new_plan_item_needs_no_version(cast, client_for, pair):  # noqa: F811
    before = PlanItem.objects.count()
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client_for(cast.mentor).post(
        f"/mentorships/{pair.pk}/program/items/new/",
        {"title": "Открытый урок", "due_on": due, "status": "planned"},
    )
    assert response.status_code in (200, 302)
    assert PlanItem.objects.count() == before + 1


def test_order_edit_without_version_changes_nothing(cast, client_for):
    order = draft(cast)
    data = post_data(kind=OrderKind.REGULATION, title="О Положении (правка)")
    assert "version" not in data
    response = client_for(cast.methodist).post(f"/orders/{order.pk}/edit/", data)
    assert response.status_code == 200
    assert MISSING_VERSION_MESSAGE in response.text
    after = Order.objects.get(pk=order.pk)
    assert (after.title, after.version) == (order.title, order.version)
