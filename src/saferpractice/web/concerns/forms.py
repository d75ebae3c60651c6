"""Forms for reporting and handling concerns."""

from __future__ import annotations

from typing import Any

from django import forms

from saferpractice.web.concerns.models import ConcernKind, ConcernStatus, ReporterKind

STAFF_KINDS = [(k, label) for k, label in ConcernKind.choices if k != ConcernKind.PUPIL_REPORT]


class StaffConcernForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is your concern about?", choices=STAFF_KINDS, widget=forms.RadioSelect
    )
    about = forms.ChoiceField(
        label="Which colleague? (only for a colleague's conduct)",
        required=False,
        help_text="If it is about the designated safeguarding lead, it goes to the head "
        "teacher instead.",
    )
    text = forms.CharField(
        label="What happened?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what you saw or heard, in your own words. Do not forward or copy "
        "indecent images: describe them.",
    )
    happened = forms.CharField(label="When did it happen?", required=False, max_length=200)
    where = forms.CharField(
        label="Where? (an app, website, device or place)", required=False, max_length=200
    )

    def __init__(self, *args: Any, colleagues: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "Not about a colleague"), *colleagues]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("kind") == ConcernKind.COLLEAGUE and not data.get("about"):
            self.add_error("about", "Choose the colleague the concern is about.")
        return data


class CouncilReportForm(forms.Form):
    reporter_kind = forms.ChoiceField(
        label="Who are you?", choices=ReporterKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="What is worrying you?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Tell us what happened. You do not have to give your name.",
    )
    happened = forms.CharField(
        label="When did it happen? (optional)", required=False, max_length=200
    )
    where = forms.CharField(
        label="Where did it happen? For example a game, an app or a website (optional)",
        required=False,
        max_length=200,
    )
    anonymous = forms.BooleanField(label="I want to stay anonymous", required=False, initial=True)
    name = forms.CharField(
        label="Your name and class (optional)",
        required=False,
        max_length=200,
        help_text="Only if you want us to talk to you about it. Leave blank to stay anonymous.",
    )
    contact = forms.CharField(
        label="How can we reach you? (optional)", required=False, max_length=200
    )


class HandleConcernForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=ConcernStatus.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (what you did, who you told)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcome = forms.CharField(
        label="Outcome (when closing)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
