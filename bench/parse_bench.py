"""Parse time and peak memory of the importers on their worst accepted files
(part of `make bench`, issue 13 point 3 and issue 16).

Each case runs in its own process so that its peak resident memory
(``ru_maxrss``) is its own. Cases:

- ``docx-worst``: a DOCX whose XML unpacks to just under the roadmap
  importer's cap (roadmaps.importing.MAX_UNCOMPRESSED_SIZE), one table;
- ``xlsx-worst``: a participant XLSX at the row limit (20 000 rows, every
  column filled) and near the unpacked cap;
- ``docx-300``: import of a 300-activity roadmap DOCX (parse + save);
- ``xlsx-20000``: import of a 20 000-row participant list (parse + save).

Usage: .venv/bin/python bench/parse_bench.py [CASE ...] — prints a table and
returns JSON rows; the import cases need DATABASE_URL (bench.py passes its own)
or use a scratch SQLite database in var/.
"""

import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 5
BUDGET_MB = 300
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _cell(text):
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def roadmap_docx(rows, pad=0):
    """A roadmap DOCX built as XML: a header and ``rows`` activities of ten stages."""
    header = "".join(_cell(h) for h in ("№", "Мероприятие", "Сроки", "Ответственный", "Результат"))
    body = ["<w:p><w:r><w:t>Дорожная карта на 2024-2025 учебный год</w:t></w:r></w:p><w:tbl>"]
    body.append(f"<w:tr>{header}</w:tr>")
    per_stage = max(1, rows // 10)
    for r in range(rows):
        number = f"{r // per_stage + 1}.{r % per_stage + 1}"
        title = f"Мероприятие {r + 1} по реализации целевой модели наставничества" + "я" * pad
        cells = (number, title, "ежеквартально", "Заместитель директора", "Отчёт, приказ")
        body.append("<w:tr>" + "".join(_cell(c) for c in cells) + "</w:tr>")
    body.append("</w:tbl><w:sectPr/>")
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'
        + "".join(body)
        + "</w:body></w:document>"
    )
    package = "http://schemas.openxmlformats.org/package/2006"
    office = "http://schemas.openxmlformats.org/officeDocument/2006"
    main_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    types = (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{package}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>'
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{office}/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def participants_xlsx(rows, long_text=0):
    """A participant list in the template's columns, every column filled."""
    import datetime

    import openpyxl

    from mentoring.services.imports import COLUMNS

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Участники")
    sheet.append([c.header for c in COLUMNS])
    extra = "ж" * long_text
    for i in range(rows):
        sheet.append(
            [
                f"S-{i}",
                f"Иванов{i}",
                "Иван",
                "Петрович",
                datetime.datetime(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                "Педагогический работник",
                "",
                "Учитель математики",
                "математика",
                i % 40,
                "Высшая",
                f"t{i}@example.org",
                f"8 912 {i % 1000:03d}-{i % 100:02d}-{(i // 100) % 100:02d}",
                "да",
                "нет",
                "Методика " + extra,
                "Победитель конкурса " + extra,
                2,
                "",
                "нет",
                "нет",
                "нет",
                "",
                "",
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unpacked(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(i.file_size for i in archive.infolist())


def _setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def run_case(case):
    """Run one case in this process; returns a result dict."""
    _setup_django()
    from roadmaps.importing import MAX_UNCOMPRESSED_SIZE, parse_roadmap

    details = {}
    if case == "docx-worst":
        # Grow the rows until the XML is just under the cap (or the row limit).
        from roadmaps.importing import MAX_ROWS

        pad = 0
        data = roadmap_docx(MAX_ROWS - 2, pad)
        while unpacked(data) < MAX_UNCOMPRESSED_SIZE * 0.9:
            pad = pad * 2 + 200
            candidate = roadmap_docx(MAX_ROWS - 2, pad)
            if unpacked(candidate) > MAX_UNCOMPRESSED_SIZE:
                break
            data = candidate
        details["unpacked_mb"] = round(unpacked(data) / 2**20, 1)
        started = time.perf_counter()
        parsed = parse_roadmap(io.BytesIO(data), "worst.docx")
        details["activities"] = sum(len(s["activities"]) for s in parsed["stages"])
    elif case == "xlsx-worst":
        from mentoring.services.imports import participants_parse
        from mentoring.spreadsheets import MAX_ROWS as ROWS
        from mentoring.spreadsheets import MAX_UNCOMPRESSED_SIZE as CAP

        long_text = 0
        data = participants_xlsx(ROWS, long_text)
        while unpacked(data) < CAP * 0.5 and long_text < 2000:
            long_text = long_text * 2 + 100
            candidate = participants_xlsx(ROWS, long_text)
            if unpacked(candidate) > CAP:
                break
            data = candidate
        details["unpacked_mb"] = round(unpacked(data) / 2**20, 1)
        details["file_mb"] = round(len(data) / 2**20, 1)
        started = time.perf_counter()
        parsed = participants_parse(fileobj=io.BytesIO(data), filename="worst.xlsx")
        details["rows"] = len(parsed["rows"])
        details["errors"] = len(parsed["file_errors"])
    elif case in ("docx-300", "xlsx-20000"):
        from django.core.management import call_command

        from mentoring.factories import OrganizationFactory

        call_command("migrate", verbosity=0)
        organization = OrganizationFactory(slug=f"bench-{case}-{time.time_ns()}")
        if case == "docx-300":
            from roadmaps.services import roadmap_import

            data = roadmap_docx(300)
            started = time.perf_counter()
            parsed = parse_roadmap(io.BytesIO(data), "300.docx")
            roadmap = roadmap_import(
                organization=organization, parsed=parsed, period_start=2024, period_end=2025
            )
            details["activities"] = roadmap.activities.filter(depth__gt=0).count()
        else:
            from mentoring.services.imports import participants_import

            data = participants_xlsx(20_000)
            started = time.perf_counter()
            result = participants_import(
                organization=organization, fileobj=io.BytesIO(data), by=None
            )
            details["created"] = result.created
            details["updated"] = result.updated
            details["errors"] = len(result.errors)
    else:
        raise SystemExit(f"unknown case {case}")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": case, "seconds": round(seconds, 2), "peak_mb": round(peak_mb), **details}


CASES = ("docx-worst", "xlsx-worst", "docx-300", "xlsx-20000")


def run_all(cases=CASES, env=None):
    """Each case in a subprocess; returns the result rows."""
    results = []
    for case in cases:
        out = subprocess.run(
            [sys.executable, __file__, "--one", case],
            cwd=ROOT,
            env=env or os.environ.copy(),
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            results.append({"case": case, "error": (out.stderr or out.stdout)[-2000:]})
            continue
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["ok"] = row["seconds"] <= BUDGET_SECONDS and row["peak_mb"] <= BUDGET_MB
        results.append(row)
    return results


def print_table(results):
    print(f"\nРазбор и импорт файлов (бюджет: ≤ {BUDGET_SECONDS} с и ≤ {BUDGET_MB} МБ)")
    for row in results:
        if "error" in row:
            print(f"  {row['case']:<12} ОШИБКА: {row['error'][-300:]}")
            continue
        extra = ", ".join(
            f"{k}={v}" for k, v in row.items() if k not in ("case", "seconds", "peak_mb", "ok")
        )
        mark = "ок" if row["ok"] else "СВЕРХ БЮДЖЕТА"
        seconds, peak = row["seconds"], row["peak_mb"]
        print(f"  {row['case']:<12} {seconds:>6.2f} с  {peak:>5} МБ  {mark}  ({extra})")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_case(sys.argv[2]), ensure_ascii=False))
    else:
        chosen = tuple(sys.argv[1:]) or CASES
        rows = run_all(chosen)
        print_table(rows)
