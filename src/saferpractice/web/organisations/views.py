"""Sign-in, the visitor's account (password, TOTP) and the school home page."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferpractice.web.common.home import panels_for
from saferpractice.web.common.views import SchoolFormView, SchoolTemplateView, schools_of
from saferpractice.web.organisations.forms import AddMemberForm, TokenForm
from saferpractice.web.organisations.models import Membership, Role
from saferpractice.web.permissions import roles_at


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


def _may_use_totp(user: Any) -> bool:
    return any(user.has_perm("accounts.use_totp", school) for school in schools_of(user))


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    memberships = Membership.objects.filter(user=user).select_related("school")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    return render(
        request,
        "organisations/account.html",
        {
            "memberships": memberships,
            "totp_device": device,
            "may_use_totp": _may_use_totp(request.user),
        },
    )


def _qr_svg(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=5, title="QR code for your authenticator app")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@login_required
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Set up a TOTP code (offered to senior leaders, the head teacher and the DSL)."""
    if not _may_use_totp(request.user):
        return redirect("account")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            messages.success(request, "Two-step sign-in is on. You will be asked for a code.")
            return redirect("account")
        form.add_error("token", "That code is not right. Check the time on your phone.")
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "organisations/totp_setup.html",
        {"form": form, "qr": _qr_svg(device.config_url), "secret": secret},
    )


@login_required
def verify_code(request: HttpRequest) -> HttpResponse:
    """The second step of sign-in for someone with a TOTP device."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    form = TokenForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("home")
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        for device in devices:
            if device.verify_token(token):
                otp_login(request, device)
                return redirect(next_url)
        form.add_error("token", "That code is not right. Check the time on your phone.")
    return render(request, "registration/verify_code.html", {"form": form, "next": next_url})


class SchoolHome(SchoolTemplateView):
    """The school's home page: what this visitor needs to do, and what they can reach."""

    template_name = "organisations/school_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        roles = roles_at(self.request.user, self.school)
        labels = dict(Membership._meta.get_field("role").choices or [])
        context["roles"] = [labels.get(role, role) for role in sorted(roles)]
        context["panels"] = panels_for(self)
        return context


class Members(SchoolFormView):
    """Sign-ins and roles at this school (head teacher and administrators)."""

    permission_required = "organisations.manage_members"
    template_name = "organisations/members.html"
    form_class = AddMemberForm

    def get_form_kwargs(self) -> dict[str, Any]:
        from saferpractice.web.registers.models import Person, PersonRole

        kwargs = super().get_form_kwargs()
        kwargs["roles"] = list(Role.choices)
        kwargs["people"] = [
            (p.ref, f"{p.full_name} ({p.ref})")
            for p in self.scoped(Person).filter(role__in=[PersonRole.STAFF, PersonRole.GOVERNOR])
        ]
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["memberships"] = (
            self.scoped(Membership).select_related("user").order_by("user__username", "role")
        )
        return context

    def form_valid(self, form: AddMemberForm) -> HttpResponse:
        from django.contrib.auth import get_user_model, password_validation
        from django.core.exceptions import ValidationError

        data = form.cleaned_data
        user_model = get_user_model()
        user = user_model.objects.filter(username=data["username"]).first()
        if user is None:
            if not data.get("password"):
                form.add_error("password", "A new sign-in needs a first password.")
                return self.form_invalid(form)
            candidate = user_model(username=data["username"])
            try:
                password_validation.validate_password(data["password"], candidate)
            except ValidationError as error:
                form.add_error("password", error)
                return self.form_invalid(form)
            user = user_model.objects.create_user(
                username=data["username"],
                password=data["password"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
        if Membership.objects.filter(user=user, school=self.school, role=data["role"]).exists():
            form.add_error("role", "They already hold this role here.")
            return self.form_invalid(form)
        Membership.objects.create(
            user=user, school=self.school, role=data["role"], person_ref=data.get("person_ref", "")
        )
        messages.success(self.request, f"{user.get_username()} can now sign in as {data['role']}.")
        return redirect("members", school=self.school.slug)
