"""Access table of forms of mentoring, mentorships, matching, programmes,
meetings and the cabinet (see test_access_sweep.py).

The pair is made in the url lambda; the cast's mentor and mentee users are
linked to its lead mentor and its mentee, so they read it as members.
"""

from mentoring.factories import (
    MentoringFormFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only


def pair(cast):
    mentor = mentor_participant(cast.school, user=cast.mentor)
    mentee = mentee_participant(cast.school, user=cast.mentee)
    return make_pair(cast.school, mentor=mentor, mentee=mentee, by=cast.methodist)


def first_item(mentorship):
    return mentorship.program.items.order_by("position").first()


def managers(code=200, *, members=403):
    """Coordinator and methodist get ``code``; the director and the
    specialist 403; the pair's mentor and mentee ``members``; another
    organisation's methodist 404."""
    expected = everyone(403, anonymous=LOGIN)
    expected.update(coordinator=code, methodist=code, other_methodist=404)
    if isinstance(members, dict):
        expected.update(members)
    else:
        expected.update(mentor=members, mentee=members)
    return expected


def readers(code=200):
    """Staff and the pair's own members read; the specialist 403."""
    return staff_only(code) | {"mentor": code, "mentee": code}


def own_org_list(code=200):
    return staff_only(code, other=403) | {"other_methodist": code}


def propose_data(cast):
    form = MentoringFormFactory(organization=cast.school)
    return {
        "form": form.pk,
        "lead_mentor": mentor_participant(cast.school).pk,
        "mentees": [mentee_participant(cast.school).pk],
    }


ACCESS = {
    "mentoring:form_list": Entry(lambda c: "/forms/", own_org_list()),
    # The organisation's mentoring programmes: a list of its own (the other
    # school's methodist sees their own list); the department's bank.
    "mentoring:program_list": Entry(lambda c: "/mentoring-programs/", own_org_list()),
    "mentoring:program_bank": Entry(
        lambda c: "/mentoring-programs/bank/", {**everyone(403), "specialist": 200}
    ),
    "mentoring:form_edit": Entry(
        lambda c: f"/forms/{MentoringFormFactory(organization=c.school).pk}/edit/", managers()
    ),
    "mentoring:mentorship_list": Entry(lambda c: "/mentorships/", own_org_list()),
    "mentoring:mentees_without_mentor": Entry(
        lambda c: "/mentorships/without-mentor/", own_org_list()
    ),
    "mentoring:mentorship_propose": Entry(
        lambda c: "/mentorships/propose/", managers(302), method="post", data=propose_data
    ),
    "mentoring:mentorship_detail": Entry(lambda c: f"/mentorships/{pair(c).pk}/", readers()),
    "mentoring:mentorship_agree": Entry(
        lambda c: f"/mentorships/{pair(c).pk}/agree/", managers(302), method="post"
    ),
    "mentoring:mentorship_end": Entry(lambda c: f"/mentorships/{pair(c).pk}/end/", managers()),
    "mentoring:mentorship_edit": Entry(lambda c: f"/mentorships/{pair(c).pk}/edit/", managers()),
    "mentoring:program_detail": Entry(lambda c: f"/mentorships/{pair(c).pk}/program/", readers()),
    "mentoring:program_edit": Entry(
        lambda c: f"/mentorships/{pair(c).pk}/program/edit/",
        managers(members={"mentor": 200, "mentee": 403}),
    ),
    "mentoring:program_pdf": Entry(lambda c: f"/mentorships/{pair(c).pk}/program.pdf", readers()),
    "mentoring:plan_item_create": Entry(
        lambda c: f"/mentorships/{pair(c).pk}/program/items/new/",
        managers(members={"mentor": 200, "mentee": 403}),
    ),
    "mentoring:plan_item_edit": Entry(
        lambda c: (lambda m: f"/mentorships/{m.pk}/program/items/{first_item(m).pk}/edit/")(
            pair(c)
        ),
        managers(members=200),
    ),
    "mentoring:plan_item_delete": Entry(
        lambda c: (lambda m: f"/mentorships/{m.pk}/program/items/{first_item(m).pk}/delete/")(
            pair(c)
        ),
        managers(302),
        method="post",
    ),
    "mentoring:plan_item_evidence": Entry(
        lambda c: (lambda m: f"/mentorships/{m.pk}/program/items/{first_item(m).pk}/evidence/")(
            pair(c)
        ),
        # No file in the setup: 404 for whoever may read the pair.
        {**managers(404, members={"mentor": 404, "mentee": 404}), "director": 404},
    ),
    "mentoring:plan_item_evidence_upload": Entry(
        lambda c: (
            lambda m: f"/mentorships/{m.pk}/program/items/{first_item(m).pk}/evidence/upload/"
        )(pair(c)),
        # Without a file the plan page answers with a message.
        managers(302, members={"mentor": 302, "mentee": 403}),
        method="post",
    ),
    "mentoring:meeting_create": Entry(
        lambda c: f"/mentorships/{make_pair_agreed(c).pk}/meetings/new/",
        managers(members={"mentor": 200, "mentee": 403}),
    ),
    "mentoring:meeting_edit": Entry(
        lambda c: f"/mentorships/{(m := meeting(c)).mentorship_id}/meetings/{m.pk}/edit/",
        managers(members={"mentor": 200, "mentee": 403}),
    ),
    "mentoring:meeting_evidence": Entry(
        lambda c: f"/mentorships/{(m := meeting(c)).mentorship_id}/meetings/{m.pk}/evidence/",
        # No file in the setup: 404 for whoever may read the pair.
        {**managers(404, members={"mentor": 404, "mentee": 404}), "director": 404},
    ),
    "mentoring:meeting_delete": Entry(
        lambda c: f"/mentorships/{(m := meeting(c)).mentorship_id}/meetings/{m.pk}/delete/",
        managers(302, members={"mentor": 302, "mentee": 403}),
        method="post",
    ),
    "mentoring:matching": Entry(lambda c: "/matching/", managers() | {"other_methodist": 200}),
    "mentoring:cabinet": Entry(
        lambda c: "/cabinet/", {**everyone(403), "mentor": 200, "mentee": 200}
    ),
}


def make_pair_agreed(cast):
    mentor = mentor_participant(cast.school, user=cast.mentor)
    mentee = mentee_participant(cast.school, user=cast.mentee)
    return make_pair(cast.school, mentor=mentor, mentee=mentee, by=cast.methodist, agreed=True)


def meeting(cast):
    from django.utils import timezone

    from mentoring.models import Meeting

    pair = make_pair_agreed(cast)
    return Meeting.objects.create(
        mentorship=pair, held_on=timezone.localdate(), format="in_person", topic="Знакомство"
    )


__all__ = ["ACCESS"]

ACCESS["mentoring:mentorships_attention"] = Entry(
    lambda c: "/mentorships/attention/", own_org_list()
)
