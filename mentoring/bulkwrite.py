"""Fast bulk writes: many rows of one model, with their history records.

Django's ``bulk_create`` and ``bulk_update`` compile every value of every
object through the SQL compiler (a few microseconds each), and on SQLite the
999-parameter limit cuts 20 000 participants of 35 columns into ~750
statements; django-simple-history's bulk helpers then build a historical model
instance per row and compile those the same way. For the participant import
(issue 16: 20 000 rows within 5 s) that was two thirds of the time.

Here each column is prepared once per field kind: values of the plain kinds
(text, booleans, integers, foreign keys) that already have their Python type
go to the driver as they are; anything else (dates, datetimes, other types)
through the field's own ``get_db_prep_save``, as Django would. Rows go out with
``executemany`` on SQLite (one compiled statement, the loop in C) and as
multi-row ``VALUES`` on PostgreSQL (psycopg2's ``executemany`` is a round trip
per row).

What is the same as the Django/simple-history helpers they replace:
- no ``pre_save``/``post_save`` signals (``bulk_create`` sends none either:
  the caller cleans its values, see mentoring.textclean);
- ``auto_now``/``auto_now_add`` fields get the write's time;
- the history rows carry the tracked fields, ``history_date``, the user (the
  object's ``_history_user``, else ``user``, else simple-history's default:
  the user of the current request), the change reason (the object's
  ``_change_reason``, else ``reason``) and ``history_type`` "+" or "~"; none
  are written when SIMPLE_HISTORY_ENABLED is False.

Primary keys of new rows are reserved before the insert (a PostgreSQL
sequence; on SQLite the table's AUTOINCREMENT counter, moved forward in one
UPDATE that also takes the write lock), so the objects have their ``pk``
afterwards and their history rows can be written in the same pass.

The SQL is built from the models' own table and column names, quoted by the
backend (hence the ``noqa: S608``); every value is a query parameter.

Nothing here opens a transaction: call it inside the caller's
``transaction.atomic()``.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings
from django.db import connections, router
from django.db.models import Model

__all__ = ["create_with_history", "reserve_pks", "update_with_history"]

# Rows per multi-row VALUES statement on PostgreSQL (the parameters of one
# statement stay far below psycopg's 65 535).
MAX_VALUES_PARAMS = 30_000
MAX_VALUES_ROWS = 1000
# Rows per COPY on PostgreSQL (a few megabytes of CSV at a time).
COPY_ROWS = 5000

# Internal field types whose values go to the driver unchanged when they
# already are of the given Python type (Field.get_db_prep_save returns them as
# they are on SQLite and PostgreSQL).
PLAIN_TYPES = {
    "CharField": (str,),
    "TextField": (str,),
    "SlugField": (str,),
    "BooleanField": (bool,),
    "IntegerField": (int,),
    "SmallIntegerField": (int,),
    "BigIntegerField": (int,),
    "PositiveIntegerField": (int,),
    "PositiveSmallIntegerField": (int,),
    "PositiveBigIntegerField": (int,),
    "AutoField": (int,),
    "BigAutoField": (int,),
    "SmallAutoField": (int,),
}


def _plain_types(field):
    internal = field.get_internal_type()
    if internal in ("ForeignKey", "OneToOneField"):
        internal = field.target_field.get_internal_type()
    return {type(None), *PLAIN_TYPES.get(internal, ())}


def _column(field, objs, db):
    """The db values of ``field`` of each object."""
    return _prepared(field, list(map(operator.attrgetter(field.attname), objs)), db)


def _prepared(field, values, db):
    """``values`` of ``field`` as the database takes them. Values of a plain
    type go as they are (checked per column with C-level map/set); others
    through ``get_db_prep_save`` once per distinct value (20 000 rows share a
    few thousand dates and one creation time)."""
    if set(map(type, values)) <= _plain_types(field):
        return values
    prepared = {}
    result = []
    for value in values:
        try:
            key = (value.__class__, value)
            db_value = prepared[key]
        except KeyError:
            db_value = prepared[key] = field.get_db_prep_save(value, db)
        except TypeError:  # unhashable: prepared every time
            db_value = field.get_db_prep_save(value, db)
        result.append(db_value)
    return result


def _columns(fields, objs, db):
    return [_column(field, objs, db) for field in fields]


def _rows(columns):
    return list(zip(*columns, strict=True))


def _insert(db, table, names, columns):
    """INSERT the rows given as ``columns`` (a list of values per column)."""
    qn = db.ops.quote_name
    rows = _rows(columns)
    with db.cursor() as cursor:
        if (
            db.vendor == "postgresql"
            and hasattr(cursor.cursor, "copy_expert")
            and all(_copyable(column) for column in columns)
        ):
            _copy(db, cursor, f"{qn(table)} ({', '.join(qn(n) for n in names)})", rows)
            return
        into = f"INSERT INTO {qn(table)} ({', '.join(qn(n) for n in names)}) VALUES "  # noqa: S608
        one = "(" + ", ".join(["%s"] * len(names)) + ")"
        if db.vendor != "postgresql":
            cursor.executemany(into + one, rows)
            return
        size = max(1, min(MAX_VALUES_ROWS, MAX_VALUES_PARAMS // len(names)))
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                into + ", ".join([one] * len(chunk)), [value for row in chunk for value in row]
            )


class _CsvNull(int):
    """NULL in ``COPY … CSV``: the csv writer quotes every string (so an empty
    string arrives as ``""``) and leaves numbers bare; this "number" is
    written as nothing, which COPY reads as NULL."""

    def __str__(self):
        return ""

    __repr__ = __str__


CSV_NULL = _CsvNull()
# Types written to COPY as PostgreSQL reads them (str() of each); a column
# with any other type goes in an INSERT, adapted by the driver.
COPY_TYPES = frozenset({str, int, bool, type(None), date, datetime})


def _copyable(column):
    """Whether COPY writes every value of the column as PostgreSQL reads it:
    the types above, and str subclasses (TextChoices members: the csv writer
    takes a string's own text)."""
    return all(kind in COPY_TYPES or issubclass(kind, str) for kind in set(map(type, column)))


def _copy(db, cursor, target, rows):
    """PostgreSQL: ``COPY target FROM STDIN`` in CSV, a chunk of rows at a
    time (psycopg2's ``copy_expert``): the server parses CSV several times
    faster than a statement of literal values. Booleans go as True/False,
    dates and times in ISO form, as PostgreSQL reads them."""
    sql = f"COPY {target} FROM STDIN WITH (FORMAT csv)"
    for start in range(0, len(rows), COPY_ROWS):
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerows(
            [CSV_NULL if value is None else value for value in row]
            for row in rows[start : start + COPY_ROWS]
        )
        buffer.seek(0)
        with db.wrap_database_errors:
            cursor.cursor.copy_expert(sql, buffer)


def _update(db, table, pk_column, columns, values):
    """UPDATE rows by primary key: ``columns`` is [(column, db type)],
    ``values`` a list of values per column, the primary keys last."""
    qn = db.ops.quote_name
    rows = _rows(values)
    with db.cursor() as cursor:
        if db.vendor != "postgresql":
            assignments = ", ".join(f"{qn(c)} = %s" for c, _type in columns)
            cursor.executemany(
                f"UPDATE {qn(table)} SET {assignments} WHERE {qn(pk_column)} = %s",  # noqa: S608
                rows,
            )
            return
        # UPDATE … FROM (VALUES …), a statement per chunk. The values are cast
        # to the column types (a NULL or a text literal in VALUES has none).
        names = [f"c{i}" for i in range(len(columns))] + ["pk"]
        one = "(" + "".join(f"CAST(%s AS {db_type}), " for _c, db_type in columns) + "%s)"
        assignments = ", ".join(
            f"{qn(c)} = v.{n}" for (c, _t), n in zip(columns, names[:-1], strict=True)
        )
        size = max(1, min(MAX_VALUES_ROWS, MAX_VALUES_PARAMS // len(names)))
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                f"UPDATE {qn(table)} AS t SET {assignments} FROM (VALUES "  # noqa: S608
                + ", ".join([one] * len(chunk))
                + f") AS v({', '.join(names)}) WHERE t.{qn(pk_column)} = v.pk",
                [value for row in chunk for value in row],
            )


def reserve_pks(model: type[Model], count: int) -> list[int]:
    """``count`` new primary key values for ``model``'s table, increasing;
    the table's own counter moves past them, so no other insert takes them.

    PostgreSQL: ``nextval`` of the column's sequence (identity or serial).
    SQLite: Django's auto fields are ``AUTOINCREMENT``; the counter in
    ``sqlite_sequence`` is moved forward (this takes the write lock, so the
    values stay ours until the transaction ends)."""
    if count <= 0:
        return []
    db = connections[router.db_for_write(model)]
    qn = db.ops.quote_name
    table, column = model._meta.db_table, model._meta.pk.column
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [qn(table), column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        if db.vendor != "sqlite":
            raise NotImplementedError(f"reserve_pks: {db.vendor} is not supported")
        highest = f"(SELECT COALESCE(MAX({qn(column)}), 0) FROM {qn(table)})"  # noqa: S608
        cursor.execute(
            f"UPDATE sqlite_sequence SET seq = MAX(seq, {highest}) + %s WHERE name = %s",  # noqa: S608
            [count, table],
        )
        if cursor.rowcount == 0:  # nothing was ever inserted into the table
            cursor.execute(
                f"INSERT INTO sqlite_sequence (name, seq) SELECT %s, {highest} + %s",
                [table, count],
            )
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        last = cursor.fetchone()[0]
    return list(range(last - count + 1, last + 1))


HISTORY_FIELDS = ("history_date", "history_user", "history_change_reason", "history_type")


def _write_history(db, model, objs, *, history_type, user, reason, date):
    """History rows of ``objs`` (saved objects), as simple-history's
    ``bulk_history_create`` writes them."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    from simple_history.utils import get_change_reason_from_object, get_history_manager_for_model

    history = get_history_manager_for_model(model).model
    tracked = {f.attname for f in history.tracked_fields}
    fields, extra = [], {}
    for field in history._meta.concrete_fields:
        if field.primary_key:
            continue  # history_id: numbered by the database
        if field.attname in tracked:
            fields.append(field)
        elif field.name in HISTORY_FIELDS:
            extra[field.name] = field
        else:
            raise NotImplementedError(
                f"{history.__name__}.{field.name}: a history field bulkwrite does not fill"
            )
    columns = _columns(fields, objs, db)
    users, reasons, dates = [], [], []
    for obj in objs:
        if hasattr(obj, "_history_user"):
            who = obj._history_user
        else:
            who = user or history.get_default_history_user(obj)
        users.append(getattr(who, "pk", who))
        reasons.append(get_change_reason_from_object(obj) or reason)
        dates.append(getattr(obj, "_history_date", date))
    given = {
        "history_date": dates,
        "history_user": users,
        "history_change_reason": reasons,
        "history_type": [history_type] * len(objs),
    }
    for name, field in extra.items():
        fields.append(field)
        columns.append(_prepared(field, given[name], db))
    _insert(db, history._meta.db_table, [f.column for f in fields], columns)


def _stamp(model, objs, now, *, add):
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or (add and getattr(field, "auto_now_add", False)):
            for obj in objs:
                setattr(obj, field.attname, now)


def create_with_history(
    objs: Sequence[Model],
    model: type[Model],
    *,
    user=None,
    reason: str = "",
    date: datetime,
) -> None:
    """Insert ``objs`` (new, unsaved ``model`` instances without a pk) and
    their "+" history rows dated ``date``. Sets each object's pk and
    ``auto_now``/``auto_now_add`` fields, and marks it as saved."""
    if not objs:
        return
    db = connections[router.db_for_write(model)]
    meta = model._meta
    for obj, pk in zip(objs, reserve_pks(model, len(objs)), strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db.alias
    _stamp(model, objs, date, add=True)
    # A GeneratedField (Participant.search_name) is computed by the database
    # and may not be written.
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    _insert(db, meta.db_table, [f.column for f in fields], _columns(fields, objs, db))
    _write_history(db, model, objs, history_type="+", user=user, reason=reason, date=date)


def update_with_history(
    objs: Sequence[Model],
    model: type[Model],
    fields: Sequence[str],
    *,
    user=None,
    reason: str = "",
    date: datetime,
) -> None:
    """Write the ``fields`` (names) of ``objs`` (saved instances) and their
    "~" history rows dated ``date``; ``auto_now`` fields are set to ``date``
    and written as well."""
    if not objs:
        return
    db = connections[router.db_for_write(model)]
    meta = model._meta
    _stamp(model, objs, date, add=False)
    chosen = [meta.get_field(name) for name in fields]
    chosen += [f for f in meta.concrete_fields if getattr(f, "auto_now", False) and f not in chosen]
    values = _columns([*chosen, meta.pk], objs, db)
    columns = [(f.column, f.db_type(db)) for f in chosen]
    _update(db, meta.db_table, meta.pk.column, columns, values)
    _write_history(db, model, objs, history_type="~", user=user, reason=reason, date=date)
