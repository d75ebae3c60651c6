"""A worker forked while another thread of the driver is in the middle of writing a stream
must not hang on that stream's inherited lock (scan/forksafe.py).

A thread holds a buffered stream's lock for as long as the test wants: its file's `write`
waits for a gate, in the parent only. The process forks; the child writes one line to a log
handler's stream, as a handler's emit and flush do, and exits. Then the parent opens the gate.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import threading
import time

import pytest

from saferpractice.scan.forksafe import forking_workers

PARENT = os.getpid()


class _GatedFile(io.FileIO):
    """A file whose writes, in the test's own process only, wait until the gate opens."""

    def __init__(self, descriptor: int, gate: threading.Event) -> None:
        super().__init__(descriptor, "w")
        self.gate = gate

    def write(self, data: object) -> int:
        if os.getpid() == PARENT:
            self.gate.wait()
        return super().write(data)  # type: ignore[arg-type]


def _fork_and_write(active: bool, patience: float) -> tuple[int | None, bytes]:
    """Fork while another thread holds a log stream's lock; the child's exit status (None if
    it was still stuck after `patience` seconds: it is then killed) and what reached the file."""
    read_end, write_end = os.pipe()
    gate = threading.Event()
    stream = io.TextIOWrapper(io.BufferedWriter(_GatedFile(write_end, gate)), encoding="utf-8")
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger(f"saferpractice.test.forksafe.{active}")
    logger.addHandler(handler)
    writing = threading.Thread(target=stream.buffer.write, args=(b"parent\n" * 2000,))
    writing.start()
    time.sleep(0.3)  # the thread is inside the gated write, holding the buffer's lock
    assert writing.is_alive()
    if active:
        with forking_workers():
            child = os.fork()
    else:
        child = os.fork()
    if child == 0:  # pragma: no cover - the child
        handler.stream.write("the child's line\n")
        handler.stream.flush()
        os._exit(0)
    status: int | None = None
    deadline = time.monotonic() + patience
    while status is None and time.monotonic() < deadline:
        done, code = os.waitpid(child, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(code)
        time.sleep(0.05)
    if status is None:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    gate.set()
    writing.join()
    logger.removeHandler(handler)
    stream.close()
    with os.fdopen(read_end, "rb") as written:
        return status, written.read()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is the hazard tested here")
def test_a_forked_worker_gets_streams_of_its_own() -> None:
    status, written = _fork_and_write(active=True, patience=120)
    assert status == 0
    assert b"the child's line\n" in written
    assert written.count(b"parent\n") == 2000  # the parent's write, once: the child left it


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is the hazard tested here")
def test_without_it_the_forked_child_hangs_on_the_inherited_lock() -> None:
    """The hazard is real: the same fork without fresh streams leaves the child stuck."""
    status, written = _fork_and_write(active=False, patience=5)
    assert status is None
    assert b"the child's line" not in written
