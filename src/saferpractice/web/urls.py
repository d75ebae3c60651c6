"""The office's addresses. Every school page lives under /s/<school>/ and goes through the
school-scoped base view (saferpractice.web.common.views.SchoolScopeMixin)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from saferpractice.web.common.views import home
from saferpractice.web.organisations import views as org

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home, name="home"),
    path("sign-in/", org.SignInView.as_view(), name="sign-in"),
    path("sign-out/", org.SignOutView.as_view(), name="sign-out"),
    path("account/", org.account, name="account"),
    path("account/password/", org.PasswordChange.as_view(), name="password-change"),
    path("account/two-step/", org.totp_setup, name="totp-setup"),
    path("account/verify/", org.verify_code, name="verify-code"),
    path("s/<slug:school>/", org.SchoolHome.as_view(), name="school-home"),
    path("s/<slug:school>/sign-ins/", org.Members.as_view(), name="members"),
    path("s/<slug:school>/policy/", include("saferpractice.web.policies.urls")),
    path("s/<slug:school>/agreements/", include("saferpractice.web.agreements.urls")),
    path("s/<slug:school>/registers/", include("saferpractice.web.registers.urls")),
    path("s/<slug:school>/audit/", include("saferpractice.web.audit.urls")),
]

# Apps added later (review, concerns) bring their own urls module.
for _app in ("review", "concerns", "insights", "api"):
    try:
        __import__(f"saferpractice.web.{_app}.urls")
    except ModuleNotFoundError:
        continue
    urlpatterns.append(path(f"s/<slug:school>/{_app}/", include(f"saferpractice.web.{_app}.urls")))
