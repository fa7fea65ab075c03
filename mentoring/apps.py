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

        from django.contrib.auth.signals import user_logged_in

        from .services.notifications import reminders_on_login

        user_logged_in.connect(reminders_on_login, dispatch_uid="reminders_on_login")

        from . import (  # noqa: F401 - register the collectors and the header search
            calendar,
            health,
            notifications,
            search_sources,
        )
        from .personal_data import register_mentoring

        register_mentoring()
        from .public_cache import watch_mentoring_models

        watch_mentoring_models()

        from django.db.models.signals import pre_save

        from .textclean import clean_text_fields

        pre_save.connect(clean_text_fields, dispatch_uid="mentoring_clean_text_fields")

        from .figures import connect as figures_connect

        figures_connect()

        from .choices import install as install_choices

        install_choices()
