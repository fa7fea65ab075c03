"""Access table of the participant import pages (see test_access_sweep.py).

The preview and confirm pages take the token of an upload of ``cast.school``;
``_stored_upload`` puts one there (a valid one-row file) before the request.
"""

import io

import openpyxl

from mentoring.services.imports import COLUMNS
from mentoring.tests.access_table import LOGIN, Entry, everyone


def _stored_upload(cast):
    from mentoring.views.imports import store_upload

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Участники"
    sheet.append([c.header for c in COLUMNS])
    values = {
        "last_name": "Доступова",
        "first_name": "Вера",
        "target_group": "Педагогический работник",
        "is_mentor": "да",
    }
    sheet.append([values.get(c.key) for c in COLUMNS])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    cast.import_token = store_upload(
        organization=cast.school, user=cast.methodist, fileobj=data, name="доступ.xlsx"
    )


def managers(code, *, other_methodist):
    """The coordinator and methodist get ``code``; the director, mentor, mentee
    and specialist 403; the other school's methodist ``other_methodist``."""
    return {
        **everyone(403),
        "coordinator": code,
        "methodist": code,
        "other_methodist": other_methodist,
        "anonymous": LOGIN,
    }


ACCESS = {
    # The other school's methodist imports into their own school.
    "mentoring:import_template": Entry(
        lambda c: "/import/template.xlsx", managers(200, other_methodist=200)
    ),
    "mentoring:import_upload": Entry(lambda c: "/import/", managers(200, other_methodist=200)),
    # A token of another organisation is 404.
    "mentoring:import_preview": Entry(
        lambda c: f"/import/{c.import_token}/",
        managers(200, other_methodist=404),
        setup=_stored_upload,
    ),
    "mentoring:import_confirm": Entry(
        lambda c: f"/import/{c.import_token}/confirm/",
        managers(302, other_methodist=404),
        method="post",
        setup=_stored_upload,
    ),
}
