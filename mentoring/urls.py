from django.urls import path

from . import programs
from .views import (
    accounts,
    activities,
    banks,
    cabinet,
    calendars,
    cohort,
    consent_register,
    consents,
    core,
    department_pairs,
    imports,
    mentorships,
    notifications,
    orders,
    privacy,
)
from .views import search as search_views

app_name = "mentoring"

urlpatterns = [
    path("", core.home, name="home"),
    path("switch-organization/", core.switch_organization, name="switch_organization"),
    path("organizations/", core.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", core.organization_detail, name="organization_detail"),
    path("organizations/<slug:slug>/edit/", core.organization_edit, name="organization_edit"),
    path("o/<slug:slug>/logo/", core.organization_logo, name="organization_logo"),
]

# --- accounts: invitations, roles, activation (views/accounts.py) ---
urlpatterns += [
    path("team/invite/", accounts.team_invite, name="team_invite"),
    path("team/members/<int:pk>/role/", accounts.team_member_role, name="team_member_role"),
    path("team/members/<int:pk>/revoke/", accounts.team_member_revoke, name="team_member_revoke"),
    path(
        "team/invitations/<int:pk>/cancel/",
        accounts.invitation_cancel,
        name="invitation_cancel",
    ),
    path("team/codes.pdf", accounts.codes_sheet, name="codes_sheet"),
    path("participants/<int:pk>/invite/", accounts.participant_invite, name="participant_invite"),
    path(
        "participants/<int:pk>/link-account/",
        accounts.participant_link_account,
        name="participant_link_account",
    ),
    path("accounts/invite/<str:token>/", accounts.invitation_accept, name="invitation_accept"),
    path("accounts/activate/", accounts.account_activate, name="account_activate"),
    path("search/", search_views.global_search_view, name="global_search"),
]

# --- banks of mentors and mentees (views/banks.py) ---
urlpatterns += [
    path("bank/mentees/", banks.mentee_bank, name="mentee_bank"),
    path("bank/mentors/", banks.mentor_bank, name="mentor_bank"),
    path("bank/potential-mentors/", banks.potential_mentors, name="potential_mentors"),
    path("bank/<slug:side>/export.xlsx", banks.bank_export, name="bank_export"),
    path("bank/<slug:side>/bulk/", banks.bank_bulk, name="bank_bulk"),
    path("participants/new/", banks.participant_create_view, name="participant_create"),
    path("participants/<int:pk>/", banks.participant_detail, name="participant_detail"),
    path("participants/<int:pk>/edit/", banks.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/history/", banks.participant_history, name="participant_history"),
    path("participants/<int:pk>/interviews/new/", banks.interview_create, name="interview_create"),
    path("participants/<int:pk>/approve/", banks.mentor_approve_view, name="mentor_approve"),
    path("headcounts/", banks.headcounts, name="headcounts"),
]

# --- consents (views/consents.py) ---
urlpatterns += [
    path("consents/missing/", consents.consent_missing, name="consent_missing"),
    path(
        "participants/<int:pk>/consents/new/<slug:kind>/",
        consents.consent_create,
        name="consent_create",
    ),
    path(
        "participants/<int:pk>/consents/<slug:kind>/form.pdf",
        consents.consent_form_pdf,
        name="consent_form_pdf",
    ),
    path("consents/<int:pk>/withdraw/", consents.consent_withdraw_view, name="consent_withdraw"),
    path("consents/<int:pk>/scan/", consents.consent_scan, name="consent_scan"),
    path("consent-texts/", consents.consent_texts, name="consent_texts"),
    path(
        "consent-texts/<slug:kind>/new/",
        consents.consent_text_create_view,
        name="consent_text_create",
    ),
]

# --- participant import (views/imports.py) ---
urlpatterns += [
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<str:token>/", imports.import_preview, name="import_preview"),
    path("import/<str:token>/confirm/", imports.import_confirm, name="import_confirm"),
]

# --- mentorships, matching, programmes, meetings (views/mentorships.py) ---
urlpatterns += [
    path("forms/", mentorships.form_list, name="form_list"),
    path("mentoring-programs/", programs.program_list, name="program_list"),
    path("mentoring-programs/bank/", programs.program_bank, name="program_bank"),
    path("forms/<int:pk>/edit/", mentorships.form_edit, name="form_edit"),
    path("mentorships/", mentorships.mentorship_list, name="mentorship_list"),
    path(
        "mentorships/without-mentor/",
        mentorships.mentees_without_mentor_view,
        name="mentees_without_mentor",
    ),
    path(
        "mentorships/attention/",
        mentorships.mentorships_attention,
        name="mentorships_attention",
    ),
    path("mentorships/propose/", mentorships.mentorship_propose_view, name="mentorship_propose"),
    path("mentorships/<int:pk>/", mentorships.mentorship_detail, name="mentorship_detail"),
    path("mentorships/<int:pk>/agree/", mentorships.mentorship_agree_view, name="mentorship_agree"),
    path("mentorships/<int:pk>/end/", mentorships.mentorship_end_view, name="mentorship_end"),
    path("mentorships/<int:pk>/edit/", mentorships.mentorship_edit, name="mentorship_edit"),
    path("mentorships/<int:pk>/program/", mentorships.program_detail, name="program_detail"),
    path("mentorships/<int:pk>/program/edit/", mentorships.program_edit, name="program_edit"),
    path("mentorships/<int:pk>/program.pdf", mentorships.program_pdf, name="program_pdf"),
    path(
        "mentorships/<int:pk>/program/items/new/",
        mentorships.plan_item_create,
        name="plan_item_create",
    ),
    path(
        "mentorships/<int:pk>/program/items/<int:item_pk>/edit/",
        mentorships.plan_item_edit,
        name="plan_item_edit",
    ),
    path(
        "mentorships/<int:pk>/program/items/<int:item_pk>/delete/",
        mentorships.plan_item_delete_view,
        name="plan_item_delete",
    ),
    path(
        "mentorships/<int:pk>/program/items/<int:item_pk>/evidence/",
        mentorships.plan_item_evidence,
        name="plan_item_evidence",
    ),
    path(
        "mentorships/<int:pk>/program/items/<int:item_pk>/evidence/upload/",
        mentorships.plan_item_evidence_upload,
        name="plan_item_evidence_upload",
    ),
    path("mentorships/<int:pk>/meetings/new/", mentorships.meeting_create, name="meeting_create"),
    path(
        "mentorships/<int:pk>/meetings/<int:meeting_pk>/edit/",
        mentorships.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "mentorships/<int:pk>/meetings/<int:meeting_pk>/evidence/",
        mentorships.meeting_evidence,
        name="meeting_evidence",
    ),
    path(
        "mentorships/<int:pk>/meetings/<int:meeting_pk>/delete/",
        mentorships.meeting_delete_view,
        name="meeting_delete",
    ),
    path("matching/", mentorships.matching, name="matching"),
]

# --- my cabinet for mentors and mentees (views/cabinet.py) ---
urlpatterns += [
    path("cabinet/", cabinet.cabinet, name="cabinet"),
]

# --- orders (views/orders.py) ---
urlpatterns += [
    path("orders/", orders.order_list, name="order_list"),
    path("department/head-pairs/", department_pairs.head_pair_list, name="head_pair_list"),
    path("department/head-pairs/order/", department_pairs.head_pair_order, name="head_pair_order"),
    path("orders/inbox/", orders.order_inbox, name="order_inbox"),
    path("orders/new/<slug:kind>/", orders.order_create, name="order_create"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/edit/", orders.order_edit, name="order_edit"),
    path("orders/<int:pk>/submit/", orders.order_submit, name="order_submit"),
    path("orders/<int:pk>/return/", orders.order_return, name="order_return"),
    path("orders/<int:pk>/approve/", orders.order_approve, name="order_approve"),
    path("orders/<int:pk>/delete/", orders.order_delete, name="order_delete"),
    path("orders/<int:pk>/order.pdf", orders.order_pdf, name="order_pdf"),
]

# --- training, events, news, practices, materials, honour board, notifications (views/activities.py, views/notifications.py) ---  # noqa: E501
urlpatterns += [
    path("training/", activities.training_list, name="training_list"),
    path("training/groups/new/", activities.training_group_create, name="training_group_create"),
    path(
        "training/groups/<int:pk>/", activities.training_group_detail, name="training_group_detail"
    ),
    path(
        "training/groups/<int:pk>/edit/", activities.training_group_edit, name="training_group_edit"
    ),
    path(
        "training/groups/<int:pk>/sessions/new/",
        activities.training_session_create,
        name="training_session_create",
    ),
    path(
        "training/groups/<int:pk>/sessions/<int:session_pk>/edit/",
        activities.training_session_edit,
        name="training_session_edit",
    ),
    path(
        "training/consultations/new/",
        activities.consultation_create,
        name="consultation_create",
    ),
    path(
        "participants/<int:pk>/courses/new/",
        activities.external_course_create,
        name="external_course_create",
    ),
    path(
        "training/courses/<int:pk>/certificate/",
        activities.external_course_certificate,
        name="external_course_certificate",
    ),
    path("events/", activities.event_list, name="event_list"),
    path("events/new/", activities.event_create, name="event_create"),
    path("events/<int:pk>/", activities.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", activities.event_edit, name="event_edit"),
    path(
        "events/<int:pk>/files/new/", activities.event_attachment_add, name="event_attachment_add"
    ),
    path("events/<int:pk>/news/", activities.event_news, name="event_news"),
    path("files/<int:pk>/", activities.attachment_download, name="attachment_download"),
    path("files/<int:pk>/delete/", activities.attachment_delete, name="attachment_delete"),
    path("news/", activities.news_list, name="news_list"),
    path("news/new/", activities.news_create, name="news_create"),
    path("news/<int:pk>/", activities.news_detail, name="news_detail"),
    path("news/<int:pk>/edit/", activities.news_edit, name="news_edit"),
    path("news/<int:pk>/publish/", activities.news_publish, name="news_publish"),
    path("news/<int:pk>/unpublish/", activities.news_unpublish, name="news_unpublish"),
    path("news/<int:pk>/picture/", activities.news_picture, name="news_picture"),
    path("practices/", activities.practice_list, name="practice_list"),
    path("practices/new/", activities.practice_create, name="practice_create"),
    path("practices/municipal-bank/", activities.practice_bank, name="practice_bank"),
    path("practices/<int:pk>/", activities.practice_detail, name="practice_detail"),
    path("practices/<int:pk>/edit/", activities.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/approve/", activities.practice_approve, name="practice_approve"),
    path("practices/<int:pk>/return/", activities.practice_return, name="practice_return"),
    path("practices/<int:pk>/publish/", activities.practice_publish, name="practice_publish"),
    path("practices/<int:pk>/unpublish/", activities.practice_unpublish, name="practice_unpublish"),
    path("practices/<int:pk>/winner/", activities.practice_winner, name="practice_winner"),
    path(
        "practices/<int:pk>/municipal-bank/add/",
        activities.practice_bank_add,
        name="practice_bank_add",
    ),
    path(
        "practices/<int:pk>/municipal-bank/remove/",
        activities.practice_bank_remove,
        name="practice_bank_remove",
    ),
    path("materials/", activities.material_list, name="material_list"),
    path("materials/new/", activities.material_create, name="material_create"),
    path("materials/categories/", activities.material_categories, name="material_categories"),
    path("materials/<int:pk>/edit/", activities.material_edit, name="material_edit"),
    path("materials/<int:pk>/delete/", activities.material_delete, name="material_delete"),
    path("materials/<int:pk>/file/", activities.material_file, name="material_file"),
    path("honour-board/", activities.honour_board, name="honour_board"),
    path("honour-board/awards/new/", activities.award_create, name="award_create"),
    path("honour-board/awards/<int:pk>/delete/", activities.award_delete, name="award_delete"),
    path("honour-board/photos/new/", activities.portrait_upload, name="portrait_upload"),
    path("honour-board/photos/<int:pk>/", activities.portrait, name="portrait"),
    # Public files: anyone, only while published (404 otherwise).
    path(
        "public/files/<int:pk>/",
        activities.public_file_attachment,
        name="public_file_attachment",
    ),
    path(
        "public/news/<int:pk>/picture/",
        activities.public_file_news_picture,
        name="public_file_news_picture",
    ),
    path(
        "public/materials/<int:pk>/",
        activities.public_file_material,
        name="public_file_material",
    ),
    path(
        "public/honour-board/<int:pk>/photo/",
        activities.public_file_portrait,
        name="public_file_portrait",
    ),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
]

# --- whole-cohort assignment and programme settings (views/cohort.py) ---
urlpatterns += [
    path("matching/cohort/", cohort.cohort_assign, name="cohort_assign"),
    path("settings/programme/", cohort.programme_settings, name="programme_settings"),
]

# --- calendars (views/calendars.py) ---
urlpatterns += [
    path("calendar/", calendars.calendar_settings, name="calendar_settings"),
    path("calendar/new/", calendars.calendar_feed_create, name="calendar_feed_create"),
    path("calendar/revoke/", calendars.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<int:pk>/<str:token>.ics", calendars.calendar_feed, name="calendar_feed"),
    path(
        "mentorships/<int:pk>/meetings/<int:meeting_pk>/calendar.ics",
        calendars.meeting_ics,
        name="meeting_ics",
    ),
    path("events/<int:pk>/calendar.ics", calendars.event_ics, name="event_ics"),
]

# --- personal data: withdrawals, destruction acts, export (views/privacy.py) ---
urlpatterns += [
    path("privacy/", privacy.privacy_overview, name="privacy_overview"),
    path("privacy/acts/<int:pk>/act.pdf", privacy.destruction_act_pdf, name="destruction_act_pdf"),
    path(
        "participants/<int:pk>/personal-data/",
        privacy.participant_personal_data,
        name="participant_personal_data",
    ),
]

# --- the register of consents and batch forms (views/consent_register.py) ---
urlpatterns += [
    path("consents/register/", consent_register.consent_register, name="consent_register"),
    path(
        "consents/register.xlsx",
        consent_register.consent_register_xlsx,
        name="consent_register_xlsx",
    ),
    path("consents/forms.pdf", consent_register.consent_forms_batch, name="consent_forms_batch"),
]
