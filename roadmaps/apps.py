from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from . import (  # noqa: F401 - register the collectors and indicator definitions
            indicators,
            notifications,
        )
