"""Access helpers of the surveys app (see mentoring/access.py for the model):
one per object kind. Each looks the object up in the current organisation
first (404 for another organisation's, whatever the role) and only then
refuses a role without the right (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentoring.access import deny_if_role_denied, get_in_scope, my_participants
from mentoring.models import MANAGER_ROLES

from .models import Campaign, Invitation, Question, Section, Survey


def can_write(request):
    """Whether the current membership edits surveys and runs campaigns (the
    coordinator and methodist)."""
    return request.membership is not None and request.membership.role in MANAGER_ROLES


def _refuse_unless_writer(request, write=True):
    if write and not can_write(request):
        raise PermissionDenied


def get_survey_for(request, pk, *, write=False):
    """A survey of the current organisation; ``write``: for the coordinator
    and methodist only."""
    survey = get_in_scope(Survey.objects.all(), request, pk=pk)
    _refuse_unless_writer(request, write)
    return survey


def get_campaign_for(request, pk, *, write=False):
    """A campaign of the current organisation; ``write``: for the coordinator
    and methodist only."""
    campaign = get_in_scope(
        Campaign.objects.select_related("survey", "version", "baseline"), request, pk=pk
    )
    _refuse_unless_writer(request, write)
    return campaign


def get_section_for(request, pk):
    """A section of a survey of the current organisation, for its writers."""
    section = get_in_scope(
        Section.objects.select_related("version__survey"),
        request,
        through="version__survey__organization",
        pk=pk,
    )
    _refuse_unless_writer(request)
    return section


def get_question_for(request, pk):
    """A question of a survey of the current organisation, for its writers."""
    question = get_in_scope(
        Question.objects.select_related("version__survey", "section"),
        request,
        through="version__survey__organization",
        pk=pk,
    )
    _refuse_unless_writer(request)
    return question


def get_my_invitation_for(request, pk):
    """An invitation of the signed-in mentor or mentee ("Мои анкеты"). Looked
    up in the current organisation first (404 for another's), then a role
    without the right is refused (403); another person's invitation is 404."""
    try:
        invitation = Invitation.objects.select_related("campaign").get(
            pk=pk, campaign__survey__organization=request.org
        )
    except Invitation.DoesNotExist:
        raise Http404 from None
    deny_if_role_denied(request)
    if not my_participants(request).filter(pk=invitation.participant_id).exists():
        raise Http404
    return invitation
