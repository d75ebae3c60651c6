"""Dashboards, the self-review and the annual review pack."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.common.views import SchoolTemplateView
from saferpractice.web.insights import pack, pictures
from saferpractice.web.insights.figures import figures_for, requirement_ids
from saferpractice.web.insights.forms import RatingForm
from saferpractice.web.insights.models import Rating, RequirementReview
from saferpractice.web.organisations.models import School
from saferpractice.web.review.display import AREA_NAMES


class Dashboard(SchoolTemplateView):
    permission_required = "insights.see_dashboard"
    template_name = "insights/dashboard.html"

    def schools(self) -> list[School]:
        return [self.school]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        schools = self.schools()
        fig = figures_for(schools)
        context.update(
            fig=fig,
            charts=pictures.all_charts(fig),
            show_names=len(schools) == 1 and self.can("agreements.see_all_approvals"),
            trust=len(schools) > 1,
            per_school=[(s.name, figures_for([s])) for s in schools] if len(schools) > 1 else [],
            can_trust=self.can("insights.see_trust"),
        )
        return context


class TrustDashboard(Dashboard):
    """The same figures across every school of the trust or local authority; no names."""

    permission_required = "insights.see_trust"

    def schools(self) -> list[School]:
        return list(School.objects.filter(organisation=self.school.organisation).order_by("name"))


def _grouped(school: School) -> list[dict[str, Any]]:
    reviews = {r.requirement_id: r for r in RequirementReview.objects.filter(school=school)}
    areas: dict[str, list[dict[str, Any]]] = {}
    for area_id, req_id, text in requirement_ids(school):
        areas.setdefault(area_id, []).append(
            {"id": req_id, "text": text, "review": reviews.get(req_id)}
        )
    return [
        {"id": area_id, "name": AREA_NAMES.get(area_id, area_id), "items": items}
        for area_id, items in areas.items()
    ]


class SelfReview(SchoolTemplateView):
    permission_required = "insights.see_self_review"
    template_name = "insights/self_review.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = RequirementReview.objects.filter(
            school=self.school, rating__in=[Rating.PARTLY, Rating.NOT_YET]
        ).order_by("due_on", "requirement_id")
        texts = {req_id: text for _, req_id, text in requirement_ids(self.school)}
        fig = figures_for([self.school])
        context.update(
            areas=_grouped(self.school),
            plan=[{"review": r, "text": texts.get(r.requirement_id, "")} for r in plan],
            progress=pictures.self_review(fig),
            # the chart's figures as words, readable on a phone where its labels are tiny
            counts=[
                *((label.lower(), fig.ratings.get(value, 0)) for value, label in Rating.choices),
                ("not yet rated", fig.requirements - fig.rated),
            ],
            fig=fig,
            can_edit=self.can("insights.edit_self_review"),
            today=timezone.localdate(),
        )
        return context


class RateRequirement(SchoolTemplateView):
    permission_required = "insights.edit_self_review"
    template_name = "insights/rate.html"

    def requirement(self) -> tuple[str, str]:
        for _, req_id, text in requirement_ids(self.school):
            if req_id == self.kwargs["requirement"]:
                return req_id, text
        raise Http404("No such requirement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        req_id, text = self.requirement()
        found = RequirementReview.objects.filter(school=self.school, requirement_id=req_id).first()
        initial = {}
        if found is not None:
            initial = {
                "rating": found.rating,
                "evidence": found.evidence,
                "action": found.action,
                "owner": found.owner,
                "due_on": found.due_on,
            }
        context.update(
            requirement_id=req_id,
            text=text,
            review=found,
            form=kwargs.get("form") or RatingForm(initial=initial),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        req_id, _ = self.requirement()
        form = RatingForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        user: Any = request.user
        review, created = RequirementReview.objects.update_or_create(
            school=self.school,
            requirement_id=req_id,
            defaults={
                "rating": data["rating"],
                "evidence": data["evidence"],
                "action": data["action"],
                "owner": data["owner"],
                "due_on": data["due_on"],
                "reviewed_on": timezone.localdate(),
                "reviewed_by": user,
            },
        )
        record(
            Action.CREATED if created else Action.CHANGED,
            f"self-review: {req_id} rated {review.get_rating_display().lower()}",
            school=self.school,
            target=review,
            detail={"rating": review.rating, "owner": review.owner, "due_on": review.due_on},
        )
        messages.success(request, "Saved.")
        return redirect("insights:self-review", school=self.school.slug)


class AnnualPack(SchoolTemplateView):
    """The annual review pack for governors, as a PDF."""

    permission_required = "insights.annual_pack"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pdf = pack.render_pack(self.school)
        record(Action.EXPORTED, "annual review pack downloaded", school=self.school)
        response = HttpResponse(pdf, content_type="application/pdf")
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="annual-review-pack-{self.school.slug}-{day}.pdf"'
        )
        return response
