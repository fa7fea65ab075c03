from django.urls import path

from . import views, views_public

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("new/", views.survey_create, name="survey_create"),
    path("from-template/", views.survey_from_template, name="survey_from_template"),
    path("<int:pk>/", views.survey_detail, name="survey_detail"),
    path("<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("<int:pk>/preview/", views.survey_preview, name="survey_preview"),
    path("<int:pk>/change/", views.survey_change, name="survey_change"),
    path("<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("<int:pk>/sections/new/", views.section_add, name="section_add"),
    path("<int:pk>/send/", views.campaign_create, name="campaign_create"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("sections/<int:pk>/reorder/", views.questions_reorder, name="questions_reorder"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/progress/", views.campaign_progress, name="campaign_progress"),
    path("campaigns/<int:pk>/remind/", views.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/extend/", views.campaign_extend, name="campaign_extend"),
    path("campaigns/<int:pk>/results/", views.campaign_results, name="campaign_results"),
    path("campaigns/<int:pk>/results.xlsx", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:pk>/compare/", views.campaign_compare, name="campaign_compare"),
    path("invitations/<int:pk>/link/", views.invitation_link, name="invitation_link"),
    path("campaigns/<int:pk>/slips.pdf", views.campaign_slips, name="campaign_slips"),
    path("campaigns/<int:pk>/links.xlsx", views.campaign_links_xlsx, name="campaign_links_xlsx"),
    path("my/", views.my_surveys, name="my_surveys"),
    path("my/<int:pk>/open/", views.my_survey_open, name="my_survey_open"),
    # The personal link: public, no login.
    path("a/<str:token>/", views_public.respond, name="respond"),
]
