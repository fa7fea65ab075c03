"""Demo data of the surveys app (called by ``manage.py seed_demo``):
the standard questionnaires in every organisation, finished before/after
pairs of effectiveness campaigns with answers (mentors and mentees), two quarters of competency
diagnostics, and an open anonymous satisfaction campaign half answered.
Idempotent: an organisation that already has surveys is left alone."""

import datetime
import random

from django.utils import timezone

from mentoring.models import Membership, Mentorship, MentorshipMember, MentorshipStatus, Role
from mentoring.models.participants import STUDENT_GROUPS
from mentoring.typography import quarter_label, quarter_of

from . import services
from .models import Campaign, CampaignStatus, Invitation, Response, Survey
from .templates_builtin import TEMPLATES


def seed(orgs):
    for org in orgs.values():
        if org.is_department or Survey.objects.filter(organization=org).exists():
            continue
        rng = random.Random(f"surveys-{org.slug}")  # noqa: S311 - demo data
        methodist = (
            Membership.objects.filter(organization=org, role=Role.METHODIST)
            .select_related("user")
            .first()
        )
        by = methodist.user if methodist else None
        surveys = {
            code: services.survey_from_template(organization=org, code=code, by=by)
            for code in TEMPLATES
        }
        # The pairs at work (a group still waiting for its order begins
        # next week: no questionnaire of the past addresses it).
        active = list(
            Mentorship.objects.filter(
                organization=org, status=MentorshipStatus.ACTIVE, members__isnull=False
            ).distinct()
        )
        if not active:
            continue
        pairs = [m.pk for m in active]
        begun = max(min(filter(None, (m.activated_on, m.planned_start))) for m in active)
        everyone = {"kind": "mentorships", "mentorships": pairs, "role": "all"}
        today = timezone.localdate()
        # Pupils answer the pupils' questionnaires ("ты", learning skills),
        # teachers the teachers' ones: the pairs are split by who mentors and
        # who is mentored.
        pupils_mentored, pupils_mentoring = _pupil_pairs(pairs)

        def audience(role, pupil, pairs=pairs, split=(pupils_mentored, pupils_mentoring)):
            pupil_pairs = split[0] if role == "mentee" else split[1]
            chosen = [pk for pk in pairs if (pk in pupil_pairs) == pupil]
            return {"kind": "mentorships", "mentorships": chosen, "role": role} if chosen else None

        # The mentors' questionnaires first: the report's main comparison is
        # the latest 'actual' campaign, the teacher mentees' one below.
        # (code prefix, role, pupil, title, before days, after days, answers)
        rounds = [
            ("effectiveness_pupil_mentor", "mentor", True, "наставников-обучающихся", 58, 8),
            ("effectiveness_mentor", "mentor", False, "наставников", 56, 6),
            ("effectiveness_pupil_mentee", "mentee", True, "обучающихся", 57, 7),
            ("effectiveness_mentee", "mentee", False, "наставляемых", 55, 5),
        ]
        for prefix, role, pupil, whom, before_days, after_days in rounds:
            people = audience(role, pupil)
            if people is None:
                continue
            low = (6, 6) if role == "mentor" else (5, 6)
            before = _campaign(
                surveys[f"{prefix}_expected"],
                f"Ожидания {whom} (начало года)",
                people,
                by,
                moment="expected",
            )
            _answer_all(before, rng, low=low[0], high=9 if role == "mentor" else 8, share=1.0)
            # Pairs begin 69 days before the day seed_demo runs
            # (mentoring/demo.py): every questionnaire closes after they began.
            _finish(before, begun, today - datetime.timedelta(days=before_days))
            after = _campaign(
                surveys[f"{prefix}_actual"],
                f"Результат для {whom} (конец года)",
                people,
                by,
                moment="actual",
                baseline=before,
            )
            _answer_all(after, rng, low=low[1], high=10, share=1.0 if role == "mentor" else 0.9)
            _finish(after, begun, today - datetime.timedelta(days=after_days))

        days = _diagnostics_days(today)
        diagnostics = [
            ("competency_diagnostics", audience("mentee", False), "Диагностика компетенций"),
            (
                "competency_diagnostics_pupil",
                audience("mentee", True),
                "Диагностика учебных умений",
            ),
        ]
        for code, people, name in diagnostics:
            if people is None:
                continue
            for low, high, day in zip((1, 2), (3, 4), days, strict=True):
                # Named by the calendar quarter of its deadline, as the
                # analytic report's table of changes (reports.periods.Quarter)
                # names it.
                quarter = _campaign(surveys[code], diagnostics_title(day, name), people, by)
                _answer_all(quarter, rng, low=low, high=high, share=0.95)
                _finish(quarter, begun, day)

        satisfaction = _campaign(
            surveys["satisfaction"],
            "Удовлетворённость программой",
            everyone,
            by,
            anonymous=True,
            deadline=today + datetime.timedelta(days=14),
        )
        _answer_all(satisfaction, rng, low=6, high=10, share=0.5)


