"""Access helpers of the reports app (see mentoring/access.py for the model)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentoring.access import get_in_scope, my_participants
from mentoring.models import STAFF_ROLES, Participant, Role


def get_portfolio_mentor_for(request, pk):
    """The mentor whose portfolio is asked for.

    The director, coordinator and methodist read any mentor of the current
    organisation; a mentor reads only their own; others get 403. A
    participant of another organisation, or one who is not in the bank of
    mentors, is 404.
    """
    membership = request.membership
    if membership is None:
        raise PermissionDenied
    if membership.role in STAFF_ROLES:
        mentor = get_in_scope(Participant.objects.all(), request, pk=pk)
    elif membership.role == Role.MENTOR:
        mentor = my_participants(request).filter(pk=pk).first()
        if mentor is None:
            raise Http404
    else:
        raise PermissionDenied
    if not mentor.is_mentor or mentor.is_anonymized:
        raise Http404
    return mentor
