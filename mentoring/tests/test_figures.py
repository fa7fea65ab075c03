"""Cached figures (mentoring.figures): computed once per organisation
version, recomputed after a write to the organisation or a school below a
department, and the pages that read them show the new numbers at once."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from mentoring.factories import ConsentFactory, ParticipantFactory
from mentoring.figures import figures_bump, figures_get, paginate
from mentoring.models import Organization, Participant


@pytest.fixture(autouse=True)
def _local_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "f"}
    }
    cache.clear()
    yield
    cache.clear()


def test_a_figure_is_computed_once_until_a_write_bumps_it(cast):
    calls = []

    def compute():
        calls.append(1)
        return Participant.objects.filter(organization=cast.school).count()

    assert figures_get(cast.school, "n", compute) == 0
    assert figures_get(cast.school, "n", compute) == 0
    assert len(calls) == 1
    ParticipantFactory(organization=cast.school)  # a save bumps the version
    assert figures_get(cast.school, "n", compute) == 1
    assert len(calls) == 2


def test_a_write_in_a_school_bumps_its_department_not_a_sibling(cast):
    values = {"dept": 0, "other": 0}

    def counter(name):
        def compute():
            values[name] += 1
            return values[name]

        return compute

    assert figures_get(cast.department, "x", counter("dept")) == 1
    assert figures_get(cast.other_school, "x", counter("other")) == 1
    ParticipantFactory(organization=cast.school)
    assert figures_get(cast.department, "x", counter("dept")) == 2
    assert figures_get(cast.other_school, "x", counter("other")) == 1


def test_bulk_writes_are_seen_after_an_explicit_bump(cast):
    figures_get(cast.school, "n", lambda: 0)
    Participant.objects.bulk_create(
        [Participant(organization=cast.school, last_name="Пачкин", first_name="Иван")]
    )
    assert figures_get(cast.school, "n", lambda: 1) == 0  # stale until bumped
    figures_bump(cast.school)
    assert figures_get(cast.school, "n", lambda: 1) == 1


def test_home_and_consent_list_show_a_new_consent_at_once(cast, client_for):
    person = ParticipantFactory(organization=cast.school, last_name="Согласнов")
    client = client_for(cast.methodist)
    assert "Согласнов" in client.get("/consents/missing/").content.decode()
    home = client.get("/").context
    missing_before = home["coverage"]["missing"]
    ConsentFactory(participant=person)
    assert "Согласнов" not in client.get("/consents/missing/").content.decode()
    assert client.get("/").context["coverage"]["missing"] == missing_before - 1


def test_deferred_pages_keep_the_order_and_the_annotations(cast):
    for n in range(7):
        ParticipantFactory(organization=cast.school, last_name=f"Фамилия{n}")
    queryset = Participant.objects.of(cast.school).with_consent_state().order_by("-last_name", "pk")
    page = paginate(queryset, 3, 2, deferred=True)
    names = [p.last_name for p in page.object_list]
    assert names == [p.last_name for p in queryset[3:6]]
    assert all(hasattr(p, "has_processing_consent") for p in page.object_list)
    assert page.paginator.count == 7
    assert paginate(queryset, 3, 2, count=100).paginator.num_pages == 34


def test_seed_department_scale_builds_schools_people_and_a_specialist(db):
    call_command("seed_demo", "--department-scale", "3", "--department-participants", "40")
    department = Organization.objects.get(slug="gorod-do")
    schools = Organization.objects.filter(parent=department)
    assert schools.count() == 3
    assert Participant.objects.filter(organization__parent=department).count() == 120
    assert department.memberships.get(user__username="city.specialist").role == "specialist"
    # Idempotent: a second run adds nothing.
    call_command("seed_demo", "--department-scale", "3", "--department-participants", "40")
    assert Participant.objects.filter(organization__parent=department).count() == 120


def test_versions_are_remembered_within_a_request_only(cast):
    """A request reads an organisation's version once (figures._request);
    its own writes still move it, and outside a request (tasks, commands)
    every read goes to the cache, so another process's bump is seen."""
    from django.core.cache import cache

    from mentoring import figures

    org_id = cast.school.pk
    figures._request_started()
    try:
        first = figures.figures_version(org_id)
        cache.set(figures._version_key(org_id), first + 1, 60)  # another process
        assert figures.figures_version(org_id) == first
        figures.figures_bump(org_id)  # this request's own write
        assert figures.figures_version(org_id) not in (first, first + 1)
    finally:
        figures._request_finished()
    cache.set(figures._version_key(org_id), 42, 60)
    assert figures.figures_version(org_id) == 42


def test_a_compressed_figure_reads_back_the_same_and_follows_a_write(cast):
    calls = []

    def compute():
        calls.append(1)
        return {"html": "<td>1</td>" * 1000, "count": len(calls)}

    first = figures_get(cast.school, "big", compute, compress=True)
    assert figures_get(cast.school, "big", compute, compress=True) == first
    assert len(calls) == 1
    ParticipantFactory(organization=cast.school)
    assert figures_get(cast.school, "big", compute, compress=True)["count"] == 2


def test_organisation_list_counts_follow_a_new_mentor_in_a_school_at_once(cast, client_for):
    """The list reads the department's cached role counts (the home page's)."""
    client = client_for(cast.specialist)

    def mentors_of_school():
        page = client.get("/organizations/").context["page"]
        return next(o for o in page.object_list if o.pk == cast.school.pk).counts["mentor"]

    before = mentors_of_school()
    ParticipantFactory(organization=cast.school, is_mentor=True, is_mentee=False)
    assert mentors_of_school() == before + 1
    assert client.get("/").context["children"]  # the home page shares the figure
