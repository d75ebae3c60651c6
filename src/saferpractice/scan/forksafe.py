"""Worker processes forked from a driver that runs threads get streams of their own.

A local Dask cluster forks its workers (and a killed worker's replacement) from a thread of the
driver while other threads run: the Dask event loops, the scan's progress output, a test
runner's log handlers. A buffered stream (`sys.stderr`, a log file) has a lock, and a fork
copies it as it is. If another thread was writing at that instant, the child inherits the lock
held by a thread that does not exist there, and hangs for ever at its first log line or at its
final flush. This was seen: a forked worker stuck in `BufferedWriter.write` of Dask's "Start
worker at" line, so the cluster never had its second worker (docs/scale.md).

While `forking_workers()` is active, a process forked from this one replaces, before running
anything else, the standard streams and every log handler's stream with new objects over the
same file descriptors. The inherited objects are kept unreferenced-but-alive, never flushed or
closed: their buffers hold the parent's output, which the parent writes itself.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

_active = 0
_inherited: list[object] = []  # the parent's stream objects, kept so they are never flushed


@contextmanager
def forking_workers() -> Iterator[None]:
    """Give processes forked from this one, while active, streams of their own."""
    global _active
    _active += 1
    try:
        yield
    finally:
        _active -= 1


def _fresh(stream: Any) -> TextIO | None:
    """A new line-buffered text stream over `stream`'s file descriptor, or None if it has none."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None  # an in-memory stream: no descriptor, and nothing a fork could break
    raw = io.FileIO(descriptor, "w", closefd=False)
    return io.TextIOWrapper(
        raw,
        encoding=getattr(stream, "encoding", None) or "utf-8",
        errors=getattr(stream, "errors", None) or "backslashreplace",
        line_buffering=True,
    )


def _handlers() -> Iterator[logging.StreamHandler[Any]]:
    loggers: list[object] = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", ()):
            if isinstance(handler, logging.StreamHandler):
                yield handler


def _after_fork_in_child() -> None:
    if not _active:
        return
    replaced: dict[int, TextIO | None] = {}

    def renewed(stream: Any) -> Any:
        if id(stream) not in replaced:
            _inherited.append(stream)
            replaced[id(stream)] = _fresh(stream)
        return replaced[id(stream)] or stream

    for name in ("stdout", "stderr", "__stdout__", "__stderr__"):
        stream = getattr(sys, name, None)
        if stream is not None:
            setattr(sys, name, renewed(stream))
    for handler in _handlers():
        # Assigned, not setStream(): that flushes the old stream, which is what can hang.
        handler.stream = renewed(handler.stream)


os.register_at_fork(after_in_child=_after_fork_in_child)
