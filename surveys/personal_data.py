"""Where the surveys app keeps personal data: declared in mentoring's
registry (see mentoring/personal_data.py), called from SurveysConfig.ready."""

from mentoring.personal_data import exempt, register


def _applied(participant):
    from .models import MentorApplication

    return MentorApplication.objects.filter(participant=participant).exists()


def register_surveys():
    from mentoring.views.consents import APPLICANT_CHECKS

    if _applied not in APPLICANT_CHECKS:
        APPLICANT_CHECKS.append(_applied)
    register(
        "surveys.Invitation",
        category="Приглашения в анкеты (персональные ссылки)",
        subject="participant",
        fields=("role", "emailed_at"),
    )
    register(
        "surveys.InvitationToken",
        category="Персональные ссылки на анкеты",
        subject="invitation__participant",
    )
    register(
        "surveys.Response",
        category="Ответы на анкеты",
        subject="invitation__participant",
        fields=("status", "submitted_at"),
    )
    register(
        "surveys.Answer",
        category="Ответы на вопросы анкет, в том числе свободный текст",
        subject="response__invitation__participant",
        fields=("text",),
        mentions=("text",),
        organization="response__campaign__organization",
    )
    register(
        "surveys.MentorApplication",
        category="Заявка «Стать наставником» с сайта",
        subject="participant",
        fields=("motivation", "created_at"),
        mentions=("motivation",),
    )
    register(
        "surveys.Campaign",
        category="Рассылки анкет (названия)",
        mentions=("title", "audience_label"),
    )
    for label, what in (
        ("surveys.Survey", "анкета организации"),
        ("surveys.SurveyVersion", "редакция анкеты"),
        ("surveys.Section", "раздел анкеты"),
        ("surveys.Question", "вопрос анкеты"),
        ("surveys.Option", "вариант ответа"),
    ):
        exempt(label, f"{what}: текст вопросов, без данных о людях")
