import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.factories import (
    ConsentFactory,
    MentoringFormFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.models import (
    MentoringForm,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    Order,
    TargetGroup,
)
from mentoring.services.mentorships import (
    STALE_MESSAGE,
    StaleEditError,
    activation_errors,
    mentorship_agree,
    mentorship_end,
    mentorship_propose,
    mentorship_update,
)


def propose(cast, mentor, mentees, form=None):
    return mentorship_propose(
        organization=cast.school,
        form=form or MentoringFormFactory(organization=cast.school),
        lead_mentor=mentor,
        mentees=mentees,
        by=cast.methodist,
    )


def messages_of(error):
    return " ".join(error.value.messages)


def force_active(mentorship):
    """What an approved pairing order does (orders are another area)."""
    order = Order.objects.create(
        organization=mentorship.organization, kind="pairing", title="О закреплении пар"
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=MentorshipStatus.ACTIVE, order=order, activated_on=timezone.localdate()
    )
    MentorshipMember.objects.filter(mentorship=mentorship).update(active=True)
    mentorship.refresh_from_db()
    return mentorship


# --- rules ------------------------------------------------------------------


def test_proposal_creates_the_pair_its_members_and_its_programme(cast):
    mentor = mentor_participant(cast.school, last_name="Сидорова")
    mentee = mentee_participant(cast.school, last_name="Юрьев")
    mentorship = propose(cast, mentor, [mentee])
    assert mentorship.status == MentorshipStatus.PROPOSED
    assert mentorship.lead_mentor == mentor
    assert mentorship.mentees == [mentee]
    assert str(mentorship) == f"{mentor.full_name} — {mentee.full_name}"
    assert mentorship.program.items.count() == 6
    assert mentorship.created_by == cast.methodist
    assert set(
        MentorshipMember.objects.filter(mentorship=mentorship).values_list("form", flat=1)
    ) == {mentorship.form_id}


def test_capacity_exceeded_is_refused_naming_the_mentor(cast):
    mentor = mentor_participant(cast.school, last_name="Занятова", capacity=1)
    propose(cast, mentor, [mentee_participant(cast.school)])
    with pytest.raises(ValidationError) as error:
        propose(cast, mentor, [mentee_participant(cast.school)])
    assert "Занятова Иван Сергеевич: свободных мест у наставника 0" in messages_of(error)


def test_group_larger_than_free_places_is_refused(cast):
    mentor = mentor_participant(cast.school, capacity=2)
    mentees = [mentee_participant(cast.school) for _ in range(3)]
    with pytest.raises(ValidationError) as error:
        propose(cast, mentor, mentees)
    assert "наставляемых в паре или группе 3" in messages_of(error)


def test_ended_mentorship_frees_the_place(cast):
    mentor = mentor_participant(cast.school, capacity=1)
    first = propose(cast, mentor, [mentee_participant(cast.school)])
    mentorship_end(
        mentorship=first, status=MentorshipStatus.TERMINATED, reason="Переезд", by=cast.methodist
    )
    assert propose(cast, mentor, [mentee_participant(cast.school)]).pk


def test_mentee_in_two_open_mentorships_of_one_form_is_refused(cast):
    mentee = mentee_participant(cast.school, last_name="Дважды")
    propose(cast, mentor_participant(cast.school), [mentee])
    with pytest.raises(ValidationError) as error:
        propose(cast, mentor_participant(cast.school), [mentee])
    assert "Дважды Иван Сергеевич уже в паре или группе формы" in messages_of(error)


def test_mentee_may_be_in_pairs_of_two_different_forms(cast):
    mentee = mentee_participant(cast.school)
    other = MentoringFormFactory(organization=cast.school, name="Своя форма", mentee_groups=[])
    propose(cast, mentor_participant(cast.school), [mentee])
    assert propose(cast, mentor_participant(cast.school), [mentee], form=other).pk


def test_database_refuses_a_mentee_in_two_active_mentorships_of_one_form(cast):
    mentee = mentee_participant(cast.school)
    first = force_active(make_pair(cast.school, mentee=mentee))
    # The service refuses a second open pair; force one past it.
    second = make_pair(cast.school, mentee=mentee_participant(cast.school))
    MentorshipMember.objects.filter(mentorship=second, role="mentee").update(participant=mentee)
    assert first.status == MentorshipStatus.ACTIVE
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipMember.objects.filter(mentorship=second).update(active=True)


def test_database_refuses_an_active_mentorship_without_an_order(cast):
    mentorship = make_pair(cast.school)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.ACTIVE)


