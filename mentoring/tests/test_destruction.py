"""Withdrawal stops processing at once; 30 days later the person is
destroyed everywhere the registry knows of, files and history included,
except the frozen approved order; an act names them (152-ФЗ ст. 21 ч. 5,
Приказ РКН № 179)."""

import datetime
import hashlib
import subprocess

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from mentoring.factories import UserFactory, make_pair, mentee_participant, mentor_participant
from mentoring.models import (
    AuditEvent,
    ConsentKind,
    DestructionAct,
    Meeting,
    Mentorship,
    MentorshipStatus,
    Order,
    OrderKind,
    OrderStatus,
    Participant,
    Practice,
    PracticeStatus,
    User,
)
from mentoring.services import orders as order_services
from mentoring.services.consents import consent_give, consent_withdraw
from mentoring.services.mentorships import meeting_log, plan_item_save
from mentoring.services.privacy import destruction_overdue, personal_data_purge
from surveys.models import Answer, Response
from surveys.tests.helpers import send, survey_with

TODAY = timezone.localdate()
NAME = "Белоусова"
EMAIL = "belousova@example.org"
PDF = b"%PDF-1.4\n%%EOF\n"


def pdf_text(path_or_bytes):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def approve(order, cast):
    order_services.order_submit(order=order, by=cast.methodist)
    order_services.order_approve(order=order, by=cast.director)
    return Order.objects.get(pk=order.pk)


@pytest.fixture
def world(cast, django_capture_on_commit_callbacks):
    """A mentor with an account in an active pair (approved order), a
    meeting naming her, a survey answer, a practice she authored."""
    account = UserFactory(username="belousova", last_name=NAME, email=EMAIL)
    mentor = mentor_participant(
        cast.school,
        last_name=NAME,
        first_name="Надежда",
        patronymic="Андреевна",
        email=EMAIL,
        user=account,
        consents=("duties",),
    )
    consent_give(
        participant=mentor,
        kind=ConsentKind.PROCESSING,
        data={"given_on": TODAY - datetime.timedelta(days=60)},
        scan=SimpleUploadedFile("scan.pdf", PDF),
        by=cast.methodist,
    )
    mentee = mentee_participant(cast.school, last_name="Кравцов", first_name="Илья")
    pair = make_pair(cast.school, mentor=mentor, mentee=mentee, agreed=True, by=cast.methodist)
    order = order_services.order_create(
        organization=cast.school,
        kind=OrderKind.PAIRING,
        data=order_services.order_defaults(OrderKind.PAIRING),
        mentorships=[pair],
        by=cast.methodist,
    )
    with django_capture_on_commit_callbacks(execute=True):
        order = approve(order, cast)
    order.refresh_from_db()
    assert order.frozen_sha256
    meeting_log(
        mentorship=Mentorship.objects.get(pk=pair.pk),
        data={
            "held_on": TODAY,
            "format": Meeting.Format.IN_PERSON,
            "topic": "Первая встреча",
            "notes": f"Белоусова Н. А. показала урок; пишите ей: {EMAIL}",
        },
        attendees=[mentor, mentee],
        by=cast.methodist,
    )
    survey, (question,) = survey_with(cast.school, [{"kind": "long_text", "text": "Что полезно?"}])
    campaign, _tokens = send(survey, [mentor])
    invitation = campaign.invitations.get(participant=mentor)
    response = Response.objects.create(
        campaign=campaign,
        version=campaign.version,
        invitation=invitation,
        status="submitted",
        submitted_at=timezone.now(),
    )
    Answer.objects.create(response=response, question=question, text="Мне помогла коллега")
    other_answer = Response.objects.create(
        campaign=campaign,
        version=campaign.version,
        anonymous_key="k1",
        status="submitted",
        submitted_at=timezone.now(),
    )
    Answer.objects.create(
        response=other_answer, question=question, text="Спасибо Надежде Белоусовой!"
    )
    practice = Practice.objects.create(
        organization=cast.school,
        title="Открытый урок",
        authors="Н. А. Белоусова",
        description="Практика Белоусовой Надежды Андреевны",
        status=PracticeStatus.APPROVED,
    )
    practice.author_participants.set([mentor])
    return {"mentor": mentor, "pair": pair, "order": order, "account": account}


