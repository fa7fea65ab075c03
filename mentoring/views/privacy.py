"""Personal data pages: the withdrawals still to be handled and the deadlines
of destruction, the acts of destruction (Приказ РКН № 179), and what the
organisation holds about one person (152-ФЗ ст. 14). Reading only: the
writes are the consent pages and the nightly ``purge_withdrawn``."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..access import get_destruction_act_for, get_participant_for, staff_required
from ..figures import figures_get
from ..models import DestructionAct
from ..personal_data import personal_data_export
from ..services.privacy import destruction_overdue, withdrawal_tasks

PER_PAGE = 25


def privacy_home_card(organization):
    """The home page card: people past their destruction deadline (shown
    to the director in red) and withdrawals still open; None when there is
    neither. ``{"overdue": [{"short_name", "deadline", "reason"}],
    "pending": int}`` — a cached figure of the organisation
    (mentoring.figures; consents, participants, pairs, orders and the
    purge's audit event bump it): the two lists cost ~25 ms of queries on
    every visit of the home page at 10 000 participants."""
    today = timezone.localdate()

    def compute():
        overdue = destruction_overdue(organization, today)
        pending = withdrawal_tasks(organization, today)
        return {
            "overdue": [
                {
                    "short_name": row["participant"].short_name,
                    "deadline": row["deadline"],
                    "reason": str(row["reason"]),
                }
                for row in overdue
            ],
            "pending": len(pending),
        }

    card = figures_get(organization, f"home:privacy:{today}", compute)
    return card if card["overdue"] or card["pending"] else None


@require_GET
@staff_required
def privacy_overview(request):
    org = request.org
    acts = Paginator(
        DestructionAct.objects.of(org).order_by("-destroyed_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/privacy_overview.html",
        {
            "overdue": destruction_overdue(org),
            "tasks": withdrawal_tasks(org),
            "page": acts,
            "retention_days": org.retention_days,
        },
    )


@require_GET
@never_cache
@staff_required
def destruction_act_pdf(request, pk):
    act = get_destruction_act_for(request, pk)
    if not act.pdf:
        raise Http404
    response = FileResponse(
        act.pdf.open("rb"), content_type="application/pdf", filename=act.filename
    )
    response["Content-Disposition"] = f'inline; filename="{act.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@never_cache
@staff_required
def participant_personal_data(request, pk):
    participant = get_participant_for(request, pk)
    return render(
        request,
        "mentoring/participant_personal_data.html",
        {"participant": participant, "sections": personal_data_export(participant)},
    )
