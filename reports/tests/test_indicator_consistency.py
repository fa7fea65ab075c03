"""One figure per indicator everywhere: for every organisation of the demo
data, the home page, the dashboard, the analytic report (PDF text and XLSX
cells), the department's monitoring (page and XLSX) and the quarterly
snapshots show what mentoring.indicators computes — and each other."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentoring import indicators as defs
from mentoring.models import Membership, Organization, Role
from reports import builders, services
from reports.periods import Period, Quarter
from roadmaps.indicators import definition_code, definition_param, snapshot_indicators
from roadmaps.models import Indicator, IndicatorSnapshot

from .helpers import monitoring_cells, pdf_text, plain, sheet_rows, workbook


def report_numbers(organization):
    """{definition code: its footnote number} in the organisation's analytic
    report of the current period: the report lists only the definitions it
    cites, so the numbers are the report's own, not the registry's."""
    from reports.pdf import analytic_context
    from reports.services import parse_period

    data = builders.analytic_data(organization, parse_period("analytic", ""))
    return analytic_context(data)["definition_numbers"]


pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'data-indicator="(\w+)"[^>]*>([^<]*)<')


def parse(text):
    """'12,5' → Decimal('12.5'); '—' → None; '1 234' → 1234."""
    text = text.replace("\u00a0", "").replace(" ", "").strip()
    if text in ("—", "", "нетданных"):
        return None
    return Decimal(text.replace(",", "."))


def number(value):
    # The monitoring XLSX writes an unknown figure as «нет данных».
    return None if value in (None, "нет данных") else Decimal(str(value))


def html_figures(html):
    """{code: [values]} of every figure marked with data-indicator."""
    found = {}
    for code, value in FIGURE.findall(html):
        found.setdefault(code, []).append(parse(value))
    return found


def record(seen, surface, code, value):
    seen.setdefault(code, {}).setdefault(surface, set()).add(number(value))


@pytest.fixture
def demo(client):
    """The department and its organisations seeded in full (not the minimal
    second school that only holds the young head of the head pair)."""
    from mentoring.demo import full_demo_slugs

    call_command("seed_demo")
    department = Organization.objects.get(slug="demo-do")
    full = full_demo_slugs()
    return department, [o for o in builders.child_organizations(department) if o.slug in full]


def test_every_surface_shows_the_same_figure_for_every_demo_organisation(demo, client):
    department, organizations = demo
    today = timezone.localdate()
    period = Period.current(today)
    codes = list(defs.REGISTRY)
    expected = defs.compute(codes, [o.pk for o in organizations], today)

    # The department's monitoring: its page and its XLSX for the quarter.
    specialist = Membership.objects.filter(organization=department, role=Role.SPECIALIST).first()
    client.force_login(specialist.user)
    monitoring_html = client.get("/dashboard/department/").content.decode()
    monitoring = {
        slug: {k: parse(v) for k, v in cells.items() if k in builders.INDICATOR_DEFINITION}
        for slug, cells in monitoring_cells(monitoring_html).items()
    }
    built = services.report_build(
        organization=department,
        kind="monitoring",
        fmt="xlsx",
        period=Quarter.current(today).code,
    )
    rows = sheet_rows(built.content)
    header = rows[0]
    monitoring_xlsx = {r[1]: dict(zip(header, r, strict=False)) for r in rows[1:]}
    labels = dict(builders.MONITORING_COLUMNS)

    snapshot_indicators(today, organizations=organizations)
    checked = roadmap_orgs = training_orgs = survey_orgs = 0
    for org in organizations:
        seen = {}
        figures = expected[org.pk]
        for code, figure in figures.items():
            record(seen, "definition", code, figure.value)

        director = Membership.objects.get(organization=org, role=Role.DIRECTOR).user
        client.force_login(director)
        for surface, url in (("home", "/"), ("dashboard", "/dashboard/")):
            response = client.get(url)
            assert response.status_code == 200
            for code, values in html_figures(response.content.decode()).items():
                for value in values:
                    record(seen, surface, code, value)

        # Analytic report, PDF: the general table, footnote numbers → codes.
        numbers = report_numbers(org)
        text = pdf_text(services.report_build(organization=org, kind="analytic", fmt="pdf").content)
        general = text[text.index("Номер в скобках") : text.index("Встреч наставников и")]
        for code, n in numbers.items():
            match = re.search(rf"\[{n}\]\s+([0-9][0-9 \u00a0,]*|—)\s*\n", general)
            if match:
                record(seen, "pdf", code, parse(match[1]))
        if "Занятий на группу наставников" in text:
            training = text[text.index("Занятий на группу наставников") :]
            n = numbers["training_sessions"]
            match = re.search(rf"\[{n}\]\s+([0-9][0-9 \u00a0,]*|—)\s*\n", training)
            record(seen, "pdf", "training_sessions", parse(match[1]))

        # Analytic report, XLSX: the general sheet and the coverage sheet.
        content = services.report_build(organization=org, kind="analytic", fmt="xlsx").content
        book = workbook(content)
        general_cells = {
            plain(r[0]): r[1] for r in book["Общие сведения"].iter_rows(values_only=True)
        }
        for key, code in builders.INDICATOR_DEFINITION.items():
            if labels.get(key) in general_cells and key.endswith(
                ("percent", "s", "without_mentor", "survey_participation")
            ):
                part = next(p for k, _c, p in builders.INDICATOR_FIELDS if k == key)
                if part == "value":
                    record(seen, "xlsx", code, general_cells[labels[key]])
        reached = {}
        for row in list(book["Охват"].iter_rows(values_only=True))[1:]:
            code = next(c for c in builders.COVERAGE_CODES if defs.get(c).label == plain(row[0]))
            record(seen, "xlsx", code, row[3])
            reached[code] = row[5]

        # Monitoring page and XLSX.
        for key, code in builders.INDICATOR_DEFINITION.items():
            part = next(p for k, _c, p in builders.INDICATOR_FIELDS if k == key)
            if part != "value":
                continue
            record(seen, "monitoring", code, monitoring[org.slug][key])
            record(seen, "monitoring_xlsx", code, monitoring_xlsx[org.short_name][labels[key]])

        # Quarterly snapshots and the roadmap's indicators (with "target met").
        for indicator in Indicator.objects.filter(organization=org):
            code = definition_code(indicator)
            if code is None or definition_param(indicator):
                continue
            snap = IndicatorSnapshot.objects.get(
                indicator=indicator, year=today.year, month=3 * ((today.month - 1) // 3 + 1)
            )
            if figures[code].value is not None:
                record(seen, "snapshot", code, snap.value)
                if reached.get(code):
                    met = snap.value >= snap.target if snap.target is not None else None
                    assert ("да" if met else "нет") == reached[code], (org, code)

        for code, surfaces in seen.items():
            values = set().union(*surfaces.values())
            assert len(values) == 1, f"{org.short_name}: {code} differs: {surfaces}"
            checked += len(surfaces) > 1
        # The main indicators are really shown on several surfaces.
        for code in ("consents", "coverage_teachers", "active_pairs"):
            assert len(seen[code]) >= 4, (org.short_name, code, seen[code])
        assert {"home", "dashboard", "pdf", "xlsx", "monitoring", "snapshot"} <= set(
            seen["consents"]
        ), seen["consents"]
        # The roadmap's completion on the home card and the dashboard's
        # roadmap block is the "roadmap_done" definition's figure, the one
        # the analytic report (PDF and XLSX) and the monitoring show.
        if figures["roadmap_done"].value is not None:
            roadmap_orgs += 1
            assert {"home", "dashboard", "pdf", "xlsx", "monitoring", "monitoring_xlsx"} <= set(
                seen["roadmap_done"]
            ), (org.short_name, seen["roadmap_done"])
        # The home card of pairs and groups: pairs at work and mentees
        # without a mentor are the definitions' figures.
        assert {"home", "dashboard", "pdf", "monitoring"} <= set(seen["active_pairs"])
        assert {"home", "dashboard", "monitoring"} <= set(seen["without_mentor"])
        # Every indicator the dashboard shows is in the analytic report (PDF
        # and XLSX, with its definition number) and in the monitoring.
        assert {"home", "dashboard", "pdf", "xlsx", "monitoring", "monitoring_xlsx"} <= set(
            seen["without_mentor"]
        ), (org.short_name, seen["without_mentor"])
        if figures["survey_participation"].value is not None:
            survey_orgs += 1
            assert {"dashboard", "pdf", "xlsx", "monitoring", "monitoring_xlsx"} <= set(
                seen["survey_participation"]
            ), (org.short_name, seen["survey_participation"])
        if figures["roadmap_on_time"].value is not None:
            assert {"dashboard", "pdf", "xlsx", "monitoring", "monitoring_xlsx"} <= set(
                seen["roadmap_on_time"]
            ), (org.short_name, seen["roadmap_on_time"])
        # The training of mentors: the home card and the dashboard's block.
        if figures["training_sessions"].value is not None:
            training_orgs += 1
            assert {"home", "dashboard", "pdf", "monitoring", "monitoring_xlsx"} <= set(
                seen["training_sessions"]
            ), (
                org.short_name,
                seen["training_sessions"],
            )
    assert checked >= 10 * len(organizations)
    assert roadmap_orgs >= 1 and training_orgs >= 1 and survey_orgs >= 1, (
        roadmap_orgs,
        training_orgs,
        survey_orgs,
    )
    assert period.academic_year == defs.academic_year_start(today).year


def test_pedagogical_workers_are_teachers_and_young_specialists_mentors_and_mentees(demo):
    _department, organizations = demo
    today = timezone.localdate()
    school = next(o for o in organizations if o.slug == "sosh-11")
    figure = defs.compute(["coverage_teachers"], [school.pk], today)[school.pk]["coverage_teachers"]
    covered = defs.covered_by_group([school.pk], today)[school.pk]
    heads = defs.headcounts_by_group([school.pk], defs.academic_year_start(today).year)[school.pk]
    assert figure.part == covered.get("teacher", 0) + covered.get("young_specialist", 0)
    assert figure.whole == heads["teacher"] + heads.get("young_specialist", 0)
    assert figure.value == defs.percent(figure.part, figure.whole)


def test_one_rounding_rule_rounds_down_to_a_tenth():
    assert defs.percent(649, 1000) == Decimal("64.9")
    assert defs.percent(2, 3) == Decimal("66.6")
    assert defs.percent(999, 1000) == Decimal("99.9")
    assert defs.percent(9999, 10000) == Decimal("99.9")
    assert defs.percent(1, 1) == Decimal("100.0")
    assert defs.percent(1, 0) is None


def test_every_definition_says_what_population_date_rounding_and_target():
    for definition in defs.definitions():
        text = definition.describe()
        for part in ("Что считается:", "Совокупность:", "Дата:", "Округление:"):
            assert part in text, definition.code
        if definition.target is not None:
            assert "Цель:" in text and definition.target_source


def test_the_dashboard_and_home_page_show_definitions(demo, client):
    _department, organizations = demo
    org = organizations[0]
    director = Membership.objects.get(organization=org, role=Role.DIRECTOR).user
    client.force_login(director)
    dashboard = client.get("/dashboard/").content.decode()
    assert "Как считаются показатели" in dashboard
    assert 'title="Что считается: педагогические работники, включая молодых' in dashboard
    home = client.get("/").content.decode()
    assert 'data-indicator="consents"' in home
    assert "Что считается: участники банков с действующим" in home


def test_monitoring_xlsx_has_the_municipal_columns_with_demo_values(demo):
    from mentoring.models import Order, OrderKind, OrderStatus

    department, organizations = demo
    today = timezone.localdate()
    built = services.report_build(
        organization=department, kind="monitoring", fmt="xlsx", period=Quarter.current(today).code
    )
    rows = sheet_rows(built.content)
    header = rows[0]
    by_org = {r[1]: dict(zip(header, r, strict=False)) for r in rows[1:]}
    school, ddt = by_org["МБОУ СОШ № 11"], by_org["МБУ ДО «ДДТ»"]
    college = by_org["ГБПОУ «Музыкальный колледж»"]
    second_school = by_org["МБОУ СОШ № 5"]
    head_pairs = "Пары «руководитель-наставник – молодой руководитель»"
    # The head of school № 11 mentors the young head of school № 5: one
    # pair of the department across two schools, counted once in the total.
    assert (
        school[head_pairs],
        second_school[head_pairs],
        ddt[head_pairs],
        college[head_pairs],
    ) == (1, 1, 0, 0)
    assert by_org["Итого"][head_pairs] == 1
    assert school["Дорожная карта утверждена"] == "да"
    assert "Педагог – молодой специалист: " in school["Формы наставничества (пар и групп)"]
    for org in organizations:
        approved = Order.objects.filter(
            organization=org, kind=OrderKind.PAIRING, status=OrderStatus.APPROVED
        ).count()
        assert by_org[org.short_name]["Приказов о закреплении пар (утверждено)"] == approved
        # The package of local acts: the Regulation and the roadmap approved by orders.
        for label, kind in (
            ("Положение о наставничестве утверждено", OrderKind.REGULATION),
            ("Дорожная карта утверждена", OrderKind.ROADMAP),
        ):
            has = Order.objects.filter(
                organization=org, kind=kind, status=OrderStatus.APPROVED
            ).exists()
            assert by_org[org.short_name][label] == ("да" if has else "нет"), (org, label)
    assert "Охват руководителей, %" in header
    # The department's order approved by its head, with the pair in the appendix.
    order = Order.objects.get(organization=department, kind=OrderKind.PAIRING)
    assert order.status == OrderStatus.APPROVED
    assert order.decided_by.username == "do.head"
    pair = order.mentorships.get()
    schools = {m.participant.organization for m in pair.members.all()}
    assert {o.slug for o in schools} == {"sosh-11", "sosh-5"}
    assert {o.kind for o in schools} == {"school"}
    assert all(o.parent_id == department.pk for o in schools)


def test_monitoring_says_no_data_for_a_quarter_without_data(cast):
    import datetime

    from mentoring.models import TargetGroup

    from .helpers import pairs, people

    quarter = Quarter.current(timezone.localdate())
    other = cast.other_school
    mentors = people(other, 2, mentor=True, prefix="Новая")
    mentees = people(other, 2, group=TargetGroup.YOUNG_SPECIALIST, prefix="Новый")
    pairs(other, mentors, mentees, activated_on=quarter.start + datetime.timedelta(days=1))
    built = services.report_build(
        organization=cast.department, kind="monitoring", fmt="xlsx", period=quarter.code
    )
    book = workbook(built.content)
    change = list(book.worksheets[1].iter_rows(values_only=True))
    header = change[0]
    row = next(r for r in change if r[1] == other.short_name)
    col = header.index(f"Действующих пар и групп: {quarter.previous().label}")
    assert row[col : col + 3] == ("нет данных", 2, "нет данных")


def test_specialist_drills_into_an_organisation_dashboard_without_personal_data(cast, client_for):
    from mentoring.factories import OrganizationFactory
    from mentoring.models import TargetGroup

    from .helpers import consents, pairs, people

    mentors = people(cast.school, 2, mentor=True, prefix="Наставникова")
    pupils = people(cast.school, 2, group=TargetGroup.SCHOOL_STUDENT, prefix="Ученикова")
    pairs(cast.school, mentors, pupils)
    consents(mentors)
    client = client_for(cast.specialist)
    monitoring = client.get("/dashboard/department/").content.decode()
    assert f"/dashboard/department/{cast.school.slug}/" in monitoring
    response = client.get(f"/dashboard/department/{cast.school.slug}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Сводка по программе наставничества" in text
    assert 'data-indicator="active_pairs">2<' in text
    # Figures only: no names, no contacts, no links into the school's lists.
    for person in mentors + pupils:
        assert person.last_name not in text
        if person.email:
            assert person.email not in text
    assert "/mentorships/" not in text and "/consents/" not in text
    elsewhere = OrganizationFactory(slug="elsewhere", short_name="Чужая школа")
    assert client.get(f"/dashboard/department/{elsewhere.slug}/").status_code == 404
    assert client.get(f"/dashboard/department/{cast.department.slug}/").status_code == 404


def test_analytic_report_counts_forms_and_types_of_mentoring(cast):
    from mentoring.models import MentoringForm, MentoringType, TargetGroup

    from .helpers import pairs, people

    reverse = MentoringForm.objects.create(
        organization=cast.school,
        name="Молодой специалист – педагог (цифровые инструменты)",
        mentoring_type=MentoringType.REVERSE,
    )
    mentors = people(cast.school, 3, mentor=True, prefix="Опытная")
    mentees = people(cast.school, 3, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молодая")
    pairs(cast.school, mentors[:2], mentees[:2])
    pairs(cast.school, mentors[2:], mentees[2:], form=reverse)
    content = services.report_build(organization=cast.school, kind="analytic", fmt="xlsx").content
    book = workbook(content)
    types = {r[0]: r[1] for r in list(book["Виды"].iter_rows(values_only=True))[1:]}
    assert types == {"Традиционное (один на один)": 2, "Реверсивное": 1}
    forms = {r[0]: r[1] for r in list(book["Формы"].iter_rows(values_only=True))[1:]}
    assert forms[reverse.name] == "Реверсивное"
    text = pdf_text(
        services.report_build(organization=cast.school, kind="analytic", fmt="pdf").content
    )
    assert re.search(r"Реверсивное\s+1\s+1\s+1", text)


def test_department_counts_organisations_programmes_not_personal_ones(demo, client):
    from mentoring.models import MentoringProgram, PersonalProgram
    from roadmaps.indicators import actual

    department, organizations = demo
    today = timezone.localdate()
    indicator = Indicator.objects.get(organization=department, kind="mentoring_programs")
    approved = MentoringProgram.objects.filter(
        organization__in=organizations, order__status="approved"
    ).count()
    assert approved == 3
    assert PersonalProgram.objects.filter(mentorship__organization__in=organizations).count() > 3
    assert actual(indicator, today) == (Decimal(3), "расчёт")
    specialist = Membership.objects.get(organization=department, role=Role.SPECIALIST).user
    client.force_login(specialist)
    bank = client.get("/mentoring-programs/bank/").content.decode()
    for org in organizations:
        assert f"Программа наставничества {org.short_name}" in bank


def test_methodist_adds_a_programme_approved_by_an_order(cast, client_for):
    from mentoring.factories import MentoringFormFactory
    from mentoring.models import MentoringProgram

    from .helpers import pairing_order

    form = MentoringFormFactory(organization=cast.school)
    order = pairing_order(cast.school)
    client = client_for(cast.methodist)
    data = {
        "title": "Программа наставничества «Первые шаги»",
        "forms_": [form.pk],
        "starts_on": "2026-09-01",
        "ends_on": "2027-08-31",
        "participants_planned": 12,
        "order": order.pk,
    }
    bad = client.post("/mentoring-programs/", {**data, "ends_on": "2026-01-01"})
    assert "Окончание не может быть раньше начала." in bad.content.decode()
    assert not MentoringProgram.objects.exists()
    response = client.post("/mentoring-programs/", data)
    assert response.status_code == 302
    program = MentoringProgram.objects.get()
    assert program.is_approved and list(program.forms.all()) == [form]
    assert "Первые шаги" in client.get("/mentoring-programs/").content.decode()
    director = client_for(cast.director)
    assert director.post("/mentoring-programs/", data).status_code == 403
    assert MentoringProgram.objects.count() == 1


def test_monitoring_says_no_data_when_the_banks_were_empty_though_pairs_began_then(cast):
    """Participants entered this quarter into pairs dated last quarter (an
    import of past pairs, or the demo): the banks were empty at the end of
    the previous quarter, so that quarter has no data — not 0 participants
    with a made-up change of +4."""
    import datetime

    from mentoring.models import TargetGroup

    from .helpers import pairs, people

    quarter = Quarter.current(timezone.localdate())
    other = cast.other_school
    mentors = people(other, 2, mentor=True, prefix="Новая")
    mentees = people(other, 2, group=TargetGroup.YOUNG_SPECIALIST, prefix="Новый")
    pairs(
        other,
        mentors,
        mentees,
        activated_on=quarter.previous().start + datetime.timedelta(days=1),
    )
    built = services.report_build(
        organization=cast.department, kind="monitoring", fmt="xlsx", period=quarter.code
    )
    change = list(workbook(built.content).worksheets[1].iter_rows(values_only=True))
    header = change[0]
    row = next(r for r in change if r[1] == other.short_name)
    col = header.index(f"Участников: {quarter.previous().label}")
    assert row[col : col + 3] == ("нет данных", 4, "нет данных")


def test_monitoring_note_sits_under_the_wide_table_not_in_its_caption(cast, client_for):
    """A caption is as wide as the 24-column table, so on a screen its text
    ran off the visible part of the scroll box; the note is a paragraph
    under the box."""
    page = client_for(cast.specialist).get("/dashboard/department/").content.decode()
    table = page[page.index('class="table-responsive monitoring-scroll"') : page.index("</table>")]
    assert "<caption" not in table
    after = page[page.index("</table>") :]
    assert "организации без знаменателя" in after and "по скольким организациям" in after
    assert "Итоговые проценты рассчитаны по сумме организаций" not in after


def test_every_demo_organisation_covers_some_of_its_students(demo):
    """The demo is not a showcase of zeros: each organisation has pupils (or
    college students) in an active group, so «Охват обучающихся» and the
    teachers' coverage are above 0 where the headcount is known."""
    _department, organizations = demo
    figures = defs.compute(
        ["coverage_students", "coverage_teachers"],
        [o.pk for o in organizations],
        timezone.localdate(),
    )
    for org in organizations:
        students = figures[org.pk]["coverage_students"]
        assert students.part >= 5, (org.short_name, students)
        assert students.value and students.value > 0, (org.short_name, students)
        assert figures[org.pk]["coverage_teachers"].part > 0, org.short_name


