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
