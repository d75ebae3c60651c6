from __future__ import annotations

from django import forms

from saferpractice.web.insights.models import Rating


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Is this in place?", choices=Rating.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows it: a document, a page of the AUP, a training record.",
    )
    action = forms.CharField(
        label="Action (if not fully in place)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(label="Owner", required=False, max_length=200)
    due_on = forms.DateField(
        label="Due by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, object]:
        data: dict[str, object] = super().clean() or {}
        if data.get("rating") in {Rating.PARTLY, Rating.NOT_YET}:
            for name in ("action", "owner", "due_on"):
                if not data.get(name):
                    self.add_error(name, "An action plan needs an action, an owner and a date.")
        return data
