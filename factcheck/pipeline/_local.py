"""The local executor: claims checked on one event loop, ``concurrency`` at a time."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from factcheck.config import Settings
from factcheck.errors import RunInterruptedError
from factcheck.pipeline._claim import ClaimVerifier, check_claim
from factcheck.pipeline._executor import RunContext
from factcheck.pipeline._models import ClaimOutcome, ClaimTask, RunOptions
from factcheck.pipeline._rerun import InputsLog, carry_over_unchanged
from factcheck.pipeline._sources import open_sources

if TYPE_CHECKING:
    import httpx

    from factcheck.fetchers.base import FetcherRegistry
    from factcheck.models import Verdict

__all__ = ["LocalExecutor"]

logger = logging.getLogger("factcheck.pipeline")


_THREADS = 2  # worker threads of a run's event loop (verification, archive file I/O)


_STOP_POLL_S = 0.1  # how often a run looks at its stop event


class LocalExecutor:
    """Checks the claims in this process: ``options.concurrency`` claims at a time on one event loop,
    with one HTTP client and the fetchers of :func:`~factcheck.pipeline.open_sources`.

    ``transport`` replaces the network and ``registry`` the installed fetchers (tests).
    """

    name = "local"

    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        registry: FetcherRegistry | None = None,
    ) -> None:
        self._transport = transport
        self._registry = registry

    def prepare(self, settings: Settings, options: RunOptions) -> None:
        """Nothing to check before the run: the fetchers are built when it executes."""

    def execute(self, run: RunContext) -> None:
        """Verify ``run.todo`` (the verifier is loaded only when there is a claim to check)."""
        run.extra["http"] = {}
        if not run.todo:
            return
        verifier = ClaimVerifier(run.settings)
        run.extra["verifier"] = verifier.version
        try:
            if run.stopping:
                raise _StopRequestedError
            asyncio.run(self._check_all(run, verifier))
        except _StopRequestedError:
            raise RunInterruptedError(f"run {run.run_id} interrupted") from None

    def finish(self, run: RunContext) -> None:
        """The counts kept by :meth:`RunContext.record` are the truth here."""

    def close(self) -> None:
        """Nothing held between runs."""

    async def _check_all(self, run: RunContext, verifier: ClaimVerifier) -> None:
        # Few threads: verification holds the GIL anyway, and each thread that allocates gets its own
        # malloc arena (the default cpu+4 pool cost ~80 MB of RSS in a 10,000-claim run).
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(_THREADS, thread_name_prefix="factcheck")
        )
        sources = open_sources(
            run.settings,
            offline=run.options.offline,
            fetchers=run.options.fetchers,
            transport=self._transport,
            registry=self._registry,
        )
        async with sources:
            run.disabled.update(sources.disabled)
            inputs = InputsLog.for_run(
                run.settings, sources.archive, sources.client, sources.fetchers, verifier.version
            )
            todo: deque[ClaimTask] = deque(() if inputs is not None else run.todo)
            wake = asyncio.Event()
            checking: asyncio.Task[None] | None = None
            if inputs is not None:  # claims whose inputs did not change: carried over, not fetched

                def carried(task: ClaimTask, verdict: Verdict, documents: int) -> None:
                    outcome = ClaimOutcome(
                        task.claim.id, "carried_over", verdict.label, verdict.confidence, documents
                    )
                    run.record(outcome)

                def changed(task: ClaimTask) -> None:
                    todo.append(task)
                    wake.set()

                checking = asyncio.create_task(
                    carry_over_unchanged(
                        run.todo, run.hashes, log=inputs, store=run.store, run_id=run.run_id,
                        on_carried=carried, on_changed=changed,
                    )
                )  # fmt: skip
                checking.add_done_callback(lambda _: wake.set())

            async def next_task() -> ClaimTask | None:
                while not todo:
                    if checking is None or checking.done():
                        return None
                    wake.clear()
                    await wake.wait()
                return todo.popleft()

            async def worker() -> None:
                # ``concurrency`` workers share one queue (each claim taken once): memory stays
                # flat with the number of claims, unlike one asyncio task per claim created up front
                while (task := await next_task()) is not None:
                    outcome = await check_claim(
                        task,
                        run_id=run.run_id,
                        claim_hash=run.hashes[task.claim.id],
                        store=run.store,
                        fetchers=sources.fetchers,
                        verifier=verifier,
                        inputs=inputs,
                    )
                    run.record(outcome)

            concurrency = max(1, run.options.concurrency)
            jobs = [asyncio.create_task(worker()) for _ in range(concurrency)]
            jobs += [checking] if checking is not None else []
            stop = run.stop
            watch = asyncio.create_task(_wait_for_stop(stop)) if stop is not None else None
            waiting: set[asyncio.Task[None]] = {*jobs, *([watch] if watch else [])}
            try:
                while waiting - {watch}:
                    done, waiting = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                    for job in done - {watch}:
                        job.result()  # the first failure ends the run (the rest are cancelled)
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
                run.extra["http"] = dict(sources.client.stats)


class _StopRequestedError(Exception):
    """The ``stop`` event of a run was set (SIGTERM): finish cleanly, close as interrupted."""


async def _wait_for_stop(stop: threading.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(_STOP_POLL_S)
