from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from . import calendar, notifications  # noqa: F401 - register the collectors
        from .personal_data import register_roadmaps

        register_roadmaps()
