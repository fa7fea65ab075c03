"""Access helpers of the reports app (see mentoring/access.py for the model)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentoring import access as mentoring_access
from mentoring.access import deny_if_role_denied, get_in_scope, my_participants
from mentoring.models import STAFF_ROLES, Participant, Role


def get_portfolio_mentor_for(request, pk):
    """The mentor whose portfolio is asked for.

    The director, coordinator and methodist read any mentor of the current
    organisation; a mentor reads only their own; others get 403. A
    participant of another organisation (for any role), or one who is not in
    the bank of mentors, is 404.
    """
    membership = request.membership
    if membership is None:
        raise PermissionDenied
    if membership.role == Role.MENTOR:
        mentor = my_participants(request).filter(pk=pk).first()
        if mentor is None:
            raise Http404
        deny_if_role_denied(request)
    else:
        # Looked up in the organisation before the role is refused: another
        # organisation's participant is 404 for every role.
        mentor = get_in_scope(Participant.objects.all(), request, pk=pk)
        if membership.role not in STAFF_ROLES:
            raise PermissionDenied
    if not mentor.is_mentor or mentor.is_anonymized:
        raise Http404
    return mentor


# --- the department's collection of analytic reports (reports/collections.py) ------

DEPARTMENT_ROLES = mentoring_access.DEPARTMENT_ROLES
# The department's specialist or head (mentoring.access): 403 for others.
require_department = mentoring_access.require_department


def get_collection_request_for(request, pk):
    """A collection request of the current department (see
    ``require_department``); another department's request is 404."""
    from .models import CollectionRequest

    department = require_department(request)
    try:
        return CollectionRequest.objects.select_related("department").get(
            pk=pk, department=department
        )
    except CollectionRequest.DoesNotExist:
        raise Http404 from None


def require_submitting_organization(request):
    """The current organisation if the user may answer the department's
    requests for it: its director, coordinator or methodist, in an
    organisation that is not itself a department. Others get 403."""
    membership = request.membership
    if (
        membership is None
        or membership.role not in STAFF_ROLES
        or membership.organization.is_department
    ):
        raise PermissionDenied
    return membership.organization


def get_addressed_request_for(request, pk):
    """A collection request addressed to the current organisation (from a
    department above it), for its director, coordinator or methodist; a
    request of any other department is 404."""
    from .collections import requests_for_organization
    from .models import CollectionRequest

    organization = require_submitting_organization(request)
    try:
        return requests_for_organization(organization).get(pk=pk)
    except CollectionRequest.DoesNotExist:
        raise Http404 from None
