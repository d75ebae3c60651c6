from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "saferpractice.web.organisations"
    label = "organisations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saferpractice.web.common.nav import register

        register("Home", "school-home", "office.view_school", order=0)
        register("Sign-ins", "members", "organisations.manage_members", order=95)
