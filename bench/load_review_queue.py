"""Load test of the review queue: 100,000 findings in PostgreSQL, 50 concurrent reviewers.

    nice -n 10 .venv/bin/python bench/load_review_queue.py \
        --database postgres://postgres@127.0.0.1:5432/saferpractice_bench \
        --findings 100000 --users 50 --seconds 60 --threads 8,16

It (1) makes a fresh database with one school, its people and N findings (bulk insert,
then VACUUM ANALYZE as autovacuum would; not timed), (2) serves the office with waitress on
127.0.0.1 (the production server `saferpractice web` uses), once per `--threads` value,
(3) runs locust headless against 127.0.0.1 only, bounded in time, with each simulated DSL
signed in and paging and filtering the queue, and (4) prints locust's percentiles and a
summary line per run with the machine's load average before and after (`os.getloadavg`),
because figures from a busy machine say little. The goal (issue 14) is p95 under 150 ms at
50 users. `--skip-setup` reuses the database of an earlier run.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Bench-Reviewer-7-lantern"
LOCUSTFILE = Path(__file__).with_name("load_review_locustfile.py")
SERVER = [sys.executable, "-m", "saferpractice", "web"]


def _django(database: str, data_dir: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ["SAFERPRACTICE_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "saferpractice.web.settings"
    import django

    django.setup()


def _fresh_database(database: str) -> None:
    import psycopg

    base, _, name = database.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup(database: str, data_dir: str, findings: int, seed: int = 7) -> str:
    """A school with 60 staff, 400 pupils and `findings` findings; returns the school slug."""
    _fresh_database(database)
    _django(database, data_dir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from saferpractice.web.audit.chain import suppressed
    from saferpractice.web.organisations.models import Membership, Role
    from saferpractice.web.organisations.setup import create_school
    from saferpractice.web.registers.models import Person
    from saferpractice.web.review.models import Finding, Status

    call_command("migrate", verbosity=0)
    school = create_school("Bench Academy", "Bench Trust", "trust")
    rng = random.Random(seed)
    with suppressed():
        Person.objects.bulk_create(
            [
                Person(
                    school=school,
                    ref=f"S{n:03d}",
                    given_name=f"Staff{n}",
                    family_name="Member",
                    role="staff",
                )
                for n in range(60)
            ]
            + [
                Person(
                    school=school,
                    ref=f"P{n:04d}",
                    given_name=f"Pupil{n}",
                    family_name="Child",
                    role="pupil",
                )
                for n in range(400)
            ]
        )
        for n in range(50):
            user = get_user_model().objects.create_user(username=f"dsl{n}", password=PASSWORD)
            Membership.objects.create(user=user, school=school, role=Role.DSL, person_ref="S059")
        rules = [
            ("contact.personal-message", "general.red.personal-messages", "general"),
            ("email.personal-account", "email.red.personal-account", "email"),
            ("images.personal-device", "images.red.personal-equipment", "images"),
            ("social.pupil-connection", "social.red.pupil-friends", "social"),
            ("internet.inappropriate", "internet.red.inappropriate-content", "internet"),
        ]
        start = datetime(2025, 9, 1, tzinfo=UTC)
        statuses = [Status.NEW] * 5 + [Status.TRIAGED, Status.ESCALATED] + [Status.RESOLVED] * 3
        batch: list[Finding] = []
        for n in range(findings):
            rule, item, area = rules[n % len(rules)]
            priority = rng.choices(["urgent", "high", "routine"], weights=[2, 18, 80])[0]
            staff, pupil = f"S{rng.randrange(59):03d}", f"P{rng.randrange(400):04d}"
            batch.append(
                Finding(
                    school=school,
                    ref=f"F-{n:016x}",
                    rule=rule,
                    level="red" if n % 3 else "amber",
                    priority=priority,
                    priority_rank={"urgent": 0, "high": 1, "routine": 2}[priority],
                    priority_reason="bench",
                    policy_item=item,
                    area=area,
                    people=[staff, pupil],
                    staff_ref=staff,
                    summary=f"Staff{staff[1:]} Member and Pupil{pupil[1:]} Child: finding {n}",
                    why=["bench"],
                    evidence_kind="message",
                    evidence_source="chat/teams.jsonl",
                    evidence_ref=f"TM-{n}",
                    excerpt="Don't tell anyone about this, ok?",
                    spans=[[0, 17, "secrecy"]],
                    occurred_at=start + timedelta(minutes=7 * n),
                    status=rng.choice(statuses),
                )
            )
            if len(batch) == 5000:
                Finding.objects.bulk_create(batch)
                batch = []
        Finding.objects.bulk_create(batch)
    call_command("collectstatic", interactive=False, verbosity=0)
    _sessions(data_dir)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # index-only scans need the visibility map
    return school.slug


def _sessions(data_dir: str) -> None:
    """Signed-in sessions for the simulated reviewers, made directly, so that the load test
    measures the queue rather than argon2 password hashing at sign-in."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for user in get_user_model().objects.filter(username__startswith="dsl").order_by("pk"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key or "")
    Path(data_dir, "sessions.txt").write_text("\n".join(keys), encoding="utf-8")


