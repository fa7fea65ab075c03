import importlib
import importlib.util
import time

from django.core.management.base import BaseCommand, CommandError

from mentoring import demo
from mentoring.figures import figures_bump
from mentoring.models import Organization

DEMO_PARTICIPANTS = 60
# Modules with a ``seed(orgs)`` function, run in this order after the banks,
# mentorships and orders (and an optional ``seed_before_mentoring(orgs)``,
# run before the mentorships).
DEMO_MODULES = [
    "mentoring.demo_activities",  # training, events, news, practices, materials
    "roadmaps.demo",
    "surveys.demo",
    "documents.demo",  # Положение, agreements; before reports.demo publishes orders
    "reports.demo",
]


def _each_area(hook, orgs):
    """Call ``hook(orgs)`` of every installed area's demo module
    (DEMO_MODULES) that defines it, in their order."""
    for name in DEMO_MODULES:
        if importlib.util.find_spec(name):
            function = getattr(importlib.import_module(name), hook, None)
            if function is not None:
                function(orgs)


class Command(BaseCommand):
    help = "Создаёт демонстрационные данные (повторный запуск ничего не дублирует)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Ничего не загружать, если демо-данные уже есть; только напечатать логины.",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Добавить N участников в каждую демо-организацию (для нагрузочных тестов).",
        )

        parser.add_argument(
            "--department-scale",
            type=int,
            default=0,
            metavar="N",
            help="Создать департамент города (gorod-do) с N школами (для нагрузочных тестов; "
            "вход: city.specialist).",
        )
        parser.add_argument(
            "--department-participants",
            type=int,
            default=1000,
            metavar="M",
            help="Участников в каждой школе департамента города (по умолчанию 1000).",
        )

    def handle(
        self,
        *args,
        once=False,
        scale=0,
        department_scale=0,
        department_participants=1000,
        **options,
    ):
        if scale < 0 or department_scale < 0 or department_participants < 0:
            raise CommandError("--scale и --department-scale должны быть неотрицательными.")
        if department_scale:
            self.seed_department(department_scale, department_participants)
            return
        exists = Organization.objects.filter(slug=demo.DEPARTMENT["slug"]).exists()
        if once and exists and not scale:
            self.stdout.write("Демо-данные уже загружены.")
        else:
            started = time.monotonic()
            orgs, _logins = demo.seed_organizations_and_users()
            created = 0
            for org in orgs.values():
                if org.is_department:
                    continue
                created += demo.seed_participants(
                    org, DEMO_PARTICIPANTS, prefix=f"demo-{org.slug}", seed=org.slug
                )
            for org in orgs.values():
                if scale and not org.is_department:
                    created += demo.seed_participants(
                        org,
                        scale,
                        prefix=f"scale-{org.slug}",
                        seed=f"scale-{org.slug}",
                        with_history=False,
                    )
            demo.seed_after_participants(orgs)
            # Orders that come before the pairs' order in the register.
            _each_area("seed_before_mentoring", orgs)
            demo.seed_mentoring(orgs)
            demo.seed_head_pair(orgs)
            demo.seed_mentoring_programs(orgs)
            # Before the areas' data: the roadmaps take the quarterly
            # snapshots of coverage, which the headcounts are part of.
            demo.headcounts_cover_banks(orgs)
            # Each area adds its own demo data (see DEMO_MODULES).
            _each_area("seed", orgs)
            # Approved orders (and then each area's documents, with an
            # optional ``seed_after(orgs)``) move from the seed day to their story.
            demo.backdate_orders(orgs)
            _each_area("seed_after", orgs)
            # Bulk inserts send no signals: forget the cached figures.
            figures_bump(*orgs.values())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Демо-данные загружены за {time.monotonic() - started:.1f} с "
                    f"(новых участников: {created})."
                )
            )
        self.print_logins()

    def seed_department(self, organizations, participants):
        started = time.monotonic()
        department, children = demo.seed_department_scale(organizations, participants)
        # Each area adds its department-wide data (a municipal roadmap).
        for name in DEMO_MODULES:
            if importlib.util.find_spec(name):
                module = importlib.import_module(name)
                if hasattr(module, "seed_department_scale"):
                    module.seed_department_scale(department, children)
        figures_bump(department, *children)
        self.stdout.write(
            self.style.SUCCESS(
                f"Департамент «{department.short_name}»: организаций {len(children)}, "
                f"по {participants} участников; за {time.monotonic() - started:.1f} с. "
                f"Вход: {demo.CITY_SPECIALIST} / {demo.DEMO_PASSWORD}."
            )
        )

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
        self.stdout.write("Откройте http://127.0.0.1:8000/ и войдите под любым логином.")
