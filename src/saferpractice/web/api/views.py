"""The read-only JSON API: findings and cases (concerns), for one school.

Every endpoint goes through the office's one school-scoped base view (SchoolScopeMixin), so
the school comes from the caller's own memberships and each permission is the same rules
predicate the pages use. Analysts get pseudonyms, as on the pages. Every call is audited
with who asked, what and how (session or token). Errors are JSON too.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.generic import View

from saferpractice.web.api import schema, serialise
from saferpractice.web.api.auth import bearer, token_user
from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.common.views import SchoolScopeMixin, needs_second_factor
from saferpractice.web.concerns.models import Concern, ConcernStatus
from saferpractice.web.concerns.views import visible_concerns
from saferpractice.web.registers.models import Person
from saferpractice.web.review import queries
from saferpractice.web.review.models import Finding
from saferpractice.web.review.people import namer_for

PAGE_SIZE = 50


def error(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message, "status": status}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="saferpractice"'
    return response


class ApiView(SchoolScopeMixin, View):
    http_method_names = ["get", "head", "options"]
    via = "session"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        token = bearer(request)
        if token is not None:
            user = token_user(token, str(kwargs.get("school", "")))
            if user is None:
                return error(401, "the token is not valid for this school (or has expired)")
            request.user = user
            self.via = "token"
        elif not request.user.is_authenticated:
            return error(401, "sign in, or send Authorization: Bearer <token>")
        elif needs_second_factor(request):
            return error(401, "finish two-step sign-in first")
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return error(403, "you do not have permission for this")
        except Http404:
            return error(404, "not found")

    def audit(self, summary: str, target: Any = None, **detail: Any) -> None:
        record(
            Action.VIEWED,
            f"API: {summary}",
            school=self.school,
            actor=self.request.user,
            target=target,
            detail={"via": self.via, **detail},
        )

    def page_of(self, rows: Any) -> Any:
        number = self.request.GET.get("page", "1")
        try:
            return Paginator(rows, PAGE_SIZE).page(number)
        except (PageNotAnInteger, EmptyPage) as wrong:
            raise Http404 from wrong

    def listing(self, page: Any, results: list[dict[str, Any]]) -> JsonResponse:
        return JsonResponse(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": results,
            }
        )


def _finding_url(school: str, ref: str) -> str:
    return reverse("api:finding", kwargs={"school": school, "ref": ref})


class Findings(ApiView):
    permission_required = "review.view_queue"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen = queries.chosen_filters(request.GET)
        if chosen["status"] not in {"", "open", "all", *schema.FINDING_STATUSES}:
            return error(400, "status must be open, all, new, triaged, escalated or resolved")
        page = self.page_of(queries.filtered(self, chosen))
        refs = {ref for f in page for ref in f.people}
        namer = namer_for(self.school, refs, self.can("review.see_names"))
        slug = self.school.slug
        results = [serialise.finding_summary(f, namer, _finding_url(slug, f.ref)) for f in page]
        self.audit(
            "findings listed",
            page=page.number,
            filters={k: v for k, v in chosen.items() if v},
        )
        return self.listing(page, results)


class FindingOne(ApiView):
    permission_required = "review.view_queue"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        finding = self.get_scoped(Finding, ref=kwargs["ref"])
        self.require("review.view_finding", finding)
        namer = namer_for(self.school, finding.people, self.can("review.see_names"))
        url = _finding_url(self.school.slug, finding.ref)
        self.audit(f"finding {finding.ref} read", target=finding)
        return JsonResponse(serialise.finding_detail(finding, namer, url))


def _case_url(school: str, pk: Any) -> str:
    return reverse("api:case", kwargs={"school": school, "pk": pk})


class Cases(ApiView):
    permission_required = "concerns.view_queue"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        status = request.GET.get("status", "open")
        rows = visible_concerns(self)  # type: ignore[arg-type]
        if status == "open":
            rows = rows.exclude(status=ConcernStatus.CLOSED)
        elif status in ConcernStatus.values:
            rows = rows.filter(status=status)
        elif status != "all":
            return error(400, "status must be open, all, received, looking or closed")
        page = self.page_of(rows.order_by("-created_at", "pk"))
        slug = self.school.slug
        results = [serialise.case_summary(c, _case_url(slug, c.pk)) for c in page]
        self.audit("cases listed", page=page.number, status=status)
        return self.listing(page, results)


class CaseOne(ApiView):
    permission_required = "concerns.view_queue"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        concern = self.get_scoped(Concern, pk=kwargs["pk"])
        self.require("concerns.view_concern", concern)
        about = None
        if concern.about_ref:
            person = Person.objects.filter(school=self.school, ref=concern.about_ref).first()
            about = person.full_name if person is not None else concern.about_ref
        self.audit(f"case {concern.pk} read", target=concern)
        url = _case_url(self.school.slug, concern.pk)
        return JsonResponse(serialise.case_detail(concern, url, about))


class OpenApi(View):
    """The API's OpenAPI 3.1 description (public: it describes shapes, never data)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return JsonResponse(schema.document())
