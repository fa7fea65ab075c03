"""The register of consents (filters, XLSX) and batch forms for a class."""

import datetime
import io
import subprocess

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import ConsentKind, TargetGroup
from mentoring.services.consents import consent_give, consent_withdraw

TODAY = timezone.localdate()


def people(cast):
    with_scan = ParticipantFactory(organization=cast.school, last_name="Сканова")
    consent_give(
        participant=with_scan,
        kind=ConsentKind.PROCESSING,
        data={"given_on": TODAY - datetime.timedelta(days=10)},
        scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    gone = ParticipantFactory(organization=cast.school, last_name="Отозванов")
    consent = consent_give(
        participant=gone,
        kind=ConsentKind.PROCESSING,
        data={"given_on": TODAY - datetime.timedelta(days=10)},
    )
    consent_withdraw(consent=consent, on_date=TODAY)
    return with_scan, gone


def test_register_filters_and_exports_xlsx(cast, client_for):
    people(cast)
    client = client_for(cast.director)
    page = client.get("/consents/register/?scan=yes")
    assert "Сканова" in page.text and "Отозванов" not in page.text
    page = client.get("/consents/register/?state=withdrawn")
    assert "Отозванов" in page.text and "Сканова" not in page.text

    response = client.get("/consents/register.xlsx?kind=processing")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Участник" and rows[0][7] == "Скан"
    by_name = {row[0].split()[0]: row for row in rows[1:]}
    assert by_name["Сканова"][7] == "да"
    assert by_name["Отозванов"][7] == "нет"
    assert by_name["Отозванов"][9] is not None  # withdrawn on
    assert by_name["Сканова"][8] is not None  # expires (5 years)


def test_register_query_count_does_not_grow(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.methodist)
    for _ in range(3):
        consent_give(
            participant=ParticipantFactory(organization=cast.school),
            kind=ConsentKind.PROCESSING,
            data={"given_on": TODAY},
        )
    with django_assert_max_num_queries(12):
        assert client.get("/consents/register/").status_code == 200
    for _ in range(20):
        consent_give(
            participant=ParticipantFactory(organization=cast.school),
            kind=ConsentKind.PROCESSING,
            data={"given_on": TODAY},
        )
    with django_assert_max_num_queries(12):
        assert client.get("/consents/register/").status_code == 200


def test_batch_forms_for_a_class_are_one_pdf(cast, client_for):
    for name in ("Алексеев", "Борисова"):
        ParticipantFactory(
            organization=cast.school,
            last_name=name,
            class_group="5А",
            target_group=TargetGroup.SCHOOL_STUDENT,
            birth_date=TODAY.replace(year=TODAY.year - 11),
            representative_name="Родитель Тест",
        )
    ParticipantFactory(organization=cast.school, last_name="Чужаков", class_group="6Б")
    response = client_for(cast.methodist).get("/consents/forms.pdf?class_group=5А&kind=processing")
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Алексеев" in text and "Борисова" in text and "Чужаков" not in text
    assert text.count("\f") >= 2


def test_batch_without_a_class_is_a_clear_message(cast, client_for):
    response = client_for(cast.methodist).get("/consents/forms.pdf?class_group=9Я")
    assert response.status_code == 400
    assert "нет участников" in response.text


def pdf_text(data):
    return subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_form_variants_fit_the_person(cast, client_for):
    cast.school.inn, cast.school.ogrn = "6601000000", "1026600000000"
    cast.school.save(update_fields=["inn", "ogrn"])
    client = client_for(cast.methodist)
    teen = ParticipantFactory(
        organization=cast.school,
        target_group=TargetGroup.SCHOOL_STUDENT,
        birth_date=TODAY.replace(year=TODAY.year - 15),
    )
    text = pdf_text(client.get(f"/participants/{teen.pk}/consents/processing/form.pdf").content)
    flat = " ".join(text.split())
    assert "несовершеннолетний от 14 до 18 лет" in flat
    assert "фамилия и инициалы несовершеннолетнего" in flat
    assert "фамилия и инициалы законного представителя" in flat
    assert "ИНН: 6601000000, ОГРН: 1026600000000" in flat
    assert "ознакомлен" not in flat

    partner = ParticipantFactory(
        organization=cast.school,
        target_group=TargetGroup.EMPLOYER,
        is_mentor=True,
        mentor_status="approved",
    )
    text = pdf_text(client.get(f"/participants/{partner.pk}/consents/duties/form.pdf").content)
    flat = " ".join(text.split())
    assert "не являющийся работником организации" in flat
    assert "гражданско-правовому договору" in flat


def test_a_public_applicant_gets_the_applicant_variant(cast):
    from mentoring.views.consents import consent_variant
    from surveys.models import MentorApplication

    person = ParticipantFactory(organization=cast.school, target_group=TargetGroup.TEACHER)
    assert consent_variant(person)[0] == "staff"
    MentorApplication.objects.create(
        organization=cast.school, participant=person, motivation="Хочу помогать"
    )
    assert consent_variant(person)[0] == "applicant"
