"""The mentor's and the mentee's work on a 390×844 phone in Chromium, on the demo
data: every link, button and field of the page lies inside the screen (reachable
without sideways scrolling) on each step — the home page, the programme (plan
items as cards), the inline edit of a plan item, the pair's page, logging a
meeting and answering a questionnaire. Screenshots: ``phone-<role>-NN-<step>.png``.
"""

import pytest
from django.utils import timezone

from e2e.conftest import login, screenshot
from e2e.test_journeys import PASSWORD, SCHOOL, seeded  # noqa: F401 - the fixture
from mentoring.models import Meeting, Mentorship, MentorshipStatus, PlanItem

# Controls whose box leaves the screen horizontally (visible ones only).
OFF_SCREEN = """() => {
  const w = window.innerWidth;
  const out = [];
  const sel = 'main a[href], main button, main input:not([type=hidden]), '
            + 'main select, main textarea';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    const hidden = r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden';
    if (!hidden && (r.left < -1 || r.right > w + 1)) {
      out.push((el.innerText || el.name || el.id || el.tagName).trim().slice(0, 40)
               + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
    }
  }
  return out;
}"""


def assert_fits(page, step):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (step, width)
    assert page.evaluate(OFF_SCREEN) == [], step


def shot(page, role, number, step):
    assert_fits(page, step)
    return screenshot(page, f"phone-{role}-{number:02d}-{step}")


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base_url = live_server.url
    yield page
    context.close()


def test_mentor_works_on_a_phone(phone, seeded):  # noqa: F811
    from surveys import services as surveys
    from surveys.models import Response, Survey

    role = "mentor"
    school = seeded[SCHOOL]
    mentorship = Mentorship.objects.get(
        organization=school,
        status=MentorshipStatus.ACTIVE,
        members__participant__user__username="school.mentor",
    )
    items = list(mentorship.program.items.order_by("position"))
    item = next(i for i in items if i.status != PlanItem.Status.DONE)

    login(phone, "school.mentor", PASSWORD)
    shot(phone, role, 1, "home")
    phone.locator("main").get_by_role("link", name="Моя программа").first.click()
    phone.wait_for_load_state()
    assert "План мероприятий" in phone.locator("main").inner_text()
    shot(phone, role, 2, "programme")
    # Every plan item is a card with its status and its "Изменить" on screen.
    for plan_item in items:
        row = phone.locator(f"#item-{plan_item.pk}")
        assert plan_item.get_status_display() in row.inner_text()
        button = row.get_by_role("link", name="Изменить")
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (plan_item.title, box)

    phone.locator(f"#item-{item.pk}").get_by_role("link", name="Изменить").click()
    form = phone.locator(f"#item-{item.pk}.plan-row-edit form")
    form.wait_for()
    form.get_by_label("Статус").select_option("done")
    form.get_by_label("Результат, подтверждение").fill("Проведено, протокол у методиста")
    # The form opens in place, inside the screen.
    form.get_by_role("button", name="Сохранить").scroll_into_view_if_needed()
    shot(phone, role, 3, "plan-item-form")
    form.get_by_role("button", name="Сохранить").click()
    row = phone.locator(f"#item-{item.pk}.plan-row")
    row.wait_for()
    assert "Выполнено" in row.inner_text()
    shot(phone, role, 4, "plan-item-done")
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE
    # "Выполнение" follows the edit without a reload.
    progress = f"{mentorship.program.progress()}%"
    phone.locator("#program-progress .program-progress").filter(has_text=progress).wait_for()

    # A meeting, from the pair's page.
    phone.goto(phone.base_url + mentorship.get_absolute_url())
    shot(phone, role, 5, "pair")
    phone.get_by_role("link", name="Записать встречу").click()
    phone.wait_for_load_state()
    today = timezone.localdate()
    phone.get_by_label("Дата").fill(today.isoformat())
    phone.get_by_label("Формат").select_option(label="Посещение урока")
    phone.get_by_label("Тема").fill("Разбор урока геометрии в 8 классе")
    for checkbox in phone.locator("input[name=attendees]").all():
        checkbox.check()
    shot(phone, role, 6, "meeting-form")
    phone.get_by_role("button", name="Записать встречу").click()
    phone.wait_for_load_state()
    assert "Разбор урока геометрии в 8 классе" in phone.locator("main").inner_text()
    shot(phone, role, 7, "meeting-logged")
    assert Meeting.objects.filter(mentorship=mentorship, topic__startswith="Разбор урока").count()

    # The questionnaire by the personal link.
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
    (invitation, url), *_others = links
    phone.goto(phone.base_url + url)
    phone.wait_for_load_state()
    shot(phone, role, 8, "survey")
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
    shot(phone, role, 9, "survey-filled")
    phone.get_by_role("button", name="Отправить ответы").click()
    phone.wait_for_load_state()
    assert "Спасибо! Ваши ответы отправлены." in phone.content()
    shot(phone, role, 10, "survey-sent")
    assert Response.objects.get(invitation=invitation).answers.count() == len(questions)


