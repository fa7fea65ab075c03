"""The organisation's mentoring programme (программа наставничества, one
per organisation and period, approved by an order): the write service, the
form and the two pages — the organisation's list (staff read, managers
add) and the department's bank of effective programmes (approved
programmes of all its organisations). Not the personalised programme of a
pair (PersonalProgram)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render

from .access import DEPARTMENT_ROLES, require_department, role_required, staff_required
from .forms_mentorships import DATE
from .models import (
    MentoringForm,
    MentoringProgram,
    Order,
    OrderStatus,
    Organization,
    TargetGroup,
)
from .submit_once import submit_once

PAGE_SIZE = 25


@transaction.atomic
def mentoring_program_create(*, organization, data, forms, by):
    """A programme of the organisation. ``forms``: its MentoringForms (of the
    same organisation); ``data["order"]``: an approved order of the
    organisation or None (a draft programme). Raises ValidationError."""
    if any(f.organization_id != organization.pk for f in forms):
        raise ValidationError("Форма наставничества другой организации.")
    order = data.get("order")
    if order is not None and (
        order.organization_id != organization.pk or order.status != OrderStatus.APPROVED
    ):
        raise ValidationError("Укажите утверждённый приказ своей организации.")
    program = MentoringProgram(organization=organization, **data)
    program.full_clean()
    program.save()
    program.forms.set(forms)
    return program


class MentoringProgramForm(forms.Form):
    title = forms.CharField(label="Название программы", max_length=300)
    forms_ = forms.ModelMultipleChoiceField(
        label="Формы наставничества",
        queryset=MentoringForm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label="Начало", widget=DATE)
    ends_on = forms.DateField(label="Окончание", widget=DATE)
    participants_planned = forms.IntegerField(
        label="Участников (план), чел.", min_value=1, max_value=100000
    )
    target_groups = forms.MultipleChoiceField(
        label="Целевые группы",
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    order = forms.ModelChoiceField(
        label="Приказ об утверждении",
        queryset=Order.objects.none(),
        required=False,
        help_text="Утверждённый приказ; без приказа программа — проект и в показатели не входит.",
    )
    summary = forms.CharField(
        label="Краткое содержание и результаты",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forms_"].queryset = MentoringForm.objects.filter(
            organization=organization, is_active=True
        )
        self.fields["order"].queryset = Order.objects.filter(
            organization=organization, status=OrderStatus.APPROVED
        ).order_by("-signed_on", "-sequence")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Окончание не может быть раньше начала.")
        if "forms_" in self.errors and not self.fields["forms_"].queryset.exists():
            # A checkbox group without options shows no error of its own.
            self.add_error(
                None,
                "В организации ещё нет форм наставничества: сначала добавьте их "
                "в разделе «Формы наставничества», затем программу.",
            )
        return data


@staff_required
@submit_once
def program_list(request):
    """The organisation's mentoring programmes; managers add one (PRG)."""
    can_edit = request.membership.is_manager
    form = MentoringProgramForm(
        request.POST if request.method == "POST" else None, organization=request.org
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            chosen = data.pop("forms_")
            try:
                program = mentoring_program_create(
                    organization=request.org, data=data, forms=list(chosen), by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Программа «{program.title}» добавлена.")
                return redirect("mentoring:program_list")
    programs = (
        MentoringProgram.objects.filter(organization=request.org)
        .select_related("order")
        .prefetch_related("forms")
    )
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/program_list.html",
        {"page": page, "form": form, "can_edit": can_edit},
    )


@role_required(*DEPARTMENT_ROLES)
def program_bank(request):
    """The department's bank of effective programmes: approved programmes
    of all its organisations, newest first. For the department's specialist
    and head."""
    require_department(request)
    ids = Organization.descendant_ids([request.org.pk])
    programs = (
        MentoringProgram.objects.filter(organization_id__in=ids, order__status=OrderStatus.APPROVED)
        .select_related("organization", "order")
        .prefetch_related("forms")
        .order_by("-starts_on", "organization__short_name", "title")
    )
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mentoring/program_bank.html", {"page": page})
