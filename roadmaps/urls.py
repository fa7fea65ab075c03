from django.urls import path

from . import views

app_name = "roadmaps"

urlpatterns = [
    path("", views.roadmap_list, name="roadmap_list"),
    path("new/", views.roadmap_new, name="roadmap_new"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<str:token>/", views.import_preview, name="import_preview"),
    path("import/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("overdue/", views.overdue, name="overdue"),
    path("<int:pk>/", views.roadmap_detail, name="roadmap_detail"),
    path("<int:pk>/timeline/", views.roadmap_timeline, name="roadmap_timeline"),
    path("<int:pk>/rollup/", views.roadmap_rollup, name="roadmap_rollup"),
    path("<int:pk>/export.xlsx", views.roadmap_export_xlsx, name="roadmap_export_xlsx"),
    path("<int:pk>/export.pdf", views.roadmap_export_pdf, name="roadmap_export_pdf"),
    path("<int:pk>/copy/", views.roadmap_copy, name="roadmap_copy"),
    path("<int:pk>/approval/", views.roadmap_approval, name="roadmap_approval"),
    path("<int:pk>/delete/", views.roadmap_delete, name="roadmap_delete"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/dates/", views.activity_dates, name="activity_dates"),
    path("activities/<int:pk>/people/", views.activity_people, name="activity_people"),
    path("occurrences/<int:pk>/", views.occurrence_update, name="occurrence_update"),
    path("occurrences/<int:pk>/evidence/", views.occurrence_evidence, name="occurrence_evidence"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
]
