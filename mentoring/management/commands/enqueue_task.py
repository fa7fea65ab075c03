"""python manage.py enqueue_task {purge_withdrawn,send_reminders} [--date ГГГГ-ММ-ДД] [--dry-run]

Puts a destruction run or the e-mail batch on the task queue for a worker
(``python manage.py db_worker``) instead of running it in cron's process."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from mentoring.tasks import purge_withdrawn_task, send_reminders_task

TASKS = {"purge_withdrawn": purge_withdrawn_task, "send_reminders": send_reminders_task}


class Command(BaseCommand):
    help = (
        "Ставит в очередь фоновую задачу: обезличивание после отзыва согласия "
        "(purge_withdrawn) или рассылку сводки уведомлений (send_reminders). "
        "Выполнит её процесс db_worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(TASKS))
        parser.add_argument("--date", metavar="ГГГГ-ММ-ДД", help="Считать сегодняшней эту дату.")
        parser.add_argument("--dry-run", action="store_true", help="Только посчитать.")

    def handle(self, *args, name, date=None, dry_run=False, **options):
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("Дата --date должна быть в формате ГГГГ-ММ-ДД.") from None
        result = TASKS[name].enqueue(today=date, dry_run=dry_run)
        self.stdout.write(f"Задача {name} поставлена в очередь: {result.id}")
