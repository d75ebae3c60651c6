from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from saferpractice.web.agreements.models import ApprovalKind, ConsentStatus, ConsentUse
from saferpractice.web.registers.models import Device


class DateInput(forms.DateInput):
    input_type = "date"


class ApprovalRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to do?", choices=ApprovalKind.choices, widget=forms.RadioSelect
    )
    device = forms.ModelChoiceField(
        label="Which of your devices?",
        queryset=Device.objects.none(),
        required=False,
        empty_label="A device not in the school's register",
        help_text="Your own devices that the school has registered.",
    )
    device_description = forms.CharField(
        label="If it is not in the register, describe the device",
        required=False,
        max_length=200,
        help_text="Make and model, for example 'Apple iPhone 13'.",
    )
    purpose = forms.CharField(
        label="What is it for?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example 'Photos of the Year 5 residential trip to Whitby'.",
    )
    valid_from = forms.DateField(label="From", widget=DateInput)
    valid_to = forms.DateField(label="Until", widget=DateInput)

    def __init__(self, *args: Any, devices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        device_field = self.fields["device"]
        assert isinstance(device_field, forms.ModelChoiceField)
        device_field.queryset = devices if devices is not None else Device.objects.none()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "The end date must be on or after the start date")
        if end and end < date.today():
            self.add_error("valid_to", "The end date is in the past")
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approved", "Approve"), ("declined", "Decline")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The member of staff sees this. Say what the agreement covers, or why not.",
    )


class ConsentRecordForm(forms.Form):
    use = forms.ChoiceField(label="Use", choices=ConsentUse.choices)
    status = forms.ChoiceField(
        label="Decision", choices=ConsentStatus.choices, widget=forms.RadioSelect
    )
    given_by = forms.ChoiceField(label="Given by (parent or carer)", choices=())
    recorded_on = forms.DateField(label="Date of the decision", widget=DateInput)
    expires_on = forms.DateField(label="Expires on (optional)", widget=DateInput, required=False)

    def __init__(self, *args: Any, parents: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        given_by = self.fields["given_by"]
        assert isinstance(given_by, forms.ChoiceField)
        given_by.choices = parents or []


class ConsentCheckForm(forms.Form):
    pupils = forms.CharField(
        label="Pupils in the photo",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Names or ids, one per line.",
    )
    use = forms.ChoiceField(
        label="What will the photo be used for?",
        choices=ConsentUse.choices,
        widget=forms.RadioSelect,
    )
    on = forms.DateField(
        label="Date it will be used",
        widget=DateInput,
        required=False,
        help_text="Leave empty for today.",
    )
