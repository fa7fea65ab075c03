"""The documents pages through the browser's requests: the Положение edited
by sections, the approving order, the director's registration with the
register number, agreements, the payment register XLSX, scans."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from documents.models import (
    DocumentStatus,
    MentorAgreement,
    Regulation,
    RegulationVersion,
    SignedScan,
)
from documents.services import agreement_create, regulation_create, settings_for
from mentoring.factories import make_pair, mentor_participant
from mentoring.models import Order, OrderStatus, TargetGroup
from mentoring.orderprint import order_print_context
from mentoring.pdf import render_pdf
from mentoring.services.orders import order_create, order_defaults, order_submit


def test_methodist_creates_edits_and_sends_the_regulation_for_approval(cast, client_for):
    client = client_for(cast.methodist)
    response = client.post("/documents/regulations/new/")
    regulation = Regulation.objects.get(organization=cast.school)
    assert (
        response.status_code == 302
        and response["Location"] == f"/documents/regulations/{regulation.pk}/"
    )
    page = client.get(response["Location"])
    assert "Формы наставничества" in page.text and "Изменить раздел" in page.text
    edit = f"/documents/regulations/{regulation.pk}/sections/final/"
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"heading": "9. Заключительные положения", "text": "9.1. Новый текст.", "version": 1}
    )
    assert response.status_code == 302
    assert RegulationVersion.objects.filter(regulation=regulation).count() == 2
    # A stale form (version 1 again) changes nothing and says so.
    stale = client.post(edit, {"heading": "9. Заключительные", "text": "Другой", "version": 1})
    assert (
        stale.status_code == 200
        and RegulationVersion.objects.filter(regulation=regulation).count() == 2
    )
    response = client.post(f"/documents/regulations/{regulation.pk}/order/")
    order = Order.objects.get(kind="regulation", organization=cast.school)
    assert response["Location"] == f"/orders/{order.pk}/"
    docx = client.get(f"/documents/regulations/{regulation.pk}/polozhenie.docx")
    assert docx["Content-Type"].endswith("wordprocessingml.document") and docx.content[:2] == b"PK"


def confirmed(order):
    """What the approval form sends besides the number and date: the
    version the director read and the ticked confirmation (issue 14)."""
    order.refresh_from_db()
    return {"version": order.version, "confirmed": "1"}


def test_director_registers_the_order_with_the_number_from_the_register(cast, client_for):
    order = order_create(
        organization=cast.school, kind="free", data=order_defaults("free"), by=cast.methodist
    )
    order_submit(order=order, by=cast.methodist)
    client = client_for(cast.director)
    page = client.get(f"/orders/{order.pk}/")
    assert 'name="number"' in page.text and 'value="1-о"' in page.text
    client.post(
        f"/orders/{order.pk}/approve/",
        {"number": "112/01-08", "signed_on": "2026-10-05", **confirmed(order)},
    )
    order.refresh_from_db()
    assert (order.status, order.number, order.signed_on) == (
        OrderStatus.APPROVED,
        "112/01-08",
        datetime.date(2026, 10, 5),
    )
    other = order_create(
        organization=cast.school, kind="free", data=order_defaults("free"), by=cast.methodist
    )
    order_submit(order=other, by=cast.methodist)
    response = client.post(
        f"/orders/{other.pk}/approve/",
        {"number": "112/01-08", "signed_on": "2026-10-06", **confirmed(other)},
        follow=True,
    )
    assert "уже есть в журнале регистрации" in response.text
    other.refresh_from_db()
    assert other.status == OrderStatus.SUBMITTED
    bad = client.post(
        f"/orders/{other.pk}/approve/",
        {"number": "113", "signed_on": "5 октября", **confirmed(other)},
        follow=True,
    )
    assert "Дата приказа" in bad.text
    # The approved order's page offers the signed scan upload.
    pdf = render_pdf("pdf/order.html", order_print_context(order))
    client.post(
        f"/documents/scans/order/{order.pk}/", {"file": SimpleUploadedFile("скан.pdf", pdf)}
    )
    scan = SignedScan.objects.get()
    assert scan.document == order
    assert "скан.pdf" in client.get(f"/orders/{order.pk}/").text
    assert client.get(f"/documents/scans/{scan.pk}/file/").status_code == 200


def test_agreement_is_drafted_registered_and_frozen(cast, client_for):
    settings = settings_for(cast.school)
    settings.monthly_pay = Decimal("1800")
    settings.save()
    mentor = mentor_participant(cast.school, target_group=TargetGroup.TEACHER, position="учитель")
    pair = make_pair(cast.school, by=cast.methodist, mentor=mentor, agreed=True)
    client = client_for(cast.methodist)
    page = client.get(f"/documents/agreements/new/?mentorship={pair.pk}")
    assert "1800" in page.text and "Дополнительное соглашение" in page.text
    response = client.post(
        f"/documents/agreements/new/?mentorship={pair.pk}",
        {
            "kind": "additional",
            "starts_on": "2026-09-01",
            "ends_on": "2027-05-31",
            "content": "Помощь в освоении методик",
            "form": "Педагог – молодой специалист",
            "monthly_pay": "1800",
            "pay_terms": "ежемесячно",
            "contract_reference": "от 01.09.2020 № 45",
        },
    )
    agreement = MentorAgreement.objects.get()
    assert response["Location"] == f"/documents/agreements/{agreement.pk}/"
    director = client_for(cast.director)
    director.post(
        f"/documents/agreements/{agreement.pk}/approve/",
        {"number": "ДС-7", "signed_on": "2026-09-01"},
    )
    agreement.refresh_from_db()
    assert agreement.status == DocumentStatus.APPROVED and len(agreement.frozen_sha256) == 64
    pdf = director.get(f"/documents/agreements/{agreement.pk}/agreement.pdf")
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"


def test_payment_register_downloads_as_xlsx(cast, client_for):
    settings = settings_for(cast.school)
    settings.monthly_pay = Decimal("1000")
    settings.save()
    mentor = mentor_participant(
        cast.school, target_group=TargetGroup.TEACHER, last_name="Аистова", first_name="Анна"
    )
    pair = make_pair(cast.school, by=cast.methodist, mentor=mentor, agreed=True)
    a = agreement_create(
        organization=cast.school, mentor=mentor, mentorship=pair, by=cast.methodist
    )
    MentorAgreement.objects.filter(pk=a.pk).update(
        status="approved",
        number="1",
        signed_on=datetime.date(2026, 9, 1),
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    client = client_for(cast.director)
    page = client.get("/documents/payments/?start=2026-09-01&end=2027-08-31")
    assert "Аистова Анна" in page.text and "4 000,00" in page.text.replace("\xa0", " ")
    response = client.get("/documents/payments/?start=2026-09-01&end=2027-08-31&format=xlsx")
    rows = [
        [c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert rows[1][3:] == [1, 4, 4000] and rows[-1][1] == "Итого"
    wrong = client.get("/documents/payments/?start=2027-09-01&end=2026-08-31")
    assert "Конец периода раньше начала" in wrong.text


def test_public_section_shows_the_approved_regulation(cast, client):
    from documents.services import regulation_order_create
    from mentoring.services.orders import order_approve

    regulation = regulation_create(organization=cast.school, by=cast.methodist)
    assert client.get("/o/test-school/nastavnichestvo/dokumenty/polozhenie/").status_code == 404
    order = regulation_order_create(regulation=regulation, by=cast.methodist)
    order_submit(order=order, by=cast.methodist)
    order_approve(order=order, by=cast.director, number="7-о")
    page = client.get("/o/test-school/nastavnichestvo/dokumenty/polozhenie/")
    assert page.status_code == 200 and "Формы наставничества" in page.text and "№ 7-о" in page.text
    assert (
        "Положение о наставничестве" in client.get("/o/test-school/nastavnichestvo/dokumenty/").text
    )


def test_agreement_for_the_year_covers_every_pair_of_the_mentor_in_the_register(cast, client_for):
    settings = settings_for(cast.school)
    settings.monthly_pay = Decimal("500")
    settings.save()
    mentor = mentor_participant(
        cast.school, target_group=TargetGroup.TEACHER, last_name="Годова", capacity=3
    )
    client = client_for(cast.methodist)
    assert f'value="{mentor.pk}"' in client.get("/documents/agreements/").text
    page = client.get(f"/documents/agreements/new/?mentor={mentor.pk}")
    assert page.status_code == 200 and "-09-01" in page.text
    from documents.services import agreement_approve, payment_register
    from mentoring.models import Mentorship
    from mentoring.services.orders import order_approve

    today = datetime.date.today()
    end = today + datetime.timedelta(days=62)
    a = agreement_create(
        organization=cast.school,
        mentor=mentor,
        data={"starts_on": today.replace(day=1), "ends_on": end + datetime.timedelta(days=200)},
        by=cast.methodist,
    )
    agreement_approve(agreement=a, number="Г-1", signed_on=today, by=cast.director)
    pairs = [
        make_pair(cast.school, by=cast.methodist, mentor=mentor, agreed=True) for _ in range(2)
    ]
    Mentorship.objects.filter(pk__in=[p.pk for p in pairs]).update(planned_end=end)
    order = order_create(
        organization=cast.school,
        kind="pairing",
        data=order_defaults("pairing"),
        mentorships=pairs,
        by=cast.methodist,
    )
    order_submit(order=order, by=cast.methodist)
    order_approve(order=order, by=cast.director, on_date=today, number="1-о")
    months = (end.year - today.year) * 12 + end.month - today.month + 1  # per pair
    rows, totals = payment_register(cast.school, today.replace(day=1), end)
    assert [(r["pairs"], r["months"]) for r in rows] == [(2, 2 * months)]
    assert totals["amount"] == Decimal("500") * 2 * months


def test_approved_regulation_and_agreement_pages_agree_in_gender(cast, client_for):
    """QA: the page said «Утверждён приказом» of the Положение (neuter) and
    «Утверждён» of an agreement (соглашение, neuter)."""
    from documents.services import agreement_approve, regulation_order_create
    from mentoring.services.orders import order_approve

    regulation = regulation_create(organization=cast.school, by=cast.methodist)
    order = regulation_order_create(regulation=regulation, by=cast.methodist)
    order_submit(order=order, by=cast.methodist)
    order_approve(order=order, by=cast.director, number="7-о")
    mentor = mentor_participant(cast.school, target_group=TargetGroup.TEACHER, position="учитель")
    pair = make_pair(cast.school, by=cast.methodist, mentor=mentor, agreed=True)
    agreement = agreement_create(
        organization=cast.school, mentor=mentor, mentorship=pair, by=cast.methodist
    )
    agreement_approve(
        agreement=agreement, number="ДС-1", signed_on=datetime.date(2026, 9, 1), by=cast.director
    )
    client = client_for(cast.methodist)
    pages = [
        client.get(f"/documents/regulations/{regulation.pk}/").text,
        client.get("/documents/regulations/").text,
        client.get(f"/documents/agreements/{agreement.pk}/").text,
        client.get("/documents/agreements/").text,
    ]
    assert "Утверждено приказом №" in pages[0]
    for text in pages:
        assert "Утверждено" in text and "Утверждён<" not in text and "Утверждён " not in text


def test_creating_the_regulation_twice_keeps_one_draft(cast, client_for):
    """QA: a repeated POST (double click, refresh after submit) made a second
    and third draft Положение; the draft in progress is reopened instead."""
    client = client_for(cast.methodist)
    first = client.post("/documents/regulations/new/")
    again = client.post("/documents/regulations/new/", follow=True)
    assert Regulation.objects.filter(organization=cast.school).count() == 1
    regulation = Regulation.objects.get(organization=cast.school)
    assert first["Location"] == f"/documents/regulations/{regulation.pk}/"
    assert again.redirect_chain[-1][0] == f"/documents/regulations/{regulation.pk}/"
    assert "Проект Положения уже есть" in again.text


def test_new_agreement_without_a_pair_or_mentor_leads_to_the_list(cast, client_for):
    """A bare /documents/agreements/new/ (a bookmark) answered 404; it now
    sends the methodist to the list, where the pair or mentor is chosen."""
    reply = client_for(cast.methodist).get("/documents/agreements/new/", follow=True)
    assert reply.redirect_chain[-1][0] == "/documents/agreements/"
    assert "Выберите пару или наставника" in reply.content.decode()
