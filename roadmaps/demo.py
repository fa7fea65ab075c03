"""Demo roadmaps and indicators (called by ``manage.py seed_demo``).

The school gets the sample roadmap of МАОУ «СОШ № 11», the ДДТ its own
sample, the college the 2025–2026 plan for pedagogical workers (whose stages
have no deadline column: a few get dates by hand), the department a small
municipal roadmap assigned to its organisations, all moved to the current
year. What was due is done with evidence, except the latest one or two, so
that a fresh demo shows "просрочено" without a dozen overdue items.
Indicators with targets and one quarterly snapshot.
Idempotent: an organisation that already has its demo roadmap is skipped.
"""

import datetime
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mentoring.models import Membership, Role

from .importing import parse_roadmap
from .indicators import snapshot_indicators
from .models import (
    Activity,
    Indicator,
    IndicatorEntry,
    IndicatorKind,
    IndicatorTarget,
    Occurrence,
    Roadmap,
)
from .services import (
    activity_set_dates,
    activity_set_people,
    occurrence_mark_done,
    period_from_title,
    roadmap_import,
    roadmap_order_create,
)

SAMPLES = Path(__file__).resolve().parent / "demo_samples"
SHARED_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "roadmaps"
DEMO_FILES = {
    "sosh-11": "sosh11-2021-2024.docx",
    "ddt": "ddt-2022.docx",
    "music-college": "pedagogi-2025-2026.docx",
}
MUNICIPAL_SOURCE = "демо: муниципальная дорожная карта"
# A one-page PDF, enough to show a downloadable evidence file.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _sample(name):
    for folder in (SAMPLES, SHARED_SAMPLES):
        if (folder / name).is_file():
            return folder / name
    return None


def _user(org, role):
    membership = (
        Membership.objects.filter(organization=org, role=role).select_related("user").first()
    )
    return membership.user if membership else None


def _mark_some_done(roadmap, by, *, overdue=1, today):
    """Mark the occurrences already due as done, with evidence, except the
    ``overdue`` latest ones, which stay overdue."""
    due = list(roadmap.occurrences.filter(ends_on__lt=today).order_by("ends_on", "pk"))
    for index, occurrence in enumerate(due[: max(0, len(due) - overdue)]):
        done_on = min(occurrence.ends_on - datetime.timedelta(days=index % 3), today)
        done_on = max(done_on, occurrence.starts_on)
        evidence = None
        if index % 4 == 0:
            evidence = ContentFile(TINY_PDF, name="spravka.pdf")
        occurrence_mark_done(
            occurrence=occurrence,
            done_on=done_on,
            comment="Выполнено, материалы в папке куратора.",
            link="https://example.org/nastavnichestvo" if index % 2 else "",
            evidence=evidence,
            evidence_name="Справка о выполнении.pdf" if evidence else "",
            by=by,
        )


def _import(org, name, by):
    path = _sample(name)
    if path is None or Roadmap.objects.filter(organization=org, source_name=name).exists():
        return None
    parsed = parse_roadmap(path, name)
    start, end = period_from_title(parsed["title"])
    roadmap = roadmap_import(
        organization=org,
        parsed=parsed,
        period_start=start,
        period_end=end,
        source_name=name,
        by=by,
    )
    _move_to_current_year(roadmap, timezone.localdate())
    _retitle(roadmap, org, name)
    return roadmap


# The sample files name the schools they were written for; the demo roadmap
# names the demo organisation instead (the years are moved in the title too).
TITLE_NAMES = {
    "sosh11-2021-2024.docx": "МАОУ «СОШ № 11»",
    "ddt-2022.docx": "МКОУ ДО — Дом детского творчества",
}


def _retitle(roadmap, org, name):
    title = roadmap.title
    if name in TITLE_NAMES:
        title = title.replace(TITLE_NAMES[name], org.short_name)
    if title != roadmap.title:
        Roadmap.objects.filter(pk=roadmap.pk).update(title=title)
        roadmap.title = title


