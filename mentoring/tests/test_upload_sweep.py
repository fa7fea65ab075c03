"""Upload sweep (issue 9): every upload endpoint of the project × every hostile file.

Each endpoint is posted to as a role allowed to use it, through a raw
``multipart/form-data`` body (the test client would strip folders from a file
name before sending it; a hostile browser does not):

- a zip bomb: an .xlsx- or .docx-named archive whose one real part unpacks to
  300 MB of zeros;
- an XML bomb ("billion laughs"): a DTD with nested entities inside an
  otherwise valid XLSX (sharedStrings.xml) or DOCX (word/document.xml);
- a disguised executable: ``MZ`` + padding named report.pdf or photo.png;
- a path-traversal name ("../../../../etc/passwd.pdf", "..\\..\\evil.png", a NUL
  or a newline in the name) on a file with valid content.

The hostile files must be refused with a Russian message, writing nothing to
the database and no file at all. The traversal names must be accepted only
under a generated name inside MEDIA_ROOT. MEDIA_ROOT lies six folders deep in
the test's own temporary folder, so a file escaping it by "../" would land in
that folder, where the test looks for it.
"""

import datetime
import functools
import io
import re
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.utils import timezone

from mentoring.models import ExternalCourse, Material, News, Practice
from mentoring.services import activities as services
from mentoring.services.consents import consent_text_default
from mentoring.services.imports import COLUMNS
from mentoring.tests import activity_data as data

MB = 1024 * 1024
ROADMAP_SAMPLE = Path("/work/shared/samples/roadmaps/ddt-2022.docx")
SENTINEL = "Изменено при проверке загрузки"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Names a generated file may have: uuid4().hex + the detected extension
# (mentoring.uploads.safe_filename), or secrets.token_urlsafe(24) + a fixed
# suffix (the import stores of participants and roadmaps).
GENERATED_NAME = re.compile(
    r"^(?:[0-9a-f]{32}\.(?:pdf|png|jpg|docx|xlsx|pptx)|[A-Za-z0-9_-]{32}\.(?:xlsx|bin|json))$"
)


# --- hostile and valid files ------------------------------------------------------


@functools.cache
def valid_xlsx():
    """A participant list in the import template's layout (with shared strings)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Участники"
    sheet.append([c.header for c in COLUMNS])
    values = {
        "last_name": "Соколова",
        "first_name": "Анна",
        "patronymic": "Игоревна",
        "birth_date": "12.03.1985",
        "target_group": "Педагогический работник",
        "position": "Учитель математики",
        "is_mentor": "да",
    }
    sheet.append([values.get(c.key) for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@functools.cache
def valid_docx():
    return ROADMAP_SAMPLE.read_bytes()


def valid_pdf():
    return data.MINIMAL_PDF


@functools.cache
def valid_png():
    return data.png().read()


def _zip_bomb(main_part):
    """[Content_Types].xml and the main part of the kind, 300 MB of zeros,
    deflated to a few hundred kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(main_part, "w", force_zip64=True) as part:
            zeros = b"\0" * MB
            for _ in range(300):
                part.write(zeros)
    return buffer.getvalue()


@functools.cache
def zip_bomb_xlsx():
    return _zip_bomb("xl/workbook.xml")


@functools.cache
def zip_bomb_docx():
    return _zip_bomb("word/document.xml")


LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>\n"
)


