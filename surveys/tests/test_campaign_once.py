""" "Разослать" creates one campaign however often the form is posted; the
links of people without e-mail are shown once after a redirect; slips with
QR codes and an XLSX of the links; answer times in Moscow time."""

import datetime
import io
import re
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.tests.test_accounts import pdf_text
from surveys.models import Campaign, InvitationToken
from surveys.tests.helpers import deadline, person, send, survey_with


def post_campaign(client, survey, people, token):
    page = client.get(f"/surveys/{survey.pk}/send/")
    assert 'name="submit_token"' in page.text
    return client.post(
        f"/surveys/{survey.pk}/send/",
        {
            "submit_token": token,
            "title": "Рассылка",
            "deadline": deadline().isoformat(),
            "audience_kind": "participants",
            "participants": [p.pk for p in people],
            "role": "all",
        },
    )


def test_repeated_post_of_razoslat_creates_and_mails_once(
    cast, client_for, django_capture_on_commit_callbacks
):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    people = [person(cast.school, email="a@example.org"), person(cast.school)]
    client = client_for(cast.methodist)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_campaign(client, survey, people, "form-token-1")
        again = post_campaign(client, survey, people, "form-token-1")
    assert first.status_code == again.status_code == 302
    assert Campaign.objects.count() == 1
    assert len(mail.outbox) == 1
    campaign = Campaign.objects.get()
    assert first["Location"] == again["Location"] == campaign.get_absolute_url()
    # The link of the person without e-mail is shown once, after the redirect.
    page = client.get(campaign.get_absolute_url())
    assert len(re.findall(r"/surveys/a/[\w-]+/", page.text)) == 1
    assert "Копировать" in page.text
    assert not re.findall(r"/surveys/a/[\w-]+/", client.get(campaign.get_absolute_url()).text)


def test_new_link_asks_for_confirmation_and_redirects(cast, client_for):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    campaign, _tokens = send(survey, [person(cast.school, last_name="Орлов")])
    client = client_for(cast.methodist)
    page = client.get(campaign.get_absolute_url())
    assert 'data-confirm="Выпустить новую ссылку для Орлов' in page.text
    invitation = campaign.invitations.get()
    response = client.post(f"/surveys/invitations/{invitation.pk}/link/")
    assert response.status_code == 302
    shown = client.get(response["Location"])
    assert len(re.findall(r"/surveys/a/[\w-]+/", shown.text)) == 1
    assert "Прежние ссылки этого человека больше не действуют" in shown.text


