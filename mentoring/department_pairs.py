"""Pairs "руководитель-наставник – молодой руководитель" formed by the
department across its organisations (the head of school A mentors the young
head of school B), by an order of the department approved by the head of
the department (a director membership at a department-kind organisation).

Everything department-specific about these pairs is here, so that the order
kinds registry (mentoring/orderkinds.py, another branch) can re-register
HEAD_PAIR_ORDER as its own kind at merge: today it is a PAIRING order of the
department, and its approval effect is the PAIRING effect of
mentoring.services.orders.order_approve (the pairs become active).

Source of the rule: municipal roadmaps (domain.md, "Levels and
organisations"): "≥5 pairs 'head-mentor – young head with under 2 years in
the post'", pairs formed by order of the director of the department with the
mentors' consent.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Membership, MentoringForm, OrderKind, Organization, Role, TargetGroup
from .orderkinds import CONTROL, preamble
from .services.mentorships import mentorship_agree, mentorship_propose
from .services.orders import order_create, order_defaults

HEAD_PAIR_FORM_NAME = "Руководитель-наставник – молодой руководитель"
# A young head: under 2 years in the current post (municipal roadmaps).
YOUNG_HEAD_MAX_YEARS = 2
# The order kind of these pairs and who approves it (see the module docstring).
HEAD_PAIR_ORDER = {
    "kind": OrderKind.PAIRING,
    "title": "О закреплении пар «руководитель-наставник – молодой руководитель»",
    # The department's own texts: it has no curator and no Положение of its
    # own; its specialist supports the pairs (HEAD_PAIR_SUPPORT_POINT names
    # the specialist as the point's responsible person).
    "preamble": preamble(
        "ped2021", "tk3518", purpose="на основании письменных согласий руководителей-наставников"
    ),
    "points": (
        "Закрепить пары «руководитель-наставник – молодой руководитель» согласно приложению.",
        "Руководителям-наставникам совместно с молодыми руководителями разработать "
        "персонализированные программы наставничества в течение двух недель.",
        "Обеспечить методическое сопровождение пар «руководитель-наставник – молодой "
        "руководитель» и мониторинг их работы.",
        CONTROL,
    ),
    "appendix_title": "Список пар «руководитель-наставник – молодой руководитель»",
    "approver_role": Role.DIRECTOR,
    "organization_kind": Organization.Kind.DEPARTMENT,
}
# The point of HEAD_PAIR_ORDER["points"] the department's specialist answers for.
HEAD_PAIR_SUPPORT_POINT = 3


def head_pair_form(department):
    """The department's form of head pairs (created on first use)."""
    form, _ = MentoringForm.objects.get_or_create(
        organization=department,
        name=HEAD_PAIR_FORM_NAME,
        defaults={
            "mentor_groups": [TargetGroup.HEAD],
            "mentee_groups": [TargetGroup.HEAD],
            "description": (
                "Пары руководителей разных организаций, закрепляются приказом департамента."
            ),
        },
    )
    return form


def head_pair_errors(department, mentor, mentee):
    """Russian sentences saying why the two cannot be a head pair; [] if they can."""
    errors = []
    if department.kind != Organization.Kind.DEPARTMENT:
        errors.append("Пары руководителей формирует департамент.")
    for person in (mentor, mentee):
        if person.target_group != TargetGroup.HEAD:
            errors.append(f"{person.full_name} — не руководитель.")
    if mentee.years_in_post is None:
        errors.append(f"Укажите стаж {mentee.full_name} в текущей должности.")
    elif mentee.years_in_post >= YOUNG_HEAD_MAX_YEARS:
        errors.append(
            f"{mentee.full_name} в должности {mentee.years_in_post} г.: молодой руководитель — "
            f"до {YOUNG_HEAD_MAX_YEARS} лет в должности."
        )
    if mentor.organization_id == mentee.organization_id:
        errors.append("Руководитель-наставник и молодой руководитель — из разных организаций.")
    if mentor.pk == mentee.pk:
        errors.append("Наставник и наставляемый — разные люди.")
    # The mentors' consent to the additional duties (ТК РФ ст. 351.8): the
    # department forms the pair only with it.
    from .models import ConsentKind

    if mentor.valid_consent(ConsentKind.DUTIES) is None:
        errors.append(
            f"Нет согласия {mentor.full_name} на наставническую деятельность: внесите его "
            "в карточке участника в организации."
        )
    # A refreshed or repeated form must not form the same pair twice.
    from .models import Mentorship
    from .models.mentorships import HOLDING_STATUSES

    if (
        Mentorship.objects.filter(
            organization=department, status__in=HOLDING_STATUSES, members__participant=mentor
        )
        .filter(members__participant=mentee)
        .exists()
    ):
        errors.append(f"Пара {mentor.full_name} — {mentee.full_name} уже сформирована.")
    return errors


