from django.core.management.base import BaseCommand

from mentoring import demo
from mentoring.models import Organization


class Command(BaseCommand):
    help = "Создаёт демонстрационные данные (повторный запуск ничего не дублирует)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Ничего не загружать, если демо-данные уже есть; только напечатать логины.",
        )

    def handle(self, *args, once=False, **options):
        exists = Organization.objects.filter(slug=demo.DEPARTMENT["slug"]).exists()
        if once and exists:
            self.stdout.write("Демо-данные уже загружены.")
        else:
            demo.seed_organizations_and_users()
            self.stdout.write(self.style.SUCCESS("Демо-данные загружены."))
        self.print_logins()

    def print_logins(self):
        names = dict(Organization.objects.values_list("slug", "short_name"))
        self.stdout.write("")
        self.stdout.write(f"Демо-пользователи (пароль у всех: {demo.DEMO_PASSWORD}):")
        width = max(len(u) for u, _r, _s in demo.demo_logins())
        for username, role, slug in demo.demo_logins():
            self.stdout.write(f"  {username:<{width}}  {role} — {names.get(slug, slug)}")
        self.stdout.write(
            "  (school.methodist работает и в МБУ ДО «ДДТ»: организация переключается в шапке)"
        )
