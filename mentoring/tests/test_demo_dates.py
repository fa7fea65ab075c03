"""The demo data is built relative to the day ``seed_demo`` runs: on any day the
roadmaps cover the current academic year, pairs began weeks ago (consents
before, meetings after), the register of orders goes in date order, the
questionnaires were sent and answered after the pairs began, and the home
pages do not open with a dozen overdue items or an overdue destruction."""

import datetime
import io
import itertools
import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags

from mentoring.models import Mentorship, MentorshipStatus, Organization, User

DEMO_ORGS = ["sosh-11", "music-college", "ddt", "demo-do"]
MAX_OVERDUE_PLAN_ITEMS = 0
# Per roadmap: the demo leaves the latest report of one or two organisations late.
MAX_OVERDUE_OCCURRENCES = 3
HOME_USERS = [
    "school.methodist",
    "school.director",
    "college.methodist",
    "college.director",
    "ddt.director",
    "do.specialist",
]


def _seed_on(day):
    """Patch "now" to 12:00 UTC of ``day`` (None: the real now)."""
    if day is None:
        return mock.patch("django.utils.timezone.now", wraps=timezone.now)
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _home_overdue(client, username):
    """The "просрочено N" figures on the user's home page: [(N, context)]."""
    user = User.objects.get(username=username)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/")
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", strip_tags(response.content.decode()))
    return [
        (int(m.group(1)), m.group(0))
        for m in re.finditer(r"просрочен\w*(?! задачи)\D{0,40}?(\d+)", text, re.IGNORECASE)
    ]


@pytest.mark.parametrize(
    "day",
    [
        None,  # the real today
        datetime.date(2027, 10, 12),  # far from 23.11.2026, the day the demo was written for
        datetime.date(2027, 7, 20),  # summer: pairs began in May, the academic year ended
        datetime.date(2027, 1, 15),  # winter: the demo's orders and the roadmap's in one year
    ],
    ids=["today", "october", "summer", "winter"],
)
def test_demo_dates_follow_the_day_it_is_seeded(db, client, day):
    from roadmaps.models import Roadmap

    with _seed_on(day):
        today = timezone.localdate()
        call_command("seed_demo", stdout=io.StringIO())
        assert demo_date_problems(today) == []
        assert demo_register_problems(today) == []
        assert demo_story_problems(today) == []

        school = Organization.objects.get(slug="sosh-11")
        roadmap = Roadmap.objects.get(organization=school, source_name__startswith="sosh11")
        academic_year = today.year if today.month >= 9 else today.year - 1
        assert roadmap.period_start == academic_year, roadmap.period_label
        pairs = Mentorship.objects.filter(organization=school, status=MentorshipStatus.ACTIVE)
        starts = sorted(m.planned_start for m in pairs)
        assert starts and today - datetime.timedelta(days=120) < starts[0] < today

        for username in HOME_USERS:
            figures = _home_overdue(client, username)
            assert all(n <= MAX_OVERDUE_OCCURRENCES for n, _ in figures), (username, figures)
            assert not [c for _n, c in figures if "уничтожени" in c], (username, figures)


def test_a_pair_proposed_in_summer_ends_next_may():
    """The default planned end of a pair proposed in June–August is the next
    31 May, not the one just past (which broke the end-after-start constraint)."""
    from mentoring.services.mentorships import _academic_year_end

    assert _academic_year_end(datetime.date(2027, 7, 20)) == datetime.date(2028, 5, 31)
    assert _academic_year_end(datetime.date(2027, 9, 1)) == datetime.date(2028, 5, 31)
    assert _academic_year_end(datetime.date(2028, 3, 1)) == datetime.date(2028, 5, 31)
    assert _academic_year_end(datetime.date(2028, 5, 31)) == datetime.date(2028, 5, 31)


def test_demo_accounts_subjects_are_subjects_not_genitive_position_tails(db):
    """QA: the demo mentor's card, portfolio and honour-board card said
    «Математики» (the tail of «Учитель математики») for his subject."""
    from mentoring.models import Participant

    call_command("seed_demo", stdout=io.StringIO())
    subjects = dict(
        Participant.objects.filter(
            user__username__in=["school.mentor", "college.mentor"]
        ).values_list("user__username", "subjects")
    )
    assert subjects == {"school.mentor": "Математика", "college.mentor": "Фортепиано"}
    genitive = Participant.objects.filter(
        user__isnull=False, subjects__in=["Математики", "Истории"]
    )
    assert not genitive.exists()


def _pair_start(mentorship):
    """The day a pair began: the order's day, else the planned one."""
    return min(d for d in (mentorship.activated_on, mentorship.planned_start) if d)


