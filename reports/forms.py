from django import forms

from mentoring.models import MentoringForm, MentorStatus, TargetGroup

from .models import PublicSettings
from .periods import Period, PeriodError, Quarter


def period_choices(today=None):
    current = Period.current(today)
    return [(p.code, p.label) for p in current.recent(4)]


def quarter_choices(today=None):
    quarter, choices = Quarter.current(today), []
    for _i in range(8):
        choices.append((quarter.code, quarter.label))
        quarter = quarter.previous()
    return choices


class AnalyticForm(forms.Form):
    period = forms.ChoiceField(label="Учебный год", choices=())
    fmt = forms.ChoiceField(label="Формат", choices=[("pdf", "PDF"), ("xlsx", "Excel (XLSX)")])
    conclusions = forms.CharField(
        label="Выводы и предложения куратора",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Войдут в последний раздел отчёта и сохранятся для следующего раза. "
        "Абзацы разделяйте пустой строкой.",
    )

    def __init__(self, *args, can_write_conclusions=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        if not can_write_conclusions:
            self.fields["conclusions"].disabled = True

    def clean_period(self):
        try:
            return Period.parse(self.cleaned_data["period"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class RegisterForm(forms.Form):
    period = forms.ChoiceField(label="Учебный год", choices=())
    target_group = forms.ChoiceField(
        label="Целевая группа", required=False, choices=[("", "все группы"), *TargetGroup.choices]
    )
    form = forms.ModelChoiceField(
        label="Форма наставничества",
        required=False,
        queryset=MentoringForm.objects.none(),
        empty_label="все формы",
    )
    status = forms.ChoiceField(
        label="Статус пары",
        required=False,
        choices=[
            ("", "действующие и завершённые"),
            ("active", "действующие"),
            ("completed", "завершённые"),
        ],
    )
    role = forms.ChoiceField(
        label="Участники",
        required=False,
        choices=[
            ("", "наставники и наставляемые"),
            ("mentor", "наставники"),
            ("mentee", "наставляемые"),
        ],
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
        self.fields["form"].queryset = MentoringForm.objects.filter(organization=organization)

    def filters(self):
        data = dict(self.cleaned_data)
        data.pop("period", None)
        if data.get("form"):
            data["form"] = str(data["form"].pk)
        return {k: v for k, v in data.items() if v}


class BankForm(forms.Form):
    target_group = forms.ChoiceField(
        label="Целевая группа", required=False, choices=[("", "все группы"), *TargetGroup.choices]
    )
    mentor_status = forms.ChoiceField(
        label="Статус наставника",
        required=False,
        choices=[("", "все статусы"), *MentorStatus.choices],
    )
    consent = forms.ChoiceField(
        label="Согласие на обработку",
        required=False,
        choices=[("", "любое"), ("yes", "есть"), ("no", "нет"), ("withdrawn", "отозвано")],
    )
    pair = forms.ChoiceField(
        label="Пара",
        required=False,
        choices=[("", "все"), ("with", "в паре или группе"), ("without", "без пары")],
    )

    def __init__(self, *args, side, **kwargs):
        super().__init__(*args, **kwargs)
        if side != "mentors":
            del self.fields["mentor_status"]

    def filters(self):
        return {k: v for k, v in self.cleaned_data.items() if v}


class MonitoringForm(forms.Form):
    quarter = forms.ChoiceField(label="Квартал", choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices()


class PublicSettingsForm(forms.ModelForm):
    class Meta:
        model = PublicSettings
        fields = [
            "is_enabled",
            "about",
            "how_to_join",
            "coordinator_name",
            "coordinator_position",
            "coordinator_phone",
            "coordinator_email",
            "show_documents",
            "show_roadmap",
            "show_roadmap_progress",
            "show_news",
            "show_practices",
            "show_honour_board",
            "show_materials",
            "show_apply",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 6}),
            "how_to_join": forms.Textarea(attrs={"rows": 3}),
        }


class CollectionRequestForm(forms.Form):
    """The department's request for the yearly collection."""

    period = forms.ChoiceField(label="Учебный год", choices=())
    deadline = forms.DateField(
        label="Срок представления",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label="Пояснение для организаций",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Например: «Отчёт утверждается руководителем до отправки».",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()
