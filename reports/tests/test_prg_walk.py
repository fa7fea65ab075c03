"""The report form that starts a background job creates one job per opened
form: the walk of mentoring/tests/prg.py. (A small report is built at once
and answered with the file: nothing is created, the form may be sent again.)
The list of creating URLs is checked against the URL patterns in
mentoring/tests/test_prg_walk_complete.py."""

import pytest

from mentoring.tests.prg import Case, walk
from reports.models import ReportJob


def _report_job(cast, monkeypatch):
    monkeypatch.setattr("reports.views.needs_background", lambda **kwargs: True)
    return Case("/reports/", "/reports/build/mentors/", ReportJob.objects.count)


GUARDED = {
    "reports:report_build": (_report_job, "methodist"),
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_one_opened_creating_form_creates_once(name, cast, client_for, monkeypatch):
    setup, role = GUARDED[name]
    walk(client_for(cast.by_role(role)), name, setup(cast, monkeypatch))
