"""The audit chain is sealed with a key kept outside the database: someone who can write SQL
can rewrite a row and recompute plain hashes, but not the seals; an exported chain head
catches even a rewrite by someone holding the key, and a log cut short."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from web_cli import run_web

from saferpractice.web.audit.chain import (
    LEGACY,
    chain_head,
    event_hash,
    head_mac,
    record,
    verify_chain,
)
from saferpractice.web.audit.models import AuditEvent, ChainHead

pytestmark = pytest.mark.django_db(transaction=True)


def _raw(sql: str, params: list[Any]) -> None:
    """What an intruder with database access can do (past the PostgreSQL append-only trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def _three() -> list[AuditEvent]:
    for n in range(3):
        record("changed", f"event {n}", detail={"n": n})
    return list(AuditEvent.objects.order_by("seq"))


def test_new_events_are_sealed_with_the_key_and_verify() -> None:
    events = _three()
    assert all(e.scheme.startswith("hmac-sha256:") for e in events)
    assert verify_chain().intact
    plain = hashlib.sha256(b"x").hexdigest()
    assert events[0].hash != plain


def test_a_row_rewritten_with_recomputed_plain_hashes_is_caught() -> None:
    events = _three()
    # The intruder edits event 2, re-hashes it and every later event with plain SHA-256
    # (the old scheme), relinks the chain and fixes the head: all they can do without the key.
    previous = events[0].hash
    for event in events[1:]:
        event.summary = "nothing happened" if event.seq == 2 else event.summary
        event.scheme = LEGACY
        event.prev_hash = previous
        new = event_hash(event)
        _raw(
            "UPDATE audit_auditevent SET summary=%s, scheme=%s, prev_hash=%s, hash=%s WHERE seq=%s",
            [event.summary, LEGACY, previous, new, event.seq],
        )
        previous = new
    ChainHead.objects.filter(id=1).update(last_hash=previous)
    report = verify_chain()
    assert not report.intact
    text = " ".join(report.problems)
    assert "event 2 has no keyed seal" in text and "event 3 has no keyed seal" in text
    assert "chain head's seal does not match" in text


def test_a_row_resealed_with_a_guessed_key_is_caught() -> None:
    events = _three()
    with override_settings(AUDIT_KEY="not-the-office-key-" + "z" * 20):
        forged = events[1]
        forged.summary = "nothing happened"
        forged_hash = event_hash(forged)
    _raw(
        "UPDATE audit_auditevent SET summary=%s, hash=%s WHERE seq=2",
        [forged.summary, forged_hash],
    )
    problems = " ".join(verify_chain().problems)
    assert "event 2 has been altered" in problems


def test_a_log_cut_short_with_the_head_moved_back_is_caught() -> None:
    events = _three()
    _raw("DELETE FROM audit_auditevent WHERE seq=3", [])
    ChainHead.objects.filter(id=1).update(count=2, last_hash=events[1].hash)
    problems = " ".join(verify_chain().problems)
    assert "chain head's seal does not match" in problems


def test_an_exported_head_catches_a_rewrite_by_someone_holding_the_key() -> None:
    events = _three()
    exported = chain_head()
    assert exported["seq"] == 3 and exported["hash"] == events[2].hash
    # An insider with the key rewrites event 3 and reseals the chain and head properly.
    events[2].summary = "nothing happened"
    resealed = event_hash(events[2])
    _raw(
        "UPDATE audit_auditevent SET summary=%s, hash=%s WHERE seq=3", [events[2].summary, resealed]
    )
    ChainHead.objects.filter(id=1).update(last_hash=resealed, mac=head_mac(3, resealed))
    assert verify_chain().intact  # the key holder's rewrite passes on its own...
    problems = " ".join(verify_chain(exported).problems)
    assert "not the event of the exported chain head" in problems  # ...but not the head


def test_an_exported_head_catches_a_log_cut_short_by_someone_holding_the_key() -> None:
    events = _three()
    exported = chain_head()
    _raw("DELETE FROM audit_auditevent WHERE seq=3", [])
    ChainHead.objects.filter(id=1).update(
        count=2, last_hash=events[1].hash, mac=head_mac(2, events[1].hash)
    )
    assert verify_chain().intact
    assert "cut short" in " ".join(verify_chain(exported).problems)


def test_events_written_before_keying_are_protected_by_the_first_keyed_seal() -> None:
    # An office upgraded from the unkeyed chain: two old events, then keyed ones.
    for n in range(2):
        record("changed", f"old {n}")
    old = list(AuditEvent.objects.order_by("seq"))
    previous = "0" * 64
    for event in old:  # make them look exactly as the unkeyed version wrote them
        event.scheme = LEGACY
        event.prev_hash = previous
        event.hash = event_hash(event)
        _raw(
            "UPDATE audit_auditevent SET scheme=%s, prev_hash=%s, hash=%s WHERE seq=%s",
            [LEGACY, previous, event.hash, event.seq],
        )
        previous = event.hash
    ChainHead.objects.filter(id=1).update(last_hash=previous, mac=head_mac(2, previous))
    record("changed", "first keyed event")
    assert verify_chain().intact
    # rewriting an old event (and re-hashing it, which needs no key) breaks the keyed link
    old[0].summary = "nothing"
    _raw(
        "UPDATE audit_auditevent SET summary=%s, hash=%s WHERE seq=1",
        [old[0].summary, event_hash(old[0])],
    )
    assert not verify_chain().intact


def test_the_commands_export_the_head_and_verify_against_it(tmp_path: Path) -> None:
    key = {"SAFERPRACTICE_AUDIT_KEY": "a-test-audit-key-kept-outside-the-db-0123456789"}
    made = run_web(
        ["createadmin", "--username", "office", "--school", "Ash Primary"],
        tmp_path,
        SAFERPRACTICE_ADMIN_PASSWORD="Ash-Primary-2026!",
        **key,
    )
    assert made.returncode == 0, made.stderr
    exported = run_web(["export-audit-head"], tmp_path, **key)
    assert exported.returncode == 0, exported.stderr
    head = json.loads(exported.stdout)
    (tmp_path / "head.json").write_text(exported.stdout)
    checked = run_web(["verify-audit", "--head", str(tmp_path / "head.json")], tmp_path, **key)
    assert checked.returncode == 0 and f"exported head {head['seq']} found" in checked.stdout
    other_key = run_web(["verify-audit"], tmp_path, SAFERPRACTICE_AUDIT_KEY="x" * 40)
    assert other_key.returncode == 1 and "sealed with another key" in other_key.stderr
    (tmp_path / "bad.json").write_text("{not json")
    bad = run_web(["verify-audit", "--head", str(tmp_path / "bad.json")], tmp_path, **key)
    assert bad.returncode == 2 and "bad.json" in bad.stderr and "Traceback" not in bad.stderr


def test_production_refuses_to_start_without_an_audit_key(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SAFERPRACTICE_ENV": "production",
        "SAFERPRACTICE_SECRET_KEY": "s" * 50,
        "SAFERPRACTICE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "saferpractice.web.settings",
    }
    env.pop("SAFERPRACTICE_AUDIT_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0 and "SAFERPRACTICE_AUDIT_KEY" in done.stderr
