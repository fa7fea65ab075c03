"""Access table of the reports app: dashboards, reports, jobs, the public
section's settings, and the public section itself (open to everyone)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from mentoring.models import Order, OrderKind, OrderStatus
from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only
from reports.models import JobStatus, ReportJob

PUBLIC = "/o/test-school/nastavnichestvo/"


def own_org(code=200):
    """Staff of the school, and the methodist of the other school in their
    own organisation; participants and the specialist are refused."""
    return staff_only(code, other=403) | {"other_methodist": code}


def managers(code=200):
    return own_org(code) | {"director": 403}


def job(cast, *, done=False):
    job = ReportJob.objects.create(
        organization=cast.school, kind="mentors", format="xlsx", created_by=cast.methodist
    )
    if done:
        job.file.save("bank.xlsx", ContentFile(b"PK-test"), save=False)
        job.filename, job.status, job.progress = "bank.xlsx", JobStatus.DONE, 100
        job.save()
    return job


def approved_order(cast, *, public=True):
    return Order.objects.create(
        organization=cast.school,
        kind=OrderKind.REGULATION,
        title="Об утверждении Положения о наставничестве",
        points=["Утвердить Положение о наставничестве."],
        status=OrderStatus.APPROVED,
        year=2026,
        sequence=1,
        number="1-о",
        signed_on=datetime.date(2026, 9, 1),
        is_public=public,
    )


def published_news(cast):
    from mentoring.models.activities import News

    return News.objects.create(
        organization=cast.school,
        title="Старт программы наставничества",
        body="Сформированы первые пары.",
        status=News.Status.PUBLISHED,
        published_at=timezone.now(),
    )


PUBLIC_PAGE = everyone(200, anonymous=200)

ACCESS = {
    # The department's specialist is sent to the department's monitoring
    # (test_department_roles_alike.py checks where).
    "reports:dashboard": Entry(lambda c: "/dashboard/", {**own_org(), "specialist": 302}),
    "reports:department_dashboard": Entry(
        lambda c: "/dashboard/department/", {**everyone(403), "specialist": 200}
    ),
    # The specialist drills into an organisation of the department (both
    # schools are in it; a school elsewhere is 404: test_indicator_consistency).
    "reports:department_organization_dashboard": Entry(
        lambda c: f"/dashboard/department/{c.school.slug}/",
        {**everyone(403), "specialist": 200},
    ),
    "reports:report_list": Entry(lambda c: "/reports/", own_org() | {"specialist": 200}),
    "reports:report_build": Entry(
        lambda c: "/reports/build/mentors/",
        # The department builds only the monitoring: another kind is 404 there.
        own_org() | {"specialist": 404},
        method="post",
        data=lambda c: {},
    ),
    "reports:job_status": Entry(
        lambda c: f"/reports/jobs/{job(c).pk}/",
        staff_only() | {"specialist": 404, "other_methodist": 404},
    ),
    "reports:job_download": Entry(
        lambda c: f"/reports/jobs/{job(c, done=True).pk}/download/",
        staff_only() | {"specialist": 404, "other_methodist": 404},
    ),
    "reports:public_settings": Entry(lambda c: "/public-settings/", managers()),
    "reports:order_publish": Entry(
        lambda c: f"/public-settings/orders/{approved_order(c, public=False).pk}/publish/",
        managers(302) | {"other_methodist": 404},
        method="post",
        data=lambda c: {"is_public": "1"},
    ),
    "reports:public_home": Entry(lambda c: PUBLIC, PUBLIC_PAGE),
    "reports:public_documents": Entry(lambda c: PUBLIC + "dokumenty/", PUBLIC_PAGE),
    "reports:public_order": Entry(
        lambda c: PUBLIC + f"dokumenty/prikaz-{approved_order(c).pk}/", PUBLIC_PAGE
    ),
    "reports:public_news": Entry(lambda c: PUBLIC + "novosti/", PUBLIC_PAGE),
    "reports:public_news_rss": Entry(lambda c: PUBLIC + "novosti/rss/", PUBLIC_PAGE),
    "reports:public_news_detail": Entry(
        lambda c: PUBLIC + f"novosti/{published_news(c).pk}/", PUBLIC_PAGE
    ),
    "reports:public_practices": Entry(lambda c: PUBLIC + "praktiki/", PUBLIC_PAGE),
    "reports:public_honour_board": Entry(lambda c: PUBLIC + "doska-pochyota/", PUBLIC_PAGE),
    "reports:public_materials": Entry(lambda c: PUBLIC + "materialy/", PUBLIC_PAGE),
    "reports:public_embed": Entry(lambda c: PUBLIC + "embed/", PUBLIC_PAGE),
    "reports:public_mode": Entry(lambda c: PUBLIC + "rezhim/?on=1", everyone(302, anonymous=302)),
}

__all__ = ["ACCESS", "LOGIN"]


def _portfolio_mentor(cast):
    from mentoring.factories import mentor_participant

    return mentor_participant(cast.school, user=cast.mentor)


def _public_mentor(cast):
    from mentoring.tests import activity_data

    return activity_data.published_mentor(cast, fields=("name", "achievements"))


ACCESS.update(
    {
        "reports:portfolio": Entry(
            lambda c: f"/portfolio/{_portfolio_mentor(c).pk}/",
            staff_only(200) | {"mentor": 200},
        ),
        "reports:portfolio_pdf": Entry(
            lambda c: f"/portfolio/{_portfolio_mentor(c).pk}/portfolio.pdf",
            staff_only(200) | {"mentor": 200},
        ),
        "reports:public_mentor_card": Entry(
            lambda c: PUBLIC + f"doska-pochyota/{_public_mentor(c).pk}/", PUBLIC_PAGE
        ),
    }
)


# --- the department's yearly collection (reports/collections.py) ----------------------


def blank_pdf(pages=1):
    """A valid PDF of blank A4 pages (stands for a stored analytic report)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def collection_request(cast, *, submitted=False, deadline=None):
    from reports.models import CollectionRequest, CollectionSubmission

    item = CollectionRequest.objects.create(
        department=cast.department,
        period="2025-2026",
        deadline=deadline or timezone.localdate() + datetime.timedelta(days=14),
        created_by=cast.specialist,
    )
    if submitted:
        submission = CollectionSubmission(
            request=item,
            organization=cast.school,
            figures=[["Участников", 12]],
            as_of=timezone.localdate(),
            submitted_by=cast.director,
            submitted_at=timezone.now(),
        )
        submission.pdf.save("report.pdf", ContentFile(blank_pdf()), save=False)
        submission.save()
    return item


