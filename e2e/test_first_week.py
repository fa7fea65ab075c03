"""The methodist's first week in Chromium, on the demo data: a list of 30
new staff imported from an XLSX built here (upload → preview → confirm),
the processing consents recorded in bulk for the imported people from the
banks, the mentors invited in bulk, one mentee paired with one mentor, and
the pairing order drafted and sent to the director. The database is checked
after every step; screenshots ``first-week-NN-<step>.png``."""

import re

import openpyxl
from django.core import mail
from django.utils import timezone

from e2e.conftest import login, screenshot
from e2e.test_journeys import PASSWORD, SCHOOL, h1, messages_text, seeded  # noqa: F401
from mentoring.models import (
    Consent,
    ConsentKind,
    Invitation,
    Mentorship,
    MentorshipStatus,
    Order,
    OrderStatus,
    Participant,
)
from mentoring.services.imports import COLUMNS

SUBJECT = "Робототехника"  # only the imported people teach it: the banks filter on it
MENTORS = [
    ("Архипова", "Нина"),
    ("Борисов", "Олег"),
    ("Васильева", "Анна"),
    ("Гаврилов", "Илья"),
    ("Денисова", "Мария"),
    ("Ершов", "Павел"),
    ("Жукова", "Елена"),
    ("Зайцев", "Роман"),
    ("Игнатьева", "Ольга"),
    ("Козлов", "Сергей"),
]
MENTEES = [(f"Новикова-{n:02d}", "Дарья") for n in range(1, 21)]


def build_xlsx(path):
    """The import template's sheet with 10 mentors and 20 young specialists."""
    headers = [c.header for c in COLUMNS]
    keys = [c.key for c in COLUMNS]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Участники"
    sheet.append(headers)

    def add(**values):
        sheet.append([values.get(key) for key in keys])

    for number, (last, first) in enumerate(MENTORS, start=1):
        add(
            last_name=last,
            first_name=first,
            patronymic="Викторовна" if last.endswith("а") else "Викторович",
            birth_date=f"{number:02d}.03.1978",
            target_group="Педагогический работник",
            position="Учитель технологии",
            subjects=SUBJECT,
            experience_years=20,
            email=f"mentor{number}@example.org",
            is_mentor="да",
            competencies="Проектирование уроков, робототехника, олимпиадная подготовка",
            capacity=2,
        )
    for number, (last, first) in enumerate(MENTEES, start=1):
        add(
            last_name=last,
            first_name=first,
            patronymic="Андреевна",
            birth_date=f"{number:02d}.06.2001",
            target_group="Молодой специалист",
            position="Учитель технологии",
            subjects=SUBJECT,
            experience_years=1,
            is_mentee="да",
            requests="Проектирование уроков, робототехника",
        )
    book.save(path)
    return path


def shot(page, number, step):
    return screenshot(page, f"first-week-{number:02d}-{step}")


def tick_all_and_run(page, action_label):
    page.locator("#bulk-all").check()
    page.locator("#bulk-action").select_option(label=action_label)
    page.get_by_role("button", name="Выполнить").click()
    page.wait_for_load_state()


