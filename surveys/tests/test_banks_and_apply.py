"""Answers feeding the banks; the public application "Стать наставником"."""

import pytest

from mentoring.models import Consent, MentorStatus, Participant
from surveys import services
from surveys.models import MentorApplication

from .helpers import answer, person, send

pytestmark = pytest.mark.django_db


def _template(cast, code):
    return services.survey_from_template(organization=cast.school, code=code, by=None)


def _required_values(version, overrides):
    data = {}
    for q in version.questions.prefetch_related("options"):
        if q.pk in overrides:
            data[f"q{q.pk}"] = [overrides[q.pk]]
        elif q.required:
            if q.kind == "scale":
                data[f"q{q.pk}"] = ["5"]
            elif q.kind in ("single", "multiple"):
                data[f"q{q.pk}"] = [str(q.options.first().pk)]
            elif q.kind == "number":
                data[f"q{q.pk}"] = ["3"]
            elif q.kind == "yes_no":
                data[f"q{q.pk}"] = ["yes"]
            else:
                data[f"q{q.pk}"] = ["текст"]
    return data


def test_needs_questionnaire_appends_to_the_mentees_requests(cast):
    survey = _template(cast, "mentee_needs")
    mentee = person(cast.school, requests="Прежний запрос")
    campaign, tokens = send(survey, [mentee])
    requests_q = survey.current_version().questions.get(maps_to="requests")
    data = _required_values(campaign.version, {requests_q.pk: "Работа с родителями"})
    answer(campaign, tokens[mentee.pk], data)
    mentee.refresh_from_db()
    assert mentee.requests.startswith("Прежний запрос\n")
    assert "анкета «Анкета наставляемого" in mentee.requests
    assert mentee.requests.endswith("Работа с родителями")
    # Sent again after an edit: not repeated.
    answer(campaign, tokens[mentee.pk], data)
    mentee.refresh_from_db()
    assert mentee.requests.count("Работа с родителями") == 1


def test_potential_mentor_questionnaire_fills_competencies(cast):
    survey = _template(cast, "mentor_candidate")
    mentor = person(cast.school, is_mentor=True, mentor_status="potential")
    campaign, tokens = send(survey, [mentor])
    q = survey.current_version().questions.get(maps_to="competencies")
    answer(campaign, tokens[mentor.pk], _required_values(campaign.version, {q.pk: "ИКТ, ОГЭ"}))
    mentor.refresh_from_db()
    assert mentor.competencies.endswith("ИКТ, ОГЭ")


def test_anonymous_answers_never_reach_the_banks(cast):
    survey = _template(cast, "mentee_needs")
    mentee = person(cast.school)
    campaign, tokens = send(survey, [mentee], is_anonymous=True)
    q = survey.current_version().questions.get(maps_to="requests")
    answer(campaign, tokens[mentee.pk], _required_values(campaign.version, {q.pk: "Секрет"}))
    mentee.refresh_from_db()
    assert "Секрет" not in mentee.requests


def test_draft_does_not_reach_the_banks(cast):
    survey = _template(cast, "mentee_needs")
    mentee = person(cast.school)
    campaign, tokens = send(survey, [mentee])
    q = survey.current_version().questions.get(maps_to="requests")
    answer(campaign, tokens[mentee.pk], {f"q{q.pk}": ["Черновик"]}, submit=False)
    mentee.refresh_from_db()
    assert mentee.requests == ""


APPLY = {
    "last_name": "Соколова",
    "first_name": "Ольга",
    "patronymic": "Игоревна",
    "email": "sokolova@example.org",
    "phone": "+7 900 000-00-00",
    "target_group": "teacher",
    "position": "Учитель математики",
    "subjects": "Математика",
    "experience_years": "15",
    "competencies": "Подготовка к ОГЭ, наставничество молодых педагогов",
    "motivation": "Хочу помогать молодым коллегам",
    "consent": "on",
}


def _url(cast):
    return f"/o/{cast.school.slug}/nastavnichestvo/stat-nastavnikom/"


def _post(client, cast, **changes):
    page = client.get(_url(cast))
    data = {**APPLY, "consent_text": page.context["consent_text"].pk, **changes}
    return client.post(_url(cast), {k: v for k, v in data.items() if v is not None})


def test_application_creates_a_potential_mentor_with_the_processing_consent(cast, client):
    reply = _post(client, cast)
    assert reply.status_code == 302
    participant = Participant.objects.get(last_name="Соколова")
    assert participant.is_mentor and participant.mentor_status == MentorStatus.POTENTIAL
    assert participant.organization == cast.school
    assert participant.competencies.startswith("Подготовка к ОГЭ")
    consent = Consent.objects.get(participant=participant)
    assert consent.kind == "processing"
    assert consent.method == Consent.Method.ELECTRONIC
    assert consent.given_by == Consent.GivenBy.SUBJECT
    assert consent.text.version == 1
    assert MentorApplication.objects.get().motivation == "Хочу помогать молодым коллегам"
    thanks = client.get(reply["Location"])
    assert "Спасибо! Заявка отправлена" in thanks.text
    assert "Соколова" not in thanks.text  # no personal data echoed
    assert not thanks.wsgi_request.user.is_authenticated


def test_methodist_sees_the_applicant_in_the_potential_mentors_register(cast, client, client_for):
    _post(client, cast)
    page = client_for(cast.methodist).get("/bank/potential-mentors/")
    assert "Соколова" in page.text


def test_application_without_consent_is_refused_and_writes_nothing(cast, client):
    reply = _post(client, cast, consent=None)
    assert reply.status_code == 200
    assert "Без согласия на обработку персональных данных заявку принять нельзя" in reply.text
    assert not Participant.objects.exists()
    assert not Consent.objects.exists()


def test_honeypot_swallows_bots(cast, client):
    reply = _post(client, cast, website="http://spam.example")
    assert reply.status_code == 302
    assert not Participant.objects.exists()


def test_rate_limit_per_address(cast, client):
    for i in range(services.RATE_LIMIT_PER_HOUR):
        assert _post(client, cast, last_name=f"Заявитель{i}").status_code == 302
    reply = _post(client, cast, last_name="Лишний")
    assert "недавно уже отправляли заявки" in reply.text
    assert not Participant.objects.filter(last_name="Лишний").exists()


def test_application_form_shows_the_current_consent_text(cast, client):
    page = client.get(_url(cast))
    assert page.status_code == 200
    assert "Согласие на обработку персональных данных" in page.text
    assert page.context["consent_text"].organization == cast.school
