import datetime
import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.factories import ParticipantFactory
from mentoring.models import (
    Consent,
    ConsentKind,
    ConsentText,
    Headcount,
    Interview,
    MentorStatus,
    Participant,
    TargetGroup,
)


def consent_text(org, kind=ConsentKind.PROCESSING):
    return ConsentText.objects.get_or_create(
        organization=org,
        kind=kind,
        version=1,
        defaults={"title": "t", "purpose": "p", "data_list": "d", "actions": "a", "term": "t"},
    )[0]


def give(participant, kind=ConsentKind.PROCESSING, **extra):
    return Consent.objects.create(
        participant=participant,
        kind=kind,
        text=consent_text(participant.organization, kind),
        given_on=datetime.date(2026, 9, 1),
        **extra,
    )


@pytest.fixture
def bank(cast):
    """A small bank of the school and one participant of the other school."""
    people = {
        "math": ParticipantFactory(
            organization=cast.school,
            last_name="Аксёнова",
            subjects="Математика",
            is_mentor=True,
            is_mentee=False,
            mentor_status=MentorStatus.POTENTIAL,
            experience_years=12,
        ),
        "history": ParticipantFactory(
            organization=cast.school,
            last_name="Борисов",
            subjects="История",
            is_mentor=True,
            is_mentee=False,
            mentor_status=MentorStatus.APPROVED,
            experience_years=25,
        ),
        "young": ParticipantFactory(
            organization=cast.school,
            last_name="Васина",
            target_group=TargetGroup.YOUNG_SPECIALIST,
            experience_years=1,
        ),
        "pupil": ParticipantFactory(
            organization=cast.school,
            last_name="Гришин",
            target_group=TargetGroup.SCHOOL_STUDENT,
            birth_date=datetime.date(2015, 3, 1),
            class_group="5А",
            representative_name="Гришина Ольга Ивановна",
            special_disability=True,
        ),
        "foreign": ParticipantFactory(organization=cast.other_school, last_name="Чужой"),
    }
    give(people["math"])
    withdrawn = give(people["young"])
    withdrawn.withdrawn_on = datetime.date(2026, 10, 1)
    withdrawn.save()
    return people


def names(response):
    return [p.last_name for p in response.context["page"].object_list]


def test_mentee_bank_lists_only_this_organisations_mentees(cast, client_for, bank):
    response = client_for(cast.methodist).get("/bank/mentees/")
    assert names(response) == ["Васина", "Гришин"]
    assert "Чужой" not in response.text
    assert "ОВЗ" in response.text


def test_mentor_bank_filters(cast, client_for, bank):
    client = client_for(cast.coordinator)
    assert names(client.get("/bank/mentors/")) == ["Аксёнова", "Борисов"]
    assert names(client.get("/bank/mentors/", {"mentor_status": "approved"})) == ["Борисов"]
    assert names(client.get("/bank/mentors/", {"subject": "матем"})) == ["Аксёнова"]
    assert names(client.get("/bank/mentors/", {"consent": "yes"})) == ["Аксёнова"]
    assert names(client.get("/bank/mentors/", {"consent": "no"})) == ["Борисов"]
    assert names(client.get("/bank/mentors/", {"q": "борис"})) == ["Борисов"]
    assert names(client.get("/bank/mentors/", {"sort": "-experience"})) == ["Борисов", "Аксёнова"]
    assert names(client.get("/bank/potential-mentors/")) == ["Аксёнова"]


def test_consent_filter_tells_withdrawn_from_missing(cast, client_for, bank):
    client = client_for(cast.methodist)
    assert names(client.get("/bank/mentees/", {"consent": "withdrawn"})) == ["Васина"]
    assert names(client.get("/bank/mentees/", {"consent": "no"})) == ["Васина", "Гришин"]


def test_unknown_filter_values_are_reported_not_crashing(cast, client_for, bank):
    response = client_for(cast.methodist).get("/bank/mentees/", {"target_group": "martian"})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.text


