"""Every write of the surveys app: the builder (with versions), campaigns and
personal links, filling, reminders, the banks fed by answers, and the public
application "Стать наставником". Views, the admin, the demo and the
management command call these functions.
"""

import datetime
import hashlib
import hmac
import json
import secrets
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    MANAGER_ROLES,
    REPRESENTATIVE_REQUIRED_UNDER,
    Consent,
    ConsentKind,
    Membership,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    MentorStatus,
    Organization,
    Participant,
    TargetGroup,
    age_on,
)
from mentoring.services.consents import consent_give
from mentoring.services.notifications import notify_now
from mentoring.services.participants import participant_create

from .models import (
    CHOICE_KINDS,
    TEXT_KINDS,
    Answer,
    ApplicationSender,
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationToken,
    MapsTo,
    MentorApplication,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyVersion,
)
from .templates_builtin import TEMPLATES

QUESTION_FIELDS = (
    "kind",
    "text",
    "help_text",
    "required",
    "scale_max",
    "label_min",
    "label_max",
    "number_min",
    "number_max",
    "code",
    "maps_to",
)

# --- Builder -----------------------------------------------------------------


@transaction.atomic
def survey_create(*, organization, data, by):
    survey = Survey(organization=organization, created_by=by)
    for field in ("title", "description", "kind", "moment", "audience"):
        if field in data:
            setattr(survey, field, data[field])
    survey.full_clean()
    survey.save()
    version = SurveyVersion.objects.create(survey=survey, number=1, created_by=by)
    Section.objects.create(version=version, title="Вопросы", position=1)
    return survey


@transaction.atomic
def survey_update(*, survey, data, by):
    """Title, introduction and purpose: not versioned (they do not change
    what the answers mean)."""
    for field in ("title", "description", "kind", "moment", "audience", "is_archived"):
        if field in data:
            setattr(survey, field, data[field])
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_from_template(*, organization, code, by):
    """A copy of a built-in questionnaire the organisation then adapts."""
    if code not in TEMPLATES:
        raise ValidationError("Такой типовой анкеты нет.")
    spec = TEMPLATES[code]
    survey = Survey(
        organization=organization,
        title=spec["title"],
        description=spec.get("description", ""),
        kind=spec["kind"],
        moment=spec.get("moment", ""),
        audience=spec.get("audience", "any"),
        template_code=code,
        created_by=by,
    )
    survey.full_clean()
    survey.save()
    version = SurveyVersion.objects.create(survey=survey, number=1, created_by=by)
    for s_pos, section_spec in enumerate(spec["sections"], start=1):
        section = Section.objects.create(
            version=version, title=section_spec["title"], position=s_pos
        )
        for q_pos, q in enumerate(section_spec["questions"], start=1):
            data = {k: v for k, v in q.items() if k != "options"}
            question = Question(version=version, section=section, position=q_pos, **data)
            question.full_clean(exclude=["version", "section"])
            question.save()
            Option.objects.bulk_create(
                Option(question=question, text=text, position=i)
                for i, text in enumerate(q.get("options", []), start=1)
            )
    return survey


@transaction.atomic
def version_fork(*, version, by):
    """A new version copying every section, question and option of the given
    one; questions remember their ``origin``."""
    last = SurveyVersion.objects.filter(survey=version.survey).aggregate(n=Max("number"))["n"]
    new = SurveyVersion.objects.create(survey=version.survey, number=last + 1, created_by=by)
    sections = {}
    for section in version.sections.all():
        sections[section.pk] = Section.objects.create(
            version=new,
            title=section.title,
            description=section.description,
            position=section.position,
        )
    for question in version.questions.prefetch_related("options"):
        copy = Question.objects.create(
            version=new,
            section=sections[question.section_id],
            origin=question,
            position=question.position,
            **{f: getattr(question, f) for f in QUESTION_FIELDS},
        )
        Option.objects.bulk_create(
            Option(question=copy, text=o.text, position=o.position) for o in question.options.all()
        )
    return new


def version_for_edit(*, survey, by):
    """The version the builder may change: the newest one, or a fresh copy
    of it when it already has responses (those are never touched)."""
    version = survey.current_version()
    if version.has_responses():
        version = version_fork(version=version, by=by)
    return version


def _section_in(section, version):
    if section.version_id == version.pk:
        return section
    return version.sections.get(position=section.position, title=section.title)


def _question_in(question, version):
    if question.version_id == version.pk:
        return question
    return version.questions.get(origin=question)


