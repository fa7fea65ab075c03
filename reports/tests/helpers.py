"""Data for the report tests, made in bulk: the reports read the tables, so
the rows are written straight (the services that make them are tested in
the mentoring app)."""

import datetime
import io
import re
import shutil
import subprocess

from django.utils import timezone
from openpyxl import load_workbook

from mentoring.models import (
    Consent,
    ConsentKind,
    Headcount,
    MentoringForm,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    Order,
    OrderKind,
    OrderStatus,
    Participant,
    PersonalProgram,
    PlanItem,
    TargetGroup,
)
from mentoring.services.consents import consent_text_default
from reports.periods import Period

TODAY = datetime.date(2026, 11, 23)
PERIOD = Period.of_year(2026)


def period_now():
    return Period.current(timezone.localdate())


def pairing_order(org, *, sequence=None, signed_on=None):
    if sequence is None:
        sequence = Order.objects.filter(organization=org).count() + 1
    return Order.objects.create(
        organization=org,
        kind=OrderKind.PAIRING,
        title="О закреплении наставнических пар",
        points=["Закрепить пары."],
        status=OrderStatus.APPROVED,
        year=(signed_on or timezone.localdate()).year,
        sequence=sequence,
        number=f"{sequence}-о",
        signed_on=signed_on or timezone.localdate() - datetime.timedelta(days=30),
    )


def people(
    org, count, *, group=TargetGroup.TEACHER, mentor=False, prefix="Лицо", birth=None, **extra
):
    rows = [
        Participant(
            organization=org,
            last_name=f"{prefix}{i:05d}",
            first_name="Анна",
            patronymic="Ивановна",
            birth_date=birth or datetime.date(1980, 1, 1),
            target_group=group,
            position="Учитель",
            is_mentor=mentor,
            is_mentee=not mentor,
            mentor_status="approved" if mentor else "",
            **extra,
        )
        for i in range(count)
    ]
    return Participant.objects.bulk_create(rows)


def consents(participants, kind=ConsentKind.PROCESSING, *, given_on=None, **fields):
    if not participants:
        return []
    text = consent_text_default(participants[0].organization, kind)
    given_on = given_on or timezone.localdate() - datetime.timedelta(days=60)
    return Consent.objects.bulk_create(
        [
            Consent(participant=p, kind=kind, text=text, given_on=given_on, **fields)
            for p in participants
        ]
    )


def pairs(
    org,
    mentors,
    mentees,
    *,
    status=MentorshipStatus.ACTIVE,
    form=None,
    order=None,
    activated_on=None,
    ended_on=None,
    items=(("done", 2), ("planned", 2)),
):
    """One mentorship per (mentor, mentee), with a programme whose plan has
    ``items``: (status, how many)."""
    form = (
        form
        or MentoringForm.objects.get_or_create(
            organization=org, name="Педагог – молодой специалист"
        )[0]
    )
    order = order or pairing_order(org)
    today = timezone.localdate()
    activated_on = activated_on or today - datetime.timedelta(days=30)
    if status == MentorshipStatus.COMPLETED and ended_on is None:
        ended_on = today - datetime.timedelta(days=1)
    made = Mentorship.objects.bulk_create(
        [
            Mentorship(
                organization=org,
                form=form,
                status=status,
                planned_start=activated_on,
                planned_end=activated_on + datetime.timedelta(days=300),
                activated_on=activated_on,
                ended_on=ended_on,
                order=order,
            )
            for _ in mentors
        ]
    )
    members = []
    for mentorship, mentor, mentee in zip(made, mentors, mentees, strict=True):
        members.append(
            MentorshipMember(mentorship=mentorship, participant=mentor, role="lead", form=form)
        )
        members.append(
            MentorshipMember(
                mentorship=mentorship,
                participant=mentee,
                role="mentee",
                form=form,
                active=status == MentorshipStatus.ACTIVE,
            )
        )
    MentorshipMember.objects.bulk_create(members)
    programs = PersonalProgram.objects.bulk_create(
        [PersonalProgram(mentorship=m, goals="Цели", tasks="Задачи") for m in made]
    )
    plan = []
    for program in programs:
        position = 0
        for item_status, count in items:
            for _ in range(count):
                position += 1
                plan.append(
                    PlanItem(
                        program=program,
                        position=position,
                        title=f"Пункт {position}",
                        due_on=today + datetime.timedelta(days=30),
                        status=item_status,
                        done_on=today if item_status == "done" else None,
                    )
                )
    PlanItem.objects.bulk_create(plan)
    return made


def headcount(org, group, count, year=None):
    Headcount.objects.update_or_create(
        organization=org,
        academic_year=year or period_now().academic_year,
        target_group=group,
        defaults={"count": count},
    )


def workbook(content):
    return load_workbook(io.BytesIO(content), read_only=False)


def sheet_rows(content, sheet=0):
    wb = workbook(content)
    ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def pdf_text(pdf):
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is required"
    result = subprocess.run(  # noqa: S603 - a fixed local tool on our own bytes
        [tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return re.sub("\u2010\\n\\s*", "", result.stdout.decode())


def monitoring_cells(html):
    """The department monitoring page's cells: {organisation slug: {key:
    text}}, gathered over its thematic tables (a row per organisation in
    each, marked data-org; the cells marked data-key)."""
    cells = {}
    for slug, row in re.findall(r'<tr data-org="([\w-]+)">(.*?)</tr>', html, re.S):
        cells.setdefault(slug, {}).update(re.findall(r'data-key="(\w+)">([^<]*)<', row))
    return cells


def monitoring_heads(html):
    """The headers (<thead>) of all the monitoring page's tables, joined."""
    return "".join(re.findall(r"<thead.*?</thead>", html, re.S))


def plain(name):
    """A row or column name of the analytic workbook without the number of
    its definition: "Участников [5]" → "Участников"."""
    return re.sub(r" \[\d+(?:, \d+)*\]$", "", name) if isinstance(name, str) else name
