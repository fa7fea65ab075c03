from decimal import Decimal

from django import template

from mentoring import indicators as defs

register = template.Library()


@register.filter
def num(value):
    """A count with Russian grouping (thin no-break spaces); "—" for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float | Decimal):
        return pct(value)
    return f"{value:,}".replace(",", "\u00a0")


@register.filter
def pct(value):
    """A percentage as 12,5 (no sign); "—" for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, int):
        return str(value)
    return defs.fmt(value)


@register.filter
def get(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def signed(value):
    """A change: +3, −2, 0; "—" for none."""
    if value is None:
        return "—"
    text = pct(abs(value)) if isinstance(value, float | Decimal) else str(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return "0"


@register.filter
def definition(code):
    """The definition of the indicator ``code`` (mentoring.indicators) as
    text for a tooltip or footnote; "" for an unknown code."""
    try:
        return defs.get(code).describe()
    except KeyError:
        return ""


@register.filter
def indicator_label(code):
    try:
        return defs.get(code).label
    except KeyError:
        return code


@register.inclusion_tag("reports/includes/indicator.html")
def indicator(code, value, label=""):
    """A figure with its definition as the tooltip (abbr title) and a
    ``data-indicator`` attribute naming the definition."""
    return {"code": code, "value": value, "title": definition(code), "label": label}