def test_slips_of_a_class_carry_names_links_and_qr_codes(cast, client_for):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    a = person(cast.school, last_name="Аксёнова", class_group="7А")
    b = person(cast.school, last_name="Борисов", class_group="7Б")
    campaign, _tokens = send(survey, [a, b])
    before = InvitationToken.objects.filter(revoked_at__isnull=True).count()
    response = client_for(cast.methodist).post(
        f"/surveys/campaigns/{campaign.pk}/slips.pdf", {"class_group": "7А"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, None)
    assert "Аксёнова" in text and "7А" in text and "Борисов" not in text
    assert "/surveys/a/" in text
    # The earlier links keep working; one new link was issued.
    assert InvitationToken.objects.filter(revoked_at__isnull=True).count() == before + 1
    assert qr_ink(response.content) > 0.25  # the QR square is drawn left of the text


def qr_ink(pdf):
    """Share of dark pixels in the top-left 35 mm square of page 1 (where the
    first slip's QR code is)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from PIL import Image

    tool = shutil.which("pdftoppm")
    assert tool, "poppler-utils (pdftoppm) is required"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "slips.pdf")
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - a fixed local tool on our own file
            [tool, "-png", "-r", "72", "-singlefile", str(source), str(Path(folder, "page"))],
            check=True,
        )
        png = Path(folder, "page.png").read_bytes()
    image = Image.open(io.BytesIO(png)).convert("L")
    mm = 72 / 25.4
    box = image.crop((int(14 * mm), int(14 * mm), int(44 * mm), int(44 * mm)))
    pixels = list(box.getdata())
    return sum(1 for p in pixels if p < 128) / len(pixels)


def test_links_xlsx_lists_everyone_waiting(cast, client_for):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    people = [person(cast.school, last_name=n, class_group="5А") for n in ("Белов", "Зайцев")]
    campaign, _tokens = send(survey, people)
    response = client_for(cast.methodist).post(f"/surveys/campaigns/{campaign.pk}/links.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("ФИО", "Класс или группа")
    assert [r[0].split()[0] for r in rows[1:]] == ["Белов", "Зайцев"]
    assert all("/surveys/a/" in r[3] for r in rows[1:])


def test_results_xlsx_shows_answer_time_in_moscow(cast, client_for, link_answered):
    campaign, _response = link_answered
    export = client_for(cast.methodist).get(f"/surveys/campaigns/{campaign.pk}/results.xlsx")
    workbook = load_workbook(io.BytesIO(export.content))
    sheet = workbook.worksheets[0] if workbook.worksheets[0].max_row > 1 else workbook.worksheets[1]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    stamps = [v for v in values if isinstance(v, datetime.datetime)]
    assert stamps and stamps[0].hour == 15 and stamps[0].minute == 33


@pytest.fixture
def link_answered(cast):
    from surveys.models import Response

    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    campaign, _tokens = send(survey, [person(cast.school)])
    invitation = campaign.invitations.get()
    utc_moment = datetime.datetime(2026, 11, 30, 12, 33, tzinfo=datetime.UTC)
    response = Response.objects.create(
        campaign=campaign,
        version=campaign.version,
        invitation=invitation,
        status="submitted",
        submitted_at=utc_moment,
    )
    assert timezone.localtime(utc_moment, zoneinfo.ZoneInfo("Europe/Moscow")).hour == 15
    return campaign, response


def test_second_razoslat_of_the_same_survey_to_the_same_people_asks_first(
    cast, client_for, django_capture_on_commit_callbacks
):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    people = [person(cast.school, email="a@example.org"), person(cast.school, email="b@x.org")]
    client = client_for(cast.methodist)
    with django_capture_on_commit_callbacks(execute=True):
        post_campaign(client, survey, people, "form-token-1")
        # The form opened again (a new token): nothing sent, a question asked.
        again = post_campaign(client, survey, people, "form-token-2")
    first = Campaign.objects.get()
    sent_at = timezone.localtime(first.created_at)
    assert again.status_code == 200
    assert f"Анкета уже разослана в {sent_at:%H:%M}. Разослать ещё раз?" in again.text
    assert 'name="confirm_repeat" value="1"' in again.text
    assert Campaign.objects.count() == 1 and len(mail.outbox) == 2


def test_confirmed_repeat_sends_once_more_and_its_refresh_sends_nothing(
    cast, client_for, django_capture_on_commit_callbacks
):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    people = [person(cast.school, email="a@example.org")]
    client = client_for(cast.methodist)
    with django_capture_on_commit_callbacks(execute=True):
        post_campaign(client, survey, people, "form-token-1")
        data = {
            "submit_token": "form-token-2",
            "confirm_repeat": "1",
            "title": "Рассылка",
            "deadline": deadline().isoformat(),
            "audience_kind": "participants",
            "participants": [p.pk for p in people],
            "role": "all",
        }
        confirmed = client.post(f"/surveys/{survey.pk}/send/", data)
        refreshed = client.post(f"/surveys/{survey.pk}/send/", data)
    assert confirmed.status_code == refreshed.status_code == 302
    assert Campaign.objects.count() == 2
    assert len(mail.outbox) == 2


def test_other_audience_is_sent_without_asking(
    cast, client_for, django_capture_on_commit_callbacks
):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    client = client_for(cast.methodist)
    with django_capture_on_commit_callbacks(execute=True):
        post_campaign(client, survey, [person(cast.school, email="a@x.org")], "t-1")
        other = post_campaign(client, survey, [person(cast.school, email="b@x.org")], "t-2")
    assert other.status_code == 302
    assert Campaign.objects.count() == 2 and len(mail.outbox) == 2


def test_repeated_reminder_asks_first_and_confirmed_one_mails_again(
    cast, client_for, django_capture_on_commit_callbacks
):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    campaign, _tokens = send(survey, [person(cast.school, email="a@example.org")])
    mail.outbox.clear()
    client = client_for(cast.methodist)
    url = f"/surveys/campaigns/{campaign.pk}/remind/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        again = client.post(url)
    assert len(mail.outbox) == 1
    sent_at = timezone.localtime(campaign.invitations.get().reminded_at)
    assert again.status_code == 200
    assert f"Напоминания уже отправлены в {sent_at:%H:%M}. Отправить ещё раз?" in again.text
    assert campaign.invitations.get().reminders_sent == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm_repeat": "1"}).status_code == 302
    assert len(mail.outbox) == 2
    assert campaign.invitations.get().reminders_sent == 2
