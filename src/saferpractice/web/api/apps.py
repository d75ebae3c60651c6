from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "saferpractice.web.api"
    label = "api"
    verbose_name = "Read-only JSON API"
    default_auto_field = "django.db.models.BigAutoField"
