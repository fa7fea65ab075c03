"""A mentor's first day on a 390×844 phone, in Chromium on the demo data: the
invitation e-mail's one-time link → a password → the sign-in → the cabinet
→ a plan item ticked as done → a meeting logged → a questionnaire answered.
Every page fits the screen (no sideways scrolling, every control on screen);
the database is checked after each step. Screenshots
``phone-invited-NN-<step>.png``."""

import re

from django.core import mail
from django.utils import timezone

from e2e.conftest import screenshot
from e2e.test_journeys import SCHOOL, seeded  # noqa: F401 - the fixture
from e2e.test_phone import assert_fits, phone  # noqa: F401 - the fixture
from mentoring.models import (
    Meeting,
    Membership,
    Mentorship,
    MentorshipStatus,
    PlanItem,
    Role,
    User,
)
from mentoring.services.accounts import invitation_create

NEW_PASSWORD = "Сирень-2026-наставник"


def shot(page, number, step):
    assert_fits(page, step)
    return screenshot(page, f"phone-invited-{number:02d}-{step}")


def a_pair_without_account(school):
    """An active pair of the demo school whose lead mentor has no account yet
    and whose programme has an unfinished item."""
    for pair in Mentorship.objects.filter(
        organization=school, status=MentorshipStatus.ACTIVE
    ).order_by("pk"):
        mentor = pair.lead_mentor
        if (
            mentor
            and mentor.user_id is None
            and hasattr(pair, "program")
            and pair.program.items.exclude(status=PlanItem.Status.DONE).exists()
        ):
            return pair
    raise AssertionError("the demo has no active pair of a mentor without an account")


def test_invited_mentor_starts_on_a_phone(phone, seeded):  # noqa: F811
    from surveys import services as surveys
    from surveys.models import Response, Survey

    school = seeded[SCHOOL]
    pair = a_pair_without_account(school)
    mentor = pair.lead_mentor
    if not mentor.email:
        mentor.email = "invited.mentor@example.org"
        mentor.save(update_fields=["email"])
    methodist = User.objects.get(username="school.methodist")

    # The methodist's invitation arrives by e-mail with a one-time link.
    mail.outbox.clear()
    invitation, _secret = invitation_create(
        organization=school,
        by=methodist,
        by_role=Role.METHODIST,
        role=Role.MENTOR,
        participant=mentor,
    )
    assert invitation.channel == invitation.Channel.EMAIL
    letter = next(m for m in mail.outbox if mentor.email in m.to)
    link = re.search(r"/accounts/invite/[^/\s]+/", letter.body).group(0)
    username = invitation.user.username

    phone.goto(phone.base_url + link)
    assert "Задайте пароль" in phone.locator("h1").inner_text()
    shot(phone, 1, "invitation")
    phone.locator("#id_new_password1").fill(NEW_PASSWORD)
    phone.locator("#id_new_password2").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Сохранить пароль").click()
    phone.wait_for_load_state()
    assert "Пароль задан" in phone.content()
    shot(phone, 2, "password-set")
    invitation.refresh_from_db()
    mentor.refresh_from_db()
    assert invitation.used_at is not None
    assert mentor.user_id == invitation.user_id
    assert Membership.objects.filter(
        user=invitation.user, organization=school, role=Role.MENTOR
    ).exists()

    # Sign in with the new password: the cabinet with the pair.
    phone.get_by_label("Имя пользователя").fill(username)
    phone.get_by_label("Пароль").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Войти").click()
    phone.wait_for_load_state()
    phone.goto(phone.base_url + "/cabinet/")
    assert "Мой кабинет" in phone.locator("h1").inner_text()
    assert str(pair) in phone.locator(".my-pairs").inner_text()
    shot(phone, 3, "cabinet")

    # Tick a plan item as done, in place on the programme page.
    item = pair.program.items.exclude(status=PlanItem.Status.DONE).order_by("position").first()
    phone.locator("main").get_by_role("link", name=re.compile("^Моя программа")).first.click()
    phone.wait_for_load_state()
    shot(phone, 4, "programme")
    phone.locator(f"#item-{item.pk}").get_by_role("link", name="Изменить").click()
    form = phone.locator(f"#item-{item.pk} form")
    form.wait_for()
    form.get_by_label("Статус").select_option("done")
    form.get_by_label("Результат, подтверждение").fill("Проведено, отчёт у методиста")
    form.get_by_role("button", name="Сохранить").click()
    row = phone.locator(f"#item-{item.pk}.plan-row")
    row.wait_for()
    assert "Выполнено" in row.inner_text()
    shot(phone, 5, "plan-item-done")
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE

    # Log a meeting from the pair's page.
    phone.goto(phone.base_url + pair.get_absolute_url())
    shot(phone, 6, "pair")
    meetings = Meeting.objects.filter(mentorship=pair)
    before = meetings.count()
    phone.get_by_role("link", name="Записать встречу").click()
    phone.wait_for_load_state()
    phone.get_by_label("Дата").fill(timezone.localdate().isoformat())
    phone.get_by_label("Формат").select_option(label="Посещение урока")
    phone.get_by_label("Тема").fill("Первая встреча: знакомство и план на четверть")
    for checkbox in phone.locator("input[name=attendees]").all():
        checkbox.check()
    shot(phone, 7, "meeting-form")
    phone.get_by_role("button", name="Записать встречу").click()
    phone.wait_for_load_state()
    assert "Первая встреча: знакомство" in phone.locator("main").inner_text()
    shot(phone, 8, "meeting-logged")
    assert meetings.count() == before + 1
    assert meetings.filter(topic__startswith="Первая встреча").get().created_by == invitation.user

    # Answer a questionnaire by the personal link.
    survey = Survey.objects.get(organization=school, template_code="effectiveness_mentor_actual")
    campaign, links = surveys.campaign_create(
        survey=survey,
        data={
            "title": "Результат для наставников",
            "deadline": timezone.localdate() + timezone.timedelta(days=14),
            "moment": "actual",
        },
        audience={"kind": "mentorships", "mentorships": [pair.pk], "role": "mentor"},
        by=None,
        notify=False,
    )
    (survey_invitation, url), *_rest = links
    phone.goto(phone.base_url + url)
    phone.wait_for_load_state()
    shot(phone, 9, "survey")
    questions = list(campaign.version.questions.order_by("section__position", "position"))
    for question in questions:
        if question.kind == "scale":
            phone.locator(f"label[for=q{question.pk}-{min(8, question.scale_max)}]").click()
        elif question.kind == "yes_no":
            phone.locator(f"label[for=q{question.pk}-yes]").click()
        elif question.kind == "single":
            phone.locator(f"#o{question.options.first().pk}").check()
        else:
            phone.locator(f"#q{question.pk}").fill("Больше совместных уроков.")
    shot(phone, 10, "survey-filled")
    phone.get_by_role("button", name="Отправить ответы").click()
    phone.wait_for_load_state()
    assert "Спасибо! Ваши ответы отправлены." in phone.content()
    shot(phone, 11, "survey-sent")
    assert Response.objects.get(invitation=survey_invitation).answers.count() == len(questions)