def _shift_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def shift_years_in_text(text, years):
    """``text`` with each year moved by ``years``, a range of years written
    with an en dash, and the noun of a range of several years in the plural:
    «на 2021-2024 год» → «на 2026–2029 годы», «2021-2022 учебный год» →
    «2026–2027 учебный год»."""
    text = re.sub(r"\b20\d\d\b", lambda m: str(int(m.group()) + years), text)

    def plural(match):
        first, last, adjective = int(match[1]), int(match[2]), match[3] or ""
        if last - first <= 1:
            return f"{first}–{last} {adjective}год"
        return f"{first}–{last} {'учебные ' if adjective else ''}годы"

    text = re.sub(r"\b(20\d\d)\s*[-–—]\s*(20\d\d)\s+(учебный\s+)?год\b", plural, text)
    return re.sub(r"\b(20\d\d)\s*-\s*(20\d\d)\b", r"\1–\2", text)


def _move_to_current_year(roadmap, today):
    """The sample files are plans for past years (2021–2024, 2022): the demo
    roadmap keeps its stages but starts in the current year (academic year for
    a multi-year plan), so that the demo is never "просрочено 14" on its first day."""
    if roadmap.period_start == roadmap.period_end:
        target = today.year
    else:
        target = today.year if today.month >= 9 else today.year - 1
    years = target - roadmap.period_start
    if not years:
        title = shift_years_in_text(roadmap.title, 0)  # the en dash, «годы»
        Roadmap.objects.filter(pk=roadmap.pk).update(title=title)
        roadmap.title = title
        return
    Roadmap.objects.filter(pk=roadmap.pk).update(
        period_start=roadmap.period_start + years, period_end=roadmap.period_end + years
    )
    roadmap.period_start += years
    roadmap.period_end += years
    # «на 2021-2024 год» → the moved years, so that the title and the period agree.
    title = shift_years_in_text(roadmap.title, years)
    Roadmap.objects.filter(pk=roadmap.pk).update(title=title)
    roadmap.title = title
    # An activity may name the sample's years too («Разработка дорожной карты
    # на 2021-2024 учебный год»): moved like the title.
    for activity in Activity.objects.filter(roadmap=roadmap, title__regex=r"20[0-9][0-9]"):
        activity.title = shift_years_in_text(activity.title, years)
        activity.save(update_fields=["title"])
    for occurrence in Occurrence.objects.filter(activity__roadmap=roadmap):
        occurrence.starts_on = _shift_years(occurrence.starts_on, years)
        occurrence.ends_on = _shift_years(occurrence.ends_on, years)
        occurrence.save(update_fields=["starts_on", "ends_on"])


def _municipal_parsed(year):
    def item(number, title, deadline, responsible, result=""):
        return {
            "number": number,
            "title": title,
            "content": "",
            "deadline_text": deadline,
            "responsible": responsible,
            "expected_result": result,
            "indicators": "",
            "documents": "",
            "children": [],
        }

    def stage(number, title, activities):
        return {**item(number, title, "", ""), "activities": activities}

    return {
        "title": "Муниципальная дорожная карта внедрения целевой модели наставничества "
        f"на {year}–{year + 1} учебный год",
        "stages": [
            stage(
                "1",
                "Нормативное и организационное обеспечение",
                [
                    item(
                        "1.1",
                        "Утверждение программ наставничества в образовательных организациях",
                        f"До 01.10.{year}",
                        "Руководители ОО",
                        "Программы утверждены приказами",
                    ),
                    item(
                        "1.2",
                        "Мониторинг реализации целевой модели наставничества (аналитический сбор)",
                        "Март, июнь, сентябрь, декабрь",
                        "Руководители ОО",
                        "Сведения представлены в департамент",
                    ),
                ],
            ),
            stage(
                "2",
                "Методическое сопровождение",
                [
                    item(
                        "2.1",
                        "Муниципальный семинар «Наставничество: практики и результаты»",
                        f"Ноябрь {year}",
                        "Специалист департамента",
                        "Проведён семинар",
                    ),
                    item(
                        "2.2",
                        "Формирование пар «руководитель-наставник – молодой руководитель»",
                        f"{year}–{year + 1} учебный год",
                        "Руководители ОО",
                        "Не менее 5 пар",
                    ),
                ],
            ),
        ],
    }


