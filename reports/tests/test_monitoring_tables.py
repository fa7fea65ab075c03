"""Issue 17: the department's monitoring page shows its columns as thematic
tables stacked one under another (each fits a 1366 px screen, no sideways
scrolling), each with the organisation column, the «?» links of its
headers and the totals row; the forms of mentoring are a compact cell."""

import re
from html import unescape

import pytest

from mentoring.models import MentoringForm, TargetGroup
from reports import builders
from reports.templatetags.report_tags import soft_hyphens

from .helpers import monitoring_cells, pairs, people

pytestmark = pytest.mark.django_db


def test_every_monitoring_column_is_in_exactly_one_table_of_at_most_eight():
    keys = [key for _title, group in builders.MONITORING_GROUPS for key in group]
    assert sorted(keys) == sorted(key for key, _label in builders.MONITORING_COLUMNS)
    assert len(keys) == len(set(keys))
    assert all(len(group) <= 8 for _title, group in builders.MONITORING_GROUPS)


def test_the_page_has_a_table_per_group_with_the_organisations_and_totals(cast, client_for):
    school = cast.school
    mentors = people(school, 3, mentor=True, prefix="Наставник")
    mentees = people(school, 3, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молодой")
    pairs(school, mentors, mentees)
    page = client_for(cast.specialist).get("/dashboard/department/").content.decode()
    tables = re.findall(r"<table[^>]*monitoring-table.*?</table>", page, re.S)
    assert len(tables) == len(builders.MONITORING_GROUPS)
    organizations = builders.child_organizations(cast.department)
    for table, (title, keys) in zip(tables, builders.MONITORING_GROUPS, strict=True):
        assert title in page
        assert '<th scope="col">Организация</th>' in table
        assert table.count("<tr data-org=") == len(organizations)
        # «Итого», or «Итого (по 1 из 2 организаций с данными)» when a
        # school's banks are empty.
        assert '<th scope="row">Итого' in table
        shown = re.findall(r'data-key="(\w+)"', table)
        assert set(shown) == set(keys)
        for key in keys:
            # Every column, the orders and the forms too, links to its definition.
            code = builders.COLUMN_DEFINITION[key]
            assert f'href="#def-{code}"' in table, key
            assert f'id="def-{code}"' in page, key
    cells = monitoring_cells(page)[school.slug]
    assert cells["participants"] == "6"
    assert set(cells) == {key for key, _label in builders.MONITORING_COLUMNS}


def test_the_forms_cell_is_a_count_with_the_list_under_a_disclosure(cast, client_for):
    school = cast.school
    mentors = people(school, 2, mentor=True, prefix="Наставник")
    mentees = people(school, 2, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молодой")
    pairs(school, mentors, mentees)
    page = client_for(cast.specialist).get("/dashboard/department/").content.decode()
    # The forms are in the first table: the school's first row.
    row = re.search(rf'<tr data-org="{school.slug}">(.*?)</tr>', page, re.S)
    cell = re.search(r'<td class="text-end cell-forms"[^>]*>.*?</td>', row[1], re.S)[0]
    forms = builders.monitoring_extras([school.pk], builders.timezone.localdate())[school.pk]
    assert forms["forms_list"]
    name, number = forms["forms_list"][0]
    assert "<details" in cell and "<summary>1 форма</summary>" in cell
    assert f"<li>{name}: {number}</li>" in unescape(cell)
    assert f'title="{forms["forms"]}"' in unescape(cell)


def test_soft_hyphens_break_long_words_only_between_syllables():
    text = soft_hyphens("Охват педагогических работников наставничеством, %")
    assert text.replace("\u00ad", "") == "Охват педагогических работников наставничеством, %"
    assert "пе\u00adда\u00adго\u00adги\u00adчес\u00adких" in text
    # Every part has a vowel; short words stay whole.
    for part in re.split(r"[\u00ad ,%]+", text):
        assert not part or re.search("[аеёиоуыэюя]", part, re.I), part
    assert soft_hyphens("Охват") == "Охват"


def test_orders_and_forms_columns_have_definitions_in_the_xlsx_too(cast):
    from django.utils import timezone

    from mentoring import indicators as defs
    from reports import services
    from reports.periods import Quarter

    from .helpers import workbook

    built = services.report_build(
        organization=cast.department,
        kind="monitoring",
        fmt="xlsx",
        period=Quarter.current(timezone.localdate()).code,
    )
    listed = [r[0] for r in workbook(built.content)["Определения"].iter_rows(values_only=True)]
    for key in ("forms", "act_regulation", "act_roadmap", "pairing_orders"):
        assert defs.get(builders.COLUMN_DEFINITION[key]).label in listed, key


def test_the_orders_definitions_count_what_the_columns_show(cast):
    from django.utils import timezone

    from mentoring import indicators as defs
    from mentoring.models import Order, OrderStatus

    school = cast.school
    today = timezone.localdate()
    figures = defs.compute(["regulation_approved", "pairing_orders"], [school.pk], today)
    extras = builders.monitoring_extras([school.pk], today)[school.pk]
    regulation = figures[school.pk]["regulation_approved"].value
    assert ("да" if regulation else "нет") == extras["act_regulation"]
    assert (figures[school.pk]["pairing_orders"].value or 0) == extras["pairing_orders"]
    assert (
        Order.objects.filter(organization=school, kind="pairing", status=OrderStatus.APPROVED)
        .exclude(signed_on__gt=today)
        .count()
        == extras["pairing_orders"]
    )


def test_the_monitorings_act_and_form_columns_are_their_definitions_figures(cast):
    """Issue 17: the columns of local acts and forms are computed by their
    definitions (one computation for every surface), with data in each:
    an approved Положение, two pairing orders (one signed after the date:
    not counted), pairs in two forms."""
    import datetime

    from django.utils import timezone

    from mentoring import indicators as defs
    from mentoring.models import Order, OrderKind, OrderStatus

    from .helpers import pairing_order

    school = cast.school
    today = timezone.localdate()
    Order.objects.create(
        organization=school,
        kind=OrderKind.REGULATION,
        title="Об утверждении Положения о наставничестве",
        points=["Утвердить."],
        status=OrderStatus.APPROVED,
        year=today.year,
        sequence=1,
        number="1-о",
        signed_on=today - datetime.timedelta(days=40),
    )
    pairing_order(school, sequence=2)
    pairing_order(school, sequence=3, signed_on=today + datetime.timedelta(days=1))
    mentors = people(school, 3, mentor=True, prefix="Наставник")
    mentees = people(school, 3, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молодой")
    pairs(school, mentors[:2], mentees[:2])
    other_form = MentoringForm.objects.create(organization=school, name="Учитель – учитель")
    pairs(school, mentors[2:], mentees[2:], form=other_form)

    extras = builders.monitoring_extras([school.pk], today)[school.pk]
    figures = defs.compute(builders.EXTRA_DEFINITION.values(), [school.pk], today)[school.pk]
    # The pairs come with their own pairing orders (the helper signs them).
    approved = Order.objects.filter(
        organization=school, kind=OrderKind.PAIRING, status=OrderStatus.APPROVED
    )
    signed = approved.filter(signed_on__lte=today).count()
    assert signed == approved.count() - 1 >= 1
    assert (extras["act_regulation"], extras["act_roadmap"], extras["pairing_orders"]) == (
        "да",
        "нет",
        signed,
    )
    assert figures["regulation_approved"].value == 1
    assert not figures["roadmap_approved"].value
    assert figures["pairing_orders"].value == signed
    assert len(extras["forms_list"]) == 2
    assert figures["mentoring_forms"].value == 2


def test_a_renamed_school_shows_its_new_name_everywhere_on_the_cached_page(cast, client_for):
    """The monitoring page and its inner figures are cached; saving an
    organisation moves its figures and its department's (mentoring.figures
    watches Organization), so a rename that keeps the schools' order shows
    the new name in every table, the quarter's change and the notes."""
    school = cast.school
    pairs(school, people(school, 2, mentor=True), people(school, 2))
    client = client_for(cast.specialist)
    before = client.get("/dashboard/department/").content.decode()
    shown = before.count("Школа № 1")
    assert shown > 4 and 'data-change-org="test-school"' in before
    school.short_name = "Первая школа"  # still before «Школа № 2»
    school.save()
    after = client.get("/dashboard/department/").content.decode()
    assert "Школа № 1" not in after
    assert after.count("Первая школа") == shown
