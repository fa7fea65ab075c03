"""Role journeys in Chromium, each from the login to the finished result, on
the demo data (``seed_demo``): the methodist, the director, the mentor (the
questionnaire on a phone), the municipal specialist and a public visitor.

Every step saves a numbered screenshot ``journey-<role>-NN-<step>.png`` to
``e2e/screenshots/``.
"""

import io
import re
import subprocess

import openpyxl
import pytest
from django.core.management import call_command

from e2e.conftest import login, screenshot
from mentoring import demo
from mentoring.models import (
    Consent,
    ConsentKind,
    Mentorship,
    MentorshipStatus,
    Order,
    OrderStatus,
    Organization,
    Participant,
)
from reports.spreadsheets import TOTAL_NOTES_LABEL

PASSWORD = demo.DEMO_PASSWORD
SCHOOL = "sosh-11"


@pytest.fixture
def seeded(live_server, settings):
    # The public section's cache must not outlive the test's database.
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "journeys",
        }
    }
    cache.clear()
    call_command("seed_demo", stdout=io.StringIO())
    return {org.slug: org for org in Organization.objects.all()}


def shot(page, role, number, step):
    return screenshot(page, f"journey-{role}-{number:02d}-{step}")


def go(page, name):
    """Follows a link of the side menu (or the first link with that name)."""
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()


def messages_text(page):
    return page.locator(".messages").inner_text()


def h1(page):
    return page.get_by_role("heading", level=1).inner_text()


# --- 1. methodist --------------------------------------------------------------------------

MENTOR = ("Журавлёва", "Ирина", "Аркадьевна")
MENTEES = [("Синицын", "Глеб", "Олегович"), ("Скворцова", "Вера", "Денисовна")]


def full(name):
    return " ".join(name)


