"""Issue 13 point 7: personal links are secrets in logs and in time.

- django.request writes "Not Found: <path>" and "Gone: <path>" for unknown
  and replaced links: the token must not reach the log (the configured
  handler's filter masks it, as it does reset tokens);
- a link that expired stays dead when its campaign is extended: people get
  a new link instead."""

import logging
import re

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.logging import RedactPersonalDataFilter
from surveys import services
from surveys.models import InvitationToken

from .helpers import person, send, survey_with

pytestmark = pytest.mark.django_db


def configured_handler():
    """The handler settings.LOGGING attaches the redacting filter to."""
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, RedactPersonalDataFilter) for f in handler.filters):
            return handler
    raise AssertionError("no handler with RedactPersonalDataFilter in settings.LOGGING")


@pytest.fixture
def link(cast, django_capture_on_commit_callbacks):
    survey, (q,) = survey_with(cast.school, [{"kind": "scale", "text": "Комфорт"}])
    who = person(cast.school, email="petrova@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        campaign, _tokens = send(survey, [who])
    token = re.search(r"/surveys/a/([^/\s]+)/", mail.outbox[-1].body).group(1)
    return campaign, token, q


def test_link_tokens_never_reach_the_request_log(link, client, caplog):
    campaign, token, _q = link
    invitation = campaign.invitations.get()
    services.invitation_issue_link(invitation=invitation, revoke=True)
    unknown = "Zz" + token[2:]
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/surveys/a/{token}/").status_code == 410  # "Gone: …"
        assert client.get(f"/surveys/a/{unknown}/").status_code == 404  # "Not Found: …"
        client.get("/accounts/reset/MQ/abc-123-secret/")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert {r.getMessage().split(":")[0] for r in records} >= {"Gone", "Not Found"}
    handler = configured_handler()
    for record in records:
        handler.filter(record)
        text = handler.format(record)
        assert token not in text and unknown not in text and "abc-123-secret" not in text
        assert "/surveys/a/…/" in text or "/accounts/reset/…/" in text


def test_expired_link_stays_dead_when_the_campaign_is_extended(
    link, cast, client, client_for, django_capture_on_commit_callbacks
):
    campaign, token, _q = link
    campaign.deadline = timezone.localdate() - timezone.timedelta(days=1)
    campaign.save()
    assert client.get(f"/surveys/a/{token}/").status_code == 410
    sent_before = len(mail.outbox)

    new_deadline = timezone.localdate() + timezone.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        reply = client_for(cast.methodist).post(
            f"/surveys/campaigns/{campaign.pk}/extend/",
            {"deadline": new_deadline.isoformat()},
            follow=True,
        )
    assert "Прежние ссылки истекли" in reply.text

    old = client.get(f"/surveys/a/{token}/")
    assert old.status_code == 410
    assert "Ссылка заменена новой" in old.text
    assert len(mail.outbox) == sent_before + 1
    fresh = re.search(r"/surveys/a/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert fresh != token
    page = client.get(f"/surveys/a/{fresh}/")
    assert page.status_code == 200 and "Комфорт" in page.text
    assert InvitationToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_extending_an_open_campaign_keeps_its_links(link, cast, client, client_for):
    campaign, token, _q = link
    client_for(cast.methodist).post(
        f"/surveys/campaigns/{campaign.pk}/extend/",
        {"deadline": (campaign.deadline + timezone.timedelta(days=7)).isoformat()},
    )
    assert client.get(f"/surveys/a/{token}/").status_code == 200
    assert not InvitationToken.objects.filter(revoked_at__isnull=False).exists()


def _handlers_on_the_way(name):
    """Every handler a record of logger ``name`` reaches (up the hierarchy
    while loggers propagate)."""
    logger = logging.getLogger(name)
    while logger:
        yield from logger.handlers
        if not logger.propagate:
            break
        logger = logger.parent


def test_no_handler_writes_a_link_token_unmasked_even_in_debug(settings):
    """Django's own console handler (DEFAULT_LOGGING, active when DEBUG) sat
    on the "django" logger without the redacting filter and printed
    "Not Found: /surveys/a/<token>/" to the development console."""
    settings.DEBUG = True
    secret = "SeCrEtToKeN0123456789abcdef"
    written = []
    for handler in _handlers_on_the_way("django.request"):
        if type(handler).__module__.startswith("_pytest"):
            continue  # pytest's caplog, not a handler of the product
        record = logging.LogRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "Not Found: %s",
            (f"/surveys/a/{secret}/",),
            None,
        )
        if handler.filter(record) and record.levelno >= handler.level:
            written.append(handler.format(record))
    assert written
    assert all(secret not in text for text in written), written
