"""Sign-in, throttling, the policy's password rule, the school scope, the audit chain and the
deploy check."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from saferpractice.web.audit.chain import record, verify_chain
from saferpractice.web.audit.models import AppendOnlyError, AuditEvent
from saferpractice.web.organisations.models import Role
from saferpractice.web.organisations.setup import create_admin
from saferpractice.web.organisations.validators import PolicyPasswordValidator

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_form_has_labelled_fields_and_a_sign_in_button(client: Client) -> None:
    page = client.get("/sign-in/").content.decode()
    assert '<label for="id_username">Username</label>' in page
    assert '<label for="id_password">Password</label>' in page
    assert '<button class="button" type="submit">Sign in</button>' in page
    assert 'href="#main">Skip to main content</a>' in page


def test_signing_in_lands_on_the_school_and_is_audited(
    client: Client, school: Any, make_user: Any
) -> None:
    make_user("ahmed", school, Role.STAFF)
    response = client.post("/sign-in/", {"username": "ahmed", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    assert home.redirect_chain[-1][0] == f"/s/{school.slug}/"
    assert AuditEvent.objects.filter(action="signed-in", actor="ahmed").count() == 1


def test_passwords_are_stored_with_argon2(make_user: Any, school: Any) -> None:
    user = make_user("hash", school, Role.STAFF)
    assert user.password.startswith("argon2$")


def test_repeated_wrong_passwords_pause_sign_in(
    client: Client, school: Any, make_user: Any
) -> None:
    make_user("target", school, Role.STAFF)
    for _ in range(5):
        client.post("/sign-in/", {"username": "target", "password": "wrong"})
    locked = client.post("/sign-in/", {"username": "target", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Sign-in paused" in locked.content
    assert AuditEvent.objects.filter(action="sign-in-failed").count() >= 5


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!A", None),
        ("alllowercase1!", "no upper-case letter"),
        ("NoNumbersHere!", "no number"),
        ("NoSymbols123", "no other character"),
        ("Ab1!", "shorter than"),
    ],
)
def test_the_policys_strong_password_rule_is_the_validator(
    password: str, reason: str | None
) -> None:
    validator = PolicyPasswordValidator()
    if reason is None:
        validator.validate(password)
        return
    with pytest.raises(ValidationError) as error:
        validator.validate(password)
    assert reason in " ".join(error.value.messages)


def test_createadmin_refuses_a_weak_password_and_makes_no_default_account() -> None:
    problems = create_admin("office", "password", "Birch Primary")
    assert any("not strong enough" in p for p in problems)
    assert create_admin("office", "Birch-Primary-2026!", "Birch Primary") == []
    assert create_admin("office", "Birch-Primary-2026!", "Birch Primary") != []


def test_another_schools_pages_are_not_found(
    signed_in: Any, school: Any, other_school: Any
) -> None:
    client = signed_in("head", school, Role.HEAD_TEACHER)
    assert client.get(f"/s/{school.slug}/").status_code == 200
    assert client.get(f"/s/{other_school.slug}/").status_code == 404
    assert client.get(f"/s/{other_school.slug}/audit/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, school: Any) -> None:
    response = client.get(f"/s/{school.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_the_audit_chain_verifies_and_detects_tampering(school: Any) -> None:
    for n in range(5):
        record("viewed", f"looked at record {n}", school=school)
    report = verify_chain()
    assert report.intact, report.problems
    assert report.events >= 5
    event = AuditEvent.objects.order_by("-seq")[2]
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=event.seq).update(summary="nothing to see")
    if connection.vendor == "postgresql":
        # The database refuses too; a superuser could still switch the trigger off.
        with pytest.raises(Exception, match="cannot be changed"), connection.cursor() as cur:
            cur.execute("UPDATE audit_auditevent SET summary = 'x' WHERE seq = %s", [event.seq])
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET summary = %s WHERE seq = %s",
            ["nothing to see", event.seq],
        )
    tampered = verify_chain()
    assert not tampered.intact
    assert any(f"event {event.seq} has been altered" in p for p in tampered.problems)


def test_changes_to_records_are_audited_with_the_actor(school: Any, make_user: Any) -> None:
    from saferpractice.web.registers.models import Person

    person = Person.objects.create(school=school, ref="S9", given_name="Ana", role="staff")
    person.family_name = "Lopez"
    person.save(update_fields=["family_name"])
    events = list(AuditEvent.objects.filter(target_id=str(person.pk)).order_by("seq"))
    assert [e.action for e in events] == ["created", "changed"]
    assert events[1].detail["values"] == {"family_name": "Lopez"}
    assert events[0].school_id == str(school.pk)


def test_prod_check_is_clean() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "saferpractice", "web", "--prod-check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr


def test_leaders_see_their_schools_sign_ins_in_the_audit_log_but_not_others(
    client: Client, school: Any, other_school: Any, make_user: Any
) -> None:
    make_user("member", school, Role.STAFF)
    make_user("outsider", other_school, Role.STAFF)
    for username in ("member", "outsider"):
        Client().post("/sign-in/", {"username": username, "password": PASSWORD})
    client.force_login(make_user("dsl", school, Role.DSL))
    page = client.get(f"/s/{school.slug}/audit/").content.decode()
    assert "member signed in" in page
    assert "outsider" not in page
    assert "audit log viewed" in client.get(f"/s/{school.slug}/audit/").content.decode()


def test_the_head_adds_a_sign_in_with_a_strong_password_only(signed_in: Any, school: Any) -> None:
    from django.contrib.auth import get_user_model

    from saferpractice.web.organisations.models import Membership

    client = signed_in("head", school, Role.HEAD_TEACHER)
    url = f"/s/{school.slug}/sign-ins/"
    weak = client.post(url, {"username": "newt", "role": "staff", "password": "password1"})
    assert "not strong enough" in weak.content.decode()
    assert not get_user_model().objects.filter(username="newt").exists()
    client.post(url, {"username": "newt", "role": "staff", "password": "Newt-Staff-2026!"})
    assert Membership.objects.filter(user__username="newt", school=school, role="staff").exists()
    # An existing sign-in gains a role without a password.
    client.post(url, {"username": "newt", "role": "governor"})
    assert Membership.objects.filter(user__username="newt", role="governor").count() == 1