def test_mentee_pages_fit_a_phone(phone, seeded):  # noqa: F811
    role = "mentee"
    login(phone, "school.mentee", PASSWORD)
    shot(phone, role, 1, "home")
    phone.locator("main").get_by_role("link", name="Моя программа").first.click()
    phone.wait_for_load_state()
    assert "План мероприятий" in phone.locator("main").inner_text()
    shot(phone, role, 2, "programme")
    phone.locator(".breadcrumb li a").nth(-1).click()
    phone.wait_for_load_state()
    shot(phone, role, 3, "pair")


def test_director_approves_an_order_on_a_phone(phone, seeded):  # noqa: F811
    """Inbox → the order (its appendix) → approve, with the confirmation step if
    the page asks for one (a checkbox to tick, a second button)."""
    import re

    from mentoring.models import Order, OrderStatus

    role = "director"
    school = seeded[SCHOOL]
    order = Order.objects.get(organization=school, status=OrderStatus.SUBMITTED)
    # The approval asks «Утвердить приказ …?» in a dialog: the director agrees.
    phone.on("dialog", lambda dialog: dialog.accept())
    login(phone, "school.director", PASSWORD)
    shot(phone, role, 1, "home")
    phone.goto(phone.base_url + "/orders/inbox/")
    shot(phone, role, 2, "inbox")
    phone.locator("main").get_by_role("link", name=order.title).first.click()
    phone.wait_for_load_state()
    shot(phone, role, 3, "order")
    phone.locator("main").get_by_role("button", name=re.compile("^Утвердить")).first.click()
    phone.wait_for_load_state()
    order.refresh_from_db()
    if order.status != OrderStatus.APPROVED:
        # A confirmation step: tick what it asks and confirm.
        shot(phone, role, 4, "confirm")
        for box in phone.locator("main input[type=checkbox]").all():
            box.check()
        phone.locator("main").get_by_role(
            "button", name=re.compile("Утвердить|Подтвердить")
        ).last.click()
        phone.wait_for_load_state()
        order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED
    assert "Приказ утверждён" in phone.locator("main").inner_text()
    shot(phone, role, 5, "approved")


def test_a_long_organisation_name_does_not_widen_the_phone_header(seeded, phone_page):  # noqa: F811
    """QA: with the college («ГБПОУ «Музыкальный колледж»») every page was
    458 px wide at 390: the header's organisation switcher did not shrink
    (the rule for it matched only a first menu item, but the search link
    comes first), pushing the bell and the user menu off the screen."""
    login(phone_page, "college.methodist", PASSWORD)
    for path in ("/", "/mentorships/attention/", "/documents/agreements/"):
        phone_page.goto(phone_page.base_url + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    screenshot(phone_page, "phone-college-header")
