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

import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.expressions import DatabaseDefault
from django.utils import timezone

from ..bulkwrite import create_with_history, update_with_history
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
from ..plurals import count_noun
from ..public_cache import public_cache_bump
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
    Column(
        "phone",
        "Телефон",
        "Телефон",
        kind="phone",
        aliases=(
            "тел",
            "моб тел",
            "мобильный телефон",
            "телефон мобильный",
            "сотовый телефон",
            "контактный телефон",
            "номер телефона",
            "телефон для связи",
        ),
        width=16,
    ),
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
        aliases=(
            "фио законного представителя",
            "законный представитель фио",
            "фио законный представитель",
            "представитель фио",
        ),
        width=30,
    ),
    Column(
        "representative_relation",
        "Кем приходится",
        "Кем приходится",
        aliases=("законный представитель кем приходится", "степень родства"),
        width=16,
    ),
    Column(
        "representative_phone",
        "Телефон представителя",
        "Телефон представителя",
        kind="phone",
        aliases=(
            "телефон законного представителя",
            "законный представитель телефон",
            "телефон законный представитель",
            "представитель телефон",
        ),
        width=18,
    ),
)
# Consents recorded with the list (issue 14): the date a signed paper consent
# was given, who gave it and, for a legal representative, the document of
# authority (152-ФЗ art. 9 part 4). Not Participant fields: they become Consent
# records through mentoring.services.consents.consent_give after the rows.
CONSENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "consent_processing_on",
        "Дата согласия на обработку ПДн",
        "Дата согласия на обработку ПДн",
        kind="date",
        aliases=("согласие на обработку пдн дата", "дата согласия на обработку"),
        width=16,
    ),
    Column(
        "consent_duties_on",
        "Дата согласия наставника на обязанности",
        "Дата согласия наставника на обязанности",
        kind="date",
        aliases=("дата согласия на дополнительные обязанности",),
        width=16,
    ),
    Column(
        "consent_given_by",
        "Согласие дал",
        "Согласие дал (сам/представитель)",
        kind="given_by",
        aliases=("кем дано согласие", "согласие дано"),
        width=16,
    ),
    Column(
        "consent_document",
        "Документ полномочий представителя",
        "Документ полномочий представителя",
        aliases=("документ подтверждающий полномочия представителя",),
        width=26,
    ),
)
CONSENT_KEYS = {
    "consent_processing_on": "processing",
    "consent_duties_on": "duties",
}
COLUMNS = COLUMNS + CONSENT_COLUMNS
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
DATE_KEYS = frozenset(c.key for c in COLUMNS if c.kind == "date")
GROUP_LABELS = dict(TargetGroup.choices)
# Columns people number their rows with; they are ignored.
IGNORED_HEADERS = {"№", "№ п п", "п п", "n", "no", "номер", "nn п п", "№№ п п"}
# Columns of the bank export (mentoring/exports.py) the import does not take:
# the export re-imports without a question about them.
IGNORED_HEADERS |= {
    "статус",
    "согласие на обработку пдн",
    "последнее собеседование",
    "итог собеседования",
}


def normalize(text: Any) -> str:
    """Lower case, ё → е, no parenthesised hints, no asterisks or punctuation."""
    text = cell_text(text).casefold().replace("ё", "е")
    if text.isalnum():
        return text  # one word: nothing below changes it (\w is isalnum() or "_")
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
# "14.06.2009", "14.06.09", "16. 06. 2009", "14/06/2009", "14-06-2009 г."; a
# slash date whose both parts could be the month ("05/06/2009") is refused.
DATE_RE = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})(?:\s*г\.?)?$")
# "2009-06-17", "2009-06-17 00:00:00" (a date exported by another program)
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
# How far down the header row is looked for (title lines, blank rows above it).
HEADER_SEARCH_ROWS = 30
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
    notes: list = field(default_factory=list)
    # The row's parsed values (field key → value), shared with the row.
    parsed: dict = field(default_factory=dict, repr=False)

    @property
    def values(self):
        """(column label, value as parsed and normalised) for the preview;
        computed on demand: the preview shows a few hundred of 20 000 rows."""
        return _display_values(self.parsed)

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
    # Unrecognised columns not loaded, the header found below title lines...
    notes: list[str] = field(default_factory=list)
    unknown: dict = field(default_factory=dict)  # "<index>" -> header text
    column_map: dict = field(default_factory=dict)  # "<index>" -> field key or ""

    @property
    def error_row_numbers(self):
        """Row numbers of rows with errors, in file order."""
        return [r.row for r in self.rows if r.errors]

    @property
    def error_rows_text(self):
        """ "Строк с ошибками: 2 (строки 29, 31)" — up to ten row numbers."""
        numbers = self.error_row_numbers
        if not numbers:
            return ""
        listed = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
        word = "строка" if len(numbers) == 1 else "строки"
        return f"Строк с ошибками: {len(numbers)} ({word} {listed})"

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


