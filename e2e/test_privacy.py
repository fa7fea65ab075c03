"""The director sees withdrawals, overdue destructions and the acts; staff
open what is held about a person. Screenshots at 1366 px and 390 px."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.factories import mentor_participant
from mentoring.models import ConsentKind
from mentoring.services.consents import consent_give, consent_withdraw
from mentoring.services.privacy import personal_data_purge

TODAY = timezone.localdate()


def _people(cast):
    gone = mentor_participant(cast.school, last_name="Белоусова", consents=())
    late = mentor_participant(cast.school, last_name="Поздняков", consents=())
    fresh = mentor_participant(
        cast.school, last_name="Свежева", email="svezheva@example.org", consents=()
    )
    for person in (gone, late, fresh):
        consent_give(
            participant=person,
            kind=ConsentKind.PROCESSING,
            data={"given_on": TODAY - datetime.timedelta(days=90)},
            scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
    consent_withdraw(consent=gone.consents.get(), on_date=TODAY - datetime.timedelta(days=45))
    personal_data_purge(today=TODAY)  # destroys «Белоусова», writes the act
    consent_withdraw(consent=late.consents.get(), on_date=TODAY - datetime.timedelta(days=40))
    consent_withdraw(consent=fresh.consents.get(), on_date=TODAY - datetime.timedelta(days=3))
    return fresh


def test_privacy_pages_at_desktop_and_phone(page, phone_page, cast):
    fresh = _people(cast)
    for p, suffix, width in ((page, "1366", 1366), (phone_page, "390", 390)):
        p.set_viewport_size({"width": width, "height": 900})
        login(p, "director", PASSWORD)
        assert "Просрочено уничтожение данных: 1" in p.locator("main").inner_text()
        screenshot(p, f"privacy-home-{suffix}")
        p.goto(p.base_url + "/privacy/")
        text = p.locator("main").inner_text()
        assert "Поздняков" in text and "Свежева" in text
        assert "Белоусова" in text  # the act names her
        screenshot(p, f"privacy-overview-{suffix}")
        assert p.evaluate("document.documentElement.scrollWidth") <= width
        p.goto(p.base_url + f"/participants/{fresh.pk}/personal-data/")
        assert "svezheva@example.org" in p.locator("main").inner_text()
        screenshot(p, f"privacy-personal-data-{suffix}")
        assert p.evaluate("document.documentElement.scrollWidth") <= width
        p.goto(p.base_url + "/consents/register/")
        assert "Свежева" in p.locator("main").inner_text()
        screenshot(p, f"consent-register-{suffix}")
        assert p.evaluate("document.documentElement.scrollWidth") <= width
