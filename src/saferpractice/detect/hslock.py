"""Every hyperscan scan in the process goes through one lock.

python-hyperscan (0.9) keeps a scan's state on the `Database` object: two threads scanning
one database at once get `ScratchInUseError`, and with a scratch space each they corrupted
memory in a measurement here ("stack smashing detected", the process aborted). The web office
runs the contact detector in waitress's request threads while a scan may run in a background
thread, and a Dask worker may run several tasks in threads, so no scan may overlap another.
The match callbacks are Python and hold the GIL, so scanning side by side gained almost
nothing; the lock is re-entrant so that a callback may itself scan another database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

MatchHandler = Callable[[int, int, int, int, object], object]

_LOCK = threading.RLock()


def scan(database: Any, data: bytes, on_match: MatchHandler) -> None:
    """`database.scan(data, match_event_handler=on_match)`, never beside another scan."""
    with _LOCK:
        database.scan(data, match_event_handler=on_match)