def _with_laughs(raw, part, text_tag):
    """The Office archive ``raw`` with a billion-laughs DTD prepended to
    ``part`` and the top entity referenced in its first ``text_tag`` element."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                text = content.decode("utf-8")
                if text.startswith("<?xml"):
                    text = text[text.index("?>") + 2 :].lstrip()
                start = re.search(rf"<{text_tag}(\s[^>]*)?>", text)
                text = text[: start.end()] + "&lol9;" + text[start.end() :]
                content = (LAUGHS + text).encode("utf-8")
            archive.writestr(info, content)
    assert part in source.namelist()
    return buffer.getvalue()


def _with_shared_strings(raw):
    """openpyxl writes inline strings; move the first cell's text into an
    xl/sharedStrings.xml part, the way Excel stores strings."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename).decode("utf-8")
            if info.filename == "xl/worksheets/sheet1.xml":
                cell = re.search(r'<c r="A1" t="inlineStr"><is><t>(.*?)</t></is></c>', content)
                text = cell.group(1)
                content = content.replace(cell.group(0), '<c r="A1" t="s"><v>0</v></c>')
            elif info.filename == "[Content_Types].xml":
                content = content.replace(
                    "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/sharedStrings" '
                    'Target="sharedStrings.xml"/></Relationships>',
                )
            archive.writestr(info, content.encode("utf-8"))
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="1" uniqueCount="1"><si><t>{text}</t></si></sst>',
        )
    return buffer.getvalue()


@functools.cache
def xml_bomb_xlsx():
    return _with_laughs(_with_shared_strings(valid_xlsx()), "xl/sharedStrings.xml", "t")


def test_the_shared_strings_workbook_is_valid_without_the_bomb():
    workbook = openpyxl.load_workbook(io.BytesIO(_with_shared_strings(valid_xlsx())))
    assert workbook.active["A1"].value == COLUMNS[0].header


@functools.cache
def xml_bomb_docx():
    return _with_laughs(valid_docx(), "word/document.xml", "w:t")


def executable():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 4096


# name, content, what the refusal may say (any of these reasons is right)
HOSTILE = {
    "zip_bomb_xlsx": ("список.xlsx", zip_bomb_xlsx, r"распакованном виде|архив|изображение"),
    "zip_bomb_docx": (
        "дорожная карта.docx",
        zip_bomb_docx,
        r"распакованном виде|архив|изображение",
    ),
    "xml_bomb_xlsx": (
        "список.xlsx",
        xml_bomb_xlsx,
        r"DTD|Не удалось прочитать|повреждён|архив|изображение",
    ),
    "xml_bomb_docx": (
        "план.docx",
        xml_bomb_docx,
        r"DTD|Не удалось прочитать|повреждён|архив|изображение|не является книгой",
    ),
    "exe_as_pdf": ("report.pdf", executable, r"исполняемой программой|не является|изображение"),
    "exe_as_png": ("photo.png", executable, r"исполняемой программой|не является|изображение"),
}

TRAVERSAL_NAMES = {
    "dot_dot_slash": "../../../../etc/passwd.pdf",
    "dot_dot_backslash": "..\\..\\evil.png",
    "nul": "evil\x00.php.pdf",
    "newline": "evil\n.pdf",
    "absolute": "/etc/cron.d/evil.png",
}


# --- the endpoints ------------------------------------------------------------------


def _today():
    return timezone.localdate().isoformat()


def _mentor(cast):
    cast.mentor_card = data.mentor_card(cast)


def _consent_participant(cast):
    from mentoring.factories import ParticipantFactory

    cast.participant = ParticipantFactory(organization=cast.school, is_mentor=True)
    cast.consent_text = consent_text_default(cast.school, "processing")


def _occurrence(cast):
    from roadmaps.services import roadmap_from_template

    roadmap = roadmap_from_template(organization=cast.school, academic_year=2025)
    activity = roadmap.activities.order_by("position").first()
    cast.occurrence = activity.occurrences.order_by("pk").first()


def _occurrence_state(cast):
    cast.occurrence.refresh_from_db()
    return cast.occurrence.status, cast.occurrence.evidence.name, cast.occurrence.comment


def _plan_item(cast):
    from mentoring.factories import make_pair, mentee_participant, mentor_participant

    mentor = mentor_participant(cast.school, user=cast.mentor)
    pair = make_pair(
        cast.school, mentor=mentor, mentee=mentee_participant(cast.school), by=cast.methodist
    )
    cast.plan_item = pair.program.items.order_by("position").first()


