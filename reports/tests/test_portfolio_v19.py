"""The portfolio PDF's signature block (issue 19 review)."""

import time

from django.utils import timezone

from mentoring.models import Award
from reports.tests.helpers import pdf_text
from reports.tests.test_portfolio import world  # noqa: F401 - the fixture


def _signature_pages(pdf):
    """The page numbers (from 1) of the two signature lines."""
    pages = pdf_text(pdf).split("\f")
    found = {}
    for number, text in enumerate(pages, start=1):
        for label in ("Куратор (методист)", "Руководитель организации"):
            if label in " ".join(text.split()):
                found.setdefault(label, number)
    return found


def test_the_signature_lines_are_never_split_across_two_pages(cast, world, client_for):  # noqa: F811
    # Each award adds a line to the last section and moves the signature
    # block down, so some count puts the page break inside it.
    client = client_for(cast.methodist)
    url = f"/portfolio/{world['mentor'].pk}/portfolio.pdf"
    today = timezone.localdate()
    started = time.monotonic()
    for count in range(60):
        pages = _signature_pages(client.get(url).content)
        assert len(set(pages.values())) == 1 and len(pages) == 2, (count, pages)
        Award.objects.create(
            participant=world["mentor"], title=f"Грамота {count}", awarded_on=today
        )
    print(f"60 portfolio PDFs: {time.monotonic() - started:.1f} s")
