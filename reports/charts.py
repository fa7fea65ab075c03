"""Charts of the PDF reports as inline SVG, drawn in Python (WeasyPrint runs
no JavaScript). Sizes are in points; text is in the document's font."""

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe

from mentoring.indicators import fmt, shares

PALETTE = ["#1f4e79", "#2e86c1", "#48a868", "#e0a800", "#c0504d", "#7d5ba6", "#5a6b7b", "#a0522d"]
TEXT = "#222"
MUTED = "#666"


def _number(value):
    """Counts with a non-breaking thousands space; fractions (float, Decimal)
    as every other surface prints a figure (mentoring.indicators.fmt:
    decimal comma, one place)."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    return fmt(value)


def share_labels(items, *, keep_first=False):
    """The labels of a pie chart's parts ``[(label, value)]`` with each
    part's share («есть согласие: 90,7 %»), the shares adding up to 100
    (mentoring.indicators.shares; ``keep_first``: the first part is an
    indicator's figure and prints as the indicator does): for a Chart.js
    doughnut's legend."""
    percents = shares([value for _label, value in items], keep_first=keep_first)
    return [
        f"{label}: {fmt(share)} %" if share is not None else label
        for (label, _value), share in zip(items, percents, strict=True)
    ]


def bar_chart(items, *, title="", unit="", max_value=None, targets=None, width=480, bar=16):
    """Horizontal bars: ``items`` is [(label, value)]; ``targets`` an optional
    {label: value} drawn as a dark tick on the bar's track."""
    targets = targets or {}
    label_width = 170
    gap = 8
    top = 20 if title else 4
    height = top + len(items) * (bar + gap) + 4
    track = width - label_width - 56
    peak = max_value or max([v or 0 for _l, v in items] + list(targets.values()) + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(
            f'<text x="0" y="12" font-size="10" font-weight="bold" fill="{TEXT}">'
            f"{escape(title)}</text>"
        )
    for index, (label, value) in enumerate(items):
        y = top + index * (bar + gap)
        length = 0 if not value else max(1.5, track * min(value, peak) / peak)
        short = label if len(label) <= 30 else label[:28] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar - 4}" font-size="9" text-anchor="end" '
            f'fill="{TEXT}">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{track}" height="{bar}" fill="#eef1f5"/>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" '
            f'fill="{PALETTE[index % len(PALETTE)] if not targets else PALETTE[1]}"/>'
            f'<text x="{label_width + track + 4}" y="{y + bar - 4}" font-size="9" '
            f'fill="{TEXT}">{_number(value)}{escape(unit) if value is not None else ""}</text>'
        )
        target = targets.get(label)
        if target is not None:
            x = label_width + track * min(target, peak) / peak
            parts.append(
                f'<line x1="{x:.1f}" y1="{y - 2}" x2="{x:.1f}" y2="{y + bar + 2}" '
                f'stroke="#c0504d" stroke-width="2"/>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def pie_chart(items, *, title="", size=140, width=480, keep_first=False):
    """A donut with a legend: ``items`` is [(label, value)]."""
    total = sum(v for _l, v in items if v)
    legend_rows = max(len(items), 1)
    top = 20 if title else 4
    height = max(size, legend_rows * 14) + top + 4
    cx, cy, radius, inner = size / 2, top + size / 2, size / 2 - 2, size / 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(
            f'<text x="0" y="12" font-size="10" font-weight="bold" fill="{TEXT}">'
            f"{escape(title)}</text>"
        )
    if not total:
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="#eef1f5"/>'
            f'<text x="{cx}" y="{cy + 3}" font-size="8" text-anchor="middle" fill="{MUTED}">'
            "нет данных</text>"
        )
    angle = -math.pi / 2
    for index, (_label, value) in enumerate(items):
        if not value or not total:
            continue
        color = PALETTE[index % len(PALETTE)]
        if value == total:
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{color}"/>')
            continue
        sweep = 2 * math.pi * value / total
        x1, y1 = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        angle += sweep
        x2, y2 = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        large = 1 if sweep > math.pi else 0
        parts.append(
            f'<path d="M{cx:.1f},{cy:.1f} L{x1:.1f},{y1:.1f} '
            f'A{radius:.1f},{radius:.1f} 0 {large} 1 {x2:.1f},{y2:.1f} Z" fill="{color}"/>'
        )
    if total:
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="{inner}" fill="#fff"/>'
            f'<text x="{cx}" y="{cy + 4}" font-size="11" font-weight="bold" '
            f'text-anchor="middle" fill="{TEXT}">{_number(total)}</text>'
        )
    # Parts of one whole: shares that add up to 100 (largest remainder),
    # not each rounded down on its own; ``keep_first``: the first part is an
    # indicator's figure and keeps it (59 and 6 of 65 → 90,7 and 9,3).
    percents = shares([value for _label, value in items], keep_first=keep_first)
    for index, (label, value) in enumerate(items):
        y = top + 4 + index * 14
        share = f" ({fmt(percents[index])} %)" if total and value else ""
        parts.append(
            f'<rect x="{size + 16}" y="{y}" width="9" height="9" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{size + 30}" y="{y + 8}" font-size="9" fill="{TEXT}">'
            f"{escape(label)}: {_number(value)}{share}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def paired_bar_chart(items, *, title="", legend=("до", "после"), max_value=10, width=480):
    """Two bars per row (before / after): ``items`` is [(label, a, b)] on a
    scale up to ``max_value``."""
    label_width, bar, gap = 240, 9, 10
    top = (20 if title else 4) + 14
    height = top + len(items) * (2 * bar + gap) + 4
    track = width - label_width - 40
    colors = (PALETTE[5], PALETTE[2])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(
            f'<text x="0" y="12" font-size="10" font-weight="bold" fill="{TEXT}">'
            f"{escape(title)}</text>"
        )
    for index, name in enumerate(legend):
        x = label_width + index * 110
        parts.append(
            f'<rect x="{x}" y="{top - 12}" width="9" height="9" fill="{colors[index]}"/>'
            f'<text x="{x + 13}" y="{top - 4}" font-size="9" fill="{TEXT}">{escape(name)}</text>'
        )
    for index, (label, first, second) in enumerate(items):
        y = top + index * (2 * bar + gap)
        short = label if len(label) <= 38 else label[:36] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar + 3}" font-size="9" text-anchor="end" '
            f'fill="{TEXT}">{escape(short)}</text>'
        )
        for offset, (value, color) in enumerate(((first, colors[0]), (second, colors[1]))):
            length = 0 if not value else track * min(value, max_value) / max_value
            yy = y + offset * bar
            parts.append(
                f'<rect x="{label_width}" y="{yy}" width="{track}" height="{bar - 1}" '
                f'fill="#eef1f5"/><rect x="{label_width}" y="{yy}" width="{length:.1f}" '
                f'height="{bar - 1}" fill="{color}"/><text x="{label_width + track + 4}" '
                f'y="{yy + bar - 2}" font-size="8" fill="{TEXT}">{_number(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
