"""Demo data of the reports app: the public section of each demo
organisation (about, the coordinator's contacts, published regulation and
roadmap orders), the coordinator's conclusions, and a finished analytic
report of the school. Idempotent: a second run changes nothing."""

from django.core.files.base import ContentFile
from django.utils import timezone

from mentoring.models import Membership, Order, OrderKind, OrderStatus, Role

from .models import JobStatus, PublicSettings, ReportConclusion, ReportJob, ReportKind
from .periods import Period

ABOUT = (
    "В {name} реализуется целевая модель наставничества. Опытные педагоги помогают молодым "
    "специалистам войти в профессию, обучающиеся поддерживают друг друга в учёбе и проектах, "
    "представители партнёров знакомят с профессиями.\n\n"
    "Наставнические пары и группы работают по персонализированным программам; результаты "
    "оцениваются анкетированием в начале и в конце учебного года."
)
HOW_TO_JOIN = (
    "Заполните анкету «Стать наставником» или обратитесь к куратору программы: после "
    "собеседования вы войдёте в банк наставников."
)
CONCLUSIONS = (
    "Программа наставничества в отчётном периоде реализуется в соответствии с дорожной картой.\n\n"
    "Предлагается расширить охват обучающихся формой «ученик – ученик» и довести долю "
    "участников с согласием на обработку персональных данных до 100 %."
)


def seed(orgs):
    period = Period.current()
    for org in orgs.values():
        if org.is_department:
            continue
        coordinator = (
            Membership.objects.filter(organization=org, role=Role.COORDINATOR)
            .select_related("user")
            .first()
        )
        PublicSettings.objects.get_or_create(
            organization=org,
            defaults={
                "about": ABOUT.format(name=org.short_name),
                "how_to_join": HOW_TO_JOIN,
                "coordinator_name": coordinator.user.full_name if coordinator else "",
                "coordinator_position": coordinator.position if coordinator else "",
                "coordinator_phone": org.phone,
                "coordinator_email": coordinator.user.email if coordinator else "",
            },
        )
        # Publication is not part of an approved order's text (see
        # services.order_publish), hence update().
        Order.objects.filter(
            organization=org,
            status=OrderStatus.APPROVED,
            kind__in=[OrderKind.REGULATION, OrderKind.ROADMAP],
        ).update(is_public=True)
        ReportConclusion.objects.get_or_create(
            organization=org, period=period.code, defaults={"text": CONCLUSIONS}
        )
    school = orgs.get("sosh-11")
    if (
        school
        and not ReportJob.objects.filter(
            organization=school, kind=ReportKind.ANALYTIC, status=JobStatus.DONE
        ).exists()
    ):
        from .services import report_build

        built = report_build(organization=school, kind=ReportKind.ANALYTIC, fmt="pdf")
        job = ReportJob(
            organization=school,
            kind=ReportKind.ANALYTIC,
            format="pdf",
            period=period.code,
            status=JobStatus.DONE,
            progress=100,
            message="Готово.",
            filename=built.filename,
            attempts=1,
            started_at=timezone.now(),
            finished_at=timezone.now(),
            created_by=coordinator_of(school),
        )
        job.file.save(built.filename, ContentFile(built.content), save=False)
        job.save()
    seed_collection(orgs, period)


def seed_collection(orgs, period):
    """The department's request for this year's collection, due in two
    weeks, answered by the school and the children's centre (the college
    has not submitted yet). Dates are relative to today."""
    import datetime

    from .collections import collection_create, collection_submit
    from .models import CollectionRequest

    department = next((o for o in orgs.values() if o.is_department), None)
    if department is None or CollectionRequest.objects.filter(department=department).exists():
        return
    specialist = (
        Membership.objects.filter(organization=department, role=Role.SPECIALIST)
        .select_related("user")
        .first()
    )
    item = collection_create(
        department=department,
        period=period.code,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        note="Отчёт утверждается руководителем организации и представляется через систему.",
        by=specialist.user if specialist else None,
    )
    for slug in ("sosh-11", "ddt"):
        org = orgs.get(slug)
        director = (
            Membership.objects.filter(organization=org, role=Role.DIRECTOR)
            .select_related("user")
            .first()
        )
        if org and director:
            collection_submit(request=item, organization=org, by=director.user)


def coordinator_of(org):
    membership = (
        Membership.objects.filter(organization=org, role=Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None
