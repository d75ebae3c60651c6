from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "saferpractice.web.agreements"
    label = "agreements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saferpractice.web.agreements.views import approvals_panel, consent_panel
        from saferpractice.web.common.home import register_panel
        from saferpractice.web.common.nav import register

        register("Approvals", "approvals", "agreements.see_approvals", order=20)
        register("Image consent", "consent-check", "agreements.check_consent", order=30)
        register_panel(30, approvals_panel)
        register_panel(35, consent_panel)
