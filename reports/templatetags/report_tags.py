from decimal import Decimal

from django import template

from mentoring import indicators as defs
from mentoring.templatetags import indicator_tags

register = template.Library()


@register.filter
def num(value):
    """A count with Russian grouping (thin no-break spaces); "—" for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
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


@register.simple_tag
def vi_settings(request):
    """The settings of the version for the visually impaired (reports/vi.py) for
    the public templates: {"on", "classes", "panel", "query"}; "on" is False in
    the normal version."""
    from reports import vi

    prefs = vi.parse(request.COOKIES.get(vi.PREFS_COOKIE))
    return {
        "on": request.COOKIES.get("vi") == "1",
        "classes": vi.classes(prefs),
        "panel": vi.panel(prefs),
    }


# The definitions' filters live with the definitions (mentoring); the
# report templates load them through this library too.
register.filter("definition", indicator_tags.definition)
register.filter("indicator_label", indicator_tags.indicator_label)
register.simple_tag(indicator_tags.describe, name="describe")


NO_DATA = "нет данных"


@register.filter
def nodata(value):
    """A figure, or "нет данных" when it is unknown (a quarter or year
    without data — never shown as 0)."""
    if value is None or value == "":
        return NO_DATA
    return num(value)


@register.filter
def signed_nodata(value):
    """A change (+3, −2, 0), or "нет данных" when either side is unknown."""
    if value is None:
        return NO_DATA
    return signed(value)
