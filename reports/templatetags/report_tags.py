import re
from decimal import Decimal

from django import template
from django.utils.html import format_html

from mentoring import indicators as defs
from mentoring.templatetags import indicator_tags

register = template.Library()

VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
# Letters a line does not begin with.
NOT_FIRST = set("йьъЙЬЪ")
LONG_WORD = re.compile(r"[А-Яа-яЁё]{10,}")


def _hyphenate(word):
    """The word with soft hyphens (U+00AD) between its syllables: after a
    vowel before a consonant and a vowel (на-ни), between two consonants
    (нас-тав), after й/ь/ъ before a consonant; two letters at least on the
    left and three on the right, each part with a vowel."""
    n = len(word)
    cut = [0]
    for i in range(2, n - 2):
        left, first, after = word[i - 1], word[i], word[i + 1]
        if first in NOT_FIRST or first in VOWELS:
            continue
        if not VOWELS & set(word[cut[-1] : i]) or not VOWELS & set(word[i:]):
            continue
        if (
            (left in VOWELS and after in VOWELS)
            or (left not in VOWELS and left not in NOT_FIRST)
            or left in NOT_FIRST
        ):
            cut.append(i)
    parts, start = [], 0
    for i in cut[1:]:
        parts.append(word[start:i])
        start = i
    parts.append(word[start:])
    return "\u00ad".join(parts)


@register.filter
def soft_hyphens(text):
    """Long Russian words of a narrow column's heading with soft hyphens,
    so the heading wraps inside its word ("наставни-чеством") rather than
    widening the table. Browsers show the hyphen only at a line break."""
    return LONG_WORD.sub(lambda m: _hyphenate(m[0]), str(text))


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


@register.simple_tag(takes_context=True)
def ref(context, *codes, only=""):
    """The footnote of a figure of the analytic report: the numbers of its
    definitions in the section «Определения показателей» —
    ``{% ref "consents" %}`` → [6]; ``only`` says what the figure is
    narrowed to (``{% ref "mentors" only="целевая группа строки" %}`` →
    [8; целевая группа строки]). "?" for a code the report does not list
    (a test fails on it)."""
    numbers = context.get("definition_numbers") or {}
    codes = [code for code in codes if code]
    text = ", ".join(str(numbers.get(code, "?")) for code in codes)
    if only:
        text = f"{text}; {only}"
    return format_html('<span class="ref" data-ref="{}">[{}]</span>', " ".join(codes), text)
