"""The review app's pages: scans, the queue, a finding and its steps, exclusions, reviewers.

Views are thin: the work is in scanning, store, workflow and retention. Every view of a
finding or of the queue is audited.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.generic import View

from saferpractice.checks.rules import RULES
from saferpractice.diagnostics import UserError
from saferpractice.scan.html_report import visible_controls
from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.common.views import SchoolScopeMixin, SchoolTemplateView
from saferpractice.web.organisations.models import Membership
from saferpractice.web.policies.services import ensure_published_policy, parse_policy
from saferpractice.web.registers.models import Person, PersonRole
from saferpractice.web.review import forms, queries, scanning, workflow
from saferpractice.web.review.counts import open_counts
from saferpractice.web.review.display import AREA_NAMES, policy_text
from saferpractice.web.review.models import (
    Exclusion,
    Finding,
    Level,
    Outcome,
    Priority,
    Reviewer,
    Scan,
    ScanSource,
    Status,
)
from saferpractice.web.review.people import namer_for
from saferpractice.web.review.retention import retention_for
from saferpractice.web.review.templatetags.evidence_text import shown

PAGE_SIZE = 50
# The columns the queue shows (the excerpt, `why` and spans stay in the database).
QUEUE_FIELDS = (
    "ref",
    "school",
    "priority",
    "priority_rank",
    "priority_reason",
    "level",
    "status",
    "outcome",
    "summary",
    "people",
    "staff_ref",
    "area",
    "occurred_at",
    "assigned_to",
)
# The columns the finding's chronology shows (not the excerpts, `why` lists and spans of up
# to 100 findings, whose JSON was a tenth of the page's CPU).
CHRONOLOGY_FIELDS = ("ref", "summary", "people", "occurred_at", "priority", "status", "outcome")
STATUS_FILTERS = [("open", "Open (not resolved)"), *Status.choices, ("all", "All")]


# -- scans -------------------------------------------------------------------------------


class _Office(SchoolScopeMixin):
    @property
    def user(self) -> Any:
        return self.request.user


class ScanList(_Office, SchoolTemplateView):
    permission_required = "review.see_scans"
    template_name = "review/scans.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["scans"] = self.scoped(Scan).select_related("started_by")[:30]
        if self.can("review.run_scans"):
            context["form"] = kwargs.get("form") or forms.StartScanForm()
            context["folders"] = scanning.allowed_folders()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("review.run_scans")
        form = forms.StartScanForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            if data["evidence"]:
                uploads = data["evidence"]
                path = scanning.save_uploads(self.school, ((f.name, f.chunks()) for f in uploads))
                source, label = ScanSource.UPLOAD, f"{len(uploads)} uploaded file(s)"
            else:
                path = scanning.check_folder(data["folder"])
                source, label = ScanSource.FOLDER, str(path)
        except UserError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        scan = Scan.objects.create(
            school=self.school,
            source=source,
            label=label[:300],
            path=str(path),
            as_of=data["as_of"],
            started_by=self.user,
        )
        scanning.start(scan)
        messages.success(request, "The scan has started. This page shows its progress.")
        return redirect("review:scan", school=self.school.slug, pk=scan.pk)


class ScanDetail(SchoolTemplateView):
    permission_required = "review.see_scans"
    template_name = "review/scan.html"

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["review/scan_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["scan"] = self.get_scoped(Scan, pk=kwargs["pk"])
        context["can_review"] = self.can("review.view_queue")
        return context


# -- the queue ---------------------------------------------------------------------------


class _Pages(Paginator):  # type: ignore[type-arg]
    """A paginator told its count when the view already knows it (one scan fewer)."""

    def __init__(self, rows: Any, per_page: int, known: int | None) -> None:
        super().__init__(rows, per_page)
        if known is not None:
            self.__dict__["count"] = known  # Paginator.count is a cached_property


PRIORITY_LABELS: dict[str, str] = dict(Priority.choices)
LEVEL_LABELS: dict[str, str] = dict(Level.choices)
STATUS_LABELS: dict[str, str] = dict(Status.choices)
OUTCOME_LABELS: dict[str, str] = dict(Outcome.choices)


def _label(labels: dict[str, str], value: str) -> str:
    # What get_FOO_display() gives, from a plain dict (it was a tenth of the rows' cost).
    return str(labels.get(value, value))


def _row(f: Finding, namer: Any, link: str) -> dict[str, Any]:
    """One queue row as plain values: labels and dates made here once, not looked up by the
    template per cell (the template was most of the queue's CPU time)."""
    when = timezone.localtime(f.occurred_at) if f.occurred_at else None
    assignee = f.assigned_to
    return {
        "url": f"{link}{quote(f.ref, safe='')}/",
        "summary": namer.text(f.summary, f.people),
        "priority_reason": namer.text(f.priority_reason, f.people),
        "staff": namer.name(f.staff_ref) if f.staff_ref else "",
        "area": AREA_NAMES.get(f.area, f.area),
        "priority": f.priority,
        "priority_label": _label(PRIORITY_LABELS, f.priority),
        "level": f.level,
        "level_label": _label(LEVEL_LABELS, f.level),
        "status": f.status,
        "status_label": _label(STATUS_LABELS, f.status),
        "outcome_label": _label(OUTCOME_LABELS, f.outcome) if f.outcome else "",
        "when": f"{when.day} {when:%b %Y}" if when else "—",
        "assignee": (assignee.get_full_name() or assignee.get_username()) if assignee else "",
    }


# The queue's row, as review/queue.html had it: 50 rows of a dozen template variables each
# were half of the page's rendering; the same markup filled in here costs a tenth of that.
# Every value is escaped; evidence-derived text goes through `shown` as in the templates.
_ROW = (
    "  <tr>\n"
    '    <td><span class="tag tag-{priority}">{priority_label}</span><br>'
    '<span class="tag tag-{level}">{level_label}</span></td>\n'
    '    <td><a href="{url}">{summary}</a>{reason}</td>\n'
    "    <td>{staff}</td>\n"
    "    <td>{area}</td>\n"
    "    <td>{when}</td>\n"
    '    <td><span class="tag tag-status-{status}">{status_label}</span>{outcome}{assignee}</td>\n'
    "  </tr>\n"
)


def _escape(value: Any) -> str:
    """What the template's autoescape gives (conditional_escape), without its lazy-string
    wrapper, which was most of the cost of 650 values a page."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _shown(value: Any) -> str:
    return _escape(shown(value))


def _rows_html(rows: list[dict[str, Any]]) -> SafeString:
    e = _escape
    parts = []
    for row in rows:
        reason, outcome, assignee = row["priority_reason"], row["outcome_label"], row["assignee"]
        parts.append(
            _ROW.format(
                priority=e(row["priority"]),
                priority_label=e(row["priority_label"]),
                level=e(row["level"]),
                level_label=e(row["level_label"]),
                url=e(row["url"]),
                summary=_shown(row["summary"]),
                reason=f'<br><span class="muted">{_shown(reason)}</span>' if reason else "",
                staff=_shown(row["staff"]) or "—",
                area=e(row["area"]),
                when=e(row["when"]),
                status=e(row["status"]),
                status_label=e(row["status_label"]),
                outcome=f'<br><span class="muted">{e(outcome)}</span>' if outcome else "",
                assignee=f'<br><span class="muted">with {_shown(assignee)}</span>'
                if assignee
                else "",
            )
        )
    return mark_safe("".join(parts))  # every value above is escaped


def _visible(label: str) -> str:
    return label if label.isprintable() else visible_controls(label)  # the common case in C


def _choices(pairs: Any, chosen: str) -> str:
    """<option> elements, escaped, built in one pass (a template loop per option with an
    `if` for `selected` cost more than the rest of the page)."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<option value="{_escape(v)}"{" selected" if v == chosen else ""}>'
            f"{_escape(_visible(str(label)))}</option>"
            for v, label in pairs
        )
    )


