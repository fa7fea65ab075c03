"""Issue 19: time-based reminders show in the application as soon as they
are due, without waiting for the nightly send_reminders; e-mail stays
batched. Time is moved by patching ``django.utils.timezone.now``, as in
test_demo_dates."""

import datetime
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentoring.models import Invitation, Notification, NotificationPreference, PlanItem, Role
from mentoring.services.accounts import invitation_create
from mentoring.services.notifications import REFRESH_SECONDS
from mentoring.tests.test_notifications import active_pair

DUE = datetime.date(2026, 12, 10)


def at(day, hour=10, minute=0):
    moment = datetime.datetime.combine(day, datetime.time(hour, minute))
    return mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(moment))


def tomorrow_items(user):
    return Notification.objects.filter(user=user, kind="plan_item_tomorrow")


def test_item_due_tomorrow_appears_in_the_list_the_day_before_without_the_command(cast, client_for):
    pair = active_pair(cast, mentor_user=cast.mentor)
    PlanItem.objects.create(program=pair.program, title="Открытый урок", due_on=DUE)
    mail.outbox.clear()

    # Signed in anew each day: a session lives SESSION_IDLE_MINUTES.
    with at(DUE - datetime.timedelta(days=3)):
        client_for(cast.mentor).get("/notifications/")
    assert not tomorrow_items(cast.mentor).exists()

    with at(DUE - datetime.timedelta(days=1)):
        client = client_for(cast.mentor)
        listing = client.get("/notifications/")
        assert "Завтра срок пункта программы: «Открытый урок»" in listing.text
        assert "Уведомления: непрочитанных" in client.get("/").text
    assert tomorrow_items(cast.mentor).count() == 1
    # It names its organisation (opening it switches there for a user of two).
    assert tomorrow_items(cast.mentor).get().organization == cast.school
    assert mail.outbox == []  # e-mail waits for the digest

    # The digest of that day mails it and adds no second item in the list.
    call_command("send_reminders", "--date", (DUE - datetime.timedelta(days=1)).isoformat())
    mentor_mail = [m for m in mail.outbox if m.to == [cast.mentor.email]]
    assert len(mentor_mail) == 1
    assert "Завтра срок пункта программы: «Открытый урок»" in mentor_mail[0].body
    assert tomorrow_items(cast.mentor).count() == 1


def test_repeated_page_loads_add_no_duplicates(cast, client_for):
    pair = active_pair(cast, mentor_user=cast.mentor)
    PlanItem.objects.create(program=pair.program, title="Анализ урока", due_on=DUE)
    day = DUE - datetime.timedelta(days=1)
    with at(day):
        client = client_for(cast.mentor)
    for minute in (0, 1, 2):
        with at(day, minute=minute):
            client.get("/")
            client.get("/notifications/")
    # Past the memo: evaluated again, still one item.
    with at(day, minute=1 + REFRESH_SECONDS // 60 + 5):
        client.get("/notifications/")
    # A new session of the same user (signed in again).
    with at(day, hour=15):
        client = client_for(cast.mentor)
        client.get("/notifications/")
    assert tomorrow_items(cast.mentor).count() == 1
    total = Notification.objects.filter(user=cast.mentor).count()
    with at(day, hour=15, minute=30):
        client.get("/notifications/")
    assert Notification.objects.filter(user=cast.mentor).count() == total


def test_a_muted_kind_does_not_appear(cast, client_for):
    pair = active_pair(cast, mentor_user=cast.mentor)
    PlanItem.objects.create(program=pair.program, title="Открытый урок", due_on=DUE)
    client = client_for(cast.mentor)
    # On the settings page every kind but this one stays ticked.
    page = client.get("/notifications/settings/")
    assert "Срок пункта программы наставничества — завтра" in page.text
    kinds = [row["kind"] for row in page.context["rows"] if row["kind"] != "plan_item_tomorrow"]
    client.post("/notifications/settings/", {"kind": kinds})
    assert NotificationPreference.objects.filter(
        user=cast.mentor, kind="plan_item_tomorrow", enabled=False
    ).exists()
    with at(DUE - datetime.timedelta(days=1)):
        listing = client_for(cast.mentor).get("/notifications/")
    assert "Завтра срок пункта программы" not in listing.text
    assert not tomorrow_items(cast.mentor).exists()
    # The kinds left on still come: the same item is due within a week.
    assert "Скоро срок пункта программы «Открытый урок»" in listing.text


def test_invitation_not_accepted_reaches_the_inviter_after_three_days(cast, client_for):
    start = datetime.date(2026, 12, 1)
    with at(start):
        invitation, _code = invitation_create(
            organization=cast.school,
            by=cast.methodist,
            by_role=Role.METHODIST,
            role=Role.MENTOR,
            last_name="Неспешный",
            first_name="Пётр",
        )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.make_aware(datetime.datetime(2027, 1, 1))
    )

    def listed():
        return Notification.objects.filter(
            user=cast.methodist, kind="invitation_not_accepted"
        ).count()

    with at(start + datetime.timedelta(days=2)):
        client_for(cast.methodist).get("/")
    assert listed() == 0
    with at(start + datetime.timedelta(days=4)):
        page = client_for(cast.methodist).get("/notifications/")
        assert "Неспешный" in page.text and "не принял(а) приглашение" in page.text
    assert listed() == 1
    # Nobody else of the organisation hears of it (the inviter is active).
    with at(start + datetime.timedelta(days=4)):
        client_for(cast.coordinator).get("/notifications/")
    assert not Notification.objects.filter(
        user=cast.coordinator, kind="invitation_not_accepted"
    ).exists()


def test_a_page_load_reads_only_the_users_organisations(
    cast, client_for, django_assert_max_num_queries
):
    """The refresh is about one query a kind, not a scan of every school:
    a pair of another organisation adds nothing to the mentor's list."""
    pair = active_pair(cast, mentor_user=cast.mentor)
    PlanItem.objects.create(program=pair.program, title="Открытый урок", due_on=DUE)
    with at(DUE - datetime.timedelta(days=1)):
        client = client_for(cast.mentor)
        client.get("/notifications/")  # the refresh
        with django_assert_max_num_queries(12):
            client.get("/notifications/")  # within the memo: no refresh
    assert tomorrow_items(cast.mentor).count() == 1


def test_scoped_collectors_give_a_user_what_the_nightly_run_gives_them(cast):
    """The in-app refresh reads the collectors for the user's organisations
    only; for that user it must find exactly what the global run finds."""
    from mentoring.factories import MentoringFormFactory, make_pair, mentor_participant
    from mentoring.notify import collect
    from mentoring.services.notifications import _organizations_of

    pair = active_pair(cast, mentor_user=cast.mentor)
    PlanItem.objects.create(program=pair.program, title="Открытый урок", due_on=DUE)
    other_form = MentoringFormFactory(organization=cast.other_school)
    make_pair(
        cast.other_school,
        form=other_form,
        mentor=mentor_participant(cast.other_school, consents=("processing",)),
        agreed=True,
        by=cast.other_methodist,
    )
    today = DUE - datetime.timedelta(days=1)
    everything = list(collect(today))
    for user in (cast.mentor, cast.methodist, cast.coordinator, cast.director):
        scoped = {
            n.key
            for n in collect(today, organization_ids=_organizations_of(user))
            if n.user_id == user.pk
        }
        assert scoped == {n.key for n in everything if n.user_id == user.pk}
    assert {n.key for n in collect(today, organization_ids={cast.school.pk})} < {
        n.key for n in everything
    }
