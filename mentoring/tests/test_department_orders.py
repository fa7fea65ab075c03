"""The department acts on its own orders (issue 17): its specialist drafts,
edits, submits and resubmits them as a school's methodist does; its head
(a director membership there) approves or returns them as a school's
director does. A child school's staff get 404 on them; and every role gets
404 on another organisation's object, 403 only on its own organisation's
(mentoring.access.role_required, get_in_scope)."""

import pytest

from mentoring.department_pairs import head_pair_propose
from mentoring.factories import MembershipFactory, ParticipantFactory, UserFactory
from mentoring.models import (
    ConsentKind,
    MentorshipStatus,
    MentorStatus,
    Notification,
    Order,
    OrderKind,
    OrderStatus,
    Role,
    TargetGroup,
)
from mentoring.services.orders import order_create, order_defaults, order_submit

from .test_orders import confirm, give, page_text, pdf_text, post_data

KIND = OrderKind.REGULATION


@pytest.fixture
def head(cast):
    """The head of the department: a director membership at the department."""
    user = UserFactory(username="do_head", last_name="Руководителева")
    MembershipFactory(user=user, organization=cast.department, role=Role.DIRECTOR)
    return user


def department_draft(cast):
    return order_create(
        organization=cast.department, kind=KIND, data=order_defaults(KIND), by=cast.specialist
    )


