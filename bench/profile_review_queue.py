"""Per-request cost of the review queue, in one process, without a load generator.

    nice -n 10 .venv/bin/python bench/profile_review_queue.py \
        --database postgres://postgres@127.0.0.1:5432/saferpractice_bench --requests 20

Uses the database bench/load_review_queue.py made (100,000 findings). For each kind of
request the load test makes (the queue's first page, a filtered page, a later page, one
finding) it signs in one DSL with Django's test client, warms up once, then makes
`--requests` requests one after another and prints the median wall-clock time, the median
CPU time of this process (less disturbed by other work on a shared machine than wall
time) and the number of SQL queries. Run it with another checkout's `src` on PYTHONPATH to
compare two versions on the same database and the same machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/saferpractice_bench"
    )
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--school", default="bench-academy")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database,
        DJANGO_SETTINGS_MODULE="saferpractice.web.settings",
        SAFERPRACTICE_ALLOWED_HOSTS="testserver",
    )
    os.environ.setdefault("SAFERPRACTICE_SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("SAFERPRACTICE_AUDIT_KEY", "bench-audit-" + "y" * 40)
    os.environ.setdefault("SAFERPRACTICE_DATA_DIR", "/tmp")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username="dsl0"))
    base = f"/s/{args.school}/review/findings/"
    first = client.get(base).content.decode()
    ref = first.split(base, 2)[-1].split("/", 1)[0] if "F-" in first else ""
    pages = {
        "queue": base,
        "queue filtered": f"{base}?priority=high&area=email&status=open",
        "queue page N": f"{base}?page=150",
        "finding": f"{base}{ref}/",
    }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("request          wall ms (median)  CPU ms (median)  queries")
    for name, url in pages.items():
        client.get(url)
        walls, cpus, queries = [], [], 0
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                cpus.append(time.process_time() - cpu)
                walls.append(time.perf_counter() - wall)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured.captured_queries)
        print(
            f"{name:16} {statistics.median(walls) * 1000:16.0f} "
            f"{statistics.median(cpus) * 1000:16.0f} {queries:8d}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
