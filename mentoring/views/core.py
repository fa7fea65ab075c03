import zlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import indicators
from ..access import (
    DEPARTMENT_ROLES,
    SESSION_ORG_KEY,
    acting_role,
    acts_for_department,
    can_read_organization,
    get_organization_for,
    login_only,
    require_department,
    role_required,
)
from ..figures import figures_get
from ..forms import OrganizationForm
from ..forms_accounts import InviteForm
from ..models import STAFF_ROLES, Invitation, Membership, Organization, Participant, Role
from ..panels import participant_panels
from ..registries import home_cards
from ..rows import text, url_pattern
from ..search import words_q
from ..services.accounts import grantable_roles
from ..services.activities import training_card
from ..services.consents import consent_coverage
from . import cabinet, mentorships
from .orders import order_home_card
from .privacy import privacy_home_card

MEMBERS_PER_PAGE = 25


@require_GET
@never_cache
def healthz(request):
    """Liveness with a database round trip; no template, no session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def role_counts(organization_ids):
    """{organization id: {key: count}} in two queries.

    ``"mentor"`` and ``"mentee"``: people in the banks of mentors and mentees
    (participants, not anonymised), whether or not they have an account — a
    school of 27 mentors with two accounts has 27 mentors. ``"director"``,
    ``"coordinator"``, ``"methodist"``: user accounts with that role;
    ``"mentor_accounts"``, ``"mentee_accounts"``: accounts of mentors and mentees.
    """
    rows = (
        Membership.objects.filter(organization_id__in=organization_ids)
        .values("organization_id", "role")
        .annotate(n=Count("pk"))
    )
    counts = {pk: {"mentor": 0, "mentee": 0} for pk in organization_ids}
    for row in rows:
        key = row["role"]
        if key in (Role.MENTOR, Role.MENTEE):
            key = f"{key}_accounts"
        counts.setdefault(row["organization_id"], {})[key] = row["n"]
    banks = (
        Participant.objects.filter(organization_id__in=organization_ids)
        .active()
        .values("organization_id")
        .annotate(
            mentors=Count("pk", filter=Q(is_mentor=True)),
            mentees=Count("pk", filter=Q(is_mentee=True)),
        )
    )
    for row in banks:
        counts[row["organization_id"]].update(mentor=row["mentors"], mentee=row["mentees"])
    return counts


def department_role_counts(department, ids):
    """role_counts of the organisations ``ids`` below ``department``, a
    cached figure of the department (two scans of every participant of a
    city's schools, 100 000 rows): any write in a school bumps it
    (mentoring.figures); the ids are in the key, so a school added to the
    department is counted at once. The home page and the list of
    organisations share it."""
    ids = sorted(ids)
    return figures_get(
        department,
        f"home:role-counts:{zlib.crc32(repr(ids).encode())}",
        lambda: role_counts(ids),
    )


def department_home_rows(children):
    """The rows of the specialist's table of organisations as safe HTML,
    built here rather than by a template loop (a city's 100 schools × five
    cells); ``child.counts`` as set by the home view. The same HTML the
    template wrote."""
    link = url_pattern("mentoring:organization_detail")
    rows = []
    for child in children:
        counts = child.counts or {}
        rows.append(
            "\n        <tr>\n"
            f'          <td class="cell-title"><a href="{link(child.slug)}">'
            f"{escape(child.short_name)}</a></td>\n"
            '          <td class="small" data-label="Вид">'
            f"{escape(child.get_kind_display())}</td>\n"
            '          <td class="text-end" data-indicator="mentors" data-label="Наставников">'
            f"{text(counts.get('mentor', 0))}</td>\n"
            '          <td class="text-end" data-indicator="mentees" data-label="Наставляемых">'
            f"{text(counts.get('mentee', 0))}</td>\n"
            f'          <td class="text-end" data-label="Команда">{text(counts.get("director", 0))}'
            f" / {text(counts.get('coordinator', 0))} / {text(counts.get('methodist', 0))}</td>\n"
            "        </tr>\n        "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


def staff_home_figures(org):
    """The costly cards of a staff home page (counts over every participant),
    cached per organisation by mentoring.figures: role counts, consent
    coverage with the first ten people without a consent, mentorships and
    training (upper apps' cards come through the home-card registry, cached
    the same way). A dict of picklable values."""
    coverage = consent_coverage(org)
    targets = indicators.targets(org, indicators.academic_year_of(timezone.localdate()))
    return {
        # The organisation's targets, stated beside the figures (their definitions).
        "targets": targets,
        "consent_target": indicators.target_of(targets, "consents")[0],
        "counts": role_counts([org.pk]).get(org.pk, {}),
        "coverage": {k: v for k, v in coverage.items() if k != "missing_queryset"},
        "coverage_missing": list(coverage["missing_queryset"][:10]),
        "mentorship_card": mentorships.mentorship_home_card(org),
        "training_card": training_card(org, targets=targets),
    }


@login_only
def home(request):
    membership = request.membership
    if membership is None:
        if request.user.is_superuser:
            return redirect("admin:index")
        return render(request, "mentoring/home_no_role.html")
    org = membership.organization
    context = {"org": org, "membership": membership}
    if membership.role == Role.SPECIALIST:
        children = list(
            Organization.objects.filter(pk__in=Organization.descendant_ids([org.pk])).only(
                "slug", "short_name", "kind"
            )
        )
        counts = department_role_counts(org, [c.pk for c in children])
        for child in children:
            child.counts = counts.get(child.pk, {})
        context["children"] = children
        context["children_rows"] = department_home_rows(children)
        cards, context["card_templates"] = figures_get(
            org,
            f"home:cards:{membership.role}:{timezone.localdate()}",
            lambda: home_cards(org, membership.role),
        )
        context.update(cards)
        # The department's specialist drafts its orders: the ones the head
        # returned wait here, as on a methodist's home page.
        order_card = order_home_card(org, acting_role(membership))
        context["order_card"] = order_card if order_card and order_card["count"] else None
        template = "mentoring/home_specialist.html"
    elif membership.role in STAFF_ROLES:
        context["team"] = (
            Membership.objects.filter(organization=org, role__in=STAFF_ROLES)
            .select_related("user")
            .order_by("role", "user__last_name")
        )
        context["order_card"] = order_home_card(org, membership.role)
        context["privacy_card"] = privacy_home_card(org)
        context.update(
            figures_get(org, f"home:staff:{timezone.localdate()}", lambda: staff_home_figures(org))
        )
        cards, context["card_templates"] = figures_get(
            org,
            f"home:cards:{membership.role}:{timezone.localdate()}",
            lambda: home_cards(org, membership.role),
        )
        context.update(cards)
        template = "mentoring/home_staff.html"
    else:
        context["team"] = (
            Membership.objects.filter(organization=org, role__in=[Role.COORDINATOR, Role.METHODIST])
            .select_related("user")
            .order_by("role", "user__last_name")
        )
        context.update(cabinet.work_queue(request))
        context["panels"] = participant_panels(request)
        template = "mentoring/home_participant.html"
    return render(request, template, context)


@require_POST
@login_only
def switch_organization(request):
    try:
        org_id = int(request.POST.get("organization", ""))
    except ValueError:
        raise Http404 from None
    membership = get_object_or_404(
        Membership.objects.select_related("organization"),
        user=request.user,
        organization_id=org_id,
    )
    request.session[SESSION_ORG_KEY] = membership.organization_id
    messages.success(
        request,
        f"Вы работаете в организации «{membership.organization.short_name}» "
        f"как {membership.get_role_display().lower()}.",
    )
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)


@role_required(*DEPARTMENT_ROLES)
def organization_list(request):
    require_department(request)
    ids = Organization.descendant_ids([request.org.pk])
    organizations = Organization.objects.filter(pk__in=ids).select_related("parent")
    query = request.GET.get("q", "").strip()
    if query:
        organizations = organizations.filter(
            Q(name__icontains=query) | Q(short_name__icontains=query)
        )
    page = Paginator(organizations.order_by("short_name"), 25).get_page(request.GET.get("page"))
    # The page's counts from the department's cached figure (the home page's).
    counts = department_role_counts(request.org, ids)
    for organization in page.object_list:
        organization.counts = counts.get(organization.pk, {})
    return render(request, "mentoring/organization_list.html", {"page": page, "query": query})


@role_required(*STAFF_ROLES, Role.SPECIALIST)
def organization_detail(request, slug):
    organization = get_organization_for(request, slug)
    if not can_read_organization(request, organization):
        raise PermissionDenied
    own = request.membership.organization_id == organization.pk
    # Data minimisation (152-ФЗ ст. 5 ч. 5): a department reads an
    # organisation below it for its staff and counts; the accounts of its
    # mentors and mentees (names, logins, e-mails) are the school's own.
    staff_only = not own and acts_for_department(request.membership)
    roles = [(r.value, r.label) for r in Role if not staff_only or r in STAFF_ROLES]
    members = (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )
    if staff_only:
        members = members.filter(role__in=STAFF_ROLES)
    role = request.GET.get("role", "")
    if role in {value for value, _ in roles}:
        members = members.filter(role=role)
    elif role in Role.values:
        members = members.none()
    query = request.GET.get("q", "").strip()[:100]
    if query:
        members = members.filter(
            words_q(query, "user__last_name", "user__first_name", "user__patronymic")
        )
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    can_edit = own and request.membership.role in (Role.DIRECTOR, Role.COORDINATOR)
    grantable = grantable_roles(request.membership.role) if own else []
    context = {
        "organization": organization,
        "page": page,
        "role": role,
        "query": query,
        "roles": roles,
        "staff_only": staff_only,
        "counts": role_counts([organization.pk]).get(organization.pk, {}),
        "can_edit": can_edit,
        "grantable": [(r.value, r.label) for r in grantable],
        "grantable_values": {r.value for r in grantable},
    }
    if grantable:
        context["invite_form"] = InviteForm(by_role=request.membership.role)
        context["invitations"] = list(
            Invitation.objects.pending()
            .filter(organization=organization)
            .select_related("user", "participant")[:100]
        )
    return render(request, "mentoring/organization_detail.html", context)


@role_required(Role.DIRECTOR, Role.COORDINATOR)
def organization_edit(request, slug):
    organization = get_organization_for(request, slug)
    if organization.pk != request.org.pk:
        # A department's organisations are read-only to its staff.
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Сведения об организации сохранены.")
        return redirect(organization)
    return render(
        request, "mentoring/organization_form.html", {"organization": organization, "form": form}
    )


@require_GET
def organization_logo(request, slug):
    """The logo is public: it heads the organisation's public section."""
    organization = get_object_or_404(Organization, slug=slug)
    if not organization.logo:
        raise Http404
    return FileResponse(organization.logo.open("rb"))
