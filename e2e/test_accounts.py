"""Accounts from the application in Chromium: the methodist invites a mentor
from the participant card, the mentor opens the e-mailed link on a phone,
sets a password and signs in; a printed code activates another account."""

import re

from django.core import mail

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.factories import ParticipantFactory
from mentoring.models import Invitation

NEW_PASSWORD = "lilac-harbour-7319"


def test_invite_by_email_then_set_password_on_a_phone(page, cast):
    mentor = ParticipantFactory(
        organization=cast.school,
        last_name="Соловьёва",
        first_name="Ольга",
        patronymic="Петровна",
        email="solo@example.org",
        is_mentor=True,
        is_mentee=False,
    )
    login(page, "methodist", PASSWORD)
    page.goto(page.base_url + f"/participants/{mentor.pk}/")
    screenshot(page, "accounts-card-before")
    page.get_by_label("Как передать доступ").select_option("email")
    page.get_by_role("button", name="Пригласить", exact=True).click()
    page.wait_for_load_state()
    assert "Приглашение отправлено на solo@example.org" in page.content()
    screenshot(page, "accounts-card-invited")

    link = re.search(r"http://\S+(/accounts/invite/\S+/)", mail.outbox[-1].body).group(1)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + link)
    assert "soloveva.op" in page.content()
    screenshot(page, "accounts-invite-phone")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Сохранить пароль").click()
    page.wait_for_load_state()
    assert "Пароль задан" in page.content()
    login(page, "soloveva.op", NEW_PASSWORD)
    assert "Здравствуйте, Ольга Петровна" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(page, "accounts-mentor-home-phone")


def test_team_page_codes_sheet_and_activation(page, cast):
    login(page, "coordinator", PASSWORD)
    page.goto(page.base_url + f"/organizations/{cast.school.slug}/")
    invite = page.get_by_role("region", name="Пригласить в систему")
    invite.get_by_label("Фамилия").fill("Жукова")
    invite.get_by_label("Имя", exact=True).fill("Анна")
    invite.get_by_label("Роль").select_option("mentor")
    invite.get_by_label("Как передать доступ").select_option("code")
    page.get_by_role("button", name="Пригласить", exact=True).click()
    page.wait_for_load_state()
    screenshot(page, "accounts-team-page")
    invitation = Invitation.objects.get()
    page.get_by_label("В лист кодов: Жукова Анна").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Распечатать лист кодов (PDF) для отмеченных").click()
    assert download.value.suggested_filename == "activation-codes.pdf"
    invitation.refresh_from_db()
    assert invitation.is_pending
