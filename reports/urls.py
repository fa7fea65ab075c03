from django.urls import path

from surveys import views_public as surveys_public

from . import views, views_portfolio, views_public

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
