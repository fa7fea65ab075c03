"""Banks of mentors and mentees: lists, participant pages, interviews,
headcounts. See mentoring/urls.py for the URL patterns."""

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mentoring.typography import academic_year_range
from mentoring.xlsx import table_xlsx

from ..access import (
    ACCESS_GRANTING_ROLES,
    get_participant_for,
    manager_required,
    staff_required,
)
from ..exports import BANK_TITLES, bank_columns, bank_rows
from ..figures import figures_get, paginate
from ..filters import ParticipantFilter
from ..forms import BankBulkForm, HeadcountForm, InterviewForm, ParticipantForm
from ..models import (
    HOLDING_STATUSES,
    AuditEvent,
    Consent,
    ConsentKind,
    Headcount,
    Interview,
    Mentorship,
    MentorshipMember,
    MentorStatus,
    Participant,
    TargetGroup,
)
from ..rows import bank_list_rows
from ..services.activities import training_history
from ..services.consents import consent_give
from ..services.participants import (
    StaleEditError,
    headcount_set,
    headcount_shortfalls,
    interview_record,
    mentor_approve,
    participant_create,
    participant_update,
)
from ..submit_once import submit_once
from .accounts import bulk_invite, participant_account_context
from .consents import consent_forms_pdf

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


def attach_current_mentors(people):
    """Set ``mentor_name`` ("Фамилия Имя Отчество", or None) and
    ``mentor_pair_id`` on each of ``people`` (mentees of one page of the
    bank): the lead mentor of the mentee's newest open pair or group
    (proposed, agreed or active; the newest by planned start, then id). One
    query for the page; two correlated subqueries per row cost more (2,8 ms
    for 25 rows on PostgreSQL). Returns ``people``."""
    found = {}
    if people:
        leads = (
            MentorshipMember.objects.filter(
                role=MentorshipMember.Role.LEAD,
                mentorship__status__in=HOLDING_STATUSES,
                mentorship__members__participant__in=[p.pk for p in people],
                mentorship__members__role=MentorshipMember.Role.MENTEE,
            )
            .order_by("-mentorship__planned_start", "-mentorship_id")
            .values_list(
                "mentorship__members__participant_id",
                "mentorship_id",
                "participant__last_name",
                "participant__first_name",
                "participant__patronymic",
            )
        )
        for mentee_id, pair_id, *name in leads:
            found.setdefault(mentee_id, (" ".join(part or "" for part in name), pair_id))
    for person in people:
        person.mentor_name, person.mentor_pair_id = found.get(person.pk, (None, None))
    return people


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


# side -> the HTML of the filter bar's fields with no filter chosen.
_UNFILTERED_BAR = {}


def filter_fields(request, side, bank_filter):
    """The HTML of the bank's filter fields (templates/mentoring/includes/
    bank_filter_fields.html). Every choice of the bar is fixed in the code
    (ParticipantFilter: groups, statuses, consent, pair, sorting), so with
    no filter chosen (the list and its pages) the bar is the same for every
    request of a side: rendered once per process (seven widgets are 2,5 ms
    of the page). A chosen filter — a value the user typed — is rendered
    each time and kept nowhere."""
    if any(v for k, v in request.GET.items() if k != "page"):
        return render_to_string(FILTER_FIELDS, {"filter": bank_filter})
    html = _UNFILTERED_BAR.get(side)
    if html is None:
        html = _UNFILTERED_BAR[side] = render_to_string(FILTER_FIELDS, {"filter": bank_filter})
    return html


FILTER_FIELDS = "mentoring/includes/bank_filter_fields.html"


def bank_count(request, side, bank_filter, totals):
    """The number of rows of the bank list as filtered by the request.
    Without a filter it is the cached total of the bank; with one (a name
    search, say) a cached figure of the organisation keyed by the filter
    (mentoring.figures: any write to the organisation's participants,
    consents or pairs forgets it): the count reads every row of the
    organisation (on SQLite a Python LIKE per row), the page itself only
    25. Paging through the results of one search counts once."""
    chosen = sorted((k, v) for k, v in request.GET.items() if k != "page" and v)
    if not chosen:
        return totals["total"]
    digest = hashlib.sha256(urlencode(chosen).encode()).hexdigest()[:32]
    return figures_get(
        request.org,
        f"bank-count:{side}:{timezone.localdate()}:{digest}",
        bank_filter.qs.count,
    )


