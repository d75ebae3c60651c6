"""Recording audit events and verifying the chain.

`record(...)` is the one way to write to the log. `verify_chain()` walks the whole log and
reports the first event whose hash or link does not match.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from saferpractice.web.audit.models import Action, AuditEvent, ChainHead

GENESIS = "0" * 64

# The signed-in user for the current request (set by AuditActorMiddleware), so that model
# signals can say who made a change.
current_actor: ContextVar[Any] = ContextVar("saferpractice_audit_actor", default=None)


def _canonical(event: AuditEvent) -> bytes:
    fields = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "school": event.school_id,
        "actor_id": event.actor_id,
        "actor": event.actor,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "summary": event.summary,
        "detail": event.detail,
        "prev": event.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _actor_fields(actor: Any) -> tuple[str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "", "" if actor is None else "anonymous"
    return str(actor.pk), str(actor.get_username())


def record(
    action: Action | str,
    summary: str,
    *,
    school: Any = None,
    actor: Any = None,
    target: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the log. `actor` defaults to the request's signed-in user."""
    actor = actor if actor is not None else current_actor.get()
    actor_id, actor_name = _actor_fields(actor)
    if school is None and target is not None:
        school = getattr(target, "school", None)
    target_type = target_id = ""
    if target is not None:
        meta = getattr(target, "_meta", None)
        target_type = meta.label if meta is not None else type(target).__name__
        target_id = str(getattr(target, "pk", "") or "")
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS}
        )
        event = AuditEvent(
            at=timezone.now().replace(microsecond=0),
            school_id=str(school.pk) if school is not None else "",
            actor_id=actor_id,
            actor=actor_name[:150],
            action=str(action),
            target_type=target_type[:100],
            target_id=target_id[:100],
            summary=summary[:500],
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_hash=head.last_hash,
            hash="pending-" + head.last_hash[:56],
        )
        # The hash covers the sequence number, which the database assigns on insert.
        event.seq = head.count + 1
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.count = event.seq
        head.save(update_fields=["last_hash", "count"])
    return event


@dataclass(frozen=True, slots=True)
class ChainReport:
    events: int
    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


def _events(batch: int = 2000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq


def verify_chain() -> ChainReport:
    """Recompute every hash and link; name each event that does not match."""
    problems: list[str] = []
    previous = GENESIS
    expected_seq = 1
    count = 0
    for event in _events():
        count += 1
        if event.seq != expected_seq:
            problems.append(f"event {expected_seq} is missing (next is {event.seq})")
        if event.prev_hash != previous:
            problems.append(f"event {event.seq} does not follow the event before it")
        if event_hash(event) != event.hash:
            problems.append(f"event {event.seq} has been altered since it was written")
        previous = event.hash
        expected_seq = event.seq + 1
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and (head.count != count or head.last_hash != previous):
        problems.append(
            f"the log should hold {head.count} events ending in {head.last_hash[:12]}; "
            f"it holds {count}"
        )
    return ChainReport(count, tuple(problems))


# Bulk work (an import) records one summary event instead of one per row.
_suppressed: ContextVar[bool] = ContextVar("saferpractice_audit_suppressed", default=False)


def is_suppressed() -> bool:
    return _suppressed.get()


class suppressed:  # noqa: N801  (used as a context manager, like contextlib's)
    """Within this block, model signals do not write per-row events."""

    def __enter__(self) -> None:
        self._token = _suppressed.set(True)

    def __exit__(self, *exc: object) -> None:
        _suppressed.reset(self._token)
