"""The department's head pairs «руководитель-наставник – молодой
руководитель» across its organisations (mentoring/department_pairs.py):
the list with years in post and consents, proposing a pair, and drafting
the department's order, which the head of the department approves on the
order's page like any director."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import DEPARTMENT_ROLES, require_department, role_required
from ..department_pairs import (
    YOUNG_HEAD_MAX_YEARS,
    head_candidates,
    head_pair_errors,
    head_pair_order_draft,
    head_pair_propose,
    head_pairs,
    head_pairs_without_order,
)
from ..models import ConsentKind, MentorshipMember


def _pick(people, key):
    try:
        pk = int(key or "")
    except ValueError:
        return None
    return next((p for p in people if p.pk == pk), None)


@role_required(*DEPARTMENT_ROLES)
def head_pair_list(request):
    department = require_department(request)
    people = head_candidates(department)
    for person in people:
        person.has_duties_consent = person.valid_consent(ConsentKind.DUTIES) is not None
        person.is_young = (
            person.years_in_post is not None and person.years_in_post < YOUNG_HEAD_MAX_YEARS
        )
    mentors = [p for p in people if p.is_mentor]
    mentees = [p for p in people if p.is_young]
    errors = []
    if request.method == "POST":
        mentor = _pick(mentors, request.POST.get("mentor"))
        mentee = _pick(mentees, request.POST.get("mentee"))
        if mentor is None or mentee is None:
            errors = ["Выберите руководителя-наставника и молодого руководителя из списков."]
        else:
            errors = head_pair_errors(department, mentor, mentee)
        if not errors:
            try:
                head_pair_propose(
                    department=department, mentor=mentor, mentee=mentee, by=request.user
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    # A short name ends with an initial's dot: no second one.
                    f"Пара {mentor.short_name} – {mentee.short_name} согласована. "
                    "Включите её в приказ департамента.",
                )
                return redirect("mentoring:head_pair_list")
    pairs = head_pairs(department)
    for pair in pairs:
        members = list(pair.members.all())
        pair.mentor = next(
            (m.participant for m in members if m.role != MentorshipMember.Role.MENTEE), None
        )
        pair.mentee = next(
            (m.participant for m in members if m.role == MentorshipMember.Role.MENTEE), None
        )
        pair.order_list = list(pair.orders.all())
    return render(
        request,
        "mentoring/head_pairs.html",
        {
            "department": department,
            "pairs": pairs,
            "mentors": mentors,
            "mentees": mentees,
            "people": people,
            "errors": errors,
            "without_order": len(head_pairs_without_order(department)),
            "young_years": YOUNG_HEAD_MAX_YEARS,
        },
        status=400 if errors else 200,
    )


@require_POST
@role_required(*DEPARTMENT_ROLES)
def head_pair_order(request):
    department = require_department(request)
    try:
        order = head_pair_order_draft(department=department, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Проект приказа «{order.title}» направлен руководителю департамента на утверждение.",
        )
    return redirect("mentoring:head_pair_list")