def _plan_item_state(cast):
    cast.plan_item.refresh_from_db()
    return cast.plan_item.evidence.name, cast.plan_item.version


def _category(cast):
    cast.category = services.material_category_create(
        organization=cast.school, name="Шаблоны", by=cast.methodist
    )


def _material(cast):
    cast.material = data.material(cast)
    cast.category = cast.material.category


def _material_state(cast):
    material = Material.objects.get(pk=cast.material.pk)
    # The file that was there before must survive a refused replacement.
    return material.title, material.file.name, Path(material.file.path).is_file()


def _news(cast):
    cast.news = services.news_save(
        organization=cast.school, data={"title": "Новость", "body": "Текст"}, by=cast.methodist
    )


def _news_state(cast):
    news = News.objects.get(pk=cast.news.pk)
    return news.title, news.picture.name


def _practice(cast):
    cast.practice = data.practice(cast)


def _practice_state(cast):
    practice = Practice.objects.get(pk=cast.practice.pk)
    return practice.title, practice.attachments.count()


def _organization_state(cast):
    cast.school.refresh_from_db()
    return cast.school.name, cast.school.logo.name


@dataclass
class Upload:
    role: str
    url: Callable
    field: str
    accepts: str  # "picture", "scan", "document", "participants", "roadmap"
    data: Callable = lambda c: {}
    setup: Callable | None = None
    # Values of an existing object that a refused upload must leave as they were.
    state: Callable | None = None