_FIXED_CHOICES: dict[str, list[tuple[str, Any]]] = {
    "status": STATUS_FILTERS,
    "priority": [("", "Any"), *Priority.choices],
    "area": [("", "Any"), *sorted(AREA_NAMES.items(), key=lambda pair: pair[1])],
    "level": [("", "Any"), *Level.choices],
}


@lru_cache(maxsize=512)
def _fixed_options(name: str, chosen: str) -> str:
    """The filters whose choices never change while the process runs, built once per
    chosen value (rules: the checks' catalogue, loaded once at import)."""
    if name == "rule":
        return _choices([("", "Any"), *((r, r) for r in sorted(RULES))], chosen)
    return _choices(_FIXED_CHOICES[name], chosen)


def _options(chosen: dict[str, str], namer: Any, staff_refs: list[str]) -> dict[str, str]:
    people = sorted(((ref, namer.name(ref)) for ref in staff_refs), key=lambda p: p[1])
    return {
        "status": _fixed_options("status", chosen["status"] or "open"),
        "priority": _fixed_options("priority", chosen["priority"]),
        "area": _fixed_options("area", chosen["area"]),
        "level": _fixed_options("level", chosen["level"]),
        "rule": _fixed_options("rule", chosen["rule"]),
        "person": _choices([("", "Anyone"), *people], chosen["person"]),
    }


