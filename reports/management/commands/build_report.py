import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mentoring.models import Organization
from reports.models import ReportKind
from reports.services import ReportError, report_build


class Command(BaseCommand):
    help = (
        "Формирует отчёт и записывает файл: аналитический отчёт (PDF, XLSX), реестр участников, "
        "банки наставников и наставляемых, реестр потенциальных наставников, мониторинг."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="Вид отчёта: " + ", ".join(ReportKind.values))
        parser.add_argument("--org", required=True, metavar="SLUG", help="Адрес организации")
        parser.add_argument("--format", dest="fmt", default="xlsx", choices=["pdf", "xlsx"])
        parser.add_argument("--out", required=True, metavar="PATH", help="Куда записать файл")
        parser.add_argument(
            "--period",
            default="",
            metavar="YYYY-YYYY",
            help="Учебный год (для мониторинга также квартал: 2026-Q1); по умолчанию текущий",
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="Отбор реестра: target_group, form, status, role, mentor_status, consent, pair",
        )

    def handle(self, *args, kind, org, fmt, out, period, filter, **options):
        if kind not in ReportKind.values:
            raise CommandError(f"Неизвестный вид отчёта «{kind}»: {', '.join(ReportKind.values)}.")
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"Организация «{org}» не найдена.")
        filters = {}
        for item in filter:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"Отбор указывается как KEY=VALUE: «{item}».")
            filters[key.strip()] = value.strip()
        started = time.monotonic()
        try:
            built = report_build(
                organization=organization,
                kind=kind,
                fmt=fmt,
                period=period,
                params={"filters": filters},
            )
        except ReportError as error:
            raise CommandError(" ".join(error.messages)) from None
        path = Path(out)
        if path.is_dir():
            path = path / built.filename
        path.write_bytes(built.content)
        self.stdout.write(
            self.style.SUCCESS(
                f"{path} ({len(built.content):,} байт) за {time.monotonic() - started:.1f} с"
            )
        )
