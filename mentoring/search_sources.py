"""Header search sources of the mentoring app: people, pairs, orders.

Each returns only what the current membership may open (access.py rules):
staff see the organisation's people, pairs and orders; a mentor or mentee
sees only their own pairs; the specialist none of these.
"""

from django.db.models import Exists, OuterRef

from .access import my_participants
from .models import STAFF_ROLES, Mentorship, MentorshipMember, Order, Participant, Role
from .search import SearchHit, person_q, register_search_source, search_words, words_q


def people(request, query, limit):
    membership = request.membership
    if membership is None or membership.role not in STAFF_ROLES:
        return []
    rows = (
        Participant.objects.of(request.org)
        .active()
        .filter(person_q(query))
        .order_by("last_name", "first_name", "pk")[:limit]
    )
    hits = []
    for p in rows:
        banks = [
            label
            for flag, label in ((p.is_mentor, "наставник"), (p.is_mentee, "наставляемый"))
            if flag
        ]
        note = ", ".join([*banks, p.class_group or p.position])
        hits.append(SearchHit("Люди", p.full_name, p.get_absolute_url(), note.strip(", ")))
    return hits


def pairs(request, query, limit):
    membership = request.membership
    if membership is None:
        return []
    queryset = Mentorship.objects.filter(organization=request.org)
    if membership.role in (Role.MENTOR, Role.MENTEE):
        queryset = queryset.filter(members__participant__in=my_participants(request)).distinct()
    elif membership.role not in STAFF_ROLES:
        return []
    for word in search_words(query):
        member = MentorshipMember.objects.filter(mentorship=OuterRef("pk")).filter(
            person_q(word, prefix="participant__")
        )
        queryset = queryset.filter(Exists(member) | words_q(word, "title"))
    rows = queryset.with_people().order_by("-pk")[:limit]
    return [
        SearchHit("Пары и группы", str(m), m.get_absolute_url(), m.get_status_display())
        for m in rows
    ]


def orders(request, query, limit):
    from .views.orders import order_search_q

    membership = request.membership
    if membership is None or membership.role not in STAFF_ROLES:
        return []
    rows = (
        Order.objects.filter(organization=request.org)
        .filter(order_search_q(query))
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        SearchHit("Приказы", str(o), o.get_absolute_url(), o.get_status_display()) for o in rows
    ]


for source in (people, pairs, orders):
    register_search_source(source)