def demo_date_problems(today):
    """Every implausible date of the seeded demo on ``today``: a list of
    readable strings (empty when the demo is consistent)."""
    from documents.models import MentorAgreement
    from mentoring.models import (
        Consent,
        ConsentKind,
        Meeting,
        MentoringProgram,
        Mentorship,
        MentorshipStatus,
        Order,
        OrderStatus,
        PlanItem,
    )
    from mentoring.services.privacy import destruction_overdue, withdrawal_tasks
    from roadmaps.models import Occurrence, Roadmap
    from surveys.models import Campaign, Response

    problems = []
    pairs = {
        m.pk: m
        for m in Mentorship.objects.filter(organization__slug__in=DEMO_ORGS).prefetch_related(
            "members"
        )
    }
    for meeting in Meeting.objects.filter(mentorship__in=pairs):
        start = _pair_start(pairs[meeting.mentorship_id])
        if not start <= meeting.held_on <= today:
            problems.append(f"meeting {meeting.held_on} of a pair begun {start}")
    for pk, m in pairs.items():
        if m.status == MentorshipStatus.ACTIVE and not m.planned_start <= today <= m.planned_end:
            problems.append(f"active pair {pk}: {m.planned_start}–{m.planned_end}")
        start = _pair_start(m)
        people = [member.participant_id for member in m.members.all()]
        late = Consent.objects.filter(
            participant__in=people, kind=ConsentKind.PROCESSING, given_on__gt=start
        )
        problems += [f"consent {c.given_on} in pair {pk} begun {start}" for c in late]
    problems += [
        f"consent given in the future: {c.given_on}"
        for c in Consent.objects.filter(given_on__gt=today)
    ]
    items = PlanItem.objects.filter(program__mentorship__in=pairs)
    overdue = [i for i in items if i.is_overdue(today)]
    if len(overdue) > MAX_OVERDUE_PLAN_ITEMS:
        problems.append(
            f"{len(overdue)} plan items overdue: "
            + ", ".join(f"{i.program.mentorship_id}:{i.due_on}" for i in overdue)
        )
    problems += [f"plan item done on {i.done_on}" for i in items if i.done_on and i.done_on > today]
    for roadmap in Roadmap.objects.all():
        first, last = roadmap.period_bounds
        if not first <= today <= last:
            problems.append(f"roadmap {roadmap.period_label} ({roadmap.source_name})")
        overdue = [o for o in Occurrence.objects.filter(roadmap=roadmap) if o.is_overdue(today)]
        if len(overdue) > MAX_OVERDUE_OCCURRENCES:
            problems.append(f"roadmap {roadmap.source_name}: {len(overdue)} overdue")
    for campaign in Campaign.objects.filter(organization__slug__in=DEMO_ORGS):
        addressed = [pairs[pk] for pk in campaign.audience.get("mentorships", []) if pk in pairs]
        begun = max((_pair_start(m) for m in addressed), default=None)
        if begun and campaign.deadline <= begun:
            problems.append(f"«{campaign.title}» due {campaign.deadline}, pairs begun {begun}")
        if campaign.created_at.date() > campaign.deadline:
            problems.append(f"«{campaign.title}» sent after its deadline {campaign.deadline}")
        for response in Response.objects.filter(
            invitation__campaign=campaign, submitted_at__isnull=False
        ):
            day = timezone.localdate(response.submitted_at)
            if not (begun or day) <= day <= min(campaign.deadline, today):
                problems.append(f"«{campaign.title}» answered {day}, due {campaign.deadline}")
    approved = Order.objects.filter(status=OrderStatus.APPROVED).order_by(
        "organization", "year", "sequence"
    )
    previous = None
    for order in approved:
        if order.signed_on > today:
            problems.append(f"order {order.number} signed {order.signed_on}")
        same = previous and previous.organization_id == order.organization_id
        if same and order.signed_on < previous.signed_on:
            problems.append(
                f"order {order.number} of {order.signed_on} after "
                f"{previous.number} of {previous.signed_on}"
            )
        previous = order
    for program in MentoringProgram.objects.all():
        if not program.starts_on <= today <= program.ends_on:
            problems.append(f"programme {program.starts_on}–{program.ends_on}")
    for agreement in MentorAgreement.objects.filter(signed_on__gt=today):
        problems.append(f"agreement signed {agreement.signed_on}")
    for org in {m.organization for m in pairs.values()}:
        problems += [f"destruction overdue: {row}" for row in destruction_overdue(org, today)]
        problems += [
            f"withdrawal overdue: {row['destroy_by']}"
            for row in withdrawal_tasks(org, today)
            if row["overdue"]
        ]
    return problems


