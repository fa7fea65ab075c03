"""Access table of the accounts pages (see test_access_sweep.py).

The team controls act on the current organisation: its director,
coordinator and methodist (the methodist only for mentors and mentees, which
the service checks); another organisation's role or invitation is 404. The
invitation link and the activation page are public.
"""

from datetime import timedelta

from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import Invitation, Membership, Role, secret_hash
from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only


def granting(code=302, *, other_methodist=404):
    return staff_only(code) | {"other_methodist": other_methodist}


def _mentee_membership(cast):
    return Membership.objects.get(user=cast.mentee, organization=cast.school)


def _invitation(cast):
    return Invitation.objects.create(
        organization=cast.school,
        user=cast.mentee,
        role=Role.MENTEE,
        channel=Invitation.Channel.CODE,
        secret_hash=secret_hash("ABCD-EFGH-JKLM"),
        created_by=cast.methodist,
        expires_at=timezone.now() + timedelta(days=3),
    )


def _participant(cast):
    return ParticipantFactory(organization=cast.school, is_mentor=True, email="")


ACCESS = {
    "mentoring:team_invite": Entry(
        lambda c: "/team/invite/",
        granting(other_methodist=302),
        method="post",
        data=lambda c: {
            "last_name": "Новикова",
            "first_name": "Анна",
            "role": "mentor",
            "channel": "code",
        },
    ),
    "mentoring:team_member_role": Entry(
        lambda c: f"/team/members/{_mentee_membership(c).pk}/role/",
        granting(),
        method="post",
        data=lambda c: {"role": "mentor"},
    ),
    "mentoring:team_member_revoke": Entry(
        lambda c: f"/team/members/{_mentee_membership(c).pk}/revoke/", granting(), method="post"
    ),
    "mentoring:invitation_cancel": Entry(
        lambda c: f"/team/invitations/{_invitation(c).pk}/cancel/", granting(), method="post"
    ),
    "mentoring:codes_sheet": Entry(
        lambda c: "/team/codes.pdf", granting(other_methodist=302), method="post"
    ),
    "mentoring:participant_invite": Entry(
        lambda c: f"/participants/{_participant(c).pk}/invite/", granting(), method="post"
    ),
    "mentoring:participant_link_account": Entry(
        lambda c: f"/participants/{_participant(c).pk}/link-account/",
        granting(),
        method="post",
        data=lambda c: {"login": "nobody"},
    ),
    "mentoring:invitation_accept": Entry(
        lambda c: "/accounts/invite/not-a-token/", everyone(404, anonymous=404)
    ),
    "mentoring:account_activate": Entry(
        lambda c: "/accounts/activate/", everyone(200, anonymous=200)
    ),
    "mentoring:global_search": Entry(lambda c: "/search/?q=Иванов", everyone(200, anonymous=LOGIN)),
}
