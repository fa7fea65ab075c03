"""Roadmaps in the header search (mentoring.search registry): roadmaps of
the current organisation for its staff and the department specialist, and
for a department's specialist and head those of the organisations below."""

from mentoring.access import acts_for_department
from mentoring.models import STAFF_ROLES, Organization, Role
from mentoring.search import SearchHit, words_q

from .models import Roadmap


def roadmaps(request, query, limit):
    membership = request.membership
    if membership is None or membership.role not in (*STAFF_ROLES, Role.SPECIALIST):
        return []
    org_ids = [request.org.pk]
    if acts_for_department(membership):
        org_ids += list(Organization.descendant_ids([request.org.pk]))
    rows = (
        Roadmap.objects.filter(organization_id__in=org_ids)
        .filter(words_q(query, "title"))
        .select_related("organization")
        .order_by("-pk")[:limit]
    )
    return [
        SearchHit("Дорожные карты", r.short_title, r.get_absolute_url(), r.organization.short_name)
        for r in rows
    ]