def test_bank_export_uses_the_filters_and_never_exports_special_categories(cast, client_for, bank):
    response = client_for(cast.methodist).get(
        "/bank/mentees/export.xlsx", {"target_group": TargetGroup.SCHOOL_STUDENT}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[1:3] == ("Внешний ID", "Фамилия")
    special = ("ОВЗ", "Одарённ", "ТЖС", "Особые", "жизненн")
    assert not [h for h in header if any(word in str(h) for word in special)]
    assert [r[2] for r in rows[1:]] == ["Гришин"]
    assert rows[1][5] == datetime.datetime(2015, 3, 1)
    assert sheet.freeze_panes == "A2"
    assert "ОВЗ" not in str(rows)


def test_bank_export_of_potential_mentors_has_interview_columns(cast, client_for, bank):
    Interview.objects.create(
        participant=bank["math"],
        held_on=datetime.date(2026, 10, 5),
        outcome=Interview.Outcome.RECOMMENDED,
    )
    response = client_for(cast.methodist).get("/bank/potential-mentors/export.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Последнее собеседование", "Итог собеседования")
    assert rows[1][2] == "Аксёнова"
    assert rows[1][-1] == "Рекомендован в наставники"


def test_unknown_bank_export_is_404(cast, client_for):
    assert client_for(cast.methodist).get("/bank/everyone/export.xlsx").status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/bank/mentees/", "/bank/mentors/", "/bank/potential-mentors/"])
def test_bank_query_count_does_not_grow_with_rows(
    cast, client_for, url, django_assert_max_num_queries
):
    client = client_for(cast.methodist)
    client.get(url)  # the session row is written on the first request

    def add(n):
        for _ in range(n):
            p = ParticipantFactory(
                organization=cast.school, is_mentor=True, mentor_status=MentorStatus.POTENTIAL
            )
            give(p)
            Interview.objects.create(
                participant=p, held_on=datetime.date(2026, 9, 1), outcome="recommended"
            )

    add(5)
    few = count_queries(client, url)
    add(495)
    assert count_queries(client, url) == few
    with django_assert_max_num_queries(12):
        client.get(url + "?page=3")


def test_create_participant_validates_and_writes_history(cast, client_for):
    client = client_for(cast.methodist)
    base = {
        "last_name": "Юрьева",
        "first_name": "Алиса",
        "target_group": TargetGroup.SCHOOL_STUDENT,
        "capacity": 1,
    }
    response = client.post("/participants/new/", base)
    assert "Отметьте, в какой банк входит участник" in response.text
    assert "Для обучающегося укажите дату рождения" in response.text
    response = client.post(
        "/participants/new/", {**base, "is_mentee": "on", "birth_date": "2016-04-01"}
    )
    assert "Участнику нет 14 лет: укажите законного представителя" in response.text
    response = client.post(
        "/participants/new/", {**base, "is_mentee": "on", "birth_date": "2035-04-01"}
    )
    assert "Дата рождения не может быть в будущем" in response.text
    assert not Participant.objects.filter(last_name="Юрьева").exists()

    response = client.post(
        "/participants/new/",
        {
            **base,
            "is_mentee": "on",
            "birth_date": "2016-04-01",
            "representative_name": "Юрьева Ирина Павловна",
            "representative_relation": "мать",
        },
    )
    participant = Participant.objects.get(last_name="Юрьева")
    assert response["Location"] == f"/participants/{participant.pk}/"
    assert participant.organization == cast.school
    assert participant.history.get().history_user == cast.methodist


def test_new_mentor_starts_as_potential(cast, client_for):
    client_for(cast.methodist).post(
        "/participants/new/",
        {
            "last_name": "Лосев",
            "first_name": "Олег",
            "target_group": TargetGroup.TEACHER,
            "is_mentor": "on",
            "capacity": 2,
        },
    )
    assert Participant.objects.get(last_name="Лосев").mentor_status == MentorStatus.POTENTIAL


def edit_payload(participant, **changes):
    data = {
        "last_name": participant.last_name,
        "first_name": participant.first_name,
        "patronymic": participant.patronymic,
        "birth_date": participant.birth_date.isoformat() if participant.birth_date else "",
        "target_group": participant.target_group,
        "capacity": participant.capacity,
        "is_mentee": "on" if participant.is_mentee else "",
        "is_mentor": "on" if participant.is_mentor else "",
        "loaded_version": participant.updated_at.isoformat(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_stale_edit_is_refused_and_the_first_edit_survives(cast, client_for, bank):
    participant = bank["young"]
    first = edit_payload(participant, position="Учитель физики")
    second = edit_payload(participant, position="Учитель химии")  # opened at the same time
    client = client_for(cast.methodist)
    assert client.post(f"/participants/{participant.pk}/edit/", first).status_code == 302
    response = client.post(f"/participants/{participant.pk}/edit/", second, follow=True)
    assert "Запись изменил другой пользователь" in response.text
    participant.refresh_from_db()
    assert participant.position == "Учитель физики"


def test_history_page_shows_the_change(cast, client_for, bank):
    participant = bank["young"]
    client = client_for(cast.methodist)
    client.post(
        f"/participants/{participant.pk}/edit/", edit_payload(participant, position="Завуч")
    )
    response = client.get(f"/participants/{participant.pk}/history/")
    assert "Завуч" in response.text
    assert "Методистова" in response.text


def test_mentor_is_approved_only_after_a_recommending_interview(cast, client_for, bank):
    mentor = bank["math"]
    client = client_for(cast.methodist)
    response = client.post(f"/participants/{mentor.pk}/approve/", follow=True)
    assert "Сначала проведите собеседование" in response.text
    mentor.refresh_from_db()
    assert mentor.mentor_status == MentorStatus.POTENTIAL

    response = client.post(
        f"/participants/{mentor.pk}/interviews/new/",
        {"held_on": "2026-11-20", "outcome": "recommended", "notes": "Готова"},
    )
    assert response.status_code == 302
    client.post(f"/participants/{mentor.pk}/approve/")
    mentor.refresh_from_db()
    assert mentor.mentor_status == MentorStatus.APPROVED
    assert mentor.mentor_approved_on == timezone.localdate()


def test_interview_in_the_future_is_refused(cast, client_for, bank):
    response = client_for(cast.methodist).post(
        f"/participants/{bank['math'].pk}/interviews/new/",
        {"held_on": "2099-01-01", "outcome": "recommended"},
    )
    assert "дата в будущем" in response.text
    assert not Interview.objects.exists()


def test_headcounts_are_set_and_updated(cast, client_for):
    client = client_for(cast.methodist)
    data = {"academic_year": 2026, "target_group": TargetGroup.SCHOOL_STUDENT, "count": 500}
    client.post("/headcounts/", data)
    client.post("/headcounts/", {**data, "count": 520})
    assert Headcount.objects.get(organization=cast.school).count == 520
    assert "520" in client.get("/headcounts/").text
    assert client.post("/headcounts/", {**data, "academic_year": 1800}).status_code == 200
    assert Headcount.objects.count() == 1


def test_director_reads_headcounts_but_cannot_change_them(cast, client_for):
    client = client_for(cast.director)
    assert client.get("/headcounts/").status_code == 200
    data = {"academic_year": 2026, "target_group": TargetGroup.TEACHER, "count": 5}
    assert client.post("/headcounts/", data).status_code == 403
    assert not Headcount.objects.exists()


def test_bank_page_renders_with_ten_thousand_participants(cast, client_for):
    Participant.objects.bulk_create(
        [
            Participant(
                organization=cast.school,
                last_name=f"Фамилия{n:05d}",
                first_name="Имя",
                target_group=TargetGroup.SCHOOL_STUDENT,
                birth_date=datetime.date(2012, 1, 1),
                is_mentee=True,
            )
            for n in range(10_000)
        ],
        batch_size=2000,
    )
    client = client_for(cast.methodist)
    client.get("/bank/mentees/")
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get("/bank/mentees/?page=200")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    best = min(timings)
    print(f"bank page at 10 000 participants: {best * 1000:.0f} ms")
    print(f"bank page: {best * 1000:.0f} ms (budgets are checked by make bench)")


def test_sqlite_like_folds_cyrillic_case():
    from mentoring.sqlite import unicode_like

    assert unicode_like("%матем%", "Математика")
    assert unicode_like("%ЁЛКА%", "ёлка")
    assert not unicode_like("%физ%", "Математика")
    assert unicode_like("100\\%%", "100% готово", "\\")
    assert not unicode_like("100\\%%", "1000", "\\")


def test_pair_filter_tells_paired_from_unpaired(cast, client_for, bank):
    from mentoring.models import MentoringForm, Mentorship, MentorshipMember

    form = MentoringForm.objects.create(organization=cast.school, name="Педагог – педагог")
    mentorship = Mentorship.objects.create(
        organization=cast.school,
        form=form,
        planned_start=datetime.date(2026, 9, 1),
        planned_end=datetime.date(2027, 5, 31),
    )
    MentorshipMember.objects.create(
        mentorship=mentorship, participant=bank["history"], role="lead", form=form
    )
    MentorshipMember.objects.create(
        mentorship=mentorship, participant=bank["young"], role="mentee", form=form
    )
    client = client_for(cast.methodist)
    assert names(client.get("/bank/mentees/", {"pair": "with"})) == ["Васина"]
    assert names(client.get("/bank/mentees/", {"pair": "without"})) == ["Гришин"]
    assert names(client.get("/bank/mentors/", {"pair": "without"})) == ["Аксёнова"]
    mentorship.status = "terminated"
    mentorship.save()
    assert names(client.get("/bank/mentees/", {"pair": "without"})) == ["Васина", "Гришин"]


def test_bank_rows_show_each_column_escaped(cast, client_for, bank):
    """The rows are built in Python (mentoring.rows.bank_list_rows): every
    column still reaches the page, markup in a name is escaped, and the
    consent states and badges read as before."""
    bank["pupil"].first_name = "<b>Ян</b>"
    bank["pupil"].requests = "Трудности с дробями; " * 10
    bank["pupil"].save()
    page = client_for(cast.methodist).get("/bank/mentees/").text
    assert "&lt;b&gt;Ян&lt;/b&gt;" in page and "<b>Ян</b>" not in page
    assert "01.03.2015" in page and "5А" in page
    assert f'href="/participants/{bank["pupil"].pk}/"' in page
    assert 'aria-label="Отметить: Гришин &lt;b&gt;Ян&lt;/b&gt;' in page
    assert "Трудности с дробями; Трудности" in page and "…" in page
    assert '<span class="badge text-bg-warning">ОВЗ</span>' in page
    assert '<span class="badge text-bg-danger">отозвано</span>' in page  # Васина
    mentors = client_for(cast.methodist).get("/bank/mentors/").text
    assert '<span class="badge text-bg-success">есть</span>' in mentors  # Аксёнова
    assert "Математика" in mentors and ">12<" in mentors
    potential = client_for(cast.methodist).get("/bank/potential-mentors/").text
    assert "не проводилось" in potential
    empty = client_for(cast.methodist).get("/bank/mentees/?q=Никогонет").text
    assert "Никого не найдено." in empty


def test_first_rows_keeps_the_order_and_the_annotations(cast, django_assert_num_queries):
    """figures.first_rows: the first N rows of an annotated list, id-first
    (the matching page's waiting list), in the list's order, in two queries."""
    from mentoring.figures import first_rows

    for n, last in enumerate(["Яковлев", "Абрамов", "Петров", "Борисов", "Орлов"]):
        person = ParticipantFactory(organization=cast.school, last_name=last, is_mentee=True)
        if n % 2:
            give(person)
    listed = (
        Participant.objects.of(cast.school)
        .mentees()
        .with_consent_state()
        .order_by("last_name", "pk")
    )
    with django_assert_num_queries(2):
        rows = first_rows(listed, 3)
    assert [p.last_name for p in rows] == ["Абрамов", "Борисов", "Орлов"]
    assert [p.has_processing_consent for p in rows] == [
        p.has_processing_consent for p in listed[:3]
    ]
    assert first_rows(listed.filter(last_name="Никто"), 3) == []


def test_filter_bar_keeps_no_typed_value_between_requests(cast, client_for, bank):
    """The unfiltered filter bar is rendered once per process
    (views.banks.filter_fields); a typed filter is shown to its request
    only, with its errors, and never reaches another page view."""
    client = client_for(cast.methodist)
    plain = client.get("/bank/mentees/").text
    assert 'name="q"' in plain and "Аксёнова" not in plain
    searched = client.get("/bank/mentees/?q=Гриш&target_group=nonsense").text
    assert 'value="Гриш"' in searched
    assert 'class="small text-danger" role="alert"' in searched
    again = client.get("/bank/mentees/?page=1").text
    assert 'Гриш"' not in again and 'role="alert">' not in again.split("filter-form")[1][:4000]
    mentors = client.get("/bank/mentors/").text
    assert 'name="mentor_status"' in mentors and 'name="mentor_status"' not in plain
