"""Giving consents, their scans, texts and forms, and the coverage of an
organisation (152-ФЗ). Withdrawal and purge: test_withdrawal.py."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from mentoring.factories import ConsentFactory, ParticipantFactory
from mentoring.models import Consent, ConsentKind, ConsentText, Participant, TargetGroup
from mentoring.services.consents import (
    consent_coverage,
    consent_give,
    consent_text_create,
    consent_text_default,
)
from mentoring.uploads import validate_upload

TODAY = timezone.localdate()
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    return buffer.getvalue()


def years_ago(years, days=0):
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days)


@pytest.fixture
def teacher(cast):
    return ParticipantFactory(
        organization=cast.school,
        last_name="Кузнецова",
        first_name="Ольга",
        patronymic="Викторовна",
        is_mentor=True,
        is_mentee=False,
        mentor_status="approved",
        position="учитель математики",
    )


@pytest.fixture
def child(cast):
    return ParticipantFactory(
        organization=cast.school,
        last_name="Сидорова",
        first_name="Анна",
        patronymic="Игоревна",
        birth_date=years_ago(10),
        target_group=TargetGroup.SCHOOL_STUDENT,
        class_group="4 Б",
        position="",
        subjects="",
        representative_name="Сидорова Елена Петровна",
        representative_relation="мать",
    )


@pytest.fixture
def teen(cast):
    return ParticipantFactory(
        organization=cast.school,
        last_name="Орлов",
        first_name="Пётр",
        birth_date=years_ago(15),
        target_group=TargetGroup.SCHOOL_STUDENT,
        class_group="9 А",
    )


def post_consent(client, participant, kind, **fields):
    text = consent_text_default(participant.organization, kind)
    data = {
        "text": text.pk,
        "given_on": TODAY.isoformat(),
        "method": Consent.Method.PAPER,
        "given_by": Consent.GivenBy.SUBJECT,
        **fields,
    }
    return client.post(f"/participants/{participant.pk}/consents/new/{kind}/", data)


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Giving ---


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("processing", {}),
        ("publication", {"publish_name": "on", "publish_achievements": "on"}),
        ("duties", {}),
    ],
)
def test_methodist_records_each_kind_of_consent(cast, client_for, teacher, kind, extra):
    client = client_for(cast.methodist)
    assert client.get(f"/participants/{teacher.pk}/consents/new/{kind}/").status_code == 200

    response = post_consent(client, teacher, kind, **extra)

    assert response.status_code == 302
    consent = Consent.objects.get(participant=teacher, kind=kind)
    assert consent.text.version == 1
    assert consent.text.organization == cast.school
    assert consent.recorded_by == cast.methodist
    assert consent.given_by == Consent.GivenBy.SUBJECT
    if kind == "publication":
        assert consent.published_fields == {"name", "achievements"}
    assert consent.history.count() == 1
    assert client.get(response["Location"]).status_code == 200


def test_consent_of_a_child_without_representative_is_refused(cast, client_for, child):
    client = client_for(cast.methodist)

    response = post_consent(client, child, "processing")

    assert response.status_code == 200
    assert "нет 14 лет" in response.text
    assert not Consent.objects.exists()


def test_representative_must_name_the_document_of_authority(cast, client_for, child):
    response = post_consent(
        client_for(cast.methodist),
        child,
        "processing",
        given_by="representative",
        representative_name="Сидорова Елена Петровна",
        representative_relation="мать",
    )
    assert "документ, подтверждающий полномочия" in response.text
    assert not Consent.objects.exists()


def test_consent_of_a_child_by_representative_is_recorded(cast, client_for, child):
    response = post_consent(
        client_for(cast.methodist),
        child,
        "processing",
        given_by="representative",
        representative_name="Сидорова Елена Петровна",
        representative_relation="мать",
        representative_document="свидетельство о рождении II-АБ № 123456",
    )
    assert response.status_code == 302
    consent = Consent.objects.get(participant=child)
    assert consent.representative_document == "свидетельство о рождении II-АБ № 123456"
    assert child.can_join_pair()


def test_a_teenager_may_consent_without_representative(cast, teen):
    consent = consent_give(
        participant=teen,
        kind=ConsentKind.PROCESSING,
        data={"given_on": TODAY, "given_by": "subject", "representative_name": "лишнее"},
        by=cast.methodist,
    )
    assert consent.given_by == Consent.GivenBy.SUBJECT
    assert consent.representative_name == ""


def test_age_is_counted_on_the_date_of_the_consent(cast, teen):
    # Fifteen today, but the paper was signed before the fourteenth birthday.
    with pytest.raises(ValidationError, match="нет 14 лет"):
        consent_give(
            participant=teen,
            kind=ConsentKind.PROCESSING,
            data={"given_on": years_ago(1, days=2), "given_by": "subject"},
        )


def test_school_student_without_birth_date_is_treated_as_a_child(cast):
    pupil = ParticipantFactory(
        organization=cast.school, birth_date=None, target_group=TargetGroup.SCHOOL_STUDENT
    )
    with pytest.raises(ValidationError, match="дата рождения не указана"):
        consent_give(participant=pupil, kind=ConsentKind.PROCESSING, data={"given_on": TODAY})


def test_second_consent_of_a_kind_in_force_is_refused_with_a_message(cast, client_for, teacher):
    ConsentFactory(participant=teacher, given_on=TODAY - datetime.timedelta(days=3))
    client = client_for(cast.methodist)

    response = post_consent(client, teacher, "processing")

    assert response.status_code == 200
    assert "уже есть действующее согласие" in response.text
    assert Consent.objects.filter(participant=teacher).count() == 1


def test_a_new_consent_may_follow_a_withdrawn_one(cast, teacher):
    ConsentFactory(
        participant=teacher, given_on=TODAY - datetime.timedelta(days=9), withdrawn_on=TODAY
    )
    consent_give(participant=teacher, kind=ConsentKind.PROCESSING, data={"given_on": TODAY})
    assert Consent.objects.filter(participant=teacher).count() == 2
    assert teacher.can_join_pair()


def test_publication_consent_needs_at_least_one_category(cast, client_for, teacher):
    response = post_consent(client_for(cast.methodist), teacher, "publication")
    assert "хотя бы одну категорию" in response.text
    assert not Consent.objects.exists()


def test_duties_consent_is_for_mentors_only(cast, child):
    with pytest.raises(ValidationError, match="банк наставников"):
        consent_give(
            participant=child,
            kind=ConsentKind.DUTIES,
            data={
                "given_on": TODAY,
                "given_by": "representative",
                "representative_name": "Сидорова Елена Петровна",
                "representative_relation": "мать",
                "representative_document": "свидетельство о рождении",
            },
        )
    assert not Consent.objects.exists()


def test_consent_date_in_the_future_is_refused(cast, teacher):
    with pytest.raises(ValidationError, match="позже сегодняшней"):
        consent_give(
            participant=teacher,
            kind=ConsentKind.PROCESSING,
            data={"given_on": TODAY + datetime.timedelta(days=1)},
        )


def test_anonymised_participant_cannot_be_given_a_consent(cast, teacher):
    Participant.objects.filter(pk=teacher.pk).update(anonymized_at=timezone.now())
    teacher.refresh_from_db()
    with pytest.raises(ValidationError, match="обезличены"):
        consent_give(participant=teacher, kind=ConsentKind.PROCESSING, data={"given_on": TODAY})
    assert not Consent.objects.exists()


def test_text_of_another_organisation_is_refused(cast, teacher):
    foreign = consent_text_default(cast.other_school, ConsentKind.PROCESSING)
    with pytest.raises(ValidationError):
        consent_give(
            participant=teacher,
            kind=ConsentKind.PROCESSING,
            data={"given_on": TODAY, "text": foreign},
        )
    assert not Consent.objects.exists()


# --- Scans ---


def test_an_executable_named_pdf_is_refused_and_nothing_is_written(
    cast, client_for, teacher, settings
):
    scan = SimpleUploadedFile("scan.pdf", EXECUTABLE, content_type="application/pdf")

    response = post_consent(client_for(cast.methodist), teacher, "processing", scan=scan)

    assert response.status_code == 200
    assert "исполняемой программой" in response.text
    assert not Consent.objects.exists()
    assert stored_files(settings) == []


def test_an_oversize_scan_is_refused(cast, client_for, teacher, settings):
    big = MINIMAL_PDF + b"0" * (10 * 1024 * 1024)
    scan = SimpleUploadedFile("scan.pdf", big, content_type="application/pdf")

    response = post_consent(client_for(cast.methodist), teacher, "processing", scan=scan)

    assert "Файл больше 10,0" in response.text
    assert not Consent.objects.exists()
    assert stored_files(settings) == []


def test_a_pdf_scan_is_stored_under_a_random_name_and_served_to_staff_only(
    cast, client_for, teacher, settings
):
    scan = SimpleUploadedFile("../../etc/Скан согласия.pdf", MINIMAL_PDF)
    response = post_consent(client_for(cast.methodist), teacher, "processing", scan=scan)
    assert response.status_code == 302
    consent = Consent.objects.get()
    name = consent.scan.name
    assert name.startswith("consents/") and name.endswith(".pdf")
    assert ".." not in name and "Скан" not in name
    assert [p.name for p in stored_files(settings)] == [name.rsplit("/", 1)[1]]

    url = f"/consents/{consent.pk}/scan/"
    for role in ("director", "coordinator", "methodist"):
        served = client_for(cast.by_role(role)).get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == MINIMAL_PDF
        assert served["Content-Type"] == "application/pdf"
        assert served["Content-Disposition"].startswith("attachment;")
        assert served["X-Content-Type-Options"] == "nosniff"
    assert client_for(cast.mentor).get(url).status_code == 403
    assert client_for(cast.other_methodist).get(url).status_code == 404


def test_png_and_jpeg_scans_are_accepted(cast, teacher):
    png = SimpleUploadedFile("photo.jpg", image_bytes("PNG"))
    consent = consent_give(
        participant=teacher, kind=ConsentKind.PROCESSING, data={"given_on": TODAY}, scan=png
    )
    assert consent.scan.name.endswith(".png")  # the content decides, not the name
    jpeg = SimpleUploadedFile("scan", image_bytes("JPEG"))
    consent = consent_give(
        participant=teacher,
        kind=ConsentKind.PUBLICATION,
        data={"given_on": TODAY, "publish_name": True},
        scan=jpeg,
    )
    assert consent.scan.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "исполняемой программой"),
        (b"PK\x03\x04" + b"\x00" * 50, "архивом"),
        (b"<!DOCTYPE html><script>alert(1)</script>", "веб-страницей"),
        (b"#!/bin/sh\nrm -rf /\n", "сценарием"),
        (b"\x89PNG\r\n\x1a\n" + b"not really an image", "повреждено"),
        (b"GIF89a" + b"\x00" * 50, "Формат файла не распознан"),
        (b"", "пустой"),
    ],
)
def test_validate_upload_refuses_what_is_not_a_document(content, message):
    with pytest.raises(ValidationError, match=message):
        validate_upload(SimpleUploadedFile("scan.pdf", content))


def test_validate_upload_limits_kinds_and_names_files_safely():
    checked = validate_upload(SimpleUploadedFile("../x/../a.png", image_bytes("PNG")))
    assert checked.kind == "png"
    assert checked.content_type == "image/png"
    assert len(checked.filename) == 36 and checked.filename.endswith(".png")
    with pytest.raises(ValidationError, match="Файлы PDF здесь не принимаются"):
        validate_upload(SimpleUploadedFile("a.pdf", MINIMAL_PDF), allowed=("png",))
    with pytest.raises(ValidationError, match="Файл больше"):
        validate_upload(SimpleUploadedFile("a.pdf", MINIMAL_PDF), max_bytes=10)


# --- Texts ---


def test_a_new_text_version_increments_and_old_consents_keep_their_version(
    cast, client_for, teacher
):
    old = ConsentFactory(participant=teacher, given_on=TODAY - datetime.timedelta(days=30))
    assert old.text.version == 1
    client = client_for(cast.coordinator)
    form = client.get("/consent-texts/processing/new/")
    assert form.status_code == 200
    assert "организация и сопровождение реализации целевой модели наставничества" in form.text

    response = client.post(
        "/consent-texts/processing/new/",
        {
            "title": "Согласие на обработку персональных данных (ред. 2025)",
            "purpose": "организация и сопровождение реализации целевой модели наставничества",
            "data_list": "фамилия, имя, отчество",
            "actions": "сбор, хранение",
            "term": "до отзыва путём подачи письменного заявления оператору",
            "body": "",
        },
    )

    assert response.status_code == 302
    versions = list(
        ConsentText.objects.filter(organization=cast.school, kind="processing").values_list(
            "version", flat=True
        )
    )
    assert versions == [2, 1]
    new = ConsentText.objects.get(organization=cast.school, kind="processing", version=2)
    assert new.created_by == cast.coordinator
    old.refresh_from_db()
    assert old.text.version == 1
    Consent.objects.filter(pk=old.pk).update(withdrawn_on=TODAY)
    given = consent_give(participant=teacher, kind="processing", data={"given_on": TODAY})
    assert given.text == new
    page = client.get("/consent-texts/")
    assert "Действующая редакция 2" in page.text


def test_text_versions_are_numbered_per_organisation_and_kind(cast):
    data = {"title": "T", "purpose": "P", "data_list": "D", "actions": "A", "term": "T"}
    first = consent_text_create(organization=cast.school, kind="duties", data=data, by=None)
    second = consent_text_create(organization=cast.school, kind="duties", data=data, by=None)
    other = consent_text_create(organization=cast.other_school, kind="duties", data=data, by=None)
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert consent_text_default(cast.school, "duties") == second


def test_default_text_names_the_public_section_and_the_way_to_withdraw(cast):
    publication = consent_text_default(cast.school, ConsentKind.PUBLICATION)
    assert "/o/test-school/nastavnichestvo/" in publication.body
    processing = consent_text_default(cast.school, ConsentKind.PROCESSING)
    assert "путём подачи письменного заявления оператору" in processing.term
    assert "до достижения целей обработки" in processing.term


# --- The printable form ---


def pdf_text(pdf):
    if shutil.which("pdftotext") is None:  # pragma: no cover
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607 - a fixed system tool
        input=pdf,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("processing", "Согласие на обработку персональных данных"),
        ("publication", "разрешённых субъектом персональных данных для распространения"),
        ("duties", "дополнительных обязанностей наставника"),
    ],
)
def test_printable_form_is_prefilled(cast, client_for, teacher, kind, title):
    cast.school.name = "МБОУ «Средняя общеобразовательная школа № 1 города Энска»"
    cast.school.address = "123456, г. Энск, ул. Школьная, д. 1"
    cast.school.save()

    response = client_for(cast.director).get(f"/participants/{teacher.pk}/consents/{kind}/form.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "Кузнецова Ольга Викторовна" in text
    assert "Средняя общеобразовательная школа № 1 города Энска" in text
    assert "г. Энск, ул. Школьная, д. 1" in text
    assert title in text
    assert "редакция 1" in text
    if kind == "publication":
        assert "http://testserver/o/test-school/nastavnichestvo/" in text
        assert "не разрешаю" in text


def test_printable_form_of_a_child_has_the_representative_prefilled(cast, client_for, child):
    response = client_for(cast.methodist).get(
        f"/participants/{child.pk}/consents/processing/form.pdf"
    )
    text = pdf_text(response.content)
    assert "Законный представитель" in text
    assert "Сидорова Елена Петровна" in text
    assert "Сидорова Анна Игоревна" in text


def test_printable_form_of_another_organisations_participant_is_404(cast, client_for):
    stranger = ParticipantFactory(organization=cast.other_school)
    response = client_for(cast.methodist).get(
        f"/participants/{stranger.pk}/consents/processing/form.pdf"
    )
    assert response.status_code == 404


def test_unknown_kind_is_404(cast, client_for, teacher):
    client = client_for(cast.methodist)
    assert client.get(f"/participants/{teacher.pk}/consents/new/other/").status_code == 404
    assert client.get(f"/participants/{teacher.pk}/consents/x/form.pdf").status_code == 404


# --- Coverage ---


def test_consent_coverage_counts_valid_processing_consents(cast, teacher, teen, child):
    ConsentFactory(participant=teacher)
    ConsentFactory(participant=teen, given_on=TODAY - datetime.timedelta(days=5))
    Consent.objects.filter(participant=teen).update(withdrawn_on=TODAY)
    ConsentFactory(participant=child, kind="publication", publish_name=True)
    anonymised = ParticipantFactory(organization=cast.school, anonymized_at=timezone.now())
    ParticipantFactory(organization=cast.other_school)

    coverage = consent_coverage(cast.school)

    assert (coverage["total"], coverage["with_consent"], coverage["missing"]) == (3, 1, 2)
    assert coverage["share"] == pytest.approx(1 / 3)
    # The one rounding rule of indicators: down to a tenth of a per cent.
    assert coverage["percent"] == Decimal("33.3")
    missing = list(coverage["missing_queryset"])
    assert {p.pk for p in missing} == {teen.pk, child.pk}
    assert anonymised.pk not in {p.pk for p in missing}
    assert {p.pk: p.has_withdrawn_consent for p in missing} == {teen.pk: True, child.pk: False}


def test_consent_coverage_takes_one_query(cast, django_assert_num_queries):
    ParticipantFactory.create_batch(3, organization=cast.school)
    with django_assert_num_queries(1):
        coverage = consent_coverage(cast.school)
    assert coverage["total"] == 3


def test_empty_organisation_has_no_share(cast):
    assert consent_coverage(cast.school)["share"] is None


@pytest.mark.parametrize("role", ["director", "coordinator", "methodist"])
def test_staff_home_shows_coverage_and_who_lacks_consent(cast, client_for, teacher, child, role):
    ConsentFactory(participant=teacher)
    response = client_for(cast.by_role(role)).get("/")
    assert response.context["coverage"]["percent"] == 50
    assert "Согласия на обработку данных" in response.text
    assert "Сидорова Анна Игоревна" in response.text
    assert "Кузнецова Ольга Викторовна" not in response.text


def test_mentor_home_has_no_coverage(cast, client_for, child):
    response = client_for(cast.mentor).get("/")
    assert "coverage" not in response.context
    assert "Сидорова" not in response.text


def test_missing_list_filters_by_bank(cast, client_for, teacher, child):
    client = client_for(cast.methodist)
    everyone = client.get("/consents/missing/")
    assert "Кузнецова" in everyone.text and "Сидорова" in everyone.text
    mentors = client.get("/consents/missing/?bank=mentors")
    assert "Кузнецова" in mentors.text and "Сидорова" not in mentors.text
    mentees = client.get("/consents/missing/?bank=mentees")
    assert "Кузнецова" not in mentees.text and "Сидорова" in mentees.text
    assert f"/participants/{child.pk}/consents/new/processing/" in everyone.text
    director_page = client_for(cast.director).get("/consents/missing/")
    assert "/consents/new/processing/" not in director_page.text


def test_missing_list_runs_the_same_queries_for_5_and_50_people(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.methodist)
    url = "/consents/missing/"

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for person in ParticipantFactory.create_batch(n, organization=cast.school):
            if person.pk % 3 == 0:
                ConsentFactory(participant=person, withdrawn_on=TODAY)

    add(5)
    client.get(url)  # the first request of a session also writes the session row
    few = count_queries()
    add(45)
    assert count_queries() == few
    with django_assert_max_num_queries(10):
        client.get(url)


def test_participant_page_lists_consents_with_actions_for_managers(cast, client_for, teacher):
    consent_give(
        participant=teacher,
        kind=ConsentKind.PUBLICATION,
        data={"given_on": TODAY, "publish_photo": True},
        scan=SimpleUploadedFile("scan.pdf", MINIMAL_PDF),
    )
    url = f"/participants/{teacher.pk}/"
    page = client_for(cast.methodist).get(url)
    if page.status_code == 404:  # pragma: no cover - the page comes with views/banks.py
        pytest.skip("participant page not available yet")
    assert "фотография" in page.text
    assert "/scan/" in page.text
    assert "/withdraw/" in page.text
    assert "/consents/new/processing/" in page.text
    director_page = client_for(cast.director).get(url)
    assert "/withdraw/" not in director_page.text
    assert "/consents/processing/form.pdf" in director_page.text