def _clean_question(question, options):
    errors = {}
    if question.kind in CHOICE_KINDS and len(options) < 2:
        errors["options"] = "Укажите хотя бы два варианта ответа, каждый с новой строки."
    if len(set(options)) != len(options):
        errors["options"] = "Варианты ответа повторяются."
    if question.maps_to and question.kind not in (TEXT_KINDS | {QuestionKind.MULTIPLE}):
        errors["maps_to"] = "В банк записываются только текстовые ответы и списки вариантов."
    if (
        question.kind == QuestionKind.NUMBER
        and None
        not in (
            question.number_min,
            question.number_max,
        )
        and question.number_min > question.number_max
    ):
        errors["number_max"] = "Наибольшее число меньше наименьшего."
    if errors:
        raise ValidationError(errors)
    question.full_clean(exclude=["version", "section", "origin"])


def _set_options(question, options):
    question.options.all().delete()
    Option.objects.bulk_create(
        Option(question=question, text=text, position=i) for i, text in enumerate(options, 1)
    )


@transaction.atomic
def question_add(*, survey, section, data, by):
    version = version_for_edit(survey=survey, by=by)
    section = _section_in(section, version)
    options = [o for o in data.get("options", []) if o]
    last = version.questions.filter(section=section).aggregate(n=Max("position"))["n"] or 0
    question = Question(version=version, section=section, position=last + 1)
    for field in QUESTION_FIELDS:
        if field in data:
            setattr(question, field, data[field])
    _clean_question(question, options if question.kind in CHOICE_KINDS else [])
    question.save()
    if question.kind in CHOICE_KINDS:
        _set_options(question, options)
    return question


@transaction.atomic
def question_update(*, question, data, by):
    version = version_for_edit(survey=question.version.survey, by=by)
    question = _question_in(question, version)
    options = [o for o in data.get("options", []) if o]
    for field in QUESTION_FIELDS:
        if field in data:
            setattr(question, field, data[field])
    if "section" in data:
        question.section = _section_in(data["section"], version)
    _clean_question(question, options if question.kind in CHOICE_KINDS else [])
    question.save()
    if question.kind in CHOICE_KINDS:
        if [o.text for o in question.options.all()] != options:
            _set_options(question, options)
    else:
        question.options.all().delete()
    return question


@transaction.atomic
def question_delete(*, question, by):
    """Remove a question from the survey. If its version has answers, the
    question stays there with them and disappears from a new version."""
    version = version_for_edit(survey=question.version.survey, by=by)
    question = _question_in(question, version)
    if question.answers.exists():  # pragma: no cover - guarded by version_for_edit
        raise ValidationError("На этот вопрос уже есть ответы: удалить его нельзя.")
    question.delete()
    return version


def _swap(items, index, direction):
    other = index + (-1 if direction == "up" else 1)
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return items


@transaction.atomic
def question_move(*, question, direction, by):
    version = version_for_edit(survey=question.version.survey, by=by)
    question = _question_in(question, version)
    siblings = list(version.questions.filter(section=question.section))
    index = [q.pk for q in siblings].index(question.pk)
    _renumber(_swap(siblings, index, direction))
    return question


@transaction.atomic
def questions_reorder(*, section, ids, by):
    """Drag and drop: ``ids`` are the section's question ids in the new order
    (ids of the version the page showed)."""
    version = version_for_edit(survey=section.version.survey, by=by)
    section = _section_in(section, version)
    siblings = list(version.questions.filter(section=section))
    # The page may show the version just forked: accept its ids too.
    by_id = {q.origin_id: q for q in siblings if q.origin_id}
    by_id.update({q.pk: q for q in siblings})
    ordered = []
    for pk in ids:
        q = by_id.get(pk)
        if q is not None and q not in ordered:
            ordered.append(q)
    if len(ordered) != len(siblings):
        raise ValidationError("Порядок вопросов устарел: обновите страницу.")
    _renumber(ordered)


def _renumber(items):
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def section_add(*, survey, data, by):
    version = version_for_edit(survey=survey, by=by)
    last = version.sections.aggregate(n=Max("position"))["n"] or 0
    section = Section(version=version, position=last + 1, **data)
    section.full_clean(exclude=["version"])
    section.save()
    return section


@transaction.atomic
def section_update(*, section, data, by):
    version = version_for_edit(survey=section.version.survey, by=by)
    section = _section_in(section, version)
    for field, value in data.items():
        setattr(section, field, value)
    section.full_clean(exclude=["version"])
    section.save()
    return section


@transaction.atomic
def section_delete(*, section, by):
    version = version_for_edit(survey=section.version.survey, by=by)
    section = _section_in(section, version)
    if section.questions.exists():
        raise ValidationError("В разделе есть вопросы: сначала перенесите или удалите их.")
    if version.sections.count() == 1:
        raise ValidationError("В анкете должен остаться хотя бы один раздел.")
    section.delete()


@transaction.atomic
def section_move(*, section, direction, by):
    version = version_for_edit(survey=section.version.survey, by=by)
    section = _section_in(section, version)
    siblings = list(version.sections.all())
    index = [s.pk for s in siblings].index(section.pk)
    _renumber(_swap(siblings, index, direction))


# --- Personal links ----------------------------------------------------------