def _leading_number(number):
    match = re.match(r"\D*(\d+)", number)
    return int(match.group(1)) if match else None


def demo_register_problems(today):
    """For every organisation of the seeded demo: its registers (orders,
    agreements, acts of destruction) number in date order, nothing is signed
    after ``today``, and an approving order is signed no later than what it
    approves begins (pairs, the roadmap, the programme, the Положение).
    A list of readable strings (empty when consistent)."""
    from documents.models import MentorAgreement, Regulation
    from mentoring.models import DestructionAct, MentoringProgram, Order, OrderStatus
    from roadmaps.models import Roadmap

    problems = []
    for org in Organization.objects.all():
        orders = list(
            Order.objects.filter(organization=org, status=OrderStatus.APPROVED).order_by(
                "year", "sequence"
            )
        )
        for order in orders:
            if order.signed_on > today:
                problems.append(f"{org.slug}: order {order.number} signed {order.signed_on}")
            if order.year != order.signed_on.year or order.sequence != _leading_number(
                order.number
            ):
                problems.append(f"{org.slug}: order {order.number} {order.year}/{order.sequence}")
        for before, after in itertools.pairwise(orders):
            if before.year == after.year and before.sequence == after.sequence:
                problems.append(f"{org.slug}: two orders № {after.number}")
            if after.signed_on < before.signed_on:
                problems.append(
                    f"{org.slug}: order {after.number} of {after.signed_on} after "
                    f"{before.number} of {before.signed_on}"
                )
        for m in Mentorship.objects.filter(organization=org, order__isnull=False).select_related(
            "order"
        ):
            if m.order.is_approved and m.order.signed_on > m.planned_start:
                problems.append(
                    f"{org.slug}: pair {m.pk} begins {m.planned_start}, "
                    f"its order {m.order.number} of {m.order.signed_on}"
                )
        for roadmap in Roadmap.objects.filter(organization=org, order__isnull=False):
            if not roadmap.order.is_approved:
                continue
            first = roadmap.occurrences.order_by("starts_on").first()
            begins = min(roadmap.period_bounds[0], first.starts_on if first else today)
            if roadmap.order.signed_on > begins or roadmap.approved_on != roadmap.order.signed_on:
                problems.append(
                    f"{org.slug}: roadmap begins {begins}, approved {roadmap.approved_on} "
                    f"by {roadmap.order.number} of {roadmap.order.signed_on}"
                )
        for program in MentoringProgram.objects.filter(organization=org, order__isnull=False):
            if program.order.signed_on > program.starts_on:
                problems.append(
                    f"{org.slug}: programme begins {program.starts_on}, "
                    f"its order {program.order.number} of {program.order.signed_on}"
                )
        for regulation in Regulation.objects.filter(organization=org, order__isnull=False):
            if regulation.order.is_approved and (
                regulation.approved_on != regulation.order.signed_on
                or regulation.approved_on > today
            ):
                problems.append(f"{org.slug}: Положение approved {regulation.approved_on}")
        agreements = sorted(
            MentorAgreement.objects.filter(organization=org).exclude(number=""),
            key=lambda a: _leading_number(a.number) or 0,
        )
        for agreement in agreements:
            if agreement.signed_on > today or agreement.signed_on > agreement.starts_on:
                problems.append(
                    f"{org.slug}: agreement {agreement.number} signed {agreement.signed_on}, "
                    f"begins {agreement.starts_on}"
                )
        for before, after in itertools.pairwise(agreements):
            if after.signed_on < before.signed_on:
                problems.append(
                    f"{org.slug}: agreement {after.number} of {after.signed_on} after "
                    f"{before.number} of {before.signed_on}"
                )
        acts = list(DestructionAct.objects.filter(organization=org).order_by("number"))
        for act in acts:
            if timezone.localdate(act.destroyed_at) > today:
                problems.append(f"{org.slug}: act {act.number} of {act.destroyed_at}")
        for before, after in itertools.pairwise(acts):
            if after.destroyed_at < before.destroyed_at:
                problems.append(f"{org.slug}: act {after.number} before act {before.number}")
    return problems


