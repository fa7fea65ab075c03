"""Both department roles read alike (issue 17 retest): the head of the
department reads what its specialist reads (a school's roadmap with its
exports and timeline), and neither is offered the department's own
school-style summary: /dashboard/ sends both to the department's
monitoring; /headcounts/ is 403 to both (mentoring tests)."""

import pytest

from mentoring.factories import MembershipFactory, UserFactory
from mentoring.models import Role
from mentoring.navigation import menu_for


@pytest.fixture
def head(cast):
    user = UserFactory(username="do-head-alike")
    MembershipFactory(user=user, organization=cast.department, role=Role.DIRECTOR)
    return user


def test_the_head_reads_a_schools_roadmap_as_the_specialist_does(cast, head, client_for):
    from roadmaps.services import roadmap_from_template

    roadmap = roadmap_from_template(organization=cast.school, academic_year=2025)
    for user in (cast.specialist, head):
        client = client_for(user)
        for url in (
            f"/roadmaps/{roadmap.pk}/",
            f"/roadmaps/{roadmap.pk}/timeline/",
            f"/roadmaps/{roadmap.pk}/export.xlsx",
            f"/roadmaps/{roadmap.pk}/export.pdf",
        ):
            assert client.get(url).status_code == 200, (user.username, url)
        assert f"/roadmaps/{roadmap.pk}/" in client.get("/roadmaps/").content.decode()
        # Reading is not editing.
        assert client.post(f"/roadmaps/{roadmap.pk}/delete/").status_code == 403
    # A school's director reads only their own school's roadmaps.
    other = roadmap_from_template(organization=cast.other_school, academic_year=2025)
    assert client_for(cast.director).get(f"/roadmaps/{other.pk}/").status_code in (403, 404)


def test_the_dashboard_sends_both_department_roles_to_the_monitoring(cast, head, client_for):
    for user in (cast.specialist, head):
        response = client_for(user).get("/dashboard/")
        assert response.status_code == 302
        assert response["Location"] == "/dashboard/department/"
    assert client_for(cast.director).get("/dashboard/").status_code == 200


def test_the_menus_of_both_department_roles_match_on_these_pages(cast, head):
    from mentoring.models import Membership

    menus = [
        {item.get("name") for item in menu_for(m)}
        for m in Membership.objects.filter(organization=cast.department).order_by("role")
    ]
    for names in menus:
        assert "roadmaps:roadmap_list" in names and "reports:department_dashboard" in names
        assert "reports:dashboard" not in names and "mentoring:headcounts" not in names
