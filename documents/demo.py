"""Demo data of the documents app: each demo organisation gets pay settings,
an approved Положение (one section edited, so there are two versions), an
approved order appointing the coordinator, and signed agreements with the
lead mentors of its active pairs (an additional agreement for employees; the
college's philharmonic soloist gets a volunteer agreement). Idempotent."""

import datetime
from decimal import Decimal

from mentoring.demo import datetime_date
from mentoring.models import (
    Membership,
    Mentorship,
    MentorshipStatus,
    Organization,
    Participant,
    Role,
    TargetGroup,
)
from mentoring.services.orders import order_approve, order_create, order_defaults, order_submit

from . import services
from .models import MentorAgreement, Regulation

PAY = {
    Organization.Kind.SCHOOL: Decimal("2000"),
    Organization.Kind.COLLEGE: Decimal("3000"),
    Organization.Kind.CENTRE: Decimal("1500"),
}


def seed_before_mentoring(orgs):
    """Pay settings, the coordinator's order and the approved Положение:
    run before the pairs' order, so that the register of orders goes in
    date order (the school's roadmap before its year starts, see
    roadmaps.demo; then 28.08, 01.09, the pairs' 14.09; dates moved with the
    demo, see mentoring.demo.datetime_date)."""
    for org in orgs.values():
        if org.is_department or Regulation.objects.filter(organization=org).exists():
            continue
        staff = {
            m.role: m.user
            for m in Membership.objects.filter(organization=org).select_related("user")
        }
        methodist, director = staff.get(Role.METHODIST), staff.get(Role.DIRECTOR)
        coordinator = staff.get(Role.COORDINATOR)
        if not (methodist and director):
            continue
        settings = services.settings_for(org)
        settings.monthly_pay = PAY.get(org.kind, Decimal("2000"))
        settings.save()

        if coordinator:
            order = order_create(
                organization=org,
                kind="coordinator",
                data={
                    **order_defaults("coordinator"),
                    "assignments": [{"point": 1, "user_id": coordinator.pk, "deadline": ""}],
                    "executor": methodist.short_name,
                },
                by=methodist,
            )
            order_submit(order=order, by=methodist)
            order_approve(order=order, by=director, on_date=datetime_date(2026, 8, 28))

        regulation = services.regulation_create(organization=org, by=methodist)
        first = regulation.current_version()
        final = next(s for s in first.sections if s["key"] == "final")
        services.regulation_section_update(
            regulation=regulation,
            key="final",
            heading=final["heading"],
            text=final["text"] + "\n\n9.3. Изменения в Положение вносятся приказом руководителя.",
            version=first.number,
            by=methodist,
        )
        order = services.regulation_order_create(regulation=regulation, by=methodist)
        order_submit(order=order, by=methodist)
        order_approve(order=order, by=director, on_date=datetime_date(2026, 9, 1))


def seed(orgs):
    """Agreements with the lead mentors of the active pairs (and the
    volunteer), once per organisation, numbered in the order they were
    signed (the volunteer's on 01.09, the mentors' when their pairs begin)."""
    for org in orgs.values():
        if org.is_department or MentorAgreement.objects.filter(organization=org).exists():
            continue
        staff = {
            m.role: m.user
            for m in Membership.objects.filter(organization=org).select_related("user")
        }
        methodist, director = staff.get(Role.METHODIST), staff.get(Role.DIRECTOR)
        if not (methodist and director):
            continue
        # (signed on, number prefix, agreement_create keyword arguments)
        planned = []
        for m in (
            Mentorship.objects.filter(organization=org, status=MentorshipStatus.ACTIVE)
            .with_people()
            .order_by("pk")
        ):
            if m.lead_mentor is not None:
                signed_on = min(filter(None, (m.activated_on, m.planned_start)))
                planned.append((signed_on, "ДС", {"mentor": m.lead_mentor, "mentorship": m}))
        outsider = (
            Participant.objects.filter(
                organization=org, is_mentor=True, target_group=TargetGroup.EMPLOYER
            )
            .order_by("pk")
            .first()
        )
        if outsider is not None:
            starts_on = datetime_date(2026, 9, 1)
            data = {
                "starts_on": starts_on,
                "ends_on": starts_on + datetime.timedelta(days=272),
                "form": "Работодатель – студент",
                "content": "Профессиональные пробы и мастер-классы для студентов, "
                "консультации по концертной деятельности.",
            }
            # Not "ДС" (дополнительное соглашение): a volunteer is no employee.
            planned.append((starts_on, "СД", {"mentor": outsider, "data": data}))
        planned.sort(key=lambda entry: entry[0])  # stable: pairs stay in pk order
        for n, (signed_on, prefix, kwargs) in enumerate(planned, start=1):
            agreement = services.agreement_create(organization=org, by=methodist, **kwargs)
            services.agreement_approve(
                agreement=agreement, number=f"{prefix}-{n}", signed_on=signed_on, by=director
            )


def seed_after(orgs):
    """Backdate the Положения, their versions and the agreements to their
    story (run after mentoring.demo.backdate_orders): a Положение was drafted
    and edited on the day its order was drafted; an agreement was drawn up the
    day before it was signed."""
    from mentoring.demo import demo_moment, order_story_times

    from .models import RegulationVersion

    organizations = [org for org in orgs.values() if not org.is_department]
    for regulation in Regulation.objects.filter(
        organization__in=organizations, order__signed_on__isnull=False
    ).select_related("order"):
        created, _submitted, _decided = order_story_times(regulation.order.signed_on)
        Regulation.objects.filter(pk=regulation.pk).update(created_at=created)
        for n, version in enumerate(regulation.versions.order_by("number")):
            RegulationVersion.objects.filter(pk=version.pk).update(
                created_at=created + datetime.timedelta(minutes=20 * n)
            )
    for agreement in MentorAgreement.objects.filter(
        organization__in=organizations, signed_on__isnull=False
    ):
        MentorAgreement.objects.filter(pk=agreement.pk).update(
            created_at=demo_moment(agreement.signed_on - datetime.timedelta(days=1), 11)
        )
