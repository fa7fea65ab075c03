from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from .forms_versions import LoadedVersionField, VersionCheckedMixin
from .models import (
    REPRESENTATIVE_REQUIRED_UNDER,
    STUDENT_GROUPS,
    ConsentKind,
    ConsentText,
    Headcount,
    Interview,
    Organization,
    Participant,
    age_on,
)
from .uploads import validate_upload
from .validators import normalize_phone


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label="Сайт", required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "address",
            "inn",
            "ogrn",
            "phone",
            "email",
            "website",
            "logo",
            "retention_days",
        ]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def clean_inn(self):
        inn = (self.cleaned_data.get("inn") or "").strip()
        if inn and not (inn.isdigit() and len(inn) in (10, 12)):
            raise forms.ValidationError("ИНН организации — 10 цифр (12 — у ИП).")
        return inn

    def clean_ogrn(self):
        ogrn = (self.cleaned_data.get("ogrn") or "").strip()
        if ogrn and not (ogrn.isdigit() and len(ogrn) in (13, 15)):
            raise forms.ValidationError("ОГРН — 13 цифр (ОГРНИП — 15).")
        return ogrn

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty: the current value (365 by default) stays.
        self.fields["retention_days"].required = False

    def clean_retention_days(self):
        days = self.cleaned_data.get("retention_days")
        if days is None:
            return self.instance.retention_days or 365
        if days > 3650:
            raise forms.ValidationError("Не больше 3650 дней (10 лет).")
        return days

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 2 * 1024 * 1024:
            raise forms.ValidationError("Логотип больше 2 МБ: уменьшите изображение.")
        if isinstance(logo, UploadedFile):
            # A new upload: checked by content like every other picture and
            # stored under a random name, never the name the browser sent.
            checked = validate_upload(logo, allowed=("jpeg", "png"), max_bytes=2 * 1024 * 1024)
            logo.name = checked.filename
        return logo


