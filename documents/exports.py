"""The documents as files: the Положение as PDF (WeasyPrint) and DOCX
(python-docx — already a dependency of the roadmap import, and enough for
headings and paragraphs), the agreements and the mentor's consent as PDF,
the payment register as XLSX (the shared table writer)."""

import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from mentoring.orderprint import initials_first, place_of
from mentoring.pdf import render_pdf
from mentoring.typography import nbsp
from reports.xlsx import table_xlsx


def paragraphs(text):
    return [nbsp(p.strip()) for p in (text or "").split("\n\n") if p.strip()]


def regulation_body(regulation, version=None):
    """[(heading, [paragraph, …])] of a version (the approved one of an
    approved Положение, else the current one)."""
    version = version or regulation.approved_version or regulation.current_version()
    return version, [(s["heading"], paragraphs(s["text"])) for s in version.sections]


def regulation_context(regulation, version=None):
    version, sections = regulation_body(regulation, version)
    order = regulation.order if regulation.order_id else None
    return {
        "regulation": regulation,
        "version": version,
        "org": regulation.organization,
        "sections": sections,
        "order": order,
    }


def regulation_fragment(regulation):
    """The Положение as an HTML fragment for the order's appendix."""
    return render_to_string("documents/pdf/regulation_body.html", regulation_context(regulation))


def regulation_pdf(regulation, version=None):
    return render_pdf("documents/pdf/regulation.html", regulation_context(regulation, version))


def regulation_docx(regulation, version=None):
    """The Положение as DOCX bytes: the grif УТВЕРЖДЕНО (with the order's
    number and date once approved), the title, the sections. A4, fields
    30/15/20/20 mm, Times New Roman 14 (ГОСТ Р 7.0.97-2016 п. 6.1–6.2)."""
    context = regulation_context(regulation, version)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    order = context["order"]
    grif = ["УТВЕРЖДЕНО", f"приказом {regulation.organization.short_name}"]
    if order is not None and order.number:
        grif.append(nbsp(f"от {order.signed_on:%d.%m.%Y} № {order.number}"))
    else:
        grif.append("от __________ № ______")
    for line in grif:
        p = document.add_paragraph(line)
        p.paragraph_format.left_indent = Cm(9)
        p.paragraph_format.space_after = Pt(0)
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(regulation.title.upper())
    run.bold = True
    p = document.add_paragraph(regulation.organization.name)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for heading, texts in context["sections"]:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(heading).bold = True
        for text in texts:
            p = document.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.25)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _agreement_context(agreement):
    organization = agreement.organization
    director = signer_of_org(organization)
    return {
        "a": agreement,
        "org": organization,
        "director": nbsp(initials_first(director)),
        "director_full": director.full_name if director else "",
        "mentor_short": nbsp(initials_first_participant(agreement.mentor)),
        "place": place_of(organization.address),
    }


def signer_of_org(organization):
    """Who signs the organisation's documents: the same rule as its orders."""
    from mentoring.orderprint import organization_signer

    return organization_signer(organization)


def initials_first_participant(p):
    initials = " ".join(f"{x[0]}." for x in (p.first_name, p.patronymic) if x)
    return f"{initials} {p.last_name}".strip()


def agreement_pdf(agreement):
    """The additional agreement (employee) or the volunteer / civil-law
    agreement (outside mentor) as PDF bytes."""
    template = {
        "additional": "documents/pdf/agreement_additional.html",
        "volunteer": "documents/pdf/agreement_volunteer.html",
        "civil": "documents/pdf/agreement_civil.html",
    }[agreement.kind]
    return render_pdf(template, _agreement_context(agreement))


def consent_pdf(agreement):
    """The employee's written consent to mentoring (ТК РФ ст. 351.8 ч. 1)."""
    return render_pdf("documents/pdf/mentoring_consent.html", _agreement_context(agreement))


PAYMENT_COLUMNS = [
    ("№", 6),
    ("Наставник (ФИО)", 36),
    ("Должность", 28),
    ("Пар (групп)", 12),
    ("Месяцев (пар × мес.)", 18),
    ("Сумма, руб.", 16),
]


def payment_register_xlsx(rows, totals, period_start, period_end):
    data = [
        [n, r["mentor"], r["position"], r["pairs"], r["months"], float(r["amount"])]
        for n, r in enumerate(rows, start=1)
    ]
    data.append(["", "Итого", "", totals["pairs"], totals["months"], float(totals["amount"])])
    return table_xlsx(
        title=f"Доплаты {period_start:%d.%m.%Y}–{period_end:%d.%m.%Y}",
        columns=PAYMENT_COLUMNS,
        rows=data,
    )