ENDPOINTS = {
    "mentoring:import_upload": Upload("methodist", lambda c: "/import/", "file", "participants"),
    "roadmaps:import_upload": Upload(
        "methodist",
        lambda c: "/roadmaps/import/",
        "file",
        "roadmap",
        data=lambda c: {"period_start": 2022, "period_end": 2023},
    ),
    "mentoring:consent_create": Upload(
        "methodist",
        lambda c: f"/participants/{c.participant.pk}/consents/new/processing/",
        "scan",
        "scan",
        data=lambda c: {
            "text": c.consent_text.pk,
            "given_on": _today(),
            "method": "paper",
            "given_by": "subject",
        },
        setup=_consent_participant,
    ),
    "roadmaps:occurrence_update": Upload(
        "methodist",
        lambda c: f"/roadmaps/occurrences/{c.occurrence.pk}/",
        "evidence",
        "scan",
        data=lambda c: {"action": "done", "done_on": _today(), "comment": ""},
        setup=_occurrence,
        state=_occurrence_state,
    ),
    "mentoring:plan_item_evidence_upload": Upload(
        "mentor",
        lambda c: (
            f"/mentorships/{c.plan_item.program.mentorship_id}/program/items/"
            f"{c.plan_item.pk}/evidence/upload/"
        ),
        "evidence",
        "scan",
        setup=_plan_item,
        state=_plan_item_state,
    ),
    "mentoring:external_course_create": Upload(
        "methodist",
        lambda c: f"/participants/{c.mentor_card.pk}/courses/new/",
        "certificate_upload",
        "scan",
        data=lambda c: {
            "programme": SENTINEL,
            "hours": 36,
            "provider": "ИРО",
            "starts_on": _today(),
            "ends_on": _today(),
            "document_kind": ExternalCourse.Document.CERTIFICATE,
        },
        setup=_mentor,
    ),
    "mentoring:event_create": Upload(
        "methodist",
        lambda c: "/events/new/",
        "upload",
        "document",
        data=lambda c: {
            "kind": "seminar",
            "title": SENTINEL,
            "held_on": _today(),
            "place": "Актовый зал",
        },
    ),
    "mentoring:event_attachment_add": Upload(
        "methodist",
        lambda c: f"/events/{c.event.pk}/files/new/",
        "file",
        "document",
        data=lambda c: {"title": SENTINEL},
        setup=lambda c: setattr(c, "event", data.event(c)),
    ),
    "mentoring:news_create (picture)": Upload(
        "methodist",
        lambda c: "/news/new/",
        "picture_upload",
        "picture",
        data=lambda c: {"title": SENTINEL, "body": "Текст"},
    ),
    "mentoring:news_create (attachment)": Upload(
        "methodist",
        lambda c: "/news/new/",
        "upload",
        "document",
        data=lambda c: {"title": SENTINEL, "body": "Текст"},
    ),
    "mentoring:news_edit (picture)": Upload(
        "coordinator",
        lambda c: f"/news/{c.news.pk}/edit/",
        "picture_upload",
        "picture",
        data=lambda c: {"title": SENTINEL, "body": "Текст"},
        setup=_news,
        state=_news_state,
    ),
    "mentoring:practice_create": Upload(
        "mentor",
        lambda c: "/practices/new/",
        "upload",
        "document",
        data=lambda c: {
            "title": SENTINEL,
            "authors": "Наставников П. И.",
            "description": "Описание",
            "results": "Результаты",
        },
    ),
    "mentoring:practice_edit": Upload(
        "methodist",
        lambda c: f"/practices/{c.practice.pk}/edit/",
        "upload",
        "document",
        data=lambda c: {
            "title": SENTINEL,
            "authors": "Наставников П. И.",
            "description": "Описание",
            "results": "Результаты",
        },
        setup=_practice,
        state=_practice_state,
    ),
    "mentoring:material_create": Upload(
        "methodist",
        lambda c: "/materials/new/",
        "upload",
        "document",
        data=lambda c: {
            "category": c.category.pk,
            "title": SENTINEL,
            "visibility": "organization",
        },
        setup=_category,
    ),
    "mentoring:material_edit": Upload(
        "methodist",
        lambda c: f"/materials/{c.material.pk}/edit/",
        "upload",
        "document",
        data=lambda c: {
            "category": c.category.pk,
            "title": SENTINEL,
            "visibility": "organization",
        },
        setup=_material,
        state=_material_state,
    ),
    "mentoring:portrait_upload": Upload(
        "methodist",
        lambda c: "/honour-board/photos/new/",
        "photo",
        "picture",
        data=lambda c: {"participant": c.mentor_card.pk},
        setup=_mentor,
    ),
    "mentoring:organization_edit (logo)": Upload(
        "director",
        lambda c: f"/organizations/{c.school.slug}/edit/",
        "logo",
        "picture",
        data=lambda c: {"name": SENTINEL, "short_name": "Школа № 1"},
        state=_organization_state,
    ),
}

VALID = {
    "participants": valid_xlsx,
    "roadmap": valid_docx,
    "scan": valid_pdf,
    "document": valid_pdf,
    "picture": valid_png,
}


# --- helpers --------------------------------------------------------------------------


def multipart(fields, file_field, filename, content):
    """A multipart/form-data body carrying ``filename`` exactly as given
    (quotes escaped the way browsers do), and its content type."""
    boundary = f"----UploadSweep{secrets.token_hex(8)}"
    chunks = []
    for key, value in fields.items():
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        )
    quoted = filename.replace('"', "%22")
    chunks.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{quoted}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    )
    body = "".join(chunks).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post(client, endpoint, cast, filename, content):
    body, content_type = multipart(endpoint.data(cast), endpoint.field, filename, content)
    return client.post(endpoint.url(cast), body, content_type=content_type)


def db_counts():
    """Rows of every table the application writes (sessions apart)."""
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "axes")
    }


