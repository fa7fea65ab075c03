"""Personal links: hashed, unguessable, expiring, never logging anyone in."""

import hashlib

import pytest
from django.utils import timezone

from surveys import services
from surveys.models import InvitationToken, Response

from .helpers import answer, person, send, survey_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(cast):
    survey, (q,) = survey_with(
        cast.school, [{"kind": "scale", "text": "Комфорт", "required": True}]
    )
    who = person(cast.school)
    campaign, tokens = send(survey, [who])
    return campaign, tokens[who.pk], q


def test_token_is_long_random_and_stored_only_as_a_hash(link):
    _campaign, token, _q = link
    assert len(token) >= 43  # 32 bytes = 256 bits in base64url
    stored = InvitationToken.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not InvitationToken.objects.filter(token_hash=token).exists()


def test_link_opens_the_form_without_logging_in(link, client):
    _campaign, token, q = link
    page = client.get(f"/surveys/a/{token}/")
    assert page.status_code == 200
    assert "Комфорт" in page.text
    assert not page.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in client.session
    assert page["Referrer-Policy"] == "same-origin"
    # After answering, still nobody is logged in and no page is opened.
    client.post(f"/surveys/a/{token}/", {f"q{q.pk}": "7", "action": "submit"})
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_altered_and_unknown_tokens_are_the_same_404(link, client):
    _campaign, token, _q = link
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    first = client.get(f"/surveys/a/{altered}/")
    second = client.get("/surveys/a/nothing-like-a-token/")
    assert first.status_code == second.status_code == 404
    assert "Ссылка не найдена" in first.text
    assert first.text == second.text


def test_expired_link_says_so_and_reuse_after_deadline_is_read_only(link, client):
    campaign, token, q = link
    client.post(f"/surveys/a/{token}/", {f"q{q.pk}": "7", "action": "submit"})
    services.campaign_close(campaign=campaign)
    page = client.get(f"/surveys/a/{token}/")
    assert page.status_code == 200
    assert "Приём ответов завершён" in page.text
    assert 'name="action"' not in page.text  # no buttons
    late = client.post(f"/surveys/a/{token}/", {f"q{q.pk}": "2", "action": "submit"})
    assert "Срок ответа на анкету истёк" in late.text
    assert Response.objects.get().answers.get().number == 7


def test_expired_link_without_answers_gets_a_clear_page(link, client):
    campaign, token, _q = link
    campaign.deadline = timezone.localdate() - timezone.timedelta(days=1)
    campaign.save()
    page = client.get(f"/surveys/a/{token}/")
    assert page.status_code == 410
    assert "Срок ответа истёк" in page.text


def test_partial_answers_are_saved_and_can_be_edited_until_the_deadline(cast, client):
    survey, (q1, q2) = survey_with(
        cast.school,
        [{"kind": "scale", "text": "А", "required": True}, {"kind": "long_text", "text": "Б"}],
    )
    who = person(cast.school)
    _campaign, tokens = send(survey, [who])
    url = f"/surveys/a/{tokens[who.pk]}/"
    client.post(url, {f"q{q2.pk}": "Черновик", "action": "save"})
    page = client.get(url)
    assert "Черновик" in page.text
    missing = client.post(url, {f"q{q2.pk}": "Черновик", "action": "submit"})
    assert "обязательные вопросы" in missing.text
    assert "А" in missing.text
    client.post(url, {f"q{q1.pk}": "4", f"q{q2.pk}": "Черновик", "action": "submit"})
    assert Response.objects.get().is_submitted
    client.post(url, {f"q{q1.pk}": "9", f"q{q2.pk}": "Исправлено", "action": "submit"})
    response = Response.objects.get()
    assert response.answers.get(question=q1).number == 9
    assert response.answers.get(question=q2).text == "Исправлено"


