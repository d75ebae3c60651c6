from __future__ import annotations

from typing import Any

from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="Six digits, changing every 30 seconds.",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AddMemberForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    role = forms.ChoiceField(label="Role", choices=())
    person_ref = forms.ChoiceField(
        label="Person in the registers",
        choices=(),
        required=False,
        help_text="Links the sign-in to their record, so they can acknowledge and ask for "
        "approval as themselves.",
    )
    password = forms.CharField(
        label="First password",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="For a new sign-in. Tell them in person; they can change it under "
        "'Your account'.",
    )

    def __init__(
        self,
        *args: Any,
        roles: list[tuple[str, str]],
        people: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        person = self.fields["person_ref"]
        assert isinstance(role, forms.ChoiceField) and isinstance(person, forms.ChoiceField)
        role.choices = roles
        person.choices = [("", "Not linked"), *people]
