"""A mentor's portfolio: the page with the period, the PDF, and the public
honour-board card."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_date

from mentoring.access import role_required
from mentoring.indicators import academic_year_of
from mentoring.models import STAFF_ROLES, ConsentKind, Participant, Role
from mentoring.pdf import render_pdf

from .access import get_portfolio_mentor_for
from .portfolio import mentor_portfolio
from .views import file_response
from .views_public import _render, _section, public_page


def academic_year(today):
    """(1 September, 31 August) of the academic year of the date."""
    first = academic_year_of(today)
    return datetime.date(first, 9, 1), datetime.date(first + 1, 8, 31)


def period_from(data):
    """(start, end, error message or "") from GET parameters; the current
    academic year by default."""
    default = academic_year(timezone.localdate())
    try:
        start = parse_date(data.get("start") or "") if data.get("start") else default[0]
        end = parse_date(data.get("end") or "") if data.get("end") else default[1]
    except ValueError:  # well formed but impossible: 2026-13-01, 2027-02-30
        start = end = None
    if start is None or end is None:
        return *default, "Даты периода не распознаны: показан текущий учебный год."
    if start > end:
        return *default, "Начало периода позже конца: показан текущий учебный год."
    if (end - start).days > 366 * 5:
        return *default, "Период не длиннее пяти лет: показан текущий учебный год."
    return start, end, ""


@role_required(*STAFF_ROLES, Role.MENTOR)
def portfolio(request, pk):
    mentor = get_portfolio_mentor_for(request, pk)
    start, end, error = period_from(request.GET)
    return render(
        request,
        "reports/portfolio.html",
        {
            "mentor": mentor,
            "portfolio": mentor_portfolio(mentor, start=start, end=end),
            "start": start,
            "end": end,
            "error": error,
        },
    )


@role_required(*STAFF_ROLES, Role.MENTOR)
def portfolio_pdf(request, pk):
    mentor = get_portfolio_mentor_for(request, pk)
    start, end, _error = period_from(request.GET)
    content = render_pdf(
        "pdf/portfolio.html",
        {
            "mentor": mentor,
            "organization": mentor.organization,
            "portfolio": mentor_portfolio(mentor, start=start, end=end),
            "today": timezone.localdate(),
        },
    )
    return file_response(content, f"portfolio-{mentor.pk}.pdf", "application/pdf")


@public_page
def public_mentor_card(request, slug, pk):
    """One mentor of the honour board with the figures of the current
    academic year, when their publication consent allows the name and the
    achievements (152-ФЗ ст. 10.1); children never."""
    org, settings = _section(request, slug, "show_honour_board")
    mentor = get_object_or_404(
        Participant.objects.of(org).active().mentors().prefetch_related("consents"), pk=pk
    )
    fields = mentor.public_fields()
    if "name" not in fields or mentor.valid_consent(ConsentKind.PUBLICATION) is None:
        raise Http404
    start, end = academic_year(timezone.localdate())
    figures = mentor_portfolio(mentor, start=start, end=end) if "achievements" in fields else None
    return _render(
        request,
        "public/mentor_card.html",
        org,
        settings,
        {
            "mentor": mentor,
            "fields": fields,
            "portfolio": figures,
            "start": start,
            "end": end,
        },
        active="honour_board",
    )
