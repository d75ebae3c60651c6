from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "saferpractice.web.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saferpractice.web.audit import signals  # noqa: F401  (connects the receivers)
        from saferpractice.web.common.nav import register

        register("Audit log", "audit-log", "audit.view", order=90)
