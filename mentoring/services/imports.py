"""Import of participants (banks of mentors and mentees) from an XLSX file.

``participants_import(*, organization, fileobj, by, dry_run=False)`` reads the
whole file, validates every row, and only then — when there is not a single
error — writes everything in one transaction (bulk inserts and updates, with a
history record per participant and one AuditEvent). With an error anywhere
nothing is written: all or nothing.

Rules the users rely on (also written on the template's "Инструкция" sheet):

- Matching (a re-import updates, never duplicates): by "Внешний ID" when the
  row has one; otherwise — or when no participant has that id yet — by last
  name, first name, patronymic and date of birth, ignoring case and ё/е, among
  the organisation's participants that are not anonymised and have no other
  external id.
- An empty cell never erases a stored value on update; a column that is not in
  the file is not touched.
- The import only adds people to the banks: "нет" in "Наставник" or
  "Наставляемый" does not take an existing participant out of a bank (that is
  done on the participant's page, where pairs and consents are visible).
- When neither "Наставник" nor "Наставляемый" says "да" for a new participant,
  students (school and college) and young specialists go to the bank of
  mentees, employers' representatives to the bank of mentors; for teachers and
  heads the row must say which bank it is for.
- A new mentor is a potential mentor; an approved mentor stays approved.
- Under 14 (on today's date) a legal representative is required.
- Two rows about the same person (the same external id, or the same full name
  and date of birth) are an error on the second one, naming the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import (
    REPRESENTATIVE_REQUIRED_UNDER,
    STUDENT_GROUPS,
    AuditEvent,
    Consent,
    ConsentKind,
    MentorStatus,
    Participant,
    QualificationCategory,
    TargetGroup,
    age_on,
)
from ..spreadsheets import (
    MAX_FILE_SIZE,
    MAX_ROWS,
    ReferenceList,
    SpreadsheetError,
    TemplateColumn,
    cell_text,
    read_sheet_rows,
    write_template,
)

__all__ = [
    "COLUMNS",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "ImportResult",
    "participants_import",
    "participants_import_check",
    "participants_import_template",
]

SHEET_TITLE = "Участники"
CHANGE_REASON = "Импорт из файла XLSX"
BATCH_SIZE = 500


# --- columns ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the Participant field
    label: str  # Russian name, used in messages
    header: str  # as written in the template
    kind: str = "text"  # text | date | choice | int | bool | email
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 18
    max_value: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("external_id", "Внешний ID", "Внешний ID", aliases=("внешний идентификатор", "id")),
    Column("last_name", "Фамилия", "Фамилия*", required=True),
    Column("first_name", "Имя", "Имя*", required=True),
    Column("patronymic", "Отчество", "Отчество"),
    Column("birth_date", "Дата рождения", "Дата рождения", kind="date", width=14),
    Column(
        "target_group",
        "Целевая группа",
        "Целевая группа*",
        kind="choice",
        required=True,
        width=30,
    ),
    Column("class_group", "Класс/группа", "Класс/группа", aliases=("класс", "группа"), width=12),
    Column("position", "Должность", "Должность"),
    Column("subjects", "Предметы", "Предметы", aliases=("предметы или направления",)),
    Column("experience_years", "Стаж (лет)", "Стаж (лет)", kind="int", max_value=80, width=10),
    Column(
        "qualification_category",
        "Квалификационная категория",
        "Квалификационная категория",
        kind="choice",
        aliases=("категория",),
        width=26,
    ),
    Column(
        "email",
        "E-mail",
        "E-mail",
        kind="email",
        aliases=("email", "электронная почта", "эл почта"),
        width=24,
    ),
    Column("phone", "Телефон", "Телефон", width=16),
    Column("is_mentor", "Наставник", "Наставник (да/нет)", kind="bool", width=12),
    Column("is_mentee", "Наставляемый", "Наставляемый (да/нет)", kind="bool", width=14),
    Column("competencies", "Компетенции", "Компетенции", width=24),
    Column("achievements", "Достижения", "Достижения", width=24),
    Column(
        "capacity",
        "Может взять наставляемых",
        "Может взять наставляемых",
        kind="int",
        max_value=50,
        aliases=("сколько наставляемых может взять",),
        width=14,
    ),
    Column(
        "requests",
        "Запросы и затруднения",
        "Запросы и затруднения",
        aliases=("профессиональные запросы и затруднения",),
        width=24,
    ),
    Column("special_disability", "ОВЗ", "ОВЗ (да/нет)", kind="bool", width=10),
    Column("special_gifted", "Одарённый", "Одарённый (да/нет)", kind="bool", width=12),
    Column(
        "special_difficult",
        "ТЖС",
        "ТЖС (да/нет)",
        kind="bool",
        aliases=("трудная жизненная ситуация",),
        width=10,
    ),
    Column(
        "representative_name",
        "Законный представитель (ФИО)",
        "Законный представитель (ФИО)",
        aliases=("фио законного представителя",),
        width=30,
    ),
    Column("representative_relation", "Кем приходится", "Кем приходится", width=16),
    Column(
        "representative_phone",
        "Телефон представителя",
        "Телефон представителя",
        aliases=("телефон законного представителя",),
        width=18,
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
# Columns people number their rows with; they are ignored.
IGNORED_HEADERS = {"№", "№ п п", "п п", "n", "no", "номер"}


def normalize(text: Any) -> str:
    """Lower case, ё → е, no parenthesised hints, no asterisks or punctuation."""
    text = cell_text(text).casefold().replace("ё", "е")
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^\w№]+", " ", text)
    return " ".join(text.split())


HEADER_LOOKUP: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.label, *_column.aliases):
        HEADER_LOOKUP.setdefault(normalize(_name), _column)


def _choice_lookup(choices, extra):
    lookup = {}
    for value, label in choices:
        lookup[normalize(value)] = value
        lookup[normalize(label)] = value
    for name, value in extra.items():
        lookup[normalize(name)] = value
    return lookup


TARGET_GROUPS = _choice_lookup(
    TargetGroup.choices,
    {
        "педагог": TargetGroup.TEACHER,
        "учитель": TargetGroup.TEACHER,
        "педагогический работник": TargetGroup.TEACHER,
        "обучающийся": TargetGroup.SCHOOL_STUDENT,
        "ученик": TargetGroup.SCHOOL_STUDENT,
        "школьник": TargetGroup.SCHOOL_STUDENT,
        "студент": TargetGroup.COLLEGE_STUDENT,
        "работодатель": TargetGroup.EMPLOYER,
        "представитель работодателя": TargetGroup.EMPLOYER,
        "партнер": TargetGroup.EMPLOYER,
    },
)
CATEGORIES = _choice_lookup(
    QualificationCategory.choices,
    {
        "нет": QualificationCategory.NONE,
        "без": QualificationCategory.NONE,
        "соответствие": QualificationCategory.CONFORMITY,
        "сзд": QualificationCategory.CONFORMITY,
        "первая категория": QualificationCategory.FIRST,
        "высшая категория": QualificationCategory.HIGHEST,
    },
)
YES = {"да", "д", "yes", "y", "1", "+", "true", "истина", "x", "х", "v"}
NO = {"нет", "н", "no", "n", "0", "-", "–", "—", "false", "ложь"}
DATE_RE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s*г\.?)?$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Groups that go to the bank of mentees / mentors when the row does not say.
DEFAULT_MENTEE_GROUPS = STUDENT_GROUPS | {TargetGroup.YOUNG_SPECIALIST}
DEFAULT_MENTOR_GROUPS = frozenset({TargetGroup.EMPLOYER})


# --- result --------------------------------------------------------------------


def error(row, column, message):
    return {"row": row, "field": column.label if column else None, "message": message}


@dataclass
class RowOutcome:
    row: int
    name: str
    target_group: str = ""
    roles: str = ""
    # "create", "update", "unchanged" or "" when the row has errors.
    action: str = ""
    errors: list[dict] = field(default_factory=list)

    @property
    def action_label(self):
        return {
            "create": "создать",
            "update": "обновить",
            "unchanged": "обновить (без изменений)",
        }.get(self.action, "ошибка")


@dataclass
class ImportResult:
    """``created`` and ``updated`` count the participants created and updated
    (in a dry run: that would be); ``unchanged`` is how many of the updated
    ones the file matched without a difference (nothing is written for them).
    With errors a real run writes nothing and both counts are 0."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    file_rows: int = 0
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self):
        return not self.errors

    @property
    def file_errors(self):
        """Errors about the file as a whole (not about one data row)."""
        row_numbers = {r.row for r in self.rows}
        return [e for e in self.errors if e["row"] not in row_numbers]

    def as_dict(self):
        return {"created": self.created, "updated": self.updated, "errors": self.errors}


