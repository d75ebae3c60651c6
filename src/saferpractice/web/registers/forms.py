from __future__ import annotations

from typing import Any

from django import forms

from saferpractice.identity import normalise_email, normalise_phone
from saferpractice.school.model import ON_OFF_UNKNOWN, RESPONSIBILITIES, YES_NO_UNKNOWN
from saferpractice.web.agreements.forms import DateInput
from saferpractice.web.registers.models import DeviceKind, Ownership, PersonRole


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you importing?",
        choices=[
            ("folder", "A school folder (school.yaml and the register CSV files), as a .zip"),
            ("oneroster", "A OneRoster 1.1 CSV export (users.csv, orgs.csv), as a .zip"),
        ],
        widget=forms.RadioSelect,
        initial="folder",
    )
    archive = forms.FileField(label="The .zip file")
    mode = forms.ChoiceField(
        label="What should happen to the registers?",
        choices=[
            (
                "merge",
                "Merge: add new rows and update changed ones. Rows that are not in the file "
                "are kept.",
            ),
            (
                "replace",
                "Replace: the registers become exactly the file's. Rows that are not in the "
                "file are removed (OneRoster replaces only people and accounts).",
            ),
        ],
        widget=forms.RadioSelect,
        initial="merge",
        required=False,  # a client that sends none merges: the choice that loses nothing
    )

    def clean_mode(self) -> str:
        return str(self.cleaned_data.get("mode") or "merge")


# -- editing a person or a device (the same rules as the school folder's CSVs) --------------


LABELS = {"dsl": "Designated safeguarding lead (DSL)", "ict": "ICT lead"}


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, LABELS.get(v, v.replace("-", " ").capitalize())) for v in values]


class PersonForm(forms.Form):
    given_name = forms.CharField(label="Given name", max_length=200, required=False)
    family_name = forms.CharField(label="Family name", max_length=200, required=False)
    role = forms.ChoiceField(label="Role", choices=PersonRole.choices)
    email = forms.CharField(label="Email (school contact)", max_length=320, required=False)
    phone = forms.CharField(
        label="Phone (school contact)",
        max_length=32,
        required=False,
        help_text="A GB number, such as 07700 900123 or 0161 496 0000, or +country.",
    )
    responsibilities = forms.MultipleChoiceField(
        label="Responsibilities (staff only)",
        choices=_choices(RESPONSIBILITIES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guardian_of = forms.CharField(
        label="Parent or carer of (pupil ids, separated by ;)", max_length=500, required=False
    )
    left_on = forms.DateField(label="Left on (optional)", widget=DateInput, required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, pupils: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupils = pupils or set()

    def clean_email(self) -> str:
        raw = self.cleaned_data["email"].strip()
        value = normalise_email(raw) if raw else ""
        if value is None:
            raise forms.ValidationError(f"'{raw}' is not an email address")
        return value

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        value = normalise_phone(raw) if raw else ""
        if value is None:
            raise forms.ValidationError(f"'{raw}' is not a valid phone number")
        return value

    def clean_guardian_of(self) -> list[str]:
        refs = [r.strip() for r in self.cleaned_data["guardian_of"].split(";") if r.strip()]
        unknown = [r for r in refs if r not in self.pupils]
        if unknown:
            raise forms.ValidationError(f"Not a pupil in the register: {', '.join(unknown)}")
        return list(dict.fromkeys(refs))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("responsibilities") and data.get("role") != PersonRole.STAFF:
            self.add_error("responsibilities", "Responsibilities apply to staff only")
        return data


class DeviceForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=DeviceKind.choices)
    ownership = forms.ChoiceField(
        label="Ownership", choices=Ownership.choices[:2], widget=forms.RadioSelect
    )
    owner = forms.ChoiceField(label="Owner", choices=(), required=False)
    make = forms.CharField(label="Make", max_length=200, required=False)
    model = forms.CharField(label="Model", max_length=200, required=False)
    serial = forms.CharField(label="Serial number", max_length=200, required=False)
    passcode = forms.ChoiceField(label="Passcode set", choices=_choices(YES_NO_UNKNOWN))
    bluetooth = forms.ChoiceField(label="Bluetooth", choices=_choices(ON_OFF_UNKNOWN))
    encrypted = forms.ChoiceField(label="Encrypted", choices=_choices(YES_NO_UNKNOWN))
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, people: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [("", "Nobody: a shared school device"), *(people or [])]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("owner") and data.get("ownership") == Ownership.PERSONAL:
            self.add_error("ownership", "A device with no owner is shared, so it must be school")
        return data


class RemoveForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, remove it from the register", required=True)
