"""Background work on Django's tasks framework (mentoring.background): the
tasks wrap the services, the database backend keeps tasks until a worker
runs them, and several workers run each task exactly once (PostgreSQL)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from mentoring.background import task
from mentoring.models import Participant
from mentoring.tasks import participants_import_task, purge_withdrawn_task, send_reminders_task

from .test_import import student, teacher, write_xlsx


@task()
def record_run(*, number, path):
    """Test task: append "number pid" to the file at ``path``."""
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{number} {os.getpid()}\n")
    time.sleep(0.02)
    return number


def test_import_task_imports_the_stored_file_and_deletes_it(cast, tmp_path):
    source = write_xlsx(tmp_path / "in.xlsx", [teacher(external_id="T-1"), student()])
    path = default_storage.save("imports/in.xlsx", ContentFile(source.read_bytes()))
    result = participants_import_task.enqueue(
        organization_id=cast.school.pk, path=path, by_id=cast.methodist.pk
    )
    assert result.status == "SUCCESSFUL"
    assert result.return_value["created"] == 2
    assert result.return_value["errors"] == []
    assert Participant.objects.filter(organization=cast.school).count() == 2
    assert not default_storage.exists(path)


def test_import_task_with_errors_writes_nothing(cast, tmp_path):
    source = write_xlsx(tmp_path / "bad.xlsx", [teacher(birth_date="31.02.1985")])
    path = default_storage.save("imports/bad.xlsx", ContentFile(source.read_bytes()))
    result = participants_import_task.enqueue(
        organization_id=cast.school.pk, path=path, by_id=cast.methodist.pk
    )
    assert result.return_value["created"] == 0
    assert result.return_value["errors"]
    assert not Participant.objects.filter(organization=cast.school).exists()


def test_purge_and_reminder_tasks_return_what_the_services_did(cast):
    assert purge_withdrawn_task.enqueue(today="2026-11-30").return_value == []
    counts = send_reminders_task.enqueue(today="2026-11-30", dry_run=True).return_value
    assert set(counts) == {"emails", "notices", "users", "already_sent", "skipped_off", "failed"}


@pytest.mark.django_db(transaction=True)
def test_enqueue_command_leaves_the_task_to_the_worker(cast, settings):
    # transaction=True: the worker closes its database connections between
    # tasks, which a test wrapped in one transaction cannot survive (PostgreSQL).
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("enqueue_task", "purge_withdrawn", "--date", "2026-11-30")
    row = DBTaskResult.objects.get()
    assert row.status == "READY"
    assert row.task_path == "mentoring.tasks.purge_withdrawn_task"
    call_command("db_worker", "--batch", "--no-startup-delay")
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_each_task_exactly_once(settings, tmp_path):
    """Two worker processes on one PostgreSQL database: every task runs once
    (SELECT … FOR UPDATE SKIP LOCKED), both workers take a share."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED: PostgreSQL only")
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log = tmp_path / "runs.txt"
    count = 60
    for number in range(count):
        record_run.enqueue(number=number, path=str(log))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    workers = [
        subprocess.Popen(  # noqa: S603 - fixed argv, our own manage.py
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--worker-id",
                f"w{n}",
            ],
            cwd=Path(django_settings.BASE_DIR),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    lines = log.read_text(encoding="utf-8").split()
    numbers = sorted(int(n) for n in lines[0::2])
    assert numbers == list(range(count))
    assert len(set(lines[1::2])) == 2, "both workers took tasks"
    rows = DBTaskResult.objects.all()
    assert {r.status for r in rows} == {"SUCCESSFUL"}
    assert {r.worker_ids[0] for r in rows} == {"w0", "w1"}
