"""Access table of the roadmaps app (see mentoring/tests/test_access_sweep.py).

``_setup`` gives the school a roadmap (the mentor is responsible for its first
activity, which has an occurrence with an evidence file), the department a
roadmap with an activity assigned to the school, the school an indicator and
a stored import upload.
"""

import datetime
import io

from django.core.files.base import ContentFile

from mentoring.tests.access_table import LOGIN, Entry, everyone


def _setup(cast):
    from roadmaps.models import Indicator, IndicatorKind
    from roadmaps.services import (
        activity_set_people,
        roadmap_from_template,
    )
    from roadmaps.views import store_upload

    roadmap = roadmap_from_template(organization=cast.school, academic_year=2025)
    activity = roadmap.activities.order_by("position").first()
    activity_set_people(activity=activity, users=[cast.mentor])
    occurrence = activity.occurrences.first()
    occurrence.evidence.save("proof.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    occurrence.evidence_name = "справка.pdf"
    occurrence.comment = "Приказ подписан"
    occurrence.status, occurrence.done_on = "done", datetime.date(2025, 9, 20)
    occurrence.save()
    municipal = roadmap_from_template(organization=cast.department, academic_year=2025)
    activity_set_people(
        activity=municipal.activities.order_by("position").first(),
        users=[],
        organizations=[cast.school],
    )
    indicator = Indicator.objects.create(
        organization=cast.school, name="Охват обучающихся", kind=IndicatorKind.CONSENTS
    )
    cast.roadmap, cast.activity, cast.occurrence = roadmap, activity, occurrence
    cast.municipal, cast.indicator = municipal, indicator
    with open("/work/shared/samples/roadmaps/ddt-2022.xlsx", "rb") as fh:
        data = io.BytesIO(fh.read())
    cast.roadmap_token = store_upload(
        organization=cast.school,
        user=cast.methodist,
        fileobj=data,
        name="ddt-2022.xlsx",
        period=(2022, 2022),
    )


def readers(code=200, *, other=404, specialist=200):
    """Staff of the school and the department's specialist read; mentor and
    mentee 403; the other school ``other``."""
    return {
        **everyone(403),
        "director": code,
        "coordinator": code,
        "methodist": code,
        "specialist": specialist,
        "other_methodist": other,
        "anonymous": LOGIN,
    }


def managers(code, *, other=404):
    return {
        **everyone(403),
        "coordinator": code,
        "methodist": code,
        "other_methodist": other,
        "anonymous": LOGIN,
    }


def _roadmap(suffix=""):
    return lambda c: f"/roadmaps/{c.roadmap.pk}/{suffix}"


# The department's specialist reads the roadmaps of its schools (roadmap_detail
# is 200 for them), so a change they may not make is 403, not 404.
SPECIALIST_SEES = frozenset({"specialist"})

ACCESS = {
    # Lists of the current organisation: every organisation's staff and the specialist.
    "roadmaps:roadmap_list": Entry(lambda c: "/roadmaps/", readers(other=200), setup=_setup),
    "roadmaps:overdue": Entry(lambda c: "/roadmaps/overdue/", readers(other=200), setup=_setup),
    "roadmaps:indicator_list": Entry(
        lambda c: "/roadmaps/indicators/", readers(other=200), setup=_setup
    ),
    # The mentor is responsible for an activity: "my tasks" opens; the mentee is not: 403.
    "roadmaps:my_tasks": Entry(
        lambda c: "/roadmaps/tasks/", {**readers(other=200), "mentor": 200}, setup=_setup
    ),
    "roadmaps:roadmap_new": Entry(lambda c: "/roadmaps/new/", managers(200, other=200)),
    "roadmaps:import_upload": Entry(lambda c: "/roadmaps/import/", managers(200, other=200)),
    "roadmaps:import_preview": Entry(
        lambda c: f"/roadmaps/import/{c.roadmap_token}/", managers(200), setup=_setup
    ),
    "roadmaps:import_confirm": Entry(
        lambda c: f"/roadmaps/import/{c.roadmap_token}/confirm/",
        managers(302),
        method="post",
        setup=_setup,
    ),
    "roadmaps:roadmap_detail": Entry(_roadmap(), readers(), setup=_setup),
    "roadmaps:roadmap_timeline": Entry(_roadmap("timeline/"), readers(), setup=_setup),
    "roadmaps:roadmap_export_xlsx": Entry(_roadmap("export.xlsx"), readers(), setup=_setup),
    "roadmaps:roadmap_export_pdf": Entry(_roadmap("export.pdf"), readers(), setup=_setup),
    # The roll-up of the department's roadmap: the department's specialist only;
    # the school's staff see their part on the roadmap page, not the roll-up.
    "roadmaps:roadmap_rollup": Entry(
        lambda c: f"/roadmaps/{c.municipal.pk}/rollup/",
        {**everyone(403), "specialist": 200, "anonymous": LOGIN},
        setup=_setup,
    ),
    "roadmaps:roadmap_copy": Entry(
        _roadmap("copy/"),
        managers(302),
        method="post",
        setup=_setup,
        outsiders_who_see=SPECIALIST_SEES,
    ),
    "roadmaps:roadmap_approval": Entry(
        _roadmap("approval/"),
        managers(302),
        method="post",
        setup=_setup,
        outsiders_who_see=SPECIALIST_SEES,
    ),
    "roadmaps:roadmap_delete": Entry(
        _roadmap("delete/"),
        managers(302),
        method="post",
        setup=_setup,
        outsiders_who_see=SPECIALIST_SEES,
    ),
    "roadmaps:activity_edit": Entry(
        lambda c: f"/roadmaps/activities/{c.activity.pk}/edit/",
        managers(200),
        setup=_setup,
        outsiders_who_see=SPECIALIST_SEES,
    ),
    "roadmaps:activity_dates": Entry(
        lambda c: f"/roadmaps/activities/{c.activity.pk}/dates/",
        managers(200),
        setup=_setup,
        outsiders_who_see=SPECIALIST_SEES,
    ),
    "roadmaps:activity_people": Entry(
        lambda c: f"/roadmaps/activities/{c.activity.pk}/people/",
        managers(200),
        setup=_setup,
        outsiders_who_see=SPECIALIST_SEES,
    ),
    # Readers of the roadmap and the responsible mentor open an occurrence.
    "roadmaps:occurrence_update": Entry(
        lambda c: f"/roadmaps/occurrences/{c.occurrence.pk}/",
        {**readers(), "mentor": 200},
        setup=_setup,
    ),
    "roadmaps:occurrence_evidence": Entry(
        lambda c: f"/roadmaps/occurrences/{c.occurrence.pk}/evidence/",
        {**readers(), "mentor": 200},
        setup=_setup,
    ),
    "roadmaps:indicator_create": Entry(
        lambda c: "/roadmaps/indicators/new/", managers(200, other=200)
    ),
    # An indicator of the school: the department's specialist has its own list.
    "roadmaps:indicator_detail": Entry(
        lambda c: f"/roadmaps/indicators/{c.indicator.pk}/",
        readers(specialist=404),
        setup=_setup,
    ),
}
