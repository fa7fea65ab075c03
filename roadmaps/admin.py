from django.contrib import admin

from .models import (
    Activity,
    Indicator,
    IndicatorEntry,
    IndicatorSnapshot,
    IndicatorTarget,
    Occurrence,
    Roadmap,
)


class ActivityInline(admin.TabularInline):
    model = Activity
    fk_name = "roadmap"
    fields = ["position", "depth", "number", "title", "deadline_text", "deadline_kind"]
    readonly_fields = ["position", "depth", "deadline_kind"]
    extra = 0
    show_change_link = True


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["short_title", "organization", "period_start", "period_end", "status"]
    list_filter = ["status", "organization"]
    search_fields = ["title"]
    raw_id_fields = ["order", "copied_from", "created_by"]
    inlines = [ActivityInline]


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    fk_name = "activity"
    fields = ["organization", "starts_on", "ends_on", "status", "done_on", "comment", "link"]
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roadmap", "deadline_text", "deadline_kind", "is_tracked"]
    list_filter = ["deadline_kind", "is_tracked"]
    search_fields = ["title", "responsible"]
    raw_id_fields = ["roadmap", "parent", "stage"]
    filter_horizontal = ["responsible_users", "assigned_organizations"]
    inlines = [OccurrenceInline]


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "kind", "unit"]
    list_filter = ["kind", "organization"]
    inlines = [TargetInline]


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "month", "value", "target", "taken_on"]
    list_filter = ["year", "month"]


@admin.register(IndicatorEntry)
class IndicatorEntryAdmin(admin.ModelAdmin):
    list_display = ["indicator", "on_date", "value", "comment"]
