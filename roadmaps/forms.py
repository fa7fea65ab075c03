import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.models import Membership, Organization
from mentoring.typography import academic_year_range
from mentoring.uploads import allowed_labels, validate_upload

from .importing import MAX_FILE_SIZE, RoadmapImportError, parse_roadmap
from .models import Activity, Indicator, IndicatorKind

EVIDENCE_KINDS = ("pdf", "jpeg", "png")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def current_academic_year(today=None):
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def academic_year_choices(today=None):
    year = current_academic_year(today)
    return [(y, academic_year_range(y)) for y in range(year - 4, year + 3)]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл дорожной карты (.docx или .xlsx)",
        help_text="Таблица Word или Excel как есть; "
        f"не больше {MAX_FILE_SIZE // (1024 * 1024)} МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx"}),
    )
    period_start = forms.IntegerField(
        label="Период: с (год)",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Если период указан в названии («на 2021-2024 год»), он возьмётся оттуда.",
    )
    period_end = forms.IntegerField(
        label="по (год)", required=False, min_value=2000, max_value=2100
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.parsed = parse_roadmap(upload, upload.name)
        except RoadmapImportError as error:
            raise ValidationError(error.message) from None
        if not self.parsed["stages"]:
            raise ValidationError("В таблице не найдено ни одного этапа или мероприятия.")
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Год окончания раньше года начала.")
        if start and not end:
            data["period_end"] = start + 1
        return data


class TemplateForm(forms.Form):
    academic_year = forms.TypedChoiceField(label="Учебный год", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = academic_year_choices()
        self.fields["academic_year"].initial = current_academic_year()


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "number",
            "title",
            "content",
            "deadline_text",
            "responsible",
            "expected_result",
            "indicators",
            "documents",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"})
            for f in fields[1:]
        } | {"number": forms.TextInput(attrs={"class": "form-control form-control-sm"})}


class DatesForm(forms.Form):
    """Windows typed one per line: "01.10.2025" or "01.10.2025 - 15.10.2025"."""

    windows = forms.CharField(
        label="Сроки",
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm"}),
        help_text="По одному на строке: «15.10.2025» или «01.10.2025 - 15.10.2025».",
    )

    def clean_windows(self):
        result = []
        for line in self.cleaned_data["windows"].splitlines():
            line = line.strip()
            if not line:
                continue
            parts = [p.strip() for p in line.replace("–", "-").replace("—", "-").split(" - ")]
            if len(parts) == 1 and line.count("-") == 1:
                parts = [p.strip() for p in line.split("-")]
            try:
                dates = [datetime.datetime.strptime(p, "%d.%m.%Y").date() for p in parts]
            except ValueError:
                raise ValidationError(
                    f"Не удалось прочитать «{line}»: пишите даты как 15.10.2025."
                ) from None
            if len(dates) not in (1, 2):
                raise ValidationError(f"Не удалось прочитать «{line}».")
            result.append((dates[0], dates[-1]))
        if not result:
            raise ValidationError("Укажите хотя бы один срок.")
        return result


class PeopleForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label="Ответственные пользователи",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organizations = forms.ModelMultipleChoiceField(
        label="Исполняющие организации",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, roadmap, **kwargs):
        super().__init__(*args, **kwargs)
        from mentoring.models import User

        orgs = [roadmap.organization_id]
        if roadmap.is_municipal:
            below = Organization.descendant_ids([roadmap.organization_id])
            self.fields["organizations"].queryset = Organization.objects.filter(pk__in=below)
            orgs += list(below)
        else:
            del self.fields["organizations"]
        members = Membership.objects.filter(organization_id__in=orgs).values("user_id")
        self.fields["users"].queryset = User.objects.filter(pk__in=members).order_by(
            "last_name", "first_name"
        )
        self.fields["users"].label_from_instance = lambda u: u.short_name


class DoneForm(forms.Form):
    done_on = forms.DateField(
        label="Дата выполнения",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    link = forms.URLField(label="Ссылка", required=False, assume_scheme="https", max_length=500)
    evidence = forms.FileField(
        label="Файл",
        required=False,
        help_text=f"{allowed_labels(EVIDENCE_KINDS)}, не больше 10 МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, occurrence=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.occurrence = occurrence
        if not self.is_bound:
            self.fields["done_on"].initial = timezone.localdate()

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            checked = validate_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES)
            self.original_name = upload.name
            upload.name = checked.filename
        return upload

    def clean(self):
        data = super().clean()
        has_file = data.get("evidence") or (self.occurrence and self.occurrence.evidence)
        if not (data.get("comment", "").strip() or data.get("link") or has_file):
            raise ValidationError("Приложите подтверждение: файл, ссылку или комментарий.")
        return data


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "kind", "target_group", "form_name", "unit", "position", "note"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["kind"].help_text = (
            "Охват, согласия, пары, программы, дорожная карта, обучение и анкетирование "
            "считаются по данным; "
            "«Вводится вручную» — только вручную."
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == IndicatorKind.COVERAGE and not data.get("target_group"):
            self.add_error("target_group", "Укажите целевую группу для охвата.")
        return data


class TargetForm(forms.Form):
    year = forms.TypedChoiceField(label="Учебный год", coerce=int)
    value = forms.DecimalField(label="Цель", max_digits=10, decimal_places=2, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = academic_year_choices()
        self.fields["year"].initial = current_academic_year()


class EntryForm(forms.Form):
    on_date = forms.DateField(
        label="На дату", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    value = forms.DecimalField(label="Значение", max_digits=10, decimal_places=2, min_value=0)
    comment = forms.CharField(label="Комментарий", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["on_date"].initial = timezone.localdate()
