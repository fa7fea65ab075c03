import django_filters
from django import forms

from .models import MentorStatus, Participant, TargetGroup
from .search import person_q


class ParticipantFilter(django_filters.FilterSet):
    """Filters of the banks. The queryset must come from
    ``ParticipantQuerySet.with_consent_state()``."""

    q = django_filters.CharFilter(label="ФИО", method="filter_name")
    target_group = django_filters.ChoiceFilter(
        label="Целевая группа", choices=TargetGroup.choices, empty_label="все группы"
    )
    mentor_status = django_filters.ChoiceFilter(
        label="Статус", choices=MentorStatus.choices, empty_label="все статусы"
    )
    subject = django_filters.CharFilter(
        label="Предмет", field_name="subjects", lookup_expr="icontains"
    )
    consent = django_filters.ChoiceFilter(
        label="Согласие на обработку",
        choices=[("yes", "есть"), ("no", "нет"), ("withdrawn", "отозвано")],
        empty_label="любое",
        method="filter_consent",
    )
    pair = django_filters.ChoiceFilter(
        label="Пара",
        choices=[("with", "в паре или группе"), ("without", "без пары")],
        empty_label="все",
        method="filter_pair",
    )
    sort = django_filters.OrderingFilter(
        label="Сортировка",
        empty_label="по ФИО",
        fields=[
            ("last_name", "name"),
            ("target_group", "group"),
            ("experience_years", "experience"),
            ("created_at", "created"),
        ],
        # Keys: the model field for ascending order, "-<param>" for descending
        # (django-filter's OrderingFilter.build_choices); a missing key shows
        # the English parameter name.
        field_labels={
            "last_name": "по ФИО (А–Я)",
            "target_group": "по целевой группе",
            "experience_years": "по стажу (по возрастанию)",
            "created_at": "по дате добавления (старые сначала)",
            "-name": "по ФИО (Я–А)",
            "-group": "по целевой группе (обратно)",
            "-experience": "по стажу (по убыванию)",
            "-created": "по дате добавления (новые сначала)",
        },
    )

    class Meta:
        model = Participant
        fields = ["q", "target_group", "mentor_status", "subject", "consent", "pair"]

    def __init__(self, *args, side="mentee", **kwargs):
        super().__init__(*args, **kwargs)
        if side != "mentor":
            del self.filters["mentor_status"]
        for f in self.form.fields.values():
            if isinstance(f.widget, forms.Select):
                f.widget.attrs["class"] = "form-select form-select-sm"
            else:
                f.widget.attrs["class"] = "form-control form-control-sm"
        self.form.fields["q"].widget.attrs["placeholder"] = "Фамилия, имя или отчество"

    def filter_name(self, queryset, name, value):
        return queryset.filter(person_q(value))

    def filter_pair(self, queryset, name, value):
        """With or without an open (proposed, agreed or active) mentorship."""
        from .models import HOLDING_STATUSES, MentorshipMember

        busy = MentorshipMember.objects.filter(mentorship__status__in=HOLDING_STATUSES).values(
            "participant_id"
        )
        if value == "with":
            return queryset.filter(pk__in=busy)
        if value == "without":
            return queryset.exclude(pk__in=busy)
        return queryset

    def filter_consent(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(has_processing_consent=True)
        if value == "no":
            return queryset.filter(has_processing_consent=False)
        if value == "withdrawn":
            return queryset.filter(has_processing_consent=False, has_withdrawn_consent=True)
        return queryset
