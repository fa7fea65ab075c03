from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Отчёты и публичный раздел"

    def ready(self):
        from .personal_data import register_reports

        register_reports()

        from mentoring.public_cache import watch

        from .models import PublicSettings

        watch(PublicSettings)
