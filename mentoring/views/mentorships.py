"""Forms of mentoring, mentorships (pairs and groups), matching, personalised
programmes, plan items and meetings. See mentoring/urls.py for the URL
patterns.

Access: ``get_mentorship_for`` decides who may open a mentorship at all
(staff: every one; a mentor or mentee: their own, others are 404). What the
opener may change inside it is decided once, by ``rights_for``.
"""

import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ..access import (
    acting_manager_required,
    acting_role,
    get_in_scope,
    get_mentorship_for,
    manager_required,
    my_participants,
    role_required,
    staff_required,
)
from ..figures import figures_get, first_rows, paginate
from ..files import file_response
from ..filters_mentorships import MentorshipFilter
from ..forms_mentorships import (
    MeetingForm,
    MentoringFormForm,
    MentorshipEditForm,
    MentorshipEndForm,
    PlanItemEvidenceForm,
    PlanItemForm,
    PlanItemResultForm,
    ProgramForm,
)
from ..health import (
    attention_count,
    attention_rows,
    cached_reasons,
    pairs_needing_attention,
)
from ..matching import rank_mentors
from ..models import (
    HOLDING_STATUSES,
    MANAGER_ROLES,
    PARTICIPANT_ROLES,
    STAFF_ROLES,
    Meeting,
    MentoringForm,
    MentoringSettings,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    Participant,
    PersonalProgram,
    PlanItem,
    Role,
    TargetGroup,
)
from ..rows import candidate_cards
from ..scoring import max_score
from ..search import person_q
from ..services import MISSING_VERSION_MESSAGE
from ..services.mentorships import (
    StaleEditError,
    activation_errors,
    meeting_delete,
    meeting_log,
    meeting_update,
    mentees_without_mentor,
    mentoring_form_save,
    mentoring_forms_seed,
    mentorship_agree,
    mentorship_end,
    mentorship_propose,
    mentorship_update,
    plan_item_delete,
    plan_item_evidence_set,
    plan_item_save,
    program_start,
    program_update,
)
from ..submit_once import new_token, submit_once

PER_PAGE = 25
# Candidates shown at once: the ranking covers every mentor, the page the best.
CANDIDATES_SHOWN = 20
READERS = (*STAFF_ROLES, *PARTICIPANT_ROLES)
# Acting roles: the department's specialist keeps the department's head pairs
# (mentoring/department_pairs.py) as a methodist keeps a school's pairs.
member_or_staff = role_required(*READERS, acting=True)


# --- who may do what inside a mentorship ------------------------------------


@dataclass(frozen=True)
class Rights:
    manage: bool = False  # propose, agree, end, edit dates, delete plan items
    edit_plan: bool = False  # the programme's goals and whole plan items, new items
    update_items: bool = False  # status and result of plan items
    log_meetings: bool = False
    member_role: str = ""  # the opener's role in the mentorship, if a member


def rights_for(request, mentorship):
    """What the opener may change in a mentorship they may read. Only open
    mentorships (proposed, agreed, active) change."""
    role = acting_role(request.membership)
    if role in MANAGER_ROLES:
        open_ = mentorship.status in HOLDING_STATUSES
        return Rights(manage=True, edit_plan=open_, update_items=open_, log_meetings=open_)
    if role in STAFF_ROLES:
        return Rights()
    roles = set(
        MentorshipMember.objects.filter(
            mentorship=mentorship, participant__in=my_participants(request)
        ).values_list("role", flat=True)
    )
    is_mentor = bool(roles & {MentorshipMember.Role.LEAD, MentorshipMember.Role.CO_MENTOR})
    member_role = "mentor" if is_mentor else ("mentee" if roles else "")
    if mentorship.status not in HOLDING_STATUSES:
        return Rights(member_role=member_role)
    return Rights(
        edit_plan=is_mentor,
        update_items=bool(roles),
        log_meetings=is_mentor,
        member_role=member_role,
    )


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _error_list(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]


