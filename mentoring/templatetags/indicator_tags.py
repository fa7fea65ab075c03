"""Template filters for the indicator definitions of mentoring.indicators:
``{{ "consents"|definition }}`` (the tooltip or footnote text),
``{{ code|indicator_label }}``, ``{{ value|figure }}`` (12,5; "—") and
``{% describe code %}``, the definition shown next to a figure."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from mentoring import indicators as defs

register = template.Library()


@register.filter
def definition(code, targets=None):
    """The definition of the indicator ``code`` as one text; "" if unknown.
    ``{{ code|definition:targets }}`` states the organisation's targets."""
    return describe(code, "text", targets)


@register.filter
def indicator_label(code):
    try:
        return defs.get(code).label
    except KeyError:
        return code


@register.filter
def indicator_unit(code):
    """The unit of the indicator ``code`` (%, шт., чел.); "" if unknown."""
    try:
        return defs.get(code).unit
    except KeyError:
        return ""


@register.filter
def figure(value):
    """The one number format of indicators: 12,5; 12; "—" for none."""
    return defs.fmt(value)


@register.simple_tag
def describe(code, style="details", targets=None, param=None):
    """The definition of the indicator ``code`` next to its figure — the one
    way every page shows it:

    - ``{% describe "consents" %}``: a <details> "Как считается" with the
      definition (keyboard-reachable, no script);
    - ``{% describe code "ref" %}``: a footnote link "?" to the page's list
      of definitions (includes/indicator_definitions.html, items
      ``#def-<code>``), with the text as its title — for table headers;
    - ``{% describe code "labelled" %}``: the <details> whose summary names
      the figure ("Как считается: …") — where two definitions stand one
      under the other;
    - ``{% describe code "text" %}``: the plain text.

    ``targets``: {code: (target, source)} of mentoring.indicators.targets,
    so the definition states the organisation's own target where the page
    shows it. ``param``: the figure is narrowed (to a form of pairs, say):
    the definition says so (Definition.narrowed) and states no target.
    "" for an unknown code."""
    try:
        definition = defs.get(code)
    except KeyError:
        return ""
    if param:
        definition = definition.narrowed(param)
    elif targets and code in targets:
        definition = defs.with_targets([definition], targets)[0]
    text = definition.describe()
    if style == "text":
        return text
    if style == "ref":
        return format_html(
            '<a class="indicator-ref" href="#def-{}" title="{}" aria-label="Как считается: {}">'
            "?</a>",
            code,
            text,
            definition.label,
        )
    return render_to_string(
        "includes/indicator_definition.html",
        {"code": code, "label": definition.label, "text": text, "labelled": style == "labelled"},
    )


@register.filter
def indicator_codes(codes):
    """A list of codes as given, or "mentors mentees" split on spaces (so a
    template can name them in an include)."""
    if isinstance(codes, str):
        return codes.split()
    return codes or []


@register.filter(is_safe=True)
def sentence(text):
    """The text ending with one full stop (mentoring.indicators.sentence):
    ``{% filter sentence %}…{{ source }}{% endfilter %}`` adds none after
    a source that already ends with one («… 2025 г.»)."""
    return defs.sentence(str(text))
