from __future__ import annotations

from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "saferpractice.web.concerns"
    label = "concerns"
    verbose_name = "Concerns"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saferpractice.web.common.home import register_panel
        from saferpractice.web.common.nav import register
        from saferpractice.web.concerns.panels import concerns_panel, report_panel

        register("Concerns", "concerns:queue", "concerns.view_queue", order=34)
        register("Report a concern", "concerns:report", "concerns.report", order=80)
        register_panel(22, concerns_panel)
        register_panel(85, report_panel)