class Queue(SchoolTemplateView):
    permission_required = "review.view_queue"
    template_name = "review/queue.html"

    def filters(self) -> dict[str, str]:
        return queries.chosen_filters(self.request.GET)

    def filtered(self, chosen: dict[str, str]) -> QuerySet[Finding]:
        return queries.filtered(self, chosen)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        chosen = self.filters()
        rows = self.filtered(chosen).select_related("assigned_to").only(*QUEUE_FIELDS)

        def count() -> dict[str, int]:
            return dict(
                queries.visible(self)
                .exclude(status=Status.RESOLVED)
                .values_list("priority")
                .annotate(n=Count("priority"))  # answered from the partial index alone
                .values_list("priority", "n")
            )

        me = self.request.__dict__.get("_review_me") or ""
        counts = open_counts(self.school.pk, me, count)
        unfiltered = not any(v for k, v in chosen.items() if k != "status")
        known = sum(counts.values()) if unfiltered and chosen["status"] in {"", "open"} else None
        page = _Pages(rows, PAGE_SIZE, known).get_page(self.request.GET.get("page"))
        reveal = self.can("review.see_names")
        # The page names only each row's member of staff (other people appear only inside
        # text, which the namer's lexicon, not these rows, pseudonymises).
        refs = {finding.staff_ref for finding in page if finding.staff_ref}
        # The people filter offers the school's staff (a small table), not a scan of findings;
        # they and the rows' staff come in one query.
        people = {
            p.ref: p
            for p in Person.objects.filter(
                Q(role=PersonRole.STAFF) | Q(ref__in=refs), school=self.school
            ).only("ref", "given_name", "family_name", "role")
        }
        staff_refs = sorted(
            ref for ref, p in people.items() if p.role == PersonRole.STAFF and ref != me
        )[:500]
        namer = namer_for(self.school, refs.union(staff_refs), reveal, people)
        # One reverse() for the page, not one per row (the rows' links differ only by ref).
        link = reverse("review:finding", kwargs={"school": self.school.slug, "ref": "F-0"})[:-4]
        rows_shown = [_row(f, namer, link) for f in page]
        context.update(
            page=page,
            rows=rows_shown,
            rows_html=_rows_html(rows_shown),
            chosen={**chosen, "status": chosen["status"] or "open"},
            date_span=queries.date_span(chosen),
            options=_options(chosen, namer, staff_refs),
            reveal=reveal,
            counts=counts,
        )
        record(
            Action.VIEWED,
            "review queue viewed",
            school=self.school,
            detail={k: v for k, v in chosen.items() if v} | {"page": page.number},
        )
        return context


# -- one finding -------------------------------------------------------------------------


