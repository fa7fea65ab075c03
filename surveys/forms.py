from django import forms
from django.utils import timezone

from mentoring.models import (
    MentoringForm,
    Mentorship,
    Participant,
    TargetGroup,
)

from .models import CHOICE_KINDS, Campaign, Moment, Question, Section, Survey
from .services import AUDIENCE_KINDS, ROLE_FILTERS, SURVEYED_STATUSES
from .templates_builtin import template_choices


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "description", "kind", "moment", "audience"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label="Типовая анкета", choices=template_choices)


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label="Варианты ответа",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Для вопросов с выбором: каждый вариант с новой строки.",
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "kind",
            "text",
            "help_text",
            "required",
            "scale_max",
            "label_min",
            "label_max",
            "number_min",
            "number_max",
            "code",
            "maps_to",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(version=version)
        self.fields["section"].empty_label = None
        if self.instance.pk and self.instance.kind in CHOICE_KINDS:
            self.initial.setdefault(
                "options_text", "\n".join(o.text for o in self.instance.options.all())
            )

    def clean_options_text(self):
        lines = self.cleaned_data.get("options_text", "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def service_data(self):
        data = {f: self.cleaned_data[f] for f in self.Meta.fields if f != "section"}
        data["options"] = self.cleaned_data["options_text"]
        return data


AUDIENCE_CHOICES = list(AUDIENCE_KINDS.items())


class CampaignForm(forms.Form):
    # A fresh random value per opened form (views.campaign_create): the
    # service creates one campaign per value, so a repeated POST mails nobody.
    submit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # Set by the confirmation shown when the same questionnaire went to the
    # same audience minutes ago (services.CampaignRecentlySent).
    confirm_repeat = forms.BooleanField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Название рассылки", max_length=300)
    deadline = forms.DateField(label="Принимать ответы до (включительно)", widget=date_input())
    audience_kind = forms.ChoiceField(
        label="Кому отправить", choices=AUDIENCE_CHOICES, widget=forms.RadioSelect
    )
    form = forms.ModelChoiceField(
        label="Форма наставничества", queryset=MentoringForm.objects.none(), required=False
    )
    role = forms.ChoiceField(
        label="Кого из участников пар",
        choices=list(ROLE_FILTERS.items()),
        initial="all",
        required=False,
    )
    mentorships = forms.ModelMultipleChoiceField(
        label="Пары и группы",
        queryset=Mentorship.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.ModelMultipleChoiceField(
        label="Участники",
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Удерживайте Ctrl (⌘ на Mac), чтобы выбрать несколько.",
    )
    is_anonymous = forms.BooleanField(
        label="Анонимная рассылка",
        required=False,
        help_text="Ответы не связываются с людьми; виден только факт ответа. "
        "Результаты показываются при трёх и более ответах.",
    )
    moment = forms.ChoiceField(label="Момент", choices=Moment.choices, required=False)
    baseline = forms.ModelChoiceField(
        label="Сравнивать с рассылкой «ожидания»",
        queryset=Campaign.objects.none(),
        required=False,
        help_text="Для анкеты результата: рассылка, с которой сравниваются ответы.",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = MentoringForm.objects.filter(
            organization=organization, is_active=True
        )
        self.fields["mentorships"].queryset = (
            Mentorship.objects.of(organization)
            .filter(status__in=SURVEYED_STATUSES)
            .with_people()
            .order_by("form__position", "pk")
        )
        self.fields["participants"].queryset = Participant.objects.of(organization).active()
        self.fields["baseline"].queryset = Campaign.objects.of(organization).filter(
            moment=Moment.EXPECTED
        )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("Срок ответа не может быть в прошлом.")
        return deadline

    def clean(self):
        data = super().clean()
        kind = data.get("audience_kind")
        if kind == "form" and not data.get("form"):
            self.add_error("form", "Выберите форму наставничества.")
        if kind == "mentorships" and not data.get("mentorships"):
            self.add_error("mentorships", "Отметьте хотя бы одну пару или группу.")
        if kind == "participants" and not data.get("participants"):
            self.add_error("participants", "Выберите хотя бы одного участника.")
        return data

    def audience(self):
        d = self.cleaned_data
        audience = {"kind": d["audience_kind"], "role": d.get("role") or "all"}
        if d["audience_kind"] == "form":
            audience["form"] = d["form"].pk
        if d["audience_kind"] == "mentorships":
            audience["mentorships"] = sorted(m.pk for m in d["mentorships"])
        if d["audience_kind"] == "participants":
            audience["participants"] = sorted(p.pk for p in d["participants"])
        return audience


class ExtendForm(forms.Form):
    deadline = forms.DateField(label="Новый срок", widget=date_input())


class ResultsFilterForm(forms.Form):
    form = forms.ModelChoiceField(
        label="Форма наставничества",
        queryset=MentoringForm.objects.none(),
        required=False,
        empty_label="Все формы",
    )
    target_group = forms.ChoiceField(
        label="Целевая группа", choices=[("", "Все группы"), *TargetGroup.choices], required=False
    )
    role = forms.ChoiceField(
        label="Роль",
        choices=[("", "Все"), ("mentor", "Наставники"), ("mentee", "Наставляемые")],
        required=False,
    )
    mentorship = forms.ModelChoiceField(
        label="Пара или группа",
        queryset=Mentorship.objects.none(),
        required=False,
        empty_label="Все пары и группы",
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
        self.fields["form"].queryset = MentoringForm.objects.filter(
            organization=campaign.organization
        )
        if campaign.is_anonymous:
            del self.fields["mentorship"]
        else:
            self.fields["mentorship"].queryset = (
                Mentorship.objects.of(campaign.organization)
                .filter(pk__in=campaign.invitations.values("mentorship_id"))
                .with_people()
            )

    def filters(self):
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "form": d["form"].pk if d.get("form") else None,
            "target_group": d.get("target_group") or None,
            "role": d.get("role") or None,
            "mentorship": d["mentorship"].pk if d.get("mentorship") else None,
        }


# Who may apply through "Стать наставником": the forms of mentoring of the target
# model (Распоряжение Минпросвещения России от 25.12.2019 № Р-145: «ученик – ученик»,
# «студент – ученик», «учитель – учитель», «работодатель – ученик» and others).
# Graduates mentor as students (they study further) or as specialists of an employer.
APPLICANT_CHOICES = [
    ("teacher", "Педагог этой организации"),
    ("school_student", "Ученик этой школы (форма «ученик – ученик»)"),
    (
        "college_student",
        "Студент колледжа или вуза (формы «студент – ученик», «студент – студент»)",
    ),
    ("graduate", "Выпускник этой организации, работающий специалист"),
    ("employer", "Представитель работодателя или партнёра"),
]


class ApplyForm(forms.Form):
    """The public application "Стать наставником". Pupils and students give
    their birth date: a child under 14 cannot consent alone (152-ФЗ)."""

    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя", max_length=150)
    patronymic = forms.CharField(label="Отчество", max_length=150, required=False)
    email = forms.EmailField(label="Электронная почта")
    phone = forms.CharField(label="Телефон", max_length=40, required=False)
    target_group = forms.ChoiceField(
        label="Кто вы",
        choices=APPLICANT_CHOICES,
        widget=forms.RadioSelect,
    )
    birth_date = forms.DateField(
        label="Дата рождения",
        required=False,
        widget=date_input(),
        help_text="Обязательна для учеников и студентов.",
    )
    class_group = forms.CharField(label="Класс или учебная группа", max_length=50, required=False)
    position = forms.CharField(
        label="Должность, место работы или учёбы", max_length=200, required=False
    )
    subjects = forms.CharField(
        label="Предметы или направления",
        max_length=500,
        required=False,
        help_text="Через запятую.",
    )
    experience_years = forms.IntegerField(
        label="Стаж работы, полных лет", min_value=0, max_value=70, required=False
    )
    competencies = forms.CharField(
        label="В чём вы можете помочь: ваши компетенции",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
    motivation = forms.CharField(
        label="Почему вы хотите стать наставником",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )
    consent = forms.BooleanField(
        label="Я даю согласие на обработку моих персональных данных на условиях, "
        "изложенных в тексте согласия",
        required=True,
        error_messages={
            "required": "Без согласия на обработку персональных данных заявку принять нельзя: "
            "отметьте согласие, прочитав его текст."
        },
    )
    consent_text = forms.IntegerField(widget=forms.HiddenInput)
    # A field people do not see; bots fill every field.
    website = forms.CharField(
        label="Сайт (не заполняйте)",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        cleaned = super().clean()
        who = cleaned.get("target_group")
        if who in ("school_student", "college_student"):
            if not cleaned.get("birth_date"):
                self.add_error(
                    "birth_date", "Укажите дату рождения: она нужна ученикам и студентам."
                )
            if not cleaned.get("class_group"):
                self.add_error("class_group", "Укажите класс или учебную группу.")
        elif who and not cleaned.get("position"):
            self.add_error("position", "Укажите должность и место работы.")
        return cleaned
