"""The one access layer of the project.

Every view goes through ``role_required`` (who may open the page at all, in
the current organisation) and an object helper built on ``get_in_scope``
(objects of another organisation are 404, not 403: their existence is not
disclosed). Querysets are scoped with ``visible_to(user)`` methods.

The current organisation is the one chosen in the header switcher; it is kept
in the session and resolved once per request by CurrentOrganizationMiddleware
into ``request.membership`` and ``request.org``.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from .models import (
    MANAGER_ROLES,
    PARTICIPANT_ROLES,
    STAFF_ROLES,
    Membership,
    Organization,
    Role,
)

SESSION_ORG_KEY = "current_organization_id"

ALL_ROLES = frozenset(Role)


def client_ip(request):
    """The client's address for login throttling: the right-most untrusted
    hop of X-Forwarded-For when the deployment declares proxies."""
    proxies = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def memberships_of(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organization")


def resolve_membership(request):
    """The membership the request acts under: the one chosen in the session if
    it is still the user's, else the user's first."""
    memberships = list(memberships_of(request.user).order_by("organization__short_name", "pk"))
    if not memberships:
        return None, []
    chosen_id = request.session.get(SESSION_ORG_KEY)
    for membership in memberships:
        if membership.organization_id == chosen_id:
            return membership, memberships
    return memberships[0], memberships


def acting_role(membership):
    """The role a membership holds on its organisation's own documents and
    pairs (orders with their appendices and scans, agreements, the
    department's head pairs).

    A department's specialist keeps the department's documents as a
    school's methodist keeps the school's: drafts, edits and submits its
    orders; the department's head (a director there) decides on them as a
    director. Every other membership acts in its own role. ``None`` without
    a membership."""
    if membership is None:
        return None
    if membership.role == Role.SPECIALIST and membership.organization.is_department:
        return Role.METHODIST
    return membership.role


def _names_an_object(kwargs):
    return any(key == "pk" or key.endswith("_pk") for key in kwargs)


def role_required(*roles, acting=False):
    """Open the view to the given roles in the current organisation.

    Anonymous users are sent to the login page; a signed-in user without one
    of the roles gets 403. ``acting``: compare ``acting_role`` (the
    department's specialist as a methodist) instead of the stored role, for
    the pages of an organisation's own documents.

    A page of one object (a ``pk`` or ``..._pk`` in the URL) answers 404 to
    any role when the object is not in the user's organisation, and 403 only
    when it is: the existence of another organisation's object is not
    disclosed by the kind of refusal. For a role without the right the view
    is entered in a transaction that is always rolled back, with
    ``request.role_denied`` set: its object helper (``get_in_scope`` and the
    ``get_*_for`` helpers built on it) answers 404 or 403; whatever the view
    would have answered otherwise is replaced by 403.
    """
    allowed = frozenset(roles) or ALL_ROLES

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            role = acting_role(membership) if acting else getattr(membership, "role", None)
            if membership is not None and role in allowed:
                return view(request, *args, **kwargs)
            if membership is None or not _names_an_object(kwargs):
                raise PermissionDenied
            request.role_denied = True
            try:
                with transaction.atomic():
                    view(request, *args, **kwargs)
                    # The view found its object without a helper refusing:
                    # refuse here, rolling back anything it wrote.
                    raise PermissionDenied
            finally:
                request.role_denied = False

        wrapped.allowed_roles = allowed
        wrapped.acting = acting
        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)
manager_required = role_required(*MANAGER_ROLES)
# The pages of an organisation's own documents: the department's specialist
# reads and drafts there as a methodist (``acting_role``).
acting_staff_required = role_required(*STAFF_ROLES, acting=True)
acting_manager_required = role_required(*MANAGER_ROLES, acting=True)


def login_only(view):
    """For pages every signed-in user may open, with or without a role."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def get_organization_for(request, slug):
    """An organisation the user may read: the current one, or for a municipal
    specialist one of the department's organisations. Anything else is 404."""
    try:
        return Organization.objects.visible_to(request.user).get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404("Организация не найдена") from None


def can_read_organization(request, organization):
    """Whether the current membership may read the organisation's internal
    pages: its own staff, or a specialist of a department above it."""
    membership = request.membership
    if membership is None:
        return False
    if membership.organization_id == organization.pk:
        return membership.role in STAFF_ROLES or membership.role == Role.SPECIALIST
    if acts_for_department(membership):
        return organization.pk in Organization.descendant_ids([membership.organization_id])
    return False


def acts_for_department(membership):
    """Whether the membership reads for a department: its specialist, or its
    head (a director membership at a department-kind organisation)."""
    return membership is not None and (
        membership.role == Role.SPECIALIST
        or (membership.role == Role.DIRECTOR and membership.organization.is_department)
    )


def deny_if_role_denied(request):
    """403 when ``role_required`` let a role without the right into an
    object page only to learn whether the object is in scope (it is)."""
    if getattr(request, "role_denied", False):
        raise PermissionDenied


def get_in_scope(queryset, request, *, through="organization", **lookup):
    """Fetch one object of the current organisation or raise 404; then 403
    if the page's role check refused the user (see ``role_required``).
    ``through``: the lookup path to the object's organisation
    ("participant__organization" for a consent)."""
    try:
        found = queryset.filter(**{through: request.org}).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    deny_if_role_denied(request)
    return found


def get_participant_for(request, pk, *, write=False):
    """A participant of the current organisation.

    Reading: the director, coordinator and methodist. Writing: the
    coordinator and methodist. Another organisation's participant is 404
    for every role (looked up before the role is checked).
    The caller has already applied ``role_required`` for the page.
    """
    from .models import Participant

    participant = get_in_scope(Participant.objects.all(), request, pk=pk)
    membership = request.membership
    allowed = MANAGER_ROLES if write else STAFF_ROLES
    if membership is None or membership.role not in allowed:
        raise PermissionDenied
    return participant


def my_participants(request):
    """The participant cards of the signed-in user in the current
    organisation (a mentor or mentee with an account)."""
    from .models import Participant

    if request.org is None:
        return Participant.objects.none()
    return Participant.objects.filter(organization=request.org, user=request.user)


def get_mentorship_for(request, pk, *, write=False, queryset=None):
    """A mentorship of the current organisation.

    Staff read every one; the coordinator and methodist change them (at a
    department, its specialist as well: ``acting_role``). A mentor or
    mentee reads (and with ``write``, updates the programme of) only the
    mentorships they are members of: any other is 404, like another
    organisation's. A school's specialist role gets 403. ``queryset``: the
    mentorships to look in (with the page's select_related/prefetch), all
    by default.
    """
    from .models import Mentorship

    membership = request.membership
    if membership is None:
        raise PermissionDenied
    queryset = (queryset if queryset is not None else Mentorship.objects.all()).filter(
        organization=request.org
    )
    role = acting_role(membership)
    if role in PARTICIPANT_ROLES:
        queryset = queryset.filter(members__participant__in=my_participants(request)).distinct()
    try:
        mentorship = queryset.get(pk=pk)
    except Mentorship.DoesNotExist:
        raise Http404 from None
    deny_if_role_denied(request)
    if role in STAFF_ROLES:
        if write and role not in MANAGER_ROLES:
            raise PermissionDenied
    elif role not in PARTICIPANT_ROLES:
        raise PermissionDenied
    return mentorship


def get_destruction_act_for(request, pk):
    """An act of destruction of the current organisation: the director,
    coordinator and methodist read it; another organisation's act is 404."""
    from .models import DestructionAct

    act = get_in_scope(DestructionAct.objects.all(), request, pk=pk)
    membership = request.membership
    if membership is None or membership.role not in STAFF_ROLES:
        raise PermissionDenied
    return act


def get_order_for(request, pk, *, write=False, decide=False):
    """An order of the current organisation (404 for any other, whatever the
    role). Staff read; the coordinator and methodist draft (``write``); the
    director decides (``decide``). At a department its specialist reads and
    drafts the department's orders and its head decides (``acting_role``)."""
    from .models import Order

    order = get_in_scope(Order.objects.select_related("organization"), request, pk=pk)
    role = acting_role(request.membership)
    if role not in STAFF_ROLES:
        raise PermissionDenied
    if write and role not in MANAGER_ROLES:
        raise PermissionDenied
    if decide and role != Role.DIRECTOR:
        raise PermissionDenied
    return order


ACCESS_GRANTING_ROLES = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.METHODIST})


