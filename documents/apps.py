from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Документы наставничества"

    def ready(self):
        from . import orders  # noqa: F401 - the Положение as appendix and approval effect
        from .personal_data import register_documents

        register_documents()
