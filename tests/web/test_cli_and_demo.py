"""`saferpractice web` sub-commands, the demo office's sign-ins, and two-step sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from web_cli import run_web

from saferpractice.web.organisations.models import Role

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_createadmin_then_verify_audit_then_tamper(tmp_path: Path) -> None:
    weak = run_web(
        ["createadmin", "--username", "office", "--school", "Ash Primary"],
        tmp_path,
        SAFERPRACTICE_ADMIN_PASSWORD="password",
    )
    assert weak.returncode == 2 and "not strong enough" in weak.stderr
    made = run_web(
        ["createadmin", "--username", "office", "--school", "Ash Primary"],
        tmp_path,
        SAFERPRACTICE_ADMIN_PASSWORD="Ash-Primary-2026!",
    )
    assert made.returncode == 0, made.stderr
    intact = run_web(["verify-audit"], tmp_path)
    assert intact.returncode == 0 and "intact" in intact.stdout
    import sqlite3

    with sqlite3.connect(tmp_path / "office.sqlite3") as db:
        db.execute("UPDATE audit_auditevent SET summary = 'nothing happened' WHERE seq = 1")
    broken = run_web(["verify-audit"], tmp_path)
    assert broken.returncode == 1
    assert "event 1 has been altered" in broken.stderr


def test_the_demo_office_gives_each_role_a_sensible_landing_page(tmp_path: Path) -> None:
    from saferpractice.demo import generate
    from saferpractice.web.demo import DEMO_PASSWORD, load_demo

    generate(3, tmp_path, pupils=20, messages=0, images=0)
    loaded = load_demo(tmp_path)
    assert [u for u, _ in loaded.sign_ins] == [
        "head",
        "senior",
        "dsl",
        "ict",
        "teacher",
        "governor",
        "trust",
    ]
    expected = {
        "head": "Policy acknowledgement",
        "senior": "Requests to decide",
        "dsl": "Policy acknowledgement",
        "ict": "Registers",
        "teacher": "Photos of pupils",
        "governor": "The policy",
        "trust": "The policy",
    }
    for username, heading in expected.items():
        client = Client()
        response = client.post(
            "/sign-in/", {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        page = response.content.decode()
        assert response.status_code == 200, username
        assert f"/s/{loaded.school_slug}/" == response.redirect_chain[-1][0], username
        assert heading in page, f"{username}: no “{heading}” on the landing page"


def test_two_step_sign_in_for_a_senior_leader(school: Any, make_user: Any) -> None:
    make_user("lead", school, Role.SENIOR_LEADER)
    client = Client()
    client.post("/sign-in/", {"username": "lead", "password": PASSWORD})
    setup = client.get("/account/two-step/")
    assert b"data:image/svg+xml;base64," in setup.content
    device = TOTPDevice.objects.get(user__username="lead")
    assert client.post("/account/two-step/", {"token": "000000"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second; don't wait here
    client.post("/account/two-step/", {"token": f"{totp(device.bin_key):06d}"})
    device.refresh_from_db()
    assert device.confirmed

    fresh = Client()
    fresh.post("/sign-in/", {"username": "lead", "password": PASSWORD})
    asked = fresh.get(f"/s/{school.slug}/")
    assert asked.status_code == 302 and asked["Location"].startswith("/account/verify/")
    wrong = fresh.post("/account/verify/", {"token": "123456", "next": f"/s/{school.slug}/"})
    assert b"That code is not right" in wrong.content
    device.refresh_from_db()
    device.last_t = -1  # the same 30-second step may be used once; allow the next use
    device.save()
    device.throttle_reset()
    right = fresh.post(
        "/account/verify/", {"token": f"{totp(device.bin_key):06d}", "next": f"/s/{school.slug}/"}
    )
    assert right.status_code == 302 and right["Location"] == f"/s/{school.slug}/"
    assert fresh.get(f"/s/{school.slug}/").status_code == 200


def test_staff_are_not_offered_two_step_setup(school: Any, make_user: Any) -> None:
    make_user("staff1", school, Role.STAFF)
    client = Client()
    client.post("/sign-in/", {"username": "staff1", "password": PASSWORD})
    assert client.get("/account/two-step/")["Location"] == "/account/"
    assert not TOTPDevice.objects.filter(user__username="staff1").exists()


@pytest.mark.django_db(transaction=True)
def test_the_demo_is_served_before_its_scan_ends_and_says_so_until_the_findings_arrive(
    tmp_path: Path, settings: Any
) -> None:
    from saferpractice.demo import generate
    from saferpractice.web import demo_scan
    from saferpractice.web.demo import DEMO_PASSWORD, load_demo
    from saferpractice.web.review.models import Finding

    settings.DEMO = True
    generate(3, tmp_path, pupils=20, messages=40, images=0)
    loaded = load_demo(tmp_path, with_findings=False)
    assert not Finding.objects.exists()  # the registers and sign-ins are there; no findings yet
    thread = demo_scan.start_background_scan(loaded.school_pk, tmp_path)
    client = Client()
    client.post("/sign-in/", {"username": "dsl", "password": DEMO_PASSWORD})
    page = client.get(f"/s/{loaded.school_slug}/").content.decode()
    assert "findings are still loading" in page or not thread.is_alive()
    thread.join(timeout=600)
    assert demo_scan.LOADING.state == "done", demo_scan.LOADING.message
    assert (tmp_path / "findings.jsonl").is_file()
    assert Finding.objects.exists()
    assert "still loading" not in client.get(f"/s/{loaded.school_slug}/").content.decode()


def test_a_failed_demo_scan_is_said_on_every_page(tmp_path: Path, settings: Any) -> None:
    from saferpractice.web import demo_scan

    settings.DEMO = True
    demo_scan.LOADING.state, demo_scan.LOADING.message = "failed", "the scan exited with status 2."
    try:
        page = Client().get("/sign-in/").content.decode()
    finally:
        demo_scan.LOADING.state, demo_scan.LOADING.message = "done", ""
    assert "could not be loaded" in page and "status 2" in page


def test_while_the_demo_scan_runs_the_home_page_does_not_claim_nothing_is_urgent(
    school: Any, make_user: Any, settings: Any
) -> None:
    from saferpractice.web import demo_scan

    settings.DEMO = True
    make_user("dsl1", school, Role.DSL)
    client = Client()
    client.post("/sign-in/", {"username": "dsl1", "password": PASSWORD})
    demo_scan.LOADING.state = "scanning"
    try:
        page = client.get(f"/s/{school.slug}/").content.decode()
    finally:
        demo_scan.LOADING.state = "done"
    assert "The findings are still loading." in page
    assert "Nothing urgent is waiting." not in page
    assert "Nothing urgent is waiting." in client.get(f"/s/{school.slug}/").content.decode()
