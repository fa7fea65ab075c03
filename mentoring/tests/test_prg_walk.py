"""Creating forms answer a successful POST with a redirect (post/redirect/
get), so a refresh repeats a GET; and where the same thing must not exist
twice, a repeated POST of the same form creates nothing more.

Each case: (URL name, setup → (url, data, count of rows), whether a second
identical POST must create nothing). A refresh after the redirect is a GET
of the Location: it must create nothing either."""

import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.factories import (
    MentoringFormFactory,
    ParticipantFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.models import (
    Attachment,
    Award,
    CalendarFeed,
    Consent,
    ConsentText,
    Consultation,
    Event,
    ExternalCourse,
    Interview,
    Invitation,
    Material,
    MaterialCategory,
    Meeting,
    MentoringForm,
    MentoringProgram,
    Mentorship,
    News,
    Order,
    Participant,
    PlanItem,
    Portrait,
    Practice,
    TrainingGroup,
    TrainingSession,
)
from mentoring.services.consents import consent_text_default
from mentoring.services.orders import order_defaults
from mentoring.tests import activity_data
from mentoring.tests.prg import Case, walk


def _participant(cast):
    data = {
        "last_name": "Юрьева",
        "first_name": "Алиса",
        "target_group": "teacher",
        "is_mentee": "on",
        "capacity": 1,
    }
    return "/participants/new/", data, Participant.objects.count


def _interview(cast):
    mentor = ParticipantFactory(organization=cast.school, is_mentor=True, mentor_status="potential")
    url = f"/participants/{mentor.pk}/interviews/new/"
    data = {"held_on": timezone.localdate().isoformat(), "outcome": "recommended"}
    return url, data, Interview.objects.count


def _propose(cast):
    form = MentoringFormFactory(organization=cast.school)
    data = {
        "form": form.pk,
        "lead_mentor": mentor_participant(cast.school).pk,
        "mentees": [mentee_participant(cast.school).pk],
    }
    return "/mentorships/propose/", data, Mentorship.objects.count


def _agreed(cast):
    mentor = mentor_participant(cast.school, user=cast.mentor)
    return make_pair(cast.school, mentor=mentor, by=cast.methodist, agreed=True)


def _plan_item(cast):
    pair = _agreed(cast)
    url = f"/mentorships/{pair.pk}/program/items/new/"
    data = {
        "title": "Открытый урок",
        "due_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "status": "planned",
    }
    return url, data, PlanItem.objects.count


def _meeting(cast):
    pair = _agreed(cast)
    Mentorship.objects.filter(pk=pair.pk).update(
        planned_start=timezone.localdate() - timedelta(days=5)
    )
    url = f"/mentorships/{pair.pk}/meetings/new/"
    data = {"held_on": timezone.localdate().isoformat(), "format": "online", "topic": "Старт"}
    return url, data, Meeting.objects.count


def _order(cast):
    pair = _agreed(cast)
    defaults = order_defaults("pairing")
    data = {
        "title": defaults["title"],
        "preamble": defaults["preamble"],
        "points": defaults["points"],
        "appendix_title": defaults["appendix_title"],
        "mentorships": [pair.pk],
    }
    return "/orders/new/pairing/", data, Order.objects.count


def _team_invite(cast):
    data = {
        "last_name": "Новикова",
        "first_name": "Анна",
        "email": "novikova@example.org",
        "role": "mentor",
        "channel": "email",
    }
    return "/team/invite/", data, Invitation.objects.count


def _participant_invite(cast):
    person = ParticipantFactory(organization=cast.school, email="p@example.org")
    return f"/participants/{person.pk}/invite/", {"channel": "email"}, Invitation.objects.count


def _bulk_consents(cast):
    people = [ParticipantFactory(organization=cast.school) for _ in range(2)]
    text = consent_text_default(cast.school, "processing")
    data = {
        "action": "consents",
        "given_on": timezone.localdate().isoformat(),
        "text": text.pk,
        "selected": [p.pk for p in people],
    }
    return "/bank/mentees/bulk/", data, Consent.objects.count


def _campaign(cast):
    from surveys.models import Campaign
    from surveys.tests.helpers import person, survey_with

    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    people = [person(cast.school)]
    data = {
        "submit_token": "one-opened-form",
        "title": "Рассылка",
        "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "audience_kind": "participants",
        "participants": [p.pk for p in people],
        "role": "all",
    }
    return f"/surveys/{survey.pk}/send/", data, Campaign.objects.count


# name: (setup, user, a second identical POST creates nothing)
CREATING = {
    "mentoring:participant_create": (_participant, "methodist", True),
    "mentoring:interview_create": (_interview, "methodist", False),
    "mentoring:mentorship_propose": (_propose, "methodist", True),
    "mentoring:plan_item_create": (_plan_item, "methodist", False),
    "mentoring:meeting_create": (_meeting, "mentor", False),
    "mentoring:order_create": (_order, "methodist", True),
    "mentoring:team_invite": (_team_invite, "coordinator", True),
    "mentoring:participant_invite": (_participant_invite, "methodist", True),
    "mentoring:bank_bulk": (_bulk_consents, "methodist", True),
    "surveys:campaign_create": (_campaign, "methodist", True),
}


@pytest.mark.parametrize("name", sorted(CREATING))
def test_creating_form_redirects_and_a_repeat_does_not_duplicate(name, cast, client_for):
    setup, role, idempotent = CREATING[name]
    url, data, count = setup(cast)
    client = client_for(cast.by_role(role))
    before = count()
    first = client.post(url, data)
    assert first.status_code == 302, (name, first.status_code)
    created = count() - before
    assert created >= 1, name
    # A refresh after the redirect is a GET of the new page.
    client.get(first["Location"])
    assert count() - before == created, name
    if idempotent:
        client.post(url, data)
        assert count() - before == created, f"{name}: a repeated POST created again"


# --- the one-time submit token: every creating form of mentoring -----------
# name: (setup → prg.Case, user). The walk (mentoring/tests/prg.py) opens the
# form page, posts the form as the browser fills it, and posts it again.


def _consent_case(cast):
    person = ParticipantFactory(organization=cast.school)
    url = f"/participants/{person.pk}/consents/new/processing/"
    text = consent_text_default(cast.school, "processing")
    data = {
        "text": text.pk,
        "given_on": timezone.localdate().isoformat(),
        "method": Consent.Method.PAPER,
        "given_by": Consent.GivenBy.SUBJECT,
    }
    return Case(url, url, Consent.objects.count, data)


def _consent_text_case(cast):
    url = "/consent-texts/processing/new/"
    data = {"title": "Согласие на обработку персональных данных (ред. 2026)"}
    return Case(url, url, ConsentText.objects.count, data)


def _import_rows(tmp_name="список.xlsx"):
    from mentoring.tests.test_import import HEADERS, teacher

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Участники"
    sheet.append(HEADERS)
    sheet.append(teacher("Импортова"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(tmp_name, buffer.getvalue(), content_type="application/zip")


def _stored_imports():
    from django.conf import settings

    folder = Path(settings.MEDIA_ROOT) / "imports"
    return len([p for p in folder.iterdir() if p.suffix != ".json"]) if folder.exists() else 0


def _import_upload_case(cast):
    return Case("/import/", "/import/", _stored_imports, files=lambda: {"file": _import_rows()})


def _import_confirm_case(cast):
    from django.test import Client

    client = Client()
    client.force_login(cast.methodist, backend="django.contrib.auth.backends.ModelBackend")
    preview = client.post("/import/", {"file": _import_rows()})["Location"]
    return Case(preview, preview + "confirm/", Participant.objects.count)


def _propose_case(cast):
    form = MentoringFormFactory(organization=cast.school)
    mentor_participant(cast.school)
    mentee = mentee_participant(cast.school)
    page = f"/matching/?form={form.pk}&mentees={mentee.pk}"
    return Case(page, "/mentorships/propose/", Mentorship.objects.count)


def _own_page(setup_old):
    """A case of the older table whose form page is where it posts."""

    def setup(cast):
        url, data, count = setup_old(cast)
        return Case(url, url, count, data)

    return setup


def _order_case(cast):
    url, data, count = _order(cast)
    return Case(url, url, count, data)


def _training_group_case(cast):
    url = "/training/groups/new/"
    data = {"title": "Школа наставника", "starts_on": timezone.localdate().isoformat()}
    return Case(url, url, TrainingGroup.objects.count, data)


def _group(cast):
    from mentoring.services import activities

    return activities.training_group_save(
        organization=cast.school,
        data={"title": "Школа наставника", "starts_on": timezone.localdate()},
        members=[],
        by=cast.methodist,
    )


def _training_session_case(cast):
    url = f"/training/groups/{_group(cast).pk}/sessions/new/"
    data = {"held_on": timezone.localdate().isoformat(), "topic": "Роль наставника"}
    return Case(url, url, TrainingSession.objects.count, data)


def _consultation_case(cast):
    url = "/training/consultations/new/"
    data = {"held_on": timezone.localdate().isoformat(), "topic": "Как вести дневник"}
    return Case(url, url, Consultation.objects.count, data)


def _external_course_case(cast):
    url = f"/participants/{activity_data.mentor_card(cast).pk}/courses/new/"
    data = {
        "programme": "Наставничество в школе",
        "hours": "72",
        "provider": "Институт развития образования",
        "starts_on": "2025-10-01",
        "ends_on": "2025-10-20",
        "document_kind": "certificate",
        "document_number": "7723 0001",
    }
    return Case(url, url, ExternalCourse.objects.count, data)


def _event_case(cast):
    data = {
        "kind": "ped_council",
        "title": "Педсовет о наставничестве",
        "held_on": timezone.localdate().isoformat(),
        "place": "Актовый зал",
    }
    return Case("/events/new/", "/events/new/", Event.objects.count, data)


def _event_attachment_case(cast):
    event = activity_data.event(cast)
    return Case(
        f"/events/{event.pk}/",
        f"/events/{event.pk}/files/new/",
        Attachment.objects.count,
        {"title": "Протокол"},
        files=lambda: {"file": activity_data.pdf("Протокол.pdf")},
    )


def _event_news_case(cast):
    event = activity_data.event(cast)
    return Case(f"/events/{event.pk}/", f"/events/{event.pk}/news/", News.objects.count)


def _news_case(cast):
    data = {"title": "Итоги года", "body": "Текст новости"}
    return Case("/news/new/", "/news/new/", News.objects.count, data)


def _practice_case(cast):
    activity_data.mentor_card(cast)
    data = {
        "title": "Наставник на уроке",
        "authors": "Наставников П. И.",
        "description": "Как наставник посещает уроки молодого специалиста.",
        "results": "Молодой специалист провёл открытый урок.",
    }
    return Case(
        "/practices/new/",
        "/practices/new/",
        Practice.objects.count,
        data,
        files=lambda: {"uploads": activity_data.pdf()},
    )


def _material_case(cast):
    from mentoring.services import activities

    category = activities.material_category_create(
        organization=cast.school, name="Ссылки", by=cast.methodist
    )
    data = {
        "category": category.pk,
        "title": "Методические рекомендации",
        "url": "https://example.org/r145",
        "visibility": "public",
    }
    return Case("/materials/new/", "/materials/new/", Material.objects.count, data)


def _material_category_case(cast):
    url = "/materials/categories/"
    return Case(url, url, MaterialCategory.objects.count, {"name": "Памятки"})


def _award_case(cast):
    mentor = activity_data.mentor_card(cast)
    data = {
        "participant": mentor.pk,
        "title": "Благодарность директора",
        "awarded_on": timezone.localdate().isoformat(),
        "level": "organization",
    }
    return Case("/honour-board/awards/new/", "/honour-board/awards/new/", Award.objects.count, data)


def _portrait_case(cast):
    mentor = activity_data.mentor_card(cast)
    return Case(
        "/honour-board/photos/new/",
        "/honour-board/photos/new/",
        Portrait.objects.count,
        {"participant": mentor.pk},
        files=lambda: {"photo": activity_data.png()},
    )


def _calendar_case(cast):
    return Case("/calendar/", "/calendar/new/", CalendarFeed.objects.count)


def _team_invite_case(cast):
    url, data, count = _team_invite(cast)
    return Case(f"/organizations/{cast.school.slug}/", url, count, data)


def _participant_invite_case(cast):
    url, data, count = _participant_invite(cast)
    return Case(url.removesuffix("invite/"), url, count, data)


def _bank_bulk_case(cast):
    url, data, count = _bulk_consents(cast)
    return Case("/bank/mentees/", url, count, data)


def _cohort_case(cast):
    form = MentoringFormFactory(organization=cast.school)
    mentor = mentor_participant(cast.school)
    mentee = mentee_participant(cast.school)
    return Case(
        f"/matching/cohort/?form={form.pk}",
        "/matching/cohort/",
        Mentorship.objects.count,
        {"form": form.pk, f"mentor_{mentee.pk}": mentor.pk},
    )


def _program_case(cast):
    data = {
        "forms_": [MentoringFormFactory(organization=cast.school).pk],
        "title": "Программа «Учитель – учитель»",
        "starts_on": "2026-09-01",
        "ends_on": "2027-05-31",
        "participants_planned": 10,
    }
    url = "/mentoring-programs/"
    return Case(url, url, MentoringProgram.objects.count, data)


def _mentoring_form_case(cast):
    data = {
        "name": "Выпускник – ученик",
        "mentor_groups": ["employer"],
        "mentee_groups": ["school_student"],
        "mentoring_type": "situational",
        "is_active": "on",
        "position": 20,
    }
    return Case("/forms/", "/forms/", MentoringForm.objects.count, data)


GUARDED = {
    "mentoring:participant_create": (_own_page(_participant), "methodist"),
    "mentoring:interview_create": (_own_page(_interview), "methodist"),
    "mentoring:consent_create": (_consent_case, "methodist"),
    "mentoring:consent_text_create": (_consent_text_case, "coordinator"),
    "mentoring:import_upload": (_import_upload_case, "methodist"),
    "mentoring:import_confirm": (_import_confirm_case, "methodist"),
    "mentoring:mentorship_propose": (_propose_case, "methodist"),
    "mentoring:plan_item_create": (_own_page(_plan_item), "methodist"),
    "mentoring:meeting_create": (_own_page(_meeting), "mentor"),
    "mentoring:order_create": (_order_case, "methodist"),
    "mentoring:training_group_create": (_training_group_case, "methodist"),
    "mentoring:training_session_create": (_training_session_case, "methodist"),
    "mentoring:consultation_create": (_consultation_case, "methodist"),
    "mentoring:external_course_create": (_external_course_case, "methodist"),
    "mentoring:event_create": (_event_case, "methodist"),
    "mentoring:event_attachment_add": (_event_attachment_case, "methodist"),
    "mentoring:event_news": (_event_news_case, "methodist"),
    "mentoring:news_create": (_news_case, "methodist"),
    "mentoring:practice_create": (_practice_case, "mentor"),
    "mentoring:material_create": (_material_case, "methodist"),
    "mentoring:material_categories": (_material_category_case, "methodist"),
    "mentoring:award_create": (_award_case, "methodist"),
    "mentoring:portrait_upload": (_portrait_case, "methodist"),
    "mentoring:calendar_feed_create": (_calendar_case, "mentor"),
    "mentoring:team_invite": (_team_invite_case, "coordinator"),
    "mentoring:participant_invite": (_participant_invite_case, "methodist"),
    "mentoring:bank_bulk": (_bank_bulk_case, "methodist"),
    "mentoring:cohort_assign": (_cohort_case, "methodist"),
    "mentoring:program_list": (_program_case, "methodist"),
    "mentoring:form_list": (_mentoring_form_case, "methodist"),
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_one_opened_creating_form_creates_once(name, cast, client_for):
    setup, role = GUARDED[name]
    case = setup(cast)
    walk(client_for(cast.by_role(role)), name, case)
