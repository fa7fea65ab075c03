"""Deadlines of questionnaires waiting for the user's answer, in their
personal calendar."""

from django.urls import reverse

from mentoring.calendar import CalendarItem, calendar_source
from mentoring.models import Participant

from .models import CampaignStatus, Invitation


@calendar_source
def waiting_questionnaires(user, since):
    """One entry on the deadline of each open campaign the user's
    participants have not answered yet."""
    found = (
        Invitation.objects.filter(
            participant__in=Participant.objects.filter(user=user).active(),
            responded=False,
            campaign__status=CampaignStatus.OPEN,
            campaign__deadline__gte=since,
        )
        .select_related("campaign__survey")
        .order_by("campaign__deadline", "pk")
    )
    return [
        CalendarItem(
            uid=f"survey-invitation-{i.pk}",
            summary=f"Анкета до конца дня: {i.campaign.title}",
            start=i.campaign.deadline,
            description="Ответьте на анкету в кабинете или по личной ссылке из письма.",
            url=reverse("surveys:my_surveys"),
        )
        for i in found
    ]
