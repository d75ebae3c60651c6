from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "saferpractice.web.review"
    label = "review"
    verbose_name = "Findings review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saferpractice.web.common.home import register_panel
        from saferpractice.web.common.nav import register
        from saferpractice.web.review import counts
        from saferpractice.web.review.panels import findings_panel, scans_panel

        counts.connect()

        register("Findings", "review:queue", "review.view_queue", order=30)
        register("Scans", "review:scans", "review.see_scans", order=32)
        register_panel(20, findings_panel)
        register_panel(60, scans_panel)
