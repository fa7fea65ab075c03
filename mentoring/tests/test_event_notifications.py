"""Events reach the in-app list at once; notifications say which
organisation they belong to and open there."""

from mentoring.factories import MembershipFactory
from mentoring.models import Notification, OrderKind, Role
from mentoring.services.notifications import notices_deliver, notify_now
from mentoring.services.orders import order_approve, order_return
from mentoring.tests.test_orders import draft, submitted
from surveys.tests.test_banks_and_apply import _post


def test_director_return_tells_the_drafter_at_once_and_the_digest_adds_no_copy(cast):
    order = submitted(cast, OrderKind.REGULATION)
    order_return(order=order, comment="Исправьте пункт 2", by=cast.director)
    item = Notification.objects.get(user=cast.methodist)
    assert "возвращён на доработку" in item.title and "Исправьте пункт 2" in item.title
    assert item.organization == cast.school
    assert not Notification.objects.filter(user=cast.director).exists()
    import datetime

    notices_deliver(today=datetime.date.today())
    assert Notification.objects.filter(user=cast.methodist, kind="order_returned").count() == 1


def test_director_approval_tells_the_drafter_at_once(cast):
    order = submitted(cast, OrderKind.REGULATION)
    order_approve(order=order, by=cast.director)
    order.refresh_from_db()
    item = Notification.objects.get(user=cast.methodist, kind="order_approved")
    assert item.title.endswith(f"№ {order.number} от {order.signed_on:%d.%m.%Y}")
    assert item.url == f"/orders/{order.pk}/"


def test_drafter_without_a_role_any_more_is_replaced_by_the_managers(cast):
    order = draft(cast, by=cast.other_methodist, organization=cast.school)
    from mentoring.services.orders import order_submit

    order_submit(order=order, by=cast.coordinator)
    order_return(order=order, comment="Нет", by=cast.director)
    users = set(Notification.objects.values_list("user_id", flat=True))
    assert users == {cast.coordinator.pk, cast.methodist.pk}


def test_application_through_the_public_form_tells_the_staff_at_once(cast, client):
    assert _post(client, cast).status_code == 302
    items = Notification.objects.filter(kind="mentor_application")
    assert set(items.values_list("user_id", flat=True)) == {cast.coordinator.pk, cast.methodist.pk}
    assert "Соколова Ольга Игоревна" in items.first().title


def test_switched_off_kind_is_not_told(cast):
    from mentoring.services.notifications import preferences_set

    preferences_set(user=cast.methodist, enabled_kinds=[])
    assert (
        notify_now(
            user_ids=[cast.methodist.pk],
            kind="order_approved",
            key="k",
            title="t",
            url="/",
            organization=cast.school,
        )
        == 0
    )


def test_notification_of_another_organisation_opens_there(cast, client_for):
    MembershipFactory(user=cast.methodist, organization=cast.other_school, role=Role.METHODIST)
    client = client_for(cast.methodist)
    from mentoring.access import SESSION_ORG_KEY

    session = client.session
    session[SESSION_ORG_KEY] = cast.school.pk
    session.save()
    order = draft(cast, organization=cast.other_school, by=cast.other_methodist)
    notify_now(
        user_ids=[cast.methodist.pk],
        kind="order_approved",
        key="x",
        title="Приказ утверждён",
        url=f"/orders/{order.pk}/",
        organization=cast.other_school,
    )
    listing = client.get("/notifications/")
    assert cast.other_school.short_name in listing.text
    item = Notification.objects.get(user=cast.methodist)
    opened = client.post(f"/notifications/{item.pk}/read/", follow=True)
    assert opened.status_code == 200
    assert opened.redirect_chain[-1][0] == f"/orders/{order.pk}/"
    assert client.session[SESSION_ORG_KEY] == cast.other_school.pk


def test_mentor_home_shows_waiting_questionnaires(cast, client_for):
    from mentoring.factories import ParticipantFactory
    from surveys.tests.helpers import send, survey_with

    me = ParticipantFactory(organization=cast.school, user=cast.mentor, is_mentor=True)
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}], title="Ожидания")
    send(survey, [me])
    home = client_for(cast.mentor).get("/")
    assert "Анкеты, ожидающие ответа" in home.text and "Ожидания" in home.text
    assert "Анкеты, ожидающие ответа" not in client_for(cast.mentee).get("/").text