def token_hash(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def anonymous_key(raw):
    """The key of an anonymous response: derived from the token with a
    different function than ``token_hash``, so the stored hash of the link and
    the key of the response cannot be matched without the token."""
    return hmac.new(b"anonymous-response", raw.encode(), hashlib.sha256).hexdigest()


def new_token():
    """256 random bits, URL-safe; returns (token, hash)."""
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)


def respond_url(raw, base_url=""):
    return base_url + reverse("surveys:respond", args=[raw])


def _url_maker(base_url):
    """respond_url for many tokens: reverse once (a token is URL-safe)."""
    prefix, suffix = respond_url("TOKEN", base_url).split("TOKEN")
    return lambda raw: f"{prefix}{raw}{suffix}"


class LinkState:
    OK = "ok"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    # The person's processing consent is withdrawn (152-ФЗ ст. 21 ч. 5).
    STOPPED = "stopped"
    EXPIRED = "expired"


def link_resolve(raw):
    """(state, invitation) for a token from a URL. An altered or made-up token
    is UNKNOWN, exactly like a token that never existed."""
    if not raw or len(raw) > 100:
        return LinkState.UNKNOWN, None
    token = (
        InvitationToken.objects.select_related(
            "invitation__campaign__organization",
            "invitation__campaign__version__survey",
            "invitation__participant",
        )
        .filter(token_hash=token_hash(raw))
        .first()
    )
    if token is None:
        return LinkState.UNKNOWN, None
    invitation = token.invitation
    if token.revoked_at is not None:
        return LinkState.REVOKED, invitation
    if (
        not _eligible(invitation.campaign.organization)
        .filter(pk=invitation.participant_id)
        .exists()
    ):
        # A withdrawn consent stops processing at once (152-ФЗ ст. 21 ч. 5):
        # links already sent stop working too.
        return LinkState.STOPPED, invitation
    if not invitation.campaign.is_open():
        return LinkState.EXPIRED, invitation
    return LinkState.OK, invitation


@transaction.atomic
def invitation_issue_link(*, invitation, revoke=False):
    """A new personal link; with ``revoke`` the earlier links stop working
    (for a link that went to the wrong person)."""
    if revoke:
        invitation.tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    raw, hashed = new_token()
    InvitationToken.objects.create(invitation=invitation, token_hash=hashed)
    return raw


# --- Campaigns ---------------------------------------------------------------

AUDIENCE_KINDS = {
    "mentors": "Все наставники",
    "mentees": "Все наставляемые",
    "form": "Участники пар формы наставничества",
    "mentorships": "Участники выбранных пар и групп",
    "participants": "Выбранные участники",
}
ROLE_FILTERS = {
    "mentee": "наставляемые",
    "mentor": "наставники",
    "all": "наставники и наставляемые",
}
MEMBER_ROLE = {
    MentorshipMember.Role.LEAD: "mentor",
    MentorshipMember.Role.CO_MENTOR: "mentor",
    MentorshipMember.Role.MENTEE: "mentee",
}
# Pairs whose members are asked (not proposals, not terminated ones).
SURVEYED_STATUSES = (MentorshipStatus.AGREED, MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED)


def _eligible(organization):
    """People who may be asked: not anonymised and not after a withdrawal
    (processing stops at once when a consent is withdrawn)."""
    return (
        Participant.objects.of(organization)
        .active()
        .with_consent_state()
        .exclude(has_withdrawn_consent=True, has_processing_consent=False)
    )


def audience_resolve(organization, audience):
    """[(participant_id, mentorship_id or None, role)] of an audience:
    {"kind": ..., "form": id, "mentorships": [ids], "participants": [ids],
    "role": "mentee" | "mentor" | "all"}. A constant number of queries."""
    kind = audience.get("kind")
    role_filter = audience.get("role") or "all"
    eligible = _eligible(organization)
    members = MentorshipMember.objects.filter(
        mentorship__organization=organization,
        mentorship__status__in=SURVEYED_STATUSES,
        participant__in=eligible,
    ).order_by("mentorship_id", "pk")
    if kind in ("form", "mentorships"):
        if kind == "form":
            members = members.filter(mentorship__form_id=audience.get("form"))
        else:
            members = members.filter(mentorship_id__in=audience.get("mentorships") or [])
        result = {}
        for pid, mid, role in members.values_list("participant_id", "mentorship_id", "role"):
            role = MEMBER_ROLE[role]
            if role_filter != "all" and role != role_filter:
                continue
            result.setdefault(pid, (pid, mid, role))
        return list(result.values())
    if kind == "mentors":
        people = eligible.mentors().values_list("pk", flat=True)
        roles = dict.fromkeys(people, "mentor")
    elif kind == "mentees":
        people = eligible.mentees().values_list("pk", flat=True)
        roles = dict.fromkeys(people, "mentee")
    elif kind == "participants":
        rows = eligible.filter(pk__in=audience.get("participants") or []).values_list(
            "pk", "is_mentor", "is_mentee"
        )
        roles = {pk: "mentor" if m else ("mentee" if e else "") for pk, m, e in rows}
    else:
        raise ValidationError("Выберите, кому отправить анкету.")
    # A person's pair is recorded when there is exactly one to speak of.
    pairs = defaultdict(set)
    for pid, mid in members.filter(mentorship__status__in=HOLDING_OR_ACTIVE).values_list(
        "participant_id", "mentorship_id"
    ):
        pairs[pid].add(mid)
    return [
        (pid, next(iter(pairs[pid])) if len(pairs[pid]) == 1 else None, role)
        for pid, role in roles.items()
    ]


