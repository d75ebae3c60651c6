"""Recording audit events and verifying the chain.

`record(...)` is the one way to write to the log. Each event is sealed with HMAC-SHA256
under settings.AUDIT_KEY (kept outside the database), over its fields and the seal before
it. `verify_chain()` walks the whole log and reports every event whose seal or link does not
match; `chain_head()` is the latest seal, for keeping outside the office (printed, or sent to
the governors) and checking against later with `verify_chain(head=...)`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saferpractice.web.audit.models import Action, AuditEvent, ChainHead

GENESIS = "0" * 64
LEGACY = "sha256"  # events written before the log was keyed

# The signed-in user for the current request (set by AuditActorMiddleware), so that model
# signals can say who made a change.
current_actor: ContextVar[Any] = ContextVar("saferpractice_audit_actor", default=None)


def _key() -> bytes:
    return str(settings.AUDIT_KEY).encode("utf-8")


def key_id(key: bytes | None = None) -> str:
    """A short public name for the key (so a log sealed with another key says so)."""
    material = key if key is not None else _key()
    return hashlib.sha256(b"saferpractice audit key id\x00" + material).hexdigest()[:12]


def keyed_scheme() -> str:
    return f"hmac-sha256:{key_id()}"


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
    if event.scheme != LEGACY:
        fields["scheme"] = event.scheme
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def event_hash(event: AuditEvent) -> str:
    """The event's seal: HMAC-SHA256 under the audit key, or plain SHA-256 for an event
    written before the log was keyed."""
    if event.scheme == LEGACY:
        return hashlib.sha256(_canonical(event)).hexdigest()
    return hmac.new(_key(), _canonical(event), hashlib.sha256).hexdigest()


def head_mac(count: int, last_hash: str) -> str:
    message = f"head\x1f{count}\x1f{last_hash}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


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
            scheme=keyed_scheme(),
        )
        # The seal covers the sequence number, the next after the head's.
        event.seq = head.count + 1
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.count = event.seq
        head.mac = head_mac(head.count, head.last_hash)
        head.save(update_fields=["last_hash", "count", "mac"])
    return event


@dataclass(frozen=True, slots=True)
class ChainReport:
    events: int
    problems: tuple[str, ...]
    head: dict[str, Any] | None = None

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


class _Walk:
    """The checks made on each event in turn, collecting what does not match."""

    def __init__(self, exported: dict[str, Any] | None) -> None:
        self.problems: list[str] = []
        self.previous = GENESIS
        self.expected_seq = 1
        self.count = 0
        self.first_keyed: int | None = None
        self.mine = keyed_scheme()
        self.exported = exported
        self.exported_found = exported is None or exported.get("seq") == 0

    def check(self, event: AuditEvent) -> None:
        self.count += 1
        say = self.problems.append
        if event.seq != self.expected_seq:
            say(f"event {self.expected_seq} is missing (next is {event.seq})")
        if event.prev_hash != self.previous:
            say(f"event {event.seq} does not follow the event before it")
        if event.scheme == LEGACY:
            if self.first_keyed is not None:
                say(
                    f"event {event.seq} has no keyed seal although the log was keyed from "
                    f"event {self.first_keyed}: it has been rewritten"
                )
        elif event.scheme != self.mine:
            say(
                f"event {event.seq} was sealed with another key ({event.scheme}); this "
                f"office's key is {self.mine}"
            )
        elif self.first_keyed is None:
            self.first_keyed = event.seq
        if event.scheme in (LEGACY, self.mine) and not hmac.compare_digest(
            event_hash(event), event.hash
        ):
            say(f"event {event.seq} has been altered since it was written")
        if self.exported is not None and event.seq == self.exported.get("seq"):
            self.exported_found = True
            if event.hash != self.exported.get("hash"):
                say(
                    f"event {event.seq} is not the event of the exported chain head: the log "
                    "has been rewritten since the head was exported"
                )
        self.previous = event.hash
        self.expected_seq = event.seq + 1

    def finish(self) -> None:
        head = ChainHead.objects.filter(id=1).first()
        if head is not None and (head.count != self.count or head.last_hash != self.previous):
            self.problems.append(
                f"the log should hold {head.count} events ending in {head.last_hash[:12]}; "
                f"it holds {self.count}"
            )
        if head is not None and not hmac.compare_digest(
            head.mac, head_mac(head.count, head.last_hash)
        ):
            self.problems.append(
                "the chain head's seal does not match: the end of the log has been changed"
            )
        if self.exported is not None and not self.exported_found:
            self.problems.append(
                f"event {self.exported.get('seq')} of the exported chain head is no longer in "
                "the log: the log has been cut short"
            )


def verify_chain(head: dict[str, Any] | None = None) -> ChainReport:
    """Recompute every seal and link; name each event that does not match. With `head` (a
    chain head exported earlier by `chain_head()`), also check that event is still there,
    unchanged, which catches a rewrite by someone who holds the key or a cut-off tail."""
    walk = _Walk(head)
    for event in _events():
        walk.check(event)
    walk.finish()
    return ChainReport(walk.count, tuple(walk.problems), chain_head())


def chain_head() -> dict[str, Any]:
    """The latest event's number and seal, to keep outside the office."""
    last = AuditEvent.objects.order_by("-seq").first()
    return {
        "seq": last.seq if last else 0,
        "hash": last.hash if last else GENESIS,
        "at": last.at.isoformat() if last else "",
        "scheme": last.scheme if last else "",
        "key_id": key_id(),
        "exported_at": timezone.now().replace(microsecond=0).isoformat(),
    }


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