@transaction.atomic
def head_pair_propose(*, department, mentor, mentee, by, planned_start=None, planned_end=None):
    """A proposed-then-agreed head pair owned by the department; the planned
    dates default to today and the end of the academic year. Raises
    ValidationError with Russian messages; nothing is written then."""
    errors = head_pair_errors(department, mentor, mentee)
    if errors:
        raise ValidationError(errors)
    mentorship = mentorship_propose(
        organization=department,
        form=head_pair_form(department),
        lead_mentor=mentor,
        mentees=[mentee],
        planned_start=planned_start,
        planned_end=planned_end,
        by=by,
    )
    return mentorship_agree(mentorship=mentorship, by=by)


@transaction.atomic
def head_pair_order_create(*, department, mentorships, by):
    """The department's draft order fixing the head pairs (appendix: the
    pairs), with the department's own texts. The support of the pairs is
    assigned to the specialist drafting the order (else the department's
    first specialist), who is then acquainted with the order too."""
    data = order_defaults(HEAD_PAIR_ORDER["kind"])
    for key in ("title", "preamble", "appendix_title"):
        data[key] = HEAD_PAIR_ORDER[key]
    data["points"] = list(HEAD_PAIR_ORDER["points"])
    specialists = Membership.objects.filter(organization=department, role=Role.SPECIALIST).order_by(
        "pk"
    )
    specialist = specialists.filter(user=by).first() or specialists.first()
    if specialist is not None:
        data["assignments"] = [
            {"point": HEAD_PAIR_SUPPORT_POINT, "user_id": specialist.user_id, "deadline": ""}
        ]
    return order_create(
        organization=department,
        kind=HEAD_PAIR_ORDER["kind"],
        data=data,
        mentorships=mentorships,
        by=by,
    )


def head_pair_counts(org_ids, on_date):
    """{org id: active department head pairs in which a head of the
    organisation takes part} — one query."""
    from django.db.models import Count, Q

    from .models import MentorshipMember, MentorshipStatus

    rows = (
        MentorshipMember.objects.filter(
            participant__organization_id__in=org_ids,
            mentorship__form__name=HEAD_PAIR_FORM_NAME,
            mentorship__organization__kind=Organization.Kind.DEPARTMENT,
            mentorship__status=MentorshipStatus.ACTIVE,
            mentorship__activated_on__lte=on_date,
        )
        .filter(Q(mentorship__ended_on__isnull=True) | Q(mentorship__ended_on__gt=on_date))
        .values("participant__organization_id")
        .annotate(n=Count("mentorship_id", distinct=True))
    )
    counts = dict.fromkeys(org_ids, 0)
    counts.update({r["participant__organization_id"]: r["n"] for r in rows})
    return counts


def head_candidates(department):
    """The heads of the department's organisations (target group "heads"),
    with their organisation and consents: the people a head pair is made
    of. Mentors are those in the bank of mentors; young heads those under
    YOUNG_HEAD_MAX_YEARS in the post. A fixed number of queries."""
    from .models import Participant

    ids = Organization.descendant_ids([department.pk])
    return list(
        Participant.objects.filter(organization_id__in=ids, target_group=TargetGroup.HEAD)
        .active()
        .select_related("organization")
        .prefetch_related("consents")
        .order_by("last_name", "first_name", "pk")
    )


def head_pairs(department):
    """The department's head pairs, newest first, with members, their
    organisations and the orders that fixed them."""
    from django.db.models import Prefetch

    from .models import Mentorship, MentorshipMember

    return list(
        Mentorship.objects.filter(organization=department, form__name=HEAD_PAIR_FORM_NAME)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=MentorshipMember.objects.select_related("participant__organization"),
            ),
            "orders",
        )
        .order_by("-pk")
    )


def head_pairs_without_order(department):
    """Agreed head pairs not yet in any order of the department."""
    from .models import Mentorship, MentorshipStatus

    return list(
        Mentorship.objects.filter(
            organization=department,
            form__name=HEAD_PAIR_FORM_NAME,
            status=MentorshipStatus.AGREED,
            orders__isnull=True,
        )
    )


@transaction.atomic
def head_pair_order_draft(*, department, by):
    """Draft the department's order for every agreed head pair not in an
    order yet, and send it to the head of the department for approval
    (the head approves it on the order's page, like any director).
    Raises ValidationError when there is nothing to put in the order."""
    from .services.orders import order_submit

    pairs = head_pairs_without_order(department)
    if not pairs:
        raise ValidationError("Нет согласованных пар руководителей вне приказа.")
    order = head_pair_order_create(department=department, mentorships=pairs, by=by)
    return order_submit(order=order, by=by)
