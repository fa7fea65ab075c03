"""Rows of the bank exports. Special categories (ОВЗ, одарённые, ТЖС) are
never exported: the file may leave the organisation.

The headers are the participant import's (services/imports.py COLUMNS), with
"Внешний ID" first, so that export → edit in Excel → import round-trips: the
import matches every row by its external id (or full name and date of birth)
and updates it. Columns the import does not take ("№", "Статус", "Согласие на
обработку ПДн", the interview columns) are skipped by it on purpose."""

from .models import Interview

BANK_TITLES = {
    "mentees": "Банк наставляемых",
    "mentors": "Банк наставников",
    "potential-mentors": "Реестр потенциальных наставников",
}

COMMON_COLUMNS = [
    ("№", 6),
    ("Внешний ID", 12),
    ("Фамилия", 18),
    ("Имя", 14),
    ("Отчество", 18),
    ("Дата рождения", 13),
    ("Целевая группа", 24),
    ("Класс/группа", 10),
    ("Должность", 26),
    ("Предметы", 26),
    ("Стаж (лет)", 9),
    ("Квалификационная категория", 20),
    ("E-mail", 24),
    ("Телефон", 16),
    ("Согласие на обработку ПДн", 14),
]
MENTEE_COLUMNS = [("Запросы и затруднения", 40)]
MENTOR_COLUMNS = [
    ("Статус", 20),
    ("Компетенции", 40),
    ("Достижения", 40),
    ("Может взять наставляемых", 12),
]
POTENTIAL_COLUMNS = [("Последнее собеседование", 14), ("Итог собеседования", 24)]


def bank_columns(side):
    if side == "mentees":
        return COMMON_COLUMNS + MENTEE_COLUMNS
    if side == "mentors":
        return COMMON_COLUMNS + MENTOR_COLUMNS
    return COMMON_COLUMNS + MENTOR_COLUMNS + POTENTIAL_COLUMNS


def bank_rows(queryset, side):
    """Rows in the order of ``bank_columns(side)``; the queryset carries the
    consent annotations (and the interview ones for potential mentors)."""
    outcomes = dict(Interview.Outcome.choices)
    for number, p in enumerate(queryset.iterator(chunk_size=2000), start=1):
        row = [
            number,
            p.external_id,
            p.last_name,
            p.first_name,
            p.patronymic,
            p.birth_date,
            p.get_target_group_display(),
            p.class_group,
            p.position,
            p.subjects,
            p.experience_years,
            p.get_qualification_category_display() if p.qualification_category else "",
            p.email,
            p.phone,
            "есть" if p.has_processing_consent else "нет",
        ]
        if side == "mentees":
            row += [p.requests]
        else:
            row += [
                p.get_mentor_status_display(),
                p.competencies,
                p.achievements,
                p.capacity,
            ]
        if side == "potential-mentors":
            row += [p.last_interview_on, outcomes.get(p.last_interview_outcome, "")]
        yield row
