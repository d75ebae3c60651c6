"""The web office's tests: Django (pytest-django) against SQLite, or PostgreSQL when
DATABASE_URL names one.

Under CI=true an unreachable PostgreSQL is a failure; elsewhere the tests are skipped with
the reason.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_DATA = tempfile.mkdtemp(prefix="saferpractice-web-tests-")
os.environ.setdefault("SAFERPRACTICE_DATA_DIR", _DATA)
os.environ["DJANGO_SETTINGS_MODULE"] = "saferpractice.web.settings"
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

import django  # noqa: E402

django.setup()


def _postgres_problem() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL at DATABASE_URL is unreachable ({error})".strip()
    return None


_PG_PROBLEM = _postgres_problem()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _PG_PROBLEM is None:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(_PG_PROBLEM + " (CI=true, so this is a failure)")
    here = str(Path(__file__).parent)
    skip = pytest.mark.skip(reason=_PG_PROBLEM + "; the web tests on PostgreSQL are skipped")
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(skip)


# -- building a small school ----------------------------------------------------------------

PASSWORD = "Correct-Horse-7-battery"


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from django.contrib.auth import get_user_model

    from saferpractice.web.organisations.models import Membership

    def make(username: str, school: Any = None, role: str = "", person_ref: str = "") -> Any:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        if school is not None and role:
            Membership.objects.create(user=user, school=school, role=role, person_ref=person_ref)
        return user

    return make


@pytest.fixture
def school(db: Any) -> Any:
    from saferpractice.web.organisations.setup import create_school

    return create_school("Oak Tree Primary", "Riverside Trust", "trust")


@pytest.fixture
def other_school(db: Any) -> Any:
    from saferpractice.web.organisations.setup import create_school

    return create_school("Elm Grove Academy", "Hillside Trust", "trust")


@pytest.fixture
def signed_in(client: Any, make_user: Callable[..., Any]) -> Callable[..., Any]:
    def sign_in(username: str, school: Any, role: str, person_ref: str = "") -> Any:
        client.force_login(make_user(username, school, role, person_ref))
        return client

    return sign_in
