"""A pair goes into one open order at a time; the director gets wording
meant for the director."""

import pytest
from django.core.exceptions import ValidationError

from mentoring.models import MentoringForm, Order, OrderKind, OrderStatus
from mentoring.tests.test_orders import (
    agreed_pair,
    confirm,
    draft,
    page_text,
    post_data,
    submitted,
)


@pytest.fixture
def form(cast):
    return MentoringForm.objects.create(organization=cast.school, name="Педагог – педагог")


def test_same_pair_cannot_go_into_a_second_open_order(cast, client_for, form):
    pair = agreed_pair(cast, form, "Соколова", "Белов")
    first = draft(cast, OrderKind.PAIRING, mentorships=[pair])
    with pytest.raises(ValidationError) as caught:
        draft(cast, OrderKind.PAIRING, mentorships=[pair])
    assert f"уже включена в другой приказ «{first.title}» (черновик)" in caught.value.messages[0]
    assert Order.objects.count() == 1


def test_methodist_sees_the_clash_in_the_form(cast, client_for, form):
    pair = agreed_pair(cast, form, "Соколова", "Белов")
    submitted(cast, OrderKind.PAIRING, mentorships=[pair])
    client = client_for(cast.methodist)
    response = client.post("/orders/new/pairing/", post_data(mentorships=[pair]), follow=True)
    assert "уже включена в другой приказ" in page_text(response)
    assert Order.objects.count() == 1


def test_pair_of_an_approved_order_may_go_into_a_change_order(cast, form):
    from mentoring.services.orders import order_approve

    pair = agreed_pair(cast, form, "Соколова", "Белов")
    order = submitted(cast, OrderKind.PAIRING, mentorships=[pair])
    order_approve(order=order, by=cast.director)
    change = draft(cast, OrderKind.CHANGE, mentorships=[pair])
    assert change.mentorships.count() == 1


def test_director_gets_director_wording_when_the_appendix_went_stale(cast, client_for, form):
    pair = agreed_pair(cast, form, "Соколова", "Белов")
    order = submitted(cast, OrderKind.PAIRING, mentorships=[pair])
    # The pair was ended after the order was submitted.
    type(pair).objects.filter(pk=pair.pk).update(status="terminated")
    response = client_for(cast.director).post(
        f"/orders/{order.pk}/approve/", confirm(order), follow=True
    )
    text = page_text(response)
    assert "Верните его на доработку с комментарием" in text
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_inbox_offers_no_one_click_approval(cast, client_for):
    order = submitted(cast, OrderKind.REGULATION)
    inbox = client_for(cast.director).get("/orders/inbox/")
    assert f"/orders/{order.pk}/approve/" not in inbox.text
    assert "Открыть и утвердить" in inbox.text
    page = client_for(cast.director).get(f"/orders/{order.pk}/")
    assert (
        'name="confirmed"' in page.text and f'name="version" value="{order.version}"' in page.text
    )


def test_approval_without_confirmation_or_on_a_stale_version_changes_nothing(cast, client_for):
    order = submitted(cast, OrderKind.REGULATION)
    client = client_for(cast.director)
    response = client.post(f"/orders/{order.pk}/approve/", {"next": "inbox"}, follow=True)
    assert "Приказ не утверждён: откройте его" in page_text(response)
    client.post(f"/orders/{order.pk}/approve/", {"confirmed": "1", "version": order.version - 1})
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED and order.number == ""
    client.post(f"/orders/{order.pk}/approve/", confirm(order))
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED


def test_pair_of_another_open_order_is_offered_disabled_with_that_orders_number(
    cast, client_for, form
):
    busy = agreed_pair(cast, form, "Соколова", "Белов")
    free = agreed_pair(cast, form, "Петрова", "Орлов")
    other = submitted(cast, OrderKind.PAIRING, mentorships=[busy])
    client = client_for(cast.methodist)
    text = page_text(client.get("/orders/new/pairing/"))
    assert f'value="{busy.pk}" id="m-{busy.pk}" disabled' in text
    assert f'value="{free.pk}" id="m-{free.pk}">' in text
    assert f"Уже в проекте приказа № {other.pk}" in text
    response = client.post("/orders/new/pairing/", post_data(mentorships=[busy, free]))
    assert response.status_code == 200
    assert f"уже включена в другой приказ — проект приказа № {other.pk}" in page_text(response)
    assert Order.objects.count() == 1
    assert list(other.mentorships.all()) == [busy]
