"""Documents in the admin: read-only (writes go through documents/services.py,
which freezes approved texts and checks uploads); the pay settings are
editable."""

from django.contrib import admin

from .models import (
    DocumentSettings,
    MentorAgreement,
    OrderAppendix,
    Regulation,
    RegulationVersion,
    SignedScan,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "monthly_pay", "agreement_basis"]
    list_select_related = ["organization"]


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization", "status", "approved_on"]
    list_filter = ["status"]
    list_select_related = ["organization"]


@admin.register(RegulationVersion)
class RegulationVersionAdmin(ReadOnlyAdmin):
    list_display = ["regulation", "number", "created_at", "created_by"]
    list_select_related = ["regulation__organization", "created_by"]


@admin.register(MentorAgreement)
class MentorAgreementAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organization", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    list_select_related = ["organization", "mentor"]


@admin.register(OrderAppendix)
class OrderAppendixAdmin(ReadOnlyAdmin):
    list_display = ["title", "order", "created_at"]
    list_select_related = ["order__organization"]


@admin.register(SignedScan)
class SignedScanAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "organization", "content_type", "object_id", "uploaded_at"]
    list_select_related = ["organization", "content_type"]
