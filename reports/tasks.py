"""Background tasks of the reports app (run by ``python manage.py
db_worker``; see mentoring.background)."""

from mentoring.background import task


@task(queue_name="default")
def build_report_task(*, job_id):
    """Build the ReportJob ``job_id`` (reports.jobs.job_run): progress and
    the file or the failure message land on the job row the page polls.
    Returns the job's final status ("done"/"failed"), or None when the job
    was already taken (a task delivered twice builds once)."""
    from .jobs import job_run

    job = job_run(job_id)
    return job.status if job is not None else None
