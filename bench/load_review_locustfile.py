"""Locust users for bench/load_review_queue.py: signed-in DSLs paging and filtering the queue.

Only ever aimed at 127.0.0.1 (the script passes --host). Each user signs in once, then reads
the queue: the first page (urgent first), a filtered page, a later page, and one finding.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

SCHOOL = os.environ.get("BENCH_SCHOOL", "bench-academy")
SESSIONS = [
    line
    for line in Path(os.environ.get("BENCH_SESSIONS", "sessions.txt")).read_text().splitlines()
    if line
]
_numbers = itertools.count()
_REF = re.compile(r"/findings/(F-[0-9a-f]+)/")


class Reviewer(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        # Signed in already: the script made one session per reviewer (see its _sessions).
        key = SESSIONS[next(_numbers) % len(SESSIONS)]
        self.client.cookies.set("sessionid", key)
        self.refs: list[str] = []

    @task(4)
    def queue_first_page(self) -> None:
        response = self.client.get(f"/s/{SCHOOL}/review/findings/", name="queue")
        self.refs = _REF.findall(response.text)[:20] or self.refs

    @task(3)
    def queue_filtered(self) -> None:
        priority = random.choice(["urgent", "high", "routine"])
        area = random.choice(["general", "email", "images", "social", "internet"])
        self.client.get(
            f"/s/{SCHOOL}/review/findings/?priority={priority}&area={area}&status=open",
            name="queue filtered",
        )

    @task(2)
    def queue_later_page(self) -> None:
        self.client.get(
            f"/s/{SCHOOL}/review/findings/?page={random.randint(2, 200)}", name="queue page N"
        )

    @task(1)
    def one_finding(self) -> None:
        if self.refs:
            self.client.get(
                f"/s/{SCHOOL}/review/findings/{random.choice(self.refs)}/", name="finding"
            )