def _municipal(department, children, today):
    if Roadmap.objects.filter(organization=department, source_name=MUNICIPAL_SOURCE).exists():
        return
    year = today.year if today.month >= 9 else today.year - 1
    roadmap = roadmap_import(
        organization=department,
        parsed=_municipal_parsed(year),
        period_start=year,
        period_end=year + 1,
        source_name=MUNICIPAL_SOURCE,
    )
    activities = {a.number: a for a in roadmap.activities.filter(depth=1)}
    for number in ("1.1", "1.2"):
        activity_set_people(activity=activities[number], users=[], organizations=children)
    activity_set_people(activity=activities["2.2"], users=[], organizations=children[:2])
    specialist = _user(department, Role.SPECIALIST)
    if specialist:
        activity_set_people(activity=activities["2.1"], users=[specialist])
    # The first organisation reported on everything due; the next two are
    # late with their latest report (the others of a department at scale
    # report nothing: seed_demo --department-scale stays fast).
    for index, org in enumerate(children[:3]):
        due = list(
            roadmap.occurrences.filter(organization=org, ends_on__lt=today).order_by("ends_on")
        )
        director = _user(org, Role.DIRECTOR)
        for occurrence in due if index == 0 else due[:-1]:
            occurrence_mark_done(
                occurrence=occurrence,
                done_on=occurrence.ends_on,
                comment=f"Отчёт {org.short_name} направлен в департамент.",
                by=director,
            )


def _indicators(org, specs):
    for position, (name, kind, fields, targets) in enumerate(specs, start=1):
        indicator, _ = Indicator.objects.update_or_create(
            organization=org,
            name=name,
            defaults={"kind": kind, "position": position, **fields},
        )
        for year, value in targets.items():
            IndicatorTarget.objects.update_or_create(
                indicator=indicator, year=year, defaults={"value": value}
            )


def _roadmap_order_day(roadmap, today):
    """The day the demo roadmap's approving order is signed: before the
    roadmap's first stage starts (the last weekday before it), and no later
    than the demo's other orders of the year (26.08 of the day the demo was
    written for, moved with it; see mentoring.demo.datetime_date), so that it
    comes first in the register. Never after ``today``."""
    from mentoring.demo import datetime_date

    first = roadmap.occurrences.order_by("starts_on").values_list("starts_on", flat=True).first()
    start = min(filter(None, (first, roadmap.period_bounds[0])))
    day = start - datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return min(day, datetime_date(2026, 8, 26), today)


@transaction.atomic
def seed_before_mentoring(orgs):
    """The organisations' roadmaps, and the school's order approving its
    roadmap: run before the other demo orders (documents.demo, the pairs'
    order), since that order is dated before the roadmap's year starts and
    so comes first in the register."""
    today = timezone.localdate()
    for slug, name in DEMO_FILES.items():
        org = orgs.get(slug)
        if org is None:
            continue
        methodist = _user(org, Role.METHODIST)
        roadmap = _import(org, name, methodist)
        if roadmap is None:
            continue
        activities = list(roadmap.activities.filter(is_tracked=True).order_by("position"))
        if slug == "music-college":
            # No deadline column: the methodist gives the first stages dates by hand.
            for index, activity in enumerate(activities[:4]):
                start = datetime.date(roadmap.period_start, 9 + index, 1)
                activity_set_dates(
                    activity=activity, windows=[(start, start + datetime.timedelta(days=27))]
                )
        people = [u for u in (methodist, _user(org, Role.COORDINATOR)) if u]
        for activity in activities[:6]:
            activity_set_people(activity=activity, users=people[:1])
        mentor = _user(org, Role.MENTOR)
        if mentor and len(activities) > 6:
            activity_set_people(activity=activities[6], users=[mentor])
        _mark_some_done(roadmap, methodist, today=today)
        if slug == "sosh-11":
            # The school's roadmap is approved by an order, so that the
            # dashboard and the public section show its progress.
            from mentoring.services.orders import order_approve, order_submit

            order = roadmap_order_create(roadmap=roadmap, by=methodist)
            order_submit(order=order, by=methodist)
            order_approve(
                order=order,
                by=_user(org, Role.DIRECTOR),
                on_date=_roadmap_order_day(roadmap, today),
            )


