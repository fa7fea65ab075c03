from django.contrib import admin

from .models import Campaign, Invitation, MentorApplication, Question, Response, Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "moment", "is_archived"]
    list_filter = ["kind", "organization"]
    search_fields = ["title"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "version", "required", "code", "maps_to"]
    list_filter = ["kind"]
    search_fields = ["text", "code"]
    raw_id_fields = ["version", "section", "origin"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "deadline", "status", "is_anonymous"]
    list_filter = ["status", "is_anonymous", "organization"]
    raw_id_fields = ["survey", "version", "baseline"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    # Token hashes are never shown: a link is issued from the campaign page.
    list_display = ["participant", "campaign", "responded", "reminders_sent"]
    list_filter = ["responded"]
    raw_id_fields = ["campaign", "participant", "mentorship"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "campaign", "status", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["campaign", "version", "invitation", "form", "mentorship"]
    exclude = ["anonymous_key"]


@admin.register(MentorApplication)
class MentorApplicationAdmin(admin.ModelAdmin):
    list_display = ["participant", "organization", "created_at"]
    raw_id_fields = ["participant"]
    exclude = ["ip_hash"]
