from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = "Анкеты и опросы"

    def ready(self):
        from mentoring.panels import register_participant_panel

        from . import notifications  # noqa: F401 - registers the collectors
        from .views import waiting_surveys_panel

        register_participant_panel(waiting_surveys_panel)
