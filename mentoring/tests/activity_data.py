"""Builders shared by the tests of training, events, news, practices,
materials, the honour board and notifications. Everything goes through the
services, like the pages do."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.factories import ConsentFactory, ParticipantFactory, mentor_participant
from mentoring.models import EventKind, MaterialVisibility
from mentoring.services import activities as services

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name="practice.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def png(name="picture.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx(name="plan.docx"):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def mentor_card(cast):
    """The participant card of the cast's mentor (user ``mentor``)."""
    return mentor_participant(
        cast.school, user=cast.mentor, last_name="Наставников", first_name="Пётр"
    )


def practice(cast, *, by=None, status="submitted", files=(), **data):
    values = {
        "title": "Наставник на уроке",
        "authors": "Наставников П. И.",
        "description": "Как наставник посещает уроки молодого специалиста.",
        "results": "Молодой специалист провёл открытый урок.",
        **data,
    }
    item = services.practice_submit(
        organization=cast.school, data=values, by=by or cast.mentor, files=files
    )
    if status in ("approved", "published"):
        item = services.practice_approve(practice=item, by=cast.methodist)
    if status == "published":
        item = services.practice_publish(practice=item, by=cast.methodist)
    if status == "returned":
        item = services.practice_return(
            practice=item, comment="Добавьте результаты", by=cast.methodist
        )
    return item


def event(cast, kind=EventKind.SEMINAR, *, held_on=None, organization=None, **data):
    values = {
        "kind": kind,
        "title": f"Мероприятие ({kind})",
        "held_on": held_on or timezone.localdate(),
        "place": "Актовый зал",
        **data,
    }
    representatives = values.pop("representatives", ())
    participants = values.pop("participants", ())
    return services.event_save(
        organization=organization or cast.school,
        data=values,
        participants=participants,
        representatives=representatives,
        by=cast.methodist,
    )


def material(cast, visibility=MaterialVisibility.ORGANIZATION, *, organization=None, upload=None):
    organization = organization or cast.school
    category = organization.material_categories.first() or services.material_category_create(
        organization=organization, name="Положения и шаблоны", by=cast.methodist
    )
    return services.material_save(
        organization=organization,
        data={"category": category, "title": f"Материал ({visibility})", "visibility": visibility},
        upload=upload or pdf("material.pdf"),
        by=cast.methodist,
    )


def published_mentor(cast, *, fields=("name", "photo", "position", "achievements"), **extra):
    """A mentor with processing and publication consents in force."""
    mentor = mentor_participant(
        cast.school,
        position="Учитель физики",
        subjects="Физика, Астрономия",
        achievements="Победитель конкурса «Учитель года»",
        **extra,
    )
    ConsentFactory(
        participant=mentor,
        kind="publication",
        **{f"publish_{f}": True for f in fields},
    )
    return mentor


def student(cast, **fields):
    values = {
        "organization": cast.school,
        "target_group": "school_student",
        "birth_date": timezone.localdate() - datetime.timedelta(days=365 * 15),
        **fields,
    }
    return ParticipantFactory(**values)
