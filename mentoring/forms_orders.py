"""Forms of the order pages. They only read and check input: every write
goes through mentoring/services/orders.py."""

from django import forms
from django.db.models import Q
from django.utils.html import format_html, format_html_join

from .forms_versions import VersionCheckedMixin, VersionField
from .models import Membership, Mentorship, Order, OrderStatus, Participant, Role
from .orderkinds import kind_choices, spec_for

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


# Rows offered for responsible persons and for awarded mentors (empty rows
# are skipped; saving the draft offers the same number of empty rows again).
ASSIGN_ROWS = 6
AWARD_ROWS = 8
DATE_WIDGET = forms.DateInput(
    attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
)


def staff_choices(organization):
    """Persons an order may assign: the organisation's accounts except
    mentees and department specialists, as (user id, "Фамилия И. О., должность")."""
    rows = (
        Membership.objects.filter(organization=organization)
        .exclude(role__in=[Role.MENTEE, Role.SPECIALIST])
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    return [
        (m.user_id, f"{m.user.short_name}, {m.position or m.get_role_display().lower()}")
        for m in rows
    ]


def busy_in_other_orders(kind, mentorship_ids, order=None):
    """{mentorship id: Order} for the pairs already listed in another open
    order (draft, submitted or returned) of the same kind: such a pair is
    offered disabled in the order form (the same rule the service enforces,
    services.orders._check_not_in_other_open_order). One query."""
    from .services.orders import OPEN_ORDER_STATUSES

    rows = Order.mentorships.through.objects.filter(
        mentorship_id__in=mentorship_ids,
        order__kind=kind,
        order__status__in=OPEN_ORDER_STATUSES,
    ).select_related("order")
    if order is not None and order.pk:
        rows = rows.exclude(order_id=order.pk)
    busy = {}
    for row in rows.order_by("order_id"):
        busy.setdefault(row.mentorship_id, row.order)
    return busy


def order_label(order):
    """How another order is named next to a busy pair: its register number
    when it has one, else its title, status and draft number (its id)."""
    status = order.get_status_display().lower()
    if order.number:
        return f"приказ № {order.number} «{order.title}» ({status})"
    return f"проект приказа № {order.pk} «{order.title}» ({status})"


class OrderForm(VersionCheckedMixin, forms.Form):
    title = forms.CharField(
        label="Заголовок",
        max_length=500,
        help_text="Начинается с предлога «О»: «О закреплении наставнических пар (групп)».",
    )
    preamble = forms.CharField(
        label="Преамбула (основание)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
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
    version = VersionField(required=False)

    executor = forms.CharField(
        label="Исполнитель (отметка об исполнителе)",
        max_length=300,
        required=False,
        help_text="Фамилия, инициалы и телефон: «Методистова М. М., 8 (800) 000-00-00».",
    )

    def __init__(self, *args, organization, kind, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Editing an existing order: the version the user saw is required.
        self.fields["version"].required = order is not None
        self.kind = kind
        self.spec = spec_for(kind)
        self._add_assignment_fields(organization)
        self._add_detail_fields(organization)
        status = self.spec.mentorship_status
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
            if self.kind == "pairing"
            else "Действующие пары и группы, которые прекращают работу"
        )
        chosen = {str(v) for v in (self["mentorships"].value() or [])}
        self.busy = busy_in_other_orders(kind, [m.pk for m in queryset], order)
        self.mentorship_rows = [
            (m, str(m.pk) in chosen and m.pk not in self.busy, self.busy.get(m.pk))
            for m in queryset
        ]

    def clean_mentorships(self):
        chosen = self.cleaned_data.get("mentorships") or []
        clashes = [m for m in chosen if m.pk in self.busy]
        if clashes:
            raise forms.ValidationError(
                [
                    f"Пара «{m}» уже включена в другой приказ — "
                    f"{order_label(self.busy[m.pk])}: уберите её из одного из приказов."
                    for m in clashes
                ]
            )
        return chosen

    def _add_assignment_fields(self, organization):
        staff = [("", "— не выбран —"), *staff_choices(organization)]
        points = [("", "—"), *((n, str(n)) for n in range(1, 21))]
        self.assignment_rows = []
        for i in range(ASSIGN_ROWS):
            self.fields[f"assign_point_{i}"] = forms.TypedChoiceField(
                label=f"Пункт (строка {i + 1})",
                choices=points,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"assign_user_{i}"] = forms.TypedChoiceField(
                label=f"Ответственный (строка {i + 1})",
                choices=staff,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"assign_deadline_{i}"] = forms.DateField(
                label=f"Срок (строка {i + 1})", required=False, widget=DATE_WIDGET
            )
            self.assignment_rows.append(
                (self[f"assign_point_{i}"], self[f"assign_user_{i}"], self[f"assign_deadline_{i}"])
            )

    def _add_detail_fields(self, organization):
        self.award_rows = []
        if self.spec.details == "award":
            mentors = [("", "— не выбран —")] + [
                (p.pk, f"{p.full_name}{', ' + p.position if p.position else ''}")
                for p in Participant.objects.filter(
                    organization=organization, is_mentor=True, anonymized_at__isnull=True
                ).order_by("last_name", "first_name")
            ]
            for i in range(AWARD_ROWS):
                self.fields[f"award_mentor_{i}"] = forms.TypedChoiceField(
                    label=f"Наставник (строка {i + 1})",
                    choices=mentors,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                self.fields[f"award_text_{i}"] = forms.CharField(
                    label=f"Вид поощрения (строка {i + 1})",
                    max_length=300,
                    required=False,
                    initial="Объявить благодарность",
                )
                self.award_rows.append((self[f"award_mentor_{i}"], self[f"award_text_{i}"]))
        if self.spec.details == "final_event":
            self.fields["event_date"] = forms.DateField(
                label="Дата итогового мероприятия", required=False, widget=DATE_WIDGET
            )
            self.fields["event_place"] = forms.CharField(
                label="Место проведения", max_length=300, required=False
            )
            self.fields["event_programme"] = forms.CharField(
                label="Программа (каждый пункт с новой строки)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=5000,
            )
            self.fields["event_commission"] = forms.TypedMultipleChoiceField(
                label="Состав комиссии (первый — председатель)",
                choices=staff_choices(organization),
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_event_date(self):
        day = self.cleaned_data.get("event_date")
        if day:
            from .services.orders import final_event_date_problem

            problem = final_event_date_problem(day)
            if problem:
                raise forms.ValidationError(problem)
        return day

    @staticmethod
    def initial_from(order):
        """Initial values of the extra fields of a saved order."""
        initial = {"executor": order.executor}
        for i, a in enumerate((order.assignments or [])[:ASSIGN_ROWS]):
            initial[f"assign_point_{i}"] = a["point"]
            initial[f"assign_user_{i}"] = a["user_id"]
            initial[f"assign_deadline_{i}"] = a.get("deadline") or None
        details = order.details or {}
        for i, a in enumerate(details.get("awards", [])[:AWARD_ROWS]):
            initial[f"award_mentor_{i}"] = a["participant_id"]
            initial[f"award_text_{i}"] = a["award"]
        if "place" in details:
            initial["event_date"] = details.get("date") or None
            initial["event_place"] = details.get("place", "")
            initial["event_programme"] = "\n".join(details.get("programme", []))
            initial["event_commission"] = [c["user_id"] for c in details.get("commission", [])]
        return initial

    def order_data(self):
        """The fields of the order the services take as ``data``."""
        data = {
            key: self.cleaned_data[key]
            for key in ("title", "preamble", "points", "appendix_title", "is_public", "executor")
            if key in self.cleaned_data
        }
        c = self.cleaned_data
        data["assignments"] = [
            {
                "point": c[f"assign_point_{i}"] or 1,
                "user_id": c[f"assign_user_{i}"],
                "deadline": c[f"assign_deadline_{i}"].isoformat()
                if c[f"assign_deadline_{i}"]
                else "",
            }
            for i in range(ASSIGN_ROWS)
            if c.get(f"assign_user_{i}")
        ]
        if self.spec.details == "award":
            data["details"] = {
                "awards": [
                    {"participant_id": c[f"award_mentor_{i}"], "award": c[f"award_text_{i}"]}
                    for i in range(AWARD_ROWS)
                    if c.get(f"award_mentor_{i}")
                ]
            }
        elif self.spec.details == "final_event":
            data["details"] = {
                "date": c["event_date"].isoformat() if c.get("event_date") else "",
                "place": c.get("event_place", ""),
                "programme": (c.get("event_programme") or "").splitlines(),
                "commission_ids": c.get("event_commission") or [],
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
    q = forms.CharField(label="Поиск", required=False, max_length=100)
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
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": "Номер, название или ФИО"}
        )
