"""Forms of the documents pages: they read and check input; writes go
through documents/services.py."""

import datetime

from django import forms

from mentoring.files import ACCEPT, HELP

from .models import AgreementKind, DocumentSettings

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SectionForm(forms.Form):
    heading = forms.CharField(label="Заголовок раздела", max_length=300)
    text = forms.CharField(
        label="Текст раздела",
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=30000,
        help_text="Абзацы разделяйте пустой строкой.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label="Вид документа", choices=AgreementKind.choices)
    starts_on = forms.DateField(label="Начало наставничества", widget=DATE)
    ends_on = forms.DateField(label="Окончание наставничества", widget=DATE)
    content = forms.CharField(
        label="Содержание наставничества", widget=forms.Textarea(attrs={"rows": 4}), max_length=3000
    )
    form = forms.CharField(label="Форма наставничества", max_length=300)
    monthly_pay = forms.DecimalField(
        label="Оплата в месяц, руб.", min_value=0, max_digits=10, decimal_places=2
    )
    pay_terms = forms.CharField(
        label="Условия оплаты",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    contract_reference = forms.CharField(
        label="Трудовой договор (дата и номер)",
        required=False,
        max_length=200,
        help_text="Для дополнительного соглашения: «от 01.09.2020 № 45».",
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise forms.ValidationError("Окончание наставничества раньше начала.")
        return data


class AgreementApproveForm(forms.Form):
    number = forms.CharField(label="Номер соглашения", max_length=50)
    signed_on = forms.DateField(label="Дата подписания", widget=DATE)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = ["monthly_pay", "pay_terms", "agreement_basis"]
        widgets = {"pay_terms": forms.Textarea(attrs={"rows": 3})}


class PeriodForm(forms.Form):
    start = forms.DateField(label="Начало периода", widget=DATE)
    end = forms.DateField(label="Конец периода", widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                raise forms.ValidationError("Конец периода раньше начала.")
            if (data["end"] - data["start"]).days > 3 * 366:
                raise forms.ValidationError("Период не длиннее трёх лет.")
        return data

    @staticmethod
    def default_initial(today=None):
        today = today or datetime.date.today()
        year = today.year if today.month >= 9 else today.year - 1
        return {"start": datetime.date(year, 9, 1), "end": datetime.date(year + 1, 8, 31)}


class ScanForm(forms.Form):
    file = forms.FileField(
        label="Скан подписанного документа",
        help_text=HELP["scan"],
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT["scan"]}),
    )


def regulation_choice_label(regulation):
    """The Положение in an order's attachment picker: an approved one with the
    date of the order that approved it (not the day the record was made)."""
    status = regulation.get_status_display().lower()
    if regulation.approved_on:
        return f"{regulation.title} ({status}, {regulation.approved_on:%d.%m.%Y})"
    return f"{regulation.title} ({status}, создано {regulation.created_at:%d.%m.%Y})"


class OrderAppendixForm(forms.Form):
    title = forms.CharField(label="Заголовок приложения", max_length=300)
    file = forms.FileField(
        label="Файл приложения",
        required=False,
        help_text=HELP["document"],
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT["document"]}),
    )
    regulation = forms.ModelChoiceField(
        label="или документ системы",
        queryset=None,
        required=False,
        empty_label="— не выбран —",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Regulation

        self.fields["regulation"].queryset = Regulation.objects.filter(
            organization=organization
        ).order_by("-created_at")
        self.fields["regulation"].label_from_instance = regulation_choice_label

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("regulation")):
            raise forms.ValidationError(
                "Загрузите файл или выберите документ системы — что-то одно."
            )
        return data
