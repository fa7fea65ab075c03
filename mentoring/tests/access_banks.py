"""Access table of the banks of mentors and mentees."""

from mentoring.factories import ParticipantFactory
from mentoring.tests.access_table import Entry, everyone, staff_only


def participant(cast):
    return ParticipantFactory(organization=cast.school, is_mentor=True, mentor_status="potential")


def managers_only(code=200):
    expected = staff_only(code)
    expected["director"] = 403
    return expected


ACCESS = {
    "mentoring:mentee_bank": Entry(
        lambda c: "/bank/mentees/", staff_only(other=403) | {"other_methodist": 200}
    ),
    "mentoring:mentor_bank": Entry(
        lambda c: "/bank/mentors/", staff_only(other=403) | {"other_methodist": 200}
    ),
    "mentoring:potential_mentors": Entry(
        lambda c: "/bank/potential-mentors/", staff_only(other=403) | {"other_methodist": 200}
    ),
    "mentoring:bank_export": Entry(
        lambda c: "/bank/mentors/export.xlsx", staff_only(other=403) | {"other_methodist": 200}
    ),
    "mentoring:bank_bulk": Entry(
        lambda c: "/bank/mentees/bulk/",
        staff_only(302) | {"other_methodist": 302},
        method="post",
        data=lambda c: {"action": "forms"},
    ),
    "mentoring:participant_create": Entry(
        lambda c: "/participants/new/", managers_only() | {"other_methodist": 200}
    ),
    "mentoring:participant_detail": Entry(
        lambda c: f"/participants/{participant(c).pk}/", staff_only()
    ),
    "mentoring:participant_edit": Entry(
        lambda c: f"/participants/{participant(c).pk}/edit/", managers_only()
    ),
    "mentoring:participant_history": Entry(
        lambda c: f"/participants/{participant(c).pk}/history/", staff_only()
    ),
    "mentoring:interview_create": Entry(
        lambda c: f"/participants/{participant(c).pk}/interviews/new/", managers_only()
    ),
    "mentoring:mentor_approve": Entry(
        lambda c: f"/participants/{participant(c).pk}/approve/",
        managers_only(302),
        method="post",
    ),
    "mentoring:headcounts": Entry(
        lambda c: "/headcounts/", staff_only(other=403) | {"other_methodist": 200}
    ),
}

__all__ = ["ACCESS", "everyone"]
