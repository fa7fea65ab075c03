"""Template filters for the indicator definitions of mentoring.indicators:
``{{ "consents"|definition }}`` (the tooltip or footnote text),
``{{ code|indicator_label }}`` and ``{{ value|figure }}`` (12,5; "—")."""

from django import template

from mentoring import indicators as defs

register = template.Library()


@register.filter
def definition(code):
    """The definition of the indicator ``code`` as one text; "" if unknown."""
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


@register.filter
def figure(value):
    """The one number format of indicators: 12,5; 12; "—" for none."""
    return defs.fmt(value)
