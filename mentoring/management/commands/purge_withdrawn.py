"""Anonymise the people whose consent to processing was withdrawn 30 days ago.

Run daily from cron: ``python manage.py purge_withdrawn``. Irreversible;
safe to repeat (a second run finds nobody).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from mentoring.models import PURGE_AFTER_DAYS, Organization, Participant
from mentoring.services.consents import participants_purge_withdrawn


class Command(BaseCommand):
    help = (
        f"Обезличивает персональные данные участников через {PURGE_AFTER_DAYS} дней после "
        "отзыва согласия на обработку (необратимо; повторный запуск ничего не меняет)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только показать, сколько участников будет обезличено, ничего не меняя.",
        )
        parser.add_argument(
            "--today",
            metavar="ГГГГ-ММ-ДД",
            help="Считать сегодняшней эту дату (для проверки; по умолчанию — текущая дата).",
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError("Дата --today должна быть в формате ГГГГ-ММ-ДД.") from None
        else:
            from django.utils import timezone

            today = timezone.localdate()
        ids = participants_purge_withdrawn(today=today, dry_run=dry_run)
        per_org = (
            Participant.objects.filter(pk__in=ids)
            .values("organization_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {row["organization_id"]: row["n"] for row in per_org}
        if dry_run:
            self._summary(counts, "Будет обезличено")
            self.stdout.write("Пробный запуск: ничего не изменено.")
        elif ids:
            self._summary(counts, "Обезличено")
            self.stdout.write(self.style.SUCCESS("Готово. Записи о каждом — в журнале действий."))
        else:
            self.stdout.write("Участников для обезличивания нет.")

    def _summary(self, counts, verb):
        total = sum(counts.values())
        self.stdout.write(f"{verb} участников: {total}.")
        names = dict(Organization.objects.filter(pk__in=counts).values_list("pk", "short_name"))
        for org_id, n in sorted(counts.items(), key=lambda item: names.get(item[0], "")):
            self.stdout.write(f"  {names.get(org_id, org_id)}: {n}")
