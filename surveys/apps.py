from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = "Анкеты и опросы"

    def ready(self):
        # A submitted questionnaire may add or clear a pair's attention
        # reason (health.low_score_in_latest_answer), which is a cached figure.
        from mentoring.figures import figures_watch

        from . import calendar, health, notifications  # noqa: F401 - register the collectors
        from .models import Response

        figures_watch(Response, lambda obj: obj.campaign.organization_id)
        from .personal_data import register_surveys

        register_surveys()

        from .indicators import register_definitions

        register_definitions()

        from mentoring.registries import register_cabinet_widget

        def waiting_surveys(request):
            from .views import waiting_invitations

            return list(waiting_invitations(request).filter(responded=False))

        register_cabinet_widget(
            key="waiting_surveys", template="surveys/cabinet_surveys.html", build=waiting_surveys
        )

        from mentoring.panels import register_participant_panel

        from .views import waiting_surveys_panel

        register_participant_panel(waiting_surveys_panel)
