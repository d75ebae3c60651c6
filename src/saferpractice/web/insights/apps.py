from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "saferpractice.web.insights"
    label = "insights"
    verbose_name = "Insights: dashboards, self-review and the annual review pack"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saferpractice.web.common.home import register_panel
        from saferpractice.web.common.nav import register
        from saferpractice.web.insights.panels import self_review_panel

        register("Dashboard", "insights:dashboard", "insights.see_dashboard", order=40)
        register("Self-review", "insights:self-review", "insights.see_self_review", order=42)
        register_panel(70, self_review_panel)
