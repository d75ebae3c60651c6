"""Approvals (staff ask to use their own equipment; senior leaders decide) and image consents
(the register, each pupil's history, and the staff quick check)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from saferpractice.web.agreements import services
from saferpractice.web.agreements.forms import (
    ApprovalRequestForm,
    ConsentCheckForm,
    ConsentRecordForm,
    DecisionForm,
)
from saferpractice.web.agreements.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Consent,
    ConsentStatus,
    ConsentUse,
)
from saferpractice.web.common.views import SchoolFormView, SchoolTemplateView
from saferpractice.web.registers.folder import core_school
from saferpractice.web.registers.models import Device, Person, PersonRole

EXPIRING_DAYS = 14


def expiry_note(approval: Approval, today: date) -> str:
    if approval.valid_to < today:
        return f"Expired on {approval.valid_to:%-d %B %Y}"
    if approval.valid_from > today:
        return f"Starts on {approval.valid_from:%-d %B %Y}"
    days = (approval.valid_to - today).days
    if days == 0:
        return "Expires today"
    return f"Expires in {days} day{'s' if days != 1 else ''} ({approval.valid_to:%-d %B %Y})"


class ApprovalList(SchoolTemplateView):
    permission_required = "agreements.see_approvals"
    template_name = "agreements/approvals.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        see_all = self.can("agreements.see_all_approvals") or self.can("agreements.decide_approval")
        approvals = self.scoped(Approval).select_related("person", "device")
        if not see_all:
            approvals = approvals.filter(person__ref=self.person_ref or "\0")
        status = self.request.GET.get("status", "")
        kind = self.request.GET.get("kind", "")
        q = self.request.GET.get("q", "").strip()
        if status in ApprovalStatus.values:
            approvals = approvals.filter(status=status)
        if kind in ApprovalKind.values:
            approvals = approvals.filter(kind=kind)
        if q and see_all:
            approvals = approvals.filter(
                Q(person__given_name__icontains=q)
                | Q(person__family_name__icontains=q)
                | Q(purpose__icontains=q)
                | Q(ref__iexact=q)
            )
        today = timezone.localdate()
        rows = [
            {"a": a, "expiry": expiry_note(a, today)} for a in approvals.order_by("-created_at")
        ]
        waiting = self.scoped(Approval).filter(status=ApprovalStatus.REQUESTED).count()
        context.update(
            rows=rows,
            see_all=see_all,
            can_request=self.can("agreements.request_approval"),
            can_decide=self.can("agreements.decide_approval"),
            waiting=waiting,
            statuses=ApprovalStatus.choices,
            kinds=ApprovalKind.choices,
            status=status,
            kind=kind,
            q=q,
        )
        return context


class ApprovalRequest(SchoolFormView):
    permission_required = "agreements.request_approval"
    template_name = "agreements/request.html"
    form_class = ApprovalRequestForm

    def _person(self) -> Person:
        return self.get_scoped(Person, ref=self.person_ref or "")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["devices"] = self.scoped(Device).filter(owner=self._person(), ownership="personal")
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"valid_from": today, "valid_to": today + timedelta(days=1)}

    def form_valid(self, form: ApprovalRequestForm) -> HttpResponse:
        data = form.cleaned_data
        note = data.get("device_description", "").strip()
        approval = Approval.objects.create(
            school=self.school,
            ref=services.next_ref(self.school),
            person=self._person(),
            kind=data["kind"],
            device=data.get("device"),
            purpose=data["purpose"].strip(),
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            requested_by=self.user,
            notes=f"device: {note}" if note else "",
            position=self.scoped(Approval).count(),
        )
        messages.success(
            self.request,
            f"Your request {approval.ref} has been sent to the senior leaders. "
            "Do not go ahead until it is approved.",
        )
        return redirect("approval-detail", school=self.school.slug, pk=approval.pk)


class ApprovalDetail(SchoolFormView):
    permission_required = "agreements.see_approvals"
    template_name = "agreements/approval.html"
    form_class = DecisionForm

    def _approval(self) -> Approval:
        approval = self.get_scoped(Approval, pk=self.kwargs["pk"])
        self.require("agreements.view_approval", approval)
        return approval

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        approval = self._approval()
        self.audit_view(approval, f"approval {approval.ref} viewed")
        context.update(
            approval=approval,
            expiry=expiry_note(approval, timezone.localdate()),
            # as on the list: an approval past its dates is tagged Expired, not Approved
            expired=approval.expired(timezone.localdate()),
            can_decide=approval.status == ApprovalStatus.REQUESTED
            and self.can("agreements.decide_approval")
            and not self.can("agreements.withdraw_approval", approval),
        )
        return context

    def form_valid(self, form: DecisionForm) -> HttpResponse:
        approval = self._approval()
        self.require("agreements.decide_approval")
        if self.can("agreements.withdraw_approval", approval):
            messages.error(self.request, "You cannot decide your own request.")
        elif approval.status != ApprovalStatus.REQUESTED:
            messages.error(self.request, "This request has already been decided.")
        else:
            approve = form.cleaned_data["decision"] == "approved"
            try:
                services.decide(approval, self.user, approve, form.cleaned_data["reason"])
            except services.CannotApproveError as refusal:
                messages.error(self.request, str(refusal))
            else:
                messages.success(
                    self.request, f"Request {approval.ref} {'approved' if approve else 'declined'}."
                )
        return redirect("approval-detail", school=self.school.slug, pk=approval.pk)


# -- consents ---------------------------------------------------------------------------------


class ConsentRegister(SchoolTemplateView):
    permission_required = "agreements.view_consents"
    template_name = "agreements/consents.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        use = self.request.GET.get("use", "")
        status = self.request.GET.get("status", "")
        pupils = self.scoped(Person).filter(role=PersonRole.PUPIL, left_on__isnull=True)
        if q:
            pupils = pupils.filter(
                Q(given_name__icontains=q) | Q(family_name__icontains=q) | Q(ref__iexact=q)
            )
        core = core_school(self.school)
        today = timezone.localdate()
        uses = ConsentUse.choices
        rows = []
        for pupil in pupils.order_by("family_name", "given_name"):
            states = {u: core.consent(pupil.ref, u, today).status for u, _ in uses}
            if use in states and status and states[use] != status:
                continue
            rows.append({"pupil": pupil, "states": [states[u] for u, _ in uses]})
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            uses=uses,
            q=q,
            use=use,
            status=status,
            statuses=[*ConsentStatus.choices, ("expired", "Expired"), ("none", "None on record")],
            total=len(rows),
        )
        return context


class PupilConsents(SchoolFormView):
    permission_required = "agreements.view_consents"
    template_name = "agreements/pupil_consents.html"
    form_class = ConsentRecordForm

    def _pupil(self) -> Person:
        return self.get_scoped(Person, ref=self.kwargs["ref"], role=PersonRole.PUPIL)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        pupil = self._pupil()
        parents = self.scoped(Person).filter(role=PersonRole.PARENT)
        kwargs["parents"] = [(p.ref, p.full_name) for p in parents if pupil.ref in p.guardian_of]
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"recorded_on": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pupil = self._pupil()
        self.audit_view(pupil, f"consent history of pupil {pupil.ref} viewed")
        core = core_school(self.school)
        today = timezone.localdate()
        history = list(
            self.scoped(Consent).filter(pupil=pupil).order_by("-recorded_on", "-created_at")
        )
        # "By" names the parent or carer, not their register id, which means nothing to a reader.
        givers = self.scoped(Person).filter(ref__in={c.given_by for c in history})
        names = {p.ref: p.full_name for p in givers}
        context.update(
            pupil=pupil,
            history=[(c, names.get(c.given_by) or c.given_by) for c in history],
            current=[(label, core.consent(pupil.ref, u, today)) for u, label in ConsentUse.choices],
            can_manage=self.can("agreements.manage_consents"),
        )
        return context

    def form_valid(self, form: ConsentRecordForm) -> HttpResponse:
        self.require("agreements.manage_consents")
        pupil = self._pupil()
        data = form.cleaned_data
        Consent.objects.create(
            school=self.school,
            pupil=pupil,
            use=data["use"],
            status=data["status"],
            given_by=data["given_by"],
            recorded_on=data["recorded_on"],
            expires_on=data.get("expires_on"),
            recorded_by=self.user,
            position=self.scoped(Consent).count(),
        )
        messages.success(self.request, "The consent decision has been recorded.")
        return redirect("pupil-consents", school=self.school.slug, ref=pupil.ref)


class ConsentCheck(SchoolFormView):
    """Staff: "can I use this photo of these pupils for the website?" """

    permission_required = "agreements.check_consent"
    template_name = "agreements/consent_check.html"
    form_class = ConsentCheckForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The nav's "Image consent" lands here; those who keep the register find it from here.
        context["can_see_register"] = self.can("agreements.view_consents")
        return context

    def form_valid(self, form: ConsentCheckForm) -> HttpResponse:
        data = form.cleaned_data
        use = data["use"]
        label = dict(ConsentUse.choices)[use]
        on = data.get("on") or timezone.localdate()
        answers = services.check_consent(self.school, data["pupils"].splitlines(), use, label, on)
        found = [a for a in answers if a.pupil is not None]
        from saferpractice.web.audit.chain import record
        from saferpractice.web.audit.models import Action

        record(
            Action.VIEWED,
            f"consent checked for {len(found)} pupil(s), use {use}",
            school=self.school,
            detail={"pupils": [a.pupil.ref for a in found if a.pupil], "use": use},
        )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                answers=answers,
                all_ok=bool(answers) and all(a.ok for a in answers),
                use_label=label,
                on=on,
            )
        )


def approvals_panel(view: Any) -> dict[str, Any] | None:
    slug = view.school.slug
    url = reverse("approvals", kwargs={"school": slug})
    if view.can("agreements.decide_approval"):
        waiting = view.scoped(Approval).filter(status=ApprovalStatus.REQUESTED).count()
        today = timezone.localdate()
        soon = (
            view.scoped(Approval)
            .filter(
                status=ApprovalStatus.APPROVED,
                valid_to__gte=today,
                valid_to__lte=today + timedelta(days=EXPIRING_DAYS),
            )
            .count()
        )
        return {
            "title": "Requests to decide",
            "big": waiting,
            "lines": [
                "waiting for a senior leader's decision.",
                f"{soon} approval(s) expire in the next {EXPIRING_DAYS} days.",
            ],
            "links": [("Decide requests", f"{url}?status=requested")],
            "attention": waiting > 0,
        }
    if view.can("agreements.request_approval"):
        mine = view.scoped(Approval).filter(person__ref=view.person_ref or "\0")
        waiting = mine.filter(status=ApprovalStatus.REQUESTED).count()
        return {
            "title": "Using your own equipment",
            "lines": [
                "Ask a senior leader before using your own phone, camera or webcam for school work."
                + (f" {waiting} of your requests are waiting for a decision." if waiting else "")
            ],
            "links": [
                ("Ask for approval", reverse("approval-request", kwargs={"school": slug})),
                ("Your approvals", url),
            ],
        }
    return None


def consent_panel(view: Any) -> dict[str, Any] | None:
    if not view.can("agreements.check_consent"):
        return None
    slug = view.school.slug
    links = [("Check consent for a photo", reverse("consent-check", kwargs={"school": slug}))]
    if view.can("agreements.view_consents"):
        links.append(("The image consent register", reverse("consents", kwargs={"school": slug})))
    return {
        "title": "Photos of pupils",
        "lines": ["Before you take or use a photo, check that parents have agreed to that use."],
        "links": links,
    }
