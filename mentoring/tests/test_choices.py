"""Model choices render with one plain query (mentoring.choices)."""

import django_filters
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.factories import MentoringFormFactory, OrganizationFactory
from mentoring.models import MentoringForm


def _queries(render):
    with CaptureQueriesContext(connection) as ctx:
        html = render()
    return html, [q["sql"] for q in ctx.captured_queries]


def test_a_model_choice_field_reads_its_choices_in_one_query_without_a_cursor(db):
    organization = OrganizationFactory()
    first = MentoringFormFactory(organization=organization, name="Учитель – учитель")
    second = MentoringFormFactory(organization=organization, name="Ученик – ученик")

    class PickForm(forms.Form):
        form = forms.ModelChoiceField(
            MentoringForm.objects.filter(organization=organization).order_by("name"),
            empty_label="— все —",
        )
        several = forms.ModelMultipleChoiceField(
            MentoringForm.objects.filter(organization=organization).order_by("name")
        )

    picker = PickForm()
    html, sql = _queries(lambda: str(picker["form"]))
    assert len(sql) == 1 and not any("DECLARE" in q for q in sql), sql
    assert html.index("— все —") < html.index("Ученик – ученик") < html.index("Учитель – учитель")
    assert f'value="{first.pk}"' in html and f'value="{second.pk}"' in html
    html, sql = _queries(lambda: str(picker["several"]))
    assert len(sql) == 1 and not any("DECLARE" in q for q in sql), sql
    # A second rendering reads again: nothing is cached on the field's queryset.
    MentoringFormFactory(organization=organization, name="Педагог – педагог")
    html, sql = _queries(lambda: str(picker["form"]))
    assert len(sql) == 1 and "Педагог – педагог" in html


def test_django_filter_model_choices_keep_their_null_choice(db):
    organization = OrganizationFactory()
    MentoringFormFactory(organization=organization, name="Учитель – учитель")

    class PairFilter(django_filters.FilterSet):
        form = django_filters.ModelChoiceFilter(
            queryset=MentoringForm.objects.filter(organization=organization),
            empty_label="Любая",
            null_label="Без формы",
        )

    field = PairFilter(queryset=MentoringForm.objects.none()).form["form"]
    html, sql = _queries(lambda: str(field))
    assert len(sql) == 1 and not any("DECLARE" in q for q in sql), sql
    assert html.index("Любая") < html.index("Без формы") < html.index("Учитель – учитель")
