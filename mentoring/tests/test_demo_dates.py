"""The demo data is built relative to the day ``seed_demo`` runs: on any day the
school's roadmap covers the current academic year, pairs began weeks ago, the
questionnaires closed after the pairs began and the home page does not open
with a dozen overdue items."""

import datetime
import io
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

from mentoring.models import Mentorship, MentorshipStatus, Organization

# A day far from the one the demo was written for (23.11.2026).
DAY = datetime.datetime(2027, 10, 12, 12, 0, tzinfo=datetime.UTC)


def test_demo_dates_follow_the_day_it_is_seeded(db):
    from roadmaps.models import Occurrence, Roadmap
    from surveys.models import Campaign

    with mock.patch("django.utils.timezone.now", return_value=DAY):
        today = timezone.localdate()
        call_command("seed_demo", stdout=io.StringIO())
        school = Organization.objects.get(slug="sosh-11")

        roadmap = Roadmap.objects.get(organization=school, source_name__startswith="sosh11")
        assert roadmap.period_start == 2027, roadmap.period_label
        overdue = [o for o in Occurrence.objects.filter(roadmap=roadmap) if o.is_overdue(today)]
        assert len(overdue) <= 3, len(overdue)

        pairs = Mentorship.objects.filter(organization=school, status=MentorshipStatus.ACTIVE)
        starts = sorted(m.planned_start for m in pairs)
        assert starts and today - datetime.timedelta(days=120) < starts[0] < today

        campaigns = Campaign.objects.filter(organization=school)
        assert campaigns.exists()
        for campaign in campaigns:
            assert campaign.deadline > starts[0], (campaign.title, campaign.deadline)


def test_demo_accounts_subjects_are_subjects_not_genitive_position_tails(db):
    """QA: the demo mentor's card, portfolio and honour-board card said
    «Математики» (the tail of «Учитель математики») for his subject."""
    from mentoring.models import Participant

    call_command("seed_demo", stdout=io.StringIO())
    subjects = dict(
        Participant.objects.filter(
            user__username__in=["school.mentor", "college.mentor"]
        ).values_list("user__username", "subjects")
    )
    assert subjects == {"school.mentor": "Математика", "college.mentor": "Фортепиано"}
    genitive = Participant.objects.filter(
        user__isnull=False, subjects__in=["Математики", "Истории"]
    )
    assert not genitive.exists()
