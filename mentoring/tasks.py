"""Background tasks of the base app: large imports, destruction runs and
the e-mail batch. Each wraps the existing service in one small function so
the services stay the single place of their rules; arguments and return
values are JSON (ids, ISO dates, dicts), as the task framework requires.

Enqueue: ``participants_import_task.enqueue(organization_id=…, path=…,
by_id=…)``; run by ``python manage.py db_worker`` (see mentoring.background).
"""

import datetime

from django.core.files.storage import default_storage

from .background import task


@task(queue_name="default")
def participants_import_task(*, organization_id, path, by_id=None, dry_run=False, delete=True):
    """Import participants from an XLSX saved in the default storage at
    ``path`` (the importer's own entry function,
    ``mentoring.services.imports.participants_import``). Returns the
    result's ``as_dict()``. The stored file is deleted afterwards unless
    ``delete`` is False. Raises Organization.DoesNotExist for a wrong id."""
    from .models import Organization, User
    from .services.imports import participants_import

    organization = Organization.objects.get(pk=organization_id)
    by = User.objects.filter(pk=by_id).first() if by_id else None
    try:
        with default_storage.open(path, "rb") as fileobj:
            result = participants_import(
                organization=organization, fileobj=fileobj, by=by, dry_run=dry_run
            )
    finally:
        if delete:
            default_storage.delete(path)
    return result.as_dict()


@task(queue_name="default")
def purge_withdrawn_task(*, today=None, dry_run=False):
    """The destruction run (``services.privacy.personal_data_purge``,
    152-ФЗ ст. 21 ч. 4 and 5) as a task; ``today`` an ISO date or None.
    Returns the ids of the acts of destruction written (with ``dry_run``,
    the ids of the people due). Safe on several workers at once (row locks)."""
    from .services.privacy import personal_data_purge

    day = datetime.date.fromisoformat(today) if today else None
    result = personal_data_purge(today=day, dry_run=dry_run)
    return list(result) if dry_run else [act.pk for act in result]


@task(queue_name="default")
def send_reminders_task(*, today=None, dry_run=False):
    """The daily digest e-mail batch (``notices_deliver``) as a task;
    ``today`` an ISO date or None. Returns the counts of the DeliveryReport
    as a dict (emails, notices, users, already_sent, skipped_off, failed)."""
    from django.utils import timezone

    from .services.notifications import notices_deliver

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    report = notices_deliver(today=day, dry_run=dry_run)
    return {
        "emails": report.emails,
        "notices": report.notices,
        "users": report.users,
        "already_sent": report.already_sent,
        "skipped_off": report.skipped_off,
        "failed": list(report.failed),
    }
