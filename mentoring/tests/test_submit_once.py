"""The one-time submit token (mentoring.submit_once) beyond the walks: a form
sent back with errors can be corrected and sent with the same token; a
repeat while the first POST still runs creates nothing; old tokens are
forgotten after FormSubmission.KEEP_DAYS."""

from datetime import timedelta

from django.utils import timezone

from mentoring.models import FormSubmission, Participant
from mentoring.submit_once import IN_PROGRESS, REPEATED

DATA = {
    "last_name": "Юрьева",
    "first_name": "Алиса",
    "target_group": "teacher",
    "is_mentee": "on",
    "capacity": 1,
}


def test_a_form_with_errors_releases_its_token_for_the_corrected_form(cast, client_for):
    client = client_for(cast.methodist)
    bad = client.post("/participants/new/", {**DATA, "last_name": "", "submit_token": "t-1"})
    assert bad.status_code == 200
    assert not FormSubmission.objects.filter(token="t-1").exists()
    good = client.post("/participants/new/", {**DATA, "submit_token": "t-1"})
    assert good.status_code == 302
    assert Participant.objects.filter(last_name="Юрьева").count() == 1
    assert FormSubmission.objects.get(token="t-1").location == good["Location"]


def test_a_repeat_while_the_first_post_runs_creates_nothing(cast, client_for):
    FormSubmission.objects.create(token="t-2", path="/participants/new/")  # claimed, no answer yet
    response = client_for(cast.methodist).post(
        "/participants/new/", {**DATA, "submit_token": "t-2"}, follow=True
    )
    assert response.redirect_chain[0][0] == "/participants/new/"
    assert IN_PROGRESS in response.content.decode()
    assert not Participant.objects.filter(last_name="Юрьева").exists()


def test_the_repeat_message_is_russian_and_old_tokens_are_forgotten(cast, client_for):
    client = client_for(cast.methodist)
    first = client.post("/participants/new/", {**DATA, "submit_token": "t-3"})
    again = client.post("/participants/new/", {**DATA, "submit_token": "t-3"}, follow=True)
    assert again.redirect_chain[0][0] == first["Location"]
    assert REPEATED in again.content.decode()
    FormSubmission.objects.filter(token="t-3").update(
        created_at=timezone.now() - timedelta(days=FormSubmission.KEEP_DAYS + 1)
    )
    client.post("/participants/new/", {**DATA, "last_name": "Петрова", "submit_token": "t-4"})
    assert not FormSubmission.objects.filter(token="t-3").exists()
