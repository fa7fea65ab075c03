"""Forms of the order pages. They only read and check input: every write
goes through mentoring/services/orders.py."""

from django import forms
from django.db.models import Q
from django.utils.html import format_html, format_html_join

from .models import Mentorship, MentorshipStatus, OrderKind, OrderStatus
from .orderkinds import kind_choices

POINT_MAX_LENGTH = 3000


class PointsWidget(forms.Widget):
    """The numbered points as a list of text areas sharing one name. It
    works without JavaScript (an empty row is always offered for a new
    point); static/js/order_points.js adds and removes rows."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name, [])
        return [value] if isinstance(value, str) else list(value)

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def format_value(self, value):
        return list(value or [])

    def render(self, name, value, attrs=None, renderer=None):
        attrs = attrs or {}
        points = [*self.format_value(value), ""]
        rows = format_html_join(
            "",
            '<li class="order-point d-flex gap-2 mb-2">'
            '<span class="order-point-number pt-2 text-body-secondary">{}.</span>'
            '<textarea name="{}" rows="2" class="form-control" maxlength="{}" '
            'aria-label="Пункт {}">{}</textarea>'
            '<button type="button" class="btn btn-outline-danger btn-sm align-self-start mt-1" '
            'data-remove-point aria-label="Удалить пункт {}">Удалить</button></li>',
            ((n, name, POINT_MAX_LENGTH, n, text, n) for n, text in enumerate(points, start=1)),
        )
        return format_html(
            '<div class="order-points" id="{}"><ol class="list-unstyled mb-2" data-points>{}</ol>'
            '<button type="button" class="btn btn-outline-secondary btn-sm" data-add-point hidden>'
            "+ Добавить пункт</button></div>",
            attrs.get("id", f"id_{name}"),
            rows,
        )


class PointsField(forms.Field):
    widget = PointsWidget
    default_error_messages = {
        "required": "В приказе должен быть хотя бы один пункт.",
        "too_long": "Пункт {n} длиннее {limit} знаков: разделите его на несколько.",
    }

    def to_python(self, value):
        return [line.strip() for line in (value or []) if line and line.strip()]

    def validate(self, value):
        super().validate(value)
        for n, text in enumerate(value, start=1):
            if len(text) > POINT_MAX_LENGTH:
                raise forms.ValidationError(
                    self.error_messages["too_long"].format(n=n, limit=POINT_MAX_LENGTH),
                    code="too_long",
                )


class MentorshipChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return str(obj)


# The mentorships a kind of order may list in its appendix.
APPENDIX_STATUS = {
    OrderKind.PAIRING: MentorshipStatus.AGREED,
    OrderKind.CHANGE: MentorshipStatus.ACTIVE,
}


class OrderForm(forms.Form):
    title = forms.CharField(
        label="Заголовок",
        max_length=500,
        help_text="Начинается с предлога «О»: «О закреплении наставнических пар (групп)».",
    )
    preamble = forms.CharField(
        label="Преамбула (основание)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="«В соответствии с …». Слово «ПРИКАЗЫВАЮ:» добавится само.",
    )
    points = PointsField(label="Пункты приказа")
    appendix_title = forms.CharField(label="Заголовок приложения", max_length=300, required=False)
    mentorships = MentorshipChoiceField(
        label="Пары и группы в приложении", queryset=Mentorship.objects.none(), required=False
    )
    is_public = forms.BooleanField(
        label="Публиковать в разделе «Наставничество» после утверждения", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organization, kind, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        status = APPENDIX_STATUS.get(kind)
        if status is None:
            del self.fields["mentorships"]
            del self.fields["appendix_title"]
            self.mentorship_rows = []
            return
        wanted = Q(status=status)
        if order is not None and order.pk:
            # Keep what the draft already lists, so that the methodist sees it
            # (the service explains why a pair in a wrong status cannot stay).
            wanted |= Q(orders=order)
        queryset = (
            Mentorship.objects.of(organization)
            .filter(wanted)
            .distinct()
            .with_people()
            .order_by("form__position", "form__name", "pk")
        )
        self.fields["mentorships"].queryset = queryset
        self.fields["mentorships"].label = (
            "Согласованные пары и группы для закрепления"
            if self.kind == OrderKind.PAIRING
            else "Действующие пары и группы, которые прекращают работу"
        )
        chosen = {str(v) for v in (self["mentorships"].value() or [])}
        self.mentorship_rows = [(m, str(m.pk) in chosen) for m in queryset]

    def order_data(self):
        """The fields of the order the services take as ``data``."""
        data = {
            key: self.cleaned_data[key]
            for key in ("title", "preamble", "points", "appendix_title", "is_public")
            if key in self.cleaned_data
        }
        return data

    def chosen_mentorships(self):
        return list(self.cleaned_data.get("mentorships") or [])


class OrderReturnForm(forms.Form):
    comment = forms.CharField(
        label="Что исправить",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Напишите, что исправить: комментарий обязателен."},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Напишите, что исправить: комментарий обязателен.")
        return comment


class OrderFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="Год", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label="Вид", required=False, choices=lambda: [("", "все виды"), *kind_choices()]
    )
    status = forms.ChoiceField(
        label="Статус", required=False, choices=[("", "все статусы"), *OrderStatus.choices]
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "все годы"), *((y, str(y)) for y in years)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