def test_mentor_without_processing_consent_cannot_be_proposed(cast):
    mentor = mentor_participant(cast.school, last_name="Безсогласия", consents=())
    with pytest.raises(ValidationError) as error:
        propose(cast, mentor, [mentee_participant(cast.school)])
    assert (
        "Безсогласия Иван Сергеевич: согласие на обработку персональных данных не получено"
        in messages_of(error)
    )


def test_withdrawn_consent_blocks_proposing(cast):
    mentee = mentee_participant(cast.school, last_name="Отозвал", consents=())
    consent = ConsentFactory(participant=mentee, given_on=datetime.date(2025, 9, 1))
    consent.withdrawn_on = timezone.localdate()
    consent.save()
    with pytest.raises(ValidationError) as error:
        propose(cast, mentor_participant(cast.school), [mentee])
    assert "Отозвал Иван Сергеевич: согласие на обработку персональных данных отозвано" in (
        messages_of(error)
    )


def test_target_group_not_allowed_by_the_form_is_refused(cast):
    teacher = mentee_participant(
        cast.school, last_name="Учителева", target_group=TargetGroup.TEACHER
    )
    with pytest.raises(ValidationError) as error:
        propose(cast, mentor_participant(cast.school), [teacher])
    assert "Учителева Иван Сергеевич: целевая группа «Педагогический работник» не подходит" in (
        messages_of(error)
    )


def test_another_organisations_people_are_refused(cast):
    with pytest.raises(ValidationError):
        propose(cast, mentor_participant(cast.other_school), [mentee_participant(cast.school)])


def test_activation_needs_duties_consent_of_each_mentor(cast):
    mentor = mentor_participant(cast.school, last_name="Безобязанностей", consents=["processing"])
    mentorship = Mentorship.objects.with_people().get(pk=make_pair(cast.school, mentor=mentor).pk)
    errors = activation_errors([mentorship])
    assert len(errors) == 1
    assert "у наставника Безобязанностей Иван Сергеевич нет согласия на выполнение" in errors[0]


# --- status workflow ------------------------------------------------------------


def test_status_moves_proposed_agreed_and_not_back(cast):
    mentorship = make_pair(cast.school)
    agreed = mentorship_agree(mentorship=mentorship, by=cast.methodist)
    assert agreed.status == MentorshipStatus.AGREED
    assert agreed.version == 2
    with pytest.raises(ValidationError, match="«Согласована»: действие недоступно"):
        mentorship_agree(mentorship=agreed, by=cast.methodist)


def test_only_an_active_mentorship_can_be_completed(cast):
    mentorship = make_pair(cast.school)
    with pytest.raises(ValidationError, match="действие недоступно"):
        mentorship_end(
            mentorship=mentorship, status=MentorshipStatus.COMPLETED, reason="", by=cast.methodist
        )
    force_active(mentorship)
    done = mentorship_end(
        mentorship=mentorship,
        status=MentorshipStatus.COMPLETED,
        reason="Программа выполнена",
        by=cast.methodist,
    )
    assert done.status == MentorshipStatus.COMPLETED
    assert done.ended_by == cast.methodist
    assert done.ended_on == timezone.localdate()
    assert not MentorshipMember.objects.filter(mentorship=done, active=True).exists()


def test_termination_needs_a_reason(cast):
    mentorship = make_pair(cast.school)
    with pytest.raises(ValidationError, match="Укажите причину"):
        mentorship_end(
            mentorship=mentorship,
            status=MentorshipStatus.TERMINATED,
            reason="  ",
            by=cast.methodist,
        )
    ended = mentorship_end(
        mentorship=mentorship,
        status=MentorshipStatus.TERMINATED,
        reason="Наставник уволился",
        by=cast.methodist,
    )
    assert ended.status == MentorshipStatus.TERMINATED
    assert ended.end_reason == "Наставник уволился"
    with pytest.raises(ValidationError):
        mentorship_end(
            mentorship=ended, status=MentorshipStatus.TERMINATED, reason="ещё", by=cast.methodist
        )


