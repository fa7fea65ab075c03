"""Demo data of the training, events, news, practices, library, honour
board and notifications (called by ``manage.py seed_demo``).

Idempotent: an organisation that already has training groups is skipped;
notifications are keyed by (user, key).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from .models import (
    EventKind,
    Headcount,
    MaterialVisibility,
    Membership,
    Notification,
    Participant,
    Role,
    SentNotice,
    TargetGroup,
    TrainingGroup,
)
from .services import activities as services
from .services.activities import academic_year_of, academic_year_period

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pdf(name):
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _staff(org):
    return {
        m.role: m.user for m in Membership.objects.filter(organization=org).select_related("user")
    }


def seed(orgs):
    for org in orgs.values():
        if org.is_department or TrainingGroup.objects.filter(organization=org).exists():
            continue
        with transaction.atomic():
            _seed_organization(org, orgs)
    _seed_notifications(orgs)


def _final_event_order(org, staff, event):
    """The order «О проведении итогового мероприятия» for the demo's final
    event: drafted by the methodist with the event's date, place, programme
    and commission, signed by the director two weeks before the event (not
    before the organisation's latest order, so the register stays in date
    order). Nothing when the organisation has no methodist or director."""
    from .models import Order, OrderKind, OrderStatus
    from .services import orders as os_

    methodist, director = staff.get(Role.METHODIST), staff.get(Role.DIRECTOR)
    if not (methodist and director):
        return None
    commission = [u.pk for u in (director, staff.get(Role.COORDINATOR), methodist) if u]
    order = os_.order_create(
        organization=org,
        kind=OrderKind.FINAL_EVENT,
        data={
            **os_.order_defaults("final_event"),
            "details": {
                "date": event.held_on.isoformat(),
                "place": event.place,
                "programme": [
                    "Открытие конференции, выступление директора",
                    "Представление лучших практик наставничества",
                    "Выступления наставников и наставляемых",
                    "Подведение итогов, награждение",
                ],
                "commission_ids": commission,
            },
        },
        by=methodist,
    )
    os_.order_submit(order=order, by=methodist)
    latest = (
        Order.objects.filter(organization=org, status=OrderStatus.APPROVED)
        .order_by("-signed_on")
        .values_list("signed_on", flat=True)
        .first()
    )
    signed_on = event.held_on - datetime.timedelta(days=14)
    if latest and latest > signed_on:
        signed_on = min(latest, event.held_on)
    return os_.order_approve(order=order, by=director, on_date=signed_on)


def _seed_organization(org, orgs):
    staff = _staff(org)
    methodist = staff.get(Role.METHODIST) or staff.get(Role.COORDINATOR)
    coordinator = staff.get(Role.COORDINATOR) or methodist
    today = timezone.localdate()
    year = academic_year_of(today)
    start, _end = academic_year_period(year)
    mentors = list(Participant.objects.of(org).active().mentors().order_by("external_id")[:8])
    people = list(Participant.objects.of(org).active().order_by("external_id")[:30])

    # Training: one group with three sessions (indicator met), one with one.
    for title, dates, members in (
        ("Школа наставника: базовый курс", [7, 35, 63], mentors[:5]),
        ("Наставники молодых специалистов", [21], mentors[4:8]),
    ):
        group = services.training_group_save(
            organization=org,
            data={
                "title": title,
                "starts_on": start + datetime.timedelta(days=5),
                "trainer": "Малинина Я. Н., куратор ЦМН",
            },
            members=members,
            by=methodist,
        )
        for n, offset in enumerate(dates, start=1):
            held_on = min(start + datetime.timedelta(days=offset), today)
            services.training_session_save(
                group=group,
                data={
                    "held_on": held_on,
                    "topic": [
                        "Роль и функции наставника",
                        "Персонализированная программа наставничества",
                        "Обратная связь и рефлексия",
                    ][(n - 1) % 3],
                    "trainer": group.trainer,
                    "hours": 2,
                },
                attendees=members[: max(1, len(members) - n + 1)],
                by=methodist,
            )
    services.consultation_record(
        organization=org,
        data={
            "held_on": min(start + datetime.timedelta(days=40), today),
            "topic": "Как составить план встреч с наставляемым",
            "consultant": "Методист",
        },
        participants=mentors[:3],
        by=methodist,
    )
    if mentors:
        services.external_course_add(
            participant=mentors[0],
            data={
                "programme": "Организация наставничества в образовательной организации",
                "hours": 36,
                "provider": "Институт развития образования (демо)",
                "starts_on": start - datetime.timedelta(days=60),
                "ends_on": start - datetime.timedelta(days=50),
                "document_number": "772400012345",
            },
            certificate=_pdf("udostoverenie.pdf"),
            by=methodist,
        )

    # Events: a setup session, a class hour, a regional contest, the final event.
    students = org.kind != org.Kind.CENTRE
    if students:
        Headcount.objects.get_or_create(
            organization=org,
            academic_year=year,
            target_group=TargetGroup.SCHOOL_STUDENT
            if org.kind == org.Kind.SCHOOL
            else TargetGroup.COLLEGE_STUDENT,
            defaults={"count": 320},
        )
    when = lambda days: min(start + datetime.timedelta(days=days), today)  # noqa: E731
    setup = services.event_save(
        organization=org,
        data={
            "kind": EventKind.SETUP_SESSION,
            "title": "Установочная сессия для наставников и наставляемых",
            "held_on": when(10),
            "place": "Актовый зал",
            "participants_note": "наставники и наставляемые, 26 человек",
            "description": "Знакомство с программой наставничества, план на год.",
        },
        participants=people[:10],
        by=methodist,
    )
    services.attachments_add(
        owner=setup, files=[_pdf("protokol.pdf")], title="Протокол", by=methodist
    )
    services.event_save(
        organization=org,
        data={
            "kind": EventKind.CLASS_HOUR,
            "title": "Классный час «Что такое наставничество»",
            "held_on": when(14),
            "place": "5–11 классы",
            "students_reached": 298 if students else 40,
        },
        by=methodist,
    )
    services.event_save(
        organization=org,
        data={
            "kind": EventKind.CONTEST,
            "title": "Региональный конкурс «Наставник года»",
            "held_on": when(50),
            "place": "Институт развития образования",
        },
        representatives=mentors[:3],
        by=methodist,
    )
    final = services.event_save(
        organization=org,
        data={
            "kind": EventKind.FINAL,
            "title": "Итоговая конференция «Наставничество: итоги года»",
            "held_on": when(80),
            "place": "Актовый зал",
            "description": "Представление лучших практик наставничества, награждение.",
        },
        participants=people[:15],
        by=methodist,
    )
    _final_event_order(org, staff, final)

    # News: one published from the setup session, one draft.
    news = services.news_from_event(event=setup, by=methodist)
    services.news_publish(news=news, by=methodist)
    services.news_save(
        organization=org,
        data={"title": "Готовимся к итоговой конференции", "body": "Приглашаем наставников…"},
        by=methodist,
    )

    # Practices in every status; the published one is a winner of the final event.
    mentor_user = staff.get(Role.MENTOR) or methodist
    specs = [
        ("Урок вдвоём: совместное планирование", "published"),
        ("Взаимопосещение уроков с обратной связью", "approved"),
        ("Портфолио молодого специалиста", "submitted"),
        ("Клуб молодых педагогов", "returned"),
    ]
    # A published practice names only authors whose publication consent
    # allows the name (152-ФЗ ст. 10.1; checked by practice_publish).
    publishable = [m for m in mentors if "name" in m.public_fields()]
    for title, status in specs:
        authors = publishable[:1] if status == "published" else mentors[:1]
        practice = services.practice_submit(
            organization=org,
            data={
                "title": title,
                "authors": authors[0].short_name if authors else "Наставник",
                "description": "Наставник и наставляемый планируют и проводят занятия вместе, "
                "затем разбирают их по единой схеме.",
                "results": "Наставляемый провёл открытый урок; "
                "выросла уверенность в работе с классом.",
            },
            authors=authors,
            files=[_pdf("praktika.pdf")],
            by=mentor_user,
        )
        if status in ("approved", "published"):
            practice = services.practice_approve(practice=practice, by=coordinator)
        if status == "published":
            practice = services.practice_publish(practice=practice, by=coordinator)
            services.practice_mark_winner(practice=practice, event=final, by=coordinator)
            department = org.parent
            if department and department.is_department:
                specialist = _staff(department).get(Role.SPECIALIST)
                services.practice_bank_add(practice=practice, department=department, by=specialist)
        if status == "returned":
            services.practice_return(
                practice=practice,
                comment="Добавьте результаты диагностики «до» и «после».",
                by=coordinator,
            )

    # Library.
    categories = {
        name: services.material_category_create(organization=org, name=name, by=methodist)
        for name in ("Нормативные документы", "Шаблоны и формы", "Методические разработки")
    }
    for category, title, visibility, link in (
        (
            "Нормативные документы",
            "Методические рекомендации Р-145",
            MaterialVisibility.PUBLIC,
            "https://edu.gov.ru/",
        ),
        (
            "Шаблоны и формы",
            "Шаблон персонализированной программы",
            MaterialVisibility.DEPARTMENT,
            "",
        ),
        ("Методические разработки", "Памятка наставнику", MaterialVisibility.ORGANIZATION, ""),
    ):
        services.material_save(
            organization=org,
            data={
                "category": categories[category],
                "title": title,
                "visibility": visibility,
                "url": link,
            },
            upload=None if link else _pdf("material.pdf"),
            by=methodist,
        )

    # Honour board.
    for mentor, (title, level) in zip(
        mentors[:3],
        [
            ("Благодарность директора", "organization"),
            ("Победитель муниципального конкурса «Наставник года»", "municipal"),
            ("Почётная грамота Министерства образования", "regional"),
        ],
        strict=False,
    ):
        services.award_add(
            participant=mentor,
            data={"title": title, "awarded_on": when(60), "level": level},
            by=methodist,
        )


def _seed_notifications(orgs):
    """Some unread in-app notifications for the demo users (recorded as
    delivered, so send_reminders does not repeat them)."""
    from . import notify

    users = set(
        Membership.objects.filter(organization__in=orgs.values()).values_list("user_id", flat=True)
    )
    now = timezone.now()
    for notice in notify.collect(timezone.localdate()):
        if notice.user_id not in users:
            continue
        _sent, created = SentNotice.objects.get_or_create(
            user_id=notice.user_id,
            key=notice.key,
            defaults={"kind": notice.kind, "sent_at": now},
        )
        if created:
            # An event told at once while seeding (notify_now) may have
            # listed the key already: one item per (user, key).
            Notification.objects.get_or_create(
                user_id=notice.user_id,
                key=notice.key,
                defaults={
                    "kind": notice.kind,
                    "title": notice.title[:500],
                    "url": notice.url,
                    "due": notice.due,
                    "created_at": now,
                },
            )
