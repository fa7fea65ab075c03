from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = "Анкеты и опросы"

    def ready(self):
        from . import calendar, health, notifications  # noqa: F401 - register the collectors
        from .personal_data import register_surveys

        register_surveys()
