from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "saferpractice.web.registers"
    label = "registers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saferpractice.web.common.home import register_panel
        from saferpractice.web.common.nav import register
        from saferpractice.web.registers.views import registers_panel

        register("Registers", "registers", "registers.view", order=60)
        register_panel(60, registers_panel)