def diagnostics_title(day, name="Диагностика компетенций"):
    """The title of a quarterly diagnostics campaign closing on ``day``:
    "Диагностика компетенций, IV квартал 2026 г." — the quarter's label
    of mentoring.typography, the one the analytic report prints."""
    return f"{name}, {quarter_label(*quarter_of(day))}"


def _pupil_pairs(pairs):
    """({pairs whose mentees are pupils or students}, {pairs whose mentors
    are}) among the mentorship ids ``pairs``."""
    mentored, mentoring = set(), set()
    members = MentorshipMember.objects.filter(
        mentorship_id__in=pairs, participant__target_group__in=STUDENT_GROUPS
    ).values_list("mentorship_id", "role")
    for pk, role in members:
        (mentored if role == MentorshipMember.Role.MENTEE else mentoring).add(pk)
    return mentored, mentoring


def _diagnostics_days(today):
    """The closing days of the two quarterly diagnostics: the end of the
    previous calendar quarter and the current one, so that the analytic
    report's table of changes compares two quarters — unless the previous
    quarter ended before the pairs began (69 days ago; a margin of four days
    is kept), then two days of the current quarter."""
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    previous = quarter_start - datetime.timedelta(days=1)
    current = max(quarter_start, today - datetime.timedelta(days=5))
    if (today - previous).days > 65:
        previous = max(quarter_start, today - datetime.timedelta(days=40))
    return previous, current


def _campaign(
    survey, title, audience, by, *, moment="", baseline=None, anonymous=False, deadline=None
):
    campaign, links = services.campaign_create(
        survey=survey,
        data={
            "title": title,
            "deadline": deadline or timezone.localdate(),
            "moment": moment,
            "baseline": baseline,
            "is_anonymous": anonymous,
        },
        audience=audience,
        by=by,
        notify=False,
    )
    campaign._links = {inv.pk: url.rstrip("/").rsplit("/", 1)[-1] for inv, url in links}
    return campaign


def _answer_all(campaign, rng, *, low, high, share):
    """Answer as the respondents would, through the same service."""
    questions = list(campaign.version.questions.prefetch_related("options"))
    invitations = list(campaign.invitations.select_related("participant"))
    for invitation in invitations[: max(1, round(len(invitations) * share))]:
        data = {}
        for q in questions:
            if q.kind == "scale":
                top = min(high, q.scale_max)
                data[f"q{q.pk}"] = [str(rng.randint(min(low, top), top))]
            elif q.kind in ("single", "multiple"):
                options = list(q.options.all())
                picked = rng.sample(options, 1 if q.kind == "single" else min(2, len(options)))
                data[f"q{q.pk}"] = [str(o.pk) for o in picked]
            elif q.kind == "yes_no":
                data[f"q{q.pk}"] = [rng.choice(["yes", "yes", "no"])]
            elif q.kind == "number":
                data[f"q{q.pk}"] = [str(rng.randint(1, 5))]
            elif q.is_text and rng.random() < 0.4:
                data[f"q{q.pk}"] = [rng.choice(DEMO_TEXTS)]
        services.response_save(
            invitation=invitation, data=data, submit=True, raw=campaign._links[invitation.pk]
        )


def _finish(campaign, begun, deadline):
    """Move a finished campaign into the past: sent ten days before its
    deadline (not before the pairs ``begun``), answered in between, closed
    the day after the deadline."""
    sent_on = min(max(deadline - datetime.timedelta(days=10), begun), deadline)

    def moment(day, hour=9):
        at = datetime.datetime.combine(day, datetime.time(hour))
        return min(timezone.make_aware(at), timezone.now())

    Campaign.objects.filter(pk=campaign.pk).update(
        deadline=deadline,
        status=CampaignStatus.CLOSED,
        created_at=moment(sent_on),
        closed_at=moment(deadline + datetime.timedelta(days=1), hour=0),
    )
    Invitation.objects.filter(campaign=campaign).update(created_at=moment(sent_on))
    span = (deadline - sent_on).days + 1
    for index, pk in enumerate(
        Response.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True)
    ):
        answered = moment(sent_on + datetime.timedelta(days=index % span), hour=10 + index % 8)
        Response.objects.filter(pk=pk).update(submitted_at=answered, updated_at=answered)


DEMO_TEXTS = [
    "Встречи помогли спланировать уроки и увереннее вести класс.",
    "Хотелось бы больше совместных посещений уроков.",
    "Очень полезны разборы родительских собраний.",
    "Не хватало времени на встречи в конце четверти.",
    "Спасибо наставнику за поддержку и терпение!",
]
