"""`saferpractice web`: the school's e-safety office in a browser.

`saferpractice web` migrates the database if needed and serves the office on 127.0.0.1:8000
with waitress (a production-grade WSGI server). Sub-commands make the first administrator,
load the demo school, verify the audit log and run Django's management commands.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from saferpractice.cli.common import EXIT_FOUND, EXIT_OK

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _setup(data_dir: Path | None = None, demo: bool = False) -> None:
    if data_dir is not None:
        os.environ["SAFERPRACTICE_DATA_DIR"] = str(data_dir)
    Path(os.environ.get("SAFERPRACTICE_DATA_DIR", "saferpractice-data")).mkdir(
        parents=True, exist_ok=True
    )
    if demo:
        os.environ["SAFERPRACTICE_DEMO"] = "1"
    from saferpractice.web import setup

    setup()


def _migrate(quiet: bool = True) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)
    # Static files are few and small; collecting them keeps whitenoise's production path.
    call_command("collectstatic", interactive=False, verbosity=0)


def _serve(host: str, port: int, threads: int) -> None:
    from waitress import serve

    from saferpractice.web.review.worker import start_worker_thread
    from saferpractice.web.wsgi import application

    start_worker_thread()  # scans started from the web run in a thread beside the server
    click.echo(f"The e-safety office is at http://{host}:{port}/  (press Ctrl+C to stop)")
    serve(application, host=host, port=port, threads=threads, ident="saferpractice")


def prod_check() -> int:
    """Django's deploy checks against the production settings; 0 when clean."""
    env = dict(os.environ)
    env["SAFERPRACTICE_ENV"] = "production"
    env["DJANGO_SETTINGS_MODULE"] = "saferpractice.web.settings"
    env.setdefault("SAFERPRACTICE_SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("SAFERPRACTICE_AUDIT_KEY", secrets.token_urlsafe(48))
    env.setdefault("SAFERPRACTICE_ALLOWED_HOSTS", "office.example.sch.uk")
    env.pop("SAFERPRACTICE_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the test suite, never in deployment
    with tempfile.TemporaryDirectory(prefix="saferpractice-prod-check-") as tmp:
        env.setdefault("SAFERPRACTICE_DATA_DIR", tmp)
        command = [
            sys.executable,
            "-m",
            "django",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ]
        done = subprocess.run(command, env=env, check=False)
    return done.returncode


data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the SQLite database and generated key live "
    "(default: $SAFERPRACTICE_DATA_DIR or ./saferpractice-data).",
)


@click.group("web", invoke_without_command=True)
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option(
    "--prod-check",
    is_flag=True,
    help="Run Django's deploy checks against the production settings and exit.",
)
@data_dir_option
@click.pass_context
def web(
    ctx: click.Context,
    host: str,
    port: int,
    threads: int,
    prod_check: bool,
    data_dir: Path | None,
) -> None:
    """Serve the school's e-safety office (migrating the database first if needed).

    Settings come from the environment (SAFERPRACTICE_SECRET_KEY, DATABASE_URL, ...);
    see docs/web.md. There are no default accounts: `saferpractice web createadmin` makes
    the first one.
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"data_dir": data_dir}
        return
    if prod_check:
        code = globals()["prod_check"]()
        if code == 0:
            click.echo("Production settings pass Django's deploy checks.")
        raise SystemExit(EXIT_OK if code == 0 else EXIT_FOUND)
    _setup(data_dir)
    _migrate()
    _serve(host, port, threads)


def _data_dir(ctx: click.Context) -> Path | None:
    obj: dict[str, Any] = ctx.obj or {}
    value = obj.get("data_dir")
    return value if isinstance(value, Path) else None


@web.command("createadmin")
@click.option("--username", prompt=True, help="The administrator's username.")
@click.option("--school", "school_name", prompt="School name", help="The school's name.")
@click.option("--organisation", default="", help="The trust or local authority (if any).")
@click.option(
    "--kind",
    type=click.Choice(["trust", "local-authority", "standalone"]),
    default="standalone",
    show_default=True,
)
@click.pass_context
def createadmin(
    ctx: click.Context, username: str, school_name: str, organisation: str, kind: str
) -> None:
    """Make the first administrator (and their school). The password is asked for twice and
    must meet the policy's strong-password rule; SAFERPRACTICE_ADMIN_PASSWORD supplies it
    without a prompt."""
    password = os.environ.get("SAFERPRACTICE_ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    _setup(_data_dir(ctx))
    _migrate()
    from saferpractice.web.organisations.setup import create_admin

    problems = create_admin(username, password, school_name, organisation, kind)
    if problems:
        raise click.UsageError("; ".join(problems))
    click.echo(f"Administrator {username!r} created for {school_name}. Sign in with it.")


@web.command("verify-audit")
@click.option(
    "--head",
    "head_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A chain head saved earlier by `export-audit-head`: check the log still holds it.",
)
@click.pass_context
def verify_audit(ctx: click.Context, head_file: Path | None) -> None:
    """Check the audit log's sealed chain; exit 1 if any entry was altered or removed."""
    _setup(_data_dir(ctx))
    from saferpractice.web.audit.chain import verify_chain
    from saferpractice.web.audit.heads import read_head

    head = read_head(head_file) if head_file is not None else None
    report = verify_chain(head)
    if report.intact:
        against = f"; exported head {head['seq']} found unchanged" if head else ""
        click.echo(f"The audit log is intact: {report.events} entries, chain verified{against}.")
        return
    for problem in report.problems:
        click.echo(problem, err=True)
    click.echo(f"The audit log has been tampered with ({len(report.problems)} problems).", err=True)
    raise SystemExit(EXIT_FOUND)


@web.command("export-audit-head")
@click.pass_context
def export_audit_head(ctx: click.Context) -> None:
    """Print the audit log's chain head (latest entry and its seal) as JSON. Keep it outside
    the office; `verify-audit --head FILE` later proves the log still holds it unchanged."""
    _setup(_data_dir(ctx))
    from django.core.management import call_command

    call_command("export_audit_head")


@web.command("demo")
@click.argument("demo_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--serve/--no-serve", default=True, show_default=True)
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.pass_context
def demo(ctx: click.Context, demo_dir: Path, serve: bool, host: str, port: int) -> None:
    """Load the demo school made by `saferpractice demo-school` into a fresh database and
    serve it, with one made-up sign-in per role (password: saferpractice-demo).

    Without DEMO_DIR/findings.jsonl (from `saferpractice scan -o`), the office is served at
    once and the demo's evidence is scanned in the background; its findings appear when
    the scan ends (with --no-serve, the scan runs first)."""
    data_dir = _data_dir(ctx) or demo_dir / "web"
    database = data_dir / "office.sqlite3"
    if "DATABASE_URL" not in os.environ and database.exists():
        database.unlink()  # the demo always starts fresh
    _setup(data_dir, demo=True)
    _migrate()
    from saferpractice.web.demo import DEMO_PASSWORD, load_demo
    from saferpractice.web.demo_scan import FINDINGS, SCAN_LOG, start_background_scan

    in_background = serve and not (demo_dir / FINDINGS).is_file()
    loaded = load_demo(demo_dir, with_findings=not in_background)
    click.echo(f"Demo office for {loaded.school_name}: {loaded.summary}")
    click.echo(f"Demo sign-ins (every one has the password {DEMO_PASSWORD!r}):")
    for username, role in loaded.sign_ins:
        click.echo(f"  {username:<10} {role}")
    if in_background:
        start_background_scan(loaded.school_pk, demo_dir)
        click.echo(
            "The demo's evidence is being scanned in the background (a few minutes; its log is "
            f"{demo_dir / SCAN_LOG}). Its findings appear in the office when it ends."
        )
    if serve:
        _serve(host, port, 8)


@web.command("manage", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def manage(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Run a Django management command against the office's settings (e.g. `migrate`)."""
    _setup(_data_dir(ctx))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["saferpractice web manage", *args])
