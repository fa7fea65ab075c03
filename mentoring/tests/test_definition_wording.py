"""Every registered definition's text reads as good Russian: no doubled
full stops or colons, no «label: figure» after another colon, balanced
brackets, no «Цель: цель …»."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from mentoring import indicators as defs


def _texts():
    for code, definition in sorted(defs.REGISTRY.items()):
        yield code, definition.label, definition.describe()
        if definition.narrowed_by:
            narrowed = definition.narrowed("Образец")
            yield f"{code} (narrowed)", narrowed.label, narrowed.describe()


def _outside_quotes_and_brackets(text):
    """The text without «…» and (…) (a quoted label or a source in
    brackets may hold a colon of its own)."""
    text = re.sub(r"«[^«»]*»", "«»", text)
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", "", text)
    return text


def _problems(text):
    problems = []
    if ".." in text.replace("…", ""):
        problems.append("«..»")
    if "::" in text or re.search(r":\s*:", text):
        problems.append("«::»")
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            problems.append("закрывающая скобка без открывающей")
            break
    if depth > 0:
        problems.append("незакрытая скобка")
    if "))" in text:
        problems.append("двойная закрывающая скобка")
    if re.search(r"Цель:\s*цель", text, re.IGNORECASE):
        problems.append("«Цель: цель»")
    for part in re.split(r"(?<=\.)\s+", _outside_quotes_and_brackets(text)):
        if part.count(": ") > 1:
            problems.append(f"два двоеточия в одном предложении: {part}")
    return problems


@pytest.mark.parametrize(("code", "label", "text"), list(_texts()))
def test_definition_text_reads_well(code, label, text):
    assert text, code
    assert not _problems(text), (code, _problems(text), text)


def test_the_check_catches_the_clumsy_wordings():
    assert _problems("Цель: цель задаёт дорожная карта.")
    assert _problems("Цель: 100 % (позиций, выполнено (в том числе с опозданием)).")
    assert _problems("Дорожная карта: выполнено к дате: 5 из 6.")
    assert _problems("Совокупность: все..")
    assert not _problems("Цель: 100 % (Р-145: не менее 70 %).")


def test_a_label_with_a_colon_is_not_followed_by_another_colon_in_templates():
    """``{{ "code"|indicator_label }}: figure`` of a label that has a colon
    of its own would print «Дорожная карта: выполнено к дате: 15 %»."""
    pattern = re.compile(r'"(\w+)"\|indicator_label\s*}}\s*:')
    roots = [Path(settings.BASE_DIR) / "templates"] + [
        Path(app.path) / "templates" for app in apps.get_app_configs()
    ]
    found = []
    for root in roots:
        for path in root.rglob("*.html") if root.is_dir() else []:
            for code in pattern.findall(path.read_text(encoding="utf-8")):
                if code in defs.REGISTRY and ":" in defs.get(code).label:
                    found.append((str(path), code))
    assert not found
