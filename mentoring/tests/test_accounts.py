"""Accounts from the application: invite, activate, codes sheet, link,
roles within rank, revoke — and the audit journal of each."""

import re
import shutil
import subprocess

import pytest
from django.core import mail

from mentoring.factories import ParticipantFactory, make_pair
from mentoring.models import AuditEvent, Invitation, Membership, Role, User
from mentoring.services.accounts import grantable_roles, invitation_create

NEW_PASSWORD = "lilac-harbour-7319"


def pdf_text(content, tmp_path):
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is required"
    return subprocess.run(  # noqa: S603 - a fixed local tool on our own bytes
        [tool, "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def can_sign_in(username, password):
    user = User.objects.get(username=username)
    return user.is_active and user.check_password(password)


def invite_link(message):
    return re.search(r"http://\S+/accounts/invite/(\S+)/", message.body)


def test_grantable_roles_never_above_own():
    assert set(grantable_roles(Role.DIRECTOR)) == {
        Role.DIRECTOR,
        Role.COORDINATOR,
        Role.METHODIST,
        Role.MENTOR,
        Role.MENTEE,
    }
    assert Role.DIRECTOR not in grantable_roles(Role.COORDINATOR)
    assert Role.COORDINATOR in grantable_roles(Role.COORDINATOR)
    assert set(grantable_roles(Role.METHODIST)) == {Role.MENTOR, Role.MENTEE}
    assert grantable_roles(Role.MENTOR) == []
    assert grantable_roles(Role.SPECIALIST) == []


def test_methodist_invites_mentor_by_email_and_the_link_sets_the_password(
    cast, client_for, client, django_capture_on_commit_callbacks
):
    mentor = ParticipantFactory(
        organization=cast.school,
        last_name="Соловьёва",
        first_name="Ольга",
        patronymic="Петровна",
        email="solo@example.org",
        is_mentor=True,
        is_mentee=False,
    )
    staff = client_for(cast.methodist)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/participants/{mentor.pk}/invite/", {"channel": "email"})
    assert response.status_code == 302
    mentor.refresh_from_db()
    user = mentor.user
    assert user.username == "soloveva.op"
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, organization=cast.school).role == Role.MENTOR
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["solo@example.org"]
    token = invite_link(mail.outbox[0]).group(1)
    audit = AuditEvent.objects.get(action=AuditEvent.Action.INVITE)
    assert audit.actor == cast.methodist and audit.details["user_id"] == user.pk

    client.logout()
    page = client.get(f"/accounts/invite/{token}/")
    assert page.status_code == 200 and "soloveva.op" in page.text
    done = client.post(
        f"/accounts/invite/{token}/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert can_sign_in("soloveva.op", NEW_PASSWORD)
    # One-time: the link is spent.
    assert client.get(f"/accounts/invite/{token}/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_ACTIVATE).count() == 1


def test_weak_password_is_refused_and_the_invitation_stays(cast, client):
    invitation, token = invitation_create(
        organization=cast.school,
        by=cast.methodist,
        by_role=Role.METHODIST,
        role=Role.MENTOR,
        last_name="Кузнецова",
        first_name="Ольга",
        email="k@example.org",
    )
    response = client.post(
        f"/accounts/invite/{token}/", {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.used_at is None
    assert not invitation.user.has_usable_password()


def test_codes_sheet_prints_codes_that_activate_once(cast, client_for, client, tmp_path):
    staff = client_for(cast.coordinator)
    staff.post(
        "/team/invite/",
        {"last_name": "Жукова", "first_name": "Анна", "role": "mentor", "channel": "code"},
    )
    staff.post(
        "/team/invite/",
        {"last_name": "Жукова", "first_name": "Алла", "role": "methodist", "channel": "code"},
    )
    invitations = list(Invitation.objects.order_by("pk"))
    assert [i.user.username for i in invitations] == ["zhukova.a", "zhukova.a2"]
    response = staff.post("/team/codes.pdf", {"invitations": [i.pk for i in invitations]})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    codes = re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)
    assert len(codes) == 2 and "Жукова Анна" in text and "zhukova.a2" in text
    # Sorted by name: Алла (zhukova.a2) first, then Анна (zhukova.a).
    assert text.index("zhukova.a2") < text.index("Жукова Анна")
    codes.reverse()

    client.logout()
    typed = codes[0].lower().replace("-", " ")  # retyped from paper
    done = client.post(
        "/accounts/activate/",
        {"code": typed, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert can_sign_in("zhukova.a", NEW_PASSWORD)
    again = client.post(
        "/accounts/activate/",
        {"code": codes[0], "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert again.status_code == 200 and "недействительны" in again.text


def test_reprinting_the_sheet_voids_the_earlier_codes(cast, client_for, tmp_path):
    invitation, first_code = invitation_create(
        organization=cast.school,
        by=cast.director,
        by_role=Role.DIRECTOR,
        role=Role.MENTEE,
        last_name="Орлов",
        channel=Invitation.Channel.CODE,
    )
    response = client_for(cast.director).post("/team/codes.pdf", {"invitations": [invitation.pk]})
    new_code = re.search(
        r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", pdf_text(response.content, tmp_path)
    )
    from mentoring.services.accounts import invitation_by_secret

    assert invitation_by_secret(first_code) is None
    assert invitation_by_secret(new_code.group(0)) == invitation


def test_coordinator_cannot_grant_director_and_methodist_cannot_grant_staff(cast, client_for):
    before = User.objects.count()
    client_for(cast.coordinator).post(
        "/team/invite/",
        {"last_name": "Иванов", "first_name": "И", "role": "director", "channel": "code"},
    )
    client_for(cast.methodist).post(
        "/team/invite/",
        {"last_name": "Иванов", "first_name": "И", "role": "coordinator", "channel": "code"},
    )
    assert User.objects.count() == before
    director = Membership.objects.get(user=cast.director)
    response = client_for(cast.coordinator).post(f"/team/members/{director.pk}/revoke/")
    assert response.status_code == 302
    assert Membership.objects.filter(pk=director.pk).exists()
    client_for(cast.coordinator).post(
        f"/team/members/{Membership.objects.get(user=cast.mentor).pk}/role/",
        {"role": "director"},
    )
    assert Membership.objects.get(user=cast.mentor).role == Role.MENTOR


def test_revoke_takes_the_role_unlinks_the_card_and_deactivates(cast, client_for):
    card = ParticipantFactory(organization=cast.school, user=cast.mentor, is_mentor=True)
    membership = Membership.objects.get(user=cast.mentor)
    response = client_for(cast.director).post(f"/team/members/{membership.pk}/revoke/")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=cast.mentor).exists()
    card.refresh_from_db()
    cast.mentor.refresh_from_db()
    assert card.user is None and not cast.mentor.is_active
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCESS_REVOKE)
    assert event.actor == cast.director and event.details == {
        "user_id": cast.mentor.pk,
        "role": "mentor",
    }


def test_nobody_revokes_themselves(cast, client_for):
    membership = Membership.objects.get(user=cast.director)
    client_for(cast.director).post(f"/team/members/{membership.pk}/revoke/")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_link_existing_account_to_participant(cast, client_for):
    outsider = User.objects.create_user(
        "teacher.k", email="kk@example.org", password="x-y-z-123456"
    )
    card = ParticipantFactory(organization=cast.school, is_mentor=True, is_mentee=False)
    response = client_for(cast.methodist).post(
        f"/participants/{card.pk}/link-account/", {"login": "KK@example.org"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.user == outsider
    assert Membership.objects.get(user=outsider, organization=cast.school).role == Role.MENTOR
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCOUNT_LINK, participant_id_ref=card.pk
    ).exists()


def test_minor_gets_no_account(cast, client_for):
    import datetime

    child = ParticipantFactory(
        organization=cast.school, birth_date=datetime.date.today().replace(year=2013)
    )
    client_for(cast.methodist).post(f"/participants/{child.pk}/invite/", {"channel": "code"})
    child.refresh_from_db()
    assert child.user is None and not Invitation.objects.exists()


def test_bulk_invite_of_a_bank_selection(cast, client_for, django_capture_on_commit_callbacks):
    with_mail = ParticipantFactory(organization=cast.school, email="a@example.org")
    without = ParticipantFactory(organization=cast.school, email="")
    linked = ParticipantFactory(organization=cast.school, user=cast.mentee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.methodist).post(
            "/bank/mentees/bulk/",
            {"action": "invite", "selected": [with_mail.pk, without.pk, linked.pk]},
        )
    assert response.status_code == 302
    channels = sorted(Invitation.objects.values_list("channel", flat=True))
    assert channels == ["code", "email"]
    assert len(mail.outbox) == 1


def test_team_page_shows_controls_only_within_rank(cast, client_for):
    page = client_for(cast.methodist).get(f"/organizations/{cast.school.slug}/")
    assert "Пригласить в систему" in page.text
    director_row = Membership.objects.get(user=cast.director).pk
    assert f"/team/members/{director_row}/revoke/" not in page.text
    mentee_row = Membership.objects.get(user=cast.mentee).pk
    assert f"/team/members/{mentee_row}/revoke/" in page.text
    reader = client_for(cast.specialist).get(f"/organizations/{cast.school.slug}/")
    assert "Пригласить в систему" not in reader.text


def test_participant_card_shows_pairs_as_mentor_and_as_mentee(cast, client_for):
    pair = make_pair(cast.school, by=cast.methodist)
    mentor, mentee = pair.lead_mentor, pair.mentees[0]
    card = client_for(cast.methodist).get(f"/participants/{mentor.pk}/")
    assert f"/mentorships/{pair.pk}/" in card.text
    assert "Наставляемые: " + mentee.full_name in card.text
    other = client_for(cast.methodist).get(f"/participants/{mentee.pk}/")
    assert "Наставник: " + mentor.full_name in other.text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("8 (900) 123-45-67", "+7 900 123-45-67"),
        ("+79001234567", "+7 900 123-45-67"),
        ("9001234567", "+7 900 123-45-67"),
        ("", ""),
    ],
)
def test_normalize_phone(typed, stored):
    from mentoring.validators import normalize_phone

    assert normalize_phone(typed) == stored


def test_participant_form_stores_normalised_phone_and_refuses_garbage(cast, client_for):
    card = ParticipantFactory(organization=cast.school, phone="")
    staff = client_for(cast.methodist)
    form = staff.get(f"/participants/{card.pk}/edit/")
    version = re.search(r'name="loaded_version" value="([^"]+)"', form.text).group(1)
    data = {
        "last_name": card.last_name,
        "first_name": card.first_name,
        "birth_date": "1985-05-17",
        "target_group": card.target_group,
        "is_mentee": "on",
        "capacity": 1,
        "phone": "8 900 123 45 67",
        "loaded_version": version,
    }
    assert staff.post(f"/participants/{card.pk}/edit/", data).status_code == 302
    card.refresh_from_db()
    assert card.phone == "+7 900 123-45-67"
    data["phone"] = "12"
    card.refresh_from_db()
    data["loaded_version"] = card.updated_at.isoformat()
    response = staff.post(f"/participants/{card.pk}/edit/", data)
    assert response.status_code == 200 and "Проверьте номер телефона" in response.text
    card.refresh_from_db()
    assert card.phone == "+7 900 123-45-67"