def test_second_save_of_a_mentorship_gets_a_conflict_and_the_first_survives(cast):
    mentorship = make_pair(cast.school)
    first_end = datetime.date(2027, 5, 1)
    mentorship_update(
        mentorship=mentorship,
        data={"planned_end": first_end},
        version=mentorship.version,
        by=cast.methodist,
    )
    with pytest.raises(StaleEditError):
        mentorship_update(
            mentorship=mentorship,
            data={"planned_end": datetime.date(2027, 4, 1)},
            version=mentorship.version,
            by=cast.coordinator,
        )
    mentorship.refresh_from_db()
    assert mentorship.planned_end == first_end


# --- pages ------------------------------------------------------------------


def test_two_editors_of_a_mentorship_page_the_second_gets_a_clear_message(cast, client_for):
    mentorship = make_pair(cast.school)
    start = mentorship.planned_start
    data = {"title": "", "planned_start": start, "version": mentorship.version}
    client = client_for(cast.methodist)
    response = client.post(
        f"/mentorships/{mentorship.pk}/edit/", {**data, "planned_end": "2027-05-01"}
    )
    assert response.status_code == 302
    client = client_for(cast.coordinator)
    response = client.post(
        f"/mentorships/{mentorship.pk}/edit/", {**data, "planned_end": "2027-04-01"}, follow=True
    )
    assert STALE_MESSAGE in response.text
    mentorship.refresh_from_db()
    assert mentorship.planned_end == datetime.date(2027, 5, 1)


def test_edit_refuses_an_end_before_the_start(cast, client_for):
    mentorship = make_pair(cast.school)
    response = client_for(cast.methodist).post(
        f"/mentorships/{mentorship.pk}/edit/",
        {
            "planned_start": "2026-10-01",
            "planned_end": "2026-09-01",
            "version": mentorship.version,
        },
    )
    assert "Окончание не может быть раньше начала" in response.text


def test_methodist_proposes_from_the_matching_list(cast, client_for):
    form = MentoringFormFactory(organization=cast.school)
    mentor = mentor_participant(cast.school, last_name="Кандидатова")
    mentee = mentee_participant(cast.school, last_name="Новичков")
    response = client_for(cast.methodist).post(
        "/mentorships/propose/", {"form": form.pk, "lead_mentor": mentor.pk, "mentees": [mentee.pk]}
    )
    mentorship = Mentorship.objects.get()
    assert response["Location"] == f"/mentorships/{mentorship.pk}/"
    assert mentorship.lead_mentor == mentor and mentorship.mentees == [mentee]


def test_refused_proposal_goes_back_to_matching_naming_the_person(cast, client_for):
    form = MentoringFormFactory(organization=cast.school)
    mentor = mentor_participant(cast.school, last_name="Безсогласия", consents=())
    mentee = mentee_participant(cast.school)
    response = client_for(cast.methodist).post(
        "/mentorships/propose/",
        {"form": form.pk, "lead_mentor": mentor.pk, "mentees": [mentee.pk]},
        follow=True,
    )
    assert response.redirect_chain[0][0] == f"/matching/?form={form.pk}&mentees={mentee.pk}"
    assert "Безсогласия Иван Сергеевич: согласие на обработку" in response.text
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"lead_mentor": "x"},
        {"mentees": ["abc"]},
        {"form": "999999"},
    ],
)
def test_propose_with_bad_ids_is_404(cast, client_for, bad):
    form = MentoringFormFactory(organization=cast.school)
    data = {
        "form": form.pk,
        "lead_mentor": mentor_participant(cast.school).pk,
        "mentees": [mentee_participant(cast.school).pk],
        **bad,
    }
    assert client_for(cast.methodist).post("/mentorships/propose/", data).status_code == 404


