"""Issue 15 point 2: ``mentoring`` is the base app and imports no upper app.

Every module of the package (tests apart: they may drive the whole
product) is parsed with ``ast``; an ``import`` or ``from … import`` of
another project app (roadmaps, surveys, reports or any app added later),
at module level or inside a function, fails the test. Upper apps plug in
through mentoring.registries and mentoring.public_cache."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[1]


def upper_apps():
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        # The virtualenv may live inside the checkout (make run puts it in .venv).
        and "site-packages" not in Path(config.path).parts
        and config.name != "mentoring"
    }


def imports_of(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def test_the_upper_apps_are_known():
    assert {"roadmaps", "surveys", "reports"} <= upper_apps()


def test_mentoring_imports_no_upper_app():
    forbidden = upper_apps()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.relative_to(PACKAGE).parts:
            continue
        for line, module in imports_of(path):
            if module.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    assert not found, "\n".join(found)


def test_moved_utilities_keep_their_old_import_paths():
    from mentoring import public_cache as new_cache
    from mentoring import xlsx as new_xlsx
    from reports import public_cache, xlsx

    assert xlsx.table_xlsx is new_xlsx.table_xlsx
    assert xlsx.tables_xlsx is new_xlsx.tables_xlsx
    assert xlsx.add_table_sheet is new_xlsx.add_table_sheet
    assert public_cache.public_cache_bump is new_cache.public_cache_bump
    assert public_cache.page_key is new_cache.page_key