DEPARTMENT_ONLY = {**everyone(403), "specialist": 200}
SBORNIK = "/department/sbornik/"
# A collection request is the department's, addressed to its schools: the
# other school's methodist reads it among "Мои сборники" (my_collection is
# 200 for them), so the department's pages of it are 403 for them, not 404.
ADDRESSEES_SEE = frozenset({"other_methodist"})
# The department's specialist keeps its own requests (collection_detail is
# 200): the schools' pages of one are 403 for them, not 404.
DEPARTMENT_SEES = frozenset({"specialist"})

ACCESS.update(
    {
        "reports:collection_list": Entry(lambda c: SBORNIK, DEPARTMENT_ONLY),
        "reports:collection_detail": Entry(
            lambda c: f"{SBORNIK}{collection_request(c).pk}/",
            DEPARTMENT_ONLY,
            outsiders_who_see=ADDRESSEES_SEE,
        ),
        "reports:collection_remind": Entry(
            lambda c: f"{SBORNIK}{collection_request(c).pk}/remind/",
            {**everyone(403), "specialist": 302},
            method="post",
            data=lambda c: {},
            outsiders_who_see=ADDRESSEES_SEE,
        ),
        "reports:collection_pdf": Entry(
            lambda c: f"{SBORNIK}{collection_request(c, submitted=True).pk}/sbornik.pdf",
            DEPARTMENT_ONLY,
            outsiders_who_see=ADDRESSEES_SEE,
        ),
        "reports:collection_xlsx": Entry(
            lambda c: f"{SBORNIK}{collection_request(c, submitted=True).pk}/sbornik.xlsx",
            DEPARTMENT_ONLY,
            outsiders_who_see=ADDRESSEES_SEE,
        ),
        "reports:collection_submission_pdf": Entry(
            lambda c: f"{SBORNIK}{collection_request(c, submitted=True).pk}/org-{c.school.pk}.pdf",
            DEPARTMENT_ONLY,
            outsiders_who_see=ADDRESSEES_SEE,
        ),
        # One menu entry: the department is sent on to its own list.
        "reports:my_collections": Entry(
            lambda c: "/sbornik/", staff_only(200) | {"other_methodist": 200, "specialist": 302}
        ),
        # The other school is addressed by the same department: its own page.
        "reports:my_collection": Entry(
            lambda c: f"/sbornik/{collection_request(c).pk}/",
            staff_only(200) | {"other_methodist": 200},
            outsiders_who_see=DEPARTMENT_SEES,
        ),
        "reports:my_collection_withdraw": Entry(
            lambda c: f"/sbornik/{collection_request(c, submitted=True).pk}/withdraw/",
            staff_only(302) | {"other_methodist": 302},
            method="post",
            data=lambda c: {},
            outsiders_who_see=DEPARTMENT_SEES,
        ),
        # Only the school submitted: the other school has no file (404).
        "reports:my_collection_pdf": Entry(
            lambda c: f"/sbornik/{collection_request(c, submitted=True).pk}/report.pdf",
            staff_only(200) | {"other_methodist": 404},
            outsiders_who_see=DEPARTMENT_SEES,
        ),
    }
)
