"""Reports built in the background.

A job is a ReportJob row: queued → running (progress 0–100, a heartbeat)
→ done (the file) or failed (a message). Nothing is kept in the process:
the page polls the row, any server serves the file. The work itself runs on
Django's tasks framework (reports.tasks.build_report_task, run by
``python manage.py db_worker`` on any machine): the task row is written in
the same transaction as the job, so a job is never lost between the two.
``_claim`` takes the job with SELECT … FOR UPDATE SKIP LOCKED, so a task
delivered twice still builds the report once.
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import JobStatus, ReportJob

logger = logging.getLogger(__name__)
# A running job whose heartbeat is older than this is taken to be dead.
STALE_AFTER = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 3


def job_create(*, organization, kind, fmt, period="", params=None, by=None):
    from .services import check_request, parse_period

    check_request(organization=organization, kind=kind, fmt=fmt)
    parse_period(kind, period)
    job = ReportJob(
        organization=organization,
        kind=kind,
        format=fmt,
        period=period or "",
        params=params or {},
        created_by=by,
    )
    job.full_clean(exclude=["file"])
    job.save()
    return job


def job_submit(**kwargs):
    """Create a job (job_create's arguments) and enqueue its task in one
    transaction. Returns the job; raises what job_create raises."""
    with transaction.atomic():
        job = job_create(**kwargs)
        job_start(job)
    return job


def job_start(job):
    """Enqueue the job's build task in the current transaction (it commits
    with the job row, or neither exists). Returns the task result."""
    from .tasks import build_report_task

    return build_report_task.enqueue(job_id=job.pk)


def _claim(job_id=None):
    """Take a queued job (or a stale running one): the id of the job now
    running under this process, or None."""
    stale = timezone.now() - STALE_AFTER
    with transaction.atomic():
        queryset = ReportJob.objects.select_for_update(skip_locked=True).filter(
            Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale)
        )
        if job_id is not None:
            queryset = queryset.filter(pk=job_id)
        job = queryset.order_by("created_at", "pk").first()
        while job is not None and job.attempts >= MAX_ATTEMPTS:
            # Died on every server that tried it: give up on this one.
            job.status = JobStatus.FAILED
            job.message = "Отчёт не удалось сформировать за несколько попыток."
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at"])
            job = queryset.order_by("created_at", "pk").first()
        if job is None:
            return None
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.progress = 0
        job.started_at = job.heartbeat_at = now
        job.message = "Формируется…"
        job.save(
            update_fields=[
                "status",
                "attempts",
                "progress",
                "started_at",
                "heartbeat_at",
                "message",
            ]
        )
        return job.pk


def _set_progress(job_id, value):
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        progress=max(0, min(99, int(value))), heartbeat_at=timezone.now()
    )


def job_run(job_id=None):
    """Claim and build one job (the given one, or the oldest waiting).
    Returns the job, or None when there was nothing to do."""
    from .services import report_build

    claimed = _claim(job_id)
    if claimed is None:
        return None
    job = ReportJob.objects.select_related("organization", "created_by").get(pk=claimed)
    try:
        built = report_build(
            organization=job.organization,
            kind=job.kind,
            fmt=job.format,
            period=job.period,
            params=job.params,
            by=job.created_by,
            progress=lambda value: _set_progress(job.pk, value),
        )
    except Exception as error:  # a failed report must not take the worker down
        logger.exception("report job %s failed", job.pk)
        message = "; ".join(getattr(error, "messages", [])) or "Внутренняя ошибка при формировании."
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, message=message[:500], finished_at=timezone.now()
        )
    else:
        job.file.save(built.filename, ContentFile(built.content), save=False)
        job.filename = built.filename
        job.status = JobStatus.DONE
        job.progress = 100
        job.message = "Готово."
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "filename", "status", "progress", "message", "finished_at"])
    job.refresh_from_db()
    return job