def rows_holding(needles, skip=("mentoring.DestructionAct",)):
    """Every (model, pk, field) in the whole database whose text holds one
    of the needles: all models, history tables included."""
    found = []
    for model in apps.get_models():
        if model._meta.label in skip:
            continue
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for name in text_fields:
            for needle in needles:
                lookup = f"{name}__icontains"
                if isinstance(model._meta.get_field(name), models.JSONField):
                    values = model._default_manager.values_list("pk", name)
                    found += [(model._meta.label, pk, name) for pk, v in values if needle in str(v)]
                    continue
                for pk in model._default_manager.filter(**{lookup: needle}).values_list(
                    "pk", flat=True
                ):
                    found.append((model._meta.label, pk, name))
    return found


def files_holding(media_root, needles, allowed):
    found = []
    for path in media_root.rglob("*"):
        if not path.is_file() or path in allowed:
            continue
        data = path.read_bytes()
        text = pdf_text(data) if path.suffix == ".pdf" else data.decode(errors="ignore")
        if any(n.lower() in text.lower() for n in needles):
            found.append(path)
    return found


def test_withdrawal_suspends_and_day_30_destroys_everything_but_the_frozen_order(
    cast, world, settings, django_capture_on_commit_callbacks
):
    mentor, pair, order = world["mentor"], world["pair"], world["order"]
    frozen_path = settings.MEDIA_ROOT / order.frozen_pdf.name
    frozen_sha = hashlib.sha256(frozen_path.read_bytes()).hexdigest()
    assert frozen_sha == order.frozen_sha256
    assert NAME in pdf_text(frozen_path)

    consent = mentor.consents.get(kind=ConsentKind.PROCESSING)
    consent_withdraw(consent=consent, on_date=TODAY, by=cast.methodist)

    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.SUSPENDED
    draft = Order.objects.get(kind=OrderKind.CHANGE, status=OrderStatus.DRAFT)
    assert list(draft.mentorships.all()) == [pair]
    # Nothing new involves her: no meetings, no plan edits.
    with pytest.raises(Exception, match="приостановлена"):
        meeting_log(
            mentorship=pair,
            data={"held_on": TODAY, "format": "online", "topic": "x", "notes": ""},
            attendees=[],
            by=cast.methodist,
        )
    with pytest.raises(Exception, match="приостановлена"):
        plan_item_save(
            program=pair.program, data={"title": "Новый", "due_on": TODAY}, by=cast.methodist
        )
    # The search below does find her while she exists.
    assert ("mentoring.Meeting", pair.meetings.get().pk, "notes") in rows_holding([NAME])
    # Day 29: nothing yet.
    assert personal_data_purge(today=TODAY + datetime.timedelta(days=29)) == []
    assert Participant.objects.filter(pk=mentor.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        acts = personal_data_purge(today=TODAY + datetime.timedelta(days=30))

    assert len(acts) == 1
    act = acts[0]
    assert not Participant.objects.filter(pk=mentor.pk).exists()
    assert not User.objects.filter(pk=world["account"].pk).exists()
    assert rows_holding([NAME, "Белоусов", EMAIL, "belousova"]) == []
    act_path = settings.MEDIA_ROOT / act.pdf.name
    assert (
        files_holding(settings.MEDIA_ROOT, [NAME, "Белоусов", EMAIL], {frozen_path, act_path}) == []
    )
    # The approved order is unchanged, byte for byte.
    assert hashlib.sha256(frozen_path.read_bytes()).hexdigest() == frozen_sha
    order.refresh_from_db()
    assert order.frozen_sha256 == frozen_sha
    # The act names her and lists the categories.
    text = pdf_text(act_path)
    assert "Белоусова Надежда Андреевна" in " ".join(text.split())
    assert "Согласия и их сканы" in text
    assert "Ответы на анкеты" in text
    assert "Учётная запись" in text
    assert DestructionAct.objects.get().subject_name == "Белоусова Надежда Андреевна"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DESTROY).count() == 1
    # The other answer stays, without her name.
    assert Answer.objects.filter(text__startswith="Спасибо").exists()
    # Idempotent.
    assert personal_data_purge(today=TODAY + datetime.timedelta(days=400)) == []
    assert DestructionAct.objects.count() == 1


