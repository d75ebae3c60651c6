"""The one base view that enforces the school scope, and the permission check every view uses.

A page for a school subclasses `SchoolTemplateView` (or `SchoolFormView`, or mixes
`SchoolScopeMixin` into any class-based view) and names its permission:

    class ApprovalList(SchoolTemplateView):
        permission_required = "agreements.see_all_approvals"

The mixin then:
- signs the visitor in first, and asks for their TOTP code if they have set one up;
- finds the school from the URL among the visitor's own schools (any other school is a 404,
  so another school's existence is not even revealed);
- checks the permission against the school (rules predicates in saferpractice.web.permissions);
- offers `self.scoped(Model)` (a queryset already filtered to the school),
  `self.get_scoped(Model, **lookup)` (one record of this school or 404), and
  `self.require(permission, record)` for record-level permissions.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import FormView, TemplateView
from django_otp import device_classes, user_has_device

from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.common.models import SchoolScopedModel
from saferpractice.web.organisations.models import Membership, School
from saferpractice.web.permissions import person_ref_at, remember_standing, standing_from

M = TypeVar("M", bound=Model)


def needs_second_factor(request: HttpRequest, has_device: bool | None = None) -> bool:
    """Signed in with a confirmed device but not yet verified with it this session.
    `has_device`, when the caller has already asked the database, saves the query."""
    user: Any = request.user
    if not user.is_authenticated:
        return False
    if has_device is None:
        has_device = user_has_device(user, confirmed=True)
    return bool(has_device and not user.is_verified())


def _has_device(user: OuterRef) -> Exists | None:
    """ "Has a confirmed second-factor device", as a subquery, for every kind of device
    django-otp knows (what django_otp.user_has_device asks, one query per kind)."""
    found: Any = None
    for model in device_classes():
        one = Exists(model.objects.devices_for_user(user, confirmed=True))
        found = one if found is None else found | one
    return cast("Exists | None", found)


def schools_of(user: Any) -> QuerySet[School]:
    return School.objects.filter(
        pk__in=Membership.objects.filter(user=user).values("school")
    ).order_by("name")


class SchoolScopeMixin(LoginRequiredMixin):
    """Scope every request to one of the visitor's schools and check one named permission."""

    permission_required: str = "office.view_school"
    school: School
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        school, has_device = self._find_school(request.user, kwargs.get("school", ""))
        if needs_second_factor(request, has_device):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('verify-code')}?{query}")
        if school is None:
            raise Http404("No such school")
        self.school = school
        request.school = school  # type: ignore[attr-defined]
        self.require(self.permission_required)
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)
        return response

    @staticmethod
    def _find_school(user: Any, slug: str) -> tuple[School | None, bool | None]:
        """The visitor's school with this slug, with their roles and person id there and
        whether they have a second-factor device, in one query (the permission checks of
        the request then need none). Not a member: (None, None), the device not asked."""
        rows = Membership.objects.filter(user=user, school__slug=slug).select_related("school")
        device = _has_device(OuterRef("user"))
        if device is not None:
            rows = rows.annotate(has_device=device)
        found = list(rows.only("role", "person_ref", "school"))
        if not found:
            return None, None
        school = found[0].school
        remember_standing(user, school, standing_from((m.role, m.person_ref) for m in found))
        return school, bool(getattr(found[0], "has_device", False))

    # -- permissions ---------------------------------------------------------------------
    def can(self, permission: str, obj: Any = None) -> bool:
        return bool(self.request.user.has_perm(permission, obj if obj is not None else self.school))

    def require(self, permission: str, obj: Any = None) -> None:
        if not self.can(permission, obj):
            raise PermissionDenied(permission)

    # -- scoped queries ------------------------------------------------------------------
    def scoped(self, model: type[M]) -> QuerySet[M]:
        return model._default_manager.filter(school=self.school)

    def get_scoped(self, model: type[M], **lookup: Any) -> M:
        try:
            found = self.scoped(model).filter(**lookup).first()
        except (ValidationError, ValueError):  # a malformed id (not a UUID) is no such record
            found = None
        if found is None:
            raise Http404(f"No such {model._meta.verbose_name}")
        if isinstance(found, SchoolScopedModel):
            found.school = self.school  # filtered by it: the same school, without a query
        return found

    @property
    def user(self) -> Any:
        """The signed-in user (always authenticated inside a school view)."""
        return self.request.user

    @property
    def person_ref(self) -> str | None:
        """The registers' id of the signed-in person at this school (None if not linked)."""
        return person_ref_at(self.request.user, self.school)

    # -- audit ---------------------------------------------------------------------------
    def audit_view(self, target: Any, summary: str) -> None:
        """Record that a sensitive record was looked at."""
        record(Action.VIEWED, summary, school=self.school, target=target)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["school"] = self.school
        return context


class SchoolTemplateView(SchoolScopeMixin, TemplateView):
    pass


class SchoolFormView(SchoolScopeMixin, FormView):  # type: ignore[type-arg]
    pass


def home(request: HttpRequest) -> HttpResponse:
    """After sign-in: straight to the visitor's school, or a choice if they have several."""
    if not request.user.is_authenticated:
        return redirect("sign-in")
    if needs_second_factor(request):
        return redirect("verify-code")
    schools = list(schools_of(request.user))
    if len(schools) == 1:
        return redirect("school-home", school=schools[0].slug)
    from django.shortcuts import render

    return render(request, "common/choose_school.html", {"schools": schools})
