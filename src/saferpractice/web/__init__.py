"""The school's e-safety office: a Django project of small apps, one per aggregate.

The core packages (policy, school, checks, scan) never import Django; this package calls them.
Start it with `saferpractice web`; see docs/web.md for how to add an app or a page.
"""

SETTINGS_MODULE = "saferpractice.web.settings"


def setup() -> None:
    """Configure Django for the office (idempotent); call before importing models."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    django.setup()
