"""The menu of each role. Later features add their entries here."""

from django.urls import reverse

from .models import MANAGER_ROLES, PARTICIPANT_ROLES, STAFF_ROLES, Role

ALL = frozenset(Role)
SPECIALIST = frozenset({Role.SPECIALIST})


class Section(str):
    """A heading of the side menu; shown when an item below it is visible."""


# (label, url name, roles that see it, whether the url takes the current
# organisation's slug), grouped under Section headings.
MENU = [
    ("Главная", "mentoring:home", ALL, False),
    ("Мои пары", "mentoring:cabinet", PARTICIPANT_ROLES, False),
    ("Организации", "mentoring:organization_list", SPECIALIST, False),
    Section("Участники"),
    ("Банк наставляемых", "mentoring:mentee_bank", STAFF_ROLES, False),
    ("Банк наставников", "mentoring:mentor_bank", STAFF_ROLES, False),
    ("Согласия", "mentoring:consent_missing", STAFF_ROLES, False),
    ("Импорт участников", "mentoring:import_upload", MANAGER_ROLES, False),
    ("Численность групп", "mentoring:headcounts", STAFF_ROLES, False),
    Section("Наставничество"),
    ("Пары и группы", "mentoring:mentorship_list", STAFF_ROLES, False),
    ("Подбор наставника", "mentoring:matching", MANAGER_ROLES, False),
    ("Без наставника", "mentoring:mentees_without_mentor", STAFF_ROLES, False),
    ("Формы наставничества", "mentoring:form_list", STAFF_ROLES, False),
    ("Приказы", "mentoring:order_list", STAFF_ROLES, False),
    ("На утверждение", "mentoring:order_inbox", frozenset({Role.DIRECTOR}), False),
    # training, events, news, practices, materials (issue 7)
    Section("Дорожная карта и показатели"),
    # roadmaps (roadmaps app)
    Section("Анкеты"),
    # surveys (surveys app)
    Section("Отчёты"),
    # reports (reports app)
    Section("Организация"),
    ("Организация и команда", "mentoring:organization_detail", STAFF_ROLES, True),
]


def menu_for(membership):
    if membership is None:
        return []
    items, heading = [], None
    for entry in MENU:
        if isinstance(entry, Section):
            heading = entry
            continue
        label, name, roles, takes_slug = entry
        if membership.role in roles:
            if heading:
                items.append({"section": heading})
                heading = None
            args = [membership.organization.slug] if takes_slug else []
            items.append({"label": label, "url": reverse(name, args=args), "name": name})
    return items
