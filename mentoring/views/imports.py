"""Import of participants from .xlsx/.xls/.ods/.csv: template → upload →
preview (with the mapping of unknown columns) → confirm.

The file is parsed once at upload (and again only when the user maps a
column); the parsed rows wait in a private folder,
``MEDIA_ROOT/imports/<token>.json``, with the organisation and the user, next
to the file ``<token>.xlsx`` kept for a re-mapping. The confirmation writes the
stored rows without reading the file. The token is random
(``secrets.token_urlsafe``); a token of another organisation is 404. Files
older than ``UPLOAD_TTL`` are dropped. See mentoring/urls.py for the URL
patterns.
"""

import json
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import manager_required
from ..services.imports import (
    COLUMNS,
    MAX_FILE_SIZE,
    MAX_ROWS,
    participants_import,
    participants_import_check,
    participants_import_template,
    participants_parse,
)
from ..submit_once import submit_once

UPLOAD_DIR = "imports"
UPLOAD_TTL = 24 * 60 * 60  # seconds
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
# The preview shows this many rows, plus every row with an error (up to
# PREVIEW_ERROR_ROWS): 10 000 rows would make a page nobody reads.
PREVIEW_ROWS = 200
PREVIEW_ERROR_ROWS = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPTED = f".xlsx,.xls,.ods,.csv,{XLSX_TYPE},application/vnd.ms-excel,text/csv"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл со списком (.xlsx, .xls, .ods, .csv)",
        help_text=f"Не больше {MAX_FILE_SIZE // (1024 * 1024)} МБ и "
        f"{MAX_ROWS // 1000}\N{NO-BREAK SPACE}000 строк.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                f"Файл слишком большой: допускается не более {MAX_FILE_SIZE // (1024 * 1024)} МБ."
            )
        errors = participants_import_check(fileobj=upload)
        if errors:
            raise forms.ValidationError([e["message"] for e in errors])
        return upload


# --- the private store of uploads --------------------------------------------------


def _upload_dir():
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def _drop_stale_uploads():
    folder = _upload_dir()
    if not folder.is_dir():
        return
    limit = time.time() - UPLOAD_TTL
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass  # another request removed it first


def store_upload(*, organization, user, fileobj, name):
    """Keep an uploaded file for the preview and confirm steps; returns its token."""
    _drop_stale_uploads()
    folder = _upload_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(24)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    with (folder / f"{token}.xlsx").open("xb") as out:
        if hasattr(fileobj, "chunks"):
            for chunk in fileobj.chunks():
                out.write(chunk)
        else:
            out.write(fileobj.read())
    meta = {
        "organization_id": organization.pk,
        "user_id": user.pk,
        "name": Path(name or "").name[:200],
        "created": timezone.now().isoformat(),
        "parsed": participants_parse(fileobj=folder / f"{token}.xlsx", filename=name or ""),
    }
    _save_meta(folder / f"{token}.json", meta)
    return token


def _save_meta(path, meta):
    path.write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def _stored_upload(request, token):
    """(path of the file, its sidecar) of the current organisation, or 404."""
    if not TOKEN_RE.match(token):
        raise Http404
    folder = _upload_dir()
    path, sidecar = folder / f"{token}.xlsx", folder / f"{token}.json"
    try:
        meta = json.loads(sidecar.read_text("utf-8"))
    except (OSError, ValueError):
        raise Http404("Файл не найден: загрузите его снова.") from None
    if meta.get("organization_id") != request.org.pk or not path.is_file():
        raise Http404
    if time.time() - path.stat().st_mtime > UPLOAD_TTL:
        raise Http404("Файл устарел: загрузите его снова.")
    return path, meta


def _discard_upload(path):
    for stale in (path, path.with_suffix(".json")):
        stale.unlink(missing_ok=True)


def _grouped(number):
    """20000 → "20 000" (Russian digit grouping, no-break space)."""
    return f"{number:,}".replace(",", "\N{NO-BREAK SPACE}")


