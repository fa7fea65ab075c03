"""Where the reports app keeps personal data: declared in mentoring's
registry (see mentoring/personal_data.py), called from ReportsConfig.ready."""

from mentoring.personal_data import register


def _report_files(participant):
    # Generated reports (registers, banks) list people by name. They are
    # copies made on demand: the organisation's are deleted when a person is
    # destroyed and are built again when asked for. A job running right now
    # is left to its worker (deleting its row under it would fail the run);
    # its file goes with the organisation's next destruction. Known gap.
    from .models import JobStatus, ReportJob

    return ReportJob.objects.filter(organization=participant.organization_id).exclude(
        status=JobStatus.RUNNING
    )


def register_reports():
    register(
        "reports.ReportJob",
        category="Сформированные файлы отчётов и реестров организации",
        rows=_report_files,
        files=("file",),
    )
    register(
        "reports.ReportConclusion", category="Выводы аналитической справки", mentions=("text",)
    )
    register(
        "reports.PublicSettings",
        category="Публичный раздел: контакты куратора",
        mentions=("about", "coordinator_name", "coordinator_email", "how_to_join"),
    )

    # The collection: the submitted analytic report (a frozen PDF of
    # aggregates; its conclusions may name people) and who submitted it.
    # It is the organisation's report to its department, an archival
    # document like an approved order: kept, not destroyed with a person.
    register(
        "reports.CollectionSubmission",
        category="Аналитические отчёты, представленные в департамент",
        mentions=(),
    )
    register(
        "reports.CollectionRequest",
        category="Запросы департамента для аналитического сборника",
        mentions=("note",),
        organization="department",
    )