@functools.cache
def _max_length(key):
    if key == "consent_document":
        return 300
    return Participant._meta.get_field(key).max_length


def parse_text(value, column):
    text = cell_text(value)
    max_length = _max_length(column.key)
    if max_length and len(text) > max_length:
        raise CellError(f"Слишком длинное значение: не более {max_length} символов.")
    return text


def parse_date(value, column):
    """A cell as a date: a date cell, an Excel serial number, "дд.мм.гггг"
    (also with "/" or "-" and a two-digit year) or ISO "гггг-мм-дд". Raises
    CellError with a Russian message otherwise, and for a slash date that
    reads both ways ("05/06/2009")."""
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
        if "/" in text and day <= 12 and month <= 12 and day != month:
            # Slashes are how American programs write month/day/year: with both
            # parts up to 12, "05/06/2009" may be 5 June or 6 May. Not guessed.
            raise CellError(
                f"Дата «{text}» неоднозначна: это может быть {day:02d}.{month:02d} или "
                f"{month:02d}.{day:02d}. Запишите её в виде ДД.ММ.ГГГГ."
            )
        if len(match.group(3)) == 2:
            # A two-digit year is unambiguous for a date in the past: "09" is
            # 2009 while that is not in the future, otherwise 1909.
            today = timezone.localdate()
            year += 2000 if 2000 + year <= today.year else 1900
    else:
        match = ISO_DATE_RE.match(text)
        if not match:
            raise CellError(f"Дата должна быть в виде дд.мм.гггг, а не «{text}».")
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"Несуществующая дата {day:02d}.{month:02d}.{year}.") from None


@functools.lru_cache(maxsize=1024, typed=True)
def _normalized(value):
    """`normalize` of a cell value, remembered: a list repeats the same few
    values of a choice or yes/no column 20 000 times."""
    return normalize(value)


def parse_choice(value, column):
    lookup = TARGET_GROUPS if column.key == "target_group" else CATEGORIES
    found = lookup.get(_normalized(value))
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
    text = _normalized(value) if not isinstance(value, str) else value.strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"Ожидается «да» или «нет», а не «{cell_text(value)}».")


def parse_email(value, column):
    """An address validate_email accepts, lower-cased when ASCII.

    What it returns passes the model's EmailField checks as well (the
    import does not check it again, see _FieldCleaner.vouch): parse_text
    bounds the length by the field's max_length and drops NUL; lower-casing
    keeps validate_email's verdict (its patterns ignore case, its allow-list
    "localhost" is lower case, the length does not change)."""
    text = parse_text(value, column)
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(f"Неверный адрес электронной почты «{text}».") from None
    return text.lower() if text.isascii() else text


def parse_phone(value, column):
    """A phone in one format (mentoring.validators.normalize_phone)."""
    from ..validators import normalize_phone

    text = parse_text(value, column)
    try:
        return normalize_phone(text)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from None


def parse_given_by(value, column):
    """ "сам" / "законный представитель" → Consent.GivenBy value."""
    text = _normalized(value)
    if text in {"сам", "сама", "сам субъект", "субъект", "лично", "участник"}:
        return "subject"
    if "представител" in text or text in {"мать", "отец", "опекун", "родитель"}:
        return "representative"
    raise CellError(f"Напишите «сам» или «законный представитель», а не «{cell_text(value)}».")


PARSERS: dict[str, Callable] = {
    "phone": parse_phone,
    "given_by": parse_given_by,
    "text": parse_text,
    "date": parse_date,
    "choice": parse_choice,
    "int": parse_int,
    "bool": parse_bool,
    "email": parse_email,
}


# --- the header ----------------------------------------------------------------


@dataclass
class Header:
    """Where the header is and what each column is.

    ``row``: the sheet row number of the (lowest) header row; ``mapping``:
    column index → Column; ``unknown``: column index → the header text of a
    column that is not recognised (the user may map it in the preview)."""

    row: int
    mapping: dict
    unknown: dict
    position: int  # index in sheet.rows of the header row


def _letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _header_names(values, above):
    """Column names of a header row, with the group headings of the row above
    (a title spanning several columns, "Законный представитель" over "ФИО" and
    "Телефон"): for each column, the candidates to look up, best first."""
    names = []
    group = ""
    for index in range(max(len(values), len(above or ()))):
        own = cell_text(values[index]) if index < len(values) else ""
        upper = cell_text(above[index]) if above and index < len(above) else ""
        if upper:
            group = upper
        elif above is not None and own == "":
            group = ""
        candidates = []
        if own and group:
            candidates += [f"{group} {own}", f"{own} {group}"]
        if own:
            candidates.append(own)
        elif upper:
            # A header cell merged down over both rows keeps its text above.
            candidates.append(upper)
        names.append(candidates)
    return names


