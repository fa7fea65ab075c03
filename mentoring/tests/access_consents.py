"""Access table of the consent pages (see test_access_sweep.py).

Reading: the organisation's director, coordinator and methodist. Writing:
the coordinator and methodist. Another organisation's participant or
consent is 404; pages of the current organisation only (the lists, the
texts) answer the other methodist with their own organisation's data.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.factories import ConsentFactory, ParticipantFactory
from mentoring.tests.access_table import Entry, everyone, staff_only

WRITERS = ["coordinator", "methodist"]


def managers_only(code=200, *, other_methodist=404):
    expected = everyone(403)
    expected.update(dict.fromkeys(WRITERS, code))
    expected["other_methodist"] = other_methodist
    return expected


def _participant(cast):
    cast.participant = ParticipantFactory(organization=cast.school, is_mentor=True)


def _consent(cast):
    _participant(cast)
    cast.consent = ConsentFactory(participant=cast.participant)
    cast.consent.scan.save("x.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n"))


ACCESS = {
    "mentoring:consent_missing": Entry(
        lambda c: "/consents/missing/", {**staff_only(200), "other_methodist": 200}
    ),
    "mentoring:consent_create": Entry(
        lambda c: f"/participants/{c.participant.pk}/consents/new/processing/",
        managers_only(200),
        setup=_participant,
    ),
    "mentoring:consent_form_pdf": Entry(
        lambda c: f"/participants/{c.participant.pk}/consents/duties/form.pdf",
        staff_only(200),
        setup=_participant,
    ),
    "mentoring:consent_withdraw": Entry(
        lambda c: f"/consents/{c.consent.pk}/withdraw/",
        managers_only(302),
        method="post",
        data=lambda c: {"on_date": timezone.localdate().isoformat(), "note": ""},
        setup=_consent,
    ),
    "mentoring:consent_scan": Entry(
        lambda c: f"/consents/{c.consent.pk}/scan/", staff_only(200), setup=_consent
    ),
    "mentoring:consent_texts": Entry(
        lambda c: "/consent-texts/", {**staff_only(200), "other_methodist": 200}
    ),
    "mentoring:consent_text_create": Entry(
        lambda c: "/consent-texts/publication/new/", managers_only(200, other_methodist=200)
    ),
}
