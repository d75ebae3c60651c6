"""A background worker thread beside the web server, so scans run with no other service.

`saferpractice web` starts one; a larger deployment runs `saferpractice web manage db_worker`
as its own process instead (and sets SAFERPRACTICE_WORKER_THREAD=0).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from django.utils.crypto import get_random_string


@dataclass(frozen=True, slots=True)
class BackgroundWorker:
    thread: threading.Thread
    worker: Any  # django_tasks_db's Worker

    def stop(self, timeout: float = 10) -> None:
        """Finish the task in hand (if any), then end the thread."""
        self.worker.running = False
        self.thread.join(timeout)


def start_worker_thread() -> BackgroundWorker | None:
    """Start the tasks worker in a daemon thread (unless switched off or not a DB backend)."""
    if os.environ.get("SAFERPRACTICE_WORKER_THREAD", "1").strip() in {"0", "false", "no"}:
        return None
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker

    # `default_task_backend` is a proxy; the handler gives the backend itself.
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    worker = Worker(
        queue_names=["default"],
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"office-{get_random_string(12)}",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="saferpractice-tasks", daemon=True)
    thread.start()
    return BackgroundWorker(thread, worker)
