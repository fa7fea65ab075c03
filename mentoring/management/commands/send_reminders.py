"""Send the daily digest of notifications (e-mail and in-app).

Run from cron once or several times a day:
``python manage.py send_reminders``. Idempotent: what was delivered to a user
is never delivered again (see mentoring.services.notifications).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mentoring.services.notifications import notices_deliver


class Command(BaseCommand):
    help = (
        "Рассылает ежедневную сводку уведомлений: одно письмо каждому пользователю "
        "и уведомления в системе. Повторный запуск ничего не отправляет дважды."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только показать, сколько писем и уведомлений будет отправлено.",
        )
        parser.add_argument(
            "--date",
            metavar="ГГГГ-ММ-ДД",
            help="Считать сегодняшней эту дату (для проверки и досылки; "
            "по умолчанию — текущая дата).",
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("Дата --date должна быть в формате ГГГГ-ММ-ДД.") from None
        else:
            today = timezone.localdate()
        report = notices_deliver(today=today, dry_run=dry_run)
        verb = "Будет отправлено" if dry_run else "Отправлено"
        self.stdout.write(
            f"{verb} на {today:%d.%m.%Y}: писем — {report.emails}, уведомлений — "
            f"{report.notices}, получателей — {report.users}."
        )
        self.stdout.write(
            f"Уже отправлены раньше: {report.already_sent}; "
            f"отключены пользователями: {report.skipped_off}."
        )
        if report.failed:
            self.stderr.write(
                f"Не удалось отправить письма {len(report.failed)} пользователям: "
                "они получат их при следующем запуске."
            )
        if dry_run:
            self.stdout.write("Пробный запуск: ничего не отправлено и не записано.")
