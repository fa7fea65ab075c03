"""What the reports app has to tell whom (collectors of mentoring.notify):
the department's request for the yearly collection of analytic reports,
to the director, coordinator and methodist of each organisation that has
not submitted. Imported by ReportsConfig.ready.

The key carries the number of reminders sent, so each "Напомнить" of the
department is one more notice (reports.collections.collection_remind).
"""

import datetime

from django.urls import reverse

from mentoring.models import STAFF_ROLES, Membership, Organization
from mentoring.notify import Notice, register

from .collections import OPEN_AFTER_DEADLINE_DAYS
from .models import CollectionRequest, CollectionSubmission, SubmissionStatus


@register("collection_requested", "Департамент запрашивает аналитический отчёт для сборника")
def collection_requested(today, organization_ids=None):
    """Notices to the staff of each organisation addressed by an open
    collection request that has not submitted; ``organization_ids`` limits
    them to those organisations (mentoring.notify's collector contract)."""
    wanted = None if organization_ids is None else set(organization_ids)
    since = today - datetime.timedelta(days=OPEN_AFTER_DEADLINE_DAYS)
    requests = list(
        CollectionRequest.objects.filter(deadline__gte=since).select_related("department")
    )
    if not requests:
        return
    addressed = {}
    for item in requests:
        ids = Organization.descendant_ids([item.department_id])
        addressed[item.pk] = ids
    all_ids = set().union(*addressed.values())
    departments = set(
        Organization.objects.filter(pk__in=all_ids, kind=Organization.Kind.DEPARTMENT).values_list(
            "pk", flat=True
        )
    )
    done = set(
        CollectionSubmission.objects.filter(
            request__in=requests, status=SubmissionStatus.SUBMITTED
        ).values_list("request_id", "organization_id")
    )
    staff = {}
    for organization_id, user_id in Membership.objects.filter(
        organization_id__in=all_ids - departments, role__in=STAFF_ROLES, user__is_active=True
    ).values_list("organization_id", "user_id"):
        staff.setdefault(organization_id, []).append(user_id)
    for item in requests:
        url = reverse("reports:my_collection", args=[item.pk])
        verb = "напоминает: представьте" if item.reminders else "запрашивает"
        for organization_id in sorted(addressed[item.pk] - departments):
            if wanted is not None and organization_id not in wanted:
                continue
            if (item.pk, organization_id) in done:
                continue
            for user_id in staff.get(organization_id, []):
                yield Notice(
                    user_id=user_id,
                    kind="collection_requested",
                    key=f"collection:{item.pk}:org:{organization_id}:r{item.reminders}",
                    title=f"{item.department.short_name} {verb} аналитический отчёт "
                    f"за {item.period_label} до {item.deadline:%d.%m.%Y}",
                    url=url,
                    due=item.deadline,
                    organization_id=organization_id,
                )
