"""Training of mentors: groups, sessions with attendance, external courses
with certificates, the indicator "at least 2 sessions per group", a mentor's
training history."""

import datetime

import pytest
from django.utils import timezone

from mentoring.models import ExternalCourse, TrainingGroup
from mentoring.services import activities as services
from mentoring.tests import activity_data as data

PERIOD = services.academic_year_period(2025)


def group(cast, title, sessions, *, starts_on=datetime.date(2025, 9, 10), members=()):
    item = services.training_group_save(
        organization=cast.school,
        data={"title": title, "starts_on": starts_on},
        members=members,
        by=cast.methodist,
    )
    for i, held_on in enumerate(sessions):
        services.training_session_save(
            group=item,
            data={"held_on": held_on, "topic": f"Занятие {i + 1}"},
            attendees=members,
            by=cast.methodist,
        )
    return item


def test_sessions_per_group_counts_sessions_in_the_period(cast):
    group(cast, "А", [datetime.date(2025, 10, 1), datetime.date(2025, 11, 1)])
    group(cast, "Б", [datetime.date(2025, 10, 1), datetime.date(2024, 10, 1)])  # one outside
    group(cast, "Старая", [datetime.date(2024, 10, 1)], starts_on=datetime.date(2024, 9, 1))
    old = TrainingGroup.objects.get(title="Старая")
    old.ends_on = datetime.date(2025, 5, 31)
    old.save()
    result = services.sessions_per_group(cast.school, PERIOD)
    assert [(g.title, g.session_count) for g in result["groups"]] == [("А", 2), ("Б", 1)]
    assert (result["total"], result["meeting_target"], result["share"], result["met"]) == (
        2,
        1,
        50,
        False,
    )


def test_indicator_is_met_when_every_group_had_two_sessions(cast):
    group(cast, "А", [datetime.date(2025, 10, 1), datetime.date(2025, 11, 1)])
    group(
        cast,
        "Б",
        [datetime.date(2025, 12, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)],
    )
    result = services.sessions_per_group(cast.school, PERIOD)
    assert (result["share"], result["met"]) == (100, True)


def test_no_groups_means_no_share_and_not_met(cast):
    result = services.sessions_per_group(cast.school, PERIOD)
    assert (result["total"], result["share"], result["met"]) == (0, None, False)


def test_other_organisations_groups_do_not_count(cast):
    services.training_group_save(
        organization=cast.other_school,
        data={"title": "Чужая", "starts_on": datetime.date(2025, 9, 1)},
        members=[],
        by=cast.other_methodist,
    )
    assert services.sessions_per_group(cast.school, PERIOD)["total"] == 0


def test_methodist_records_a_group_and_a_session_with_attendance(cast, client_for):
    mentor = data.mentor_card(cast)
    client = client_for(cast.methodist)
    response = client.post(
        "/training/groups/new/",
        {
            "title": "Школа наставника",
            "starts_on": "2025-09-15",
            "trainer": "Иванова",
            "members": [mentor.pk],
        },
    )
    item = TrainingGroup.objects.get()
    assert response["Location"] == f"/training/groups/{item.pk}/"
    response = client.post(
        f"/training/groups/{item.pk}/sessions/new/",
        {"held_on": "2025-10-01", "topic": "Роль наставника", "attendees": [mentor.pk]},
    )
    assert response.status_code == 302
    session = item.sessions.get()
    assert list(session.attendees.all()) == [mentor]
    page = client.get(f"/training/groups/{item.pk}/")
    assert "Роль наставника" in page.text and "меньше 2" in page.text


def test_people_of_another_organisation_cannot_attend(cast):
    from django.core.exceptions import ValidationError

    from mentoring.factories import mentor_participant

    stranger = mentor_participant(cast.other_school)
    with pytest.raises(ValidationError, match="другой организации"):
        group(cast, "А", [], members=[stranger])


def test_external_course_with_certificate_and_the_mentors_training_history(cast, client_for):
    mentor = data.mentor_card(cast)
    attended = group(cast, "Школа наставника", [datetime.date(2025, 10, 1)], members=[mentor])
    client = client_for(cast.methodist)
    response = client.post(
        f"/participants/{mentor.pk}/courses/new/",
        {
            "programme": "Наставничество в школе",
            "hours": "72",
            "provider": "Институт развития образования",
            "starts_on": "2025-10-01",
            "ends_on": "2025-10-20",
            "document_kind": "certificate",
            "document_number": "7723 0001",
            "certificate_upload": data.pdf("Удостоверение.pdf"),
        },
    )
    assert response.status_code == 302
    course = ExternalCourse.objects.get()
    assert course.certificate_name == "Удостоверение.pdf"
    page = client.get(f"/participants/{mentor.pk}/")
    assert "Наставничество в школе, 72 ч." in page.text
    assert attended.title in page.text
    assert f"/training/courses/{course.pk}/certificate/" in page.text
    served = client.get(f"/training/courses/{course.pk}/certificate/")
    assert served["Content-Disposition"].startswith("attachment")
    assert b"".join(served.streaming_content) == data.MINIMAL_PDF


def test_course_ending_before_it_starts_is_refused(cast, client_for):
    mentor = data.mentor_card(cast)
    response = client_for(cast.methodist).post(
        f"/participants/{mentor.pk}/courses/new/",
        {
            "programme": "П",
            "hours": "8",
            "provider": "И",
            "starts_on": "2025-10-20",
            "ends_on": "2025-10-01",
            "document_kind": "certificate",
        },
    )
    assert response.status_code == 200 and not ExternalCourse.objects.exists()


def test_home_card_shows_groups_and_those_with_two_sessions(cast, client_for):
    from mentoring.views.banks import current_academic_year

    start = services.academic_year_period(current_academic_year())[0]
    # Sessions held by today: the card reads the "training_sessions" definition.
    second = min(start + datetime.timedelta(days=7), timezone.localdate())
    group(cast, "А", [start, second], starts_on=start)
    group(cast, "Б", [start], starts_on=start)
    page = client_for(cast.director).get("/")
    assert "Групп, начавших работу в учебном году: 2, из них провели не менее 2 занятий — 1" in (
        page.text
    )
    # The indicator is the fewest sessions in a group, with its definition and verdict.
    assert 'data-indicator="training_sessions">1<' in page.text
    assert "показатель не выполнен" in page.text
    assert 'data-definition="training_sessions"' in page.text


@pytest.mark.parametrize("rows", [5, 50])
def test_training_list_query_count_does_not_grow(
    cast, client_for, rows, django_assert_max_num_queries
):
    for i in range(rows):
        group(cast, f"Группа {i}", [datetime.date.today()], starts_on=datetime.date.today())
    client = client_for(cast.methodist)
    with django_assert_max_num_queries(12):
        assert client.get("/training/").status_code == 200
