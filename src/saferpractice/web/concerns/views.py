"""Concerns pages: report one, see your own, the DSL's queue, one concern, the council page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.generic import View

from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.common.client import client_address
from saferpractice.web.common.views import SchoolTemplateView
from saferpractice.web.concerns import forms, routes, services
from saferpractice.web.concerns.models import Concern, ConcernStatus, RoutedTo
from saferpractice.web.organisations.models import School
from saferpractice.web.policies.services import ensure_published_policy, parse_policy
from saferpractice.web.registers.models import Person, PersonRole


def _colleagues(view: SchoolTemplateView) -> list[tuple[str, str]]:
    me = view.person_ref
    rows = Person.objects.filter(school=view.school, role=PersonRole.STAFF, left_on__isnull=True)
    return [(p.ref, p.full_name or p.ref) for p in rows.order_by("family_name") if p.ref != me]


class Report(SchoolTemplateView):
    permission_required = "concerns.report"
    template_name = "concerns/report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or forms.StaffConcernForm(colleagues=_colleagues(self))
        context["routes"] = routes.FOR_STAFF
        context["dsl_names"] = [
            p.full_name
            for p in Person.objects.filter(
                school=self.school, ref__in=services.dsl_refs(self.school)
            )
        ]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.StaffConcernForm(request.POST, colleagues=_colleagues(self))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        concern = services.file_staff_concern(
            self.school,
            request.user,
            data["kind"],
            data["text"],
            data.get("about") or "",
            happened=data.get("happened", ""),
            where=data.get("where", ""),
        )
        who = "the head teacher" if concern.routed_to == RoutedTo.HEAD else "the DSL"
        messages.success(request, f"Thank you. Your concern has gone to {who}.")
        return redirect("concerns:mine", school=self.school.slug)


class Mine(SchoolTemplateView):
    """The concerns I reported, with their status only."""

    permission_required = "concerns.report"
    template_name = "concerns/mine.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["concerns"] = self.scoped(Concern).filter(reporter_id=self.request.user.pk)
        return context


def visible_concerns(view: SchoolTemplateView) -> QuerySet[Concern]:
    rows = view.scoped(Concern)
    if not view.can("concerns.view_concern", Concern(school=view.school, routed_to=RoutedTo.HEAD)):
        rows = rows.exclude(routed_to=RoutedTo.HEAD)
    if view.person_ref:
        rows = rows.exclude(about_ref=view.person_ref)
    return rows


class Queue(SchoolTemplateView):
    permission_required = "concerns.view_queue"
    template_name = "concerns/queue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "open")
        rows = visible_concerns(self).select_related("reporter")
        if status == "open":
            rows = rows.exclude(status=ConcernStatus.CLOSED)
        elif status in ConcernStatus.values:
            rows = rows.filter(status=status)
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            status=status,
            statuses=[("open", "Open"), *ConcernStatus.choices, ("all", "All")],
        )
        record(Action.VIEWED, "concerns queue viewed", school=self.school)
        return context


class Detail(SchoolTemplateView):
    permission_required = "concerns.view_queue"
    template_name = "concerns/concern.html"

    def concern(self) -> Concern:
        concern = self.get_scoped(Concern, pk=self.kwargs["pk"])
        self.require("concerns.view_concern", concern)
        return concern

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        concern = kwargs.get("concern") or self.concern()
        about = Person.objects.filter(school=self.school, ref=concern.about_ref).first()
        context.update(
            concern=concern,
            about=about,
            notes=concern.notes.select_related("author"),
            form=kwargs.get("form") or forms.HandleConcernForm(initial={"status": concern.status}),
        )
        self.audit_view(concern, f"concern {concern.pk} viewed")
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        concern = self.concern()
        form = forms.HandleConcernForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(concern=concern, form=form))
        data = form.cleaned_data
        services.update(concern, request.user, data["status"], data["note"], data["outcome"])
        messages.success(request, "Saved.")
        return redirect("concerns:concern", school=self.school.slug, pk=concern.pk)


# -- the pupils' Cyber Safety Council page: public, no sign-in --------------------------------


class Council(View):
    """The council's aims and resources, and a way to report a worry. No sign-in; it never
    shows any report, not even the one just made."""

    template_name = "concerns/council.html"

    def school(self) -> School:
        school = School.objects.filter(slug=self.kwargs["school"]).first()
        if school is None:
            raise Http404("No such school")
        self.request.school = school  # type: ignore[attr-defined]  # the masthead names it
        return school

    def page(
        self, request: HttpRequest, school: School, form: Any, status: int = 200
    ) -> HttpResponse:
        policy = parse_policy(ensure_published_policy(school).text)
        return render(
            request,
            self.template_name,
            {
                "council_school": school,
                "council": policy.council,
                "resources": policy.resources,
                "form": form,
                "routes": routes.FOR_PUPILS,
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        school = self.school()
        if request.GET.get("sent"):
            return render(
                request,
                "concerns/council_thanks.html",
                {"council_school": school, "routes": routes.FOR_PUPILS},
            )
        return self.page(request, school, forms.CouncilReportForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        school = self.school()
        key = services.client_key(school, client_address(request))
        if services.too_many(school, key):
            return render(
                request,
                "concerns/council_busy.html",
                {"council_school": school, "routes": routes.FOR_PUPILS},
                status=429,
            )
        form = forms.CouncilReportForm(request.POST)
        if not form.is_valid():
            return self.page(request, school, form, status=400)
        services.file_council_report(school, form.cleaned_data, key)
        return redirect(f"{request.path}?sent=1")
