"""The head of a department (a director membership at the department) reads
what its specialist reads — monitoring, the organisations, the bank of
programmes, an organisation's read-only dashboard — and sees the
department's menu, not a school's empty banks. A school's director still
gets 403 there."""

from mentoring.factories import MembershipFactory, UserFactory
from mentoring.models import Role
from mentoring.navigation import menu_for


def _head(cast):
    head = UserFactory(username="do-head-test")
    return MembershipFactory(user=head, organization=cast.department, role=Role.DIRECTOR)


def test_the_head_of_the_department_reads_the_monitoring(cast, client):
    membership = _head(cast)
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    for url in (
        "/dashboard/department/",
        f"/dashboard/department/{cast.school.slug}/",
        "/organizations/",
        "/mentoring-programs/bank/",
    ):
        assert client.get(url).status_code == 200, url
    labels = [item.get("label") for item in menu_for(membership)]
    assert "Мониторинг" in labels and "На утверждение" in labels
    assert "Банк наставляемых" not in labels and "Сводка" not in labels


def test_a_school_director_does_not(cast, client):
    client.force_login(cast.director, backend="django.contrib.auth.backends.ModelBackend")
    for url in ("/dashboard/department/", "/organizations/", "/mentoring-programs/bank/"):
        assert client.get(url).status_code == 403, url
