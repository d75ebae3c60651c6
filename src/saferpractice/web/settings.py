"""Django settings for the e-safety office, read from the environment.

Nothing secret lives in the repository. The variables (all optional except where noted):

- `SAFERPRACTICE_ENV`: `production` turns on HTTPS-only cookies, HSTS and the SSL redirect,
  and requires `SAFERPRACTICE_SECRET_KEY`. Anything else (the default) is a local office
  served on 127.0.0.1 over plain HTTP.
- `SAFERPRACTICE_SECRET_KEY`: the signing key. Outside production, when unset, a random key
  is made once and kept in the data folder (readable only by its owner).
- `SAFERPRACTICE_DATA_DIR`: where the SQLite database, the generated key and collected static
  files live (default `./saferpractice-data`).
- `DATABASE_URL`: e.g. `postgres://user@127.0.0.1:5432/office`; the default is SQLite in the
  data folder.
- `SAFERPRACTICE_ALLOWED_HOSTS`: comma-separated host names (default `127.0.0.1,localhost`).
- `SAFERPRACTICE_DEMO`: `1` shows the demo banner on every page.
- `SAFERPRACTICE_DEBUG`: `1` for Django's debug pages (never in production).
- `SAFERPRACTICE_AUDIT_KEY`: the key that seals the audit log (HMAC-SHA256), kept outside
  the database so that someone who can write to the database cannot rewrite the log
  unnoticed. In production it must be set (or `SAFERPRACTICE_AUDIT_KEY_FILE` must name a
  file holding it). Elsewhere, when unset, a key is made once in the data folder.
- `SAFERPRACTICE_TRUSTED_PROXIES`: comma-separated addresses or networks (e.g.
  `127.0.0.1,10.0.0.0/8`) of reverse proxies whose `X-Forwarded-For` header is believed.
  Empty (the default): the connecting address is the client, and the header is ignored.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SAFERPRACTICE_DATA_DIR", "saferpractice-data")).resolve()
PRODUCTION = os.environ.get("SAFERPRACTICE_ENV", "").strip().lower() == "production"
DEMO = _flag("SAFERPRACTICE_DEMO")
DEBUG = _flag("SAFERPRACTICE_DEBUG") and not PRODUCTION


def _secret_key() -> str:
    from django.core.exceptions import ImproperlyConfigured

    key = os.environ.get("SAFERPRACTICE_SECRET_KEY", "").strip()
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SAFERPRACTICE_SECRET_KEY must be set in production (50 or more random characters)"
        )
    # A local office keeps a key it made itself, so sessions survive a restart. Importing the
    # settings without a data folder (type checking, say) uses a throwaway key and writes nothing.
    key = secrets.token_urlsafe(50)
    if not DATA_DIR.is_dir():
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.is_file():
        return key_file.read_text(encoding="utf-8").strip()
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()


def _audit_key() -> str:
    """The audit log's sealing key: from the environment, a named file, or (outside
    production) a file the office makes once in its data folder."""
    from django.core.exceptions import ImproperlyConfigured

    key = os.environ.get("SAFERPRACTICE_AUDIT_KEY", "").strip()
    named = os.environ.get("SAFERPRACTICE_AUDIT_KEY_FILE", "").strip()
    if not key and named:
        try:
            key = Path(named).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"SAFERPRACTICE_AUDIT_KEY_FILE {named} cannot be read ({error.strerror})"
            ) from error
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("the audit key must be 32 or more characters")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SAFERPRACTICE_AUDIT_KEY (or SAFERPRACTICE_AUDIT_KEY_FILE) must be set in "
            "production: 32 or more random characters, kept outside the database"
        )
    key = secrets.token_urlsafe(48)
    if not DATA_DIR.is_dir():
        return key
    key_file = DATA_DIR / "audit_key"
    if key_file.is_file():
        return key_file.read_text(encoding="utf-8").strip()
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


AUDIT_KEY = _audit_key()
TRUSTED_PROXIES = _list("SAFERPRACTICE_TRUSTED_PROXIES", "")
ALLOWED_HOSTS = _list("SAFERPRACTICE_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "csp",
    "django_tasks",  # background scans (review app); see docs/web.md
    "django_tasks_db",
    "saferpractice.web.common",
    "saferpractice.web.audit",
    "saferpractice.web.organisations",
    "saferpractice.web.registers",
    "saferpractice.web.policies",
    "saferpractice.web.agreements",
]
# Apps added by later work (review, concerns) register themselves here.
for _optional in (
    "saferpractice.web.review",
    "saferpractice.web.concerns",
    "saferpractice.web.insights",
    "saferpractice.web.api",
):
    if (PACKAGE_DIR / _optional.rsplit(".", 1)[1] / "apps.py").is_file():
        INSTALLED_APPS.append(_optional)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "saferpractice.web.audit.middleware.AuditActorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "saferpractice.web.urls"
WSGI_APPLICATION = "saferpractice.web.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "saferpractice.web.common.context.office",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'office.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, which the audit hash chain relies on.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (scans started from the web) runs through Django's tasks framework (the
# django-tasks backport); the database backend needs no other service. `saferpractice web`
# runs a worker thread beside the server; `saferpractice web manage db_worker` runs one apart.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SAFERPRACTICE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "saferpractice.web.organisations.validators.PolicyPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# django-axes: lock a username from one address after repeated failures, for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("SAFERPRACTICE_SIGNIN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Sign-in lockouts key on the same address as the council page's rate limit: X-Forwarded-For
# believed only from SAFERPRACTICE_TRUSTED_PROXIES (saferpractice.web.common.client).
AXES_CLIENT_IP_CALLABLE = "saferpractice.web.common.client.client_address"

OTP_TOTP_ISSUER = "saferpractice"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if DATA_DIR.is_dir():
    STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the package too, so a fresh install works before collectstatic.
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one school day
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("SAFERPRACTICE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SAFERPRACTICE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SAFERPRACTICE_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _flag("SAFERPRACTICE_HSTS_PRELOAD", True)
    if _flag("SAFERPRACTICE_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-csp 4: everything from our own origin; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}