def _bank(request, side):
    kind, title = SIDES[side]
    bank_filter = _filtered(request, side)
    totals = bank_totals(request.org, side)
    bulk_actions = bulk_actions_for(request.membership, side)
    page = paginate(
        bank_filter.qs,
        PER_PAGE,
        request.GET.get("page"),
        count=bank_count(request, side, bank_filter, totals),
        deferred=True,
    )
    if side == "mentees":
        attach_current_mentors(page.object_list)
    return render(
        request,
        "mentoring/participant_bank.html",
        {
            "side": side,
            "kind": kind,
            "title": title,
            "filter": bank_filter,
            "filter_fields": filter_fields(request, side, bank_filter),
            "page": page,
            # The rows in Python (mentoring.rows): the page's costliest loop.
            "rows": bank_list_rows(
                page.object_list,
                kind=kind,
                side=side,
                selectable=bool(bulk_actions),
            ),
            "totals": totals,
            "can_edit": request.membership.is_manager,
            "bulk_form": BankBulkForm(organization=request.org),
            "bulk_actions": bulk_actions,
            "filter_query": filter_query(request.GET),
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
@submit_once
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
            "pair_rows": participant_pairs(participant),
            **participant_account_context(request, participant),
        },
    )


def participant_pairs(participant):
    """The participant's pairs and groups, as mentor and as mentee, newest
    first: ``[(role label, mentorship), …]`` with people loaded (3 queries)."""
    mentorships = (
        Mentorship.objects.filter(members__participant=participant)
        .with_people()
        .order_by("-planned_start", "-pk")
    )
    rows = []
    for mentorship in mentorships:
        member = next(m for m in mentorship.members.all() if m.participant_id == participant.pk)
        rows.append(("наставник" if member.is_mentor else "наставляемый", mentorship))
    return rows


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
@submit_once
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
    """The headcounts of the organisation's target groups (the denominators
    of coverage). A department has no pupils or teachers of its own: 403 to
    its head as to its specialist (whom ``staff_required`` refuses)."""
    if request.org.is_department:
        raise PermissionDenied
    form = HeadcountForm(request.POST or None, initial={"academic_year": current_academic_year()})
    if request.method == "POST":
        if not request.membership.is_manager:
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
        {"year": year, "label": academic_year_range(year), "counts": years[year]}
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
            "shortfalls": headcount_shortfalls(request.org, current_academic_year()),
            "shortfall_year": academic_year_range(current_academic_year()),
        },
    )


def current_academic_year(today=None):
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


# --- bulk actions on a selection of the bank ----------------------------------

BULK_LIMIT = 200
# "Все N по текущему фильтру": at most this many people in one action (each
# is its own service call; a larger list is narrowed by the filter first).
BULK_FILTER_LIMIT = 500


def filter_query(params):
    """The bank list's filter as a query string, without the page number:
    what "все по текущему фильтру" sends back to bank_bulk."""
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


def _filter_selection(request, side):
    """The people of every page that the list's filter (POST ``filter``, a
    query string) shows, computed here from the filter and never from the
    ticked rows; ``(queryset, error)`` with a Russian error or ``""``."""
    from django.http import QueryDict

    kind, _title = SIDES[side]
    data = QueryDict(request.POST.get("filter", ""))
    bank_filter = ParticipantFilter(
        data or None, queryset=bank_queryset(request.org, side), side=kind
    )
    if data and not bank_filter.is_valid():
        return None, "Фильтр списка не распознан: откройте список заново и повторите."
    return bank_filter.qs, ""


def bulk_actions_for(membership, side):
    """Bulk actions a member may take in this list: the director prints and
    invites, the coordinator and methodist do everything."""
    allowed = {"forms"}
    if membership.role in ACCESS_GRANTING_ROLES:
        allowed.add("invite")
    if membership.is_manager:
        allowed |= {"consents"} | ({"group"} if side == "mentees" else {"approve"})
    return [(value, label) for value, label in BankBulkForm.ACTIONS if value in allowed]