def _with_everything(pk=None):
    """One mentorship with its people, their consents and the programme
    (the queryset when ``pk`` is None)."""
    queryset = (
        Mentorship.objects.with_people()
        .select_related("program", "ended_by", "created_by")
        .prefetch_related("members__participant__consents")
    )
    return queryset if pk is None else queryset.get(pk=pk)


def status_history(mentorship):
    """The status changes of a mentorship from its audit trail, oldest first:
    [{when, status, who, reason}]."""
    records = mentorship.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    labels = dict(MentorshipStatus.choices)
    rows, previous = [], None
    for record in records:
        if previous is None or record.status != previous.status:
            ended = record.status in (MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED)
            rows.append(
                {
                    "when": record.history_date,
                    "status": record.status,
                    "label": labels.get(record.status, record.status),
                    "who": record.history_user,
                    "reason": record.end_reason if ended else "",
                }
            )
        previous = record
    return rows


# --- forms of mentoring -----------------------------------------------------


def forms_of(organization, *, active_only=False):
    """The organisation's forms of mentoring; the standard ones are created
    the first time an organisation without any forms needs them."""
    forms = list(
        MentoringForm.objects.filter(organization=organization).order_by("position", "name")
    )
    if not forms:
        mentoring_forms_seed(organization=organization)
        forms = list(
            MentoringForm.objects.filter(organization=organization).order_by("position", "name")
        )
    # One query on every page view (the seeding is once in a lifetime).
    return [f for f in forms if f.is_active] if active_only else forms


