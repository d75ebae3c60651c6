"""Run a scan's shards on a Dask distributed cluster.

`--cluster tcp://scheduler:8786` uses a cluster that is already running; `--cluster local:N`
starts a `LocalCluster` of N single-threaded worker processes on this machine for the scan.

- `local:N` on Linux forks its workers from the driver after the driver has imported the
  readers and built the detectors (as `--jobs` does), so a worker starts with the school
  context in memory and no task carries it: spawning a fresh interpreter that imports
  `distributed` and saferpractice and builds its own detectors cost each worker about 2.5 s
  of CPU, most of the gap between `local:1` and `--jobs 1` (docs/benchmarks.md).
- Elsewhere (`tcp://`, or no fork) the school context is published once on the scheduler and
  each task carries only a reference to it; each worker process fetches it on its first task
  and keeps it (`workers.context_for`). Unlike data scattered to the workers, it survives the
  death of every worker that had it, and a worker that joins mid-scan can fetch it.
- Each task (`workers.check_shard`) reads its shard from the path the driver planned, so every
  worker must see the evidence at the same path (a shared mount) and run the same version of
  saferpractice (see docs/scale.md).
- If a worker dies, the scheduler runs its shards again elsewhere. The driver merges results by
  piece, so a shard that ran twice is still counted once and nothing is lost.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from saferpractice.checks import CheckContext
from saferpractice.diagnostics import UserError
from saferpractice.scan.forksafe import forking_workers
from saferpractice.scan.workers import (
    ShardResult,
    check_shard_in_pool,
    check_shard_on_worker,
    publish_context,
    share_context,
    withdraw_context,
)

if TYPE_CHECKING:
    from distributed import Client

    from saferpractice.scan.sharded import Planned, Progress, Tally

MAX_LOCAL_WORKERS = 256
# Periodic work a local cluster does for dashboards and long-lived, uneven workloads. A scan's
# tasks are coarse, queued by the scheduler and balanced by the planner, so these only cost CPU
# in the driver (which hosts the scheduler and the nannies) and the workers (bench/scale.py).
LOCAL_CONFIG = {
    "distributed.worker.profile.enabled": False,  # the 10 ms statistical profiler
    "distributed.scheduler.work-stealing": False,  # a 100 ms balancing loop; tasks are queued
    "distributed.worker.memory.monitor-interval": "1s",  # the nannies' psutil poll (100 ms)
    "distributed.admin.system-monitor.interval": "2s",  # every process's psutil poll (500 ms)
    # Every server's check that its event loop is not blocked (20 ms): two thirds of an idle
    # local cluster's CPU (0.47 s of the driver's and 0.59 s of two workers' in 20 s, down to
    # 0.17 s and 0.14 s at 1 s). It only feeds the "event loop was unresponsive" warning.
    "distributed.admin.tick.interval": "1s",
}


def parse_cluster(spec: str) -> int | str:
    """The number of local workers for `local:N`, else the scheduler's address."""
    spec = spec.strip()
    if spec.startswith("local:"):
        count = spec.removeprefix("local:")
        if not count.isdigit() or not 1 <= int(count) <= MAX_LOCAL_WORKERS:
            raise UserError(
                f"--cluster {spec!r}: after 'local:' give a number of workers "
                f"from 1 to {MAX_LOCAL_WORKERS}"
            )
        return int(count)
    if "://" not in spec and ":" not in spec:
        raise UserError(
            f"--cluster {spec!r}: give a scheduler address such as tcp://host:8786, or local:N"
        )
    return spec


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def forks_local_workers(spec: str) -> bool:
    """Whether `spec` starts local workers forked from this process (Linux, `local:N`)."""
    return isinstance(parse_cluster(spec), int) and multiprocessing.get_start_method() == "fork"