HOLDING_OR_ACTIVE = (MentorshipStatus.AGREED, MentorshipStatus.ACTIVE)


def audience_label(organization, audience):
    kind = audience.get("kind")
    label = AUDIENCE_KINDS.get(kind, "")
    if kind == "form":
        form = organization.mentoring_forms.filter(pk=audience.get("form")).first()
        label = f"Форма «{form}»" if form else label
    if kind in ("form", "mentorships"):
        label += f": {ROLE_FILTERS.get(audience.get('role') or 'all')}"
    if kind == "mentorships":
        label += f" ({len(audience.get('mentorships') or [])})"
    return label


def _invitation_email(invitation, url, *, reminder=False):
    participant = invitation.participant
    campaign = invitation.campaign
    name = " ".join(p for p in (participant.first_name, participant.patronymic) if p)
    lead = "Напоминаем: ждём" if reminder else "Просим"
    body = (
        f"Здравствуйте, {name}!\n\n"
        f"{lead} ваших ответов на анкету «{campaign.version.survey.title}» "
        f"({campaign.organization.short_name}). Ответить можно до "
        f"{campaign.deadline:%d.%m.%Y} включительно.\n\n"
        f"Ваша личная ссылка:\n{url}\n\n"
        "По ссылке открывается только эта анкета: входить в систему не нужно, "
        "и ссылка не даёт доступа ни к чему другому. Не пересылайте её: по ней "
        "можно изменить ваши ответы до окончания срока.\n"
    )
    if campaign.is_anonymous:
        body += "\nАнкета анонимная: ответы не связываются с вашим именем.\n"
    subject = ("Напоминание: " if reminder else "") + f"анкета «{campaign.version.survey.title}»"
    return mail.EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[participant.email],
    )


def _send(messages):
    if not messages:
        return 0
    # One connection for the whole batch.
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0


class CampaignAlreadyCreated(Exception):
    """The "Разослать" form was submitted again (same ``submit_token``):
    ``campaign`` is the one the first submission created; nothing new is
    created or mailed."""

    def __init__(self, campaign):
        super().__init__(f"campaign {campaign.pk} already created by this form")
        self.campaign = campaign


# A second "Разослать" of one questionnaire to one audience, or a second
# round of reminders, this soon after the first is most likely a refreshed
# page or a double click: it needs an explicit confirmation (issue 14).
REPEAT_WINDOW = datetime.timedelta(minutes=30)


class CampaignRecentlySent(Exception):
    """The same questionnaire went to the same audience less than
    REPEAT_WINDOW ago (``campaign``, created at ``campaign.created_at``);
    nothing was created or mailed. Send again with ``confirm_repeat=True``."""

    def __init__(self, campaign):
        super().__init__(f"campaign {campaign.pk} sent {campaign.created_at:%H:%M}")
        self.campaign = campaign


class RemindersRecentlySent(Exception):
    """Reminders of the campaign went out less than REPEAT_WINDOW ago, at
    ``sent_at``; nothing was mailed. Remind again with ``confirm_repeat=True``."""

    def __init__(self, sent_at):
        super().__init__(f"reminders sent at {sent_at:%H:%M}")
        self.sent_at = sent_at


def campaign_recent_twin(*, survey, audience, now=None):
    """The campaign that sent ``survey`` to the same ``audience`` (the
    dict of CampaignForm.audience(), compared as stored JSON) within the
    last REPEAT_WINDOW, newest first; None when there is none."""
    now = now or timezone.now()
    wanted = json.loads(json.dumps(audience, cls=DjangoJSONEncoder))
    recent = Campaign.objects.filter(survey=survey, created_at__gte=now - REPEAT_WINDOW).order_by(
        "-created_at"
    )
    return next((c for c in recent if c.audience == wanted), None)


