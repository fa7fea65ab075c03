"""The menu of each role. Later features add their entries here."""

from django.urls import reverse

from .models import MANAGER_ROLES, STAFF_ROLES, Role

ALL = frozenset(Role)
SPECIALIST = frozenset({Role.SPECIALIST})

# (label, url name, roles that see it, whether the url takes the current
# organisation's slug)
MENU = [
    ("Главная", "mentoring:home", ALL, False),
    ("Организации", "mentoring:organization_list", SPECIALIST, False),
    # banks (views/banks.py)
    # consents (views/consents.py)
    # import (views/imports.py)
    ("Организация и команда", "mentoring:organization_detail", STAFF_ROLES, True),
]


def menu_for(membership):
    if membership is None:
        return []
    items = []
    for label, name, roles, takes_slug in MENU:
        if membership.role in roles:
            args = [membership.organization.slug] if takes_slug else []
            items.append({"label": label, "url": reverse(name, args=args), "name": name})
    return items
