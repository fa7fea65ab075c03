"""One access helper per object kind of the documents app. Staff of the
current organisation read; the coordinator and methodist write; the
director registers (approves) agreements. At a department its specialist
reads and writes the department's documents and its head approves
(mentoring.access.acting_role). Another organisation's object is 404 for
every role, looked up before the role is checked
(mentoring.access.get_in_scope)."""

from django.core.exceptions import PermissionDenied

from mentoring.access import acting_role, get_in_scope
from mentoring.models import MANAGER_ROLES, STAFF_ROLES, Role

from .models import MentorAgreement, Regulation, SignedScan


def _check(request, *, write=False, decide=False):
    role = acting_role(request.membership)
    if role not in STAFF_ROLES:
        raise PermissionDenied
    if write and role not in MANAGER_ROLES:
        raise PermissionDenied
    if decide and role != Role.DIRECTOR:
        raise PermissionDenied


def get_regulation_for(request, pk, *, write=False):
    """A Положение of the current organisation."""
    regulation = get_in_scope(
        Regulation.objects.select_related("order", "organization"), request, pk=pk
    )
    _check(request, write=write)
    return regulation


def get_agreement_for(request, pk, *, write=False, decide=False):
    """An agreement with a mentor of the current organisation."""
    agreement = get_in_scope(
        MentorAgreement.objects.select_related("mentor", "mentorship", "organization"),
        request,
        pk=pk,
    )
    _check(request, write=write, decide=decide)
    return agreement


def get_scan_for(request, pk):
    """A signed scan of a document of the current organisation."""
    scan = get_in_scope(SignedScan.objects.all(), request, pk=pk)
    _check(request)
    return scan


def can_attach_scans(membership):
    return acting_role(membership) in STAFF_ROLES