@transaction.atomic
def campaign_create(*, survey, data, audience, by, base_url="", notify=True, confirm_repeat=True):
    """Send the survey's current version to an audience. Returns the campaign
    and [(invitation, link)] of the people without an e-mail address: their
    links are shown once on the screen and handed over by other means.
    ``notify=False`` (the demo data) sends no mail and returns every link.
    Raises CampaignAlreadyCreated for a form posted again (same
    ``submit_token``) and, with ``confirm_repeat=False`` (what the
    "Разослать" page passes until the user confirms), CampaignRecentlySent
    when the same questionnaire went to the same audience within
    REPEAT_WINDOW. Code (the demo, scripts) means what it sends: the
    default is True."""
    organization = survey.organization
    submit_token = (data.get("submit_token") or "")[:64]
    if submit_token:
        repeated = Campaign.objects.filter(
            organization=organization, submit_token=submit_token
        ).first()
        if repeated is not None:
            raise CampaignAlreadyCreated(repeated)
    if not confirm_repeat:
        # Two tabs confirming at once: the survey row serialises them.
        type(survey).objects.select_for_update().filter(pk=survey.pk).first()
        twin = campaign_recent_twin(survey=survey, audience=audience)
        if twin is not None:
            raise CampaignRecentlySent(twin)
    version = survey.current_version()
    if not version.questions.exists():
        raise ValidationError("В анкете нет вопросов: добавьте их перед рассылкой.")
    deadline = data.get("deadline")
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"deadline": "Срок ответа не может быть в прошлом."})
    baseline = data.get("baseline")
    if baseline is not None and baseline.organization_id != organization.pk:
        raise ValidationError({"baseline": "Рассылка другой организации."})
    people = audience_resolve(organization, audience)
    if not people:
        raise ValidationError("В выбранной аудитории нет ни одного участника.")
    campaign = Campaign(
        organization=organization,
        survey=survey,
        version=version,
        title=data.get("title") or survey.title,
        deadline=deadline,
        is_anonymous=bool(data.get("is_anonymous")),
        moment=data.get("moment") or survey.moment,
        baseline=baseline,
        audience=audience,
        audience_label=audience_label(organization, audience),
        created_by=by,
        submit_token=submit_token,
    )
    campaign.full_clean()
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError:
        # The same form was posted twice at once: the first one won.
        raise CampaignAlreadyCreated(
            Campaign.objects.get(organization=organization, submit_token=submit_token)
        ) from None
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(campaign=campaign, participant_id=pid, mentorship_id=mid, role=role)
            for pid, mid, role in people
        ],
        batch_size=500,
    )
    raws = {}
    tokens = []
    for invitation in invitations:
        raw, hashed = new_token()
        raws[invitation.pk] = raw
        tokens.append(InvitationToken(invitation=invitation, token_hash=hashed))
    InvitationToken.objects.bulk_create(tokens, batch_size=500)
    participants = Participant.objects.in_bulk([pid for pid, _m, _r in people])
    url_for = _url_maker(base_url)
    messages, emailed, without_email = [], [], []
    for invitation in invitations:
        invitation.participant = participants[invitation.participant_id]
        invitation.campaign = campaign
        raw = raws[invitation.pk]
        if invitation.participant.email and notify:
            messages.append(_invitation_email(invitation, url_for(raw)))
            emailed.append(invitation.pk)
        else:
            without_email.append((invitation, url_for(raw)))
    # Mail goes out only once the campaign is really saved.
    transaction.on_commit(lambda: _send(messages))
    Invitation.objects.filter(pk__in=emailed).update(emailed_at=timezone.now())
    return campaign, without_email


@transaction.atomic
def campaign_remind(*, campaign, by=None, base_url="", confirm_repeat=True):
    """E-mail the people who have not submitted an answer a fresh personal
    link (their earlier links keep working). Returns how many were sent.
    With ``confirm_repeat=False`` (the page's button until the user
    confirms) raises RemindersRecentlySent when reminders of the campaign
    went out within REPEAT_WINDOW (a refreshed page, a double click); the
    daily command and other code keep the default True."""
    if not campaign.is_open():
        raise ValidationError("Рассылка завершена: напоминать некому.")
    # The campaign row serialises two reminder posts sent at once.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    if not confirm_repeat:
        last = campaign.invitations.aggregate(last=Max("reminded_at"))["last"]
        if last is not None and last >= timezone.now() - REPEAT_WINDOW:
            raise RemindersRecentlySent(last)
    invitations = list(
        campaign.invitations.filter(
            responded=False, participant__in=_eligible(campaign.organization)
        )
        .exclude(participant__email="")
        .select_related("participant")
    )
    messages, tokens = [], []
    url_for = _url_maker(base_url)
    for invitation in invitations:
        invitation.campaign = campaign
        raw, hashed = new_token()
        tokens.append(InvitationToken(invitation=invitation, token_hash=hashed))
        messages.append(_invitation_email(invitation, url_for(raw), reminder=True))
    InvitationToken.objects.bulk_create(tokens, batch_size=500)
    now = timezone.now()
    for invitation in invitations:
        invitation.reminded_at = now
        invitation.reminders_sent += 1
    Invitation.objects.bulk_update(invitations, ["reminded_at", "reminders_sent"], batch_size=500)
    transaction.on_commit(lambda: _send(messages))
    return len(messages)


