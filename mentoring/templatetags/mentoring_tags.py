from django import template

from mentoring import plurals
from mentoring.plurals import plural

register = template.Library()


@register.filter
def elided_range(page):
    """Page numbers around the current page, with ellipses."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.simple_tag
def ru_plural(number, one, few, many):
    """Russian plural form: ru_plural 5 'пара' 'пары' 'пар' → 'пар'."""
    return plural(number, (one, few, many))


@register.filter
def count_noun(number, forms):
    """The number with the agreeing noun: ``{{ 24|count_noun:"год,года,лет" }}`` → "24 года"
    (mentoring/plurals.py). Empty for an empty value."""
    if number is None or number == "":
        return ""
    return plurals.count_noun(number, forms)


@register.filter
def typo(text):
    """Non-breaking spaces of Russian typesetting (mentoring.typography.nbsp)."""
    from ..typography import nbsp

    return nbsp(text)


@register.filter
def heading(text):
    """An imported title as a document heading (mentoring.typography.heading_title)."""
    from ..typography import heading_title

    return heading_title(text)


@register.filter
def lower_first(text):
    """'Учитель математики' → 'учитель математики' inside a sentence
    (an abbreviation such as 'ЦМН' is kept)."""
    from ..typography import lower_first as lower

    return lower(str(text or ""))


@register.simple_tag
def submit_token():
    """The hidden one-time ``submit_token`` of a creating form
    (mentoring.submit_once): a fresh random value each time the page is
    rendered, so one opened form creates once however often it is posted."""
    from django.utils.html import format_html

    from mentoring.submit_once import FIELD, new_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.filter
def academic_year(start_year):
    """``{{ 2026|academic_year }}`` → "2026–2027" (mentoring.typography:
    the one way a range of academic years is printed). Empty for none."""
    from ..typography import academic_year_range

    if start_year is None or start_year == "":
        return ""
    return academic_year_range(start_year)


@register.filter
def period_label(code):
    """A stored period code as printed: "2026-2027" → "2026–2027 учебный
    год", "2026-Q4" → "IV квартал 2026 г." (mentoring.typography)."""
    from ..typography import period_code_label

    return period_code_label(code)