def test_agree_and_terminate_from_the_pages_show_in_the_status_history(cast, client_for):
    mentorship = make_pair(cast.school)
    client = client_for(cast.methodist)
    client.post(f"/mentorships/{mentorship.pk}/agree/", {"version": mentorship.version})
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.AGREED

    response = client.post(
        f"/mentorships/{mentorship.pk}/end/",
        {"status": "terminated", "reason": "", "on_date": "2026-01-01", "version": 2},
    )
    assert "Укажите причину прекращения" in response.text
    response = client.post(
        f"/mentorships/{mentorship.pk}/end/",
        {
            "status": "terminated",
            "reason": "Наставляемый перешёл в другую школу",
            "on_date": timezone.localdate().isoformat(),
            "version": 2,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/mentorships/{mentorship.pk}/").text
    history = page[page.index("История статусов") :]
    assert history.index("Предложена") < history.index("Согласована") < history.index("Прекращена")
    assert "Наставляемый перешёл в другую школу" in history
    assert "Методистова" in history


def test_agree_with_a_stale_version_is_refused(cast, client_for):
    mentorship = make_pair(cast.school)
    mentorship_update(
        mentorship=mentorship, data={"title": "Группа"}, version=1, by=cast.coordinator
    )
    response = client_for(cast.methodist).post(
        f"/mentorships/{mentorship.pk}/agree/", {"version": 1}, follow=True
    )
    assert STALE_MESSAGE in response.text
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.PROPOSED


def test_detail_shows_what_blocks_activation(cast, client_for):
    mentor = mentor_participant(cast.school, last_name="Безобязанностей", consents=["processing"])
    mentorship = make_pair(cast.school, mentor=mentor)
    page = client_for(cast.methodist).get(f"/mentorships/{mentorship.pk}/").text
    assert "До приказа о закреплении нужно" in page
    assert "нет согласия на выполнение дополнительных обязанностей" in page


def test_member_reads_own_mentorship_and_gets_404_for_another(cast, client_for):
    mine = make_pair(cast.school, mentor=mentor_participant(cast.school, user=cast.mentor))
    other = make_pair(cast.school)
    client = client_for(cast.mentor)
    assert client.get(f"/mentorships/{mine.pk}/").status_code == 200
    assert client.get(f"/mentorships/{other.pk}/").status_code == 404
    assert client.get(f"/mentorships/{other.pk}/program/").status_code == 404
    assert client.get(f"/mentorships/{other.pk}/program.pdf").status_code == 404


def test_mentee_reads_own_mentorship_without_manager_buttons(cast, client_for):
    mine = make_pair(cast.school, mentee=mentee_participant(cast.school, user=cast.mentee))
    page = client_for(cast.mentee).get(f"/mentorships/{mine.pk}/").text
    assert "Согласовать" not in page
    assert "Записать встречу" not in page
    assert "Открыть программу" in page


def test_other_organisations_methodist_gets_404(cast, client_for):
    mentorship = make_pair(cast.school)
    assert client_for(cast.other_methodist).get(f"/mentorships/{mentorship.pk}/").status_code == 404


def test_list_filters_by_status_form_and_name(cast, client_for):
    first = make_pair(cast.school, mentee=mentee_participant(cast.school, last_name="Ёжикова"))
    make_pair(cast.school, agreed=True)
    client = client_for(cast.methodist)
    page = client.get("/mentorships/", {"status": "agreed"})
    assert len(page.context["page"].object_list) == 1
    page = client.get("/mentorships/", {"q": "ёжик"})
    assert [m.pk for m in page.context["page"].object_list] == [first.pk]
    page = client.get("/mentorships/", {"form": first.form_id})
    assert len(page.context["page"].object_list) == 2
    assert client.get("/mentorships/", {"status": "martian"}).status_code == 200


def _list_queries(cast, client, count):
    form = MentoringFormFactory(organization=cast.school)
    for _ in range(count - Mentorship.objects.count()):
        make_pair(cast.school, form=form)
    client.get("/mentorships/")  # the session and the organisation are settled
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/mentorships/", {"page": 1})
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_is_the_same_for_5_and_50_pairs(cast, client_for, settings):
    client = client_for(cast.methodist)
    five = _list_queries(cast, client, 5)
    fifty = _list_queries(cast, client, 50)
    assert five == fifty
    assert fifty <= 12


# --- forms of mentoring -----------------------------------------------------


def test_forms_page_seeds_the_standard_forms_once(cast, client_for):
    client = client_for(cast.director)
    page = client.get("/forms/").text
    for name in ("Ученик – ученик", "Работодатель – студент", "Учитель – учитель"):
        assert name in page
    count = MentoringForm.objects.filter(organization=cast.school).count()
    assert count == 9
    client.get("/forms/")
    assert MentoringForm.objects.filter(organization=cast.school).count() == count
    assert not MentoringForm.objects.filter(organization=cast.other_school).exists()


def test_organisation_adds_its_own_form_and_duplicates_are_refused(cast, client_for):
    client = client_for(cast.methodist)
    data = {
        "name": "Выпускник – ученик",
        "mentor_groups": ["employer"],
        "mentee_groups": ["school_student"],
        "mentoring_type": "situational",
        "is_active": "on",
        "position": 20,
    }
    assert client.post("/forms/", data).status_code == 302
    own = MentoringForm.objects.get(organization=cast.school, name="Выпускник – ученик")
    assert own.mentee_groups == ["school_student"]
    assert own.get_mentoring_type_display() == "Ситуационное"
    response = client.post("/forms/", {**data, "name": "выпускник –  ученик"})
    assert "уже есть" in response.text
    response = client.post("/forms/", {**data, "name": "Другая", "mentee_groups": ["martian"]})
    assert "Выберите корректный вариант" in response.text


def test_director_reads_forms_but_cannot_add(cast, client_for):
    client = client_for(cast.director)
    assert "Добавить свою форму" not in client.get("/forms/").text
    assert client.post("/forms/", {"name": "x"}).status_code == 403


def test_form_edit_saves(cast, client_for):
    form = MentoringFormFactory(organization=cast.school)
    response = client_for(cast.coordinator).post(
        f"/forms/{form.pk}/edit/",
        {"name": "Педагог – педагог", "mentor_groups": ["teacher"], "position": 1},
    )
    assert response.status_code == 302
    form.refresh_from_db()
    assert (form.name, form.is_active, form.mentee_groups) == ("Педагог – педагог", False, [])


# --- mentees without a mentor and home cards ---------------------------------------


def test_mentees_without_mentor_lists_only_those_in_no_open_pair(cast, client_for):
    waiting = mentee_participant(cast.school, last_name="Ждущий")
    paired = mentee_participant(cast.school, last_name="Впаре")
    make_pair(cast.school, mentee=paired)
    ended = mentee_participant(cast.school, last_name="Закончивший")
    mentorship_end(
        mentorship=make_pair(cast.school, mentee=ended),
        status=MentorshipStatus.TERMINATED,
        reason="Отказ",
        by=cast.methodist,
    )
    page = client_for(cast.methodist).get("/mentorships/without-mentor/").text
    assert "Ждущий" in page and "Закончивший" in page
    assert "Впаре" not in page
    assert "нуждается в психолого-педагогическом сопровождении и продолжении поиска" in page
    assert f"/matching/?mentees={waiting.pk}" in page


def test_director_sees_the_list_without_the_match_button(cast, client_for):
    mentee_participant(cast.school, last_name="Ждущий")
    page = client_for(cast.director).get("/mentorships/without-mentor/").text
    assert "Ждущий" in page and "Подобрать" not in page


def test_staff_home_card_counts_pairs_by_status(cast, client_for):
    make_pair(cast.school)
    make_pair(cast.school, agreed=True)
    mentee_participant(cast.school)
    response = client_for(cast.methodist).get("/")
    card = response.context["mentorship_card"]
    counts = {row["status"]: row["count"] for row in card["by_status"]}
    assert counts["proposed"] == 1 and counts["agreed"] == 1 and counts["active"] == 0
    assert card["without_mentor"] == 1
    assert "Пары и группы" in response.text
    # The two indicators of the card carry their definitions beside them.
    assert 'data-indicator="active_pairs">0<' in response.text
    assert 'data-indicator="without_mentor">1<' in response.text
    for code in ("active_pairs", "without_mentor"):
        assert f'href="#def-{code}"' in response.text and f'id="def-{code}"' in response.text


def test_form_save_accepts_any_group_and_refuses_unknown_codes(cast):
    from mentoring.services.mentorships import mentoring_form_save

    saved = mentoring_form_save(
        organization=cast.school,
        data={"name": "Любой с любым", "mentor_groups": [], "mentee_groups": []},
    )
    assert saved.allows_mentee(mentee_participant(cast.school))
    with pytest.raises(ValidationError, match="Неизвестные целевые группы: martian"):
        mentoring_form_save(
            organization=cast.school, data={"name": "Марс", "mentee_groups": ["martian"]}
        )


def test_admin_pages_of_mentorships_open(cast, admin_client):
    mentorship = make_pair(cast.school)
    for url in (
        "/admin/mentoring/mentorship/",
        f"/admin/mentoring/mentorship/{mentorship.pk}/change/",
        f"/admin/mentoring/personalprogram/{mentorship.program.pk}/change/",
        "/admin/mentoring/planitem/",
        "/admin/mentoring/meeting/",
        "/admin/mentoring/mentoringform/",
        "/admin/mentoring/programtemplate/",
    ):
        assert admin_client.get(url).status_code == 200, url