def test_autosave_by_htmx_stores_a_draft(link, client):
    _campaign, token, q = link
    reply = client.post(
        f"/surveys/a/{token}/", {f"q{q.pk}": "6", "action": "save"}, HTTP_HX_REQUEST="true"
    )
    assert "Черновик сохранён" in reply.text
    bad = client.post(
        f"/surveys/a/{token}/", {f"q{q.pk}": "60", "action": "save"}, HTTP_HX_REQUEST="true"
    )
    assert "не сохранены" in bad.text
    assert Response.objects.get().answers.get().number == 6


def test_out_of_scale_answer_is_shown_with_a_message_and_nothing_changes(link, client):
    _campaign, token, q = link
    page = client.post(f"/surveys/a/{token}/", {f"q{q.pk}": "11", "action": "submit"})
    assert "Оценка должна быть от 1 до 10." in page.text
    assert not Response.objects.exists()


def test_reissued_link_revokes_the_old_one_with_a_clear_message(link, client):
    campaign, token, _q = link
    invitation = campaign.invitations.get()
    new = services.invitation_issue_link(invitation=invitation, revoke=True)
    old_page = client.get(f"/surveys/a/{token}/")
    assert old_page.status_code == 410
    assert "Ссылка заменена новой" in old_page.text
    assert client.get(f"/surveys/a/{new}/").status_code == 200


def test_cabinet_opens_my_survey_through_a_fresh_link(cast, client_for):
    survey, (q,) = survey_with(cast.school, [{"kind": "scale", "text": "Комфорт"}])
    me = person(cast.school, user=cast.mentor, is_mentor=True, mentor_status="approved")
    campaign, _ = send(survey, [me])
    client = client_for(cast.mentor)
    page = client.get("/surveys/my/")
    assert survey.title in page.text
    invitation = campaign.invitations.get()
    opened = client.post(f"/surveys/my/{invitation.pk}/open/")
    assert opened.status_code == 302
    token = opened["Location"].rstrip("/").rsplit("/", 1)[-1]
    answer(campaign, token, {f"q{q.pk}": ["5"]})
    assert campaign.invitations.get().responded
    # Somebody else's invitation is 404.
    assert client_for(cast.mentee).post(f"/surveys/my/{invitation.pk}/open/").status_code == 404


def test_cabinet_lists_surveys_waiting_for_an_answer_and_the_notice_collector(cast, client_for):
    from mentoring.notify import collect

    survey, _ = survey_with(cast.school, [{"kind": "scale", "text": "Комфорт"}], title="Итоги года")
    me = person(cast.school, user=cast.mentor, is_mentor=True, mentor_status="approved")
    send(survey, [me])
    page = client_for(cast.mentor).get("/cabinet/")
    assert "Анкеты, ожидающие ответа" in page.text
    assert "Итоги года" in page.text
    notices = [n for n in collect(timezone.localdate()) if n.kind == "survey_waiting"]
    assert [n.user_id for n in notices] == [cast.mentor.pk]


def test_a_link_sent_before_a_withdrawal_takes_no_answers_after_it(cast, client):
    """ст. 21 ч. 5 152-ФЗ: processing stops when the processing consent is
    withdrawn; a personal link already in the person's mailbox must not
    collect new answers about them (nor feed the banks)."""
    from mentoring.models import ConsentKind
    from mentoring.services.consents import consent_give, consent_withdraw

    survey, (q,) = survey_with(cast.school, [{"kind": "long_text", "text": "Что помогло?"}])
    who = person(cast.school)
    consent = consent_give(
        participant=who,
        kind=ConsentKind.PROCESSING,
        data={"given_on": timezone.localdate()},
        by=cast.methodist,
    )
    _campaign, tokens = send(survey, [who])
    consent_withdraw(consent=consent, on_date=timezone.localdate(), by=cast.methodist)
    page = client.post(
        f"/surveys/a/{tokens[who.pk]}/", {f"q{q.pk}": "Коллега Петрова", "action": "submit"}
    )
    assert page.status_code == 410
    assert "Согласие на обработку персональных данных отозвано" in page.text
    assert "заменена новой" not in page.text
    assert Response.objects.count() == 0