def get_membership_for(request, pk):
    """A role of the current organisation, for the team page's controls
    (director, coordinator, methodist; how far each may go is the service's
    rank rule). Another organisation's is 404."""
    found = get_in_scope(Membership.objects.select_related("user", "organization"), request, pk=pk)
    membership = request.membership
    if membership is None or membership.role not in ACCESS_GRANTING_ROLES:
        raise PermissionDenied
    return found


def get_invitation_for(request, pk):
    """An invitation of the current organisation (same roles as above)."""
    from .models import Invitation

    invitation = get_in_scope(Invitation.objects.select_related("user"), request, pk=pk)
    membership = request.membership
    if membership is None or membership.role not in ACCESS_GRANTING_ROLES:
        raise PermissionDenied
    return invitation


# The department's own staff: its specialist and its head (a director
# membership at a department-kind organisation).
DEPARTMENT_ROLES = frozenset({Role.SPECIALIST, Role.DIRECTOR})


def require_department(request):
    """The current organisation if the user acts for a department (its
    specialist or head); anyone else gets 403."""
    membership = request.membership
    if (
        membership is None
        or membership.role not in DEPARTMENT_ROLES
        or not membership.organization.is_department
    ):
        raise PermissionDenied
    return membership.organization


# --- activities (mentoring/views/activities.py): one helper per object kind ---
# Each looks the object up in the user's scope first (404 otherwise, whatever
# the role) and only then refuses a role without the right (403).


