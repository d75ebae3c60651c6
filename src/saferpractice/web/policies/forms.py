from __future__ import annotations

from django import forms


class AcknowledgeForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read this version of the policy and I will follow it",
        required=True,
        error_messages={"required": "Tick the box to confirm you have read the policy"},
    )


class StartReviewForm(forms.Form):
    version = forms.CharField(
        label="New version number", max_length=40, help_text="For example 3.0 or 2.1."
    )
    reason = forms.CharField(
        label="Reason for the review",
        max_length=500,
        initial="Annual review",
        help_text="Shown in the policy's version table.",
    )


class EditItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300, required=False)
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 6}))


class CommentForm(forms.Form):
    item_id = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 3}))
