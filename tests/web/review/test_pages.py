"""The review pages: who may see what (authorisation), escaping (XSS) and CSRF."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from review_builders import core_finding

from saferpractice.web.audit.models import AuditEvent
from saferpractice.web.review.models import Finding, Reviewer, Status

pytestmark = pytest.mark.django_db


def _queue(school: Any) -> str:
    return reverse("review:queue", kwargs={"school": school.slug})


def _finding(school: Any, ref: str = "F-0000000000000001") -> str:
    return reverse("review:finding", kwargs={"school": school.slug, "ref": ref})


def _act(school: Any, action: str, ref: str = "F-0000000000000001") -> str:
    return reverse("review:act", kwargs={"school": school.slug, "ref": ref, "action": action})


@pytest.mark.parametrize(
    ("role", "queue", "finding"),
    [
        ("dsl", 200, 200),
        ("head-teacher", 200, 200),
        ("staff", 403, 403),
        ("senior-leader", 403, 403),
        ("ict-lead", 403, 403),
        ("governor", 403, 403),
        ("trust-viewer", 403, 403),
    ],
)
def test_only_the_dsl_head_and_reviewers_see_findings(
    school: Any, stored: Any, signed_in: Any, role: str, queue: int, finding: int
) -> None:
    stored()
    client = signed_in("someone", school, role, "S003")
    assert client.get(_queue(school)).status_code == queue
    assert client.get(_finding(school)).status_code == finding


def test_a_user_of_another_school_gets_not_found(
    school: Any, other_school: Any, stored: Any, signed_in: Any
) -> None:
    stored()
    client = signed_in("elsewhere", other_school, "dsl")
    assert client.get(_queue(school)).status_code == 404
    assert client.get(_finding(school)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(school: Any, stored: Any) -> None:
    stored()
    response = Client().get(_finding(school))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_dsl_never_sees_a_finding_about_themselves(
    school: Any, stored: Any, signed_in: Any
) -> None:
    stored()  # about S001
    client = signed_in("rory", school, "dsl", "S001")
    assert client.get(_finding(school)).status_code == 403
    assert "F-0000000000000001" not in client.get(_queue(school)).content.decode()


def test_the_excerpt_is_escaped_and_its_span_highlighted(
    school: Any, stored: Any, signed_in: Any
) -> None:
    stored()
    client = signed_in("dsl", school, "dsl", "S002")
    html = client.get(_finding(school)).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror" in html
    marked = '<mark title="secrecy">Don&#39;t tell anyone<span class="tag">secrecy</span></mark>'
    assert marked in html


def test_hostile_text_in_every_field_is_escaped_on_the_queue_and_finding(
    school: Any, stored: Any, signed_in: Any
) -> None:
    evil = "<b onmouseover=alert(1)>x</b>"
    stored(core_finding(summary=f"Rory Williams {evil}", excerpt=evil, spans=((0, 3, evil),)))
    client = signed_in("dsl", school, "dsl", "S002")
    for url in (_queue(school), _finding(school)):
        html = client.get(url).content.decode()
        assert "<b onmouseover" not in html
        assert "&lt;b onmouseover=alert(1)&gt;" in html


def test_analysts_see_pseudonyms_and_investigators_see_names(
    school: Any, stored: Any, signed_in: Any
) -> None:
    stored()
    client = signed_in("ana", school, "staff", "S003")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="ana")
    Reviewer.objects.create(school=school, user=user, level="analyst")
    html = client.get(_finding(school)).content.decode()
    assert "Rory" not in html and "Williams" not in html and "Amy Pond" not in html
    assert "Staff member " in html and "Pupil " in html
    # an analyst cannot record an outcome
    response = client.post(_act(school, "resolve"), {"outcome": "advice"})
    assert response.status_code == 403
    Reviewer.objects.filter(user=user).update(level="investigator")
    client.force_login(user)  # a new request: the level is read afresh
    html = client.get(_finding(school)).content.decode()
    assert "Rory Williams" in html and "Amy Pond" in html


def test_a_finding_goes_from_new_to_resolved_and_every_step_is_audited(
    school: Any, stored: Any, signed_in: Any
) -> None:
    stored()
    client = signed_in("dsl", school, "dsl", "S002")
    before = AuditEvent.objects.count()
    assert client.post(_act(school, "triage")).status_code == 302
    assert client.post(_act(school, "note"), {"text": "Asked for the thread"}).status_code == 302
    response = client.post(_act(school, "resolve"), {"outcome": "advice", "reason": "Spoke"})
    assert response.status_code == 302
    row = Finding.objects.get(school=school)
    assert row.status == Status.RESOLVED and row.outcome == "advice"
    summaries = list(AuditEvent.objects.filter(seq__gt=before).values_list("summary", flat=True))
    assert any("new → triaged" in s for s in summaries)
    assert any("triaged → resolved" in s for s in summaries)
    page = client.get(_finding(school)).content.decode()
    assert "Asked for the thread" in page and "Advice given" in page
    assert AuditEvent.objects.filter(
        action="viewed", target_id=str(row.pk), target_type="review.Finding"
    ).exists()


def test_a_false_positive_without_a_reason_is_refused(
    school: Any, stored: Any, signed_in: Any
) -> None:
    stored()
    client = signed_in("dsl", school, "dsl", "S002")
    response = client.post(_act(school, "false-positive"), {"reason": ""})
    assert response.status_code == 400
    assert Finding.objects.get(school=school).status == Status.NEW
    response = client.post(
        _act(school, "false-positive"), {"reason": "Her own son", "make_exclusion": "on"}
    )
    assert response.status_code == 302
    page = client.get(reverse("review:exclusions", kwargs={"school": school.slug}))
    assert "Her own son" in page.content.decode()


def test_staff_see_agreed_exclusions_but_cannot_change_them(
    school: Any, stored: Any, signed_in: Any
) -> None:
    from saferpractice.web.review.models import Exclusion

    stored()
    exclusion = Exclusion.objects.create(
        school=school, rule="contact.personal-message", reason="<i>drama</i> club"
    )
    client = signed_in("teacher", school, "staff", "S003")
    url = reverse("review:exclusions", kwargs={"school": school.slug})
    html = client.get(url).content.decode()
    assert "&lt;i&gt;drama&lt;/i&gt; club" in html
    assert client.post(url, {"exclusion": str(exclusion.pk)}).status_code == 403


def test_steps_need_a_csrf_token(school: Any, stored: Any, make_user: Any) -> None:
    from django.contrib.auth import get_user_model

    from saferpractice.web.organisations.models import Membership

    stored()
    make_user("dsl", school, "dsl")
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="dsl"))
    Membership.objects.filter(user__username="dsl").update(person_ref="S002")
    for action in ("triage", "resolve", "false-positive", "note", "assign", "escalate"):
        assert client.post(_act(school, action), {"outcome": "advice"}).status_code == 403
    assert Finding.objects.get(school=school).status == Status.NEW


def test_queue_filters_and_urgent_first(school: Any, stored: Any, signed_in: Any) -> None:
    from saferpractice.findings import Priority

    stored(
        core_finding("F-00000000000000a1", priority=Priority.ROUTINE, summary="routine one"),
        core_finding("F-00000000000000a2", priority=Priority.URGENT, summary="urgent one"),
        core_finding("F-00000000000000a3", people=("S003", "P001"), summary="about Donna"),
    )
    client = signed_in("dsl", school, "dsl", "S002")
    html = client.get(_queue(school)).content.decode()
    assert html.index("urgent one") < html.index("routine one")
    html = client.get(_queue(school), {"priority": "routine"}).content.decode()
    assert "routine one" in html and "urgent one" not in html
    html = client.get(_queue(school), {"person": "S003"}).content.decode()
    assert "about Donna" in html and "routine one" not in html
    html = client.get(_queue(school), {"since": "2027-01-01"}).content.decode()
    assert "No findings match" in html
    assert client.get(_queue(school), {"since": "not a date", "page": "x"}).status_code == 200


def test_the_date_filter_is_stated_in_words(school: Any, stored: Any, signed_in: Any) -> None:
    """A date field shows the browser's format (11/01/2026 for 1 November on a US-English
    machine), so the queue says the dates in words, and a date it cannot read is named."""
    stored(core_finding("F-00000000000000b1", summary="one finding"))
    client = signed_in("dsl", school, "dsl", "S002")
    html = client.get(_queue(school), {"since": "2026-11-01", "until": "2026-11-30"}).content
    assert "dated from 1 November 2026 to 30 November 2026." in html.decode()
    html = client.get(_queue(school), {"until": "2026-11-30"}).content.decode()
    assert "dated up to 30 November 2026." in html
    html = client.get(_queue(school), {"since": "31/11/2026"}).content.decode()
    assert "the From date \u201c31/11/2026\u201d is not a date, so it is not applied" in html
    html = client.get(_queue(school), {"since": "<b>x</b>"}).content.decode()
    assert "<b>x</b>" not in html  # what was typed is escaped
    unfiltered = client.get(_queue(school)).content.decode()
    assert "match, dated" not in unfiltered and "matches, dated" not in unfiltered
    assert "1 finding matches." in unfiltered  # one finding "matches", several "match"


@pytest.mark.django_db(transaction=True)  # the worker commits, as it does in use
def test_the_ict_lead_starts_a_scan_of_uploaded_evidence_in_the_background(
    school: Any, people: Any, signed_in: Any, settings: Any
) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    from saferpractice.web.registers.models import Person
    from saferpractice.web.review.models import Scan, ScanStatus

    school.email_domains = ["oaktree.sch.uk"]
    school.save()
    Person.objects.filter(ref="S001").update(email="r.williams@oaktree.sch.uk")
    Person.objects.filter(ref="P001").update(email="a.pond@oaktree.sch.uk")
    message = {
        "id": "TM-1",
        "channel": "teams",
        "sent_at": "2026-03-03T14:05:00+00:00",
        "from": "r.williams@oaktree.sch.uk",
        "to": ["a.pond@oaktree.sch.uk"],
        "body": "Don't tell anyone I let you off the detention, ok?",
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("teams.jsonl", (json.dumps(message) + "\n").encode())
    client = signed_in("ict", school, "ict-lead")
    url = reverse("review:scans", kwargs={"school": school.slug})
    response = client.post(url, {"evidence": [upload], "as_of": "2026-11-24"})
    assert response.status_code == 302
    scan = Scan.objects.get(school=school)
    assert scan.status == ScanStatus.QUEUED and scan.task_id
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()
    scan.refresh_from_db()
    assert scan.status == ScanStatus.FINISHED, scan.error
    assert scan.records_checked == 1 and scan.findings_new >= 1
    assert Finding.objects.filter(school=school, rule="contact.personal-message").exists()
    from pathlib import Path

    assert not Path(scan.path).exists()  # the upload is gone: only excerpts are kept
    page = client.get(response["Location"]).content.decode()
    assert "Finished" in page
    # the ICT lead runs scans but does not read findings
    assert client.get(_queue(school)).status_code == 403


def test_a_folder_outside_the_allowed_folders_is_refused(
    school: Any, signed_in: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("SAFERPRACTICE_EVIDENCE_DIRS", str(tmp_path / "allowed"))
    (tmp_path / "allowed").mkdir()
    client = signed_in("ict", school, "ict-lead")
    url = reverse("review:scans", kwargs={"school": school.slug})
    response = client.post(url, {"folder": "/etc", "as_of": "2026-11-24"})
    assert response.status_code == 200
    assert "is not inside a folder the office may read" in response.content.decode()
    response = client.post(url, {"folder": str(tmp_path / "allowed"), "as_of": "2026-11-24"})
    assert response.status_code == 302


def test_staff_cannot_start_scans(school: Any, signed_in: Any) -> None:
    client = signed_in("teacher", school, "staff")
    url = reverse("review:scans", kwargs={"school": school.slug})
    assert client.get(url).status_code == 403
    assert client.post(url, {"folder": "/tmp", "as_of": "2026-11-24"}).status_code == 403


def test_agreed_exclusions_show_on_the_what_we_check_page(
    school: Any, stored: Any, signed_in: Any
) -> None:
    from saferpractice.web.review.models import Exclusion

    stored()
    Exclusion.objects.create(
        school=school, rule="contact.personal-message", reason="The <u>drama</u> club chat"
    )
    client = signed_in("teacher", school, "staff", "S003")
    html = client.get(reverse("policy-what-we-check", kwargs={"school": school.slug})).content
    assert "Exceptions the school has agreed" in html.decode()
    assert "The &lt;u&gt;drama&lt;/u&gt; club chat" in html.decode()


def test_the_scan_form_offers_today_as_the_date_to_judge_by(school: Any, signed_in: Any) -> None:
    from django.utils import timezone

    client = signed_in("ict", school, "ict-lead")
    html = client.get(reverse("review:scans", kwargs={"school": school.slug})).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_beside_the_server_runs_a_queued_scan(
    school: Any, people: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    import time as clock

    from saferpractice.web.review import scanning
    from saferpractice.web.review.models import Scan, ScanSource, ScanStatus
    from saferpractice.web.review.worker import start_worker_thread

    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "notes.txt").write_text("not evidence\n")
    scan = Scan.objects.create(
        school=school,
        source=ScanSource.FOLDER,
        label="a folder",
        path=str(folder),
        as_of="2026-11-24",
    )
    scanning.start(scan)
    background = start_worker_thread()
    assert background is not None and background.thread.is_alive()
    try:
        deadline = clock.monotonic() + 60
        while clock.monotonic() < deadline:
            scan.refresh_from_db()
            if scan.done:
                break
            clock.sleep(0.5)
    finally:
        background.stop()
    assert not background.thread.is_alive()
    assert scan.status == ScanStatus.FINISHED, scan.error
    assert scan.skipped == 1  # the text file is counted as not evidence, never dropped silently
    monkeypatch.setenv("SAFERPRACTICE_WORKER_THREAD", "0")
    assert start_worker_thread() is None
