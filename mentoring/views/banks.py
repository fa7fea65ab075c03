"""Banks of mentors and mentees: lists, participant pages, interviews,
headcounts. See mentoring/urls.py for the URL patterns."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from reports.xlsx import table_xlsx

from ..access import get_participant_for, manager_required, staff_required
from ..exports import BANK_TITLES, bank_columns, bank_rows
from ..figures import figures_get, paginate
from ..filters import ParticipantFilter
from ..forms import HeadcountForm, InterviewForm, ParticipantForm
from ..models import (
    AuditEvent,
    Consent,
    Headcount,
    Interview,
    MentorStatus,
    Participant,
    TargetGroup,
)
from ..services.activities import training_history
from ..services.participants import (
    StaleEditError,
    headcount_set,
    interview_record,
    mentor_approve,
    participant_create,
    participant_update,
)

PER_PAGE = 25

SIDES = {
    "mentees": ("mentee", "Банк наставляемых"),
    "mentors": ("mentor", "Банк наставников"),
    "potential-mentors": ("mentor", "Реестр потенциальных наставников"),
}


def bank_queryset(organization, side):
    qs = Participant.objects.of(organization).active().with_consent_state()
    if side == "mentees":
        return qs.mentees()
    qs = qs.mentors()
    if side == "potential-mentors":
        last = Interview.objects.filter(participant=OuterRef("pk")).order_by("-held_on", "-pk")
        qs = qs.filter(mentor_status=MentorStatus.POTENTIAL).annotate(
            last_interview_on=Subquery(last.values("held_on")[:1]),
            last_interview_outcome=Subquery(last.values("outcome")[:1]),
        )
    return qs


def _filtered(request, side):
    kind, _title = SIDES[side]
    return ParticipantFilter(
        request.GET or None, queryset=bank_queryset(request.org, side), side=kind
    )


def bank_totals(organization, side):
    """{"total", "with_consent"} of a bank: one aggregate over the bank,
    cached per organisation and day (mentoring.figures)."""
    return figures_get(
        organization,
        f"bank-totals:{side}:{timezone.localdate()}",
        lambda: bank_queryset(organization, side).aggregate(
            total=Count("pk"), with_consent=Count("pk", filter=Q(has_processing_consent=True))
        ),
    )


def _bank(request, side):
    kind, title = SIDES[side]
    bank_filter = _filtered(request, side)
    totals = bank_totals(request.org, side)
    unfiltered = not any(v for k, v in request.GET.items() if k != "page")
    # Without a filter the list is the whole bank: its size is the cached total.
    page = paginate(
        bank_filter.qs,
        PER_PAGE,
        request.GET.get("page"),
        count=totals["total"] if unfiltered else None,
        deferred=True,
    )
    return render(
        request,
        "mentoring/participant_bank.html",
        {
            "side": side,
            "kind": kind,
            "title": title,
            "filter": bank_filter,
            "page": page,
            "totals": totals,
            "can_edit": request.membership.is_manager,
        },
    )


@staff_required
def mentee_bank(request):
    return _bank(request, "mentees")


@staff_required
def mentor_bank(request):
    return _bank(request, "mentors")


@staff_required
def potential_mentors(request):
    return _bank(request, "potential-mentors")


@staff_required
def bank_export(request, side):
    if side not in SIDES:
        raise Http404
    bank_filter = _filtered(request, side)
    queryset = bank_filter.qs
    content = table_xlsx(
        title=BANK_TITLES[side], columns=bank_columns(side), rows=bank_rows(queryset, side)
    )
    AuditEvent.objects.create(
        organization=request.org,
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        details={"what": side},
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{side}-{stamp}.xlsx"'
    return response


@manager_required
def participant_create_view(request):
    side = request.GET.get("side", "mentee")
    initial = {"is_mentor": side == "mentor", "is_mentee": side != "mentor"}
    form = ParticipantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            participant = participant_create(organization=request.org, data=data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Участник «{participant.full_name}» добавлен.")
            return redirect(participant)
    return render(request, "mentoring/participant_form.html", {"form": form, "participant": None})


@staff_required
def participant_detail(request, pk):
    participant = get_participant_for(request, pk)
    interviews = participant.interviews.select_related("held_by")
    consents = participant.consents.select_related("text", "recorded_by").order_by(
        "kind", "-given_on"
    )
    return render(
        request,
        "mentoring/participant_detail.html",
        {
            "participant": participant,
            "interviews": interviews,
            "consents": consents,
            "can_edit": request.membership.is_manager and not participant.is_anonymized,
            "today": timezone.localdate(),
            "training": training_history(participant) if participant.is_mentor else None,
            "awards": participant.awards.all() if participant.is_mentor else None,
        },
    )


@manager_required
def participant_edit(request, pk):
    participant = get_participant_for(request, pk, write=True)
    if participant.is_anonymized:
        messages.error(request, "Данные участника обезличены: изменить их нельзя.")
        return redirect(participant)
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            participant_update(
                participant=participant,
                data=data,
                loaded_version=form.cleaned_data["loaded_version"],
                by=request.user,
            )
        except StaleEditError as error:
            messages.error(request, error.messages[0])
            return redirect(participant)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(participant)
    return render(
        request, "mentoring/participant_form.html", {"form": form, "participant": participant}
    )


def _diff(record, previous):
    if previous is None:
        return []
    delta = record.diff_against(previous)
    model = record.instance_type
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        changes.append((field.verbose_name, change.old, change.new))
    return changes


@staff_required
def participant_history(request, pk):
    participant = get_participant_for(request, pk)
    records = list(participant.history.select_related("history_user").order_by("history_date"))
    entries = []
    previous = None
    for record in records:
        entries.append({"record": record, "changes": _diff(record, previous)})
        previous = record
    consent_records = (
        Consent.history.filter(participant_id=participant.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )
    return render(
        request,
        "mentoring/participant_history.html",
        {
            "participant": participant,
            "entries": list(reversed(entries)),
            "consent_records": consent_records,
        },
    )


@manager_required
def interview_create(request, pk):
    participant = get_participant_for(request, pk, write=True)
    form = InterviewForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        interview_record(participant=participant, data=form.cleaned_data, by=request.user)
        messages.success(request, "Собеседование записано.")
        return redirect(participant)
    return render(
        request, "mentoring/interview_form.html", {"form": form, "participant": participant}
    )


@require_POST
@manager_required
def mentor_approve_view(request, pk):
    participant = get_participant_for(request, pk, write=True)
    try:
        mentor_approve(participant=participant, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{participant.full_name} утверждён(а) наставником.")
    return redirect(participant)


@staff_required
def headcounts(request):
    form = HeadcountForm(request.POST or None, initial={"academic_year": current_academic_year()})
    if request.method == "POST":
        if not request.membership.is_manager:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            headcount_set(organization=request.org, by=request.user, **form.cleaned_data)
            messages.success(request, "Численность сохранена.")
            return redirect("mentoring:headcounts")
    rows = Headcount.objects.filter(organization=request.org)
    years = {}
    for row in rows:
        years.setdefault(row.academic_year, {})[row.target_group] = row.count
    table = [
        {"year": year, "label": f"{year}/{year + 1}", "counts": years[year]}
        for year in sorted(years, reverse=True)
    ]
    return render(
        request,
        "mentoring/headcounts.html",
        {
            "form": form,
            "table": table,
            "groups": TargetGroup.choices,
            "can_edit": request.membership.is_manager,
        },
    )


def current_academic_year(today=None):
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1