def _wait(url: str, seconds: float = 240) -> None:
    # A busy machine takes minutes to migrate, collect static files and start the server.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the office did not start at {url}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/saferpractice_bench"
    )
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--threads", default="8", help="waitress threads; a comma-separated list runs each"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="server processes sharing the port (SO_REUSEPORT; see bench/serve_reuseport.py)",
    )
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="saferpractice-bench-")
    os.environ["SAFERPRACTICE_SECRET_KEY"] = "bench-" + "x" * 50
    os.environ["SAFERPRACTICE_AUDIT_KEY"] = "bench-audit-" + "y" * 40
    began = time.monotonic()
    slug = "bench-academy"
    if not args.skip_setup:
        slug = setup(args.database, data_dir, args.findings)
        print(f"setup: {args.findings:,} findings in {time.monotonic() - began:.0f} s", flush=True)
    else:
        _django(args.database, data_dir)
        _sessions(data_dir)
    env = dict(
        os.environ,
        DATABASE_URL=args.database,
        SAFERPRACTICE_DATA_DIR=data_dir,
        SAFERPRACTICE_WORKER_THREAD="0",
    )
    summaries = []
    for threads in [int(t) for t in str(args.threads).split(",") if t.strip()]:
        summaries.append(_run(args, env, slug, data_dir, threads))
    print("\nsummary (times in ms; load = 1-minute load average before → after):")
    for line in summaries:
        print(line)
    return 0


def _run(
    args: argparse.Namespace, env: dict[str, str], slug: str, data_dir: str, threads: int
) -> str:
    """One locust run against a fresh server with `threads` waitress threads."""
    before = os.getloadavg()[0]
    if args.processes > 1:
        helper = [sys.executable, str(Path(__file__).with_name("serve_reuseport.py"))]
        commands = [[*helper, str(args.port), str(threads)]] * args.processes
    else:
        commands = [[*SERVER, "--port", str(args.port), "--threads", str(threads)]]
    servers = [subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL) for c in commands]
    try:
        host = f"http://127.0.0.1:{args.port}"
        _wait(f"{host}/sign-in/")
        csv_prefix = Path(data_dir) / f"locust-{threads}"
        command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
        command += ["--host", host, "-u", str(args.users), "-r", str(max(1, args.users // 5))]
        command += ["-t", f"{args.seconds}s", "--stop-timeout", "5", "--csv", str(csv_prefix)]
        command += ["--only-summary"]
        subprocess.run(
            command,
            env=dict(env, BENCH_SCHOOL=slug, BENCH_SESSIONS=str(Path(data_dir, "sessions.txt"))),
            check=False,
        )
        stats = csv_prefix.with_name(f"{csv_prefix.name}_stats.csv").read_text()
        print(stats)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
    label = f"{args.processes}x{threads}" if args.processes > 1 else str(threads)
    return _summary(stats, label, args.users, before, os.getloadavg()[0])


def _summary(stats: str, threads: str, users: int, before: float, after: float) -> str:
    import csv
    import io

    rows = {row["Name"]: row for row in csv.DictReader(io.StringIO(stats))}
    total = rows.get("Aggregated", {})
    return (
        f"threads={threads} users={users} requests={total.get('Request Count', '?')} "
        f"failures={total.get('Failure Count', '?')} "
        f"req/s={float(total.get('Requests/s', 0) or 0):.1f} p50={total.get('50%', '?')} "
        f"p95={total.get('95%', '?')} p99={total.get('99%', '?')} "
        f"load={before:.1f}→{after:.1f} ({os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
