"""The definition beside every figure: each surface (home pages of the
methodist, director and department specialist, the dashboard, the
department's monitoring, the public section) shows, for every indicator
figure it marks with data-indicator or heads a column with, the text of
that indicator's definition — from the one module, with the
organisation's own targets — through ``{% describe %}``."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from mentoring import indicators as defs
from mentoring.models import Membership, Organization, Role
from mentoring.templatetags.indicator_tags import describe
from reports import builders
from reports.models import PublicSettings
from roadmaps.models import Indicator, IndicatorKind, IndicatorTarget

from .helpers import monitoring_heads

pytestmark = pytest.mark.django_db

MARKED = re.compile(r'data-indicator="(\w+)"')


def shown_codes(html):
    return set(MARKED.findall(html))


def assert_defined(html, codes, *, targets=None, surface=""):
    text = unescape(html)
    assert codes, f"{surface}: no figure marked"
    for code in codes:
        definition = describe(code, "text", targets)
        assert definition, (surface, code)
        assert definition in text, f"{surface}: no definition beside {code}"


@pytest.fixture
def demo():
    call_command("seed_demo")
    department = Organization.objects.get(slug="demo-do")
    return department, builders.child_organizations(department)


def user_of(org, role):
    return Membership.objects.filter(organization=org, role=role).first().user


def test_every_figure_of_every_surface_has_its_definition_beside_it(demo, client):
    department, organizations = demo
    school = next(o for o in organizations if o.slug == "sosh-11")
    year = defs.academic_year_start(timezone.localdate()).year
    # The school's roadmap sets its own consent target: the definitions
    # beside the figures state it, not the default 100 %.
    consents = Indicator.objects.filter(organization=school, kind=IndicatorKind.CONSENTS)
    if not consents.exists():
        Indicator.objects.create(
            organization=school, name="Согласия участников", kind=IndicatorKind.CONSENTS
        )
    for indicator in consents:
        indicator.targets.all().delete()
        IndicatorTarget.objects.create(indicator=indicator, year=year, value=Decimal(95))
    cache.clear()
    targets = defs.targets(school, year)
    assert targets["consents"][0] == 95

    for role in (Role.METHODIST, Role.DIRECTOR):
        client.force_login(user_of(school, role))
        for surface, url in (("home", "/"), ("dashboard", "/dashboard/")):
            html = client.get(url).content.decode()
            codes = shown_codes(html)
            assert "consents" in codes
            if surface == "home":
                assert {"mentors", "mentees"} <= codes
            else:
                # The block of surveys: the participation and the mean scores
                # of the effectiveness questionnaires, each with its definition
                # (issue 17: the survey figures were shown without one), and
                # each open campaign's rate with the definition narrowed to it.
                assert {
                    "survey_participation",
                    "effectiveness_expected",
                    "effectiveness_actual",
                } <= codes
                narrowed = describe(
                    "survey_participation", "text", None, "Удовлетворённость программой"
                )
                assert "только рассылки «Удовлетворённость программой»" in narrowed
                assert narrowed in unescape(html)
            assert_defined(html, codes, targets=targets, surface=f"{role} {surface}")
            assert "Цель: 95 % (дорожная карта организации" in unescape(html), (role, surface)
            # Keyboard-reachable: a disclosure or a footnote link, no title-only tooltip.
            assert '<details class="indicator-definition' in html or 'class="indicator-ref"' in html

    specialist = user_of(department, Role.SPECIALIST)
    client.force_login(specialist)
    home = client.get("/").content.decode()
    assert_defined(
        home, shown_codes(home), targets=defs.targets(department, year), surface="specialist home"
    )
    assert 'href="#def-mentors"' in home and 'id="def-mentors"' in home

    monitoring = client.get("/dashboard/department/").content.decode()
    heads = monitoring_heads(monitoring)
    codes = {code for key, code in builders.INDICATOR_DEFINITION.items()}
    # Each organisation has its own target there (the table «Цели
    # организаций»): the definitions say so, not one default as everyone's.
    notes = builders.monitoring_targets(organizations, timezone.localdate())["notes"]
    assert_defined(monitoring, codes, targets=notes, surface="monitoring")
    for code in codes:
        assert f'href="#def-{code}"' in heads, code
        assert f'id="def-{code}"' in monitoring, code


def test_public_home_figures_are_the_definitions_values(demo, client):
    _department, organizations = demo
    today = timezone.localdate()
    for org in organizations:
        PublicSettings.objects.filter(organization=org).update(show_roadmap_progress=True)
    cache.clear()
    checked = 0
    for org in organizations:
        html = client.get(f"/o/{org.slug}/nastavnichestvo/").content.decode()
        codes = shown_codes(html)
        if not codes:
            continue
        assert_defined(html, codes, surface=f"public {org.slug}")
        expected = defs.compute(codes, [org.pk], today)[org.pk]
        for code, value in re.findall(r'data-indicator="(\w+)">([^<]*)<', html):
            assert value == defs.fmt(expected[code].value), (org.slug, code)
            checked += 1
    assert checked, "no public home shows a figure"
