"""Two purge runs at once on PostgreSQL destroy each person once and write
one act (row locks with SKIP LOCKED; one act per subject in the database)."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from mentoring.factories import mentor_participant
from mentoring.models import ConsentKind, DestructionAct, Participant
from mentoring.services.consents import consent_withdraw
from mentoring.services.privacy import personal_data_purge

TODAY = timezone.localdate()


@pytest.mark.django_db(transaction=True)
def test_two_parallel_runs_destroy_each_person_once(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    people = [
        mentor_participant(cast.school, last_name=f"Параллельная{i}", consents=("processing",))
        for i in range(4)
    ]
    for p in people:
        consent_withdraw(
            consent=p.consents.get(kind=ConsentKind.PROCESSING),
            on_date=TODAY - datetime.timedelta(days=1),
        )
    day = TODAY + datetime.timedelta(days=40)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(personal_data_purge(today=day))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    assert errors == []
    assert sum(len(r) for r in results) == 4
    assert DestructionAct.objects.count() == 4
    assert sorted(DestructionAct.objects.values_list("subject_ref", flat=True)) == sorted(
        p.pk for p in people
    )
    assert not Participant.objects.filter(pk__in=[p.pk for p in people]).exists()
    numbers = sorted(DestructionAct.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]
