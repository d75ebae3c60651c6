from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Shared pieces: model mixins, the school-scoped base view, templates and static files."""

    name = "saferpractice.web.common"
    label = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        # The permission predicates register themselves with `rules` on import.
        from saferpractice.web import permissions  # noqa: F401
