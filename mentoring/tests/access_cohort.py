"""Access table of whole-cohort assignment and programme settings."""

from mentoring.tests.access_mentorships import managers
from mentoring.tests.access_table import Entry

ACCESS = {
    "mentoring:cohort_assign": Entry(
        lambda c: "/matching/cohort/", managers() | {"other_methodist": 200}
    ),
    "mentoring:programme_settings": Entry(
        lambda c: "/settings/programme/", managers() | {"other_methodist": 200}
    ),
}
