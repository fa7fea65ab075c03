"""Issue 14 in Chromium: the participant card of a person with several
consents and pairs fits a 390×844 phone; the mentor attaches a photo to a
plan item on the phone; the methodist records consents for everyone a bank
filter matches, across pages, after seeing their number.
Screenshots: ``i14-*.png``."""

from django.utils import timezone

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from e2e.test_phone import OFF_SCREEN
from mentoring.factories import (
    ConsentFactory,
    ParticipantFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.models import Consent, ConsentKind, TargetGroup
from mentoring.views.banks import PER_PAGE

WIDTH = 390


def fits(page, step):
    width = page.evaluate("document.documentElement.scrollWidth")
    print(f"{step}: document {width} px at {WIDTH}")
    assert width <= WIDTH, (step, width)
    assert page.evaluate(OFF_SCREEN) == [], step


def busy_mentor(cast):
    """A mentor with three consents (one withdrawn with a note, one for
    publication with its conditions) and three pairs."""
    mentor = mentor_participant(
        cast.school,
        last_name="Константинопольская-Преображенская",
        first_name="Александра",
        patronymic="Владимировна",
        capacity=4,
        email="aleksandra.konstantinopolskaya-preobrazhenskaya@school-example.ru",
    )
    for n, name in enumerate(("Жукова", "Жуков", "Белоусова")):
        mentee = mentee_participant(
            cast.school, last_name=name, first_name="Анна" if n != 1 else "Андрей"
        )
        make_pair(cast.school, mentor=mentor, mentee=mentee, by=cast.methodist, agreed=n == 0)
    ConsentFactory(
        participant=mentor,
        kind=ConsentKind.PUBLICATION,
        publish_name=True,
        publish_photo=True,
        publish_position=True,
        publish_subjects=True,
        publish_achievements=True,
        publication_conditions="Только на сайте школы и в отчётах муниципалитета",
    )
    Consent.objects.filter(participant=mentor, kind=ConsentKind.DUTIES).update(
        withdrawn_on=timezone.localdate(),
        withdrawal_note="Отозвано по заявлению наставника от сегодняшнего числа",
    )
    return mentor


def test_participant_card_with_consents_and_pairs_fits_a_phone(phone_page, cast):
    mentor = busy_mentor(cast)
    login(phone_page, "methodist", PASSWORD)
    phone_page.goto(phone_page.base_url + f"/participants/{mentor.pk}/")
    text = phone_page.locator("main").inner_text()
    assert "Согласие на публикацию" in text or "публикацию" in text
    assert text.count("Жуков") >= 2
    fits(phone_page, "participant card")
    # Each consent is a card with its labelled fields and its action on screen.
    consent = phone_page.locator("#consents tbody tr").first
    assert consent.bounding_box()["width"] <= WIDTH
    screenshot(phone_page, "i14-participant-card-390")


def test_mentor_attaches_a_photo_to_a_plan_item_on_a_phone(phone_page, page, cast, tmp_path):
    from PIL import Image

    mentor = mentor_participant(cast.school, user=cast.mentor)
    pair = make_pair(cast.school, mentor=mentor, by=cast.methodist, agreed=True)
    item = pair.program.items.order_by("position").first()
    photo = tmp_path / "photo.png"
    Image.new("RGB", (40, 30), "navy").save(photo)

    login(phone_page, "mentor", PASSWORD)
    phone_page.goto(phone_page.base_url + f"/mentorships/{pair.pk}/program/")
    fits(phone_page, "plan before upload")
    row = phone_page.locator(f"#item-{item.pk}")
    row.locator("input[type=file]").set_input_files(str(photo))
    row.get_by_role("button", name="Загрузить файл").click()
    phone_page.wait_for_load_state()
    assert "Подтверждение загружено" in phone_page.locator(".messages").inner_text()
    row = phone_page.locator(f"#item-{item.pk}")
    link = row.get_by_role("link", name="Файл-подтверждение")
    assert link.is_visible()
    row.scroll_into_view_if_needed()
    fits(phone_page, "plan after upload")
    screenshot(phone_page, "i14-plan-evidence-390")
    item.refresh_from_db()
    assert item.evidence.name.endswith(".png")

    # The methodist sees the same link and controls in the desktop table.
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "methodist", PASSWORD)
    page.goto(page.base_url + f"/mentorships/{pair.pk}/program/")
    row = page.locator(f"#item-{item.pk}")
    assert row.get_by_role("link", name="Файл-подтверждение").is_visible()
    assert row.get_by_role("button", name="Заменить файл").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    print(f"plan at 1366: document {width} px")
    assert width <= 1366
    screenshot(page, "i14-plan-evidence-1366")


def test_methodist_records_consents_for_everyone_the_filter_matches(page, cast):
    from mentoring.services.consents import consent_text_default

    consent_text_default(cast.school, ConsentKind.PROCESSING)
    matching = PER_PAGE + 7
    for _ in range(matching):
        ParticipantFactory(organization=cast.school, target_group=TargetGroup.YOUNG_SPECIALIST)
    teachers = [ParticipantFactory(organization=cast.school) for _ in range(3)]
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "methodist", PASSWORD)
    page.goto(page.base_url + "/bank/mentees/?target_group=young_specialist")
    page.locator("#bulk-action").select_option("consents")
    page.locator("#bulk-given_on").fill(timezone.localdate().isoformat())
    page.locator("#bulk-text").select_option(index=1)
    page.get_by_label(f"Выбрать все {matching} по текущему фильтру").check()
    # The page's own rows are ticked too, as a sign of what is chosen.
    assert page.locator("input[name=selected]:checked").count() == PER_PAGE
    screenshot(page, "i14-bank-all-by-filter")
    page.get_by_role("button", name="Выполнить").click()
    page.wait_for_load_state()
    assert page.locator("#bulk-count").inner_text() == str(matching)
    assert not Consent.objects.exists()
    screenshot(page, "i14-bank-bulk-confirm")
    page.get_by_role("button", name=f"Выполнить для всех {matching}").click()
    page.wait_for_load_state()
    assert f"Согласий внесено: {matching}." in page.locator(".messages").inner_text()
    assert Consent.objects.count() == matching
    assert not Consent.objects.filter(participant__in=teachers).exists()
