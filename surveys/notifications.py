"""Notices of the surveys app (see mentoring/notify.py)."""

from django.urls import reverse

from mentoring.notify import Notice, register, scoped

from .models import Invitation


@register("survey_waiting", "Анкеты, ожидающие ответа")
def surveys_waiting(today, organization_ids=None):
    """A participant with an account who has not yet answered an open
    campaign. One query."""
    invitations = (
        scoped(
            Invitation.objects.filter(
                responded=False,
                campaign__status="open",
                campaign__deadline__gte=today,
                participant__user__isnull=False,
                participant__anonymized_at__isnull=True,
            ),
            organization_ids,
            "campaign__organization_id",
        )
        .select_related("campaign__survey", "participant")
        .order_by("campaign__deadline", "pk")
    )
    url = reverse("surveys:my_surveys")
    for invitation in invitations:
        campaign = invitation.campaign
        yield Notice(
            user_id=invitation.participant.user_id,
            kind="survey_waiting",
            key=f"campaign:{campaign.pk}:waiting",
            title=f"Ждёт ответа анкета «{campaign.survey.title}» — до {campaign.deadline:%d.%m.%Y}",
            url=url,
            due=campaign.deadline,
            organization_id=campaign.organization_id,
        )


DEADLINE_WARNING_DAYS = 2


@register("survey_deadline_soon", "Анкета без ответа: до срока два дня")
def surveys_deadline_soon(today, organization_ids=None):
    """A participant with an account who has not answered an open campaign
    whose deadline is two days away."""
    import datetime

    deadline = today + datetime.timedelta(days=DEADLINE_WARNING_DAYS)
    invitations = scoped(
        Invitation.objects.filter(
            responded=False,
            campaign__status="open",
            campaign__deadline=deadline,
            participant__user__isnull=False,
            participant__anonymized_at__isnull=True,
        ),
        organization_ids,
        "campaign__organization_id",
    ).select_related("campaign__survey", "participant")
    url = reverse("surveys:my_surveys")
    for invitation in invitations:
        campaign = invitation.campaign
        yield Notice(
            user_id=invitation.participant.user_id,
            kind="survey_deadline_soon",
            key=f"campaign:{campaign.pk}:deadline-soon:{campaign.deadline:%Y%m%d}",
            title=f"Осталось два дня, чтобы ответить на анкету «{campaign.survey.title}»"
            f" (до {campaign.deadline:%d.%m.%Y})",
            url=url,
            due=campaign.deadline,
            organization_id=campaign.organization_id,
        )