def files_under(root):
    root = Path(root)
    return {p.resolve() for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def error_messages(response):
    """The messages a refused upload shows: form errors, the page's error,
    and error messages of the messages framework (after a redirect)."""
    found = []
    context = response.context or {}

    def lookup(key):
        try:
            return context[key]
        except KeyError:
            return None

    form = lookup("form")
    if form is not None and getattr(form, "errors", None):
        found += [str(m) for errors in form.errors.values() for m in errors]
    if lookup("error"):
        found.append(str(lookup("error")))
    for message in lookup("messages") or []:
        if message.level_tag == "error":
            found.append(str(message))
    return found


@pytest.fixture
def sandbox(settings, tmp_path):
    """MEDIA_ROOT six folders below the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "a" / "b" / "c" / "d" / "e" / "f" / "media"
    settings.MEDIA_ROOT.mkdir(parents=True)
    return tmp_path


@pytest.fixture
def prepared(cast, client_for, sandbox):
    def prepare(name):
        endpoint = ENDPOINTS[name]
        if endpoint.setup:
            endpoint.setup(cast)
        return endpoint, client_for(cast.by_role(endpoint.role))

    return prepare


def outside_media(sandbox, settings):
    media = Path(settings.MEDIA_ROOT).resolve()
    return {p for p in files_under(sandbox) if not p.is_relative_to(media)}


# --- the sweep ------------------------------------------------------------------------


def test_every_upload_endpoint_is_swept():
    """Every form with a file field is in ENDPOINTS (a new one fails here)."""
    from django import forms as django_forms

    import mentoring.forms
    import mentoring.forms_activities
    import mentoring.forms_consents
    import mentoring.views.imports
    import roadmaps.forms

    with_files = set()
    for module in (
        mentoring.forms,
        mentoring.forms_activities,
        mentoring.forms_consents,
        mentoring.views.imports,
        roadmaps.forms,
    ):
        for value in vars(module).values():
            is_form = (
                isinstance(value, type)
                and issubclass(value, django_forms.BaseForm)
                and value.__module__ == module.__name__
            )
            if is_form and any(
                isinstance(f, django_forms.FileField) for f in value.base_fields.values()
            ):
                with_files.add(f"{module.__name__}.{value.__name__}")
    assert with_files == {
        "mentoring.forms.OrganizationForm",  # organization_edit (logo)
        "mentoring.forms_activities.ExternalCourseForm",  # external_course_create
        "mentoring.forms_activities.EventForm",  # event_create (no file on edit)
        "mentoring.forms_activities.AttachmentForm",  # event_attachment_add
        "mentoring.forms_activities.NewsForm",  # news_create, news_edit
        "mentoring.forms_activities.PracticeForm",  # practice_create, practice_edit
        "mentoring.forms_activities.MaterialForm",  # material_create, material_edit
        "mentoring.forms_activities.PortraitForm",  # portrait_upload
        "mentoring.forms_consents.ConsentForm",  # consent_create
        "mentoring.views.imports.ImportUploadForm",  # mentoring:import_upload
        "roadmaps.forms.ImportUploadForm",  # roadmaps:import_upload
        "roadmaps.forms.DoneForm",  # occurrence_update
    }


def test_the_hostile_files_are_what_they_claim():
    bomb = zipfile.ZipFile(io.BytesIO(zip_bomb_xlsx()))
    assert sum(i.file_size for i in bomb.infolist()) >= 300 * MB
    assert len(zip_bomb_xlsx()) < 2 * MB
    for raw, part in (
        (xml_bomb_xlsx(), "xl/sharedStrings.xml"),
        (xml_bomb_docx(), "word/document.xml"),
    ):
        text = zipfile.ZipFile(io.BytesIO(raw)).read(part).decode()
        assert "<!ENTITY lol9" in text and "&lol9;" in text
    assert executable().startswith(b"MZ")


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_hostile_file_is_refused_in_russian_and_leaves_nothing(
    name, hostile, prepared, cast, settings, sandbox
):
    endpoint, client = prepared(name)
    filename, content, reason = HOSTILE[hostile]
    before_rows = db_counts()
    before_files = files_under(sandbox)
    before_state = endpoint.state(cast) if endpoint.state else None

    response = post(client, endpoint, cast, filename, content())
    if response.status_code == 302:  # messages shown on the page redirected to
        response = client.get(response["Location"])

    assert response.status_code == 200, (name, hostile, response.status_code)
    messages = error_messages(response)
    assert messages, f"{name}: {hostile} was accepted"
    assert all(CYRILLIC.search(m) for m in messages), messages
    assert any(re.search(reason, m) for m in messages), messages
    assert "Traceback" not in response.text
    assert db_counts() == before_rows
    assert files_under(sandbox) == before_files
    if endpoint.state:
        assert endpoint.state(cast) == before_state


@pytest.mark.parametrize("label", sorted(TRAVERSAL_NAMES))
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_traversal_name_is_stored_only_under_a_generated_name_inside_media_root(
    name, label, prepared, cast, settings, sandbox
):
    endpoint, client = prepared(name)
    given = TRAVERSAL_NAMES[label]
    before = files_under(sandbox)

    response = post(client, endpoint, cast, given, VALID[endpoint.accepts]())

    assert response.status_code == 302, (name, label, error_messages(response))
    media = Path(settings.MEDIA_ROOT).resolve()
    new = files_under(sandbox) - before
    assert new, f"{name}: nothing stored"
    assert outside_media(sandbox, settings) == set()
    for path in new:
        assert path.is_relative_to(media), path
        assert GENERATED_NAME.match(path.name), path
    for forbidden in (Path("/etc/passwd.pdf"), Path("/etc/cron.d/evil.png"), Path("evil.png")):
        assert not forbidden.exists()
    # The name shown to people keeps no folders or control characters.
    for model in (Material, ExternalCourse):
        for shown in model.objects.values_list(
            "file_name" if model is Material else "certificate_name", flat=True
        ):
            assert "/" not in shown and "\\" not in shown and "\x00" not in shown


def test_a_refused_replacement_keeps_the_materials_file(cast, client_for, sandbox, settings):
    """Editing a material with a bad file used to delete the stored file
    before the new one was checked."""
    material = data.material(cast)
    stored = Path(material.file.path)
    client = client_for(cast.methodist)
    body, content_type = multipart(
        {"category": material.category.pk, "title": "Новое", "visibility": "organization"},
        "upload",
        "report.pdf",
        executable(),
    )
    client.post(f"/materials/{material.pk}/edit/", body, content_type=content_type)
    assert stored.is_file()
    material.refresh_from_db()
    assert material.file.name and Path(material.file.path).is_file()


def test_a_replaced_materials_file_is_removed_after_the_save(
    cast, client_for, sandbox, django_capture_on_commit_callbacks
):
    material = data.material(cast)
    old = Path(material.file.path)
    client = client_for(cast.methodist)
    body, content_type = multipart(
        {"category": material.category.pk, "title": "Новое", "visibility": "organization"},
        "upload",
        "new.pdf",
        valid_pdf(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/materials/{material.pk}/edit/", body, content_type=content_type)
    assert response.status_code == 302
    material.refresh_from_db()
    assert Path(material.file.path).is_file() and Path(material.file.path) != old
    assert not old.exists()


def test_event_with_a_refused_file_is_not_saved_half(cast, client_for, sandbox):
    """The event and its first file are one save: a refused file leaves no event."""
    client = client_for(cast.methodist)
    body, content_type = multipart(
        {"kind": "seminar", "title": "Семинар", "held_on": datetime.date.today(), "place": "Зал"},
        "upload",
        "protokol.pdf",
        executable(),
    )
    response = client.post("/events/new/", body, content_type=content_type)
    assert response.status_code == 200
    from mentoring.models import Event

    assert not Event.objects.exists()


def test_office_documents_with_macros_are_refused(cast, client_for, sandbox):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    body, content_type = multipart(
        {"title": "Т", "authors": "А", "description": "О", "results": "Р"},
        "upload",
        "plan.docx",
        buffer.getvalue(),
    )
    response = client_for(cast.mentor).post("/practices/new/", body, content_type=content_type)
    assert response.status_code == 200
    assert "содержит макросы" in response.text
    assert not Practice.objects.exists()
