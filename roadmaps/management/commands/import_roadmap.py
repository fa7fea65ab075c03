import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mentoring.models import Organization
from roadmaps.importing import RoadmapImportError, parse_roadmap
from roadmaps.services import (
    RemovesReportedError,
    command_json,
    parsed_counts,
    period_from_title,
    roadmap_import,
    roadmap_update_removals,
    same_file_roadmaps,
    same_title_roadmaps,
)


class Command(BaseCommand):
    help = (
        "Импортирует дорожную карту из DOCX или XLSX в организацию. Всё или ничего; "
        "с --dry-run только разбирает файл."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="путь к файлу .docx или .xlsx")
        parser.add_argument("--org", required=True, metavar="SLUG", help="адрес организации")
        parser.add_argument("--dry-run", action="store_true", help="ничего не записывать")
        parser.add_argument("--json", action="store_true", help="напечатать разобранную таблицу")
        parser.add_argument(
            "--period",
            metavar="ГОД-ГОД",
            help="период, если его нет в названии: например 2025-2026",
        )
        parser.add_argument(
            "--replace",
            type=int,
            metavar="ID",
            help="обновить черновик дорожной карты с этим номером (загруженный из этого файла "
            "или с тем же названием и периодом); номер дорожной карты не меняется",
        )
        parser.add_argument(
            "--remove-reported",
            action="store_true",
            help="при обновлении удалить и мероприятия, которых нет в новой версии файла, "
            "но по которым уже есть отчёты или назначены ответственные (без флага "
            "обновление в этом случае не выполняется)",
        )

    def handle(
        self,
        *args,
        path,
        org,
        dry_run=False,
        json=False,
        period=None,
        replace=None,
        remove_reported=False,
        **options,
    ):
        try:
            organization = Organization.objects.get(slug=org)
        except Organization.DoesNotExist:
            raise CommandError(f"Организация «{org}» не найдена.") from None
        try:
            parsed = parse_roadmap(path, path)
        except RoadmapImportError as error:
            raise CommandError(error.message) from None
        # Whatever the parser skipped or chose is said, never dropped silently.
        for note in parsed.get("notes", []):
            self.stderr.write(f"Внимание: {note}")
        for stamp in parsed.get("stamps", []):
            self.stderr.write("Гриф (не вошёл в название): " + stamp.replace("\n", " / "))
        if json:
            self.stdout.write(_dumps(command_json(parsed)))
        if dry_run:
            if not json:
                counts = parsed_counts(parsed)
                self.stdout.write(
                    f"Проверка: этапов {counts['stages']}, мероприятий {counts['activities']}. "
                    "Ничего не записано."
                )
            return
        years = _period(period) if period else period_from_title(parsed["title"])
        if years is None:
            raise CommandError("В названии нет периода: укажите --period, например 2025-2026.")
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        same = list(same_file_roadmaps(organization, digest).values_list("pk", flat=True))
        target = None
        if replace is not None:
            allowed = {r.pk: r for r in same_file_roadmaps(organization, digest)}
            if not same:
                allowed.update(
                    (r.pk, r) for r in same_title_roadmaps(organization, parsed["title"], years)
                )
            if replace not in allowed:
                raise CommandError(
                    f"Дорожная карта № {replace} не загружена из этого файла и не называется "
                    "так же на тот же период: обновить её нельзя."
                )
            target = allowed[replace]
        elif same:
            numbers = ", ".join(str(pk) for pk in same)
            raise CommandError(
                f"Этот файл уже загружен (дорожная карта № {numbers}). Чтобы обновить её, "
                f"добавьте --replace {same[0]}; иначе ничего не делайте."
            )
        removals = roadmap_update_removals(roadmap=target, parsed=parsed) if target else []
        try:
            roadmap = roadmap_import(
                organization=organization,
                parsed=parsed,
                period_start=years[0],
                period_end=years[1],
                source_name=str(path).rsplit("/", 1)[-1],
                source_sha256=digest,
                replace=target,
                remove_reported=remove_reported,
            )
        except RemovesReportedError as error:
            for removal in error.removals:
                self.stderr.write(f"Удалилось бы с отчётами: {_removal_line(removal)}")
            raise CommandError(
                "Обновление не выполнено, ничего не изменено. "
                + " ".join(error.messages)
                + " Чтобы удалить их вместе с отчётами, добавьте --remove-reported."
            ) from None
        except ValidationError as error:
            raise CommandError("Импорт не выполнен: " + " ".join(error.messages)) from None
        if not json:
            counts = parsed_counts(parsed)
            verb = "Обновлена" if target is not None else "Импортировано:"
            self.stdout.write(
                f"{verb} дорожная карта № {roadmap.pk}, этапов {counts['stages']}, "
                f"мероприятий {counts['activities']}."
            )
            if removals:
                self.stdout.write(f"Удалено строк, которых нет в новой версии: {len(removals)}.")
            for removal in removals:
                self.stdout.write(f"Удалено: {_removal_line(removal)}")


def _removal_line(removal):
    activity = removal.activity
    parts = [f"{activity.number} {' '.join(activity.title.split())[:80]}".strip()]
    if removal.reported:
        parts.append(f"отчётов: {removal.reported}")
    if removal.people:
        parts.append("ответственные: " + ", ".join(removal.people))
    return "; ".join(parts)


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)


def _period(text):
    try:
        start, end = (int(x) for x in text.replace("–", "-").split("-"))
    except ValueError:
        raise CommandError("Период пишется так: 2025-2026.") from None
    return start, end
