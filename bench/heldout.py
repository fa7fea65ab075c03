"""The importers measured on held-out published roadmaps (issue 16).

For every fixture of roadmaps/tests/heldout/ (a published roadmap rebuilt
from its public copy; the source address is in the table) the real parser
reads the DOCX and each deadline phrase is interpreted in the roadmap's period
the way the import does (roadmaps.deadlines.parse_deadline). Printed per
document: activities found / expected, stages found / expected, deadlines
recognised / not recognised («не распознан»), the importer's warnings, and
whether the title and the stamps came out as the source has them.

Usage: .venv/bin/python bench/heldout.py [--json]. Part of `make bench`.
Needs no database.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def measure():
    """One dict per held-out document (see the module docstring for the fields)."""
    _setup()
    from roadmaps.deadlines import parse_deadline, period_is_calendar
    from roadmaps.importing import parse_roadmap
    from roadmaps.services import parsed_counts, period_from_title, walk_parsed
    from roadmaps.tests.heldout import HELDOUT, build

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for entry in HELDOUT:
            path = build(entry, Path(tmp))
            parsed = parse_roadmap(path, path.name)
            counts = parsed_counts(parsed)
            title_period = period_from_title(parsed["title"])
            start, end = title_period or entry["import_period"]
            calendar = period_is_calendar(parsed["title"])
            recognised = unparsed = 0
            unparsed_texts = []
            for _depth, item, has_children in walk_parsed(parsed):
                text = (item.get("deadline_text") or "").strip()
                if not text or (has_children and not text):
                    continue
                deadline = parse_deadline(
                    text, period_start=start, period_end=end, calendar=calendar
                )
                if deadline.recognized:
                    recognised += 1
                else:
                    unparsed += 1
                    unparsed_texts.append(text)
            expected_deadlines = sum(1 for d in entry["deadlines"] if d[2])
            title_ok = parsed["title"].startswith(entry["title_starts"]) and not any(
                t in parsed["title"] for t in entry["title_excludes"]
            )
            rows.append(
                {
                    "document": entry["slug"],
                    "level": entry["level"],
                    "source": entry["module"].URL,
                    "activities": counts["activities"],
                    "activities_expected": entry["activities"],
                    "stages": counts["stages"],
                    "stages_expected": entry["stages"],
                    "deadlines_recognised": recognised,
                    "deadlines_unparsed": unparsed,
                    "deadlines_expected": expected_deadlines,
                    "unparsed": unparsed_texts,
                    "period": list(title_period) if title_period else None,
                    "period_expected": list(entry["period"]) if entry["period"] else None,
                    "title_ok": title_ok,
                    "stamps": len(parsed["stamps"]),
                    "stamps_expected": entry["stamps"],
                    "warnings": parsed["notes"],
                }
            )
    return rows


def print_table(rows):
    print("\nОтложенная выборка опубликованных дорожных карт (issue 16):")
    print(
        f"  {'документ':13} {'мероприятия':>11} {'этапы':>6} {'сроки расп./не расп.':>21} "
        f"{'период':>10} {'название':>9} {'грифы':>6} {'предупр.':>8}"
    )
    for r in rows:
        period = "-".join(map(str, r["period"])) if r["period"] else "нет"
        print(
            f"  {r['document']:13} {r['activities']:>5} / {r['activities_expected']:<3}"
            f" {r['stages']:>2} / {r['stages_expected']:<1}"
            f" {r['deadlines_recognised']:>8} / {r['deadlines_unparsed']:<2}"
            f" (ожид. {r['deadlines_expected']})"
            f" {period:>10} {'да' if r['title_ok'] else 'НЕТ':>9}"
            f" {r['stamps']:>2} / {r['stamps_expected']:<1} {len(r['warnings']):>8}"
        )
        for text in r["unparsed"]:
            print(f"      не распознан: «{text}»")
        for note in r["warnings"]:
            print(f"      предупреждение: {note}")
    total = sum(r["activities"] for r in rows), sum(r["activities_expected"] for r in rows)
    stages = sum(r["stages"] for r in rows), sum(r["stages_expected"] for r in rows)
    print(
        f"  всего: мероприятий {total[0]} / {total[1]}, этапов {stages[0]} / {stages[1]}; "
        "источники — roadmaps/tests/heldout/"
    )


def main():
    rows = measure()
    if "--json" in sys.argv:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print_table(rows)


if __name__ == "__main__":
    main()
