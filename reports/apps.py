from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Отчёты и публичный раздел"

    def ready(self):
        from . import notifications  # noqa: F401 - the collection's reminders
        from .personal_data import register_reports

        register_reports()

        from mentoring.models import Role
        from mentoring.registries import register_home_card

        from .collections import collection_home_card

        register_home_card(
            key="collection_card",
            template="reports/includes/collection_home_card.html",
            build=collection_home_card,
            roles={Role.DIRECTOR, Role.COORDINATOR, Role.METHODIST, Role.SPECIALIST},
        )

        # The home cards are cached figures: a new request concerns the
        # department and every organisation below it; a submission, the
        # organisation and the departments above it.
        from mentoring.figures import figures_watch
        from mentoring.models import Organization

        from .models import CollectionRequest, CollectionSubmission

        figures_watch(
            CollectionRequest,
            lambda obj: (
                obj.department_id,
                *Organization.descendant_ids([obj.department_id]),
            ),
        )
        figures_watch(CollectionSubmission, lambda obj: obj.organization_id)

        from mentoring.public_cache import watch

        from .models import PublicSettings

        watch(PublicSettings)