def test_a_roadmap_item_done_late_is_done_to_date_but_not_on_time_everywhere(cast, client_for):
    """Two items due: one done in time, one overdue and then marked done
    late. «Дорожная карта: выполнено к дате» is 100 % (late completion
    counts as done), «Дорожная карта: выполнено в срок» is 50 % (it does
    not) — each figure the same on the home page, the dashboard, the
    roadmap's indicators, the monitoring and the analytic report."""
    import datetime

    from roadmaps.models import IndicatorKind, Occurrence, RoadmapStatus
    from roadmaps.services import occurrence_mark_done, roadmap_import
    from roadmaps.tests.test_tracking import parsed_with

    today = timezone.localdate()
    year = defs.academic_year_of(today)
    roadmap = roadmap_import(
        organization=cast.school,
        parsed=parsed_with(("1.1", f"Сентябрь {year}"), ("1.2", f"Октябрь {year}")),
        period_start=year,
        period_end=year + 1,
    )
    roadmap.status = RoadmapStatus.APPROVED
    roadmap.approved_on = today - datetime.timedelta(days=90)
    roadmap.save(update_fields=["status", "approved_on"])
    first, second = roadmap.occurrences.order_by("ends_on", "pk")
    for occurrence, days in ((first, 60), (second, 30)):
        Occurrence.objects.filter(pk=occurrence.pk).update(
            starts_on=today - datetime.timedelta(days=days + 10),
            ends_on=today - datetime.timedelta(days=days),
        )
        occurrence.refresh_from_db()
    occurrence_mark_done(occurrence=first, done_on=first.ends_on, comment="в срок", by=None)
    occurrence_mark_done(occurrence=second, done_on=today, comment="с опозданием", by=None)
    Indicator.objects.create(
        organization=cast.school,
        kind=IndicatorKind.ROADMAP_ON_TIME,
        name="Дорожная карта выполнена в срок",
        unit="%",
    )

    assert defs.get("roadmap_done").label == "Дорожная карта: выполнено к дате"
    assert defs.get("roadmap_on_time").label == "Дорожная карта: выполнено в срок"
    assert "с опозданием" in defs.get("roadmap_done").counted
    assert "с опозданием не считаются" in defs.get("roadmap_on_time").counted
    assert "в срок" not in defs.get("roadmap_done").target_source

    seen = {}
    client = client_for(cast.director)
    for surface, url in (
        ("home", "/"),
        ("dashboard", "/dashboard/"),
        ("indicators", "/roadmaps/indicators/"),
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        assert surface != "indicators" or "Дорожная карта выполнена в срок" in html, html[-3000:]
        for code, values in html_figures(html).items():
            for value in values:
                record(seen, surface, code, value)
    # The roadmap's own page prints both next to «выполнено из всех позиций».
    html = client.get(f"/roadmaps/{roadmap.pk}/").content.decode()
    for code, element in (
        ("roadmap_done", "progress-due"),
        ("roadmap_on_time", "progress-on-time"),
    ):
        match = re.search(rf'id="{element}">([0-9,]+)&nbsp;%', html)
        assert match, html[:3000]
        record(seen, "roadmap", code, parse(match[1]))
    client = client_for(cast.specialist)
    html = client.get("/dashboard/department/").content.decode()
    cells = monitoring_cells(html)["test-school"]
    record(seen, "monitoring", "roadmap_done", parse(cells["roadmap_done_percent"]))
    record(seen, "monitoring", "roadmap_on_time", parse(cells["roadmap_on_time_percent"]))
    text = pdf_text(
        services.report_build(organization=cast.school, kind="analytic", fmt="pdf").content
    )
    numbers = report_numbers(cast.school)
    for code in ("roadmap_done", "roadmap_on_time"):
        match = re.search(rf"\[{numbers[code]}\]\s+([0-9][0-9 \u00a0,]*|—)\s*\n", text)
        record(seen, "pdf", code, parse(match[1]))

    assert seen["roadmap_done"] == dict.fromkeys(
        ("home", "dashboard", "roadmap", "monitoring", "pdf"), frozenset({Decimal(100)})
    ), seen["roadmap_done"]
    assert seen["roadmap_on_time"] == dict.fromkeys(
        ("home", "dashboard", "indicators", "roadmap", "monitoring", "pdf"),
        frozenset({Decimal(50)}),
    ), seen["roadmap_on_time"]