def _require_role(request, roles):
    membership = request.membership
    if membership is None or membership.role not in roles:
        raise PermissionDenied


def get_group_for(request, pk, *, write=False):
    """A training group of the current organisation: staff read, the
    coordinator and methodist write."""
    from .models import TrainingGroup

    group = get_in_scope(TrainingGroup.objects.all(), request, pk=pk)
    _require_role(request, MANAGER_ROLES if write else STAFF_ROLES)
    return group


def get_event_for(request, pk, *, write=False):
    """An event of the current organisation: staff read, the coordinator and
    methodist write."""
    from .models import Event

    event = get_in_scope(Event.objects.all(), request, pk=pk)
    _require_role(request, MANAGER_ROLES if write else STAFF_ROLES)
    return event


def get_news_for(request, pk, *, write=False):
    """A news item of the current organisation: staff read, the coordinator
    and methodist write."""
    from .models import News

    news = get_in_scope(News.objects.all(), request, pk=pk)
    _require_role(request, MANAGER_ROLES if write else STAFF_ROLES)
    return news


def practices_visible(request):
    """Practices the current member may read: staff all of the organisation's,
    mentors and mentees their own and the published ones, a specialist those
    of the department's organisations."""
    from django.db.models import Q

    from .models import Practice, PracticeStatus

    membership = request.membership
    role = membership.role if membership else None
    queryset = Practice.objects.all()
    if role == Role.SPECIALIST:
        return queryset.filter(organization_id__in=Organization.descendant_ids([request.org.pk]))
    queryset = queryset.filter(organization=request.org)
    if role in STAFF_ROLES:
        return queryset
    if role in PARTICIPANT_ROLES:
        return queryset.filter(Q(submitted_by=request.user) | Q(status=PracticeStatus.PUBLISHED))
    return queryset.none()


def get_practice_for(request, pk, *, action="read"):
    """A practice the member may read (404 otherwise); ``action`` "edit"
    (its author while under consideration, or the coordinator/methodist),
    "decide" (coordinator/methodist) or "bank" (the specialist) — 403 when
    the role may not. A specialist reads the department's organisations'
    practices, so a decision on one of them is 403 for them, not 404."""
    if request.membership is None:
        raise PermissionDenied
    try:
        practice = practices_visible(request).get(pk=pk)
    except practices_visible(request).model.DoesNotExist:
        raise Http404 from None
    deny_if_role_denied(request)
    role = request.membership.role
    if action == "decide" and role not in MANAGER_ROLES:
        raise PermissionDenied
    if action == "bank" and role != Role.SPECIALIST:
        raise PermissionDenied
    if action == "edit" and not (
        role in MANAGER_ROLES
        or (role in ALL_ROLES - {Role.SPECIALIST} and practice.submitted_by_id == request.user.pk)
    ):
        raise PermissionDenied
    return practice


def materials_visible(request):
    """Materials of the library the current member may read."""
    from .models import Material

    return Material.objects.visible_to_membership(request.membership)


def get_material_for(request, pk, *, write=False):
    """A material: readers find it among ``materials_visible``; writers (the
    coordinator and methodist) only among the current organisation's."""
    from .models import Material

    if request.membership is None:
        raise PermissionDenied
    if write:
        material = get_in_scope(Material.objects.all(), request, pk=pk)
        _require_role(request, MANAGER_ROLES)
        return material
    try:
        material = materials_visible(request).get(pk=pk)
    except Material.DoesNotExist:
        raise Http404 from None
    deny_if_role_denied(request)
    return material


def get_attachment_for(request, pk, *, write=False):
    """A file of an event or news item (staff), or of a practice (whoever
    may read the practice); scope and role as for the object it belongs to."""
    from .models import Attachment

    try:
        attachment = Attachment.objects.select_related("event", "news", "practice").get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    if attachment.practice_id:
        get_practice_for(request, attachment.practice_id, action="edit" if write else "read")
    elif attachment.event_id:
        get_event_for(request, attachment.event_id, write=write)
    else:
        get_news_for(request, attachment.news_id, write=write)
    return attachment


def get_consent_for(request, pk, *, write=False):
    """A consent of a participant of the current organisation: 404 for another
    organisation's, then 403 for a role that may not read (or write) consents."""
    from .models import Consent

    consent = get_in_scope(
        Consent.objects.select_related("participant", "text"),
        request,
        through="participant__organization",
        pk=pk,
    )
    _require_role(request, MANAGER_ROLES if write else STAFF_ROLES)
    return consent
