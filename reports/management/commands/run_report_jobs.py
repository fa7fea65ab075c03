import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from reports.jobs import jobs_run_pending


class Command(BaseCommand):
    help = (
        "Формирует отчёты из очереди (и те, чей сервер перестал отвечать). Безопасно запускать "
        "на нескольких серверах сразу: каждый отчёт берёт один."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Не завершаться: проверять очередь каждые --sleep секунд",
        )
        parser.add_argument("--sleep", type=float, default=5.0)
        parser.add_argument("--limit", type=int, default=None, help="Не больше N отчётов за проход")

    def handle(self, *args, loop=False, sleep=5.0, limit=None, **options):
        while True:
            jobs = jobs_run_pending(limit=limit)
            for job in jobs:
                self.stdout.write(
                    f"{job.pk}: {job.get_kind_display()} — {job.get_status_display()}"
                )
            if not loop:
                if not jobs:
                    self.stdout.write("Очередь пуста.")
                return
            time.sleep(sleep)
            # A long-running loop: drop connections the database has closed.
            close_old_connections()
