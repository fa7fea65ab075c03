from django.urls import path

from .views import banks, cabinet, consents, core, imports, mentorships, orders

app_name = "mentoring"

urlpatterns = [
    path("", core.home, name="home"),
    path("switch-organization/", core.switch_organization, name="switch_organization"),
    path("organizations/", core.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", core.organization_detail, name="organization_detail"),
    path("organizations/<slug:slug>/edit/", core.organization_edit, name="organization_edit"),
    path("o/<slug:slug>/logo/", core.organization_logo, name="organization_logo"),
]

# --- banks of mentors and mentees (views/banks.py) ---
urlpatterns += [
    path("bank/mentees/", banks.mentee_bank, name="mentee_bank"),
    path("bank/mentors/", banks.mentor_bank, name="mentor_bank"),
    path("bank/potential-mentors/", banks.potential_mentors, name="potential_mentors"),
    path("bank/<slug:side>/export.xlsx", banks.bank_export, name="bank_export"),
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
    path("forms/<int:pk>/edit/", mentorships.form_edit, name="form_edit"),
    path("mentorships/", mentorships.mentorship_list, name="mentorship_list"),
    path(
        "mentorships/without-mentor/",
        mentorships.mentees_without_mentor_view,
        name="mentees_without_mentor",
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
    path("mentorships/<int:pk>/meetings/new/", mentorships.meeting_create, name="meeting_create"),
    path("matching/", mentorships.matching, name="matching"),
]

# --- my cabinet for mentors and mentees (views/cabinet.py) ---
urlpatterns += [
    path("cabinet/", cabinet.cabinet, name="cabinet"),
]

# --- orders (views/orders.py) ---
urlpatterns += [
    path("orders/", orders.order_list, name="order_list"),
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