class ParticipantForm(VersionCheckedMixin, forms.ModelForm):
    """Create and edit a participant. ``loaded_version`` detects a stale edit
    (somebody saved the record after this form was opened)."""

    loaded_version = LoadedVersionField(required=False)

    class Meta:
        model = Participant
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "target_group",
            "class_group",
            "position",
            "subjects",
            "experience_years",
            "years_in_post",
            "qualification_category",
            "email",
            "phone",
            "external_id",
            "representative_name",
            "representative_relation",
            "representative_phone",
            "is_mentee",
            "requests",
            "special_disability",
            "special_gifted",
            "special_difficult",
            "is_mentor",
            "competencies",
            "achievements",
            "capacity",
            "notes",
            "left_on",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "left_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "requests": forms.Textarea(attrs={"rows": 3}),
            "competencies": forms.Textarea(attrs={"rows": 3}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()
        # Editing: the version the user saw is required (see forms_versions).
        self.fields["loaded_version"].required = bool(self.instance.pk)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "Основные сведения",
                Row(
                    Column("last_name", css_class="col-md-4"),
                    Column("first_name", css_class="col-md-4"),
                    Column("patronymic", css_class="col-md-4"),
                ),
                Row(
                    Column("birth_date", css_class="col-md-4"),
                    Column("target_group", css_class="col-md-4"),
                    Column("class_group", css_class="col-md-4"),
                ),
                Row(
                    Column("position", css_class="col-md-6"),
                    Column("subjects", css_class="col-md-6"),
                ),
                Row(
                    Column("experience_years", css_class="col-md-3"),
                    Column("years_in_post", css_class="col-md-3"),
                    Column("qualification_category", css_class="col-md-3"),
                    Column("external_id", css_class="col-md-3"),
                ),
                Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            ),
            Fieldset(
                "Законный представитель (для несовершеннолетних)",
                Row(
                    Column("representative_name", css_class="col-md-6"),
                    Column("representative_relation", css_class="col-md-3"),
                    Column("representative_phone", css_class="col-md-3"),
                ),
            ),
            Fieldset(
                "Наставляемый",
                "is_mentee",
                "requests",
                HTML(
                    '<p class="small text-body-secondary mb-1">Особые категории видят только '
                    "директор, куратор и методист; они не выгружаются и не публикуются.</p>"
                ),
                Row(
                    Column("special_disability", css_class="col-md-4"),
                    Column("special_gifted", css_class="col-md-4"),
                    Column("special_difficult", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                "Наставник",
                "is_mentor",
                Row(
                    Column("competencies", css_class="col-md-6"),
                    Column("achievements", css_class="col-md-6"),
                ),
                Row(Column("capacity", css_class="col-md-4")),
            ),
            Fieldset(
                "Прочее", "notes", Row(Column("left_on", css_class="col-md-4")), "loaded_version"
            ),
        )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone"))

    def clean_representative_phone(self):
        return normalize_phone(self.cleaned_data.get("representative_phone"))

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date:
            today = timezone.localdate()
            if birth_date > today:
                raise forms.ValidationError("Дата рождения не может быть в будущем.")
            if birth_date.year < 1900:
                raise forms.ValidationError("Проверьте год рождения.")
        return birth_date

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_mentor") and not cleaned.get("is_mentee"):
            self.add_error(
                None, "Отметьте, в какой банк входит участник: наставников, наставляемых или оба."
            )
        birth_date = cleaned.get("birth_date")
        too_young = (
            birth_date and age_on(birth_date, timezone.localdate()) < REPRESENTATIVE_REQUIRED_UNDER
        )
        if too_young and not cleaned.get("representative_name"):
            self.add_error(
                "representative_name",
                "Участнику нет 14 лет: укажите законного представителя.",
            )
        if cleaned.get("target_group") in STUDENT_GROUPS and not birth_date:
            self.add_error("birth_date", "Для обучающегося укажите дату рождения.")
        return cleaned


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["held_on", "outcome", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("Собеседование ещё не состоялось: дата в будущем.")
        return held_on


class HeadcountForm(forms.ModelForm):
    class Meta:
        model = Headcount
        fields = ["academic_year", "target_group", "count"]
        widgets = {"academic_year": forms.NumberInput(attrs={"min": 2000, "max": 2100})}


class BankBulkForm(forms.Form):
    """The action bar of a bank list (views/banks.py: bank_bulk)."""

    ACTIONS = [
        ("consents", "Внести согласия на обработку ПДн (дата и редакция — ниже)"),
        ("approve", "Утвердить наставниками (после собеседования)"),
        ("invite", "Пригласить в систему"),
        ("group", "Сформировать группу из наставляемых"),
        ("forms", "Распечатать бланки согласий (PDF)"),
    ]

    action = forms.ChoiceField(label="Действие с отмеченными", choices=ACTIONS)
    given_on = forms.DateField(
        label="Дата согласия",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = forms.ModelChoiceField(
        label="Редакция текста согласия", queryset=ConsentText.objects.none(), required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].queryset = ConsentText.objects.filter(
            organization=organization, kind=ConsentKind.PROCESSING
        ).order_by("-version")
        self.fields["text"].label_from_instance = lambda t: f"редакция {t.version} ({t.title[:40]})"
        # Most consents collected after an import are dated today and use the
        # newest text; both stay editable.
        self.fields["given_on"].initial = timezone.localdate()
        self.fields["text"].initial = self.fields["text"].queryset.first()
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else ("form-control form-control-sm")
            )
            field.widget.attrs.update({"class": css, "id": f"bulk-{name}"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "consents":
            if not cleaned.get("given_on"):
                self.add_error("given_on", "Укажите дату, когда согласия были даны.")
            elif cleaned["given_on"] > timezone.localdate():
                self.add_error("given_on", "Дата согласия не может быть позже сегодняшней.")
            if not cleaned.get("text"):
                self.add_error("text", "Выберите редакцию текста согласия.")
        return cleaned