def _assignable(view: SchoolScopeMixin) -> list[tuple[str, str]]:
    """Who a finding can be given to: the school's DSLs and head teachers and its reviewers
    (one query)."""
    users = (
        get_user_model()
        .objects.filter(
            Q(memberships__school=view.school, memberships__role__in=["dsl", "head-teacher"])
            | Q(review_roles__school=view.school)
        )
        .distinct()
        .order_by("last_name", "username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    # AbstractUser.get_full_name() or get_username(), from four columns, not whole users
    return [(str(pk), f"{first} {last}".strip() or name) for pk, first, last, name in users]


_FORM_HTML: dict[tuple[Any, ...], SafeString] = {}


def _form_html(form: Any) -> SafeString:
    """common/form_fields.html for `form`. An empty form's HTML depends only on its class,
    its choices and initial values and the language, so it is made once per process (the
    finding's five forms were a third of the page's CPU); a form with data or errors is
    rendered every time."""
    if form.is_bound:
        return mark_safe(render_to_string("common/form_fields.html", {"form": form}))
    key = (
        type(form),
        get_language(),
        form.prefix,
        tuple(sorted((k, str(v)) for k, v in form.initial.items())),
        tuple(
            (name, tuple((str(v), str(label)) for v, label in getattr(field, "choices", ())))
            for name, field in form.fields.items()
        ),
    )
    found = _FORM_HTML.get(key)
    if found is None:
        if len(_FORM_HTML) > 256:  # choices change now and then: keep it small
            _FORM_HTML.clear()
        found = _FORM_HTML[key] = mark_safe(
            render_to_string("common/form_fields.html", {"form": form})
        )
    return found


def _chronology(
    findings: list[Finding], this: Finding, namer: Any, slug: str
) -> list[dict[str, Any]]:
    """The chronology's rows as plain values (up to 100 rows: a `{% url %}`, a date filter
    and three displays each cost more in the template than the rest of the page)."""
    link = reverse("review:finding", kwargs={"school": slug, "ref": "F-0"})[:-4]
    rows = []
    for f in findings:
        when = timezone.localtime(f.occurred_at) if f.occurred_at else None
        rows.append(
            {
                "this": f.pk == this.pk,
                "url": f"{link}{quote(f.ref, safe='')}/",
                "summary": namer.text(f.summary, f.people),
                "when": f"{when.day} {when:%b %Y}" if when else "date not known",
                "priority": f.priority,
                "priority_label": _label(PRIORITY_LABELS, f.priority),
                "status": f.status,
                "status_label": _label(STATUS_LABELS, f.status),
                "outcome_label": _label(OUTCOME_LABELS, f.outcome) if f.outcome else "",
            }
        )
    return rows


def _chronology_html(rows: list[dict[str, Any]]) -> SafeString:
    """The chronology's <li>s, as review/finding.html had them, every value escaped."""
    e = _escape
    parts = []
    for row in rows:
        this, summary, outcome = row["this"], _shown(row["summary"]), row["outcome_label"]
        parts.append(
            ('<li aria-current="true" class="this-finding">' if this else "<li>")
            + f'<span class="muted">{e(row["when"])}</span> '
            f'<span class="tag tag-{e(row["priority"])}">{e(row["priority_label"])}</span> '
            + (
                f"<strong>{summary} (this finding)</strong>"
                if this
                else f'<a href="{e(row["url"])}">{summary}</a>'
            )
            + f' <span class="tag tag-status-{e(row["status"])}">{e(row["status_label"])}</span>'
            + (f' <span class="muted">{e(outcome)}</span>' if outcome else "")
            + "</li>"
        )
    return mark_safe("".join(parts))  # every value above is escaped


class FindingDetail(SchoolTemplateView):
    permission_required = "review.view_queue"
    template_name = "review/finding.html"

    def finding(self) -> Finding:
        found = self.get_scoped(Finding, ref=self.kwargs["ref"])
        self.require("review.view_finding", found)
        return found

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        finding = kwargs.get("finding_obj") or self.finding()
        reveal = self.can("review.see_names")
        chronology = list(
            queries.visible(self)
            .filter(staff_ref=finding.staff_ref)
            .order_by("occurred_at", "ref")
            .only(*CHRONOLOGY_FIELDS)[:100]
            if finding.staff_ref
            else []
        )
        refs = set(finding.people)
        for other in chronology:
            refs.update(other.people)
        namer = namer_for(self.school, refs, reveal)

        def hide(text: str) -> str:
            return namer.text(text, finding.people)

        policy = parse_policy(ensure_published_policy(self.school).text)
        chronology_rows = _chronology(chronology, finding, namer, self.school.slug)
        context.update(
            finding=finding,
            summary=hide(finding.summary),
            priority_reason=hide(finding.priority_reason),
            why=[hide(line) for line in finding.why],
            excerpt=namer.excerpt(finding.excerpt, finding.spans, finding.people),
            evidence_source=hide(finding.evidence_source),
            evidence_ref=hide(finding.evidence_ref),
            outcome_reason=hide(finding.outcome_reason),
            people=[
                {"name": namer.name(ref), "role": namer.role(ref), "ref": ref if reveal else ""}
                for ref in finding.people
            ],
            staff=namer.name(finding.staff_ref) if finding.staff_ref else "",
            area=AREA_NAMES.get(finding.area, finding.area),
            rule=RULES.get(finding.rule),
            cited=policy_text(policy, finding.policy_item),
            chronology=chronology_rows,
            chronology_html=_chronology_html(chronology_rows),
            activity=[
                {"step": step, "note": hide(step.text)}
                for step in finding.activity.select_related("actor")
            ],
            reveal=reveal,
            can_triage=self.can("review.triage", finding),
            can_resolve=self.can("review.resolve", finding),
            note_form=kwargs.get("note_form") or forms.NoteForm(),
            escalate_form=kwargs.get("escalate_form") or forms.EscalateForm(),
            resolve_form=kwargs.get("resolve_form") or forms.ResolveForm(),
            fp_form=kwargs.get("fp_form") or forms.FalsePositiveForm(),
            assign_form=forms.AssignForm(
                choices=_assignable(self),
                initial={"assignee": str(finding.assigned_to_id or "")},
            ),
        )
        for name in ("note_form", "escalate_form", "resolve_form", "fp_form", "assign_form"):
            context[f"{name}_html"] = _form_html(context[name])
        self.audit_view(finding, f"finding {finding.ref} viewed")
        return context


class FindingAction(_Office, View):
    """One POSTed step on a finding; on success, back to the finding's page."""

    permission_required = "review.view_queue"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        finding = self.get_scoped(Finding, ref=kwargs["ref"])
        self.require("review.view_finding", finding)
        action = kwargs["action"]
        user = self.user
        form: Any
        try:
            if action == "triage":
                self.require("review.triage", finding)
                workflow.triage(finding, user)
                messages.success(request, "Marked as triaged.")
            elif action == "escalate":
                self.require("review.triage", finding)
                form = forms.EscalateForm(request.POST)
                if not form.is_valid():
                    return self.again(finding, escalate_form=form)
                workflow.escalate(finding, user, form.cleaned_data["reason"])
                messages.success(request, "Escalated.")
            elif action == "resolve":
                self.require("review.resolve", finding)
                form = forms.ResolveForm(request.POST)
                if not form.is_valid():
                    return self.again(finding, resolve_form=form)
                workflow.resolve(
                    finding, user, form.cleaned_data["outcome"], form.cleaned_data["reason"]
                )
                messages.success(request, f"Resolved: {finding.get_outcome_display()}.")
            elif action == "false-positive":
                self.require("review.triage", finding)
                form = forms.FalsePositiveForm(request.POST)
                if not form.is_valid():
                    return self.again(finding, fp_form=form)
                exclusion = workflow.false_positive(
                    finding,
                    user,
                    form.cleaned_data["reason"],
                    bool(form.cleaned_data["make_exclusion"]),
                )
                messages.success(
                    request,
                    "Marked as a false positive"
                    + (" and an exclusion agreed." if exclusion else "."),
                )
            elif action == "note":
                self.require("review.triage", finding)
                form = forms.NoteForm(request.POST)
                if not form.is_valid():
                    return self.again(finding, note_form=form)
                workflow.add_note(finding, user, form.cleaned_data["text"])
                messages.success(request, "Note added.")
            elif action == "assign":
                self.require("review.triage", finding)
                choices = _assignable(self)
                form = forms.AssignForm(request.POST, choices=choices)
                if not form.is_valid():
                    return self.again(finding)
                chosen = form.cleaned_data["assignee"]
                assignee = get_user_model().objects.get(pk=chosen) if chosen else None
                workflow.assign(finding, user, assignee)
                messages.success(request, "Assignment saved.")
            else:
                return HttpResponse(status=404)
        except UserError as error:
            messages.error(request, str(error))
        return HttpResponseRedirect(
            reverse("review:finding", kwargs={"school": self.school.slug, "ref": finding.ref})
        )

    def again(self, finding: Finding, **forms_: Any) -> HttpResponse:
        view = FindingDetail()
        view.setup(self.request, **self.kwargs)
        view.school = self.school
        context = view.get_context_data(finding_obj=finding, **forms_)
        response = view.render_to_response(context)
        response.status_code = 400
        return response


# -- exclusions, reviewers and retention -------------------------------------------------


class Exclusions(SchoolTemplateView):
    """Agreed exceptions: what we have agreed not to flag, and why (shown to all staff)."""

    permission_required = "review.see_exclusions"
    template_name = "review/exclusions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = self.scoped(Exclusion).annotate(closed=Count("findings"))
        context.update(
            exclusions=[{"exclusion": e, "rule": RULES.get(e.rule)} for e in rows],
            can_manage=self.can("review.manage_exclusions"),
            rules=RULES,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("review.manage_exclusions")
        exclusion = self.get_scoped(Exclusion, pk=request.POST.get("exclusion", ""))
        exclusion.active = not exclusion.active
        exclusion.save(update_fields=["active", "updated_at"])
        messages.success(
            request, "Exclusion switched back on." if exclusion.active else "Exclusion ended."
        )
        return redirect("review:exclusions", school=self.school.slug)


class Reviewers(_Office, SchoolTemplateView):
    permission_required = "review.manage_reviewers"
    template_name = "review/reviewers.html"

    def choices(self) -> list[tuple[str, str]]:
        ids = Membership.objects.filter(school=self.school).values_list("user_id", flat=True)
        users = get_user_model().objects.filter(pk__in=ids).order_by("last_name", "username")
        return [(str(u.pk), u.get_full_name() or u.get_username()) for u in users]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            reviewers=self.scoped(Reviewer).select_related("user", "granted_by"),
            form=kwargs.get("form") or forms.ReviewerForm(choices=self.choices()),
            retention=retention_for(self.school),
            retention_form=kwargs.get("retention_form")
            or forms.RetentionForm(
                initial={
                    "days": retention_for(self.school).days,
                    "unresolved_days": retention_for(self.school).unresolved_days,
                }
            ),
            can_retention=self.can("review.manage_retention"),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "days" in request.POST:
            self.require("review.manage_retention")
            retention_form = forms.RetentionForm(request.POST)
            if not retention_form.is_valid():
                return self.render_to_response(self.get_context_data(retention_form=retention_form))
            settings = retention_for(self.school)
            settings.days = retention_form.cleaned_data["days"]
            settings.unresolved_days = retention_form.cleaned_data["unresolved_days"]
            settings.save(update_fields=["days", "unresolved_days", "updated_at"])
            messages.success(request, "Retention period saved.")
            return redirect("review:reviewers", school=self.school.slug)
        if "remove" in request.POST:
            found = self.get_scoped(Reviewer, pk=request.POST["remove"])
            found.delete()
            messages.success(request, "Reviewer removed.")
            return redirect("review:reviewers", school=self.school.slug)
        form = forms.ReviewerForm(request.POST, choices=self.choices())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        user = get_user_model().objects.get(pk=form.cleaned_data["user"])
        Reviewer.objects.update_or_create(
            school=self.school,
            user=user,
            defaults={"level": form.cleaned_data["level"], "granted_by": self.user},
        )
        messages.success(request, "Reviewer saved.")
        return redirect("review:reviewers", school=self.school.slug)
