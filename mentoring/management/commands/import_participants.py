"""python manage.py import_participants PATH --org SLUG [--dry-run] [--json]"""

import json

from django.core.management.base import BaseCommand, CommandError

from mentoring.models import Organization
from mentoring.services.imports import participants_import


class Command(BaseCommand):
    help = (
        "Импорт участников организации из файла XLSX (шаблон — на странице «Импорт "
        "участников»). Всё или ничего: при ошибке ничего не сохраняется, код выхода 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="путь к файлу .xlsx")
        parser.add_argument("--org", required=True, help="адрес организации в ссылках (slug)")
        parser.add_argument(
            "--dry-run", action="store_true", help="только проверить, ничего не сохранять"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help='вывести {"created": N, "updated": N, "errors": [...]}',
        )

    def handle(self, *args, path, org, dry_run, as_json, **options):
        try:
            organization = Organization.objects.get(slug=org)
        except Organization.DoesNotExist:
            raise CommandError(f"Организация с адресом «{org}» не найдена.") from None
        result = participants_import(
            organization=organization, fileobj=path, by=None, dry_run=dry_run
        )
        # Columns not loaded and other notes are said, never dropped silently.
        for note in result.notes:
            self.stderr.write(f"Внимание: {note}")
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self._summary(result, organization)
        if not result.ok:
            raise CommandError(
                f"Импорт не выполнен: ошибок {len(result.errors)}, ничего не сохранено.",
                returncode=1,
            )

    def _summary(self, result, organization):
        if result.errors:
            for e in result.errors:
                where = f"строка {e['row']}" if e["row"] else "файл"
                field = f", {e['field']}" if e["field"] else ""
                self.stdout.write(f"{where}{field}: {e['message']}")
            return
        if result.dry_run:
            head = f"Проверка без сохранения, {organization.short_name}: будет создано"
        else:
            head = f"Импорт выполнен, {organization.short_name}: создано"
        self.stdout.write(
            self.style.SUCCESS(
                f"{head} {result.created}, обновлено {result.updated} "
                f"(без изменений: {result.unchanged}); строк в файле: {result.file_rows}."
            )
        )
