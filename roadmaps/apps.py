from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        # Writes bump the cached figures (home cards, roll-ups) of the
        # organisation and the departments above it.
        from mentoring.figures import figures_watch

        from . import (
            models,
            notifications,  # noqa: F401 - registers the collectors
        )

        figures_watch(models.Roadmap)
        figures_watch(models.Indicator)
        figures_watch(
            models.Occurrence, lambda obj: (obj.organization_id, obj.roadmap.organization_id)
        )
        figures_watch(models.Activity, lambda obj: obj.roadmap.organization_id)
        figures_watch(models.IndicatorTarget, lambda obj: obj.indicator.organization_id)
        figures_watch(models.IndicatorEntry, lambda obj: obj.indicator.organization_id)
        figures_watch(models.IndicatorSnapshot, lambda obj: obj.indicator.organization_id)
