"""Every table of the analytic report PDF fits the page width."""

import re

import pytest
from django.template.loader import render_to_string

from mentoring.models import MentorshipStatus, TargetGroup
from reports import pdf, services

from .helpers import pairs, people

pytestmark = pytest.mark.django_db


def _boxes_past_the_right_margin(html):
    """(page number, box) for each box of the page content that ends to the
    right of the page's content area (a table cut off by the margin)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url="file:///").render()
    past = []

    def walk(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for child in page_box.children:
            if type(child).__name__.endswith("MarginBox"):
                continue
            for box in walk(child):
                if not hasattr(box, "border_width"):
                    continue
                if box.position_x + box.margin_left + box.border_width() > right + 0.5:
                    past.append((number, type(box).__name__))
    return past


def test_every_table_of_the_analytic_pdf_fits_the_page_width(cast, monkeypatch):
    org = cast.school
    mentors = people(org, 3, mentor=True, prefix="Наставникова")
    mentees = people(org, 3, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молодцова")
    pairs(org, mentors[:2], mentees[:2])
    pairs(org, mentors[2:], mentees[2:], status=MentorshipStatus.SUSPENDED)
    rendered = {}

    def capture(template, context, **kwargs):
        rendered["html"] = render_to_string(template, context)
        return b"%PDF"

    monkeypatch.setattr(pdf, "render_pdf", capture)
    services.report_build(organization=org, kind="analytic", fmt="pdf")
    html = rendered["html"]
    # Section 5 has a column per status and the «Всего» column.
    assert "Приостановлена" in html and '>Всего <span class="ref"' in html
    assert _boxes_past_the_right_margin(html) == []
    # Every figure cites its definition, the meetings of the period too.
    meetings = r"Встреч наставников и наставляемых за период <span class=\"ref\"[^>]*>\[\d+\]"
    assert re.search(meetings, html)