def _recognise(names):
    mapping, unknown = {}, {}
    for index, candidates in enumerate(names):
        if not candidates:
            continue
        found = next(
            (HEADER_LOOKUP[normalize(c)] for c in candidates if normalize(c) in HEADER_LOOKUP), None
        )
        if found is None:
            label = candidates[-1]
            if normalize(label) and normalize(label) not in IGNORED_HEADERS:
                unknown[index] = label
        else:
            mapping[index] = found
    return mapping, unknown


def find_header(sheet):
    """The header among the first HEADER_SEARCH_ROWS non-empty rows: the row
    naming the most known columns (title lines and blank rows above it are
    skipped; a row of group headings above it is combined with it). Falls
    back to the first row. Returns a Header (mapping not yet checked)."""
    best = None
    for position, (number, values) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        above = None
        if position > 0 and sheet.rows[position - 1][0] == number - 1:
            above = sheet.rows[position - 1][1]
        for group_row in (above, None) if above is not None else (None,):
            mapping, unknown = _recognise(_header_names(values, group_row))
            score = len({c.key for c in mapping.values()})
            if best is None or score > best[0]:
                best = (score, Header(number, mapping, unknown, position))
    if best is None or best[0] < 2:
        number, values = sheet.rows[0]
        mapping, unknown = _recognise(_header_names(values, None))
        return Header(number, mapping, unknown, 0)
    return best[1]