def test_a_missed_night_is_reported_to_the_director_and_caught_up(cast, world):
    mentor = world["mentor"]
    consent = mentor.consents.get(kind=ConsentKind.PROCESSING)
    consent_withdraw(consent=consent, on_date=TODAY, by=cast.methodist)
    late = TODAY + datetime.timedelta(days=33)
    overdue = destruction_overdue(cast.school, late)
    assert [row["participant"].pk for row in overdue] == [mentor.pk]
    assert len(personal_data_purge(today=late)) == 1
    assert destruction_overdue(cast.school, late) == []


def test_withdrawing_publication_only_keeps_the_pair(cast, world):
    mentor, pair = world["mentor"], world["pair"]
    consent_give(
        participant=mentor,
        kind=ConsentKind.PUBLICATION,
        data={"given_on": TODAY, "publish_name": True},
        by=cast.methodist,
    )
    consent_withdraw(
        consent=mentor.consents.get(kind=ConsentKind.PUBLICATION), on_date=TODAY, by=None
    )
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACTIVE
    assert not Order.objects.filter(kind=OrderKind.CHANGE).exists()
    assert personal_data_purge(today=TODAY + datetime.timedelta(days=90)) == []


def test_a_mentor_with_agreements_is_destroyed_the_signed_one_stays_unchanged(
    cast, world, settings, django_capture_on_commit_callbacks, client_for
):
    """Found by trying the demo: the mentor of СОШ № 11 had an agreement
    (documents.MentorAgreement protected the participant row), the purge
    rolled the destruction back and reported nothing."""
    from documents.models import MentorAgreement
    from documents.services import agreement_approve, agreement_create

    mentor, pair = world["mentor"], world["pair"]
    with django_capture_on_commit_callbacks(execute=True):
        signed = agreement_create(
            organization=cast.school, mentor=mentor, mentorship=pair, by=cast.methodist
        )
        signed = agreement_approve(
            agreement=signed, number="ДС-7", signed_on=TODAY, by=cast.director
        )
    # A yearly draft after the pair's term (one agreement pays a pair once).
    after = max(signed.ends_on, pair.planned_end) + datetime.timedelta(days=1)
    draft = agreement_create(
        organization=cast.school,
        mentor=mentor,
        data={"starts_on": after, "ends_on": after + datetime.timedelta(days=90)},
        by=cast.methodist,
    )
    signed_path = settings.MEDIA_ROOT / signed.frozen_pdf.name
    signed_sha = hashlib.sha256(signed_path.read_bytes()).hexdigest()
    consent_withdraw(
        consent=mentor.consents.get(kind=ConsentKind.PROCESSING), on_date=TODAY, by=cast.methodist
    )

    with django_capture_on_commit_callbacks(execute=True):
        acts = personal_data_purge(today=TODAY + datetime.timedelta(days=30))

    assert [a.subject_name for a in acts] == ["Белоусова Надежда Андреевна"]
    assert not Participant.objects.filter(pk=mentor.pk).exists()
    # The draft is not a signed document: destroyed. The signed one is kept
    # (a personnel document), its text byte for byte.
    assert not MentorAgreement.objects.filter(pk=draft.pk).exists()
    kept = MentorAgreement.objects.get(pk=signed.pk)
    assert kept.mentor_id is None
    assert hashlib.sha256(signed_path.read_bytes()).hexdigest() == signed_sha == kept.frozen_sha256
    assert NAME not in str(kept)
    # The act says the signed agreement is kept, and on what ground.
    act_text = " ".join(pdf_text(settings.MEDIA_ROOT / acts[0].pdf.name).split())
    assert "подписанные соглашения и договоры с наставником" in act_text
    # The kept agreement still opens; its frozen text is served unchanged;
    # the mentor's consent form (rendered from live data) has nobody to name.
    client = client_for(cast.director)
    page = client.get(f"/documents/agreements/{kept.pk}/")
    assert page.status_code == 200 and "[данные удалены]" in page.text
    served = b"".join(client.get(f"/documents/agreements/{kept.pk}/agreement.pdf"))
    assert hashlib.sha256(served).hexdigest() == signed_sha
    assert client.get(f"/documents/agreements/{kept.pk}/consent.pdf").status_code == 404