@transaction.atomic
def seed(orgs):
    """The municipal roadmap, the indicators with targets and the quarterly
    snapshots (after the pairs, which the snapshots count)."""
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    department = next((o for o in orgs.values() if o.is_department), None)
    children = [o for o in orgs.values() if not o.is_department]

    if department is not None and len(children) >= 2:
        _municipal(department, children, today)

    standard_targets = [
        (
            "Охват обучающихся наставничеством",
            IndicatorKind.COVERAGE,
            {"target_group": "school_student"},
            {year: 10, year + 1: 40, year + 2: 70},
        ),
        (
            "Охват педагогических работников",
            IndicatorKind.COVERAGE,
            {"target_group": "teacher"},
            {year: 10, year + 2: 30},
        ),
        ("Согласия на обработку персональных данных", IndicatorKind.CONSENTS, {}, {year: 100}),
        (
            "Пары «Педагог – молодой специалист»",
            IndicatorKind.ACTIVE_MENTORSHIPS,
            {"form_name": "Педагог – молодой специалист", "unit": "шт."},
            {year: 5},
        ),
        (
            "Занятий на группу наставников",
            IndicatorKind.TRAINING_SESSIONS,
            {"unit": "шт."},
            {year: 2},
        ),
        ("Дорожная карта выполнена в срок", IndicatorKind.ROADMAP_ON_TIME, {}, {year: 100}),
        (
            "Представители в региональных мероприятиях",
            IndicatorKind.MANUAL,
            {"unit": "чел."},
            {year: 3},
        ),
    ]
    for org in children:
        _indicators(org, standard_targets)
        manual = Indicator.objects.get(organization=org, kind=IndicatorKind.MANUAL)
        if not manual.entries.exists():
            IndicatorEntry.objects.create(
                indicator=manual, on_date=today, value=2, comment="по итогам конкурса"
            )
    if department is not None:
        _indicators(
            department,
            [
                (
                    # The municipal roadmap counts the organisations'
                    # programmes, not the personalised programmes of pairs.
                    "Программы наставничества организаций",
                    IndicatorKind.MENTORING_PROGRAMS,
                    {"unit": "шт."},
                    {2023: 25, 2024: 35, 2025: 45},
                ),
                (
                    "Пары «руководитель-наставник – молодой руководитель»",
                    IndicatorKind.ACTIVE_MENTORSHIPS,
                    {"form_name": "Руководитель-наставник – молодой руководитель", "unit": "шт."},
                    {year: 5},
                ),
                (
                    "Охват обучающихся наставничеством",
                    IndicatorKind.COVERAGE,
                    {"target_group": "school_student"},
                    {year: 10, year + 2: 70},
                ),
                ("Дорожная карта выполнена в срок", IndicatorKind.ROADMAP_ON_TIME, {}, {year: 100}),
            ],
        )
    # The previous quarter's snapshot too: the analytic report's table of
    # changes compares the two (figures computed on that quarter's last day).
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    previous_quarter_end = quarter_start - datetime.timedelta(days=1)
    snapshot_indicators(previous_quarter_end, organizations=list(orgs.values()))
    snapshot_indicators(today, organizations=list(orgs.values()))


def seed_department_scale(department, children):
    """The municipal roadmap of the scale department (seed_demo
    --department-scale), assigned to all its organisations."""
    with transaction.atomic():
        _municipal(department, children, timezone.localdate())
