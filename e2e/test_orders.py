"""The methodist drafts a pairing order in the browser; the director
approves it from the inbox."""

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.models import MentoringForm, MentorshipStatus, Order, OrderStatus
from mentoring.tests.test_orders import agreed_pair


def messages_text(page):
    return page.locator(".messages").inner_text()


def test_methodist_drafts_a_pairing_order_and_the_director_approves_it(page, cast):
    form = MentoringForm.objects.create(organization=cast.school, name="Педагог – педагог")
    pair = agreed_pair(cast, form, "Соколова", "Белов")

    login(page, "methodist", PASSWORD)
    page.get_by_role("link", name="Приказы", exact=True).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Приказы"
    page.get_by_role("button", name="Новый приказ").click()
    page.get_by_role("link", name="О закреплении наставнических пар (групп)").click()
    page.wait_for_load_state()
    assert page.locator("#id_title").input_value() == "О закреплении наставнических пар (групп)"

    page.get_by_role("button", name="+ Добавить пункт").click()
    page.get_by_label("Пункт 5", exact=True).fill("Методисту составить график встреч пар.")
    page.get_by_label("Соколова Анна Ивановна").check()
    screenshot(page, "orders-new-pairing")
    page.get_by_role("button", name="Сохранить проект").click()
    page.wait_for_load_state()
    assert "Проект приказа сохранён" in messages_text(page)

    page.get_by_role("button", name="Направить на утверждение").click()
    page.wait_for_load_state()
    assert "Приказ направлен директору на утверждение." in messages_text(page)
    screenshot(page, "orders-submitted")
    order = Order.objects.get()
    assert order.status == OrderStatus.SUBMITTED
    assert order.points[-1] == "Методисту составить график встреч пар."

    page.locator("#userMenu").click()
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_load_state()

    login(page, "director", PASSWORD)
    assert "Приказы на утверждение" in page.content()
    screenshot(page, "orders-director-home")
    page.get_by_role("link", name="На утверждение").first.click()
    page.wait_for_load_state()
    assert order.title in page.locator("main").inner_text()
    screenshot(page, "orders-inbox")
    # No one-click approval in the inbox: open the order, tick, confirm.
    page.get_by_role("link", name="Открыть и утвердить").first.click()
    page.wait_for_load_state()
    page.get_by_label("С приказом и приложением ознакомлен(а)").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Утвердить", exact=True).click()
    page.wait_for_load_state()
    assert "Приказ утверждён: № 1-о от" in messages_text(page)
    page.goto(page.url.split("/orders/")[0] + "/orders/inbox/")
    assert "Нет приказов, ожидающих решения." in page.content()

    page.get_by_role("link", name="Приказы", exact=True).first.click()
    page.wait_for_load_state()
    assert "1-о" in page.locator("table").inner_text()
    screenshot(page, "orders-register")
    page.get_by_role("link", name=order.title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Приказ № 1-о от")
    screenshot(page, "orders-approved")

    order.refresh_from_db()
    pair.refresh_from_db()
    assert order.status == OrderStatus.APPROVED
    assert (pair.status, pair.order_id) == (MentorshipStatus.ACTIVE, order.pk)