@contextmanager
def connect(spec: str, say: Callable[[str], None] = _say) -> Iterator[Client]:
    """A client for `spec` (starting a LocalCluster for `local:N`); says where the dashboard is.

    Local workers are forked from this process where `forks_local_workers` says so."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a dependency of the package
        raise UserError("--cluster needs dask[distributed] installed") from None

    target = parse_cluster(spec)
    if isinstance(target, int):
        import dask

        method = "fork" if forks_local_workers(spec) else "spawn"
        config = {**LOCAL_CONFIG, "distributed.worker.multiprocessing-method": method}
        with dask.config.set(config):
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=target,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=50,  # logging.CRITICAL: worker shutdown chatter is noise here
            )
            try:
                with Client(cluster) as client:  # type: ignore[no-untyped-call]
                    _announce(client, f"a local Dask cluster of {target} worker(s)", say)
                    yield client
            finally:
                cluster.close()
        return
    try:
        client = Client(target, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as error:
        raise UserError(f"--cluster {spec}: cannot reach the scheduler ({error})") from None
    with client:
        _announce(client, f"the Dask cluster at {target}", say)
        yield client


def _announce(client: Client, what: str, say: Callable[[str], None]) -> None:
    workers = len(client.scheduler_info().get("workers", {}))
    say(f"Scanning on {what} ({workers} worker(s) now).")
    link = _dashboard_link(client)
    if link:
        say(f"Dask dashboard: {link}")


def _dashboard_link(client: Client) -> str | None:
    try:
        info: dict[str, Any] = client.scheduler_info()
        if "dashboard" not in info.get("services", {}):
            return None  # no dashboard (bokeh not installed, or switched off)
        return str(client.dashboard_link)
    except (KeyError, AttributeError, OSError):
        return None


def run_on_client(
    client: Client,
    ctx: CheckContext,
    planned: Planned,
    on_progress: Progress | None = None,
    tally: Tally | None = None,
    inherited: bool = False,
) -> list[ShardResult]:
    """Run every shard on the client's cluster and gather the results as they finish.

    With `inherited` the workers were forked holding the context (`share_context`), so the
    tasks carry none; otherwise it is published on the scheduler and each worker process
    fetches it once (`workers.context_for`), so no worker's death can lose it.

    A result for a shard that has already been taken (a retried task reporting twice) is
    ignored, so each shard counts exactly once.
    """
    from distributed import as_completed

    from saferpractice.scan.sharded import Tally, fresh_context

    tally = tally or Tally(on_progress)

    ref = None if inherited else publish_context(client, fresh_context(ctx))
    futures = [
        client.submit(check_shard_in_pool, shard, planned.job, pure=False, retries=1)
        if ref is None
        else client.submit(check_shard_on_worker, shard, planned.job, ref, pure=False, retries=1)
        for shard in planned.plan.shards
    ]
    taken: set[int] = set()
    try:
        for _, result in as_completed(futures, with_results=True):  # type: ignore[no-untyped-call]
            assert isinstance(result, ShardResult)
            if result.number in taken:
                continue
            taken.add(result.number)
            tally.add(result)
    finally:
        client.cancel(futures)  # type: ignore[no-untyped-call]
        if ref is not None:
            withdraw_context(client, ref)
    return sorted(tally.results, key=lambda result: result.number)


def run_on_cluster(
    ctx: CheckContext,
    planned: Planned,
    spec: str,
    on_progress: Progress | None = None,
    tally: Tally | None = None,
) -> list[ShardResult]:
    """Connect to (or start) the cluster `spec` and run the scan's shards there."""
    if not forks_local_workers(spec):
        with connect(spec) as client:
            return run_on_client(client, ctx, planned, on_progress, tally)
    with forked_cluster(ctx, spec) as client:
        return run_on_client(client, ctx, planned, on_progress, tally, inherited=True)


@contextmanager
def forked_cluster(
    ctx: CheckContext, spec: str, say: Callable[[str], None] = _say
) -> Iterator[Client]:
    """A `local:N` cluster whose workers are forked from this process holding `ctx`, with its
    detectors built first so that each worker starts with them (see `forks_local_workers`)."""
    from saferpractice.scan.sharded import warm_up

    warm_up(ctx)
    share_context(ctx)
    try:
        # Forked from a thread while the driver's other threads write: see scan/forksafe.py.
        with forking_workers(), connect(spec, say) as client:
            yield client
    finally:
        share_context(None)
