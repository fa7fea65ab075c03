"""Issue 13 point 6: the per-address limit of "Стать наставником" holds
under parallel posts.

Eight posts from one address at once: at most RATE_LIMIT_PER_HOUR are
accepted (on PostgreSQL exactly that many: the count and the insert happen
under a lock), every other one gets a Russian message, none an HTTP 500 (on
SQLite a post that waits too long for the write lock gets the "server busy"
answer, 503)."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from mentoring.models import Participant
from surveys.models import MentorApplication
from surveys.services import RATE_LIMIT_MESSAGE, RATE_LIMIT_PER_HOUR
from surveys.tests.test_banks_and_apply import APPLY
from surveys.views_public import BUSY_MESSAGE

PARALLEL = 8
SERVER_BUSY = "Сервер занят"  # templates/503.html (mentoring.middleware.DatabaseBusyMiddleware)


def _burst(url, consent_text_pk):
    results, barrier = [], threading.Barrier(PARALLEL)

    def post(n):
        client = Client(REMOTE_ADDR="203.0.113.7", raise_request_exception=False)
        data = {**APPLY, "last_name": f"Соколова{n}", "consent_text": consent_text_pk}
        barrier.wait()
        try:
            response = client.post(url, data)
            results.append((response.status_code, response.content.decode()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_parallel_applications_from_one_address_keep_the_limit_and_never_fail(cast):
    url = f"/o/{cast.school.slug}/nastavnichestvo/stat-nastavnikom/"
    consent_text = Client().get(url).context["consent_text"].pk
    results = _burst(url, consent_text)

    assert len(results) == PARALLEL
    assert all(status in (200, 302, 503) for status, _ in results), [s for s, _ in results]
    accepted = [r for r in results if r[0] == 302]
    refused = [body for status, body in results if status != 302]
    for body in refused:
        assert any(m in body for m in (RATE_LIMIT_MESSAGE, BUSY_MESSAGE, SERVER_BUSY)), re.sub(
            r"\s+", " ", body
        )[:500]
    assert MentorApplication.objects.count() == len(accepted)
    assert Participant.objects.filter(last_name__startswith="Соколова").count() == len(accepted)
    assert 1 <= len(accepted) <= RATE_LIMIT_PER_HOUR
    if connection.vendor == "postgresql":
        # Rows are locked, nothing times out: exactly the limit gets through.
        assert len(accepted) == RATE_LIMIT_PER_HOUR
        assert all(RATE_LIMIT_MESSAGE in body for body in refused)


def test_a_locked_database_answers_503_in_russian_not_500(rf):
    from django.db import OperationalError

    from mentoring.middleware import DatabaseBusyMiddleware

    middleware = DatabaseBusyMiddleware(lambda request: None)
    request = rf.post("/o/test-school/nastavnichestvo/stat-nastavnikom/")
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert SERVER_BUSY in response.content.decode()
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None
