from django import template

from surveys.results import fmt_number

register = template.Library()


@register.filter
def num(value):
    """7,5 — a mean with a Russian decimal comma; '—' when there is none."""
    return fmt_number(value)


@register.filter
def signed(value):
    if value is None:
        return "—"
    text = fmt_number(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


@register.filter
def delta_class(value):
    if value is None or value == 0:
        return ""
    return "text-success" if value > 0 else "text-danger"


@register.filter
def mul3(value):
    return int(value) * 3