def read_header(header, column_map=None):
    """Check a Header against the required columns, after applying the user's
    ``column_map`` ({column index: field key or "" to skip}). Returns
    (mapping, notes about unrecognised columns that will not be loaded), or
    raises CellError with one Russian message listing every problem."""
    mapping = dict(header.mapping)
    unknown = dict(header.unknown)
    chosen = set()  # columns the user gave a field in the preview's mapping form
    for index, key in (column_map or {}).items():
        index = int(index)
        if key and key in COLUMN_BY_KEY:
            mapping[index] = COLUMN_BY_KEY[key]
            unknown.pop(index, None)
            chosen.add(index)
        elif key == "" and index in unknown:
            unknown[index] = unknown[index]  # stays unloaded, said in the notes
    problems, seen = [], {}
    for index in sorted(mapping):
        column = mapping[index]
        letter = _letter(index)
        if column.key in seen:
            first = seen[column.key]
            if chosen & {index, first}:
                mapped, other = (index, first) if index in chosen else (first, index)
                problems.append(
                    f"для столбца {_letter(mapped)} выбрано поле «{column.label}», но оно "
                    f"уже есть в столбце {_letter(other)}"
                )
            else:
                problems.append(
                    f"столбец «{column.label}» повторяется (столбцы {_letter(first)} и {letter})"
                )
        else:
            seen[column.key] = index
    missing = [c.label for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        problems.insert(
            0, "нет обязательных столбцов: " + ", ".join(f"«{name}»" for name in missing)
        )
        problems += [
            f"неизвестный столбец «{label}» (столбец {_letter(index)})"
            for index, label in sorted(unknown.items())
        ]
    if problems:
        # Unrecognised columns get a mapping form on the preview page: the
        # problem is solved there, without loading the file again.
        hint = (
            " Выберите поле для столбцов в форме «Столбцы, которые не удалось "
            "распознать» на странице проверки и нажмите «Применить» — загружать файл "
            "заново не нужно."
            if header.unknown
            else " Названия столбцов должны быть как в шаблоне: скачайте шаблон и "
            "перенесите данные в него."
        )
        raise CellError("Неверная строка заголовков: " + "; ".join(problems) + "." + hint)
    notes = [
        f"Столбец {_letter(index)} «{label}» не распознан и не загружается: "
        "выберите для него поле или оставьте без загрузки."
        for index, label in sorted(unknown.items())
    ]
    return {i: mapping[i] for i in sorted(mapping)}, notes


def participants_import_check(*, fileobj):
    """A quick look at an upload: the file opens safely and a header row is
    found. Returns a list of file-level errors (empty when fine); unknown or
    missing columns are left to the preview, where the user can map them."""
    try:
        sheet = read_sheet_rows(fileobj, prefer_sheet=SHEET_TITLE, stop_after=HEADER_SEARCH_ROWS)
    except SpreadsheetError as exc:
        return [error(None, None, exc.message)]
    if not sheet.rows:
        return [error(None, None, EMPTY_SHEET)]
    header = find_header(sheet)
    if not header.mapping:
        try:
            read_header(header)
        except CellError as exc:
            return [error(header.row, None, str(exc))]
    return []


EMPTY_SHEET = "В файле нет данных: лист пуст. Скачайте шаблон, заполните его и загрузите снова."


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
    consents: list = field(default_factory=list)  # [(kind, data)] to record
    _person: tuple | None = None

    @property
    def person(self):
        """The row's `_person_key` (computed once: the duplicate check and the
        matching both need it)."""
        if self._person is None:
            values = self.values
            self._person = _person_key(
                values["last_name"],
                values["first_name"],
                values.get("patronymic", ""),
                values.get("birth_date"),
            )
        return self._person


def _formula_message(number, index):
    return (
        f"В ячейке {_letter(index)}{number} формула без сохранённого значения (файл "
        "сохранён программой, которая не вычисляет формулы). Откройте файл в Excel или "
        "LibreOffice и сохраните его заново или замените формулу значением."
    )


# Kinds whose parse depends on the cell value alone and whose values repeat
# down a list: each distinct value is parsed once per file.
REPEATING_KINDS = frozenset({"bool", "choice", "int", "date", "given_by"})


def _parse_rows(sheet, header, mapping):
    """JSON-ready rows below the header: {"number", "values", "errors", "name"}."""
    rows = []
    cells = []
    for index, column in mapping.items():
        # A text column's length limit (0: none), None for other kinds.
        limit = (_max_length(column.key) or 0) if column.kind == "text" else None
        memo = {} if column.kind in REPEATING_KINDS else None
        cells.append((index, column, column.key, PARSERS[column.kind], limit, memo))
    required = [column for column in COLUMNS if column.required]
    formula_cells = sheet.formula_cells
    for number, values in sheet.rows[header.position + 1 :]:
        parsed, errors = {}, []
        formulas = formula_cells.get(number, ()) if formula_cells else ()
        width = len(values)
        for index, column, key, parser, limit, memo in cells:
            raw = values[index] if index < width else None
            if formulas and index in formulas:
                errors.append(error(number, column, _formula_message(number, index)))
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            if (
                limit is not None
                and raw.__class__ is str
                and (not limit or len(raw) <= limit)
                and cell_text(raw) is raw
            ):
                parsed[key] = raw  # parse_text would return it unchanged
                continue
            if memo is not None:
                outcome = memo.get((raw.__class__, raw))
                if outcome is None:
                    try:
                        outcome = (True, parser(raw, column))
                    except CellError as exc:
                        outcome = (False, str(exc))
                    memo[raw.__class__, raw] = outcome
                if outcome[0]:
                    parsed[key] = outcome[1]
                else:
                    errors.append(error(number, column, outcome[1]))
                continue
            try:
                parsed[key] = parser(raw, column)
            except CellError as exc:
                errors.append(error(number, column, str(exc)))
        if not parsed and not errors:
            continue  # only ignored columns (a pre-numbered empty row)
        for column in required:
            # The header check guarantees every required column is present.
            if not parsed.get(column.key) and not any(e["field"] == column.label for e in errors):
                errors.append(error(number, column, "Обязательное поле не заполнено."))
        rows.append({"number": number, "values": _encode(parsed), "errors": errors})
    return rows


def _encode(values):
    for k in DATE_KEYS.intersection(values):
        if isinstance(values[k], date):
            values[k] = values[k].isoformat()
    return values


def _decode(values):
    if values.keys() <= COLUMN_BY_KEY.keys():
        decoded = dict(values)
    else:
        decoded = {k: v for k, v in values.items() if k in COLUMN_BY_KEY}
    for k in DATE_KEYS.intersection(decoded):
        if decoded[k]:
            decoded[k] = date.fromisoformat(decoded[k])
    return decoded


def participants_parse(*, fileobj, column_map=None, filename=None):
    """Read and check a file once; the JSON-ready result is what the preview
    shows and the confirmation writes (the file is not parsed again)::

        {"file_errors": [ERROR], "notes": [str], "header_row": int | None,
         "columns": {"<index>": field key}, "unknown": {"<index>": header text},
         "column_map": {"<index>": field key or ""},
         "rows": [{"number": int, "values": {key: value}, "errors": [ERROR]}]}

    ERROR = {"row": int | None, "field": str | None, "message": str}; dates
    are ISO strings. ``filename`` is the uploaded file's name when ``fileobj``
    is a stored copy. Never raises for bad input."""
    column_map = {str(k): v for k, v in (column_map or {}).items()}
    parsed = {
        "file_errors": [],
        "notes": [],
        "header_row": None,
        "columns": {},
        "unknown": {},
        "column_map": column_map,
        "rows": [],
    }
    try:
        sheet = read_sheet_rows(
            fileobj, prefer_sheet=SHEET_TITLE, header_rows=HEADER_SEARCH_ROWS, filename=filename
        )
    except SpreadsheetError as exc:
        parsed["file_errors"].append(error(None, None, exc.message))
        return parsed
    if not sheet.rows:
        parsed["file_errors"].append(error(None, None, EMPTY_SHEET))
        return parsed
    header = find_header(sheet)
    parsed["header_row"] = header.row
    parsed["unknown"] = {str(i): label for i, label in header.unknown.items()}
    try:
        mapping, notes = read_header(header, column_map)
    except CellError as exc:
        parsed["file_errors"].append(error(header.row, None, str(exc)))
        return parsed
    if header.position:
        notes.insert(
            0,
            f"Строка заголовков — {header.row}-я; строки над ней (название списка) не загружаются.",
        )
    parsed["notes"] = notes
    parsed["columns"] = {str(i): c.key for i, c in mapping.items()}
    parsed["rows"] = _parse_rows(sheet, header, mapping)
    if len(parsed["rows"]) > MAX_ROWS:
        parsed["file_errors"].append(error(None, None, _too_many(MAX_ROWS)))
        parsed["rows"] = []
    return parsed


def _too_many(limit):
    grouped = f"{limit:,}".replace(",", "\N{NO-BREAK SPACE}")
    return f"В файле больше {grouped} строк с данными: разделите список на несколько файлов."


def _rows_from(parsed, result):
    rows = []
    for item in parsed["rows"]:
        values = _decode(item["values"])
        name = " ".join(
            cell_text(values.get(k, "")) for k in ("last_name", "first_name", "patronymic")
        ).strip()
        outcome = RowOutcome(row=item["number"], name=name or "—", errors=list(item["errors"]))
        if values.get("target_group"):
            outcome.target_group = GROUP_LABELS[values["target_group"]]
        outcome.parsed = values
        rows.append(_Row(number=item["number"], values=values, outcome=outcome))
        result.rows.append(outcome)
    return rows


def _display_values(values):
    """(label, text) of every parsed value in column order, for the preview."""
    shown = []
    for column in COLUMNS:
        if column.key not in values:
            continue
        value = values[column.key]
        if isinstance(value, bool):
            text = "да" if value else "нет"
        elif isinstance(value, date):
            text = value.strftime("%d.%m.%Y")
        elif column.key == "target_group":
            text = TargetGroup(value).label
        elif column.key == "qualification_category":
            text = QualificationCategory(value).label
        elif column.key == "consent_given_by":
            text = "сам" if value == "subject" else "законный представитель"
        else:
            text = str(value)
        shown.append((column.label, text))
    return shown


def _check_duplicates_in_file(rows):
    by_external, by_person = {}, {}
    for row in rows:
        values = row.values
        if not values.get("last_name") or not values.get("first_name"):
            continue
        external = values.get("external_id", "").casefold()
        person = row.person
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
    candidates = [p for p in by_person.get(row.person, ()) if not (external and p.external_id)]
    if len(candidates) > 1:
        raise CellError(
            "В организации несколько участников с такими ФИО и датой рождения: "
            "укажите внешний ID, чтобы выбрать одного."
        )
    return candidates[0] if candidates else None


NAME_KEYS = ("last_name", "first_name", "patronymic")
CONSENT_FIELD_KEYS = {c.key for c in CONSENT_COLUMNS}


def _spelling_score(text):
    """Ё written and mixed case are the careful spelling ("Семёнова Алёна")."""
    return ("ё" in text.casefold()) * 2 + (not text.isupper() and not text.islower())


def better_spelling(stored, incoming):
    """The stored name when the incoming one differs only in case, ё/е or
    spaces ("СЕМЕНОВА" for "Семёнова") and is not spelled more carefully;
    otherwise the incoming one."""
    if not stored or normalize(stored) != normalize(incoming):
        return incoming
    return incoming if _spelling_score(incoming) > _spelling_score(stored) else stored


def _apply(participant, values, *, is_new):
    """Set the row's values on the participant; returns the changed fields."""
    changed = set()
    for key, value in values.items():
        if key in CONSENT_FIELD_KEYS:
            continue  # recorded as Consent rows, see _consents_of
        if key in ("is_mentor", "is_mentee") and not is_new and not value:
            continue  # the import never takes anyone out of a bank
        if key in NAME_KEYS and not is_new:
            value = better_spelling(getattr(participant, key), value)
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


def _consents_of(row, participant, today, existing):
    """The consents the row records: [(kind, data)]; errors go on the row.
    A consent of that kind already in force is kept (nothing is recorded)."""
    consents = []
    for key, kind in CONSENT_KEYS.items():
        given_on = row.values.get(key)
        if given_on is None:
            continue
        column = COLUMN_BY_KEY[key]
        if participant.pk and (participant.pk, kind) in existing:
            row.outcome.notes.append(f"{column.label}: действующее согласие уже есть.")
            continue
        if given_on > today:
            row.outcome.errors.append(
                error(row.number, column, "Дата согласия не может быть позже сегодняшней.")
            )
            continue
        if kind == "duties" and not participant.is_mentor:
            row.outcome.errors.append(
                error(row.number, column, "Согласие на обязанности даёт наставник.")
            )
            continue
        given_by = row.values.get("consent_given_by")
        child = participant.needs_representative(given_on) or (
            participant.birth_date is None
            and participant.target_group == TargetGroup.SCHOOL_STUDENT
        )
        if given_by is None:
            given_by = "representative" if child else "subject"
        if given_by == "subject" and child:
            row.outcome.errors.append(
                error(
                    row.number,
                    COLUMN_BY_KEY["consent_given_by"],
                    "Участнику нет 14 лет (или дата рождения не указана): согласие даёт "
                    "законный представитель.",
                )
            )
            continue
        data = {"given_on": given_on, "method": "paper", "given_by": given_by}
        if given_by == "representative":
            missing = [
                label
                for label, value in (
                    ("ФИО представителя", participant.representative_name),
                    ("кем приходится", participant.representative_relation),
                    ("документ полномочий", row.values.get("consent_document", "")),
                )
                if not value
            ]
            if missing:
                row.outcome.errors.append(
                    error(
                        row.number,
                        column,
                        "Согласие дал законный представитель: заполните "
                        + ", ".join(missing)
                        + ".",
                    )
                )
                continue
            data.update(
                representative_name=participant.representative_name,
                representative_relation=participant.representative_relation,
                representative_document=row.values["consent_document"],
            )
        consents.append((kind, data))
    return consents


def _roles_label(participant):
    roles = []
    if participant.is_mentor:
        roles.append("наставник")
    if participant.is_mentee:
        roles.append("наставляемый")
    return ", ".join(roles)


def participants_import(
    *, organization, by, fileobj=None, parsed=None, dry_run=False, column_map=None
):
    """Import participants of ``organization`` from a file (.xlsx, .xls, .ods,
    .csv; a path or a binary file object) or from the result of
    `participants_parse` kept since the preview (``parsed``: the file is not
    read again). Returns an ImportResult; never raises for bad input.

    Nothing is written in a dry run or when any row has an error."""
    result = ImportResult(dry_run=dry_run)
    if organization.is_department:
        result.errors.append(
            error(None, None, "В департамент участников не импортируют: выберите организацию.")
        )
        return result
    if parsed is None:
        parsed = participants_parse(fileobj=fileobj, column_map=column_map)
    result.notes = list(parsed.get("notes", []))
    result.unknown = dict(parsed.get("unknown", {}))
    result.column_map = dict(parsed.get("column_map", {}))
    if parsed["file_errors"]:
        result.errors.extend(parsed["file_errors"])
        return result
    rows = _rows_from(parsed, result)
    result.file_rows = len(rows)
    if not rows:
        result.errors.append(
            error(
                parsed["header_row"],
                None,
                "В файле нет ни одной строки с участниками: под строкой заголовков пусто.",
            )
        )
        return result
    _check_duplicates_in_file(rows)

    try:
        with transaction.atomic():
            if not dry_run:
                # Two imports into one organisation at once would both see a
                # person as new; the second waits here instead (a no-op on
                # SQLite, which serialises writers anyway).
                type(organization).objects.select_for_update().filter(pk=organization.pk).first()
            _plan(organization, rows, result)
            _collect_errors(rows, result)
            if result.errors or dry_run:
                if result.errors and not dry_run:
                    result.created = result.updated = result.unchanged = 0
                return result
            _write(organization, rows, result, by)
    except ImportAborted as aborted:
        result.errors.append(aborted.row_error)
        result.created = result.updated = result.unchanged = 0
        result.written = False
    return result


def _plan(organization, rows, result):
    """Match every valid row, build or update its participant in memory."""
    from .mentorships import mentor_loads

    today = timezone.localdate()
    by_external, by_person, retired_external = _load_existing(organization)
    # People with a valid processing consent with a scan, in one query.
    written = frozenset(
        Consent.objects.filter(participant__organization=organization, kind=ConsentKind.PROCESSING)
        .valid_on(today)
        .exclude(scan="")
        .values_list("participant_id", flat=True)
    )
    has_mentors = any(p.is_mentor for group in by_person.values() for p in group) or any(
        p.is_mentor for p in by_external.values()
    )
    # The organisation's mentors as a subquery: a list of 20 000 ids would
    # be 40 000 query parameters.
    loads = (
        mentor_loads(
            Participant.objects.filter(organization=organization, is_mentor=True).values("pk")
        )
        if has_mentors
        else {}
    )
    existing_consents = set()
    if any(k in row.values for row in rows for k in CONSENT_KEYS):
        existing_consents = set(
            Consent.objects.filter(
                participant__organization=organization, withdrawn_on__isnull=True
            ).values_list("participant_id", "kind")
        )
    matched_by = {}  # existing pk → row number
    new_participant = _new_participant_factory(organization)
    clean_fields = _FieldCleaner(Participant, exclude=("organization", "user"))
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
            participant, is_new = new_participant(), True
        turned_on = [
            name
            for name in Participant.SPECIAL_FIELDS
            if row.values.get(name) and not getattr(participant, name)
        ]
        changed = _apply(participant, row.values, is_new=is_new)
        outcome.errors.extend(_validate_person(row, participant, today, turned_on, written))
        load = loads.get(participant.pk, 0) if not is_new else 0
        if "capacity" in row.values and participant.capacity < load:
            outcome.errors.append(
                error(
                    row.number,
                    COLUMN_BY_KEY["capacity"],
                    f"У наставника уже {count_noun(load, 'наставляемый,наставляемых,наставляемых')}"
                    " в действующих и согласуемых парах: "
                    f"нельзя уменьшить до {participant.capacity}. Завершите пары или укажите "
                    f"не меньше {load}.",
                )
            )
        # Our parsers already bound lengths and choices; clean_fields is the
        # model's own word on it (full_clean would add a query per row for
        # the unique checks, which the matching above already covers).
        if "email" in row.values:
            clean_fields.vouch("email", row.values["email"])
        try:
            clean_fields(participant)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                column = COLUMN_BY_KEY.get(key)
                outcome.errors.append(error(row.number, column, " ".join(messages)))
        row.consents = _consents_of(row, participant, today, existing_consents)
        # As get_target_group_display(), without building the dict per row.
        outcome.target_group = GROUP_LABELS.get(participant.target_group, participant.target_group)
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


def _new_participant_factory(organization):
    """A function returning a new, unsaved Participant of ``organization``
    with the model's defaults: what ``Participant(organization=organization)``
    gives, at a tenth of its cost (20 000 of them took ~0.5 s). The instance
    is made as Django's unpickling makes one (``__new__``, then the
    attributes), from a template built the ordinary way; its defaults are
    immutable (strings, booleans, numbers, None). When anything listens to
    Participant's pre_init/post_init signals, the ordinary constructor is used."""
    from django.db.models import signals
    from django.db.models.base import ModelState

    if signals.pre_init.has_listeners(Participant) or signals.post_init.has_listeners(Participant):
        return lambda: Participant(organization=organization)
    template = Participant(organization=organization)
    fields = [f for f in Participant._meta.concrete_fields if not f.generated]
    attributes = {f.attname: getattr(template, f.attname) for f in fields}
    organization_field = Participant._meta.get_field("organization")
    db = template._state.db  # set by the organisation's descriptor

    def new():
        participant = Participant.__new__(Participant)
        participant.__dict__.update(attributes)
        participant._state = ModelState()
        participant._state.db = db
        organization_field.set_cached_value(participant, organization)
        return participant

    return new


class _FieldCleaner:
    """``model.clean_fields(exclude=...)`` for many instances, about five
    times faster; the same ValidationError (messages, order), and the cleaned
    values set back, as clean_fields gives.

    - A text field with Django's standard checks only (no choices; the
      validators are MaxLengthValidator(max_length) and
      ProhibitNullCharactersValidator) passes a string value when the string
      is within max_length, has no NUL and is not empty (or the field may be
      blank): the very conditions those checks test. Any other value goes
      through ``clean`` for Django's message.
    - Other non-relational fields: the verdict on each value is remembered
      (a list repeats groups, yes/no, categories, dates); ``clean`` of such a
      field looks at the value only (Field.validate and the validators do not
      use the instance). Only values of exactly-compared types are remembered
      (str, int, bool, date); anything else is cleaned every time.
    """

    REMEMBERED = (str, int, bool, date)

    def __init__(self, model, *, exclude=()):
        fields = [f for f in model._meta.fields if f.name not in exclude and not f.generated]
        self.getter = operator.attrgetter(*(f.attname for f in fields))
        self.fields = [(f, self._plain_text_limit(f), not f.is_relation) for f in fields]
        self.verdicts = {}
        self.standard_email = {f.attname for f in fields if self._standard_email(f)}

    @staticmethod
    def _standard_email(field):
        from django.core.validators import (
            EmailValidator,
            MaxLengthValidator,
            ProhibitNullCharactersValidator,
            validate_email,
        )
        from django.db.models import EmailField, Field

        if (
            type(field) is not EmailField
            or field.choices is not None
            or type(field).validate is not Field.validate
        ):
            return False
        for validator in field.validators:
            if type(validator) is EmailValidator and validator == validate_email:
                continue
            if type(validator) is ProhibitNullCharactersValidator:
                continue
            if type(validator) is MaxLengthValidator and validator.limit_value == field.max_length:
                continue
            return False
        return True

    def vouch(self, attname, value):
        """Take ``value`` of the email field ``attname`` as valid: parse_email
        accepted it, which implies the field's checks (see there). Ignored
        unless the field has exactly Django's standard EmailField checks."""
        if attname in self.standard_email and value.__class__ is str:
            self.verdicts[(attname, str, value)] = (True, value)

    @staticmethod
    def _plain_text_limit(field):
        """max_length (0: none) of a text field checked as described above,
        None for any other field."""
        from django.core.validators import (
            MaxLengthValidator,
            ProhibitNullCharactersValidator,
        )
        from django.db.models import CharField, Field, TextField

        kind = type(field)
        if (
            kind not in (CharField, TextField)
            or field.choices is not None
            or not field.editable
            or kind.validate is not Field.validate
        ):
            return None
        for validator in field.validators:
            if type(validator) is ProhibitNullCharactersValidator:
                continue
            if type(validator) is MaxLengthValidator and validator.limit_value == field.max_length:
                continue
            return None
        return field.max_length or 0

    def __call__(self, instance):
        errors = {}
        verdicts = self.verdicts
        for (f, limit, remember), raw in zip(self.fields, self.getter(instance), strict=True):
            if f.blank and raw in f.empty_values:
                continue
            if (
                limit is not None
                and raw.__class__ is str
                and raw
                and (not limit or len(raw) <= limit)
                and "\x00" not in raw
            ):
                continue  # valid, and clean() would return it as it is
            key = (f.attname, raw.__class__, raw)
            remember = remember and raw.__class__ in self.REMEMBERED
            verdict = verdicts.get(key) if remember else None
            if verdict is None:
                if isinstance(raw, DatabaseDefault):
                    continue
                try:
                    verdict = (True, f.clean(raw, instance))
                except ValidationError as exc:
                    verdict = (False, exc.error_list)
                if remember:
                    verdicts[key] = verdict
            ok, value = verdict
            if ok:
                setattr(instance, f.attname, value)
            else:
                errors[f.name] = value
        if errors:
            raise ValidationError(errors)


def _collect_errors(rows, result):
    for row in rows:
        result.errors.extend(row.outcome.errors)


def _write(organization, rows, result, by):
    now = timezone.now()
    new = [r.participant for r in rows if r.outcome.action == "create"]
    changed_rows = [r for r in rows if r.outcome.action == "update"]
    # Our own bulk writer: Django's bulk_create/bulk_update and
    # simple-history's helpers took ~9 s for 20 000 rows (issue 16).
    create_with_history(new, Participant, user=by, reason=CHANGE_REASON, date=now)
    if changed_rows:
        fields = sorted(set().union(*(r.changed for r in changed_rows)))
        update_with_history(
            [r.participant for r in changed_rows],
            Participant,
            fields,
            user=by,
            reason=CHANGE_REASON,
            date=now,
        )
    _write_consents(rows, by)
    # bulk writes send no post_save: forget the public pages here (a row may
    # make a published person a minor or change their group).
    public_cache_bump(organization)
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


def _write_consents(rows, by):
    """Record the rows' consents through the consent service (its rules are
    the same as on the participant's page); a refusal aborts the import."""
    from .consents import consent_give

    for row in rows:
        for kind, data in row.consents:
            try:
                consent_give(participant=row.participant, kind=kind, data=data, by=by)
            except ValidationError as exc:
                raise ImportAborted(
                    error(row.number, COLUMN_BY_KEY[f"consent_{kind}_on"], " ".join(exc.messages))
                ) from exc


class ImportAborted(Exception):
    """A write-time refusal: the transaction is rolled back, the error reported."""

    def __init__(self, row_error):
        super().__init__(row_error["message"])
        self.row_error = row_error


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
        elif column.kind == "given_by":
            formula = '"сам,законный представитель"'
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
    "Согласия, подписанные на бумаге: дата согласия на обработку персональных данных "
    "(и наставника — на дополнительные обязанности), кто его дал (сам или законный "
    "представитель) и для представителя — документ полномочий. Согласие вносится в "
    "карточку участника с действующей редакцией текста; уже действующее не меняется.",
    "Пустая ячейка не стирает уже внесённые сведения. Импорт только добавляет в банки: "
    "исключить участника из банка можно в его карточке.",
    "Файл загружается целиком или не загружается вовсе: при любой ошибке ничего не "
    "сохраняется, а на странице проверки видно, что исправить.",
    f"Не больше {MAX_ROWS // 1000}\N{NO-BREAK SPACE}000 строк и "
    f"{MAX_FILE_SIZE // (1024 * 1024)} МБ в одном файле.",
)
