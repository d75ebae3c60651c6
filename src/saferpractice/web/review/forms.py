"""The review app's forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from saferpractice.web.review.models import Outcome, ReviewerLevel


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class StartScanForm(forms.Form):
    evidence = MultipleFileField(
        label="Evidence files",
        required=False,
        help_text="Mailboxes (mbox, .eml), message and chat exports, web-filter logs, "
        "device inventories or photos. They are kept only while the scan runs.",
    )
    folder = forms.CharField(
        label="Or a folder on the server",
        required=False,
        max_length=1000,
        help_text="A folder inside the office's evidence folders, e.g. a nightly export.",
    )
    as_of = forms.DateField(
        label="Judge as of",
        initial=date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Approvals and consents are checked as they stood on this date.",
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("evidence") and not (data.get("folder") or "").strip():
            raise forms.ValidationError("Choose evidence files to upload, or name a folder.")
        if data.get("evidence") and (data.get("folder") or "").strip():
            raise forms.ValidationError("Upload files or name a folder, not both.")
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label="Add a note", widget=forms.Textarea(attrs={"rows": 3}))


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label="Escalated to whom, and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: to the head teacher, because it concerns a senior leader.",
    )


RESOLVE_OUTCOMES = [(value, label) for value, label in Outcome.choices if value != "false-positive"]


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=RESOLVE_OUTCOMES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="What was decided, and why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FalsePositiveForm(forms.Form):
    reason = forms.CharField(
        label="Why this is not a concern",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required. Staff can read agreed exclusions on the 'what we check' page.",
    )
    make_exclusion = forms.BooleanField(
        label="Agree an exclusion: close future findings of this rule for this member of staff",
        required=False,
    )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label="Assign to", required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "Nobody"), *choices]  # type: ignore[attr-defined]


class ReviewerForm(forms.Form):
    user = forms.ChoiceField(label="Person")
    level = forms.ChoiceField(
        label="Level", choices=ReviewerLevel.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = choices  # type: ignore[attr-defined]


class RetentionForm(forms.Form):
    days = forms.IntegerField(
        label="Keep resolved findings for (days)", min_value=1, max_value=3650
    )
    unresolved_days = forms.IntegerField(
        label="Keep findings nobody resolved, after a scan last saw them, for (days)",
        min_value=30,
        max_value=3650,
    )
