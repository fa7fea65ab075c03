"""Import of participants from XLSX: template → upload → preview → confirm.

The uploaded file waits between the steps in a private folder,
``MEDIA_ROOT/imports/<token>.xlsx``, with a JSON sidecar naming the
organisation and the user. The token is random (``secrets.token_urlsafe``);
a token of another organisation is 404. Files older than
``UPLOAD_TTL`` are dropped. See mentoring/urls.py for the URL patterns.
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
from django.views.decorators.http import require_GET, require_POST

from ..access import manager_required
from ..services.imports import (
    COLUMNS,
    MAX_FILE_SIZE,
    MAX_ROWS,
    participants_import,
    participants_import_check,
    participants_import_template,
)

UPLOAD_DIR = "imports"
UPLOAD_TTL = 24 * 60 * 60  # seconds
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
# The preview shows this many rows, plus every row with an error (up to
# PREVIEW_ERROR_ROWS): 10 000 rows would make a page nobody reads.
PREVIEW_ROWS = 200
PREVIEW_ERROR_ROWS = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл Excel (.xlsx)",
        help_text=f"Не больше {MAX_FILE_SIZE // (1024 * 1024)} МБ и "
        f"{MAX_ROWS // 1000}\N{NO-BREAK SPACE}000 строк.",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
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
    }
    (folder / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    return token


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


@require_GET
@manager_required
def import_preview(request, token):
    path, meta = _stored_upload(request, token)
    result = participants_import(organization=request.org, fileobj=path, by=None, dry_run=True)
    shown = result.rows[:PREVIEW_ROWS]
    error_rows = [r for r in result.rows[PREVIEW_ROWS:] if r.errors]
    hidden_errors = max(0, len(error_rows) - PREVIEW_ERROR_ROWS)
    shown += error_rows[:PREVIEW_ERROR_ROWS]
    return render(
        request,
        "mentoring/import_preview.html",
        {
            "token": token,
            "meta": meta,
            "result": result,
            "rows": shown,
            "hidden_rows": len(result.rows) - len(shown) - hidden_errors,
            "hidden_errors": hidden_errors,
            "error_rows": sum(1 for r in result.rows if r.errors),
            "file_errors": result.file_errors,
        },
    )


@require_POST
@manager_required
def import_confirm(request, token):
    path, _ = _stored_upload(request, token)
    result = participants_import(organization=request.org, fileobj=path, by=request.user)
    if not result.ok:
        messages.error(
            request,
            f"Импорт не выполнен: найдено ошибок: {len(result.errors)}. Ничего не сохранено — "
            "исправьте файл и загрузите его снова.",
        )
        return redirect("mentoring:import_preview", token=token)
    _discard_upload(path)
    messages.success(
        request, f"Импортировано: создано {result.created}, обновлено {result.updated}."
    )
    return redirect(_after_import_url())
