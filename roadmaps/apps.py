from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from . import (  # noqa: F401 - register the collectors, indicators, the order kind's effect
            calendar,
            indicators,
            notifications,
            orders,
        )
        from .personal_data import register_roadmaps

        register_roadmaps()

        from mentoring.models import Role
        from mentoring.registries import register_home_card

        from .views import home_card

        register_home_card(
            key="roadmap_card",
            template="roadmaps/includes/home_card.html",
            build=home_card,
            roles={Role.DIRECTOR, Role.COORDINATOR, Role.METHODIST, Role.SPECIALIST},
        )

        # The public pages show the roadmap in force and its progress.
        from mentoring.public_cache import watch

        from .models import Activity, Occurrence, Roadmap

        for model in (Roadmap, Occurrence):
            watch(model)
        watch(Activity, lambda activity: activity.roadmap.organization_id)

        from mentoring.search import register_search_source

        from .search import roadmaps

        register_search_source(roadmaps)

        # Writes bump the cached figures (home cards, roll-ups) of the
        # organisation and the departments above it.
        from mentoring.figures import figures_watch

        from . import models

        figures_watch(models.Roadmap)
        figures_watch(models.Indicator)
        figures_watch(
            models.Occurrence, lambda obj: (obj.organization_id, obj.roadmap.organization_id)
        )
        figures_watch(models.Activity, lambda obj: obj.roadmap.organization_id)
        figures_watch(models.IndicatorTarget, lambda obj: obj.indicator.organization_id)
        figures_watch(models.IndicatorEntry, lambda obj: obj.indicator.organization_id)
        figures_watch(models.IndicatorSnapshot, lambda obj: obj.indicator.organization_id)