def test_specialist_drafts_and_the_head_returns_then_approves_the_departments_order(
    cast, head, client_for
):
    client = client_for(cast.specialist)
    response = client.post("/orders/new/regulation/", post_data(kind=KIND, title="Приказ ДО"))
    assert response.status_code == 302
    order = Order.objects.get(organization=cast.department)
    assert order.created_by == cast.specialist
    assert "Приказ ДО" in page_text(client.get("/orders/"))
    detail = page_text(client.get(f"/orders/{order.pk}/"))
    assert f"/orders/{order.pk}/edit/" in detail
    assert f"/orders/{order.pk}/submit/" in detail
    assert client.get(f"/orders/{order.pk}/order.pdf")["Content-Type"] == "application/pdf"
    assert client.get(f"/orders/{order.pk}/edit/").status_code == 200

    response = client.post(
        f"/orders/{order.pk}/edit/",
        post_data(kind=KIND, title="Приказ ДО, ред. 2", version=order.version),
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.title == "Приказ ДО, ред. 2"
    assert client.post(f"/orders/{order.pk}/submit/").status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED

    client = client_for(head)
    assert "Приказ ДО, ред. 2" in page_text(client.get("/orders/inbox/"))
    assert f"/orders/{order.pk}/approve/" in page_text(client.get(f"/orders/{order.pk}/"))
    assert client.get(f"/orders/{order.pk}/return/").status_code == 200
    response = client.post(f"/orders/{order.pk}/return/", {"comment": "Уточните пункт 2."})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.RETURNED
    # The drafter hears of it: the department's specialist, not nobody.
    assert Notification.objects.filter(user=cast.specialist, kind="order_returned").exists()

    client = client_for(cast.specialist)
    home = page_text(client.get("/"))
    assert "Возвращённые приказы" in home
    assert "Уточните пункт 2." in home
    assert "«Уточните пункт 2.»" in page_text(client.get(f"/orders/{order.pk}/"))
    assert "Уточните пункт 2." in page_text(client.get(f"/orders/{order.pk}/edit/"))
    response = client.post(
        f"/orders/{order.pk}/edit/",
        post_data(kind=KIND, title="Приказ ДО, ред. 3", version=order.version),
    )
    assert response.status_code == 302
    assert client.post(f"/orders/{order.pk}/submit/").status_code == 302
    order.refresh_from_db()
    assert (order.title, order.status) == ("Приказ ДО, ред. 3", OrderStatus.SUBMITTED)

    client = client_for(head)
    assert client.post(f"/orders/{order.pk}/approve/", confirm(order)).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED
    for user in (cast.specialist, head):
        client = client_for(user)
        assert "Утверждён" in page_text(client.get(f"/orders/{order.pk}/"))
        pdf = client.get(f"/orders/{order.pk}/order.pdf")
        assert pdf.status_code == 200
        assert "Приказ ДО, ред. 3".upper() in pdf_text(pdf.content).upper()


def test_the_specialist_does_not_decide_and_the_head_does_not_draft(cast, head, client_for):
    order = order_submit(order=department_draft(cast), by=cast.specialist)
    client = client_for(cast.specialist)
    assert client.get("/orders/inbox/").status_code == 403
    assert client.post(f"/orders/{order.pk}/approve/", confirm(order)).status_code == 403
    assert client.post(f"/orders/{order.pk}/return/", {"comment": "x"}).status_code == 403
    client = client_for(head)
    assert client.post(f"/orders/{order.pk}/edit/", {"title": "x"}).status_code == 403
    assert client.post(f"/orders/{order.pk}/delete/").status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert order.title == order_defaults(KIND)["title"]


@pytest.mark.parametrize("role", ["director", "coordinator", "methodist", "mentor"])
def test_a_child_schools_staff_get_404_on_the_departments_order(cast, role, client_for):
    order = order_submit(order=department_draft(cast), by=cast.specialist)
    client = client_for(cast.by_role(role))
    for method, url in [
        ("get", f"/orders/{order.pk}/"),
        ("get", f"/orders/{order.pk}/order.pdf"),
        ("get", f"/orders/{order.pk}/edit/"),
        ("post", f"/orders/{order.pk}/submit/"),
        ("get", f"/orders/{order.pk}/return/"),
        ("post", f"/orders/{order.pk}/approve/"),
        ("post", f"/orders/{order.pk}/delete/"),
    ]:
        assert getattr(client, method)(url).status_code == 404, (role, url)
    assert Order.objects.get().status == OrderStatus.SUBMITTED


def head_pair(cast):
    """A head pair of the department: the head of one child school mentors
    the young head of the other."""
    mentor = ParticipantFactory(
        organization=cast.school,
        last_name="Старшая",
        target_group=TargetGroup.HEAD,
        is_mentor=True,
        mentor_status=MentorStatus.APPROVED,
    )
    mentee = ParticipantFactory(
        organization=cast.other_school,
        last_name="Младший",
        target_group=TargetGroup.HEAD,
        years_in_post=1,
    )
    give(mentor)
    give(mentee)
    give(mentor, ConsentKind.DUTIES)
    return head_pair_propose(
        department=cast.department, mentor=mentor, mentee=mentee, by=cast.specialist
    )


def test_the_head_pair_page_opens_for_the_specialist_and_the_head(cast, head, client_for):
    pair = head_pair(cast)
    assert pair.status == MentorshipStatus.AGREED
    for user in (cast.specialist, head):
        response = client_for(user).get(f"/mentorships/{pair.pk}/")
        assert response.status_code == 200
        assert "Старшая" in page_text(response)
        # Its members' cards belong to the schools: no link that would
        # answer 404 in the department.
        assert "/participants/" not in page_text(response)
    assert client_for(cast.director).get(f"/mentorships/{pair.pk}/").status_code == 404


def test_the_head_pair_order_is_read_by_the_specialist_and_approved_by_the_head(
    cast, head, client_for
):
    pair = head_pair(cast)
    client = client_for(cast.specialist)
    assert client.post("/department/head-pairs/order/").status_code == 302
    order = Order.objects.get(organization=cast.department)
    assert order.status == OrderStatus.SUBMITTED
    assert "Старшая" in page_text(client.get(f"/orders/{order.pk}/"))
    assert client.get(f"/orders/{order.pk}/order.pdf").status_code == 200
    response = client_for(head).post(f"/orders/{order.pk}/approve/", confirm(order))
    assert response.status_code == 302
    order.refresh_from_db()
    pair.refresh_from_db()
    assert order.status == OrderStatus.APPROVED


def test_another_organisations_object_is_404_for_every_role_and_own_is_403(cast, head, client_for):
    participant = ParticipantFactory(organization=cast.school)
    school_order = order_create(
        organization=cast.school, kind=KIND, data=order_defaults(KIND), by=cast.methodist
    )
    # Not in their organisation: 404 whatever the role would be allowed.
    for user in (cast.specialist, head, cast.other_methodist):
        client = client_for(user)
        assert client.get(f"/participants/{participant.pk}/").status_code == 404
        assert client.get(f"/orders/{school_order.pk}/").status_code == 404
        assert client.post(f"/orders/{school_order.pk}/approve/").status_code == 404
    # In their organisation, without the right: 403.
    client = client_for(cast.mentor)
    assert client.get(f"/participants/{participant.pk}/").status_code == 403
    assert client.get(f"/orders/{school_order.pk}/").status_code == 403
    assert client_for(cast.methodist).post(f"/orders/{school_order.pk}/approve/").status_code == (
        403
    )
    school_order.refresh_from_db()
    assert school_order.status == OrderStatus.DRAFT
