"""A roadmap with its statuses as XLSX and PDF: one function builds the rows,
two formatters write them."""

import re

from django.utils import timezone

from mentoring.indicators import fmt
from mentoring.pdf import render_pdf
from mentoring.xlsx import table_xlsx

from .importing import map_symbol_chars
from .models import OccurrenceStatus


def _status_text(activity, today):
    if not activity.is_tracked:
        return ""
    if not activity.occ:
        # A deadline the parser did not understand is flagged in the editor
        # only; a printed document shows the phrase as written and no status.
        return ""
    done = sum(1 for o in activity.occ if o.is_done)
    counted = [o for o in activity.occ if o.status != OccurrenceStatus.CANCELLED]
    overdue = sum(1 for o in activity.occ if o.is_overdue(today))
    text = f"выполнено {done} из {len(counted)}"
    if overdue:
        text += f", просрочено {overdue}"
    return text


def _schedule(activity):
    lines = []
    for o in activity.occ:
        line = o.window_label
        if len({x.organization_id for x in activity.occ}) > 1:
            line = f"{o.organization.short_name}: {line}"
        if o.is_done:
            line += f" — выполнено {o.done_on:%d.%m.%Y}"
        elif o.status == OccurrenceStatus.CANCELLED:
            line += " — не требуется"
        lines.append(line)
    return "\n".join(lines)


def _evidence(activity):
    parts = []
    for o in activity.occ:
        for value in (o.comment, o.link, o.evidence_name and f"файл: {o.evidence_name}"):
            if value:
                parts.append(value)
    return "\n".join(parts)


def export_rows(roadmap, *, part=None):
    """(columns, rows, progress) of the roadmap table with statuses."""
    from .services import roadmap_progress
    from .views import table_rows

    today = timezone.localdate()
    activities = table_rows(roadmap, part=part, today=today)
    present = roadmap.column_list()
    columns = [("№", 8), ("Этап, мероприятие", 45)]
    columns += [(label, 30) for _key, label in present]
    columns += [("Сроки по графику", 30), ("Выполнение", 22), ("Подтверждение", 35)]
    rows = []
    for a in activities:
        title = a.title if a.depth == 0 else "    " * (a.depth - 1) + a.title
        rows.append(
            [
                a.number,
                title,
                *[getattr(a, key) for key, _ in present],
                _schedule(a),
                _status_text(a, today),
                _evidence(a),
            ]
        )
    progress = roadmap_progress(roadmap, today=today, organization=part)
    return columns, rows, activities, progress


def _pct(value):
    """A per cent as every page prints it: "12,5 %"; "—" without a base."""
    return "—" if value is None else f"{fmt(value)}\u00a0%"


def roadmap_xlsx(roadmap, *, part=None):
    columns, rows, _activities, progress = export_rows(roadmap, part=part)
    overall = progress["overall"]
    summary = [
        "",
        f"Итого: выполнено из всех позиций {_pct(overall['percent'] or 0)} "
        f"({overall['done']} из {overall['total']}), "
        f"к дате {_pct(overall['due_percent'])} ({overall['done']} из {overall['due']}), "
        f"в срок {_pct(overall['on_time_percent'])} ({overall['on_time']} из {overall['due']}), "
        f"просрочено {overall['overdue']}",
    ]
    return table_xlsx(title="Дорожная карта", columns=columns, rows=[*rows, summary])


def _printable(value):
    """Text for the PDF: Word symbol-font bullets (U+F0B7...) as ordinary ones,
    which the PDF fonts have; long unbroken runs (URLs) get break opportunities
    after "/", "?", "&", "=", "_" so that they wrap inside their column."""
    if not isinstance(value, str):
        return value
    text = map_symbol_chars(value)
    return re.sub(r"(?<=[/?&=_])(?=\S)", "\u200b", text) if "://" in text or "/" in text else text


def roadmap_pdf(roadmap, *, part=None):
    columns, rows, activities, progress = export_rows(roadmap, part=part)
    rows = [[_printable(v) for v in row] for row in rows]
    total = sum(width for _c, width in columns)
    return render_pdf(
        "roadmaps/roadmap_pdf.html",
        {
            "roadmap": roadmap,
            "columns": [c for c, _ in columns],
            # Fixed column widths (percent of the page): a long value wraps in
            # its own column instead of squeezing the others.
            "widths": [round(width * 100 / total, 2) for _c, width in columns],
            "rows": list(zip(activities, rows, strict=True)),
            "progress": progress["overall"],
            "today": timezone.localdate(),
            "part": part,
        },
    )
