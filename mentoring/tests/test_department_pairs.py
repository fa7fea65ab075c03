"""Pairs «руководитель-наставник – молодой руководитель» across the
department's organisations, made in the UI: the specialist proposes the
pair and drafts the department's order, the head of the department
approves it on the order's page; the mentor's consent is required and the
years in post are shown (issue 17)."""

import pytest

from mentoring.factories import ConsentFactory, MembershipFactory, ParticipantFactory, UserFactory
from mentoring.models import Mentorship, MentorshipStatus, Order, OrderStatus, Role, TargetGroup

pytestmark = pytest.mark.django_db


def _heads(cast, *, consent=True):
    mentor = ParticipantFactory(
        organization=cast.school,
        last_name="Ветров",
        target_group=TargetGroup.HEAD,
        position="Директор",
        years_in_post=12,
        is_mentor=True,
        is_mentee=False,
        mentor_status="approved",
    )
    mentee = ParticipantFactory(
        organization=cast.other_school,
        last_name="Белова",
        target_group=TargetGroup.HEAD,
        position="Директор",
        years_in_post=1,
    )
    for person in (mentor, mentee):
        ConsentFactory(participant=person, kind="processing")
    if consent:
        ConsentFactory(participant=mentor, kind="duties")
    return mentor, mentee


def _head_of_department(cast):
    head = UserFactory(username="do-head", last_name="Лебедев")
    MembershipFactory(user=head, organization=cast.department, role=Role.DIRECTOR)
    return head


def test_the_specialist_forms_a_head_pair_and_the_head_of_the_department_approves_it(
    cast, client_for
):
    mentor, mentee = _heads(cast)
    client = client_for(cast.specialist)
    page = client.get("/department/head-pairs/").content.decode()
    assert "Ветров" in page and "Белова" in page
    assert "молодой руководитель" in page and ">12<" in page and ">1<" in page

    response = client.post("/department/head-pairs/", {"mentor": mentor.pk, "mentee": mentee.pk})
    assert response.status_code == 302
    pair = Mentorship.objects.get(organization=cast.department)
    assert pair.status == MentorshipStatus.AGREED

    client.post("/department/head-pairs/order/")
    order = Order.objects.get(organization=cast.department)
    assert order.status == OrderStatus.SUBMITTED
    assert list(order.mentorships.all()) == [pair]
    # A second press finds nothing left to put in an order.
    again = client.post("/department/head-pairs/order/", follow=True)
    assert "Нет согласованных пар руководителей вне приказа." in again.content.decode()
    assert Order.objects.filter(organization=cast.department).count() == 1

    head = _head_of_department(cast)
    head_client = client_for(head)
    assert str(order.pk) in head_client.get("/orders/inbox/").content.decode()
    detail = head_client.get(f"/orders/{order.pk}/")
    assert detail.status_code == 200
    response = head_client.post(
        f"/orders/{order.pk}/approve/", {"confirmed": "1", "version": str(order.version)}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    pair.refresh_from_db()
    assert order.status == OrderStatus.APPROVED and order.number
    assert pair.status == MentorshipStatus.ACTIVE
    page = client.get("/department/head-pairs/").content.decode()
    assert f"№ {order.number}" in page


def test_a_mentor_without_consent_to_the_duties_is_refused_and_nothing_is_written(cast, client_for):
    mentor, mentee = _heads(cast, consent=False)
    response = client_for(cast.specialist).post(
        "/department/head-pairs/", {"mentor": mentor.pk, "mentee": mentee.pk}
    )
    assert response.status_code == 400
    assert "Нет согласия Ветров" in response.content.decode()
    assert not Mentorship.objects.filter(organization=cast.department).exists()


def test_a_head_of_the_same_school_or_long_in_post_cannot_be_the_young_head(cast, client_for):
    mentor, mentee = _heads(cast)
    mentee.years_in_post = 5
    mentee.save(update_fields=["years_in_post"])
    response = client_for(cast.specialist).post(
        "/department/head-pairs/", {"mentor": mentor.pk, "mentee": mentee.pk}
    )
    assert response.status_code == 400
    assert "Выберите руководителя-наставника и молодого руководителя" in response.content.decode()
    assert not Mentorship.objects.filter(organization=cast.department).exists()


def test_a_school_director_cannot_open_the_department_head_pairs(cast, client_for):
    assert client_for(cast.director).get("/department/head-pairs/").status_code == 403
    head = _head_of_department(cast)
    assert client_for(head).get("/department/head-pairs/").status_code == 200


def test_a_repeated_post_does_not_form_the_same_head_pair_twice(cast, client_for):
    mentor, mentee = _heads(cast)
    client = client_for(cast.specialist)
    data = {"mentor": mentor.pk, "mentee": mentee.pk}
    assert client.post("/department/head-pairs/", data).status_code == 302
    again = client.post("/department/head-pairs/", data)
    assert again.status_code == 400
    assert "уже сформирована" in again.content.decode()
    assert Mentorship.objects.filter(organization=cast.department).count() == 1


def test_the_message_after_forming_a_head_pair_has_no_double_dot(cast, client_for):
    mentor, mentee = _heads(cast)
    client = client_for(cast.specialist)
    response = client.post(
        "/department/head-pairs/", {"mentor": mentor.pk, "mentee": mentee.pk}, follow=True
    )
    page = response.content.decode()
    assert f"Пара {mentor.short_name} – {mentee.short_name} согласована." in page
    assert ".." not in page.split("согласована")[0][-40:]
