"""The department's orders print as the department's (issue 17 retest):
one signature line for the page and the PDF (the signer's post from their
membership, else the post of the head of such an organisation); a head-pair
order carries the department's own texts, its title as the page's heading,
and acquaints everyone it names; the head-pair page links the orders."""

import pytest

from mentoring.department_pairs import HEAD_PAIR_ORDER, head_pair_order_draft
from mentoring.factories import MembershipFactory, UserFactory
from mentoring.models import Order, OrderStatus, Role
from mentoring.orderprint import signature_of
from mentoring.services.orders import order_create, order_defaults

from .test_department_orders import head_pair
from .test_orders import confirm, page_text, pdf_text


def _head(cast, position=""):
    user = UserFactory(
        username="do_head", last_name="Лебедев", first_name="Андрей", patronymic="Петрович"
    )
    MembershipFactory(
        user=user, organization=cast.department, role=Role.DIRECTOR, position=position
    )
    return user


def _signature_row(text):
    """The page's signature line: the post, then the name."""
    return text.split("ПРИКАЗЫВАЮ")[1].split("</ol>")[1][:300]


@pytest.mark.parametrize(
    ("position", "printed"),
    [
        ("Начальник департамента образования", "Начальник департамента образования"),
        ("", "Руководитель"),
    ],
)
def test_the_departments_order_is_signed_alike_on_the_page_and_in_the_pdf(
    cast, client_for, position, printed
):
    _head(cast, position)
    order = order_create(
        organization=cast.department,
        kind="regulation",
        data=order_defaults("regulation"),
        by=cast.specialist,
    )
    assert signature_of(order) == {"position": printed, "name": "А. П. Лебедев"}
    client = client_for(cast.specialist)
    row = _signature_row(page_text(client.get(f"/orders/{order.pk}/")))
    assert printed in row and "А. П. Лебедев" in row
    assert "Директор" not in row
    # The post may wrap in its column: compare words.
    pdf = " ".join(pdf_text(client.get(f"/orders/{order.pk}/order.pdf").content).split())
    assert printed in pdf and "Директор" not in pdf


def test_a_schools_order_keeps_the_directors_post(cast):
    order = order_create(
        organization=cast.school,
        kind="regulation",
        data=order_defaults("regulation"),
        by=cast.methodist,
    )
    assert signature_of(order)["position"] == "Директор"


def test_the_head_pair_order_has_the_departments_texts_and_acquaints_both_heads(cast, client_for):
    head = _head(cast, "Начальник департамента образования")
    head_pair(cast)
    order = head_pair_order_draft(department=cast.department, by=cast.specialist)
    assert order.title == HEAD_PAIR_ORDER["title"]
    assert not any("Куратор" in point for point in order.points)
    assert order.assignments[0]["user_id"] == cast.specialist.pk
    assert order.assignments[0]["point"] == 3

    client = client_for(head)
    page = page_text(client.get(f"/orders/{order.pk}/"))
    heading = page.split("<h1")[0].rsplit('<p class="text-body-secondary mb-1">', 1)[1]
    assert "руководитель-наставник" in heading
    assert "О закреплении наставнических пар (групп)" not in heading
    assert client.post(f"/orders/{order.pk}/approve/", confirm(order)).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED

    text = " ".join(pdf_text(client.get(f"/orders/{order.pk}/order.pdf").content).split())
    sheet = text.split("С приказом ознакомлены")[1]
    assert "Старшая" in sheet and "Младший" in sheet and "Специалистова" in sheet
    assert "Куратору" not in text
    assert "методическое сопровождение" in text


def test_the_head_pair_page_links_the_order_for_both_department_roles(cast, client_for):
    head = _head(cast)
    head_pair(cast)
    order = head_pair_order_draft(department=cast.department, by=cast.specialist)
    for user in (cast.specialist, head):
        client = client_for(user)
        assert f'href="/orders/{order.pk}/"' in page_text(client.get("/department/head-pairs/"))
        assert client.get(f"/orders/{order.pk}/").status_code == 200
    assert Order.objects.count() == 1


def test_the_department_has_no_headcounts_of_its_own(cast, client_for):
    head = _head(cast)
    for user in (cast.specialist, head):
        assert client_for(user).get("/headcounts/").status_code == 403
    assert client_for(cast.director).get("/headcounts/").status_code == 200
