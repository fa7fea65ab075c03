import datetime

from django.core.management.base import BaseCommand, CommandError

from roadmaps.indicators import quarter_month, snapshot_indicators


class Command(BaseCommand):
    help = (
        "Сохраняет квартальный срез целевых показателей (март, июнь, сентябрь, декабрь). "
        "Повторный запуск в том же квартале обновляет срез, не дублируя его."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", metavar="ДД.ММ.ГГГГ", help="дата расчёта (по умолчанию — сегодня)"
        )

    def handle(self, *args, date=None, **options):
        on_date = None
        if date:
            try:
                on_date = datetime.datetime.strptime(date, "%d.%m.%Y").date()
            except ValueError:
                raise CommandError("Дата пишется так: 31.03.2026.") from None
        created, updated = snapshot_indicators(on_date)
        month = quarter_month(on_date or datetime.date.today())
        self.stdout.write(f"Срез за {month:02d}: создано {created}, обновлено {updated}.")
