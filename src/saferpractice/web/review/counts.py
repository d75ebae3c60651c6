"""The queue's open findings by priority, counted once and kept briefly.

Counting 70,000 open findings on every page view was the queue's most expensive query
(57 ms as an index-only scan on a loaded box, 125 ms before the table was vacuumed), and the
figures change only when a finding does. So they are kept per school and reviewer for
`TTL` seconds and forgotten at once when this process changes a finding (a review step, a
scan storing findings, retention). A change made by another process (a separate
`db_worker`) shows within `TTL` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

TTL = 15.0
_kept: dict[tuple[Any, str], tuple[float, int, dict[str, int]]] = {}
_generation: dict[Any, int] = {}
_lock = threading.Lock()


def open_counts(school_pk: Any, viewer: str, count: Callable[[], dict[str, int]]) -> dict[str, int]:
    """`count()` for this school and viewer, or what it gave less than TTL seconds ago."""
    key = (school_pk, viewer)
    now = time.monotonic()
    generation = _generation.get(school_pk, 0)
    kept = _kept.get(key)
    if kept is not None and kept[0] > now and kept[1] == generation:
        return dict(kept[2])
    counts = count()
    with _lock:
        if _generation.get(school_pk, 0) == generation:
            _kept[key] = (now + TTL, generation, dict(counts))
    return counts


def forget(school_pk: Any) -> None:
    """A finding of this school changed: count afresh next time."""
    with _lock:
        _generation[school_pk] = _generation.get(school_pk, 0) + 1
        for key in [k for k in _kept if k[0] == school_pk]:
            del _kept[key]


def forget_after_commit(school_pk: Any) -> None:
    """Forget now and again when the transaction commits, so that a page counting in
    between cannot keep the figures from before the change."""
    forget(school_pk)
    transaction.on_commit(lambda: forget(school_pk))


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_after_commit(getattr(instance, "school_id", None))


def connect() -> None:
    """Called from the review app's ready(): any saved or deleted finding resets its school."""
    post_save.connect(_changed, sender="review.Finding", dispatch_uid="review-counts-saved")
    post_delete.connect(_changed, sender="review.Finding", dispatch_uid="review-counts-deleted")
