"""Builders shared by the surveys tests and the access table."""

import datetime

from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import (
    MentoringForm,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    TargetGroup,
)
from surveys import services
from surveys.models import Section, Survey, SurveyVersion


def survey_with(organization, questions, *, by=None, title="Анкета"):
    """A survey of one section with the given question dicts (kind, text,
    options…); returns (survey, [questions])."""
    survey = services.survey_create(organization=organization, data={"title": title}, by=by)
    section = Section.objects.get(version__survey=survey)
    created = [
        services.question_add(survey=survey, section=section, data=q, by=by) for q in questions
    ]
    return survey, created


def scale_survey(organization, codes=("comfort", "usefulness"), *, title="Эффективность"):
    return survey_with(
        organization,
        [{"kind": "scale", "text": f"Вопрос {c}", "code": c, "scale_max": 10} for c in codes],
        title=title,
    )


def deadline(days=7):
    return timezone.localdate() + datetime.timedelta(days=days)


def send(survey, people, **data):
    """A campaign to the named participants; returns (campaign, {participant_pk: raw token})
    (only people without e-mail get their link back)."""
    campaign, links = services.campaign_create(
        survey=survey,
        data={"title": data.pop("title", "Рассылка"), "deadline": deadline(), **data},
        audience={"kind": "participants", "participants": [p.pk for p in people]},
        by=None,
    )
    tokens = {inv.participant_id: url.rstrip("/").rsplit("/", 1)[-1] for inv, url in links}
    return campaign, tokens


def person(organization, **kwargs):
    kwargs.setdefault("email", "")
    return ParticipantFactory(organization=organization, **kwargs)


def pair(organization, form=None, *, status=MentorshipStatus.AGREED, mentee=None, mentor=None):
    form = (
        form
        or MentoringForm.objects.get_or_create(organization=organization, name="Педагог — педагог")[
            0
        ]
    )
    mentor = mentor or person(organization, is_mentor=True, mentor_status="approved")
    mentee = mentee or person(organization, target_group=TargetGroup.YOUNG_SPECIALIST)
    mentorship = Mentorship.objects.create(
        organization=organization,
        form=form,
        status=status,
        planned_start=timezone.localdate(),
        planned_end=timezone.localdate() + datetime.timedelta(days=200),
    )
    MentorshipMember.objects.create(
        mentorship=mentorship, participant=mentor, role="lead", form=form
    )
    MentorshipMember.objects.create(
        mentorship=mentorship, participant=mentee, role="mentee", form=form
    )
    return mentorship, mentor, mentee


def answer(campaign, token, data, *, submit=True):
    invitation = services.link_resolve(token)[1]
    return services.response_save(invitation=invitation, data=data, submit=submit, raw=token)


__all__ = ["Survey", "SurveyVersion", "answer", "deadline", "pair", "person", "send"]
