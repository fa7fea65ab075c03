from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from . import (
            notifications,  # noqa: F401 - registers the collectors
            orders,  # noqa: F401 - the roadmap order's effect and appendix
        )
