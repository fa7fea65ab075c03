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


def _sees(membership, roles, name):
    if membership.role == Role.DIRECTOR and membership.organization.is_department:
        return Role.SPECIALIST in roles or name in DEPARTMENT_HEAD_EXTRA
    return membership.role in roles


def menu_for(membership):
    if membership is None:
        return []
    items, heading = [], None
    for entry in MENU:
        if isinstance(entry, Section):
            heading = entry
            continue
        label, name, roles, takes_slug = entry
        if _sees(membership, roles, name):
            if heading:
                items.append({"section": heading})
                heading = None
            args = [membership.organization.slug] if takes_slug else []
            items.append({"label": label, "url": reverse(name, args=args), "name": name})
    return items
