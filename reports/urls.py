from django.urls import path

from surveys import views_public as surveys_public

from . import views, views_collections, views_portfolio, views_public

app_name = "reports"

PUBLIC = "o/<slug:slug>/nastavnichestvo/"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/department/", views.department_dashboard, name="department_dashboard"),
    path(
        "dashboard/department/<slug:slug>/",
        views.department_organization_dashboard,
        name="department_organization_dashboard",
    ),
    path("reports/", views.report_list, name="report_list"),
    path("reports/build/<slug:kind>/", views.report_build_view, name="report_build"),
    path("reports/jobs/<int:pk>/", views.job_status, name="job_status"),
    path("reports/jobs/<int:pk>/download/", views.job_download, name="job_download"),
    # The department's yearly collection of analytic reports.
    path("department/sbornik/", views_collections.collection_list, name="collection_list"),
    path(
        "department/sbornik/<int:pk>/",
        views_collections.collection_detail,
        name="collection_detail",
    ),
    path(
        "department/sbornik/<int:pk>/remind/",
        views_collections.collection_remind_view,
        name="collection_remind",
    ),
    path(
        "department/sbornik/<int:pk>/sbornik.pdf",
        views_collections.collection_pdf_view,
        name="collection_pdf",
    ),
    path(
        "department/sbornik/<int:pk>/sbornik.xlsx",
        views_collections.collection_xlsx_view,
        name="collection_xlsx",
    ),
    path(
        "department/sbornik/<int:pk>/org-<int:org_pk>.pdf",
        views_collections.collection_submission_pdf,
        name="collection_submission_pdf",
    ),
    path("sbornik/", views_collections.my_collections, name="my_collections"),
    path("sbornik/<int:pk>/", views_collections.my_collection, name="my_collection"),
    path(
        "sbornik/<int:pk>/withdraw/",
        views_collections.my_collection_withdraw,
        name="my_collection_withdraw",
    ),
    path(
        "sbornik/<int:pk>/report.pdf", views_collections.my_collection_pdf, name="my_collection_pdf"
    ),
    path("public-settings/", views.public_settings, name="public_settings"),
    path("portfolio/<int:pk>/", views_portfolio.portfolio, name="portfolio"),
    path("portfolio/<int:pk>/portfolio.pdf", views_portfolio.portfolio_pdf, name="portfolio_pdf"),
    path(
        "public-settings/orders/<int:pk>/publish/",
        views.order_publish_view,
        name="order_publish",
    ),
    # The public section: no login.
    path(PUBLIC, views_public.public_home, name="public_home"),
    path(PUBLIC + "dokumenty/", views_public.public_documents, name="public_documents"),
    path(PUBLIC + "dokumenty/prikaz-<int:pk>/", views_public.public_order, name="public_order"),
    path(
        PUBLIC + "dokumenty/polozhenie/",
        views_public.public_regulation,
        name="public_regulation",
    ),
    path(PUBLIC + "novosti/", views_public.public_news, name="public_news"),
    path(PUBLIC + "novosti/rss/", views_public.news_feed, name="public_news_rss"),
    path(PUBLIC + "novosti/<int:pk>/", views_public.public_news_detail, name="public_news_detail"),
    path(PUBLIC + "praktiki/", views_public.public_practices, name="public_practices"),
    path(PUBLIC + "doska-pochyota/", views_public.public_honour_board, name="public_honour_board"),
    path(
        PUBLIC + "doska-pochyota/<int:pk>/",
        views_portfolio.public_mentor_card,
        name="public_mentor_card",
    ),
    path(PUBLIC + "materialy/", views_public.public_materials, name="public_materials"),
    path(PUBLIC + "embed/", views_public.public_embed, name="public_embed"),
    path(PUBLIC + "rezhim/", views_public.public_mode_switch, name="public_mode"),
    path(PUBLIC + "stat-nastavnikom/", surveys_public.apply, name="apply"),
]
