"""CPU time and SQL queries per page of the review queue, in-process, through the WSGI app.

    nice -n 10 .venv/bin/python bench/page_cpu.py \
        --database postgres://postgres@127.0.0.1:5432/saferpractice_bench --requests 50

Uses the database bench/load_review_queue.py made (100,000 findings). It makes one signed-in
session for a DSL (as the load test does, so the session, authentication and CSRF
middleware run as in production) and calls the office's WSGI application
(`saferpractice.web.wsgi.application`, the object waitress serves, whitenoise and every
middleware included) for each kind of request the load test makes: the queue's first page,
a filtered page, a later page and one finding. After a warm-up it reports, per page, the
least, median and mean CPU time of this process (`time.process_time`: less disturbed by other
work on the machine than wall time, though a loaded machine still inflates it; the least is
the steadiest figure), the median wall time and the SQL queries.

`--profile DIR` also runs each page under pyinstrument and writes DIR/<page>.txt (and .html):
where the CPU goes. `--queries` prints each page's SQL once. Run it with another checkout's
`src` on PYTHONPATH to compare two versions on the same database.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HOST, PORT = "127.0.0.1", "8790"


def _environ(path: str, query: str, cookie: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": PORT,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": f"{HOST}:{PORT}",
        "HTTP_ACCEPT": "text/html",
        "HTTP_USER_AGENT": "page_cpu",
        "HTTP_COOKIE": cookie,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


class Office:
    """The WSGI application called as waitress calls it, counting SQL queries."""

    def __init__(self, application: Callable[..., Iterable[bytes]], cookie: str) -> None:
        self.application = application
        self.cookie = cookie
        self.queries: list[str] = []

    def count(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries.append(sql)
        return execute(sql, params, many, context)

    def get(self, url: str) -> tuple[str, bytes]:
        from django.db import connection

        path, _, query = url.partition("?")
        status: list[str] = []

        def start_response(code: str, headers: list[tuple[str, str]], exc: Any = None) -> None:
            status.append(code)

        self.queries = []
        with connection.execute_wrapper(self.count):
            result = self.application(_environ(path, query, self.cookie), start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        return status[0], body


def _session(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _pages(office: Office, school: str) -> dict[str, str]:
    base = f"/s/{school}/review/findings/"
    code, first = office.get(base)
    if not code.startswith("200"):
        raise SystemExit(f"the queue answered {code}: is this the bench database?")
    text = first.decode()
    ref = text.split(base, 2)[-1].split("/", 1)[0] if "F-" in text else ""
    return {
        "queue": base,
        "queue filtered": f"{base}?priority=high&area=email&status=open",
        "queue page N": f"{base}?page=150",
        "finding": f"{base}{ref}/",
    }


def _measure(office: Office, name: str, url: str, requests: int) -> str:
    cpus, walls = [], []
    for _ in range(requests):
        wall, cpu = time.perf_counter(), time.process_time()
        code, _ = office.get(url)
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
        if not code.startswith("200"):
            raise SystemExit(f"{name}: {url} answered {code}")
    return (
        f"{name:16} {min(cpus) * 1000:8.1f} {statistics.median(cpus) * 1000:8.1f} "
        f"{statistics.fmean(cpus) * 1000:8.1f} {statistics.median(walls) * 1000:8.1f} "
        f"{len(office.queries):8d}"
    )


def _profile(office: Office, pages: dict[str, str], requests: int, folder: Path) -> None:
    from pyinstrument import Profiler

    folder.mkdir(parents=True, exist_ok=True)
    for name, url in pages.items():
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(requests):
            office.get(url)
        profiler.stop()
        stem = folder / name.replace(" ", "_")
        stem.with_suffix(".txt").write_text(
            profiler.output_text(unicode=True, show_all=False), encoding="utf-8"
        )
        stem.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
        print(f"profile of {name}: {stem}.txt", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/saferpractice_bench"
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--school", default="bench-academy")
    parser.add_argument("--user", default="dsl0")
    parser.add_argument("--profile", type=Path, help="write pyinstrument profiles here")
    parser.add_argument("--queries", action="store_true", help="print each page's SQL")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database, DJANGO_SETTINGS_MODULE="saferpractice.web.settings"
    )
    os.environ.setdefault("SAFERPRACTICE_SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("SAFERPRACTICE_AUDIT_KEY", "bench-audit-" + "y" * 40)
    os.environ.setdefault("SAFERPRACTICE_DATA_DIR", "/tmp")
    from saferpractice.web import setup

    setup()
    from saferpractice.web.wsgi import application

    office = Office(application, _session(args.user))
    pages = _pages(office, args.school)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.requests} each")
    print("page             CPU ms   CPU ms   CPU ms  wall ms  queries")
    print("                    min   median     mean   median")
    for name, url in pages.items():
        for _ in range(3):  # warm-up: caches, the first compile of each template
            office.get(url)
        print(_measure(office, name, url, args.requests), flush=True)
        if args.queries:
            for sql in office.queries:
                print(f"    {sql[:200]}")
    if args.profile:
        _profile(office, pages, args.requests, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
