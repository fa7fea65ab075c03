"""Forms of the mentorship pages: forms of mentoring, pairs and groups,
programmes, plan items and meetings. Writes go through
mentoring/services/mentorships.py; these forms only parse input."""

from django import forms
from django.utils import timezone

from .forms_versions import VersionCheckedMixin, VersionField
from .models import (
    Meeting,
    MentoringForm,
    MentoringType,
    Mentorship,
    MentorshipStatus,
    PlanItem,
    TargetGroup,
)

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class MentoringFormForm(forms.Form):
    """A form of mentoring. Saved by ``mentoring_form_save``."""

    name = forms.CharField(label="Название", max_length=200)
    mentor_groups = forms.MultipleChoiceField(
        label="Целевые группы наставников",
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Ничего не отмечено — подходит любая группа.",
    )
    mentee_groups = forms.MultipleChoiceField(
        label="Целевые группы наставляемых",
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Ничего не отмечено — подходит любая группа.",
    )
    mentoring_type = forms.ChoiceField(
        label="Вид наставничества",
        choices=MentoringType.choices,
        initial=MentoringType.TRADITIONAL,
        required=False,
        help_text="Второй признак формы рядом с ролевой парой (рекомендации 2021 г.).",
    )
    description = forms.CharField(
        label="Описание", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    is_active = forms.BooleanField(label="Используется", required=False, initial=True)
    position = forms.IntegerField(label="Порядок в списках", min_value=0, max_value=999, initial=50)

    def __init__(self, *args, organization, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                "name": instance.name,
                "mentor_groups": instance.mentor_groups,
                "mentee_groups": instance.mentee_groups,
                "mentoring_type": instance.mentoring_type,
                "description": instance.description,
                "is_active": instance.is_active,
                "position": instance.position,
            }
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance = instance

    def clean_mentoring_type(self):
        value = self.cleaned_data.get("mentoring_type") or MentoringType.TRADITIONAL
        instance = self.instance
        if (
            value == MentoringType.TRADITIONAL
            and instance is not None
            and instance.mentoring_type != MentoringType.TRADITIONAL
            and Mentorship.objects.filter(form=instance)
            .with_mentoring_type()
            .filter(mentees_count__gt=1)
            .exists()
        ):
            # The form has groups: «традиционное» is one mentor with one
            # mentee (their type would stay «групповое» anyway).
            raise forms.ValidationError(
                "Традиционное наставничество — один наставник и один наставляемый, а в этой "
                "форме есть группы из нескольких наставляемых. Выберите вид «Групповое» "
                "или другой, кроме традиционного."
            )
        return value

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        duplicate = MentoringForm.objects.filter(organization=self.organization, name__iexact=name)
        if self.instance is not None:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError("Форма наставничества с таким названием уже есть.")
        return name


class MentorshipEditForm(VersionCheckedMixin, forms.Form):
    title = forms.CharField(
        label="Название группы",
        max_length=200,
        required=False,
        help_text="Для групп; у пары можно не заполнять.",
    )
    planned_start = forms.DateField(label="Плановое начало", widget=DATE)
    planned_end = forms.DateField(label="Плановое окончание", widget=DATE)
    version = VersionField()

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", "Окончание не может быть раньше начала.")
        return data


class MentorshipEndForm(VersionCheckedMixin, forms.Form):
    status = forms.ChoiceField(
        label="Итог",
        choices=[
            (MentorshipStatus.COMPLETED, "Завершить: программа выполнена"),
            (MentorshipStatus.TERMINATED, "Прекратить досрочно"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Причина прекращения или итог",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="При досрочном прекращении причина обязательна.",
    )
    on_date = forms.DateField(label="Дата", widget=DATE)
    version = VersionField()

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        if mentorship.status != MentorshipStatus.ACTIVE:
            # Only an active mentorship can be completed; others are withdrawn.
            self.fields["status"].choices = [
                (MentorshipStatus.TERMINATED, "Отменить (пара не будет закреплена)")
            ]
            self.fields["status"].initial = MentorshipStatus.TERMINATED

    def clean(self):
        data = super().clean()
        if data.get("status") == MentorshipStatus.TERMINATED and not data.get("reason", "").strip():
            self.add_error("reason", "Укажите причину прекращения.")
        on_date = data.get("on_date")
        if on_date and on_date > timezone.localdate():
            self.add_error("on_date", "Дата окончания не может быть в будущем.")
        return data


class ProgramForm(VersionCheckedMixin, forms.Form):
    goals = forms.CharField(label="Цели", widget=forms.Textarea(attrs={"rows": 3}))
    tasks = forms.CharField(label="Задачи", widget=forms.Textarea(attrs={"rows": 5}))
    expected_results = forms.CharField(
        label="Ожидаемые результаты", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = VersionField()


class PlanItemForm(VersionCheckedMixin, forms.Form):
    """The whole item: for the mentors of the pair and the methodists."""

    title = forms.CharField(label="Мероприятие", max_length=500)
    starts_on = forms.DateField(label="Начало", widget=DATE, required=False)
    due_on = forms.DateField(label="Срок", widget=DATE)
    responsible = forms.CharField(label="Ответственный", max_length=300, required=False)
    expected_result = forms.CharField(
        label="Ожидаемый результат", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    status = forms.ChoiceField(label="Статус", choices=PlanItem.Status.choices)
    result = forms.CharField(
        label="Результат, подтверждение",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    version = VersionField(required=False)

    def __init__(self, *args, editing=False, **kwargs):
        """``editing``: an existing item is changed, so the version is required."""
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing

    def clean(self):
        data = super().clean()
        start, due = data.get("starts_on"), data.get("due_on")
        if start and due and due < start:
            self.add_error("due_on", "Срок не может быть раньше начала.")
        if data.get("status") == PlanItem.Status.DONE and not data.get("result", "").strip():
            self.add_error("result", "Опишите результат или подтверждение выполнения.")
        return data


class PlanItemResultForm(PlanItemForm):
    """What a mentee updates: the status and the result."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "starts_on", "due_on", "responsible", "expected_result"):
            del self.fields[name]


class MeetingForm(VersionCheckedMixin, forms.Form):
    """A meeting of the pair, new or corrected (``editing``: the version the
    user saw is then required). The date must fit the pair
    (Mentorship.meeting_date_error)."""

    held_on = forms.DateField(label="Дата", widget=DATE)
    format = forms.ChoiceField(label="Формат", choices=Meeting.Format.choices)
    topic = forms.CharField(label="Тема", max_length=300)
    duration_minutes = forms.IntegerField(
        label="Продолжительность, мин",
        min_value=5,
        max_value=600,
        required=False,
        help_text="Нужна для портфолио наставника (часы работы с наставляемыми).",
    )
    notes = forms.CharField(
        label="Заметки", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    attendees = forms.MultipleChoiceField(
        label="Присутствовали", widget=forms.CheckboxSelectMultiple, required=False
    )
    evidence = forms.FileField(
        label="Подтверждение (файл или фото)",
        required=False,
        help_text="PDF, JPEG или PNG: протокол, фото, скан листа присутствия.",
    )
    version = VersionField(required=False)

    def __init__(self, *args, mentorship, members, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        self.fields["version"].required = editing
        self.members = {str(m.participant.pk): m.participant for m in members}
        self.fields["attendees"].choices = [
            (str(m.participant.pk), f"{m.participant.full_name} ({m.get_role_display().lower()})")
            for m in members
        ]
        self.fields["attendees"].initial = list(self.members)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        error = self.mentorship.meeting_date_error(held_on)
        if error:
            raise forms.ValidationError(error)
        return held_on

    def clean_attendees(self):
        return [self.members[pk] for pk in self.cleaned_data["attendees"]]

    def clean_evidence(self):
        from .uploads import validate_upload

        evidence = self.cleaned_data.get("evidence")
        if evidence:
            validate_upload(evidence)
        return evidence


class PlanItemEvidenceForm(forms.Form):
    """A file or photo confirming a plan item (views.plan_item_evidence_upload):
    a new file replaces the old one; ``remove`` takes it away."""

    evidence = forms.FileField(
        label="Файл или фото",
        required=False,
        help_text="PDF, JPEG или PNG: фото, скан, протокол.",
    )
    remove = forms.BooleanField(required=False)

    def clean_evidence(self):
        from .uploads import validate_upload

        evidence = self.cleaned_data.get("evidence")
        if evidence:
            validate_upload(evidence)
        return evidence

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("evidence") and not cleaned.get("remove"):
            raise forms.ValidationError("Выберите файл или фото для загрузки.")
        return cleaned