def demo_story_problems(today):
    """QA (a fresh tester): the demo's documents tell one story. Approved
    orders were drafted and submitted shortly before their signing date and
    decided on it (their history too), the Положение was created then and the
    attachment picker shows its approval date; the department's order is
    drafted by the specialist and approved by the head; a pair has one start
    date; the final event's order is approved before the event with its
    details; school № 11 has one director; no headcount is below the bank.
    A list of readable strings (empty when consistent)."""
    from documents.forms import regulation_choice_label
    from documents.models import Regulation
    from mentoring.demo import DEPARTMENT
    from mentoring.models import (
        Event,
        EventKind,
        Order,
        OrderKind,
        OrderStatus,
        Participant,
        TargetGroup,
    )
    from mentoring.services.participants import headcount_shortfalls

    problems = []
    local = timezone.localtime
    for order in Order.objects.filter(status=OrderStatus.APPROVED).select_related("organization"):
        signed, name = order.signed_on, f"{order.organization.slug}: order {order.number}"
        created, submitted, decided = (
            local(order.created_at),
            local(order.submitted_at),
            local(order.decided_at),
        )
        if not (created <= submitted <= decided and decided.date() == signed):
            problems.append(f"{name} of {signed}: {created}, {submitted}, {decided}")
        if (signed - created.date()).days > 7:
            problems.append(f"{name} of {signed} drafted {created}")
        for record in order.history.all():
            day = local(record.history_date).date()
            if not created.date() <= day <= signed:
                problems.append(f"{name} of {signed}: history record of {day}")
    for regulation in Regulation.objects.filter(order__status=OrderStatus.APPROVED):
        approved_on = regulation.approved_on
        if not approved_on or local(regulation.created_at).date() > approved_on:
            problems.append(f"regulation {regulation.pk} created {regulation.created_at}")
        elif f"{approved_on:%d.%m.%Y}" not in regulation_choice_label(regulation):
            problems.append(f"picker: {regulation_choice_label(regulation)}")
    department = Organization.objects.get(slug=DEPARTMENT["slug"])
    for order in Order.objects.filter(organization=department, status=OrderStatus.APPROVED):
        people = (order.created_by.username, order.decided_by.username)
        if people != ("do.specialist", "do.head"):
            problems.append(f"department order {order.number} by {people}")
    for m in Mentorship.objects.filter(activated_on__isnull=False):
        if m.activated_on != m.planned_start:
            problems.append(f"pair {m.pk}: from {m.activated_on} and {m.planned_start}")
    for slug in ["sosh-11", "music-college", "ddt"]:
        org = Organization.objects.get(slug=slug)
        final = Event.objects.filter(organization=org, kind=EventKind.FINAL).first()
        orders = Order.objects.filter(organization=org, kind=OrderKind.FINAL_EVENT)
        if final is None or [o.status for o in orders] != [OrderStatus.APPROVED]:
            problems.append(f"{slug}: final event orders {[o.status for o in orders]}")
            continue
        order = orders.get()
        details = order.details
        if details.get("date") != final.held_on.isoformat() or order.signed_on > final.held_on:
            problems.append(f"{slug}: final event {final.held_on}, order {order.signed_on}")
        if not (details.get("place") and details.get("programme") and details.get("commission")):
            problems.append(f"{slug}: final event order details {details}")
    school = Organization.objects.get(slug="sosh-11")
    director = User.objects.get(username="school.director")
    for head in Participant.objects.filter(organization=school, target_group=TargetGroup.HEAD):
        if head.user_id != director.pk or head.last_name != director.last_name:
            problems.append(f"sosh-11: a second director {head.full_name}")
    academic_year = today.year if today.month >= 9 else today.year - 1
    for org in Organization.objects.exclude(pk=department.pk):
        for row in headcount_shortfalls(org, academic_year):
            problems.append(f"{org.slug}: headcount {row}")
    return problems


def test_headcount_page_warns_when_the_bank_holds_more_than_the_headcount(cast, client_for):
    """QA: 11 young specialists in the bank and a headcount of 6 gave a
    coverage of 66,6 % without a word: the headcount page warns."""
    from mentoring.models import Headcount, Participant, TargetGroup
    from mentoring.views.banks import current_academic_year

    group, in_bank = TargetGroup.YOUNG_SPECIALIST, 3
    for n in range(in_bank):
        Participant.objects.create(
            organization=cast.school, last_name=f"Ивлева{n}", first_name="Ия", target_group=group
        )
    Headcount.objects.create(
        organization=cast.school,
        academic_year=current_academic_year(),
        target_group=group,
        count=in_bank - 1,
    )
    text = client_for(cast.methodist).get("/headcounts/").text
    assert "В банке больше, чем указано в численности" in text
    Headcount.objects.filter(organization=cast.school).update(count=in_bank)
    text = client_for(cast.methodist).get("/headcounts/").text
    assert "В банке больше" not in text
