"""Forms of the training, events, news, practices, library and honour board
pages. They only collect input: files are checked by content and stored by
mentoring.services.activities, whose errors the views put back here."""

from django import forms

from .files import ACCEPT, HELP
from .models import (
    Award,
    Consultation,
    Event,
    EventKind,
    ExternalCourse,
    Material,
    MaterialCategory,
    MentoringForm,
    News,
    Participant,
    Practice,
    TrainingGroup,
    TrainingSession,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeopleField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(queryset=Participant.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        extra = obj.position or obj.class_group
        return f"{obj.full_name}{f' ({extra})' if extra else ''}"


def file_field(kind, label="Файл", required=False, help_text=None):
    return forms.FileField(
        label=label,
        required=required,
        help_text=help_text or HELP[kind],
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT[kind]}),
    )


def mentors_of(organization):
    return Participant.objects.of(organization).active().mentors()


def people_of(organization):
    return Participant.objects.of(organization).active()


class DatedModelForm(forms.ModelForm):
    """Date fields as <input type="date">."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

    def data_for_service(self, *exclude):
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k in self._meta.fields and k not in exclude
        }


# --- training ----------------------------------------------------------------


class TrainingGroupForm(DatedModelForm):
    members = PeopleField(label="Наставники в группе")

    class Meta:
        model = TrainingGroup
        fields = ["title", "starts_on", "ends_on", "trainer", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = mentors_of(organization)
        if self.instance.pk:
            self.fields["members"].initial = list(self.instance.members.all())


class TrainingSessionForm(DatedModelForm):
    attendees = PeopleField(
        label="Присутствовали", widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = TrainingSession
        fields = ["held_on", "topic", "trainer", "hours", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        members = group.members.all()
        self.fields["attendees"].queryset = (
            members if members.exists() else mentors_of(group.organization)
        )
        if self.instance.pk:
            self.fields["attendees"].initial = list(self.instance.attendees.all())


class ConsultationForm(DatedModelForm):
    participants = PeopleField(label="Наставники")

    class Meta:
        model = Consultation
        fields = ["held_on", "topic", "consultant", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = mentors_of(organization)


class ExternalCourseForm(DatedModelForm):
    certificate_upload = file_field(
        "scan", label="Скан удостоверения или сертификата", required=False
    )

    class Meta:
        model = ExternalCourse
        fields = [
            "programme",
            "hours",
            "provider",
            "starts_on",
            "ends_on",
            "document_kind",
            "document_number",
        ]


# --- events and news ---------------------------------------------------------


class EventForm(DatedModelForm):
    participants = PeopleField(label="Участники из банков")
    representatives = PeopleField(
        label="Представители организации",
        help_text="Для региональных мероприятий и конкурсов: кто представлял организацию.",
    )
    upload = file_field("document", label="Протокол или материалы")
    upload_title = forms.CharField(label="Название файла", max_length=300, required=False)

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "held_on",
            "place",
            "participants_note",
            "students_reached",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people_of(organization)
        self.fields["representatives"].queryset = people_of(organization)
        if self.instance.pk:
            self.fields["participants"].initial = list(self.instance.participants.all())
            self.fields["representatives"].initial = list(self.instance.representatives.all())
            del self.fields["upload"], self.fields["upload_title"]


class AttachmentForm(forms.Form):
    file = file_field("document", required=True)
    title = forms.CharField(label="Название", max_length=300, required=False)


class NewsForm(DatedModelForm):
    picture_upload = file_field("picture", label="Иллюстрация")
    clear_picture = forms.BooleanField(label="Убрать иллюстрацию", required=False)
    upload = file_field("document", label="Вложение")

    class Meta:
        model = News
        fields = ["title", "body", "picture_alt"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.picture):
            del self.fields["clear_picture"]


# --- practices ---------------------------------------------------------------


class PracticeForm(DatedModelForm):
    author_participants = PeopleField(
        label="Авторы из банков", help_text="Необязательно: связать практику с участниками."
    )
    upload = file_field("document", label="Файл практики")

    class Meta:
        model = Practice
        fields = ["title", "authors", "form", "description", "results"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organization, pick_authors=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = MentoringForm.objects.filter(
            organization=organization, is_active=True
        )
        self.fields["form"].required = False
        if pick_authors:
            self.fields["author_participants"].queryset = people_of(organization)
            if self.instance.pk:
                self.fields["author_participants"].initial = list(
                    self.instance.author_participants.all()
                )
        else:
            # Mentors and mentees do not browse the banks of people.
            del self.fields["author_participants"]


class PracticeReturnForm(forms.Form):
    comment = forms.CharField(
        label="Что доработать", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class WinnerForm(forms.Form):
    event = forms.ModelChoiceField(label="Итоговое мероприятие", queryset=Event.objects.none())

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(
            organization=organization, kind=EventKind.FINAL
        )


# --- library -----------------------------------------------------------------


class MaterialCategoryForm(forms.ModelForm):
    class Meta:
        model = MaterialCategory
        fields = ["name"]


class MaterialForm(DatedModelForm):
    upload = file_field("document", label="Файл")

    class Meta:
        model = Material
        fields = ["category", "title", "description", "url", "visibility"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = MaterialCategory.objects.filter(
            organization=organization
        )
        self.fields["url"].help_text = "Если материал — ссылка на внешний ресурс."


# --- honour board ------------------------------------------------------------


class AwardForm(DatedModelForm):
    participant = forms.ModelChoiceField(label="Наставник", queryset=Participant.objects.none())

    class Meta:
        model = Award
        fields = ["title", "awarded_on", "level"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = mentors_of(organization)


class PortraitForm(forms.Form):
    participant = forms.ModelChoiceField(label="Наставник", queryset=Participant.objects.none())
    photo = file_field("picture", label="Фотография", required=True)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = mentors_of(organization)
