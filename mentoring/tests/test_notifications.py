"""Notifications: the collectors, the per-user switches, the daily digest of
send_reminders (once per user and notice, however often it runs), the in-app
list and the bell."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentoring.factories import ConsentFactory, MentoringFormFactory, make_pair, mentor_participant
from mentoring.models import (
    MentorshipStatus,
    Notification,
    NotificationPreference,
    OrderKind,
    PlanItem,
    SentNotice,
)
from mentoring.notifications import (
    consents_missing_before_activation,
    orders_awaiting_approval,
    orders_returned,
    plan_items_due,
)
from mentoring.services.orders import (
    order_approve,
    order_create,
    order_defaults,
    order_return,
    order_submit,
)

TODAY = timezone.localdate()


def submitted_order(cast):
    order = order_create(
        organization=cast.school,
        kind=OrderKind.REGULATION,
        data=order_defaults(OrderKind.REGULATION),
        by=cast.methodist,
    )
    return order_submit(order=order, by=cast.methodist)


def active_pair(cast, *, mentor_user=None):
    """An active pair (activated by an approved pairing order) whose mentor
    has an account."""
    form = MentoringFormFactory(organization=cast.school)
    mentor = mentor_participant(cast.school, user=mentor_user)
    pair = make_pair(cast.school, form=form, mentor=mentor, agreed=True, by=cast.methodist)
    order = order_create(
        organization=cast.school,
        kind=OrderKind.PAIRING,
        data=order_defaults(OrderKind.PAIRING),
        mentorships=[pair],
        by=cast.methodist,
    )
    order_submit(order=order, by=cast.methodist)
    order_approve(order=order, by=cast.director)
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACTIVE
    return pair


def add_item(pair, title, due_on):
    return PlanItem.objects.create(program=pair.program, title=title, due_on=due_on)


def test_submitted_order_notifies_the_directors_of_its_organisation(cast):
    order = submitted_order(cast)
    notices = list(orders_awaiting_approval(TODAY))
    assert [(n.user_id, n.kind) for n in notices] == [(cast.director.pk, "order_submitted")]
    assert order.title in notices[0].title and notices[0].url == f"/orders/{order.pk}/"


def test_returned_order_notifies_its_author_and_a_resubmission_is_a_new_notice(cast):
    order = submitted_order(cast)
    first_key = next(orders_awaiting_approval(TODAY)).key
    order = order_return(order=order, comment="Исправьте пункт 2", by=cast.director)
    notices = list(orders_returned(TODAY))
    assert [(n.user_id, n.kind) for n in notices] == [(cast.methodist.pk, "order_returned")]
    assert "Исправьте пункт 2" in notices[0].title
    order_submit(order=order, by=cast.methodist)
    assert next(orders_awaiting_approval(TODAY)).key != first_key


def test_plan_items_due_within_a_week_or_overdue_reach_members_and_methodists(cast):
    pair = active_pair(cast, mentor_user=cast.mentor)
    soon = add_item(pair, "Открытый урок", TODAY + datetime.timedelta(days=3))
    late = add_item(pair, "Анализ урока", TODAY - datetime.timedelta(days=2))
    add_item(pair, "Через месяц", TODAY + datetime.timedelta(days=30))
    done = add_item(pair, "Уже сделано", TODAY - datetime.timedelta(days=5))
    done.status, done.done_on = PlanItem.Status.DONE, TODAY
    done.save()
    notices = {(n.user_id, n.key) for n in plan_items_due(TODAY)}
    assert notices == {
        (cast.mentor.pk, f"plan_item:{soon.pk}:soon:{soon.due_on.isoformat()}"),
        (cast.mentor.pk, f"plan_item:{late.pk}:overdue:{late.due_on.isoformat()}"),
        (cast.methodist.pk, f"plan_item:{late.pk}:overdue:{late.due_on.isoformat()}"),
    }


def test_agreed_pair_without_consents_is_reported_to_coordinator_and_methodist(cast):
    form = MentoringFormFactory(organization=cast.school)
    mentor = mentor_participant(cast.school, consents=("processing",))  # no duties consent
    pair = make_pair(cast.school, form=form, mentor=mentor, agreed=True, by=cast.methodist)
    notices = list(consents_missing_before_activation(TODAY))
    assert {n.user_id for n in notices} == {cast.coordinator.pk, cast.methodist.pk}
    assert all(n.url == f"/mentorships/{pair.pk}/" for n in notices)
    ConsentFactory(participant=mentor, kind="duties", given_on=TODAY - datetime.timedelta(days=1))
    assert list(consents_missing_before_activation(TODAY)) == []


def test_send_reminders_twice_sends_one_digest_per_user_and_then_nothing(cast):
    submitted_order(cast)
    pair = active_pair(cast, mentor_user=cast.mentor)
    add_item(pair, "Открытый урок", TODAY + datetime.timedelta(days=2))
    add_item(pair, "Анализ урока", TODAY - datetime.timedelta(days=1))
    mail.outbox.clear()  # order services may mail on their own

    call_command("send_reminders", "--date", TODAY.isoformat())
    recipients = sorted(m.to[0] for m in mail.outbox)
    # The overdue item also makes the pair one that needs attention: the
    # coordinator and the methodist hear of it (mentoring.health).
    assert recipients == sorted(
        [cast.coordinator.email, cast.director.email, cast.mentor.email, cast.methodist.email]
    )
    mentor_mail = next(m for m in mail.outbox if m.to == [cast.mentor.email])
    assert "Открытый урок" in mentor_mail.body and "Анализ урока" in mentor_mail.body
    assert f"http://127.0.0.1:8000/mentorships/{pair.pk}/program/" in mentor_mail.body
    html = mentor_mail.alternatives[0]
    assert html[1] == "text/html" and "Открытый урок" in html[0]
    sent = SentNotice.objects.count()
    # The approval of the pair's order was told at once (not a digest item).
    in_app = Notification.objects.exclude(kind="order_approved").count()
    assert sent == in_app == 6

    call_command("send_reminders", "--date", TODAY.isoformat())
    assert len(mail.outbox) == 4
    assert SentNotice.objects.count() == sent
    assert Notification.objects.exclude(kind="order_approved").count() == in_app
    # The next day only what is new: «Открытый урок» is due tomorrow.
    call_command("send_reminders", "--date", (TODAY + datetime.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == 5
    assert mail.outbox[-1].to == [cast.mentor.email]
    assert "Завтра срок пункта программы: «Открытый урок»" in mail.outbox[-1].body
    assert SentNotice.objects.count() == sent + 1


def test_a_new_notice_the_next_day_comes_in_a_new_digest(cast, settings):
    settings.DJANGO_SITE_URL = "https://nastavnik.example.org/"
    pair = active_pair(cast, mentor_user=cast.mentor)
    add_item(pair, "Открытый урок", TODAY + datetime.timedelta(days=8))
    mail.outbox.clear()
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert mail.outbox == []
    call_command("send_reminders", "--date", (TODAY + datetime.timedelta(days=1)).isoformat())
    assert [m.to for m in mail.outbox] == [[cast.mentor.email]]
    assert "https://nastavnik.example.org/mentorships/" in mail.outbox[0].body


def test_dry_run_sends_and_records_nothing(cast, capsys):
    submitted_order(cast)
    mail.outbox.clear()
    call_command("send_reminders", "--date", TODAY.isoformat(), "--dry-run")
    assert mail.outbox == [] and not SentNotice.objects.exists()
    assert "писем — 1" in capsys.readouterr().out


def test_a_kind_turned_off_is_neither_mailed_nor_listed(cast, client_for):
    # Turned off before the order comes (signing in lists what is due at
    # once: an item listed before the switch stays in the list).
    client = client_for(cast.director)
    response = client.post("/notifications/settings/", {"kind": ["order_returned"]})
    submitted_order(cast)
    assert response.status_code == 302
    assert (
        NotificationPreference.objects.get(user=cast.director, kind="order_submitted").enabled
        is False
    )
    mail.outbox.clear()
    call_command("send_reminders", "--date", TODAY.isoformat())
    client.get("/notifications/")
    assert mail.outbox == [] and not Notification.objects.filter(user=cast.director).exists()


def test_user_without_email_gets_in_app_notifications_only(cast):
    cast.director.email = ""
    cast.director.save()
    submitted_order(cast)
    mail.outbox.clear()
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert mail.outbox == []
    assert Notification.objects.filter(user=cast.director).count() == 1


def test_in_app_list_bell_and_mark_as_read(cast, client_for):
    submitted_order(cast)
    call_command("send_reminders", "--date", TODAY.isoformat())
    notification = Notification.objects.get(user=cast.director)
    client = client_for(cast.director)
    home = client.get("/")
    assert "Уведомления: непрочитанных 1" in home.text
    listing = client.get("/notifications/")
    assert notification.title in listing.text
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "непрочитанных" not in client.get("/").text


def test_one_cannot_read_anothers_notification(cast, client_for):
    submitted_order(cast)
    call_command("send_reminders", "--date", TODAY.isoformat())
    notification = Notification.objects.get(user=cast.director)
    assert (
        client_for(cast.methodist).post(f"/notifications/{notification.pk}/read/").status_code
        == 404
    )


def test_mark_all_read(cast, client_for):
    submitted_order(cast)
    call_command("send_reminders", "--date", TODAY.isoformat())
    client_for(cast.director).post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_bad_date_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("send_reminders", "--date", "23.11.2026")


@pytest.mark.parametrize("rows", [5, 50])
def test_notification_list_query_count_does_not_grow(
    cast, client_for, rows, django_assert_max_num_queries
):
    from django.utils import timezone

    Notification.objects.bulk_create(
        Notification(
            user=cast.mentor,
            kind="plan_item_due",
            key=f"k{i}",
            title=f"Пункт {i}",
            url="/cabinet/",
            created_at=timezone.now(),
        )
        for i in range(rows)
    )
    client = client_for(cast.mentor)
    client.get("/notifications/")
    with django_assert_max_num_queries(10):
        assert client.get("/notifications/").status_code == 200


def test_invitation_not_accepted_for_three_days_reminds_the_inviter(cast):
    """Issue 19, reminders: «invitation not accepted after 3 days» was not a
    notification kind at all (QA)."""
    from django.utils import timezone

    from mentoring.models import Invitation, Role
    from mentoring.notifications import invitations_not_accepted
    from mentoring.services.accounts import invitation_create

    old, _ = invitation_create(
        organization=cast.school,
        by=cast.methodist,
        by_role=Role.METHODIST,
        role=Role.MENTOR,
        last_name="Неспешный",
        first_name="Пётр",
    )
    _fresh, _ = invitation_create(
        organization=cast.school,
        by=cast.methodist,
        by_role=Role.METHODIST,
        role=Role.MENTOR,
        last_name="Свежий",
        first_name="Иван",
    )
    used, _ = invitation_create(
        organization=cast.school,
        by=cast.methodist,
        by_role=Role.METHODIST,
        role=Role.MENTOR,
        last_name="Принявший",
        first_name="Олег",
    )
    now = timezone.now()
    Invitation.objects.filter(pk__in=[old.pk, used.pk]).update(
        created_at=now - datetime.timedelta(days=4), expires_at=now + datetime.timedelta(days=10)
    )
    Invitation.objects.filter(pk=used.pk).update(used_at=now)
    today = timezone.localdate()
    notices = list(invitations_not_accepted(today))
    assert [(n.user_id, n.kind) for n in notices] == [
        (cast.methodist.pk, "invitation_not_accepted")
    ]
    assert "Неспешный" in notices[0].title and "Свежий" not in notices[0].title
    assert notices[0].organization_id == cast.school.pk


def test_a_pair_needing_attention_for_new_reasons_replaces_the_unread_notice(cast):
    """The attention notice says the pair's current reasons; when they change,
    the new one replaces the unread old one instead of piling up beside it."""
    from mentoring.services.notifications import notices_show

    pair = active_pair(cast, mentor_user=cast.mentor)
    add_item(pair, "Анализ урока", TODAY - datetime.timedelta(days=1))
    assert notices_show(user=cast.methodist, today=TODAY) > 0
    first = Notification.objects.get(user=cast.methodist, kind="pair_attention")
    assert first.read_at is None

    add_item(pair, "Открытый урок", TODAY - datetime.timedelta(days=3))
    notices_show(user=cast.methodist, today=TODAY + datetime.timedelta(days=40))
    unread = Notification.objects.filter(
        user=cast.methodist, kind="pair_attention", read_at__isnull=True
    )
    assert unread.count() == 1 and unread.get().pk != first.pk
    first.refresh_from_db()
    assert first.read_at is not None
