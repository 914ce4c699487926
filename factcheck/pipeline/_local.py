"""The local executor: claims checked on one event loop, ``concurrency`` at a time."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from factcheck.config import Settings
from factcheck.pipeline._claim import ClaimVerifier, check_claim
from factcheck.pipeline._models import ClaimOutcome, ClaimTask, RunOptions
from factcheck.pipeline._rerun import InputsLog, carry_over_unchanged

if TYPE_CHECKING:
    import httpx

    from factcheck.fetchers.base import FetcherRegistry
    from factcheck.models import Verdict
    from factcheck.store import Store

__all__ = []

logger = logging.getLogger("factcheck.pipeline")


_THREADS = 2  # worker threads of a run's event loop (verification, archive file I/O)


_STOP_POLL_S = 0.1  # how often a run looks at its stop event


async def _check_all(
    tasks: Sequence[ClaimTask],
    hashes: dict[str, str],
    *,
    run_id: int,
    settings: Settings,
    options: RunOptions,
    store: Store,
    verifier: ClaimVerifier,
    transport: httpx.AsyncBaseTransport | None,
    on_claim: Callable[[ClaimOutcome], None],
    disabled_out: dict[str, str],
    http_stats_out: dict[str, int],
    registry: FetcherRegistry | None,
    stop: threading.Event | None = None,
) -> None:
    from factcheck.evidence import EvidenceArchive
    from factcheck.fetchers import load_fetchers
    from factcheck.http import HttpClient

    archive = EvidenceArchive.from_settings(settings)
    # Few threads: verification holds the GIL anyway, and each thread that allocates gets its own
    # malloc arena (the default cpu+4 pool cost ~80 MB of RSS in a 10,000-claim run).
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(_THREADS, thread_name_prefix="factcheck")
    )
    async with HttpClient(
        settings, transport=transport, archive=archive, offline=options.offline
    ) as client:
        fetchers, disabled = load_fetchers(
            settings, client, list(options.fetchers) or None, registry=registry
        )
        disabled_out.update(disabled)
        inputs = InputsLog.for_run(settings, archive, client, fetchers, verifier.version)
        if inputs is not None:  # claims whose inputs did not change: carried over, not fetched

            def carried(task: ClaimTask, verdict: Verdict, documents: int) -> None:
                outcome = ClaimOutcome(
                    task.claim.id, "carried_over", verdict.label, verdict.confidence, documents
                )
                on_claim(outcome)

            tasks = await carry_over_unchanged(
                tasks, hashes, log=inputs, store=store, run_id=run_id, on_carried=carried,
                stopped=lambda: stop is not None and stop.is_set(),
            )  # fmt: skip
            if stop is not None and stop.is_set():
                http_stats_out.update(client.stats)
                raise _StopRequestedError
        pending = iter(tasks)

        async def worker() -> None:
            # ``concurrency`` workers share one iterator (each claim taken once): memory stays
            # flat with the number of claims, unlike one asyncio task per claim created up front
            for task in pending:
                outcome = await check_claim(
                    task,
                    run_id=run_id,
                    claim_hash=hashes[task.claim.id],
                    store=store,
                    fetchers=fetchers,
                    verifier=verifier,
                    inputs=inputs,
                )
                on_claim(outcome)

        jobs = [asyncio.create_task(worker()) for _ in range(max(1, options.concurrency))]
        watch = asyncio.create_task(_wait_for_stop(stop)) if stop is not None else None
        waiting: set[asyncio.Task[None]] = {*jobs, *([watch] if watch else [])}
        try:
            while waiting - {watch}:
                done, waiting = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                for job in done - {watch}:
                    job.result()  # the first failure ends the run (the rest are cancelled below)
                if watch in done:
                    raise _StopRequestedError
        finally:
            for job in jobs:
                job.cancel()
            if watch is not None:
                watch.cancel()
            # wait for the cancellations to land (no claim is left half-done on the loop) and
            # collect every outcome, so no "Task exception was never retrieved" at exit
            await asyncio.gather(*jobs, *([watch] if watch else []), return_exceptions=True)
            http_stats_out.update(client.stats)


class _StopRequestedError(Exception):
    """The ``stop`` event of a run was set (SIGTERM): finish cleanly, close as interrupted."""


async def _wait_for_stop(stop: threading.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(_STOP_POLL_S)
