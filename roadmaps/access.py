"""Who may do what with a roadmap (on top of mentoring.access).

- Staff of the roadmap's organisation read it; the coordinator and methodist
  edit, import and track.
- A specialist of a department, and its head (a director there), read the
  department's roadmaps and those of the organisations below it; never edit.
- On a department's roadmap, the staff of an organisation with activities
  assigned to it read their part and report on it.
- A user linked as responsible reports on the activity's occurrences of
  their organisation from "Мои задачи", whatever their role.
- Anything else of another organisation is 404; a wrong role is 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentoring.access import acts_for_department, can_read_organization
from mentoring.models import MANAGER_ROLES, STAFF_ROLES, Organization, Role

from .models import Activity, Occurrence, Roadmap


class RoadmapAccess:
    """What the current membership may do with one roadmap."""

    def __init__(self, request, roadmap):
        membership = request.membership
        self.roadmap = roadmap
        own = membership is not None and membership.organization_id == roadmap.organization_id
        role = membership.role if membership else None
        self.manage = own and role in MANAGER_ROLES
        self.read_all = (own and role in (*STAFF_ROLES, Role.SPECIALIST)) or (
            membership is not None
            and not own
            and acts_for_department(membership)
            and can_read_organization(request, roadmap.organization)
        )
        # The part of a department's roadmap assigned to the user's organisation.
        self.part = None
        if (
            not self.read_all
            and membership is not None
            and role in STAFF_ROLES
            and roadmap.activities.filter(
                assigned_organizations=membership.organization_id
            ).exists()
        ):
            self.part = membership.organization
        self.read = self.read_all or self.part is not None
        self.edit_text = self.manage and roadmap.is_draft


def _visible_elsewhere(request, roadmap):
    """Whether the roadmap's existence may be disclosed (then 403, not 404):
    it is the user's organisation's, one of the organisations below it (the
    department's specialist reads them), or the department's roadmap with
    activities assigned to the user's organisation (listed for it)."""
    membership = request.membership
    if membership is None:
        return False
    organization = roadmap.organization
    if membership.organization_id == organization.pk:
        return True
    if organization.pk in Organization.descendant_ids([membership.organization_id]):
        return True
    return (
        organization.pk == membership.organization.parent_id
        and roadmap.activities.filter(assigned_organizations=membership.organization_id).exists()
    )


def get_roadmap_for(request, pk, *, write=False):
    """(roadmap, RoadmapAccess) or 404/403 as described above."""
    if request.membership is None:
        raise PermissionDenied
    try:
        roadmap = Roadmap.objects.select_related("organization", "order").get(pk=pk)
    except Roadmap.DoesNotExist:
        raise Http404 from None
    access = RoadmapAccess(request, roadmap)
    if (write and access.manage) or (not write and access.read):
        return roadmap, access
    if _visible_elsewhere(request, roadmap):
        raise PermissionDenied
    raise Http404


def get_activity_for(request, pk):
    """An activity of a roadmap the user manages (coordinator, methodist)."""
    try:
        activity = Activity.objects.select_related("roadmap__organization").get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    get_roadmap_for(request, activity.roadmap_id, write=True)
    return activity


def can_report(request, occurrence, access=None):
    """Whether the user may mark the occurrence done (or reopen it)."""
    membership = request.membership
    if membership is None:
        return False
    if membership.organization_id != occurrence.organization_id and not (access and access.manage):
        return False
    if access is not None and access.manage:
        return True
    if membership.organization_id == occurrence.organization_id:
        if occurrence.roadmap.organization_id != occurrence.organization_id:
            # A department's activity assigned to the user's organisation.
            if membership.role in STAFF_ROLES:
                return True
        elif membership.role in MANAGER_ROLES:
            return True
    return occurrence.activity.responsible_users.filter(pk=request.user.pk).exists()


def get_occurrence_for(request, pk, *, write=False):
    """(occurrence, RoadmapAccess or None). Readers of the roadmap read it;
    writers are managers, the executing organisation's staff (municipal) and
    the responsible users."""
    if request.membership is None:
        raise PermissionDenied
    try:
        occurrence = Occurrence.objects.select_related(
            "activity", "roadmap__organization", "organization"
        ).get(pk=pk)
    except Occurrence.DoesNotExist:
        raise Http404 from None
    access = RoadmapAccess(request, occurrence.roadmap)
    if access.part is not None and occurrence.organization_id != access.part.pk:
        access.read = False
    reporter = can_report(request, occurrence, access)
    if (write and reporter) or (not write and (access.read or reporter)):
        return occurrence, access
    if access.read or _visible_elsewhere(request, occurrence.roadmap):
        raise PermissionDenied
    raise Http404
