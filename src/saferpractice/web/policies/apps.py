from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "saferpractice.web.policies"
    label = "policies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saferpractice.web.common.home import register_panel
        from saferpractice.web.common.nav import register
        from saferpractice.web.policies.views import acknowledgement_panel, review_panel

        register("Policy", "policy-home", "policies.read", order=10)
        register_panel(10, acknowledgement_panel)
        register_panel(20, review_panel)
