"""Where the reports app keeps personal data: declared in mentoring's
registry (see mentoring/personal_data.py), called from ReportsConfig.ready."""

from mentoring.personal_data import register


def _report_files(participant):
    # Generated reports (registers, banks) list people by name. They are
    # copies made on demand: all of the organisation's are deleted when a
    # person is destroyed and are built again when asked for.
    from .models import ReportJob

    return ReportJob.objects.filter(organization=participant.organization_id)


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
