from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from mentoring.search import register_search_source

        from . import notifications  # noqa: F401 - registers the collectors
        from .search import roadmaps

        register_search_source(roadmaps)