def test_methodist_first_week(page, seeded, tmp_path):  # noqa: F811
    school = seeded[SCHOOL]
    imported = Participant.objects.filter(organization=school, subjects=SUBJECT)
    login(page, "school.methodist", PASSWORD)

    # 1. Import: upload → preview → confirm.
    page.goto(page.base_url + "/import/")
    assert h1(page) == "Импорт участников из Excel"
    xlsx = build_xlsx(tmp_path / "новые сотрудники.xlsx")
    page.get_by_label("Файл со списком (.xlsx, .xls, .ods, .csv)").set_input_files(xlsx)
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/import/*/")
    assert page.locator("#summary-created").inner_text() == "30"
    assert page.locator("#summary-errors").inner_text() == "0"
    assert imported.count() == 0  # the preview writes nothing
    shot(page, 1, "import-preview")
    page.get_by_role("button", name="Импортировать").click()
    page.wait_for_load_state()
    assert "Импортировано: создано 30, обновлено 0." in messages_text(page)
    shot(page, 2, "imported")
    assert imported.count() == 30
    assert imported.filter(is_mentor=True).count() == 10
    assert imported.filter(is_mentee=True).count() == 20

    # 2. Processing consents in bulk: the mentees' bank, then the mentors'.
    for side, count, number in (("mentees", 20, 3), ("mentors", 10, 4)):
        page.goto(page.base_url + f"/bank/{side}/?subject={SUBJECT}")
        assert page.locator("input[name=selected]").count() == count
        page.locator("#bulk-all").check()
        page.locator("#bulk-action").select_option("consents")
        page.locator("#bulk-given_on").fill(timezone.localdate().isoformat())
        page.locator("#bulk-text").select_option(index=1)
        shot(page, number, f"bank-{side}-consents")
        page.get_by_role("button", name="Выполнить").click()
        page.wait_for_load_state()
        assert f"Согласий внесено: {count}." in messages_text(page), messages_text(page)
    with_consent = imported.with_valid_consent(ConsentKind.PROCESSING, timezone.localdate())
    assert with_consent.count() == 30
    assert Consent.objects.filter(participant__in=imported).count() == 30

    # 3. The mentors invited in bulk: one e-mail each with a one-time link.
    mail.outbox.clear()
    page.goto(page.base_url + f"/bank/mentors/?subject={SUBJECT}")
    tick_all_and_run(page, "Пригласить в систему")
    assert "Приглашений: 10 (по почте — 10" in messages_text(page), messages_text(page)
    shot(page, 5, "mentors-invited")
    invitations = Invitation.objects.filter(participant__in=imported)
    assert invitations.count() == 10
    assert {i.email for i in invitations} == {f"mentor{n}@example.org" for n in range(1, 11)}
    assert len([m for m in mail.outbox if "/accounts/invite/" in m.body]) == 10

    # 4. A pair: the mentor's card (duties consent, interview, approval),
    # then the matching page for the first mentee.
    mentor = imported.get(last_name=MENTORS[0][0])
    mentee = imported.get(last_name=MENTEES[0][0])
    page.goto(page.base_url + mentor.get_absolute_url())
    page.get_by_role("button", name="Внести согласие").click()
    page.get_by_role("link", name="Наставника на дополнительные обязанности").click()
    page.wait_for_load_state()
    page.get_by_label("Сам субъект персональных данных").check()
    page.get_by_role("button", name="Сохранить согласие").click()
    page.wait_for_load_state()
    assert "внесено" in messages_text(page)
    page.get_by_role("link", name="Записать собеседование").click()
    page.wait_for_load_state()
    page.get_by_label("Итог").select_option(label="Рекомендован в наставники")
    page.get_by_role("button", name="Записать").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Утвердить наставником").click()
    page.wait_for_load_state()
    mentor.refresh_from_db()
    assert mentor.mentor_status == "approved"
    assert Consent.objects.filter(participant=mentor, kind=ConsentKind.DUTIES).exists()
    shot(page, 6, "mentor-approved")

    page.goto(page.base_url + "/mentorships/without-mentor/")
    page.get_by_label("ФИО").fill(mentee.last_name)
    page.get_by_role("button", name="Найти").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=f"Подобрать наставника: {mentee.full_name}").click()
    page.wait_for_load_state()
    page.get_by_role("button", name=f"Предложить наставника {mentor.full_name}").click()
    page.wait_for_load_state()
    assert f"Предложена пара: {mentor.full_name} — {mentee.full_name}" in page.content()
    page.get_by_role("button", name="Согласовать").click()
    page.wait_for_load_state()
    assert "Пара согласована" in messages_text(page)
    shot(page, 7, "pair-agreed")
    pair = Mentorship.objects.get(members__participant=mentee)
    assert pair.status == MentorshipStatus.AGREED
    assert pair.lead_mentor == mentor

    # 5. The pairing order with that pair, sent to the director.
    page.goto(page.base_url + "/orders/")
    page.get_by_role("button", name="Новый приказ").click()
    page.locator(".dropdown-menu").get_by_role(
        "link", name="О закреплении наставнических пар (групп)"
    ).click()
    page.wait_for_load_state()
    page.get_by_label(mentor.full_name).check()
    shot(page, 8, "order-draft")
    page.get_by_role("button", name="Сохранить проект").click()
    page.wait_for_load_state()
    assert "Проект приказа сохранён" in messages_text(page)
    page.get_by_role("button", name="Направить на утверждение").click()
    page.wait_for_load_state()
    assert "Приказ направлен директору на утверждение." in messages_text(page)
    shot(page, 9, "order-submitted")
    order = Order.objects.get(mentorships=pair)
    assert order.status == OrderStatus.SUBMITTED
    assert list(order.mentorships.all()) == [pair]
    assert re.search(r"/orders/\d+/", page.url)
