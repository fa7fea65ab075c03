"""Data minimisation for the department (152-ФЗ ст. 5 ч. 5; issue 17): its
specialist and its head read figures about the organisations below, the
organisations' staff and the head pairs — never a mentee's or a child's
name, nor any participant's e-mail, phone or login. Every page and export a
department role can open is walked for a school that has all of these."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.factories import (
    MembershipFactory,
    MentoringFormFactory,
    UserFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.models import Role, TargetGroup
from mentoring.navigation import menu_for
from reports.collections import collection_submit
from reports.tests.access import collection_request
from reports.tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

# What the department must never see, whichever page or file it opens.
SECRETS = [
    # A child in the bank of mentees, and the child's parent.
    "Ребятишкина",
    "Тимофей",
    "Родителева",
    "+7 900 111-22-33",
    # A young specialist in the bank of mentees.
    "Новичкова",
    "novichkova.private@example.org",
    "+7 900 444-55-66",
    # A mentor's contacts (the mentor's name is not a secret: a teacher).
    "mentor.private@example.org",
    "+7 900 777-88-99",
    # Participants' accounts: logins and e-mails.
    "acct-mentee-x7",
    "acct.mentee@example.org",
    "acct-mentor-x7",
    "acct.mentor@example.org",
]


def _school_with_people(cast):
    school = cast.school
    child = mentee_participant(
        school,
        last_name="Ребятишкина",
        first_name="Тимофей",
        patronymic="Андреевич",
        target_group=TargetGroup.SCHOOL_STUDENT,
        birth_date=timezone.localdate() - datetime.timedelta(days=365 * 12),
        position="",
        representative_name="Родителева Анна Ивановна",
        representative_relation="мать",
        representative_phone="+7 900 111-22-33",
    )
    young = mentee_participant(
        school,
        last_name="Новичкова",
        email="novichkova.private@example.org",
        phone="+7 900 444-55-66",
    )
    mentor = mentor_participant(
        school, email="mentor.private@example.org", phone="+7 900 777-88-99"
    )
    make_pair(school, by=cast.methodist, mentor=mentor, mentee=young, agreed=True)
    student_form = MentoringFormFactory(
        organization=school,
        name="Педагог – обучающийся",
        mentor_groups=[TargetGroup.TEACHER.value],
        mentee_groups=[TargetGroup.SCHOOL_STUDENT.value],
    )
    make_pair(school, by=cast.methodist, form=student_form, mentee=child)
    for username, email, role, last_name in (
        ("acct-mentee-x7", "acct.mentee@example.org", Role.MENTEE, "Новичкова"),
        ("acct-mentor-x7", "acct.mentor@example.org", Role.MENTOR, "Учителева"),
    ):
        user = UserFactory(username=username, email=email, last_name=last_name)
        MembershipFactory(user=user, organization=school, role=role)
    return child, young


def _text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        return pdf_text(content)
    if "spreadsheet" in kind:
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode()


def _department_urls(membership, cast, child, young):
    urls = {item["url"] for item in menu_for(membership) if "url" in item}
    slug = cast.school.slug
    # The school's own analytic report, as it goes into the collection.
    item = collection_request(cast)
    collection_submit(request=item, organization=cast.school, by=cast.director)
    urls |= {
        "/organizations/",
        f"/organizations/{slug}/",
        f"/organizations/{slug}/?role=mentee",
        f"/organizations/{slug}/?role=mentor",
        f"/organizations/{slug}/?q=Новичк",
        "/dashboard/department/",
        f"/dashboard/department/{slug}/",
        f"/department/sbornik/{item.pk}/",
        f"/department/sbornik/{item.pk}/sbornik.pdf",
        f"/department/sbornik/{item.pk}/sbornik.xlsx",
        "/mentoring-programs/bank/",
        "/department/head-pairs/",
        "/practices/municipal-bank/",
        "/roadmaps/",
        "/notifications/",
        "/search/?q=Ребятишк",
        "/search/?q=Новичк",
        "/search/?q=novichkova.priv",
        "/search/?q=acct-mentee",
        f"/participants/{child.pk}/",
        f"/participants/{young.pk}/",
    }
    # A query is echoed back in its box: each one above is a secret's prefix,
    # so that only a found person's row could carry the whole secret.
    return sorted(urls)


@pytest.mark.parametrize("who", ["specialist", "head"])
def test_the_department_sees_no_mentee_names_and_no_participant_contacts(cast, client_for, who):
    child, young = _school_with_people(cast)
    if who == "specialist":
        user = cast.specialist
    else:
        user = UserFactory(username="do-head-min")
        MembershipFactory(user=user, organization=cast.department, role=Role.DIRECTOR)
    membership = user.memberships.get()
    client = client_for(user)
    opened = 0
    for url in _department_urls(membership, cast, child, young):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        if response.status_code != 200:
            continue
        opened += 1
        text = _text(response)
        leaked = [secret for secret in SECRETS if secret in text]
        assert not leaked, f"{url}: {leaked}"
    # The monitoring table (XLSX) the department builds.
    form = client.get("/reports/").context["forms"]["monitoring"]
    quarter = form.fields["quarter"].choices[0][0]
    response = client.post("/reports/build/monitoring/", {"quarter": quarter})
    assert response.status_code == 200
    text = _text(response)
    assert not [secret for secret in SECRETS if secret in text]
    assert opened > 15, "the walk opened the department's pages"


def test_the_department_sees_the_schools_staff_and_counts_not_its_participants(cast, client_for):
    _school_with_people(cast)
    page = client_for(cast.specialist).get(f"/organizations/{cast.school.slug}/")
    text = page.content.decode()
    assert "Директорова" in text and "Кураторова" in text and "Методистова" in text
    assert "Наставляемова" not in text and "Учителева" not in text
    # The school's own staff still see every account with its contacts.
    own = client_for(cast.director).get(f"/organizations/{cast.school.slug}/?role=mentee")
    text = own.content.decode()
    assert "acct-mentee-x7" in text and "acct.mentee@example.org" in text
