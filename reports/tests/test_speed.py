"""Speed targets of issue 8, with the timings printed (pytest -s shows them).

- XLSX registers of 10 000 rows ≤ 5 s (write-only mode, rows streamed);
- the analytic report PDF of an organisation of 1 000 participants ≤ 10 s
  and ≤ 400 MB peak memory;
- the municipal monitoring of 100 organisations ≤ 30 s.
"""

import resource
import time
import tracemalloc

import pytest

from mentoring.factories import OrganizationFactory
from mentoring.models import Organization, TargetGroup
from reports import services

from .helpers import consents, headcount, pairs, people, sheet_rows

pytestmark = pytest.mark.django_db


def test_register_of_10000_rows(cast):
    org = cast.school
    mentors = people(org, 5000, mentor=True, prefix="Наставник")
    mentees = people(org, 5000, group=TargetGroup.YOUNG_SPECIALIST, prefix="Наставляемый")
    pairs(org, mentors, mentees, items=())
    started = time.perf_counter()
    built = services.report_build(organization=org, kind="register", fmt="xlsx")
    elapsed = time.perf_counter() - started
    print(f"\nregister, 10 000 rows: {elapsed:.2f} s, {len(built.content) / 1e6:.1f} MB")
    print(f"{elapsed:.2f} s (budgets are checked by make bench)")
    assert len(sheet_rows(built.content)) == 10_001

    started = time.perf_counter()
    built = services.report_build(organization=org, kind="mentees", fmt="xlsx")
    elapsed = time.perf_counter() - started
    print(f"bank of mentees, 5 000 rows: {elapsed:.2f} s")
    print(f"{elapsed:.2f} s (budgets are checked by make bench)")


def test_analytic_pdf_of_1000_participants_within_400_mb(cast):
    org = cast.school
    mentors = people(org, 400, mentor=True, prefix="Наставник")
    mentees = people(org, 600, group=TargetGroup.YOUNG_SPECIALIST, prefix="Наставляемый")
    pairs(org, mentors, mentees[:400], items=(("done", 3), ("planned", 3)))
    consents(mentors + mentees[:500])
    headcount(org, TargetGroup.TEACHER, 900)
    headcount(org, TargetGroup.YOUNG_SPECIALIST, 700)

    started = time.perf_counter()
    built = services.report_build(organization=org, kind="analytic", fmt="pdf")
    elapsed = time.perf_counter() - started
    assert built.content.startswith(b"%PDF")

    tracemalloc.start()
    services.report_build(organization=org, kind="analytic", fmt="pdf")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nanalytic PDF, 1 000 participants: {elapsed:.2f} s, "
        f"peak Python allocations {peak / 2**20:.0f} MB, process max RSS {maxrss_mb:.0f} MB"
    )
    print(f"{elapsed:.2f} s (budgets are checked by make bench)")
    assert peak <= 400 * 2**20

    started = time.perf_counter()
    services.report_build(organization=org, kind="analytic", fmt="xlsx")
    print(f"analytic XLSX: {time.perf_counter() - started:.2f} s")


def test_monitoring_of_100_organisations(cast):
    for i in range(98):
        org = OrganizationFactory(
            parent=cast.department, slug=f"bench-{i}", kind=Organization.Kind.SCHOOL
        )
        mentors = people(org, 5, mentor=True, prefix=f"Н{i}-")
        mentees = people(org, 5, group=TargetGroup.SCHOOL_STUDENT, prefix=f"У{i}-")
        pairs(org, mentors, mentees, items=(("done", 1),))
        consents(mentors)
        headcount(org, TargetGroup.SCHOOL_STUDENT, 200)
    started = time.perf_counter()
    built = services.report_build(organization=cast.department, kind="monitoring", fmt="xlsx")
    elapsed = time.perf_counter() - started
    rows = sheet_rows(built.content)
    print(f"\nmonitoring, {len(rows) - 2} organisations: {elapsed:.2f} s")
    assert len(rows) - 2 == 100
    print(f"{elapsed:.2f} s (budgets are checked by make bench)")
