"""The policy: the current version, its document and PDF, history and differences, the
annual review, acknowledgement, and "what we check and why"."""

from __future__ import annotations

import csv
import difflib
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import View

from saferpractice.checks.rules import RULES
from saferpractice.policy import Policy
from saferpractice.policy.diff import PolicyDiff, diff_policies
from saferpractice.policy.render import render_html, render_pdf
from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.common.views import SchoolFormView, SchoolScopeMixin, SchoolTemplateView
from saferpractice.web.policies import editing, services
from saferpractice.web.policies.forms import (
    AcknowledgeForm,
    CommentForm,
    EditItemForm,
    StartReviewForm,
)
from saferpractice.web.policies.models import (
    Acknowledgement,
    PolicyVersion,
    ReviewComment,
    VersionStatus,
)
from saferpractice.web.registers.models import Person


def item_label(policy: Policy, item_id: str, fields: dict[str, Any] | None = None) -> str:
    """A short, readable name for an item (its title or term, else its id)."""
    try:
        item = policy.item(item_id)
    except KeyError:
        name = (fields or {}).get("name")
        return str(name) if name else item_id
    for attribute in ("title", "term"):
        value = getattr(item, attribute, None)
        if value:
            return str(value)
    return item_id


def item_text(fields: dict[str, Any] | None) -> str:
    if not fields:
        return ""
    return str(fields.get("text") or fields.get("summary") or fields.get("description") or "")


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Old and new text, each escaped, with removed and added words marked."""
    a, b = old.split(), new.split()
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_words = escape(" ".join(a[i1:i2]))
        new_words = escape(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(old_words)
            right.append(new_words)
            continue
        if old_words:
            left.append(f"<del>{old_words}</del>")
        if new_words:
            right.append(f"<ins>{new_words}</ins>")
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))


def diff_rows(old: Policy, new: Policy, diff: PolicyDiff) -> list[dict[str, Any]]:
    """One row per added, removed or changed item, with old and new text side by side."""
    rows: list[dict[str, Any]] = []
    for item in diff.changed:
        left, right = word_diff(item_text(item.old), item_text(item.new))
        label = item_label(new, item.id, item.new)
        rows.append(
            {
                "id": item.id,
                "label": label,
                "kind": "Changed",
                "old": left,
                "new": right,
                "fields": ", ".join(item.fields),
            }
        )
    for item_id in diff.added:
        fields = _fields(new, item_id)
        rows.append(
            {
                "id": item_id,
                "label": item_label(new, item_id, fields),
                "kind": "Added",
                "old": "",
                "new": mark_safe(f"<ins>{escape(item_text(fields))}</ins>"),
                "fields": "",
            }
        )
    for item_id in diff.removed:
        fields = _fields(old, item_id)
        rows.append(
            {
                "id": item_id,
                "label": item_label(old, item_id, fields),
                "kind": "Removed",
                "old": mark_safe(f"<del>{escape(item_text(fields))}</del>"),
                "new": "",
                "fields": "",
            }
        )
    return rows


def _fields(policy: Policy, item_id: str) -> dict[str, Any]:
    try:
        dumped: dict[str, Any] = policy.item(item_id).model_dump(mode="json")
        return dumped
    except KeyError:
        return {}


class PolicyHome(SchoolTemplateView):
    permission_required = "policies.read"
    template_name = "policies/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = services.ensure_published_policy(self.school)
        policy = services.parse_policy(version.text)
        context.update(
            version=version,
            policy=policy,
            row=policy.current_version,
            area_names=[area.name for _, area in policy.areas.items()],
            review=services.review_in_progress(self.school),
            can_acknowledge=self.can("policies.acknowledge"),
            can_manage=self.can("policies.manage_review"),
            can_see_acks=self.can("policies.see_acknowledgements"),
            counts={
                "green": sum(1 for p in policy.practices() if p.level.value == "green"),
                "amber": sum(1 for p in policy.practices() if p.level.value == "amber"),
                "red": sum(1 for p in policy.practices() if p.level.value == "red"),
            },
        )
        ref = self.person_ref
        person = self.scoped(Person).filter(ref=ref).first() if ref else None
        if person is not None:
            last = services.last_acknowledged(self.school, person)
            context["last_ack"] = last
            context["acknowledged_current"] = (
                last is not None and last.policy_version == version.version
            )
        return context


@method_decorator(xframe_options_sameorigin, name="dispatch")
class PolicyDocument(SchoolScopeMixin, View):
    """The policy as the CLI renders it (saferpractice.policy.render), shown in a frame."""

    permission_required = "policies.read"

    def get(self, request: HttpRequest, school: str, pk: str) -> HttpResponse:
        version = self.get_scoped(PolicyVersion, pk=pk)
        response = HttpResponse(render_html(services.parse_policy(version.text)))
        # The rendered document carries its own print stylesheet inline.
        response._csp_update = {"style-src": ["'unsafe-inline'"]}  # type: ignore[attr-defined]
        return response


class PolicyPdf(SchoolScopeMixin, View):
    permission_required = "policies.read"

    def get(self, request: HttpRequest, school: str, pk: str) -> HttpResponse:
        version = self.get_scoped(PolicyVersion, pk=pk)
        pdf = render_pdf(services.parse_policy(version.text))
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"{self.school.slug}-policy-{version.version}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PolicyHistory(SchoolTemplateView):
    permission_required = "policies.see_review_record"
    template_name = "policies/history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        versions = list(self.scoped(PolicyVersion).order_by("-created_at"))
        shown = [
            v
            for v in versions
            if v.status in (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
            or self.can("policies.comment_review")
        ]
        # The date each version carries in its own version table (what a governor would cite).
        for version in shown:
            version.dated = services.parse_policy(version.text).current_version.date  # type: ignore[attr-defined]
        context["versions"] = shown
        return context


class PolicyDiffView(SchoolTemplateView):
    permission_required = "policies.see_review_record"
    template_name = "policies/diff.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        new = self.get_scoped(PolicyVersion, pk=self.kwargs["pk"])
        old_pk = self.request.GET.get("from")
        old = (
            self.get_scoped(PolicyVersion, pk=old_pk)
            if old_pk
            else new.based_on or services.current_version(self.school)
        )
        if old is None:
            old = new
        old_policy, new_policy = services.parse_policy(old.text), services.parse_policy(new.text)
        diff = diff_policies(old_policy, new_policy)
        context.update(
            old=old,
            new=new,
            diff=diff,
            rows=diff_rows(old_policy, new_policy, diff),
            versions=self.scoped(PolicyVersion).order_by("-created_at"),
        )
        return context


class WhatWeCheck(SchoolTemplateView):
    """Generated from the rule registry the checks run from, so the page is what runs."""

    permission_required = "policies.read"
    template_name = "policies/what_we_check.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = services.ensure_published_policy(self.school)
        policy = services.parse_policy(version.text)
        rules = []
        for rule in RULES.values():
            try:
                cited = policy.item(rule.policy_item)
                cited_text = getattr(cited, "text", "")
            except KeyError:
                cited_text = ""
            rules.append(
                {"rule": rule, "cited": cited_text, "area": rule.policy_item.split(".")[0]}
            )
        context["rules"] = rules
        context["areas"] = dict(policy.areas.items())
        return context


class Acknowledge(SchoolFormView):
    permission_required = "policies.acknowledge"
    template_name = "policies/acknowledge.html"
    form_class = AcknowledgeForm

    def _person(self) -> Person:
        return self.get_scoped(Person, ref=self.person_ref or "")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = services.ensure_published_policy(self.school)
        person = self._person()
        last = services.last_acknowledged(self.school, person)
        diff = services.changes_since(self.school, last.policy_version if last else None, version)
        rows: list[dict[str, Any]] = []
        if diff is not None:
            old = PolicyVersion.objects.get(school=self.school, version=diff.old_version)
            rows = diff_rows(
                services.parse_policy(old.text), services.parse_policy(version.text), diff
            )
        context.update(
            version=version,
            last=last,
            diff=diff,
            rows=rows,
            already=last is not None and last.policy_version == version.version,
        )
        return context

    def form_valid(self, form: AcknowledgeForm) -> HttpResponse:
        version = services.ensure_published_policy(self.school)
        services.acknowledge(self.school, self._person(), version, self.request.user)
        messages.success(
            self.request, f"Thank you. You have acknowledged version {version.version}."
        )
        return redirect("policy-home", school=self.school.slug)


class AcknowledgementList(SchoolTemplateView):
    permission_required = "policies.see_acknowledgements"
    template_name = "policies/acknowledgements.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = services.ensure_published_policy(self.school)
        outstanding = services.staff_to_acknowledge(self.school, version.version)
        staff = services.current_staff(self.school)
        context.update(
            version=version,
            outstanding=outstanding,
            staff_count=len(staff),
            done_count=len(staff) - len(outstanding),
        )
        self.audit_view(
            version, f"list of staff yet to acknowledge version {version.version} viewed"
        )
        return context


class AcknowledgementCsv(SchoolScopeMixin, View):
    permission_required = "policies.see_acknowledgements"

    def get(self, request: HttpRequest, school: str) -> HttpResponse:
        version = services.ensure_published_policy(self.school)
        outstanding = services.staff_to_acknowledge(self.school, version.version)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="not-acknowledged-{version.version}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(["id", "given_name", "family_name", "email", "last_acknowledged"])
        for person in outstanding:
            last = services.last_acknowledged(self.school, person)
            writer.writerow(
                [
                    person.ref,
                    person.given_name,
                    person.family_name,
                    person.email,
                    last.policy_version if last else "",
                ]
            )
        record(
            Action.EXPORTED,
            f"list of {len(outstanding)} staff yet to acknowledge {version.version} exported",
            school=self.school,
        )
        return response


# -- the annual review -------------------------------------------------------------------------


class ReviewHome(SchoolFormView):
    permission_required = "policies.see_review_record"
    template_name = "policies/review_home.html"
    form_class = StartReviewForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            review=services.review_in_progress(self.school),
            current=services.ensure_published_policy(self.school),
            can_manage=self.can("policies.manage_review"),
            past=self.scoped(PolicyVersion)
            .filter(status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])
            .order_by("-published_at"),
        )
        return context

    def form_valid(self, form: StartReviewForm) -> HttpResponse:
        self.require("policies.manage_review")
        try:
            draft = services.start_review(
                self.school,
                self.request.user,
                form.cleaned_data["version"],
                form.cleaned_data["reason"],
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"Draft version {draft.version} started.")
        return redirect("policy-review-version", school=self.school.slug, pk=draft.pk)


class ReviewVersion(SchoolTemplateView):
    permission_required = "policies.see_review_record"
    template_name = "policies/review_version.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = self.get_scoped(PolicyVersion, pk=self.kwargs["pk"])
        policy = services.parse_policy(version.text)
        comments: dict[str, list[ReviewComment]] = {}
        for comment in version.comments.select_related("author"):
            comments.setdefault(comment.item_id, []).append(comment)
        based = version.based_on
        changed: set[str] = set()
        if based is not None:
            diff = diff_policies(services.parse_policy(based.text), policy)
            changed = {item.id for item in diff.changed} | set(diff.added)
        areas = []
        for area_id, area in policy.areas.items():
            items = [
                {
                    "id": p.id,
                    "label": p.title,
                    "text": p.text,
                    "level": level.value,
                    "changed": p.id in changed,
                    "comments": comments.get(p.id, []),
                }
                for level, p in area.practices()
            ]
            areas.append({"id": area_id, "name": area.name, "items": items})
        step = services.NEXT_STEP.get(version.status)
        step_permission = services.STEP_PERMISSION.get(step or "", "")
        context.update(
            version=version,
            policy=policy,
            areas=areas,
            changed_count=len(changed),
            comment_count=sum(len(v) for v in comments.values()),
            next_step=step,
            next_step_label=dict(VersionStatus.choices).get(step or "", ""),
            can_step=bool(step_permission) and self.can(step_permission),
            can_edit=version.status == VersionStatus.DRAFT and self.can("policies.manage_review"),
            can_comment=version.status == VersionStatus.CIRCULATED
            and self.can("policies.comment_review"),
        )
        return context


class ReviewStep(SchoolScopeMixin, View):
    permission_required = "policies.see_review_record"

    def post(self, request: HttpRequest, school: str, pk: str) -> HttpResponse:
        version = self.get_scoped(PolicyVersion, pk=pk)
        step = services.NEXT_STEP.get(version.status)
        if step is None:
            messages.error(request, "This version has no further step.")
            return redirect("policy-review-version", school=school, pk=pk)
        self.require(services.STEP_PERMISSION[step])
        done = services.take_step(version, self.user)
        if done.status == VersionStatus.PUBLISHED:
            messages.success(
                request,
                f"Version {version.version} is published. {done.asked_to_acknowledge} members of "
                "staff have been asked to read and acknowledge it.",
            )
        else:
            messages.success(request, f"Version {version.version}: {version.get_status_display()}.")
        return redirect("policy-review-version", school=school, pk=pk)


class AddReviewComment(SchoolScopeMixin, View):
    permission_required = "policies.comment_review"

    def post(self, request: HttpRequest, school: str, pk: str) -> HttpResponse:
        version = self.get_scoped(PolicyVersion, pk=pk)
        form = CommentForm(request.POST)
        if version.status != VersionStatus.CIRCULATED:
            messages.error(request, "Comments are taken only while a draft is circulated.")
        elif not form.is_valid():
            messages.error(request, "Write a comment before sending it.")
        else:
            ReviewComment.objects.create(
                school=self.school,
                version=version,
                item_id=form.cleaned_data["item_id"],
                author=self.user,
                text=form.cleaned_data["text"],
            )
            messages.success(request, "Your comment has been added.")
        return redirect(
            reverse("policy-review-version", kwargs={"school": school, "pk": pk})
            + f"#item-{form.data.get('item_id', '')}"
        )


class ReviewEditItem(SchoolFormView):
    permission_required = "policies.manage_review"
    template_name = "policies/edit_item.html"
    form_class = EditItemForm

    def _version(self) -> PolicyVersion:
        return self.get_scoped(PolicyVersion, pk=self.kwargs["pk"], status=VersionStatus.DRAFT)

    def get_initial(self) -> dict[str, Any]:
        try:
            return editing.item_texts(self._version().text, self.kwargs["item"])
        except KeyError:
            return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(version=self._version(), item_id=self.kwargs["item"])
        return context

    def form_valid(self, form: EditItemForm) -> HttpResponse:
        version = self._version()
        try:
            services.edit_item(
                version,
                self.kwargs["item"],
                form.cleaned_data["text"],
                form.cleaned_data.get("title") or None,
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "The item has been changed in the draft.")
        return redirect(
            reverse("policy-review-version", kwargs={"school": self.school.slug, "pk": version.pk})
            + f"#item-{self.kwargs['item']}"
        )


def acknowledgement_panel(view: Any) -> dict[str, Any] | None:
    """Home page: ask staff to acknowledge; show leaders how many have not."""
    version = services.ensure_published_policy(view.school)
    slug = view.school.slug
    if view.can("policies.see_acknowledgements"):
        outstanding = len(services.staff_to_acknowledge(view.school, version.version))
        return {
            "title": "Policy acknowledgement",
            "big": outstanding,
            "lines": [f"members of staff have not yet acknowledged version {version.version}."],
            "links": [
                (
                    "See who, and export the list",
                    reverse("policy-acknowledgements", kwargs={"school": slug}),
                )
            ],
            "attention": outstanding > 0,
        }
    if view.can("policies.acknowledge") and view.person_ref:
        person = view.scoped(Person).filter(ref=view.person_ref).first()
        done = (
            person is not None
            and Acknowledgement.objects.filter(
                school=view.school, person=person, policy_version=version.version
            ).exists()
        )
        if done:
            return {
                "title": "The policy",
                "lines": [f"You have acknowledged version {version.version}. Thank you."],
                "links": [("Read the policy", reverse("policy-home", kwargs={"school": slug}))],
            }
        return {
            "title": "Please read and acknowledge the policy",
            "lines": [f"Version {version.version} of the policy is waiting for you to read it."],
            "links": [
                ("Read and acknowledge it", reverse("policy-acknowledge", kwargs={"school": slug}))
            ],
            "attention": True,
        }
    return {
        "title": "The policy",
        "lines": [f"The current version is {version.version}."],
        "links": [("Read the policy", reverse("policy-home", kwargs={"school": slug}))],
    }


def review_panel(view: Any) -> dict[str, Any] | None:
    review = services.review_in_progress(view.school)
    if review is None or not view.can("policies.comment_review"):
        return None
    return {
        "title": "Annual review",
        "lines": [f"Version {review.version}: {review.get_status_display().lower()}."],
        "links": [
            (
                "Open the annual review",
                reverse(
                    "policy-review-version", kwargs={"school": view.school.slug, "pk": review.pk}
                ),
            )
        ],
        "attention": review.status == VersionStatus.CIRCULATED,
    }
