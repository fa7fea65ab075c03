import datetime
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.factories import make_pair, mentee_participant, mentor_participant
from mentoring.models import Meeting, PlanItem
from mentoring.services.mentorships import (
    STALE_MESSAGE,
    StaleEditError,
    plan_item_save,
    program_update,
)

TODAY = timezone.localdate()


@pytest.fixture
def pair(cast):
    """An agreed pair whose lead mentor is cast.mentor and mentee cast.mentee."""
    mentor = mentor_participant(
        cast.school,
        user=cast.mentor,
        last_name="Светлова",
        first_name="Анна",
        patronymic="Ильинична",
    )
    mentee = mentee_participant(
        cast.school, user=cast.mentee, last_name="Ростов", first_name="Пётр", patronymic="Ильич"
    )
    return make_pair(cast.school, mentor=mentor, mentee=mentee, by=cast.methodist, agreed=True)


def items_of(mentorship):
    return list(mentorship.program.items.order_by("position"))


def item_url(mentorship, item):
    return f"/mentorships/{mentorship.pk}/program/items/{item.pk}/edit/"


def item_data(item, **changes):
    data = {
        "title": item.title,
        "starts_on": item.starts_on.isoformat() if item.starts_on else "",
        "due_on": item.due_on.isoformat(),
        "responsible": item.responsible,
        "expected_result": item.expected_result,
        "status": item.status,
        "result": item.result,
        "version": item.version,
    }
    return {**data, **changes}


HTMX = {"HTTP_HX_REQUEST": "true"}


# --- the programme from the template -------------------------------------------


def test_programme_starts_from_the_organisations_template(pair):
    program = pair.program
    assert "Разносторонняя поддержка" in program.goals
    items = items_of(pair)
    assert items[0].title == "Знакомство, диагностика затруднений и запросов"
    assert items[0].responsible == "Светлова А. И."
    assert all(pair.planned_start <= i.due_on <= pair.planned_end for i in items)


def test_progress_counts_done_items_and_ignores_cancelled(pair, cast):
    items = items_of(pair)
    assert pair.program.progress() == 0
    for item in items[:2]:
        plan_item_save(
            program=pair.program, item=item, data={"status": "done"}, version=1, by=cast.mentor
        )
    plan_item_save(
        program=pair.program, item=items[2], data={"status": "cancelled"}, version=1, by=cast.mentor
    )
    assert pair.program.progress() == 40  # 2 of 5 counted


