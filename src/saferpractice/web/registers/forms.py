from __future__ import annotations

from django import forms


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
    archive = forms.FileField(
        label="The .zip file",
        help_text="A school folder import replaces the registers; OneRoster replaces people "
        "and accounts and keeps the rest.",
    )
