from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("regulations/", views.regulation_list, name="regulation_list"),
    path("regulations/new/", views.regulation_create, name="regulation_create"),
    path("regulations/<int:pk>/", views.regulation_detail, name="regulation_detail"),
    path(
        "regulations/<int:pk>/sections/<slug:key>/",
        views.regulation_section_edit,
        name="regulation_section_edit",
    ),
    path("regulations/<int:pk>/polozhenie.pdf", views.regulation_pdf, name="regulation_pdf"),
    path("regulations/<int:pk>/polozhenie.docx", views.regulation_docx, name="regulation_docx"),
    path("regulations/<int:pk>/order/", views.regulation_order, name="regulation_order"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("agreements/<int:pk>/consent.pdf", views.agreement_consent_pdf, name="agreement_consent"),
    path("agreements/<int:pk>/approve/", views.agreement_approve, name="agreement_approve"),
    path("payments/", views.payment_register, name="payments"),
    path("settings/", views.document_settings, name="settings"),
    path("orders/<int:order_pk>/appendices/", views.order_appendix_add, name="order_appendix_add"),
    path("appendices/<int:pk>/file/", views.order_appendix_file, name="order_appendix_file"),
    path("appendices/<int:pk>/delete/", views.order_appendix_delete, name="order_appendix_delete"),
    path("scans/<slug:kind>/<int:pk>/", views.scan_upload, name="scan_upload"),
    path("scans/<int:pk>/file/", views.scan_file, name="scan_file"),
]
