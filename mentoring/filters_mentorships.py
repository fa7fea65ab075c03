import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from .models import MentoringForm, Mentorship, MentorshipMember, MentorshipStatus
from .search import person_q, search_words, words_q


class MentorshipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Участник или название", method="filter_name")
    status = django_filters.ChoiceFilter(
        label="Статус", choices=MentorshipStatus.choices, empty_label="все статусы"
    )
    form = django_filters.ModelChoiceFilter(
        label="Форма наставничества",
        queryset=MentoringForm.objects.none(),
        empty_label="все формы",
    )

    class Meta:
        model = Mentorship
        fields = ["q", "status", "form"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["form"].queryset = MentoringForm.objects.filter(organization=organization)
        for f in self.form.fields.values():
            css = "form-select form-select-sm" if isinstance(f.widget, forms.Select) else None
            f.widget.attrs["class"] = css or "form-control form-control-sm"
        self.form.fields["q"].widget.attrs["placeholder"] = "Фамилия наставника или наставляемого"

    def filter_name(self, queryset, name, value):
        # Exists rather than a join: a join on members would repeat a
        # mentorship once per matching member.
        for word in search_words(value):
            member = MentorshipMember.objects.filter(mentorship=OuterRef("pk")).filter(
                person_q(word, prefix="participant__")
            )
            queryset = queryset.filter(Exists(member) | words_q(word, "title"))
        return queryset