def test_methodist_journey(page, seeded, tmp_path):
    role = "methodist"
    school = seeded[SCHOOL]
    login(page, "school.methodist", PASSWORD)
    assert h1(page).startswith("Здравствуйте")
    shot(page, role, 1, "home")

    # Import the staff from the Excel template.
    go(page, "Импорт участников")
    assert h1(page) == "Импорт участников из Excel"
    with page.expect_download() as info:
        page.get_by_role("link", name="Скачать шаблон (.xlsx)").click()
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    shot(page, role, 2, "import")

    workbook = openpyxl.load_workbook(template)
    sheet = workbook["Участники"]
    headers = [cell.value for cell in sheet[1]]

    def put(row, **values):
        for header, value in values.items():
            sheet.cell(row=row, column=headers.index(header) + 1, value=value)

    put(
        2,
        **{
            "Фамилия*": MENTOR[0],
            "Имя*": MENTOR[1],
            "Отчество": MENTOR[2],
            "Дата рождения": "14.02.1976",
            "Целевая группа*": "Педагогический работник",
            "Должность": "Учитель информатики",
            "Предметы": "Информатика",
            "Стаж (лет)": 24,
            "Квалификационная категория": "Высшая",
            "E-mail": "zhuravleva@example.org",
            "Наставник (да/нет)": "да",
            "Компетенции": "Проектирование уроков, цифровые образовательные ресурсы, "
            "дисциплина на уроке",
            "Может взять наставляемых": 2,
        },
    )
    for row, (last, first, patronymic) in enumerate(MENTEES, start=3):
        put(
            row,
            **{
                "Фамилия*": last,
                "Имя*": first,
                "Отчество": patronymic,
                "Дата рождения": f"0{row}.06.2001",
                "Целевая группа*": "Молодой специалист",
                "Должность": "Учитель информатики",
                "Предметы": "Информатика",
                "Стаж (лет)": 1,
                "Наставляемый (да/нет)": "да",
                "Запросы и затруднения": "Проектирование уроков, дисциплина на уроке",
            },
        )
    filled = tmp_path / "сотрудники.xlsx"
    workbook.save(filled)

    page.get_by_label("Файл со списком (.xlsx, .xls, .ods, .csv)").set_input_files(filled)
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/import/*/")
    assert page.locator("#summary-created").inner_text() == "3"
    assert page.locator("#summary-errors").inner_text() == "0"
    assert page.locator("#preview-table tbody tr").count() == 3
    shot(page, role, 3, "import-preview")
    page.get_by_role("button", name="Импортировать").click()
    page.wait_for_load_state()
    assert "Импортировано: создано 3, обновлено 0." in messages_text(page)
    shot(page, role, 4, "imported")
    people = {
        p.last_name: p
        for p in Participant.objects.filter(
            organization=school, last_name__in=[MENTOR[0]] + [m[0] for m in MENTEES]
        )
    }
    assert len(people) == 3

    # Collect the consents to processing from the list of those without one;
    # on the mentor's page also the consent to the additional duties, the
    # interview and the approval as a mentor.
    for number, name in enumerate([MENTOR, *MENTEES]):
        go(page, "Согласия")
        row = page.locator("tr", has_text=full(name))
        row.get_by_role("link", name="Внести согласие").click()
        page.wait_for_load_state()
        assert full(name) in page.locator("main").inner_text()
        page.get_by_label("Сам субъект персональных данных").check()
        if number == 0:
            shot(page, role, 5, "consent-form")
        page.get_by_role("button", name="Сохранить согласие").click()
        page.wait_for_load_state()
        assert "внесено" in messages_text(page)
        assert h1(page) == full(name)
        if number:
            continue

        page.get_by_role("button", name="Внести согласие").click()
        page.get_by_role("link", name="Наставника на дополнительные обязанности").click()
        page.wait_for_load_state()
        page.get_by_label("Сам субъект персональных данных").check()
        page.get_by_role("button", name="Сохранить согласие").click()
        page.wait_for_load_state()
        assert "внесено" in messages_text(page)
        shot(page, role, 6, "mentor-consents")

        page.get_by_role("link", name="Записать собеседование").click()
        page.wait_for_load_state()
        page.get_by_label("Итог").select_option(label="Рекомендован в наставники")
        page.get_by_label("Заметки").fill("Готова вести молодых учителей информатики.")
        page.get_by_role("button", name="Записать").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Утвердить наставником").click()
        page.wait_for_load_state()
        shot(page, role, 7, "mentor-approved")
    for person in people.values():
        assert Consent.objects.filter(participant=person, kind=ConsentKind.PROCESSING).exists()
    assert Consent.objects.filter(participant=people[MENTOR[0]], kind=ConsentKind.DUTIES).exists()
    mentor = people[MENTOR[0]]
    mentor.refresh_from_db()
    assert mentor.mentor_status == "approved"

    # Matching: the new mentee without a mentor.
    go(page, "Без наставника")
    page.get_by_label("ФИО").fill(MENTEES[0][0])
    page.get_by_role("button", name="Найти").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=f"Подобрать наставника: {full(MENTEES[0])}").click()
    page.wait_for_load_state()
    candidate = page.locator("li.candidate", has_text=full(MENTOR))
    reasons = candidate.locator("ul.criteria").inner_text()
    assert "Предмет: 35 — информатика" in reasons
    assert "Запросы и компетенции:" in reasons and "совпадений нет" not in reasons
    shot(page, role, 8, "matching")
    page.get_by_role("button", name=f"Предложить наставника {full(MENTOR)}").click()
    page.wait_for_load_state()
    assert f"Предложена пара: {full(MENTOR)} — {full(MENTEES[0])}" in page.content()
    page.get_by_role("button", name="Согласовать").click()
    page.wait_for_load_state()
    assert "Пара согласована" in messages_text(page)
    shot(page, role, 9, "pair-agreed")
    mentorship = Mentorship.objects.get(members__participant=mentor)
    assert mentorship.status == MentorshipStatus.AGREED

    # The pairing order.
    go(page, "Приказы")
    page.get_by_role("button", name="Новый приказ").click()
    page.locator(".dropdown-menu").get_by_role(
        "link", name="О закреплении наставнических пар (групп)"
    ).click()
    page.wait_for_load_state()
    page.get_by_label(full(MENTOR)).check()
    shot(page, role, 10, "order-draft")
    page.get_by_role("button", name="Сохранить проект").click()
    page.wait_for_load_state()
    assert "Проект приказа сохранён" in messages_text(page)
    page.get_by_role("button", name="Направить на утверждение").click()
    page.wait_for_load_state()
    assert "Приказ направлен директору на утверждение." in messages_text(page)
    appendix = page.locator("table", has=page.locator("th", has_text="Форма наставничества"))
    appendix_row = appendix.locator("tbody tr", has_text=full(MENTOR))
    assert full(MENTEES[0]) in appendix_row.inner_text()
    shot(page, role, 11, "order-submitted")

    order = Order.objects.get(mentorships=mentorship)
    assert order.status == OrderStatus.SUBMITTED
    assert order.organization == school
    assert order.has_mentorship_appendix
    assert list(order.mentorships.all()) == [mentorship]

    # The director approves the very order the methodist drafted, from the inbox.
    page.context.clear_cookies()
    login(page, "school.director", PASSWORD)
    go(page, "На утверждение")
    page.locator("main").get_by_role("link", name=order.title).first.click()
    page.wait_for_load_state()
    if full(MENTOR) not in page.locator("main").inner_text():
        # Two pairing orders wait in the inbox (the demo's and ours): open ours.
        page.goto(page.base_url + order.get_absolute_url())
    assert full(MENTOR) in page.locator("main").inner_text()
    page.get_by_label("С приказом и приложением ознакомлен(а)").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Утвердить", exact=True).click()
    page.wait_for_load_state()
    assert "Приказ утверждён" in messages_text(page)
    shot(page, role, 12, "approved-by-director")
    mentorship.refresh_from_db()
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED
    assert (mentorship.status, mentorship.order_id) == (MentorshipStatus.ACTIVE, order.pk)


# --- 2. director ---------------------------------------------------------------------------


def test_director_journey(page, seeded, tmp_path):
    role = "director"
    school = seeded[SCHOOL]
    order = Order.objects.get(organization=school, status=OrderStatus.SUBMITTED)
    pairs = list(order.mentorships.all())
    assert pairs and all(m.status == MentorshipStatus.AGREED for m in pairs)

    login(page, "school.director", PASSWORD)
    assert "приказы на утверждение" in page.locator("main").inner_text().lower()
    shot(page, role, 1, "home")

    # The inbox, the order, the approval.
    go(page, "На утверждение")
    assert h1(page) == "Приказы на утверждение"
    shot(page, role, 2, "inbox")
    page.locator("main").get_by_role("link", name=order.title, exact=True).click()
    page.wait_for_load_state()
    assert h1(page) == "Проект приказа"
    appendix = page.locator("table", has=page.locator("th", has_text="Форма наставничества"))
    for mentorship in pairs:
        for member in mentorship.members.all():
            assert member.participant.full_name in appendix.inner_text()
    shot(page, role, 3, "order")
    page.get_by_label("С приказом и приложением ознакомлен(а)").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Утвердить", exact=True).click()
    page.wait_for_load_state()
    approved = re.search(r"Приказ утверждён: № (\S+) от", messages_text(page))
    assert approved, messages_text(page)
    number = approved.group(1)
    assert h1(page).startswith(f"Приказ № {number} от")
    shot(page, role, 4, "approved")

    order.refresh_from_db()
    assert (order.status, order.number) == (OrderStatus.APPROVED, number)
    for mentorship in pairs:
        mentorship.refresh_from_db()
        assert (mentorship.status, mentorship.order_id) == (MentorshipStatus.ACTIVE, order.pk)

    # The dashboard: Chart.js draws every chart.
    go(page, "Сводка")
    assert h1(page) == "Сводка по программе наставничества"
    assert page.locator("canvas").count() >= 3
    page.wait_for_function(
        "window.dashboardCharts && Object.keys(window.dashboardCharts).length >= 3"
    )
    # Every chart of the page is drawn by Chart.js on its canvas.
    missing = page.evaluate(
        "Object.keys(window.dashboardCharts).filter(id => !Chart.getChart(id)"
        " || !(document.getElementById(id).width > 0))"
    )
    assert missing == []
    shot(page, role, 5, "dashboard")

    # The analytic report as PDF.
    go(page, "Отчёты")
    analytic = page.locator("form[action$='/reports/build/analytic/']")
    analytic.get_by_label("Формат").select_option("pdf")
    shot(page, role, 6, "reports")
    with page.expect_download() as info:
        analytic.get_by_role("button", name="Сформировать").click()
    download = info.value
    assert download.suggested_filename.startswith(f"analiticheskij-otchet-{SCHOOL}-")
    pdf = tmp_path / "report.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes()[:4] == b"%PDF"
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = " ".join(text.split())
    assert school.short_name in text or " ".join(school.name.split()) in text


# --- 3. mentor -----------------------------------------------------------------------------


def test_mentor_journey(page, phone_page, seeded):
    from django.utils import timezone

    from mentoring.models import Meeting, PlanItem
    from surveys import services as surveys
    from surveys.models import Response, Survey

    role = "mentor"
    school = seeded[SCHOOL]
    mentorship = Mentorship.objects.get(
        organization=school,
        status=MentorshipStatus.ACTIVE,
        members__participant__user__username="school.mentor",
    )
    program = mentorship.program
    progress_before = program.progress()
    item = program.items.exclude(status=PlanItem.Status.DONE).order_by("position").first()

    login(page, "school.mentor", PASSWORD)
    shot(page, role, 1, "home")
    go(page, "Мои пары")
    assert h1(page) == "Мой кабинет"
    shot(page, role, 2, "cabinet")
    page.locator("main").get_by_role("link", name="Моя программа").first.click()
    page.wait_for_load_state()
    assert "Персонализированная программа наставничества" in page.content()
    assert f"{progress_before}%" in page.locator("main").inner_text()

    # A plan item done, with its result, in place (htmx).
    row = page.locator(f"#item-{item.pk}")
    row.get_by_role("link", name="Изменить").click()
    form = page.locator(f"#item-{item.pk}.plan-row-edit form")
    form.get_by_label("Статус").select_option("done")
    form.get_by_label("Результат, подтверждение").fill(
        "Посещены два урока наставляемой, разобраны по схеме анализа"
    )
    shot(page, role, 3, "plan-item-form")
    form.get_by_role("button", name="Сохранить").click()
    row = page.locator(f"#item-{item.pk}.plan-row")
    row.wait_for()
    assert "Выполнено" in row.inner_text()
    assert "Посещены два урока наставляемой" in row.inner_text()
    shot(page, role, 4, "plan-item-done")
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE
    progress_after = program.progress()
    assert progress_after > progress_before

    # The meeting, from the pair's page.
    page.locator(".breadcrumb").get_by_role("link", name=mentorship_title(page)).click()
    page.wait_for_load_state()
    assert f"{progress_after}%" in page.locator("main").inner_text()
    page.get_by_role("link", name="Записать встречу").click()
    page.wait_for_load_state()
    today = timezone.localdate()
    page.get_by_label("Дата").fill(today.isoformat())
    page.get_by_label("Формат").select_option(label="Посещение урока")
    page.get_by_label("Тема").fill("Анализ урока информатики в 7 классе")
    page.get_by_label("Заметки").fill("Разобрали структуру урока и работу с классом.")
    for checkbox in page.locator("input[name=attendees]").all():
        checkbox.check()
    shot(page, role, 5, "meeting-form")
    page.get_by_role("button", name="Записать встречу").click()
    page.wait_for_load_state()
    assert "Анализ урока информатики в 7 классе" in page.locator("main").inner_text()
    shot(page, role, 6, "meeting-logged")
    meeting = Meeting.objects.get(
        mentorship=mentorship, topic="Анализ урока информатики в 7 классе"
    )
    assert meeting.held_on == today and meeting.format == Meeting.Format.LESSON
    assert meeting.attendees.count() == mentorship.members.count()

    # The methodist sends the effectiveness questionnaire; the mentor opens
    # the personal link on a phone.
    mentor = mentorship.members.get(participant__user__username="school.mentor").participant
    survey = Survey.objects.get(organization=school, template_code="effectiveness_mentor_actual")
    campaign, links = surveys.campaign_create(
        survey=survey,
        data={
            "title": "Результат для наставников",
            "deadline": today + timezone.timedelta(days=14),
            "moment": "actual",
        },
        audience={"kind": "mentorships", "mentorships": [mentorship.pk], "role": "mentor"},
        by=None,
        notify=False,
    )
    (invitation, url), *others = links
    assert not others and invitation.participant_id == mentor.pk

    phone = phone_page
    phone.goto(phone.base_url + url)
    phone.wait_for_load_state()
    assert survey.title in phone.content()
    shot(phone, role, 7, "phone-survey")
    questions = list(campaign.version.questions.order_by("section__position", "position"))
    for number, question in enumerate(questions):
        if question.kind == "scale":
            phone.locator(
                f"label[for=q{question.pk}-{min(7 + number % 3, question.scale_max)}]"
            ).click()
        elif question.kind == "yes_no":
            phone.locator(f"label[for=q{question.pk}-yes]").click()
        elif question.kind == "single":
            phone.locator(f"#o{question.options.first().pk}").check()
        else:
            phone.locator(f"#q{question.pk}").fill("Больше совместных посещений уроков.")
    shot(phone, role, 8, "phone-survey-filled")
    phone.get_by_role("button", name="Отправить ответы").click()
    phone.wait_for_load_state()
    assert "Спасибо! Ваши ответы отправлены." in phone.content()
    shot(phone, role, 9, "phone-thanks")

    response = Response.objects.get(invitation=invitation)
    assert response.status == "submitted" and response.submitted_at is not None
    assert response.answers.count() == len(questions)


def mentorship_title(page):
    return page.locator(".breadcrumb li").nth(-2).inner_text().strip()


# --- 4. municipal specialist ---------------------------------------------------------------


def test_municipal_specialist_journey(page, seeded, tmp_path):
    role = "specialist"
    department = seeded[demo.DEPARTMENT["slug"]]
    children = list(Organization.objects.filter(parent=department).order_by("short_name"))
    # Three schools with their banks and the second school of the head pair.
    assert len(children) == 4
    counts = {o.short_name: Participant.objects.filter(organization=o).count() for o in children}

    login(page, "do.specialist", PASSWORD)
    shot(page, role, 1, "home")
    go(page, "Мониторинг")
    assert h1(page) == "Мониторинг наставничества по организациям"
    table = page.locator("main table").first
    # A header ends with the "?" link to its definition (mentoring.indicators).
    # Long headings carry soft hyphens (report_tags.soft_hyphens).
    headers = [
        h.replace("\xad", "").strip().removesuffix("?").strip()
        for h in table.locator("thead th").all_inner_texts()
    ]
    participants = headers.index("Участников")
    for org in children:
        cells = table.locator("tbody tr", has_text=org.short_name).first.locator("th, td")
        values = cells.all_inner_texts()
        assert values[0].strip() == org.short_name
        assert values[participants].strip() == str(counts[org.short_name])
        assert all(v.strip() for v in values[1:])
    shot(page, role, 2, "monitoring")

    go(page, "Отчёты")
    shot(page, role, 3, "reports")
    with page.expect_download() as info:
        page.get_by_role("button", name="Сформировать XLSX").click()
    path = tmp_path / "monitoring.xlsx"
    info.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["№", "Организация", "Участников"]
    by_org = [r for r in rows[1:] if r[0] is not None]
    assert [r[1] for r in by_org] == [o.short_name for o in children]
    assert {r[1]: r[2] for r in by_org} == counts
    # The total, then (where a school has no headcount, as the demo's almost
    # empty one) the row noting over which organisations coverage is totalled.
    names = [r[1] for r in rows[1:] if r[0] is None]
    assert names[0] == "Итого" and set(names[1:]) <= {TOTAL_NOTES_LABEL}
    total = next(r for r in rows if r[1] == "Итого")
    assert total[2] == sum(counts.values())


# --- 5. public visitor ---------------------------------------------------------------------


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_public_visitor_journey(page, seeded):
    from django.core.files.base import ContentFile

    from mentoring.models import News

    role = "public"
    school = seeded[SCHOOL]
    # The methodist illustrated the latest news item.
    news = News.objects.published().filter(organization=school).order_by("-pk").first()
    news.picture.save("session.png", ContentFile(png_bytes()))
    news.picture_alt = "Участники установочной сессии"
    news.save()
    applicants_before = Participant.objects.filter(organization=school).count()

    page.goto(page.base_url + f"/o/{SCHOOL}/nastavnichestvo/")
    page.wait_for_load_state()
    assert h1(page) == "Программа наставничества"
    assert news.title in page.locator("main").inner_text()
    shot(page, role, 1, "about")
    picture = page.get_by_role("img", name="Участники установочной сессии")

    menu = page.get_by_role("navigation", name="Разделы «Наставничества»")
    number = 2
    for name, check, step in [
        ("Новости", news.title, "news"),
        ("Лучшие практики", "Лучшие практики наставничества", "practices"),
        ("Доска почёта", "Доска почёта наставников", "honour-board"),
    ]:
        menu.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        assert check in page.locator("main").inner_text()
        if name == "Новости":
            assert picture.is_visible()
            assert page.evaluate("document.querySelector('img.public-picture').naturalWidth") > 0
        shot(page, role, number, step)
        number += 1

    # The version for the visually impaired, then back.
    page.get_by_role("link", name="Версия для слабовидящих").click()
    page.wait_for_load_state()
    assert page.url.endswith("/doska-pochyota/")
    assert "vi-mode" in (page.locator("body").get_attribute("class") or "")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 22
    menu.get_by_role("link", name="Новости", exact=True).click()
    page.wait_for_load_state()
    assert "vi-mode" in (page.locator("body").get_attribute("class") or "")
    assert news.title in page.locator("main").inner_text()
    visible_images = page.evaluate(
        "Array.from(document.querySelectorAll('img')).filter(i => i.offsetParent !== null).length"
    )
    assert visible_images == 0
    shot(page, role, number, "vi-news")
    number += 1
    page.get_by_role("link", name="Обычная версия сайта").click()
    page.wait_for_load_state()
    assert "vi-mode" not in (page.locator("body").get_attribute("class") or "")
    assert picture.is_visible()

    # The application.
    menu.get_by_role("link", name="Стать наставником", exact=True).click()
    page.wait_for_load_state()
    page.get_by_label("Фамилия").fill("Гончарова")
    page.locator("#id_first_name").fill("Мария")
    page.get_by_label("Отчество").fill("Львовна")
    page.get_by_label("Электронная почта").fill("goncharova@example.org")
    page.get_by_label("Телефон").fill("+7 900 123-45-67")
    page.get_by_label("Педагог этой организации").check()
    page.get_by_label("Должность").fill("Учитель химии")
    page.get_by_label("Стаж работы, полных лет").fill("18")
    page.get_by_label("Предметы или направления").fill("Химия, биология")
    page.get_by_label("В чём вы можете помочь: ваши компетенции").fill(
        "Подготовка к олимпиадам, лабораторный практикум"
    )
    page.get_by_label("Почему вы хотите стать наставником").fill("Хочу помогать молодым коллегам.")
    page.get_by_label(re.compile("Я даю согласие на обработку")).check()
    shot(page, role, number, "apply-form")
    number += 1
    page.get_by_role("button", name="Отправить заявку").click()
    page.wait_for_load_state()
    assert page.url.endswith("?sent=1")
    assert h1(page) == "Спасибо! Заявка отправлена"
    shot(page, role, number, "apply-sent")

    applicant = Participant.objects.get(organization=school, last_name="Гончарова")
    assert Participant.objects.filter(organization=school).count() == applicants_before + 1
    assert (applicant.is_mentor, applicant.mentor_status) == (True, "potential")
    consent = Consent.objects.get(participant=applicant, kind=ConsentKind.PROCESSING)
    assert consent.method == Consent.Method.ELECTRONIC
