"""Storing a scan's findings: stable ids, rescans that keep reviews, exclusions, retention."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from review_builders import core_finding

from saferpractice.findings import Priority
from saferpractice.web.audit.models import AuditEvent
from saferpractice.web.review import workflow
from saferpractice.web.review.models import Exclusion, Finding, FindingActivity, Outcome, Status
from saferpractice.web.review.retention import purge_expired, retention_for
from saferpractice.web.review.store import core_findings_from_jsonl, store_findings


def test_a_finding_is_stored_with_its_excerpt_and_staff_member(stored: Any) -> None:
    (row,) = stored()
    assert row.ref == "F-0000000000000001"
    assert row.staff_ref == "S001"
    assert row.area == "general"
    assert row.priority == "urgent" and row.priority_rank == 0
    assert row.excerpt.startswith("<script>")
    assert row.spans == [[56, 73, "secrecy"]]
    assert row.status == Status.NEW


def test_a_rescan_never_duplicates_a_finding_or_loses_its_review(
    school: Any, stored: Any, make_user: Any
) -> None:
    (row,) = stored()
    dsl = make_user("dsl", school, "dsl")
    workflow.triage(row, dsl)
    workflow.resolve(row, dsl, Outcome.ADVICE, "spoke to them")
    changed = core_finding(summary="Rory Williams sent Amy Pond a message (reworded)")
    result = store_findings(school, [changed, core_finding("F-0000000000000002")])
    assert (result.seen, result.new) == (2, 1)
    rows = Finding.objects.filter(school=school)
    assert rows.count() == 2
    again = rows.get(ref="F-0000000000000001")
    assert again.status == Status.RESOLVED and again.outcome == Outcome.ADVICE
    assert again.summary.endswith("(reworded)")
    assert FindingActivity.objects.filter(finding=again).count() == 2


def test_one_id_twice_in_one_scan_is_one_finding(school: Any, people: Any) -> None:
    result = store_findings(school, [core_finding(), core_finding()])
    assert result.new == 1
    assert Finding.objects.filter(school=school).count() == 1


def test_findings_of_two_schools_never_mix(school: Any, other_school: Any, people: Any) -> None:
    store_findings(school, [core_finding()])
    store_findings(other_school, [core_finding()])
    assert Finding.objects.filter(school=school).count() == 1
    assert Finding.objects.filter(school=other_school).count() == 1


def test_storing_writes_one_audit_event_not_one_per_finding(school: Any, people: Any) -> None:
    before = AuditEvent.objects.count()
    store_findings(school, [core_finding(f"F-{n:016x}") for n in range(30)])
    events = AuditEvent.objects.filter(seq__gt=before)
    assert [e.summary for e in events if "findings stored" in e.summary] == [
        "30 findings stored (30 new, 0 seen again, 0 excluded)"
    ]
    assert events.count() <= 3


def test_an_exclusion_closes_matching_new_findings_and_counts_them(
    school: Any, people: Any
) -> None:
    Exclusion.objects.create(
        school=school, rule="contact.personal-message", person_ref="S002", reason="drama club"
    )
    result = store_findings(
        school,
        [
            core_finding("F-000000000000000a", people=("S002", "P001")),
            core_finding("F-000000000000000b", people=("S001", "P001")),
        ],
    )
    assert result.excluded == 1
    closed = Finding.objects.get(ref="F-000000000000000a")
    assert closed.status == Status.RESOLVED and closed.outcome == Outcome.FALSE_POSITIVE
    assert "drama club" in closed.outcome_reason
    assert Finding.objects.get(ref="F-000000000000000b").status == Status.NEW


def test_false_positive_needs_a_reason_and_can_become_an_audited_exclusion(
    school: Any, stored: Any, make_user: Any
) -> None:
    import pytest

    from saferpractice.diagnostics import UserError

    (row,) = stored()
    dsl = make_user("dsl", school, "dsl")
    with pytest.raises(UserError):
        workflow.false_positive(row, dsl, "   ")
    exclusion = workflow.false_positive(row, dsl, "Their own child", make_exclusion=True)
    assert exclusion is not None and exclusion.person_ref == "S001"
    assert AuditEvent.objects.filter(
        target_type="review.Exclusion", target_id=str(exclusion.pk), action="created"
    ).exists()


def test_statuses_move_only_forwards(school: Any, stored: Any, make_user: Any) -> None:
    import pytest

    from saferpractice.diagnostics import UserError

    (row,) = stored()
    dsl = make_user("dsl", school, "dsl")
    workflow.escalate(row, dsl, "to the head")
    with pytest.raises(UserError):
        workflow.triage(row, dsl)
    workflow.resolve(row, dsl, Outcome.LADO, "referred")
    with pytest.raises(UserError):
        workflow.escalate(row, dsl, "again")


# -- retention -----------------------------------------------------------------------------


def _age(row: Finding, **fields: Any) -> None:
    Finding.objects.filter(pk=row.pk).update(**fields)


def test_retention_deletes_expired_resolved_findings_with_their_excerpts_and_notes(
    school: Any, stored: Any, make_user: Any
) -> None:
    from django.utils import timezone

    rows = stored(
        core_finding("F-0000000000000001"),
        core_finding("F-0000000000000002"),
        core_finding("F-0000000000000003"),
        core_finding("F-0000000000000004", priority=Priority.ROUTINE),
    )
    dsl = make_user("dsl", school, "dsl")
    expired, recent, kept, open_row = rows
    for row, outcome in ((expired, Outcome.ADVICE), (recent, Outcome.NO_BREACH)):
        workflow.add_note(row, dsl, "a note about a child")
        workflow.resolve(row, dsl, outcome)
    workflow.resolve(kept, dsl, Outcome.LADO, "referred to the LADO")
    settings = retention_for(school)
    settings.days = 30
    settings.save()
    now = timezone.now()
    _age(expired, resolved_at=now - timedelta(days=31))
    _age(recent, resolved_at=now - timedelta(days=29))
    _age(kept, resolved_at=now - timedelta(days=400))
    purged = purge_expired(school)
    assert (purged.resolved, purged.unresolved) == (1, 0)
    left = set(Finding.objects.filter(school=school).values_list("ref", flat=True))
    assert left == {recent.ref, kept.ref, open_row.ref}
    assert not FindingActivity.objects.filter(finding_id=expired.pk).exists()
    assert not Finding.objects.filter(excerpt__contains="onerror", ref=expired.ref).exists()
    assert AuditEvent.objects.filter(summary__startswith="retention: 1 expired").exists()


def test_retention_deletes_unresolved_findings_no_scan_has_seen_for_long(
    school: Any, stored: Any
) -> None:
    from django.utils import timezone

    old, fresh = stored(core_finding("F-0000000000000001"), core_finding("F-0000000000000002"))
    settings = retention_for(school)
    settings.unresolved_days = 60
    settings.save()
    _age(old, last_seen_at=timezone.now() - timedelta(days=61))
    assert purge_expired(school).unresolved == 1
    assert list(Finding.objects.values_list("ref", flat=True)) == [fresh.ref]


def test_retention_of_one_school_leaves_another_alone(
    school: Any, other_school: Any, stored: Any
) -> None:
    from django.utils import timezone

    stored()
    store_findings(other_school, [core_finding()])
    Finding.objects.update(last_seen_at=timezone.now() - timedelta(days=5000))
    assert purge_expired(other_school).total == 1
    assert Finding.objects.filter(school=school).count() == 1


def test_findings_jsonl_from_the_cli_round_trips(tmp_path: Any) -> None:
    import json

    original = core_finding()
    line = json.dumps(original.to_json())
    (back,) = list(core_findings_from_jsonl([line, ""]))
    assert back == original
