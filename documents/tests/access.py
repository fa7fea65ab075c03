"""Access table of the documents pages (see mentoring/tests/test_access_sweep.py).

Reading (Положение, agreements, PDF, DOCX, the payment register, scans): the
director, coordinator and methodist. Writing (Положение sections, agreements,
settings): the coordinator and methodist. Registering an agreement: the
director. Another organisation's object is 404; list pages answer the other
methodist with their own organisation.
"""

import datetime

from documents.services import agreement_create, regulation_create
from mentoring.factories import make_pair, mentor_participant
from mentoring.models import Order, OrderKind, OrderStatus, TargetGroup
from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only

PUBLIC = "/o/test-school/nastavnichestvo/"


def drafters(code=200, *, other_methodist=404):
    expected = everyone(403)
    expected.update({"coordinator": code, "methodist": code, "other_methodist": other_methodist})
    return expected


def director_only(code=302):
    return {**everyone(403), "director": code, "anonymous": LOGIN}


def _regulation(cast):
    cast.regulation = regulation_create(organization=cast.school, by=cast.methodist)


def _pair(cast):
    mentor = mentor_participant(cast.school, target_group=TargetGroup.TEACHER)
    cast.pair = make_pair(cast.school, by=cast.methodist, mentor=mentor, agreed=True)


def _agreement(cast):
    _pair(cast)
    cast.agreement = agreement_create(
        organization=cast.school,
        mentor=cast.pair.lead_mentor,
        mentorship=cast.pair,
        by=cast.methodist,
    )


def _approved_order(cast):
    cast.order = Order.objects.create(
        organization=cast.school,
        kind=OrderKind.FREE,
        title="О проведении установочной сессии",
        points=["Провести установочную сессию."],
        status=OrderStatus.APPROVED,
        year=2026,
        sequence=1,
        number="1-о",
        signed_on=datetime.date(2026, 9, 1),
    )


def _draft_order(cast):
    from mentoring.services.orders import order_create, order_defaults

    _regulation(cast)
    cast.order = order_create(
        organization=cast.school, kind="free", data=order_defaults("free"), by=cast.methodist
    )


def _file_appendix(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.services import order_appendix_add

    _draft_order(cast)
    cast.appendix = order_appendix_add(
        order=cast.order,
        title="Программа",
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"),
        by=cast.methodist,
    )


def _scan(cast):
    from django.core.files.base import ContentFile

    from documents.models import SignedScan

    _approved_order(cast)
    scan = SignedScan(organization=cast.school, document=cast.order, sha256="0" * 64)
    scan.file.save("scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    scan.save()
    cast.scan = scan


def _approved_regulation(cast):
    from documents.services import regulation_order_create
    from mentoring.services.orders import order_approve, order_submit

    _regulation(cast)
    order = regulation_order_create(regulation=cast.regulation, by=cast.methodist)
    order_submit(order=order, by=cast.methodist)
    order_approve(order=order, by=cast.director, number="5-о")


ACCESS = {
    "documents:regulation_list": Entry(
        lambda c: "/documents/regulations/",
        staff_only(200) | {"other_methodist": 200, "specialist": 200},
    ),
    "documents:regulation_create": Entry(
        lambda c: "/documents/regulations/new/",
        drafters(302, other_methodist=302) | {"specialist": 302},
        method="post",
    ),
    "documents:regulation_detail": Entry(
        lambda c: f"/documents/regulations/{c.regulation.pk}/", staff_only(200), setup=_regulation
    ),
    "documents:regulation_section_edit": Entry(
        lambda c: f"/documents/regulations/{c.regulation.pk}/sections/forms/",
        drafters(200),
        setup=_regulation,
    ),
    "documents:regulation_pdf": Entry(
        lambda c: f"/documents/regulations/{c.regulation.pk}/polozhenie.pdf",
        staff_only(200),
        setup=_regulation,
    ),
    "documents:regulation_docx": Entry(
        lambda c: f"/documents/regulations/{c.regulation.pk}/polozhenie.docx",
        staff_only(200),
        setup=_regulation,
    ),
    "documents:regulation_order": Entry(
        lambda c: f"/documents/regulations/{c.regulation.pk}/order/",
        drafters(302),
        method="post",
        setup=_regulation,
    ),
    "documents:agreement_list": Entry(
        lambda c: "/documents/agreements/",
        staff_only(200) | {"other_methodist": 200, "specialist": 200},
    ),
    "documents:agreement_create": Entry(
        # The specialist may draft the department's agreements, not for a school's pair.
        lambda c: f"/documents/agreements/new/?mentorship={c.pair.pk}",
        drafters(200) | {"specialist": 404},
        setup=_pair,
    ),
    "documents:agreement_detail": Entry(
        lambda c: f"/documents/agreements/{c.agreement.pk}/", staff_only(200), setup=_agreement
    ),
    "documents:agreement_pdf": Entry(
        lambda c: f"/documents/agreements/{c.agreement.pk}/agreement.pdf",
        staff_only(200),
        setup=_agreement,
    ),
    "documents:agreement_consent": Entry(
        lambda c: f"/documents/agreements/{c.agreement.pk}/consent.pdf",
        staff_only(200),
        setup=_agreement,
    ),
    "documents:agreement_approve": Entry(
        lambda c: f"/documents/agreements/{c.agreement.pk}/approve/",
        director_only(302),
        method="post",
        data=lambda c: {"number": "ДС-1", "signed_on": "2026-09-01"},
        setup=_agreement,
    ),
    "documents:payments": Entry(
        lambda c: "/documents/payments/?start=2026-09-01&end=2027-08-31",
        staff_only(200) | {"other_methodist": 200},
    ),
    "documents:settings": Entry(
        lambda c: "/documents/settings/", drafters(200, other_methodist=200)
    ),
    "documents:order_appendix_add": Entry(
        lambda c: f"/documents/orders/{c.order.pk}/appendices/",
        drafters(302),
        method="post",
        data=lambda c: {"title": "Программа", "regulation": c.regulation.pk},
        setup=_draft_order,
    ),
    "documents:order_appendix_file": Entry(
        lambda c: f"/documents/appendices/{c.appendix.pk}/file/",
        staff_only(200),
        setup=_file_appendix,
    ),
    "documents:order_appendix_delete": Entry(
        lambda c: f"/documents/appendices/{c.appendix.pk}/delete/",
        drafters(302),
        method="post",
        setup=_file_appendix,
    ),
    "documents:scan_upload": Entry(
        lambda c: f"/documents/scans/order/{c.order.pk}/",
        staff_only(302),
        method="post",
        setup=_approved_order,
    ),
    "documents:scan_file": Entry(
        lambda c: f"/documents/scans/{c.scan.pk}/file/", staff_only(200), setup=_scan
    ),
    "reports:public_regulation": Entry(
        lambda c: PUBLIC + "dokumenty/polozhenie/",
        everyone(200, anonymous=200),
        setup=_approved_regulation,
    ),
}