# --- parsing cells -----------------------------------------------------------------


class CellError(ValueError):
    pass


def parse_text(value, column):
    text = cell_text(value)
    max_length = Participant._meta.get_field(column.key).max_length
    if max_length and len(text) > max_length:
        raise CellError(f"Слишком длинное значение: не более {max_length} символов.")
    return text


def parse_date(value, column):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            converted = None
        if isinstance(converted, datetime):
            return converted.date()
        raise CellError(f"Дата должна быть в виде дд.мм.гггг, а не «{cell_text(value)}».")
    text = cell_text(value)
    match = DATE_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = ISO_DATE_RE.match(text)
        if not match:
            raise CellError(f"Дата должна быть в виде дд.мм.гггг, а не «{text}».")
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"Несуществующая дата {day:02d}.{month:02d}.{year}.") from None


def parse_choice(value, column):
    lookup = TARGET_GROUPS if column.key == "target_group" else CATEGORIES
    found = lookup.get(normalize(value))
    if found is None:
        choices = TargetGroup if column.key == "target_group" else QualificationCategory
        allowed = "; ".join(choice.label for choice in choices)
        raise CellError(
            f"Неизвестное значение «{cell_text(value)}». Допустимые значения "
            f"(лист «Справочники» шаблона): {allowed}."
        )
    return str(found)


