from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "saferpractice.web.agreements"
    label = "agreements"
    default_auto_field = "django.db.models.BigAutoField"
