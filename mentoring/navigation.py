"""The menu of each role. Later features add their entries here."""

from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
    ("Уведомления", "mentoring:notification_list", ALL, False),
    ("Организации", "mentoring:organization_list", SPECIALIST, False),
    Section("Участники"),
    ("Банк наставляемых", "mentoring:mentee_bank", STAFF_ROLES, False),
    ("Банк наставников", "mentoring:mentor_bank", STAFF_ROLES, False),
    ("Согласия", "mentoring:consent_missing", STAFF_ROLES, False),
    ("Отзывы и уничтожение данных", "mentoring:privacy_overview", STAFF_ROLES, False),
    ("Импорт участников", "mentoring:import_upload", MANAGER_ROLES, False),
    ("Численность групп", "mentoring:headcounts", STAFF_ROLES, False),
    Section("Наставничество"),
    ("Пары и группы", "mentoring:mentorship_list", STAFF_ROLES, False),
    ("Подбор наставника", "mentoring:matching", MANAGER_ROLES, False),
    ("Без наставника", "mentoring:mentees_without_mentor", STAFF_ROLES, False),
    ("Требуют внимания", "mentoring:mentorships_attention", STAFF_ROLES, False),
    ("Формы наставничества", "mentoring:form_list", STAFF_ROLES, False),
    ("Программы наставничества", "mentoring:program_list", STAFF_ROLES, False),
    ("Банк программ наставничества", "mentoring:program_bank", SPECIALIST, False),
    ("Приказы", "mentoring:order_list", STAFF_ROLES, False),
    # The department's own pairs across its organisations (403 for a school's director).
    ("Пары руководителей", "mentoring:head_pair_list", SPECIALIST, False),
    ("На утверждение", "mentoring:order_inbox", frozenset({Role.DIRECTOR}), False),
    ("Положение", "documents:regulation_list", STAFF_ROLES, False),
    ("Соглашения с наставниками", "documents:agreement_list", STAFF_ROLES, False),
    ("Доплаты наставникам", "documents:payments", STAFF_ROLES, False),
    Section("Обучение и события"),
    ("Обучение наставников", "mentoring:training_list", STAFF_ROLES, False),
    ("Мероприятия", "mentoring:event_list", STAFF_ROLES, False),
    ("Новости", "mentoring:news_list", STAFF_ROLES, False),
    ("Практики", "mentoring:practice_list", ALL, False),
    ("Муниципальный банк практик", "mentoring:practice_bank", SPECIALIST, False),
    ("Методическая копилка", "mentoring:material_list", ALL, False),
    ("Доска почёта", "mentoring:honour_board", STAFF_ROLES, False),
    Section("Дорожная карта и показатели"),
    ("Дорожная карта", "roadmaps:roadmap_list", STAFF_ROLES | SPECIALIST, False),
    # Mentors and mentees reach their tasks from reminders (403 without tasks).
    ("Мои задачи", "roadmaps:my_tasks", STAFF_ROLES | SPECIALIST, False),
    ("Просроченные", "roadmaps:overdue", STAFF_ROLES | SPECIALIST, False),
    ("Показатели", "roadmaps:indicator_list", STAFF_ROLES | SPECIALIST, False),
    Section("Анкеты"),
    ("Анкеты", "surveys:survey_list", STAFF_ROLES, False),
    ("Рассылки и результаты", "surveys:campaign_list", STAFF_ROLES, False),
    ("Мои анкеты", "surveys:my_surveys", PARTICIPANT_ROLES, False),
    Section("Отчёты"),
    ("Сводка", "reports:dashboard", STAFF_ROLES, False),
    ("Отчёты", "reports:report_list", STAFF_ROLES | SPECIALIST, False),
    ("Публичный раздел", "reports:public_settings", MANAGER_ROLES, False),
    ("Мониторинг", "reports:department_dashboard", SPECIALIST, False),
    # One entry: the department's requests, or the ones addressed to an organisation.
    ("Аналитический сборник", "reports:my_collections", STAFF_ROLES | SPECIALIST, False),
    Section("Организация"),
    ("Организация и команда", "mentoring:organization_detail", STAFF_ROLES, True),
]


# The head of a department (a director there) sees the department's menu,
# not a school's empty banks, and signs the department's orders.
DEPARTMENT_HEAD_EXTRA = {"mentoring:order_list", "mentoring:order_inbox"}
# The department's specialist drafts the department's orders.
DEPARTMENT_SPECIALIST_EXTRA = {"mentoring:order_list"}


def _sees(membership, roles, name):
    if membership.organization.is_department:
        if membership.role == Role.DIRECTOR:
            return Role.SPECIALIST in roles or name in DEPARTMENT_HEAD_EXTRA
        if membership.role == Role.SPECIALIST and name in DEPARTMENT_SPECIALIST_EXTRA:
            return True
    return membership.role in roles


def menu_for(membership):
    """[{"section": heading} | {"label", "url", "name"}] of the membership's
    side menu; [] without a membership. The list is shared between requests
    (built once per role, kind of organisation and slug): do not mutate it."""
    if membership is None:
        return []
    return _menu(*_key(membership))


def _key(membership):
    organization = membership.organization
    return membership.role, organization.is_department, organization.slug, get_script_prefix()


@lru_cache(maxsize=4096)
def _menu(role, is_department, slug, _prefix):
    # The URLs depend only on these keys (the URLconf is fixed in a process);
    # reverse() of ~40 names cost a millisecond on every page.
    probe = _Probe(role, is_department)
    items, heading = [], None
    for entry in MENU:
        if isinstance(entry, Section):
            heading = entry
            continue
        label, name, roles, takes_slug = entry
        if _sees(probe, roles, name):
            if heading:
                items.append({"section": heading})
                heading = None
            args = [slug] if takes_slug else []
            items.append({"label": label, "url": reverse(name, args=args), "name": name})
    return tuple(items)


class _Probe:
    """What ``_sees`` reads of a membership, without the model instance."""

    def __init__(self, role, is_department):
        self.role = role
        self.organization = _ProbeOrganization(is_department)


class _ProbeOrganization:
    def __init__(self, is_department):
        self.is_department = is_department


def sidebar_html(membership, view_name):
    """The side menu's <li> items as HTML (``menu_for``), the current page's
    item marked active with ``aria-current="page"``; "" without a
    membership. ``view_name``: the request's resolved view name or None.
    Cached per menu and page: rendering the ~40 items in the template
    language cost about a millisecond on every page."""
    if membership is None:
        return ""
    return _sidebar(_key(membership), view_name or "")


@lru_cache(maxsize=4096)
def _sidebar(key, view_name):
    rows = []
    for item in _menu(*key):
        if "section" in item:
            rows.append(format_html('<li class="nav-section">{}</li>', item["section"]))
        elif item["name"] == view_name:
            rows.append(
                format_html(
                    '<li class="nav-item"><a class="nav-link active" aria-current="page" '
                    'href="{}">{}</a></li>',
                    item["url"],
                    item["label"],
                )
            )
        else:
            rows.append(
                format_html(
                    '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>',
                    item["url"],
                    item["label"],
                )
            )
    return mark_safe("\n".join(rows))  # noqa: S308 - every row built by format_html
