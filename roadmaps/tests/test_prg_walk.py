"""Every creating form of the roadmaps app creates once per opened form: the
walk of mentoring/tests/prg.py (redirect after the POST, nothing created by
the GET after it, nothing by a repeated POST of the same form, a Russian
message on the repeat). The list of creating URLs is checked against the
URL patterns in mentoring/tests/test_prg_walk_complete.py."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.models import Order
from mentoring.tests.prg import Case, walk
from roadmaps.models import Indicator, IndicatorEntry, Roadmap
from roadmaps.services import roadmap_from_template

SAMPLE = "/work/shared/samples/roadmaps/ddt-2022.xlsx"


def _sample():
    with open(SAMPLE, "rb") as fh:
        return SimpleUploadedFile("ddt-2022.xlsx", fh.read(), content_type="application/zip")


def _stored_uploads():
    from roadmaps.views import _upload_dir

    folder = _upload_dir()
    return len(list(folder.glob("*.json"))) if folder.exists() else 0


def _roadmap_new(cast):
    return Case("/roadmaps/new/", "/roadmaps/new/", Roadmap.objects.count, {"academic_year": 2026})


def _import_upload(cast):
    return Case(
        "/roadmaps/import/",
        "/roadmaps/import/",
        _stored_uploads,
        files=lambda: {"file": _sample()},
    )


def _import_confirm(cast):
    from roadmaps.views import store_upload

    with open(SAMPLE, "rb") as fh:
        token = store_upload(
            organization=cast.school,
            user=cast.methodist,
            fileobj=io.BytesIO(fh.read()),
            name="ddt-2022.xlsx",
            period=(2022, 2022),
        )
    page = f"/roadmaps/import/{token}/"
    return Case(page, page + "confirm/", Roadmap.objects.count)


def _copy(cast):
    roadmap = roadmap_from_template(organization=cast.school, academic_year=2025)
    return Case(f"/roadmaps/{roadmap.pk}/", f"/roadmaps/{roadmap.pk}/copy/", Roadmap.objects.count)


def _approval(cast):
    roadmap = roadmap_from_template(organization=cast.school, academic_year=2025)
    return Case(
        f"/roadmaps/{roadmap.pk}/", f"/roadmaps/{roadmap.pk}/approval/", Order.objects.count
    )


def _indicator(cast):
    data = {
        "name": "Охват обучающихся",
        "kind": "coverage",
        "target_group": "school_student",
        "unit": "%",
        "position": 1,
    }
    url = "/roadmaps/indicators/new/"
    return Case(url, url, Indicator.objects.count, data)


def _indicator_entry(cast):
    indicator = Indicator.objects.create(
        organization=cast.school, name="Число наставников", kind="manual"
    )
    url = f"/roadmaps/indicators/{indicator.pk}/"
    return Case(url, url, IndicatorEntry.objects.count, {"value": "12"}, pick={"action": "entry"})


# name: (setup → Case, user)
GUARDED = {
    "roadmaps:roadmap_new": (_roadmap_new, "methodist"),
    "roadmaps:import_upload": (_import_upload, "methodist"),
    "roadmaps:import_confirm": (_import_confirm, "methodist"),
    "roadmaps:roadmap_copy": (_copy, "methodist"),
    "roadmaps:roadmap_approval": (_approval, "methodist"),
    "roadmaps:indicator_create": (_indicator, "methodist"),
    "roadmaps:indicator_detail": (_indicator_entry, "methodist"),
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_one_opened_creating_form_creates_once(name, cast, client_for):
    setup, role = GUARDED[name]
    walk(client_for(cast.by_role(role)), name, setup(cast))