def test_overdue_items_are_highlighted_with_words(pair, cast, client_for):
    item = items_of(pair)[0]
    PlanItem.objects.filter(pk=item.pk).update(
        starts_on=TODAY - datetime.timedelta(days=20), due_on=TODAY - datetime.timedelta(days=1)
    )
    item.refresh_from_db()
    assert item.is_overdue()
    response = client_for(cast.methodist).get(f"/mentorships/{pair.pk}/program/")
    row = response.text[response.text.index(f'<tr id="item-{item.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "table-danger" in row and "просрочено" in row
    assert "просрочено: 1" in response.text
    plan_item_save(
        program=pair.program, item=item, data={"status": "done", "result": "Карта"}, by=cast.mentor
    )
    item.refresh_from_db()
    assert not item.is_overdue()


# --- stale edits ----------------------------------------------------------------


def test_second_save_of_a_plan_item_gets_a_conflict_and_the_first_survives(pair, cast):
    item = items_of(pair)[0]
    plan_item_save(
        program=pair.program,
        item=item,
        data={"status": "in_progress", "result": "первый"},
        version=1,
        by=cast.mentor,
    )
    with pytest.raises(StaleEditError):
        plan_item_save(
            program=pair.program,
            item=item,
            data={"status": "cancelled", "result": "второй"},
            version=1,
            by=cast.methodist,
        )
    item.refresh_from_db()
    assert (item.status, item.result, item.version) == ("in_progress", "первый", 2)


def test_two_editors_in_the_browser_the_second_sees_the_conflict_in_the_row(pair, cast, client_for):
    item = items_of(pair)[0]
    seen = item_data(item)
    first = client_for(cast.mentor).post(
        item_url(pair, item), {**seen, "status": "in_progress", "result": "начали"}, **HTMX
    )
    assert first.status_code == 200 and "Выполняется" in first.text
    second = client_for(cast.methodist).post(
        item_url(pair, item), {**seen, "title": "Другое название"}, **HTMX
    )
    assert "Запись изменил другой пользователь" in second.text
    assert "начали" in second.text  # the row shows the first edit
    item.refresh_from_db()
    assert (item.title, item.result) == (seen["title"], "начали")


def test_stale_plan_item_without_htmx_redirects_with_the_message(pair, cast, client_for):
    item = items_of(pair)[0]
    client = client_for(cast.mentor)
    client.post(item_url(pair, item), item_data(item, status="in_progress"))
    response = client.post(item_url(pair, item), item_data(item, result="x"), follow=True)
    assert STALE_MESSAGE in response.text


def test_programme_goals_stale_edit_is_refused(pair, cast, client_for):
    program = pair.program
    program_update(program=program, data={"goals": "Первая правка"}, version=1, by=cast.mentor)
    with pytest.raises(StaleEditError):
        program_update(program=program, data={"goals": "Вторая"}, version=1, by=cast.methodist)
    response = client_for(cast.methodist).post(
        f"/mentorships/{pair.pk}/program/edit/",
        {"goals": "Третья", "tasks": "т", "version": 1},
        follow=True,
    )
    assert STALE_MESSAGE in response.text
    program.refresh_from_db()
    assert program.goals == "Первая правка"


# --- who updates what -----------------------------------------------------------


def test_mentor_fills_a_plan_item_in_place(pair, cast, client_for):
    item = items_of(pair)[0]
    client = client_for(cast.mentor)
    form_row = client.get(item_url(pair, item), **HTMX)
    assert 'hx-post="' in form_row.text and 'name="title"' in form_row.text
    response = client.post(
        item_url(pair, item),
        item_data(item, status="done", result="Карта затруднений составлена"),
        **HTMX,
    )
    assert response.text.lstrip().startswith("<tr")
    assert "Карта затруднений составлена" in response.text
    item.refresh_from_db()
    assert (item.status, item.done_on, item.version) == ("done", TODAY, 2)
    assert item.history.first().history_user == cast.mentor


def test_done_needs_a_result(pair, cast, client_for):
    item = items_of(pair)[0]
    response = client_for(cast.mentor).post(
        item_url(pair, item), item_data(item, status="done", result=""), **HTMX
    )
    assert "Опишите результат" in response.text
    item.refresh_from_db()
    assert item.status == "planned"


def test_due_before_start_is_refused(pair, cast, client_for):
    item = items_of(pair)[0]
    response = client_for(cast.mentor).post(
        item_url(pair, item), item_data(item, starts_on="2027-02-01", due_on="2027-01-01"), **HTMX
    )
    assert "Срок не может быть раньше начала" in response.text


def test_mentee_updates_status_and_result_but_not_the_title(pair, cast, client_for):
    item = items_of(pair)[0]
    client = client_for(cast.mentee)
    form_row = client.get(item_url(pair, item), **HTMX).text
    assert 'name="title"' not in form_row and 'name="result"' in form_row
    client.post(
        item_url(pair, item),
        item_data(item, title="Взлом", status="in_progress", result="читаю"),
        **HTMX,
    )
    item.refresh_from_db()
    assert (item.title, item.status, item.result) != ("Взлом", "in_progress", "читаю")
    assert (item.status, item.result) == ("in_progress", "читаю")
    assert item.title != "Взлом"


def test_mentee_cannot_add_or_delete_items_nor_log_meetings(pair, cast, client_for):
    client = client_for(cast.mentee)
    item = items_of(pair)[0]
    assert client.get(f"/mentorships/{pair.pk}/program/items/new/").status_code == 403
    assert client.post(f"/mentorships/{pair.pk}/program/items/{item.pk}/delete/").status_code == 403
    assert client.get(f"/mentorships/{pair.pk}/meetings/new/").status_code == 403
    assert client.get(f"/mentorships/{pair.pk}/program/edit/").status_code == 403


def test_mentor_adds_an_item_and_methodist_deletes_one(pair, cast, client_for):
    response = client_for(cast.mentor).post(
        f"/mentorships/{pair.pk}/program/items/new/",
        {"title": "Открытый урок", "due_on": "2026-12-15", "status": "planned"},
    )
    assert response.status_code == 302
    added = PlanItem.objects.get(title="Открытый урок")
    assert added.position == 7
    assert (
        client_for(cast.mentor)
        .post(f"/mentorships/{pair.pk}/program/items/{added.pk}/delete/")
        .status_code
        == 403
    )
    client_for(cast.methodist).post(f"/mentorships/{pair.pk}/program/items/{added.pk}/delete/")
    assert not PlanItem.objects.filter(pk=added.pk).exists()


def test_item_of_another_programme_is_404(pair, cast, client_for):
    other = make_pair(cast.school)
    foreign_item = items_of(other)[0]
    response = client_for(cast.methodist).get(item_url(pair, foreign_item))
    assert response.status_code == 404


def test_mentor_cannot_touch_another_pairs_programme(pair, cast, client_for):
    other = make_pair(cast.school)
    response = client_for(cast.mentor).get(item_url(other, items_of(other)[0]))
    assert response.status_code == 404


def test_director_reads_but_does_not_edit_the_programme(pair, cast, client_for):
    client = client_for(cast.director)
    page = client.get(f"/mentorships/{pair.pk}/program/").text
    assert "Знакомство, диагностика" in page and "hx-get" not in page
    assert client.get(item_url(pair, items_of(pair)[0])).status_code == 403


def test_ended_pair_programme_is_read_only(pair, cast, client_for):
    from mentoring.services.mentorships import mentorship_end

    mentorship_end(mentorship=pair, status="terminated", reason="Отказ", by=cast.methodist)
    assert client_for(cast.mentor).get(item_url(pair, items_of(pair)[0])).status_code == 403


# --- PDF ----------------------------------------------------------------------


def test_programme_pdf_has_the_title_the_people_and_the_plan(pair, cast, client_for):
    item = items_of(pair)[0]
    plan_item_save(
        program=pair.program,
        item=item,
        data={"title": "Диагностика профессиональных затруднений"},
        version=1,
        by=cast.mentor,
    )
    response = client_for(cast.mentee).get(f"/mentorships/{pair.pk}/program.pdf")
    assert response["Content-Type"] == "application/pdf"
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is required"
    text = subprocess.run(  # noqa: S603 - a fixed local tool on our own bytes
        [tool, "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    # Words hyphenated at a line end (WeasyPrint puts U+2010) are joined back.
    text = " ".join(re.sub("\u2010\n\\s*", "", text).split())
    assert "Персонализированная программа наставничества" in text
    assert "Светлова Анна Ильинична" in text
    assert "Ростов Пётр Ильич" in text
    assert "Диагностика профессиональных затруднений" in text
    assert "УТВЕРЖДАЮ" in text and "Директорова" in text
    assert "Педагог – молодой специалист" in text


# --- meetings -----------------------------------------------------------------


def test_mentor_logs_a_meeting_with_who_attended(pair, cast, client_for):
    mentor, mentee = pair.lead_mentor, pair.mentees[0]
    response = client_for(cast.mentor).post(
        f"/mentorships/{pair.pk}/meetings/new/",
        {
            "held_on": TODAY.isoformat(),
            "format": "in_person",
            "topic": "Разбор урока",
            "notes": "Обсудили дисциплину",
            "attendees": [mentor.pk, mentee.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert set(meeting.attendees.all()) == {mentor, mentee}
    assert meeting.created_by == cast.mentor
    page = client_for(cast.mentee).get(f"/mentorships/{pair.pk}/").text
    assert "Разбор урока" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": "2099-01-01"}, "дата в будущем"),
        ({"held_on": "вчера"}, "Введите правильную дату"),
        ({"topic": ""}, "Обязательное поле"),
        ({"attendees": ["999999"]}, "Выберите корректный вариант"),
    ],
)
def test_bad_meeting_input_is_refused(pair, cast, client_for, changes, message):
    data = {"held_on": TODAY.isoformat(), "format": "online", "topic": "Тема", **changes}
    response = client_for(cast.mentor).post(f"/mentorships/{pair.pk}/meetings/new/", data)
    assert message in response.text
    assert not Meeting.objects.exists()


def test_meetings_of_a_proposed_pair_are_refused(cast):
    from mentoring.services.mentorships import meeting_log

    proposed = make_pair(cast.school)
    with pytest.raises(ValidationError, match="согласованных и действующих"):
        meeting_log(
            mentorship=proposed,
            data={"held_on": TODAY, "format": "online", "topic": "x"},
            attendees=[],
            by=cast.methodist,
        )


# --- cabinet and home -----------------------------------------------------------


def test_cabinet_lists_my_pairs_overdue_and_upcoming_items_and_meetings(pair, cast, client_for):
    items = items_of(pair)
    PlanItem.objects.filter(pk=items[0].pk).update(
        starts_on=None, due_on=TODAY - datetime.timedelta(days=3)
    )
    PlanItem.objects.filter(pk=items[1].pk).update(
        starts_on=None, due_on=TODAY + datetime.timedelta(days=5)
    )
    Meeting.objects.create(mentorship=pair, held_on=TODAY, format="online", topic="Первая встреча")
    other = make_pair(cast.school)  # not mine
    response = client_for(cast.mentor).get("/cabinet/")
    context = response.context
    assert [p.pk for p in context["pairs"]] == [pair.pk]
    assert [i.pk for i in context["overdue"]] == [items[0].pk]
    assert items[1].pk in [i.pk for i in context["upcoming"]]
    assert "Первая встреча" in response.text
    assert f"/mentorships/{pair.pk}/program/" in response.text
    assert f"/mentorships/{other.pk}/" not in response.text
    assert "Наставник (ведущий)" in response.text.replace(
        "наставник (ведущий)", "Наставник (ведущий)"
    )


def test_mentee_cabinet_shows_the_pair_too(pair, cast, client_for):
    response = client_for(cast.mentee).get("/cabinet/")
    assert [p.pk for p in response.context["pairs"]] == [pair.pk]


def test_user_without_a_participant_card_gets_an_explanation(cast, client_for):
    response = client_for(cast.mentor).get("/cabinet/")
    assert response.status_code == 200
    assert "не связана с карточкой участника" in response.text


def test_participant_home_shows_the_work_queue(pair, cast, client_for):
    PlanItem.objects.filter(pk=items_of(pair)[0].pk).update(
        starts_on=None, due_on=TODAY - datetime.timedelta(days=3)
    )
    response = client_for(cast.mentor).get("/")
    assert "Моя работа" in response.text
    assert "просрочено" in response.text
    assert "Открыть мой кабинет" in response.text


def test_inline_edit_brings_the_new_completion_out_of_band(pair, cast, client_for):
    item = items_of(pair)[0]
    reply = client_for(cast.mentor).post(
        item_url(pair, item), item_data(item, status="done", result="проведено"), **HTMX
    )
    assert reply.status_code == 200
    oob = reply.text[reply.text.index('<div id="program-progress" hx-swap-oob="true"') :]
    assert "17%" in oob and pair.program.progress() == 17  # 1 of 6 done
    # A conflict shows the row only: nothing was saved.
    stale = client_for(cast.methodist).post(item_url(pair, item), item_data(item), **HTMX)
    assert "hx-swap-oob" not in stale.text