def parse_int(value, column):
    if isinstance(value, bool):
        raise CellError("Нужно целое число.")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"Нужно целое число, а не «{cell_text(value)}».")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = cell_text(value)
        if not re.fullmatch(r"\d+", text):
            raise CellError(f"Нужно целое число, а не «{text}».")
        number = int(text)
    if number < 0 or (column.max_value is not None and number > column.max_value):
        raise CellError(f"Число должно быть от 0 до {column.max_value}, а не {number}.")
    return number


def parse_bool(value, column):
    if isinstance(value, bool):
        return value
    text = normalize(value) if not isinstance(value, str) else value.strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"Ожидается «да» или «нет», а не «{cell_text(value)}».")


def parse_email(value, column):
    text = parse_text(value, column)
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(f"Неверный адрес электронной почты «{text}».") from None
    return text.lower() if text.isascii() else text


PARSERS: dict[str, Callable] = {
    "text": parse_text,
    "date": parse_date,
    "choice": parse_choice,
    "int": parse_int,
    "bool": parse_bool,
    "email": parse_email,
}


# --- the header ----------------------------------------------------------------


def read_header(values):
    """Map column index → Column, or raise CellError with one Russian message
    listing every problem of the header row."""
    mapping, problems, seen = {}, [], {}
    from openpyxl.utils import get_column_letter

    for index, value in enumerate(values):
        name = normalize(value)
        if not name or name in IGNORED_HEADERS:
            continue
        column = HEADER_LOOKUP.get(name)
        letter = get_column_letter(index + 1)
        if column is None:
            problems.append(f"неизвестный столбец «{cell_text(value)}» (столбец {letter})")
        elif column.key in seen:
            problems.append(
                f"столбец «{column.label}» повторяется (столбцы {seen[column.key]} и {letter})"
            )
        else:
            seen[column.key] = letter
            mapping[index] = column
    missing = [c.label for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        problems.insert(
            0, "нет обязательных столбцов: " + ", ".join(f"«{name}»" for name in missing)
        )
    if problems:
        raise CellError(
            "Неверная строка заголовков: "
            + "; ".join(problems)
            + ". Названия столбцов должны быть как в шаблоне: скачайте шаблон и перенесите "
            "данные в него."
        )
    return mapping


def _read_header_row(sheet):
    """(header row number, {index: Column}); CellError for an empty sheet or a
    wrong header."""
    if not sheet.rows:
        raise CellError(
            "В файле нет данных: лист пуст. Скачайте шаблон, заполните его и загрузите снова."
        )
    number, values = sheet.rows[0]
    return number, read_header(values)


def participants_import_check(*, fileobj):
    """A quick look at an upload: the file opens safely and its header row is
    right. Returns a list of file-level errors (empty when fine)."""
    try:
        sheet = read_sheet_rows(fileobj, prefer_sheet=SHEET_TITLE, stop_after=1)
        _read_header_row(sheet)
    except SpreadsheetError as exc:
        return [error(None, None, exc.message)]
    except CellError as exc:
        return [error(sheet.rows[0][0] if sheet.rows else None, None, str(exc))]
    return []


# --- the import ----------------------------------------------------------------


def _person_key(last_name, first_name, patronymic, birth_date):
    return (normalize(last_name), normalize(first_name), normalize(patronymic), birth_date)


@dataclass
class _Row:
    number: int
    values: dict  # field key → parsed value, for non-empty cells only
    outcome: RowOutcome
    participant: Participant | None = None
    changed: set = field(default_factory=set)


def _parse_rows(sheet, mapping, result):
    rows = []
    for number, values in sheet.rows[1:]:
        parsed, errors = {}, []
        for index, column in mapping.items():
            raw = values[index] if index < len(values) else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                parsed[column.key] = PARSERS[column.kind](raw, column)
            except CellError as exc:
                errors.append(error(number, column, str(exc)))
        if not parsed and not errors:
            continue  # only ignored columns (a pre-numbered empty row)
        for column in COLUMNS:
            # The header check guarantees every required column is present.
            if (
                column.required
                and not parsed.get(column.key)
                and not any(e["field"] == column.label for e in errors)
            ):
                errors.append(error(number, column, "Обязательное поле не заполнено."))
        name = " ".join(
            cell_text(parsed.get(k, "")) for k in ("last_name", "first_name", "patronymic")
        ).strip()
        outcome = RowOutcome(row=number, name=name or "—", errors=errors)
        if parsed.get("target_group"):
            outcome.target_group = TargetGroup(parsed["target_group"]).label
        rows.append(_Row(number=number, values=parsed, outcome=outcome))
        result.rows.append(outcome)
    return rows


def _check_duplicates_in_file(rows):
    by_external, by_person = {}, {}
    for row in rows:
        values = row.values
        if not values.get("last_name") or not values.get("first_name"):
            continue
        external = values.get("external_id", "").casefold()
        person = _person_key(
            values["last_name"],
            values["first_name"],
            values.get("patronymic", ""),
            values.get("birth_date"),
        )
        first = None
        if external and external in by_external:
            first, column = by_external[external], COLUMN_BY_KEY["external_id"]
        elif person in by_person and (not external or not by_person[person][1]):
            first, column = by_person[person][0], COLUMN_BY_KEY["last_name"]
        if first is not None:
            row.outcome.errors.append(
                error(
                    row.number,
                    column,
                    f"Повтор: этот участник уже есть в строке {first}. "
                    "Оставьте в файле одну строку о каждом человеке.",
                )
            )
            continue
        if external:
            by_external[external] = row.number
        by_person.setdefault(person, (row.number, external))


def _load_existing(organization):
    """The organisation's participants keyed for matching, in one query."""
    by_external, by_person, retired_external = {}, {}, set()
    for participant in Participant.objects.filter(organization=organization):
        if participant.anonymized_at is not None:
            if participant.external_id:
                retired_external.add(participant.external_id.casefold())
            continue
        if participant.external_id:
            by_external[participant.external_id.casefold()] = participant
        key = _person_key(
            participant.last_name,
            participant.first_name,
            participant.patronymic,
            participant.birth_date,
        )
        by_person.setdefault(key, []).append(participant)
    return by_external, by_person, retired_external


def _match(row, by_external, by_person, retired_external):
    """The existing participant the row is about, None for a new one; a
    CellError when the row cannot be matched safely."""
    values = row.values
    external = values.get("external_id", "")
    if external:
        if external.casefold() in retired_external:
            raise CellError(
                "Этот внешний ID был у участника, чьи данные обезличены: укажите другой."
            )
        found = by_external.get(external.casefold())
        if found is not None:
            return found
    key = _person_key(
        values["last_name"],
        values["first_name"],
        values.get("patronymic", ""),
        values.get("birth_date"),
    )
    candidates = [p for p in by_person.get(key, ()) if not (external and p.external_id)]
    if len(candidates) > 1:
        raise CellError(
            "В организации несколько участников с такими ФИО и датой рождения: "
            "укажите внешний ID, чтобы выбрать одного."
        )
    return candidates[0] if candidates else None


def _apply(participant, values, *, is_new):
    """Set the row's values on the participant; returns the changed fields."""
    changed = set()
    for key, value in values.items():
        if key in ("is_mentor", "is_mentee") and not is_new and not value:
            continue  # the import never takes anyone out of a bank
        if getattr(participant, key) != value:
            setattr(participant, key, value)
            changed.add(key)
    if is_new:
        # Defaults for a row that does not say which bank (see the docstring).
        group = participant.target_group
        if "is_mentee" not in values and not values.get("is_mentor"):
            participant.is_mentee = group in DEFAULT_MENTEE_GROUPS
        if "is_mentor" not in values and not values.get("is_mentee"):
            participant.is_mentor = group in DEFAULT_MENTOR_GROUPS
    if participant.is_mentor and not participant.mentor_status:
        participant.mentor_status = MentorStatus.POTENTIAL
        changed.add("mentor_status")
    return changed


def _validate_person(row, participant, today, turned_on=(), written=frozenset()):
    errors = []
    number = row.number
    if turned_on and participant.pk not in written:
        # Special categories only with a written consent (ст. 10 ч. 2 п. 1):
        # refused row by row, naming the column.
        message = Participant.special_category_message(turned_on)
        for name in turned_on:
            errors.append(error(number, COLUMN_BY_KEY[name], message))
    if not participant.is_mentor and not participant.is_mentee:
        errors.append(
            error(
                number,
                COLUMN_BY_KEY["is_mentor"],
                "Укажите «да» в столбце «Наставник (да/нет)» или «Наставляемый (да/нет)»: "
                "участник должен быть в банке наставников или наставляемых.",
            )
        )
    birth_date = participant.birth_date
    if birth_date is not None and "birth_date" in row.values:
        if birth_date > today:
            errors.append(
                error(
                    number,
                    COLUMN_BY_KEY["birth_date"],
                    f"Дата рождения {birth_date:%d.%m.%Y} ещё не наступила.",
                )
            )
        elif birth_date.year < 1900:
            errors.append(
                error(
                    number,
                    COLUMN_BY_KEY["birth_date"],
                    f"Дата рождения {birth_date:%d.%m.%Y} раньше 1900 года: проверьте год.",
                )
            )
    age = age_on(birth_date, today)
    if (
        age is not None
        and 0 <= age < REPRESENTATIVE_REQUIRED_UNDER
        and not participant.representative_name
    ):
        errors.append(
            error(
                number,
                COLUMN_BY_KEY["representative_name"],
                f"Участнику нет {REPRESENTATIVE_REQUIRED_UNDER} лет: укажите законного "
                "представителя.",
            )
        )
    return errors


def _roles_label(participant):
    roles = []
    if participant.is_mentor:
        roles.append("наставник")
    if participant.is_mentee:
        roles.append("наставляемый")
    return ", ".join(roles)


def participants_import(*, organization, fileobj, by, dry_run=False):
    """Import participants of ``organization`` from an XLSX file (a path or a
    binary file object). Returns an ImportResult; never raises for bad input.

    Nothing is written in a dry run or when any row has an error."""
    result = ImportResult(dry_run=dry_run)
    if organization.is_department:
        result.errors.append(
            error(None, None, "В департамент участников не импортируют: выберите организацию.")
        )
        return result
    try:
        sheet = read_sheet_rows(fileobj, prefer_sheet=SHEET_TITLE)
    except SpreadsheetError as exc:
        result.errors.append(error(None, None, exc.message))
        return result
    try:
        header_row, mapping = _read_header_row(sheet)
    except CellError as exc:
        result.errors.append(error(sheet.rows[0][0] if sheet.rows else None, None, str(exc)))
        return result
    rows = _parse_rows(sheet, mapping, result)
    result.file_rows = len(rows)
    if not rows:
        result.errors.append(
            error(
                header_row,
                None,
                "В файле нет ни одной строки с участниками: под строкой заголовков пусто.",
            )
        )
        return result
    _check_duplicates_in_file(rows)

    with transaction.atomic():
        if not dry_run:
            # Two imports into one organisation at once would both see a person
            # as new; the second waits here instead (a no-op on SQLite, which
            # serialises writers anyway).
            type(organization).objects.select_for_update().filter(pk=organization.pk).first()
        _plan(organization, rows, result)
        _collect_errors(rows, result)
        if result.errors or dry_run:
            if result.errors and not dry_run:
                result.created = result.updated = result.unchanged = 0
            return result
        _write(organization, rows, result, by)
    return result


def _plan(organization, rows, result):
    """Match every valid row, build or update its participant in memory."""
    today = timezone.localdate()
    by_external, by_person, retired_external = _load_existing(organization)
    # People with a valid processing consent with a scan, in one query.
    written = frozenset(
        Consent.objects.filter(participant__organization=organization, kind=ConsentKind.PROCESSING)
        .valid_on(today)
        .exclude(scan="")
        .values_list("participant_id", flat=True)
    )
    matched_by = {}  # existing pk → row number
    for row in rows:
        outcome = row.outcome
        if outcome.errors:
            continue
        try:
            existing = _match(row, by_external, by_person, retired_external)
        except CellError as exc:
            outcome.errors.append(error(row.number, COLUMN_BY_KEY["external_id"], str(exc)))
            continue
        if existing is not None:
            if existing.pk in matched_by:
                outcome.errors.append(
                    error(
                        row.number,
                        COLUMN_BY_KEY["last_name"],
                        f"Строка относится к тому же участнику, что и строка "
                        f"{matched_by[existing.pk]}.",
                    )
                )
                continue
            matched_by[existing.pk] = row.number
            participant, is_new = existing, False
        else:
            participant, is_new = Participant(organization=organization), True
        turned_on = [
            name
            for name in Participant.SPECIAL_FIELDS
            if row.values.get(name) and not getattr(participant, name)
        ]
        changed = _apply(participant, row.values, is_new=is_new)
        outcome.errors.extend(_validate_person(row, participant, today, turned_on, written))
        # Our parsers already bound lengths and choices; clean_fields is the
        # model's own word on it (full_clean would add a query per row for
        # the unique checks, which the matching above already covers).
        try:
            participant.clean_fields(exclude=["organization", "user"])
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                column = COLUMN_BY_KEY.get(key)
                outcome.errors.append(error(row.number, column, " ".join(messages)))
        outcome.target_group = participant.get_target_group_display()
        outcome.roles = _roles_label(participant)
        if outcome.errors:
            continue
        row.participant = participant
        if is_new:
            outcome.action = "create"
            result.created += 1
        else:
            outcome.action = "update" if changed else "unchanged"
            row.changed = changed
            result.updated += 1
            if not changed:
                result.unchanged += 1


def _collect_errors(rows, result):
    for row in rows:
        result.errors.extend(row.outcome.errors)


def _write(organization, rows, result, by):
    now = timezone.now()
    new = [r.participant for r in rows if r.outcome.action == "create"]
    changed_rows = [r for r in rows if r.outcome.action == "update"]
    if new:
        bulk_create_with_history(
            new,
            Participant,
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=CHANGE_REASON,
            default_date=now,
        )
    if changed_rows:
        fields = sorted(set().union(*(r.changed for r in changed_rows)) | {"updated_at"})
        updated = []
        for row in changed_rows:
            row.participant.updated_at = now
            updated.append(row.participant)
        bulk_update_with_history(
            updated,
            Participant,
            fields,
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=CHANGE_REASON,
            default_date=now,
        )
    AuditEvent.objects.create(
        organization=organization,
        action=AuditEvent.Action.IMPORT,
        actor=by,
        details={
            "created": result.created,
            "updated": result.updated,
            "file_rows": result.file_rows,
        },
    )
    result.written = True


# --- the template ------------------------------------------------------------------


def participants_import_template():
    """The XLSX template to fill in (bytes)."""
    target_labels = [choice.label for choice in TargetGroup]
    category_labels = [choice.label for choice in QualificationCategory]
    lists = {
        "target_group": f"'Справочники'!$A$2:$A${len(target_labels) + 1}",
        "qualification_category": f"'Справочники'!$B$2:$B${len(category_labels) + 1}",
    }
    columns = []
    for column in COLUMNS:
        formula = lists.get(column.key, "")
        if column.kind == "bool":
            formula = '"да,нет"'
        columns.append(
            TemplateColumn(
                header=column.header,
                width=column.width,
                choices_formula=formula,
                number_format="DD.MM.YYYY" if column.kind == "date" else "",
            )
        )
    return write_template(
        columns=columns,
        sheet_title=SHEET_TITLE,
        references=[
            ReferenceList("Целевая группа", target_labels),
            ReferenceList("Квалификационная категория", category_labels),
            ReferenceList("Да/нет", ["да", "нет"]),
        ],
        instructions=INSTRUCTIONS,
    )


INSTRUCTIONS = (
    "Как заполнить список участников",
    "Одна строка — один человек. Первая строка листа «Участники» — заголовки: не меняйте их.",
    "Обязательные столбцы отмечены звёздочкой: Фамилия, Имя, Целевая группа.",
    "Целевая группа и квалификационная категория — значения с листа «Справочники» "
    "(регистр букв не важен).",
    "Дата рождения — в виде дд.мм.гггг, например 05.09.2012. Участнику младше 14 лет "
    "обязательно укажите законного представителя (ФИО).",
    "Столбцы «да/нет»: да, нет, 1, 0, + или пусто.",
    "Если ни «Наставник», ни «Наставляемый» не отмечены, обучающиеся, студенты и молодые "
    "специалисты попадают в банк наставляемых, представители работодателя — в банк "
    "наставников; для педагогов и руководителей отметьте нужный банк.",
    "Повторная загрузка файла обновляет уже внесённых участников, а не создаёт новых. "
    "Участник находится по внешнему ID (например, табельному номеру), а если его нет — "
    "по ФИО и дате рождения.",
    "Пустая ячейка не стирает уже внесённые сведения. Импорт только добавляет в банки: "
    "исключить участника из банка можно в его карточке.",
    "Файл загружается целиком или не загружается вовсе: при любой ошибке ничего не "
    "сохраняется, а на странице проверки видно, что исправить.",
    f"Не больше {MAX_ROWS // 1000}\N{NO-BREAK SPACE}000 строк и "
    f"{MAX_FILE_SIZE // (1024 * 1024)} МБ в одном файле.",
)