@require_POST
@staff_required
@submit_once
def bank_bulk(request, side):
    """One action on the participants ticked in a bank list: record
    processing consents given on one date with one text version, approve
    mentors, invite, make a group (the matching page with the mentees
    chosen), print blank consent forms. Each participant's failure is
    reported by name; the others go through (each write is its own service
    call and transaction)."""
    if side not in SIDES:
        raise Http404
    back = redirect(request.POST.get("back") or f"/bank/{side}/")
    if not url_has_allowed_host_and_scheme(back.url, {request.get_host()}, request.is_secure()):
        back = redirect(f"/bank/{side}/")
    form = BankBulkForm(request.POST, organization=request.org)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return back
    action = form.cleaned_data["action"]
    if action not in dict(bulk_actions_for(request.membership, side)):
        raise PermissionDenied
    if request.POST.get("scope") == "filter":
        matching, error = _filter_selection(request, side)
        if error:
            messages.error(request, error)
            return back
        count = matching.count()
        if not count:
            messages.error(request, "По текущему фильтру никого нет.")
            return back
        if count > BULK_FILTER_LIMIT:
            messages.error(
                request,
                f"По фильтру участников: {count}; за один раз — не больше "
                f"{BULK_FILTER_LIMIT}. Уточните фильтр.",
            )
            return back
        selected = (
            bank_queryset(request.org, side)
            .filter(pk__in=matching.values("pk"))
            .order_by("last_name", "first_name", "pk")
        )
        if request.POST.get("confirmed") != "1":
            return _bulk_confirm(request, side, form, selected, count)
    else:
        ids = [int(v) for v in request.POST.getlist("selected") if v.isdigit()][:BULK_LIMIT]
        selected = bank_queryset(request.org, side).filter(pk__in=ids).order_by("last_name", "pk")
        if not selected.exists():
            messages.error(request, "Отметьте участников в списке.")
            return back
    if action == "forms":
        pdf = consent_forms_pdf(request, list(selected), ConsentKind.PROCESSING)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="soglasiya.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
    if action == "invite":
        bulk_invite(request, selected)
        return back
    if action == "group":
        mentees = [p.pk for p in selected if p.is_mentee]
        if not mentees:
            messages.error(request, "Среди отмеченных нет наставляемых.")
            return back
        if len(mentees) > 30:
            messages.warning(request, f"В группу берутся первые 30 наставляемых из {len(mentees)}.")
        query = "&".join(f"mentees={pk}" for pk in mentees[:30])
        return redirect(reverse("mentoring:matching") + "?" + query)
    done, skipped = 0, []
    for participant in selected:
        try:
            if action == "consents":
                consent_give(
                    participant=participant,
                    kind=ConsentKind.PROCESSING,
                    data={
                        "given_on": form.cleaned_data["given_on"],
                        "text": form.cleaned_data["text"],
                    },
                    by=request.user,
                )
            elif action == "approve":
                if participant.mentor_status == MentorStatus.APPROVED:
                    continue
                mentor_approve(participant=participant, by=request.user)
        except ValidationError as error:
            skipped.append(f"{participant.full_name}: {' '.join(error.messages)}")
        else:
            done += 1
    label = {"consents": "Согласий внесено", "approve": "Утверждено наставников"}[action]
    messages.success(request, f"{label}: {done}.")
    for line in skipped[:15]:
        messages.warning(request, line)
    if len(skipped) > 15:
        messages.warning(request, f"…и ещё {len(skipped) - 15} с ошибками.")
    return back


def _bulk_confirm(request, side, form, selected, count):
    """The page that names the action and the number of people the filter
    matches (and the first of them) before the action runs on all of them;
    its form posts the same fields again with ``confirmed``."""
    _kind, title = SIDES[side]
    action = form.cleaned_data["action"]
    return render(
        request,
        "mentoring/bank_bulk_confirm.html",
        {
            "side": side,
            "title": title,
            "count": count,
            "action_label": dict(BankBulkForm.ACTIONS)[action],
            "action": action,
            "given_on": form.cleaned_data.get("given_on"),
            "text": form.cleaned_data.get("text"),
            "first": list(selected[:20]),
            "filter": request.POST.get("filter", ""),
            "back": request.POST.get("back") or f"/bank/{side}/",
        },
    )