def test_a_destruction_that_fails_is_not_passed_off_as_another_runs(cast, world, monkeypatch):
    """Only the act's own uniqueness means «another run destroyed them»;
    any other integrity failure (a protected reference) must be reported,
    not swallowed, and the rest of the run goes on."""
    from django.db.models import ProtectedError

    from mentoring.services import privacy

    consent_withdraw(
        consent=world["mentor"].consents.get(kind=ConsentKind.PROCESSING),
        on_date=TODAY,
        by=cast.methodist,
    )

    def refuse(**kwargs):
        raise ProtectedError("Cannot delete: protected foreign key", set())

    monkeypatch.setattr(privacy, "participant_destroy", refuse)
    with pytest.raises(privacy.PurgeIncomplete) as failure:
        personal_data_purge(today=TODAY + datetime.timedelta(days=30))
    assert failure.value.acts == []
    assert [pk for pk, _message in failure.value.failures] == [world["mentor"].pk]
    assert Participant.objects.filter(pk=world["mentor"].pk).exists()


def test_other_peoples_notifications_naming_the_subject_are_cleaned(
    cast, world, django_capture_on_commit_callbacks
):
    """Found on the demo: the methodist's and coordinator's bell kept
    «Пара «Орлов А. П. — Жукова А. Д.» требует внимания» after the purge."""
    from mentoring.models import Notification

    note = Notification.objects.create(
        user=cast.methodist,
        organization=cast.school,
        kind="pair_attention",
        key="attention:x",
        title="Пара «Белоусова Н. А. — Кравцов И.» требует внимания",
        created_at=timezone.now(),
    )
    consent_withdraw(
        consent=world["mentor"].consents.get(kind=ConsentKind.PROCESSING),
        on_date=TODAY,
        by=cast.methodist,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert len(personal_data_purge(today=TODAY + datetime.timedelta(days=30))) == 1
    note.refresh_from_db()
    assert NAME not in note.title
    assert "Кравцов" in note.title
    assert rows_holding([NAME, "Белоусов", EMAIL, "belousova"]) == []


def test_a_failed_destruction_leaves_no_act_file_naming_the_subject(
    cast, world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The act PDF is written before the name is destroyed; when the rest of
    the destruction fails and rolls back, that file must not stay behind
    (found on the demo: orphan akt-2-2.pdf naming Орлов А. П.)."""
    from mentoring.services import privacy

    consent_withdraw(
        consent=world["mentor"].consents.get(kind=ConsentKind.PROCESSING),
        on_date=TODAY,
        by=cast.methodist,
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(privacy, "_scrub_mentions", broken)
    with (
        pytest.raises(privacy.PurgeIncomplete),
        django_capture_on_commit_callbacks(execute=True),
    ):
        personal_data_purge(today=TODAY + datetime.timedelta(days=30))
    assert DestructionAct.objects.count() == 0
    acts_dir = settings.MEDIA_ROOT / "destruction-acts"
    assert not acts_dir.exists() or [p for p in acts_dir.rglob("*") if p.is_file()] == []
