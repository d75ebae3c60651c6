"""A Dask worker plugin that SIGKILLs its worker as the worker starts a scan shard.

Killing a worker "when it looks busy" from outside raced with the scan: under load the scan
could end before the killer saw a busy worker, or the kill could land between shards. This
plugin makes the kill land at a fixed point instead: the first worker to begin executing its
`nth` shard task dies with SIGKILL at that moment, holding that shard (and any result it has
not handed over yet). A marker file, created exclusively, makes it happen exactly once per
test even though every worker, and a killed worker's replacement, runs the plugin.
"""

from __future__ import annotations

import os
import signal
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

SHARD_TASK = "check_shard"  # the key prefix of scan/workers.py's shard tasks


class KillOnShard(WorkerPlugin):  # type: ignore[misc]
    def __init__(self, marker: str, nth: int = 2) -> None:
        self.marker = marker
        self.nth = nth
        self.started = 0

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing" or not str(key).startswith(SHARD_TASK):
            return
        self.started += 1
        if self.started < self.nth:
            return
        try:
            marker = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return  # another worker was killed already
        os.write(marker, f"{os.getpid()} {key}\n".encode())
        os.close(marker)
        os.kill(os.getpid(), signal.SIGKILL)
