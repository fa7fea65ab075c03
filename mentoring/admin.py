from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attachment,
    Award,
    Consent,
    ConsentText,
    Consultation,
    Event,
    ExternalCourse,
    Material,
    MaterialCategory,
    Meeting,
    Membership,
    MentoringForm,
    Mentorship,
    MentorshipMember,
    News,
    Notification,
    NotificationPreference,
    Order,
    Organization,
    PersonalProgram,
    PlanItem,
    Portrait,
    Practice,
    ProgramTemplate,
    SentNotice,
    TrainingGroup,
    TrainingSession,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


def end_sessions_of(user_ids):
    """Delete every live session of the given users (sessions are in the
    database: the deleted ones stop working on every app server at once).
    Returns how many were ended."""
    import logging

    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    wanted = {str(pk) for pk in user_ids}
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) in wanted
    ]
    Session.objects.filter(pk__in=doomed).delete()
    logging.getLogger("mentoring.security").info(
        "sessions ended users=%s count=%s", ",".join(sorted(wanted)), len(doomed)
    )
    return len(doomed)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Дополнительно", {"fields": ("patronymic", "phone")}))
    list_display = ["username", "last_name", "first_name", "patronymic", "email", "is_active"]
    inlines = [MembershipInline]
    actions = ["end_sessions"]

    @admin.action(description="Завершить все сеансы выбранных пользователей")
    def end_sessions(self, request, queryset):
        """ASVS 7.4.5: an administrator ends a user's sessions (or everyone's:
        select all users)."""
        count = end_sessions_of(queryset.values_list("pk", flat=True))
        self.message_user(request, f"Завершено сеансов: {count}.")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "parent", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    list_select_related = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "position"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__last_name", "organization__short_name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["organization", "kind", "version", "title", "created_at", "created_by"]
    list_filter = ["kind", "organization"]
    search_fields = ["organization__short_name", "title"]
    list_select_related = ["organization", "created_by"]
    readonly_fields = ["created_at"]


@admin.register(Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "kind", "given_on", "given_by", "withdrawn_on"]
    list_filter = ["kind", "given_by", "participant__organization"]
    search_fields = ["participant__last_name", "participant__first_name"]
    list_select_related = ["participant"]
    raw_id_fields = ["participant", "text", "recorded_by"]
    readonly_fields = ["created_at"]


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    """Orders are drafted and decided in the application. Here a draft's
    text can be corrected (through the same service as the form); an
    order on approval or approved is read-only, and Order.save() refuses
    to write an approved one whatever the path."""

    list_display = ["__str__", "organization", "kind", "status", "year", "sequence"]
    list_filter = ["status", "kind", "organization"]
    search_fields = ["title", "number", "organization__short_name"]
    list_select_related = ["organization"]
    filter_horizontal = ["mentorships"]
    readonly_fields = [
        "organization",
        "kind",
        "status",
        "year",
        "sequence",
        "number",
        "signed_on",
        "return_comment",
        "created_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "created_at",
        "version",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_approved:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # The bulk delete action skips Order.delete() and its guard.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            # Reverting to an old version would write around the services.
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def save_model(self, request, obj, form, change):
        from .services.orders import order_update

        data = {name: getattr(obj, name) for name in form.changed_data if name != "mentorships"}
        order_update(
            order=obj,
            data=data,
            mentorships=form.cleaned_data.get("mentorships", obj.mentorships.all()),
            version=obj.version,
            by=request.user,
        )

    def save_related(self, request, form, formsets, change):
        # order_update has already stored the list of pairs.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


# --- mentorships: the admin reads; changes of people and status go through
# mentoring/services/mentorships.py, which keeps the members' copies of the
# form and of "active" in step (the database constraints rely on them).


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "is_active", "position"]
    list_filter = ["is_active", "organization"]
    search_fields = ["name", "organization__short_name"]
    list_select_related = ["organization"]


class MentorshipMemberInline(admin.TabularInline):
    model = MentorshipMember
    extra = 0
    fields = ["participant", "role", "active"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Mentorship)
class MentorshipAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "title", "organization", "form", "status", "planned_start", "planned_end"]
    list_filter = ["status", "organization"]
    search_fields = ["title", "members__participant__last_name"]
    list_select_related = ["organization", "form"]
    raw_id_fields = ["order", "created_by", "ended_by"]
    readonly_fields = [
        "organization",
        "form",
        "status",
        "activated_on",
        "order",
        "ended_on",
        "ended_by",
        "version",
        "created_by",
        "created_at",
    ]
    inlines = [MentorshipMemberInline]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["position", "title", "due_on", "responsible", "status", "done_on"]
    readonly_fields = ["done_on"]


@admin.register(PersonalProgram)
class PersonalProgramAdmin(SimpleHistoryAdmin):
    list_display = ["mentorship", "updated_at"]
    raw_id_fields = ["mentorship"]
    readonly_fields = ["version", "updated_at"]
    inlines = [PlanItemInline]


@admin.register(PlanItem)
class PlanItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "program", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["program"]
    readonly_fields = ["version"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "topic", "format", "mentorship"]
    list_filter = ["format"]
    search_fields = ["topic"]
    raw_id_fields = ["mentorship", "attendees", "created_by"]


@admin.register(ProgramTemplate)
class ProgramTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "is_default"]
    list_filter = ["is_default"]
    list_select_related = ["organization"]


# --- Training, events, news, practices, materials, honour board, notifications ---
# These are written through the application's services (publishing clears the
# public section's cache, uploads are checked by content); the admin shows
# them read-only so that no write goes around those rules.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _read_only(model, *, display, filters=(), search=(), related=()):
    attrs = {
        "list_display": list(display),
        "list_filter": list(filters),
        "search_fields": list(search),
        "list_select_related": list(related),
        "__module__": __name__,
    }
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), attrs))


_read_only(
    TrainingGroup,
    display=["title", "organization"],
    filters=["organization"],
    search=["title"],
    related=["organization"],
)
_read_only(TrainingSession, display=["group", "held_on", "topic"], related=["group"])
_read_only(Consultation, display=["organization", "held_on", "topic"], related=["organization"])
_read_only(ExternalCourse, display=["participant", "programme", "hours"], related=["participant"])
_read_only(
    Event,
    display=["title", "kind", "held_on", "organization"],
    filters=["kind", "organization"],
    search=["title"],
    related=["organization"],
)
_read_only(
    News,
    display=["title", "organization", "status"],
    filters=["organization"],
    search=["title"],
    related=["organization"],
)
_read_only(
    Practice,
    display=["title", "organization", "status", "is_winner"],
    filters=["status", "organization"],
    search=["title"],
    related=["organization"],
)
_read_only(Attachment, display=["title", "event", "news", "practice"])
_read_only(MaterialCategory, display=["name", "organization"], related=["organization"])
_read_only(
    Material,
    display=["title", "organization", "visibility"],
    filters=["visibility", "organization"],
    search=["title"],
    related=["organization"],
)
_read_only(Award, display=["participant", "title", "awarded_on"], related=["participant"])
_read_only(Portrait, display=["participant", "updated_at"], related=["participant"])
_read_only(NotificationPreference, display=["user", "kind", "enabled"], related=["user"])
_read_only(SentNotice, display=["user", "key", "sent_at"], related=["user"])
_read_only(
    Notification,
    display=["user", "kind", "title", "created_at", "read_at"],
    filters=["kind"],
    related=["user"],
)
