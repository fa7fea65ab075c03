"""Destroy the personal data that is due: 30 days after a withdrawal of the
processing consent, or the organisation's retention after the purpose is
reached. Writes an act of destruction per person (Приказ РКН № 179).

Run daily from cron: ``python manage.py purge_withdrawn``. Irreversible;
safe to repeat and to run on several servers at once; catches up on missed
nights. The work is one function, ``services.privacy.personal_data_purge``.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mentoring.models import PURGE_AFTER_DAYS
from mentoring.services.privacy import PurgeIncomplete, personal_data_purge


class Command(BaseCommand):
    help = (
        f"Уничтожает персональные данные через {PURGE_AFTER_DAYS} дней после отзыва согласия "
        "на обработку и по истечении срока хранения после достижения цели; составляет акт "
        "об уничтожении (необратимо; повторный запуск ничего не меняет)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только показать, сколько участников будет уничтожено, ничего не меняя.",
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
            today = timezone.localdate()
        if dry_run:
            ids = personal_data_purge(today=today, dry_run=True)
            self.stdout.write(f"Будет уничтожено участников: {len(ids)}.")
            self.stdout.write("Пробный запуск: ничего не изменено.")
            return
        failures = []
        try:
            acts = personal_data_purge(today=today)
        except PurgeIncomplete as incomplete:
            acts, failures = incomplete.acts, incomplete.failures
        if failures:
            self._report(acts)
            for pk, message in failures:
                self.stderr.write(f"  Участник № {pk}: не уничтожен — {message}")
            raise CommandError(
                f"Не удалось уничтожить данные участников: {len(failures)}. Исправьте причину "
                "и запустите команду снова: срок уничтожения идёт."
            )
        if not acts:
            self.stdout.write("Участников, данные которых пора уничтожить, нет.")
            return
        self._report(acts)
        self.stdout.write(self.style.SUCCESS("Готово. Акты — в разделе «Акты об уничтожении»."))

    def _report(self, acts):
        self.stdout.write(f"Уничтожено участников: {len(acts)}.")
        for act in acts:
            self.stdout.write(f"  {act.organization.short_name}: акт № {act.number}")