def _after_import_url():
    """The bank of mentees when it exists, else the home page."""
    for name in ("mentoring:mentee_bank", "mentoring:home"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/"


# --- views ------------------------------------------------------------------------


@require_GET
@manager_required
def import_template(request):
    response = HttpResponse(participants_import_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="uchastniki-shablon.xlsx"'
    return response


@manager_required
@submit_once
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = store_upload(
            organization=request.org, user=request.user, fileobj=upload, name=upload.name
        )
        return redirect("mentoring:import_preview", token=token)
    return render(
        request,
        "mentoring/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "max_rows": f"{MAX_ROWS:,}".replace(",", "\N{NO-BREAK SPACE}"),
        },
    )


def _column_choices():
    return [("", "— не загружать —")] + [(c.key, c.label) for c in COLUMNS]


@require_http_methods(["GET", "POST"])
@manager_required
def import_preview(request, token):
    """GET: the dry run of the stored rows. POST: the user's choice of a field
    for each unknown column (``map_<index>``): the file is read again with it,
    then redirect to GET."""
    path, meta = _stored_upload(request, token)
    if request.method == "POST":
        keys = {key for key, _ in _column_choices()}
        column_map = {
            name[len("map_") :]: value
            for name, value in request.POST.items()
            if name.startswith("map_") and name[len("map_") :].isdigit() and value in keys
        }
        meta["parsed"] = participants_parse(
            fileobj=path, column_map=column_map, filename=meta.get("name", "")
        )
        _save_meta(path.with_suffix(".json"), meta)
        return redirect("mentoring:import_preview", token=token)
    parsed = meta.get("parsed") or participants_parse(fileobj=path, filename=meta.get("name", ""))
    result = participants_import(organization=request.org, parsed=parsed, by=None, dry_run=True)
    shown = result.rows[:PREVIEW_ROWS]
    error_rows = [r for r in result.rows[PREVIEW_ROWS:] if r.errors]
    hidden_errors = max(0, len(error_rows) - PREVIEW_ERROR_ROWS)
    shown += error_rows[:PREVIEW_ERROR_ROWS]
    column_map = parsed.get("column_map", {})
    unknown = [
        {
            "index": index,
            "label": label,
            "letter": _letter(int(index)),
            "chosen": column_map.get(index, ""),
        }
        for index, label in sorted(parsed.get("unknown", {}).items(), key=lambda i: int(i[0]))
    ]
    return render(
        request,
        "mentoring/import_preview.html",
        {
            "header_error": _header_error(parsed),
            "token": token,
            "meta": meta,
            "result": result,
            "rows": shown,
            "hidden_rows": len(result.rows) - len(shown) - hidden_errors,
            "hidden_errors": hidden_errors,
            "error_rows": sum(1 for r in result.rows if r.errors),
            "file_errors": result.file_errors,
            "unknown_columns": unknown,
            "column_choices": _column_choices(),
        },
    )


def _header_error(parsed):
    """Whether the header is refused while the preview's column mapping form
    can fix it (the user is told to choose there, not to upload again)."""
    row = parsed.get("header_row")
    return bool(parsed.get("unknown")) and any(
        row is not None and e["row"] == row for e in parsed.get("file_errors", [])
    )


def _letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


@require_POST
@manager_required
@submit_once
def import_confirm(request, token):
    path, meta = _stored_upload(request, token)
    parsed = meta.get("parsed") or participants_parse(fileobj=path, filename=meta.get("name", ""))
    result = participants_import(organization=request.org, parsed=parsed, by=request.user)
    if not result.ok:
        header_error = _header_error(parsed)
        fix = (
            "выберите поле для нераспознанных столбцов в форме на этой странице и нажмите "
            "«Применить»"
            if header_error
            else "исправьте файл и загрузите его снова"
        )
        if not header_error and parsed.get("column_map"):
            fix += (
                "; если ошибка из-за неверно выбранного поля для столбца, измените выбор "
                "в форме «Столбцы, которые не удалось распознать» на этой странице"
            )
        messages.error(
            request,
            f"Импорт не выполнен: найдено ошибок: {len(result.errors)}. Ничего не сохранено — "
            f"{fix}.",
        )
        return redirect("mentoring:import_preview", token=token)
    _discard_upload(path)
    messages.success(
        request, f"Импортировано: создано {result.created}, обновлено {result.updated}."
    )
    return redirect(_after_import_url())
