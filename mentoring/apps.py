from django.apps import AppConfig


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentoring"
    verbose_name = "Наставничество"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .sqlite import install

        connection_created.connect(install, dispatch_uid="mentoring_sqlite_like")

        from . import security

        security.connect()

        from . import notifications  # noqa: F401 - registers the collectors
        from .figures import connect as figures_connect

        figures_connect()
