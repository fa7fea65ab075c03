"""One access helper per object kind of the documents app. Staff of the
current organisation read; the coordinator and methodist write; the
director registers (approves) agreements. Another organisation's object is
404 (mentoring.access.get_in_scope)."""

from django.core.exceptions import PermissionDenied

from mentoring.access import get_in_scope
from mentoring.models import MANAGER_ROLES, STAFF_ROLES, Role

from .models import MentorAgreement, Regulation, SignedScan


def _check(request, *, write=False, decide=False):
    membership = request.membership
    if membership is None or membership.role not in STAFF_ROLES:
        raise PermissionDenied
    if write and membership.role not in MANAGER_ROLES:
        raise PermissionDenied
    if decide and membership.role != Role.DIRECTOR:
        raise PermissionDenied


def get_regulation_for(request, pk, *, write=False):
    _check(request, write=write)
    return get_in_scope(Regulation.objects.select_related("order", "organization"), request, pk=pk)


def get_agreement_for(request, pk, *, write=False, decide=False):
    _check(request, write=write, decide=decide)
    return get_in_scope(
        MentorAgreement.objects.select_related("mentor", "mentorship", "organization"),
        request,
        pk=pk,
    )


def get_scan_for(request, pk):
    _check(request)
    return get_in_scope(SignedScan.objects.all(), request, pk=pk)


def can_attach_scans(membership):
    return membership is not None and membership.role in STAFF_ROLES
