"""Access table of the personal data pages (see test_access_sweep.py): the
director, coordinator and methodist read them; another organisation's act
or participant is 404."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import DestructionAct
from mentoring.tests.access_table import Entry, staff_only


def _act(cast):
    now = timezone.now()
    act = DestructionAct(
        organization=cast.school,
        number=1,
        subject_name="Тестова Анна",
        subject_ref=999,
        reason=DestructionAct.Reason.WITHDRAWN,
        reason_date=now.date() - datetime.timedelta(days=30),
        destroyed_at=now,
        destroyed_by="Директорова",
        keep_until=DestructionAct.keep_until_for(now.date()),
        sha256="0" * 64,
    )
    act.pdf.save("act.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    act.save()
    cast.act = act


def _person(cast):
    cast.person = ParticipantFactory(organization=cast.school)


def _class(cast):
    cast.person = ParticipantFactory(organization=cast.school, class_group="5А")


ACCESS = {
    "mentoring:consent_register": Entry(
        lambda c: "/consents/register/", staff_only(200) | {"other_methodist": 200}
    ),
    "mentoring:consent_register_xlsx": Entry(
        lambda c: "/consents/register.xlsx", staff_only(200) | {"other_methodist": 200}
    ),
    "mentoring:consent_forms_batch": Entry(
        lambda c: "/consents/forms.pdf?class_group=5А&kind=processing",
        staff_only(200) | {"other_methodist": 400},
        setup=_class,
    ),
    "mentoring:privacy_overview": Entry(
        lambda c: "/privacy/", staff_only(200) | {"other_methodist": 200}
    ),
    "mentoring:destruction_act_pdf": Entry(
        lambda c: f"/privacy/acts/{c.act.pk}/act.pdf", staff_only(200), setup=_act
    ),
    "mentoring:participant_personal_data": Entry(
        lambda c: f"/participants/{c.person.pk}/personal-data/", staff_only(200), setup=_person
    ),
}