@transaction.atomic
def campaign_close(*, campaign, by=None):
    """Stop accepting answers: every personal link of the campaign expires."""
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    return campaign


@transaction.atomic
def campaign_extend(*, campaign, deadline, by=None):
    """Move the deadline (and reopen a closed campaign).

    A link that has expired stays expired: when the campaign was no longer
    open (closed, or past its deadline), every personal link issued so far
    is revoked and people need a new one (`campaign_remind` e-mails it,
    `invitation_issue_link` gives it by hand). A link may have been
    forwarded or left in a shared mailbox once it was thought dead; reviving
    it silently would reopen those copies (OWASP ASVS 5.0 V7.3, session and
    token lifetime). Extending an open campaign keeps its links.
    Returns the number of links revoked."""
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": "Новый срок не может быть в прошлом."})
    revoked = 0
    if not campaign.is_open():
        revoked = InvitationToken.objects.filter(
            invitation__campaign=campaign, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
    campaign.deadline = deadline
    campaign.status = CampaignStatus.OPEN
    campaign.closed_at = None
    campaign.save(update_fields=["deadline", "status", "closed_at"])
    return revoked


# --- Filling -----------------------------------------------------------------


class CampaignClosedError(ValidationError):
    pass


ANONYMOUS_AGAIN_MESSAGE = (
    "Вы уже ответили на эту анонимную анкету. Изменить ответ можно только по той "
    "ссылке, по которой он был отправлен: анонимный ответ не связан с вашим именем."
)
CLOSED_MESSAGE = "Срок ответа на анкету истёк: изменения не сохранены. Ваши прежние ответы целы."


def response_find(invitation, raw=None):
    """The response of an invitation: by the invitation (named campaigns) or
    by the key derived from the link (anonymous ones)."""
    if invitation.campaign.is_anonymous:
        if raw is None:
            return None
        return Response.objects.filter(anonymous_key=anonymous_key(raw)).first()
    return Response.objects.filter(invitation=invitation).first()


def _parse_decimal(value):
    try:
        return Decimal(value.strip().replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except (InvalidOperation, AttributeError):
        return None


def answer_parse(question, values, options_by_id):
    """The clean value of a question's submitted values (a list of strings),
    None when unanswered; raises ValidationError with a Russian message."""
    values = [v.strip() for v in values if v is not None and v.strip()]
    if not values:
        return None
    kind = question.kind
    if kind == QuestionKind.SCALE:
        number = _parse_decimal(values[0])
        if len(values) != 1 or number is None or number != number.to_integral_value():
            raise ValidationError(f"Выберите число от 1 до {question.scale_max}.")
        if not 1 <= number <= question.scale_max:
            raise ValidationError(f"Оценка должна быть от 1 до {question.scale_max}.")
        return number
    if kind == QuestionKind.YES_NO:
        if values not in (["yes"], ["no"]):
            raise ValidationError("Ответьте «да» или «нет».")
        return Decimal(1 if values[0] == "yes" else 0)
    if kind == QuestionKind.NUMBER:
        number = _parse_decimal(values[0])
        if len(values) != 1 or number is None or not number.is_finite():
            raise ValidationError("Введите число, например 12 или 3,5.")
        if abs(number) >= Decimal("1e10") or number != round(number, 2):
            raise ValidationError("Слишком большое число или больше двух знаков после запятой.")
        if question.number_min is not None and number < question.number_min:
            raise ValidationError(f"Число не может быть меньше {question.number_min:g}.")
        if question.number_max is not None and number > question.number_max:
            raise ValidationError(f"Число не может быть больше {question.number_max:g}.")
        return number
    if kind in CHOICE_KINDS:
        chosen = []
        for value in values:
            option = options_by_id.get(value)
            if option is None or option.question_id != question.pk:
                raise ValidationError("Выберите вариант из предложенных.")
            if option not in chosen:
                chosen.append(option)
        if kind == QuestionKind.SINGLE and len(chosen) > 1:
            raise ValidationError("Выберите один вариант.")
        return chosen
    # Text.
    text = values[0]
    if len(text) > question.text_max:
        raise ValidationError(
            f"Ответ длиннее {question.text_max} символов: сократите его (сейчас {len(text)})."
        )
    return text


def answers_parse(version, data):
    """{question: value} from ``data`` (a QueryDict or {"q<id>": [values]});
    raises ValidationError({question_id: message}) and stores nothing when any
    value is invalid."""
    questions = list(version.questions.select_related("section").prefetch_related("options"))
    options = {str(o.pk): o for q in questions for o in q.options.all()}
    values, errors = {}, {}
    for question in questions:
        key = f"q{question.pk}"
        raw = data.getlist(key) if hasattr(data, "getlist") else data.get(key, [])
        if isinstance(raw, str):
            raw = [raw]
        try:
            values[question] = answer_parse(question, raw, options)
        except ValidationError as exc:
            errors[question.pk] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return values


def _now_for(campaign):
    now = timezone.now()
    if campaign.is_anonymous:
        # Only the date: a time would let one match the response with the
        # moment somebody opened their link.
        local = timezone.localtime(now)
        return local.replace(hour=0, minute=0, second=0, microsecond=0)
    return now


def _is_empty(value):
    return value is None or value == [] or value == ""


@transaction.atomic
def response_save(*, invitation, data, submit, raw=None):
    """Save the answers of a personal link (``raw``) or of the cabinet.

    Invalid values: ValidationError({question_id: message}), nothing stored.
    ``submit`` with required questions unanswered: the answers are kept as a
    draft and the unanswered questions are returned. Returns (response,
    missing questions)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    campaign = Campaign.objects.select_related("version__survey").get(pk=invitation.campaign_id)
    if not campaign.is_open():
        raise CampaignClosedError(CLOSED_MESSAGE)
    invitation.campaign = campaign
    values = answers_parse(campaign.version, data)
    response = response_find(invitation, raw)
    if response is None:
        if campaign.is_anonymous and raw is None:
            raise ValidationError("Анонимную анкету заполняют по персональной ссылке.")
        if campaign.is_anonymous and invitation.responded:
            # Another link of the same person: one person, one answer.
            raise ValidationError(ANONYMOUS_AGAIN_MESSAGE)
        participant = invitation.participant
        response = Response(
            campaign=campaign,
            version=campaign.version,
            role=invitation.role,
            target_group=participant.target_group,
        )
        if invitation.mentorship_id:
            response.form_id = (
                Mentorship.objects.filter(pk=invitation.mentorship_id)
                .values_list("form_id", flat=True)
                .first()
            )
        if campaign.is_anonymous:
            response.anonymous_key = anonymous_key(raw)
        else:
            response.invitation = invitation
            response.mentorship_id = invitation.mentorship_id
    response.updated_at = _now_for(campaign)
    missing = [q for q, v in values.items() if q.required and _is_empty(v)]
    submitting = submit and not missing
    if submitting:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = response.submitted_at or response.updated_at
    response.save()
    _store_answers(response, values)
    if submitting and not invitation.responded:
        invitation.responded = True
        invitation.save(update_fields=["responded"])
    if submitting and not campaign.is_anonymous:
        response_feed_banks(response=response, values=values)
    return response, ([] if not submit else missing)


def _store_answers(response, values):
    existing = {a.question_id: a for a in response.answers.all()}
    for question, value in values.items():
        answer = existing.get(question.pk)
        if _is_empty(value):
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            answer = Answer(response=response, question=question)
        answer.number = value if isinstance(value, Decimal) else None
        answer.text = value if isinstance(value, str) else ""
        answer.save()
        if question.kind in CHOICE_KINDS:
            answer.options.set(value)


def answers_initial(response):
    """{question_id: [values as the form posts them]} of a saved response."""
    if response is None:
        return {}
    initial = {}
    for answer in response.answers.select_related("question").prefetch_related("options"):
        q = answer.question
        if q.kind in CHOICE_KINDS:
            initial[q.pk] = [str(o.pk) for o in answer.options.all()]
        elif q.kind == QuestionKind.YES_NO:
            initial[q.pk] = ["yes" if answer.number else "no"]
        elif q.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            n = answer.number
            initial[q.pk] = [str(int(n)) if n == n.to_integral_value() else str(n)]
        else:
            initial[q.pk] = [answer.text]
    return initial


# --- Banks fed by answers ----------------------------------------------------


def response_feed_banks(*, response, values):
    """Write answers of questions with ``maps_to`` into the respondent's
    card: requests (mentees) and competencies (mentors), appended with the
    date and the survey's name. An answer already there is not repeated
    (a response edited and sent again)."""
    if response.invitation_id is None:
        return
    participant = Participant.objects.select_for_update().get(pk=response.invitation.participant_id)
    changed = []
    title = response.campaign.version.survey.title
    for question, value in values.items():
        if not question.maps_to or _is_empty(value):
            continue
        text = "; ".join(o.text for o in value) if isinstance(value, list) else str(value)
        field = "requests" if question.maps_to == MapsTo.REQUESTS else "competencies"
        current = getattr(participant, field)
        if text in current:
            continue
        entry = f"{timezone.localdate():%d.%m.%Y}, анкета «{title}»: {text}"
        setattr(participant, field, f"{current}\n{entry}".strip())
        changed.append(field)
    if changed:
        participant.save(update_fields=[*set(changed), "updated_at"])


# --- Public application "Стать наставником" -----------------------------------

RATE_LIMIT_PER_HOUR = 3
RATE_LIMIT_ORG_PER_DAY = 100


def ip_hash(ip):
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


RATE_LIMIT_MESSAGE = (
    "С вашего адреса недавно уже отправляли заявки. Попробуйте через час "
    "или позвоните в организацию."
)


def application_rate_limited(organization, ip):
    """Whether this address sent RATE_LIMIT_PER_HOUR applications in the last
    hour, or the organisation got RATE_LIMIT_ORG_PER_DAY in a day. A hint
    for the form; `mentor_application_submit` checks again under a lock."""
    now = timezone.now()
    recent = MentorApplication.objects.filter(
        ip_hash=ip_hash(ip), created_at__gte=now - datetime.timedelta(hours=1)
    ).count()
    daily = MentorApplication.objects.filter(
        organization=organization, created_at__gte=now - datetime.timedelta(days=1)
    ).count()
    return recent >= RATE_LIMIT_PER_HOUR or daily >= RATE_LIMIT_ORG_PER_DAY


# The applicant kinds of the public form (surveys/forms.py APPLICANT_CHOICES) and
# the bank's target group each becomes. A graduate who works is a specialist of
# an employer or partner; one who studies further applies as a student.
APPLICANT_GROUPS = {
    "teacher": TargetGroup.TEACHER,
    "school_student": TargetGroup.SCHOOL_STUDENT,
    "college_student": TargetGroup.COLLEGE_STUDENT,
    "graduate": TargetGroup.EMPLOYER,
    "employer": TargetGroup.EMPLOYER,
}


@transaction.atomic
def mentor_application_submit(*, organization, data, consent_text, ip):
    """A potential mentor in the bank with the processing consent the person
    gave on the public form, in one transaction.

    The rate limit is checked and the application inserted under locks on
    the sender's ApplicationSender row and the organisation's row (always in
    this order, so two transactions cannot deadlock): parallel posts from one
    address are counted one after another (OWASP ASVS 5.0 V2.4.1, anti-
    automation). Raises ValidationError(RATE_LIMIT_MESSAGE) over the limit."""
    sender, _created = ApplicationSender.objects.get_or_create(ip_hash=ip_hash(ip))
    ApplicationSender.objects.select_for_update().get(pk=sender.pk)
    Organization.objects.select_for_update().only("pk").get(pk=organization.pk)
    if application_rate_limited(organization, ip):
        raise ValidationError(RATE_LIMIT_MESSAGE, code="rate_limited")
    if consent_text.organization_id != organization.pk or consent_text.kind != (
        ConsentKind.PROCESSING
    ):
        raise ValidationError("Текст согласия не относится к этой организации.")
    applicant = data.get("target_group")
    if applicant not in APPLICANT_GROUPS:
        raise ValidationError(
            {
                "target_group": "Выберите, кто вы: педагог, ученик, студент, "
                "выпускник или представитель работодателя."
            }
        )
    birth_date = data.get("birth_date")
    if applicant in ("school_student", "college_student"):
        if not birth_date:
            raise ValidationError({"birth_date": "Укажите дату рождения."})
        if age_on(birth_date, timezone.localdate()) < REPRESENTATIVE_REQUIRED_UNDER:
            raise ValidationError(
                {
                    "birth_date": "Если вам нет 14 лет, согласие на обработку данных даёт "
                    "родитель или другой законный представитель (152-ФЗ): попросите классного "
                    "руководителя передать заявку куратору наставничества."
                }
            )
    fields = {
        k: data.get(k, "")
        for k in (
            "last_name",
            "first_name",
            "patronymic",
            "email",
            "phone",
            "position",
            "subjects",
            "competencies",
            "class_group",
        )
    }
    fields["target_group"] = APPLICANT_GROUPS[applicant]
    fields["birth_date"] = birth_date
    fields["experience_years"] = data.get("experience_years")
    fields.update(is_mentor=True, is_mentee=False, mentor_status=MentorStatus.POTENTIAL)
    fields["notes"] = f"Заявка «Стать наставником» с сайта, {timezone.localdate():%d.%m.%Y}." + (
        " Выпускник организации." if applicant == "graduate" else ""
    )
    participant = participant_create(organization=organization, data=fields, by=None)
    consent_give(
        participant=participant,
        kind=ConsentKind.PROCESSING,
        data={
            "text": consent_text,
            "given_on": timezone.localdate(),
            "method": Consent.Method.ELECTRONIC,
            "given_by": Consent.GivenBy.SUBJECT,
        },
        by=None,
    )
    application = MentorApplication.objects.create(
        organization=organization,
        participant=participant,
        motivation=data.get("motivation", ""),
        ip_hash=ip_hash(ip),
    )
    # The programme's staff learn of it at once, not in the nightly digest.
    staff = Membership.objects.filter(
        organization=organization, role__in=MANAGER_ROLES
    ).values_list("user_id", flat=True)
    notify_now(
        user_ids=staff,
        kind="mentor_application",
        key=f"mentor_application:{application.pk}",
        title=f"Заявка «Стать наставником»: {participant.full_name}",
        url=participant.get_absolute_url(),
        organization=organization,
    )
    return application
