"""Forms of the consent pages. They only collect input: the rules (who may
consent for a child, one consent of a kind in force, the scan's content) are
checked by mentoring.services.consents, whose errors the views put back on
these forms."""

from django import forms
from django.utils import timezone

from .models import PUBLICATION_FIELDS, Consent, ConsentKind, ConsentText
from .uploads import DEFAULT_MAX_BYTES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsentTextChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"Редакция {obj.version} от {timezone.localtime(obj.created_at):%d.%m.%Y}"


class ConsentForm(forms.Form):
    text = ConsentTextChoiceField(
        label="Редакция текста",
        queryset=ConsentText.objects.none(),
        empty_label=None,
        help_text="Та редакция, на бланке которой подписано согласие.",
    )
    given_on = forms.DateField(label="Дата согласия", widget=DateInput())
    method = forms.ChoiceField(label="Как получено", choices=Consent.Method.choices)
    given_by = forms.ChoiceField(
        label="Кем дано", choices=Consent.GivenBy.choices, widget=forms.RadioSelect
    )
    representative_name = forms.CharField(
        label="ФИО законного представителя", max_length=300, required=False
    )
    representative_relation = forms.CharField(
        label="Кем приходится участнику",
        max_length=100,
        required=False,
        help_text="Мать, отец, опекун, попечитель…",
    )
    representative_document = forms.CharField(
        label="Документ, подтверждающий полномочия",
        max_length=300,
        required=False,
        help_text="Например: свидетельство о рождении, серия и номер; решение об опеке.",
    )
    publish_name = forms.BooleanField(label=PUBLICATION_FIELDS["name"], required=False)
    publish_photo = forms.BooleanField(label=PUBLICATION_FIELDS["photo"], required=False)
    publish_position = forms.BooleanField(label=PUBLICATION_FIELDS["position"], required=False)
    publish_subjects = forms.BooleanField(label=PUBLICATION_FIELDS["subjects"], required=False)
    publish_achievements = forms.BooleanField(
        label=PUBLICATION_FIELDS["achievements"], required=False
    )
    publication_conditions = forms.CharField(
        label="Запреты и условия",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Как указал субъект: например, «только на странице доски почёта».",
    )
    scan = forms.FileField(
        label="Скан подписанного согласия",
        required=False,
        help_text=f"PDF, JPEG или PNG, не больше {DEFAULT_MAX_BYTES // (1024 * 1024)} МБ.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    PUBLICATION_ONLY = (
        *(f"publish_{name}" for name in PUBLICATION_FIELDS),
        "publication_conditions",
    )

    def __init__(self, *args, participant, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant, self.kind = participant, kind
        texts = ConsentText.objects.filter(organization=participant.organization, kind=kind)
        self.fields["text"].queryset = texts.order_by("-version")
        if kind != ConsentKind.PUBLICATION:
            for name in self.PUBLICATION_ONLY:
                del self.fields[name]
        if not self.is_bound:
            self.initial.setdefault("given_on", timezone.localdate())
            current = texts.order_by("-version").first()
            if current:
                self.initial.setdefault("text", current.pk)
            minor = participant.is_minor()
            self.initial.setdefault(
                "given_by",
                Consent.GivenBy.REPRESENTATIVE if minor else Consent.GivenBy.SUBJECT,
            )
            if minor:
                self.initial.setdefault("representative_name", participant.representative_name)
                self.initial.setdefault(
                    "representative_relation", participant.representative_relation
                )

    def service_data(self):
        """The cleaned data as consent_give expects it (the scan goes apart)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "scan"}

    @property
    def publication_fields(self):
        """Bound checkboxes of the publication categories (empty for other kinds)."""
        names = [f"publish_{name}" for name in PUBLICATION_FIELDS]
        return [self[name] for name in names if name in self.fields]


class ConsentTextForm(forms.ModelForm):
    class Meta:
        model = ConsentText
        fields = ["title", "purpose", "data_list", "actions", "term", "body"]
        widgets = {
            "title": forms.TextInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "data_list": forms.Textarea(attrs={"rows": 8}),
            "actions": forms.Textarea(attrs={"rows": 5}),
            "term": forms.Textarea(attrs={"rows": 5}),
            "body": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "title": "Заголовок",
            "purpose": "Цель обработки",
            "data_list": "Перечень персональных данных (для согласия наставника — обязанности)",
            "actions": "Действия с данными и способы обработки (для согласия наставника — условия)",
            "term": "Срок действия и порядок отзыва",
            "body": "Дополнительные условия",
        }
        help_texts = {
            "data_list": "По одному пункту в строке.",
            "body": "Для согласия на публикацию — адреса страниц сайта, запреты и условия.",
        }


class WithdrawForm(forms.Form):
    on_date = forms.DateField(
        label="Дата отзыва",
        widget=DateInput(),
        help_text="Дата поступления письменного заявления об отзыве.",
    )
    note = forms.CharField(
        label="Основание",
        max_length=300,
        required=False,
        help_text="Например: заявление от 01.02.2026, вх. № 15. Без персональных данных.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on_date", timezone.localdate())