@staff_required
@submit_once
def form_list(request):
    can_edit = request.membership.is_manager
    form = MentoringFormForm(
        request.POST if request.method == "POST" else None, organization=request.org
    )
    if request.method == "POST":
        _require(can_edit)
        if "seed" in request.POST:
            created = mentoring_forms_seed(organization=request.org)
            messages.success(request, f"Добавлено типовых форм: {len(created)}.")
            return redirect("mentoring:form_list")
        if form.is_valid():
            try:
                saved = mentoring_form_save(organization=request.org, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Форма наставничества «{saved.name}» добавлена.")
                return redirect("mentoring:form_list")
    return render(
        request,
        "mentoring/forms_list.html",
        {"forms": forms_of(request.org), "form": form, "can_edit": can_edit},
    )


@acting_manager_required
def form_edit(request, pk):
    instance = get_in_scope(MentoringForm.objects.all(), request, pk=pk)
    form = MentoringFormForm(request.POST or None, instance=instance, organization=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            mentoring_form_save(organization=request.org, data=form.cleaned_data, form=instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Форма наставничества сохранена.")
            return redirect("mentoring:form_list")
    return render(request, "mentoring/forms_edit.html", {"form": form, "instance": instance})


# --- mentorships ------------------------------------------------------------


def list_queryset(organization):
    return (
        Mentorship.objects.of(organization)
        .with_people()
        .select_related("program")
        .prefetch_related("program__items")
    )


@staff_required
def mentorship_list(request):
    mentorship_filter = MentorshipFilter(
        request.GET or None, queryset=list_queryset(request.org), organization=request.org
    )
    page = Paginator(mentorship_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    for mentorship in page.object_list:
        program = getattr(mentorship, "program", None)
        mentorship.progress = program.progress() if program else 0
    return render(
        request,
        "mentoring/mentorship_list.html",
        {
            "filter": mentorship_filter,
            "page": page,
            "can_edit": request.membership.is_manager,
        },
    )


@member_or_staff
def mentorship_detail(request, pk):
    # Checked and loaded with everything the page shows in one go.
    mentorship = get_mentorship_for(request, pk, queryset=_with_everything())
    rights = rights_for(request, mentorship)
    program = getattr(mentorship, "program", None)
    items = list(program.items.all()) if program else []
    today = timezone.localdate()
    meetings = mentorship.meetings.prefetch_related("attendees").select_related("created_by")
    blockers = []
    if rights.manage and mentorship.status in (
        MentorshipStatus.PROPOSED,
        MentorshipStatus.AGREED,
    ):
        blockers = activation_errors([mentorship], today)
    return render(
        request,
        "mentoring/mentorship_detail.html",
        {
            "mentorship": mentorship,
            "members": list(mentorship.members.all()),
            "program": program,
            "progress": program.progress(items) if program else 0,
            "overdue": sum(1 for i in items if i.is_overdue(today)),
            "items_count": len(items),
            "meetings": meetings,
            "history": status_history(mentorship),
            "rights": rights,
            "blockers": blockers,
            "today": today,
            "attention": cached_reasons(request.org, today=today).get(mentorship.pk, [])
            if rights.manage or acting_role(request.membership) in STAFF_ROLES
            else [],
        },
    )


@require_POST
@acting_manager_required
def mentorship_agree_view(request, pk):
    mentorship = get_mentorship_for(request, pk, write=True)
    version = _int(request.POST.get("version"))
    if version is None:
        messages.error(request, MISSING_VERSION_MESSAGE)
        return redirect(mentorship)
    try:
        mentorship_agree(mentorship=mentorship, by=request.user, version=version)
    except StaleEditError as error:
        messages.error(request, error.messages[0])
    except ValidationError as error:
        for message in _error_list(error):
            messages.error(request, message)
    else:
        messages.success(request, "Пара согласована: её можно включить в приказ о закреплении.")
    return redirect(mentorship)


@acting_manager_required
def mentorship_end_view(request, pk):
    mentorship = get_mentorship_for(request, pk, write=True)
    if mentorship.status not in HOLDING_STATUSES:
        messages.error(request, "Пара или группа уже завершена.")
        return redirect(mentorship)
    form = MentorshipEndForm(
        request.POST or None,
        mentorship=mentorship,
        initial={"version": mentorship.version, "on_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            ended = mentorship_end(
                mentorship=mentorship,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"].strip(),
                on_date=form.cleaned_data["on_date"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleEditError as error:
            messages.error(request, error.messages[0])
            return redirect(mentorship)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Статус изменён: «{ended.get_status_display()}».")
            return redirect(ended)
    return render(
        request,
        "mentoring/mentorship_end.html",
        {"mentorship": _with_everything(mentorship.pk), "form": form},
    )


@acting_manager_required
def mentorship_edit(request, pk):
    mentorship = get_mentorship_for(request, pk, write=True)
    if not mentorship.can_edit_members():
        messages.error(request, "Действующую или завершённую пару изменить нельзя.")
        return redirect(mentorship)
    form = MentorshipEditForm(
        request.POST or None,
        initial={
            "title": mentorship.title,
            "planned_start": mentorship.planned_start,
            "planned_end": mentorship.planned_end,
            "version": mentorship.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            mentorship_update(
                mentorship=mentorship,
                data=data,
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleEditError as error:
            messages.error(request, error.messages[0])
            return redirect(mentorship)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(mentorship)
    return render(
        request,
        "mentoring/mentorship_edit.html",
        {"mentorship": _with_everything(mentorship.pk), "form": form},
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _ids(values):
    return [i for i in (_int(v) for v in values) if i is not None]


@require_POST
@manager_required
@submit_once
def mentorship_propose_view(request):
    org = request.org
    form = get_in_scope(MentoringForm.objects.all(), request, pk=_int(request.POST.get("form")))
    people = Participant.objects.of(org).active()
    lead = get_object_or_404(people, pk=_int(request.POST.get("lead_mentor")))
    mentee_ids = _ids(request.POST.getlist("mentees"))
    mentees = list(people.filter(pk__in=mentee_ids))
    if not mentees or len(mentees) != len(set(mentee_ids)):
        raise Http404("Наставляемый не найден")
    co_mentors = list(people.filter(pk__in=_ids(request.POST.getlist("co_mentors"))))
    try:
        mentorship = mentorship_propose(
            organization=org,
            form=form,
            lead_mentor=lead,
            co_mentors=co_mentors,
            mentees=mentees,
            title=request.POST.get("title", "").strip()[:200],
            by=request.user,
        )
    except ValidationError as error:
        for message in _error_list(error):
            messages.error(request, message)
        query = "&".join([f"form={form.pk}", *(f"mentees={m.pk}" for m in mentees)])
        return redirect(f"{reverse('mentoring:matching')}?{query}")
    messages.success(
        request,
        f"Предложена {'группа' if len(mentees) > 1 else 'пара'}: {lead.full_name} — "
        + ", ".join(m.full_name for m in mentees)
        + ". Проверьте сроки и согласуйте её.",
    )
    return redirect(mentorship)


# --- matching ---------------------------------------------------------------


# The usual mentor of a mentee of each target group, for the form the
# matching page opens with (Р-145 forms: учитель–ученик, педагог–педагог,
# работодатель–студент, руководитель–руководитель).
USUAL_MENTOR_GROUP = {
    TargetGroup.SCHOOL_STUDENT: TargetGroup.TEACHER,
    TargetGroup.COLLEGE_STUDENT: TargetGroup.EMPLOYER,
    TargetGroup.YOUNG_SPECIALIST: TargetGroup.TEACHER,
    TargetGroup.TEACHER: TargetGroup.TEACHER,
    TargetGroup.HEAD: TargetGroup.HEAD,
    TargetGroup.EMPLOYER: TargetGroup.EMPLOYER,
}


def _fitting_form(forms, mentees):
    """The form the page opens with: one that takes all the mentees, best
    one naming their group explicitly and whose mentors are the usual ones
    for that group (a pupil → учитель–ученик, not ученик–ученик); among
    equals the narrowest (fewest mentee groups)."""
    fitting = [f for f in forms if all(f.allows_mentee(m) for m in mentees)]
    if not fitting:
        return None
    usual = {USUAL_MENTOR_GROUP.get(m.target_group) for m in mentees} - {None}

    def rank(form):
        return (
            not form.mentee_groups,
            not (usual and usual <= set(form.mentor_groups or [])),
            len(form.mentee_groups or []) or 99,
        )

    return min(fitting, key=rank)


def _ranked_top(org, mentees, form, weights):
    """The first CANDIDATES_SHOWN candidates and their total: scoring every
    mentor of a large organisation takes a while, so the result is cached
    under the organisation's figures version (any write to participants,
    consents or mentorships bumps it; mentoring.figures) and the weights
    (changed on the programme settings page)."""
    ids = ",".join(str(pk) for pk in sorted(m.pk for m in mentees))
    ids += ";" + ",".join(f"{code}={points}" for code, points in sorted(weights.items()))
    digest = hashlib.sha256(ids.encode()).hexdigest()[:24]

    def compute():
        candidates = rank_mentors(organization=org, mentees=mentees, form=form, weights=weights)
        return {"shown": candidates[:CANDIDATES_SHOWN], "total": len(candidates)}

    return figures_get(org, f"matching:{form.pk}:{digest}:{timezone.localdate()}", compute)


@manager_required
def matching(request):
    org = request.org
    forms = forms_of(org, active_only=True)
    mentee_ids = _ids(request.GET.getlist("mentees"))[:30]
    mentees = list(Participant.objects.of(org).active().mentees().filter(pk__in=mentee_ids))
    form_id = _int(request.GET.get("form"))
    form = next((f for f in forms if f.pk == form_id), None)
    # No form picked (the select's first option): the mentees' target groups
    # decide, and the select stays on that option, so adding a mentee of
    # another group re-fits instead of keeping a form the page guessed.
    form_auto = form is None
    if form is None and mentees:
        form = _fitting_form(forms, mentees)

    query = request.GET.get("q", "").strip()
    waiting = mentees_without_mentor(org).exclude(pk__in=[m.pk for m in mentees])
    if query:
        waiting = waiting.filter(person_q(query))
    waiting = first_rows(waiting.order_by("last_name", "first_name", "pk"), 15)

    warnings = []
    weights = MentoringSettings.for_organization(org).weights
    if mentees and form:
        for mentee in mentees:
            if not form.allows_mentee(mentee):
                warnings.append(
                    f"{mentee.full_name}: целевая группа «{mentee.get_target_group_display()}» "
                    f"не подходит наставляемому в форме «{form.name}»."
                )
        if request.GET.get("all"):
            candidates = rank_mentors(organization=org, mentees=mentees, form=form, weights=weights)
            ranked = {"shown": candidates, "total": len(candidates)}
        else:
            ranked = _ranked_top(org, mentees, form, weights)
    else:
        ranked = {"shown": [], "total": 0}
    return render(
        request,
        "mentoring/matching.html",
        {
            "forms": forms,
            "form": form,
            "form_auto": form_auto,
            "mentees": mentees,
            "waiting": waiting,
            "query": query,
            "warnings": warnings,
            "candidates": ranked["shown"],
            # The cards in Python (mentoring.rows): the page's costliest loop.
            "candidate_cards": candidate_cards(
                ranked["shown"],
                mentees=mentees,
                form=form,
                csrf_token=get_token(request),
                new_token=new_token,
            ),
            "total": ranked["total"],
            "hidden": ranked["total"] - len(ranked["shown"]),
            "max_score": max_score(weights),
        },
    )


@staff_required
def mentorships_attention(request):
    """Active pairs and groups that need attention, each with its reasons."""
    found = pairs_needing_attention(request.org)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    rows = attention_rows(page.object_list)
    return render(
        request,
        "mentoring/mentorship_attention.html",
        {"page": page, "rows": rows, "total": len(found)},
    )


@staff_required
def mentees_without_mentor_view(request):
    queryset = mentees_without_mentor(request.org).order_by("last_name", "first_name", "pk")
    query = request.GET.get("q", "").strip()
    queryset = queryset.filter(person_q(query))
    org = request.org
    count = None
    if not query:  # the whole list: its size is a cached figure
        count = figures_get(
            org,
            f"without-mentor:{timezone.localdate()}",
            lambda: mentees_without_mentor(org).count(),
        )
    page = paginate(queryset, PER_PAGE, request.GET.get("page"), count=count, deferred=True)
    return render(
        request,
        "mentoring/mentorship_without_mentor.html",
        {"page": page, "query": query, "can_match": request.membership.is_manager},
    )


# --- programmes and plan items ------------------------------------------------


def _program_of(mentorship, by):
    """The mentorship's programme; one proposed before programmes existed
    gets it now from the template."""
    try:
        return mentorship.program
    except PersonalProgram.DoesNotExist:
        return program_start(mentorship=mentorship, by=by)


@member_or_staff
def program_detail(request, pk):
    mentorship = _with_everything(get_mentorship_for(request, pk).pk)
    program = _program_of(mentorship, request.user)
    items = list(program.items.all())
    today = timezone.localdate()
    for item in items:
        item.overdue = item.is_overdue(today)
    log = (
        PlanItem.history.filter(program_id=program.pk)
        .select_related("history_user")
        .order_by("-history_date")[:10]
    )
    return render(
        request,
        "mentoring/program_detail.html",
        {
            "mentorship": mentorship,
            "program": program,
            "items": items,
            "progress": program.progress(items),
            "overdue": sum(1 for i in items if i.overdue),
            "rights": rights_for(request, mentorship),
            "log": log,
            "today": today,
        },
    )


@role_required(*MANAGER_ROLES, *PARTICIPANT_ROLES, acting=True)
def program_edit(request, pk):
    mentorship = get_mentorship_for(request, pk, write=True)
    _require(rights_for(request, mentorship).edit_plan)
    program = _program_of(mentorship, request.user)
    form = ProgramForm(
        request.POST or None,
        initial={
            "goals": program.goals,
            "tasks": program.tasks,
            "expected_results": program.expected_results,
            "version": program.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            program_update(
                program=program, data=data, version=form.cleaned_data["version"], by=request.user
            )
        except StaleEditError as error:
            messages.error(request, error.messages[0])
            return redirect("mentoring:program_detail", mentorship.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Программа сохранена.")
            return redirect("mentoring:program_detail", mentorship.pk)
    return render(
        request,
        "mentoring/program_edit.html",
        {"mentorship": _with_everything(mentorship.pk), "form": form},
    )


def _item_initial(item):
    return {
        "title": item.title,
        "starts_on": item.starts_on,
        "due_on": item.due_on,
        "responsible": item.responsible,
        "expected_result": item.expected_result,
        "status": item.status,
        "result": item.result,
        "version": item.version,
    }


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _row(request, mentorship, item, rights, *, error="", program=None):
    """The plan item's row; with ``program`` (after a save) also the programme's
    completion as an out-of-band swap, so "Выполнение" follows the edit."""
    item.overdue = item.is_overdue()
    html = render_to_string(
        "mentoring/plan_item_row.html",
        {"mentorship": mentorship, "item": item, "rights": rights, "row_error": error},
        request=request,
    )
    if program is not None:
        # Read again: a prefetched list would still hold the item before the save.
        items = list(PlanItem.objects.filter(program=program))
        # The answer is a table row: htmx 2 takes an out-of-band element next
        # to it only inside <template> (htmx docs, "Troublesome Tables").
        html += (
            "<template>"
            + render_to_string(
                "mentoring/program_progress.html",
                {
                    "oob": True,
                    "progress": program.progress(items),
                    "count": len(items),
                    "overdue": sum(1 for i in items if i.is_overdue()),
                },
                request=request,
            )
            + "</template>"
        )
    return HttpResponse(html)


@role_required(*MANAGER_ROLES, *PARTICIPANT_ROLES, acting=True)
def plan_item_edit(request, pk, item_pk):
    """Edit one plan item in place (htmx: the row becomes a form and back),
    or on its own page without JavaScript. Mentors and methodists change the
    whole item, a mentee the status and result."""
    mentorship = get_mentorship_for(request, pk, write=True)
    rights = rights_for(request, mentorship)
    _require(rights.update_items)
    program = _program_of(mentorship, request.user)
    item = get_object_or_404(PlanItem, pk=item_pk, program=program)
    if request.method == "GET" and request.GET.get("cancel"):
        return _row(request, mentorship, item, rights)
    form_class = PlanItemForm if rights.edit_plan else PlanItemResultForm
    form = form_class(request.POST or None, initial=_item_initial(item), editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = plan_item_save(
                program=program,
                item=item,
                data=data,
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleEditError as error:
            if not _is_htmx(request):
                messages.error(request, error.messages[0])
                return redirect("mentoring:program_detail", mentorship.pk)
            # The first edit survives: show the row as it is now.
            item.refresh_from_db()
            return _row(request, mentorship, item, rights, error=error.messages[0])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if _is_htmx(request):
                return _row(request, mentorship, saved, rights, program=program)
            messages.success(request, f"Пункт «{saved.title}» сохранён.")
            return redirect("mentoring:program_detail", mentorship.pk)
    context = {"mentorship": mentorship, "item": item, "form": form, "rights": rights}
    if _is_htmx(request):
        return render(request, "mentoring/plan_item_form_row.html", context)
    context["mentorship"] = _with_everything(mentorship.pk)
    return render(request, "mentoring/plan_item_form.html", context)


@role_required(*MANAGER_ROLES, *PARTICIPANT_ROLES, acting=True)
@submit_once
def plan_item_create(request, pk):
    mentorship = get_mentorship_for(request, pk, write=True)
    rights = rights_for(request, mentorship)
    _require(rights.edit_plan)
    program = _program_of(mentorship, request.user)
    lead = mentorship.members.filter(role=MentorshipMember.Role.LEAD).select_related("participant")
    lead = lead.first()
    form = PlanItemForm(
        request.POST or None,
        initial={
            "status": PlanItem.Status.PLANNED,
            "responsible": lead.participant.short_name if lead else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = plan_item_save(program=program, data=data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Пункт «{saved.title}» добавлен в план.")
            return redirect("mentoring:program_detail", mentorship.pk)
    return render(
        request,
        "mentoring/plan_item_form.html",
        {
            "mentorship": _with_everything(mentorship.pk),
            "item": None,
            "form": form,
            "rights": rights,
        },
    )


@require_POST
@acting_manager_required
def plan_item_delete_view(request, pk, item_pk):
    mentorship = get_mentorship_for(request, pk, write=True)
    item = get_object_or_404(PlanItem, pk=item_pk, program__mentorship=mentorship)
    title = item.title
    plan_item_delete(item=item, by=request.user)
    messages.success(request, f"Пункт «{title}» удалён из плана.")
    return redirect("mentoring:program_detail", mentorship.pk)


@require_POST
@role_required(*MANAGER_ROLES, *PARTICIPANT_ROLES, acting=True)
def plan_item_evidence_upload(request, pk, item_pk):
    """Attach, replace (a new file) or remove (``remove``) the file or photo
    confirming a plan item: the pair's mentor, the coordinator and the
    methodist, while the pair is open. A refused file changes nothing and is
    reported in Russian on the plan page."""
    mentorship = get_mentorship_for(request, pk, write=True)
    _require(rights_for(request, mentorship).edit_plan)
    item = get_object_or_404(
        PlanItem.objects.select_related("program__mentorship"),
        pk=item_pk,
        program__mentorship=mentorship,
    )
    back = reverse("mentoring:program_detail", args=[mentorship.pk]) + f"#item-{item.pk}"
    form = PlanItemEvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, f"«{item.title}»: {message}")
        return redirect(back)
    evidence = form.cleaned_data.get("evidence")
    try:
        plan_item_evidence_set(item=item, evidence=evidence, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"«{item.title}»: {message}")
    else:
        done = "Подтверждение загружено" if evidence else "Подтверждение удалено"
        messages.success(request, f"{done}: «{item.title}».")
    return redirect(back)


@require_GET
@role_required(*READERS, acting=True)
def plan_item_evidence(request, pk, item_pk):
    """The plan item's evidence file, to whoever may read the pair."""
    mentorship = get_mentorship_for(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, program__mentorship=mentorship)
    return file_response(item.evidence, filename=f"punkt-plana-{item.pk}", attachment=True)


def _director_name(organization):
    from ..models import Membership

    director = (
        Membership.objects.filter(organization=organization, role=Role.DIRECTOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return director.user.short_name if director else ""


def render_pdf(template, context, request):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    # Nothing but the local font files is loaded: a URL typed into a plan
    # item must not be fetched by the server.
    fetcher = URLFetcher(allowed_protocols=("file",))
    return HTML(string=html, base_url="file:///", url_fetcher=fetcher).write_pdf()


@require_GET
@member_or_staff
def program_pdf(request, pk):
    mentorship = _with_everything(get_mentorship_for(request, pk).pk)
    program = _program_of(mentorship, request.user)
    items = list(program.items.all())
    pdf = render_pdf(
        "pdf/program.html",
        {
            "org": mentorship.organization,
            "mentorship": mentorship,
            "program": program,
            "items": items,
            "progress": program.progress(items),
            "director": _director_name(mentorship.organization),
            "today": timezone.localdate(),
        },
        request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ppn-{mentorship.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- meetings ---------------------------------------------------------------


@role_required(*MANAGER_ROLES, *PARTICIPANT_ROLES, acting=True)
@submit_once
def meeting_create(request, pk):
    mentorship = get_mentorship_for(request, pk, write=True)
    _require(rights_for(request, mentorship).log_meetings)
    members = list(
        mentorship.members.select_related("participant").order_by("role", "participant__last_name")
    )
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        mentorship=mentorship,
        members=members,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("attendees", "evidence", "version")
        }
        try:
            meeting_log(
                mentorship=mentorship,
                data=data,
                attendees=form.cleaned_data["attendees"],
                by=request.user,
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Встреча записана.")
            return redirect(mentorship)
    return render(
        request,
        "mentoring/meeting_form.html",
        {"mentorship": _with_everything(mentorship.pk), "form": form},
    )


@role_required(*MANAGER_ROLES, *PARTICIPANT_ROLES, acting=True)
def meeting_edit(request, pk, meeting_pk):
    """Correct a logged meeting (the change is kept in its history)."""
    mentorship = get_mentorship_for(request, pk, write=True)
    _require(rights_for(request, mentorship).log_meetings)
    meeting = get_object_or_404(Meeting, pk=meeting_pk, mentorship=mentorship)
    members = list(
        mentorship.members.select_related("participant").order_by("role", "participant__last_name")
    )
    initial = {
        "held_on": meeting.held_on,
        "format": meeting.format,
        "topic": meeting.topic,
        "duration_minutes": meeting.duration_minutes,
        "notes": meeting.notes,
        "version": meeting.version,
    }
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        mentorship=mentorship,
        members=members,
        initial=initial,
        editing=True,
    )
    if not form.is_bound:
        form.fields["attendees"].initial = [str(p.pk) for p in meeting.attendees.all()]
    if request.method == "POST" and form.is_valid():
        # No new file keeps the one the meeting has.
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("attendees", "evidence", "version")
        }
        try:
            meeting_update(
                meeting=meeting,
                data=data,
                attendees=form.cleaned_data["attendees"],
                by=request.user,
                evidence=form.cleaned_data.get("evidence"),
                version=form.cleaned_data["version"],
            )
        except StaleEditError as error:
            messages.error(request, error.messages[0])
            return redirect(mentorship)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Встреча исправлена.")
            return redirect(mentorship)
    return render(
        request,
        "mentoring/meeting_form.html",
        {"mentorship": _with_everything(mentorship.pk), "form": form, "meeting": meeting},
    )


@require_POST
@role_required(*MANAGER_ROLES, *PARTICIPANT_ROLES, acting=True)
def meeting_delete_view(request, pk, meeting_pk):
    mentorship = get_mentorship_for(request, pk, write=True)
    _require(rights_for(request, mentorship).log_meetings)
    meeting = get_object_or_404(Meeting, pk=meeting_pk, mentorship=mentorship)
    try:
        meeting_delete(meeting=meeting, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Встреча удалена (запись об удалении сохранена в истории).")
    return redirect(mentorship)


@role_required(*READERS, acting=True)
def meeting_evidence(request, pk, meeting_pk):
    """The meeting's evidence file, to whoever may read the pair."""
    mentorship = get_mentorship_for(request, pk)
    meeting = get_object_or_404(Meeting, pk=meeting_pk, mentorship=mentorship)
    return file_response(meeting.evidence, filename=f"vstrecha-{meeting.pk}", attachment=True)


def mentorship_home_card(organization):
    """The staff home card "Пары и группы": counts by status, and the two
    indicators it shows — pairs and groups at work today ("active_pairs",
    in the tile of the active status) and mentees without a mentor
    ("without_mentor") — as their definitions in mentoring.indicators
    compute them, so the card says what the dashboard and reports say.
    A fixed number of queries."""
    from .. import indicators as defs

    rows = Mentorship.objects.of(organization).values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    figures = defs.compute(
        ["active_pairs", "without_mentor"], [organization.pk], timezone.localdate()
    )[organization.pk]
    by_status = []
    for value, label in MentorshipStatus.choices:
        row = {"status": value, "label": label, "count": counts.get(value, 0), "code": ""}
        if value == MentorshipStatus.ACTIVE:
            row.update(code="active_pairs", count=figures["active_pairs"].value or 0)
        by_status.append(row)
    return {
        "by_status": by_status,
        "total": sum(counts.values()),
        "without_mentor": figures["without_mentor"].value,
        "attention": attention_count(organization),
    }
