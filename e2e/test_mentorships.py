"""A methodist proposes a pair from the matching list and agrees it; the
mentor fills a plan item in their cabinet."""

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.factories import MentoringFormFactory, mentee_participant, mentor_participant
from mentoring.models import Mentorship, MentorshipStatus, PlanItem


def test_methodist_proposes_a_pair_and_the_mentor_fills_the_programme(page, cast):
    org = cast.school
    MentoringFormFactory(organization=org)
    mentor_participant(
        org,
        user=cast.mentor,
        last_name="Светлова",
        first_name="Анна",
        patronymic="Ильинична",
        subjects="Математика",
        competencies="Дисциплина в классе, формирующее оценивание",
        experience_years=14,
        position="Учитель математики",
    )
    mentor_participant(org, last_name="Историков", subjects="История", experience_years=25)
    mentee_participant(
        org,
        last_name="Ростов",
        first_name="Пётр",
        patronymic="Ильич",
        subjects="Математика",
        requests="Затруднения с дисциплиной на уроке и оцениванием",
    )

    login(page, "methodist", PASSWORD)
    page.get_by_role("link", name="Без наставника", exact=True).click()
    page.wait_for_load_state()
    assert "нуждается в психолого-педагогическом сопровождении" in page.content()
    page.get_by_role("link", name="Подобрать наставника: Ростов Пётр Ильич").click()
    page.wait_for_load_state()

    candidates = page.locator("li.candidate")
    assert "Светлова Анна Ильинична" in candidates.nth(0).inner_text()
    assert "Историков" in candidates.nth(1).inner_text()
    reasons = candidates.nth(0).locator("ul.criteria").inner_text()
    assert "Предмет: 35 — математика" in reasons
    assert "Запросы и компетенции:" in reasons and "совпадений нет" not in reasons
    screenshot(page, "mentorships-matching")

    page.get_by_role("button", name="Предложить наставника Светлова Анна Ильинична").click()
    page.wait_for_load_state()
    assert "Предложена пара: Светлова Анна Ильинична — Ростов Пётр Ильич" in page.content()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Светлова Анна Ильинична — Ростов Пётр Ильич"
    )
    page.get_by_role("button", name="Согласовать").click()
    page.wait_for_load_state()
    assert "Пара согласована" in page.locator(".messages").inner_text()
    assert "Согласована" in page.locator(".status-history").inner_text()
    screenshot(page, "mentorships-agreed")
    mentorship = Mentorship.objects.get()
    assert mentorship.status == MentorshipStatus.AGREED

    page.context.clear_cookies()
    login(page, "mentor", PASSWORD)
    page.get_by_role("link", name="Мои пары", exact=True).click()
    page.wait_for_load_state()
    screenshot(page, "mentorships-cabinet")
    page.get_by_role("link", name="Моя программа").first.click()
    page.wait_for_load_state()
    assert "Персонализированная программа наставничества" in page.content()

    item = mentorship.program.items.order_by("position").first()
    count = mentorship.program.items.count()
    assert page.locator("#program-progress .program-progress").inner_text() == "0%"
    row = page.locator(f"#item-{item.pk}")
    row.get_by_role("link", name="Изменить").click()
    form = page.locator(f"#item-{item.pk}.plan-row-edit form")
    form.get_by_label("Статус").select_option("done")
    form.get_by_label("Результат, подтверждение").fill(
        "Карта затруднений составлена, цели согласованы"
    )
    form.get_by_role("button", name="Сохранить").click()
    row = page.locator(f"#item-{item.pk}.plan-row")
    row.wait_for()
    assert "Выполнено" in row.inner_text()
    assert "Карта затруднений составлена" in row.inner_text()
    # "Выполнение" follows the inline edit without a reload (out-of-band swap).
    expected = f"{round(100 / count)}%"
    page.wait_for_function(
        "text => document.querySelector('#program-progress .program-progress')"
        ".textContent.trim() === text",
        arg=expected,
    )
    screenshot(page, "mentorships-programme-filled")

    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE
    assert item.result == "Карта затруднений составлена, цели согласованы"
