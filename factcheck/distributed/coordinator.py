"""The Celery executor: :class:`CeleryExecutor` (``factcheck run --backend celery``).

The run itself — claim files validated before any work, the run lock, open or resume, the claims
recorded, the run closed and summarized — is :func:`factcheck.pipeline.run_claims`, the same for
every backend. This executor enqueues one task per claim left and waits until every claim has a
verdict in the store or is recorded as errored. It is registered in the entry-point group
``factcheck.executors`` as ``celery``. :func:`run_distributed` is ``run_claims(backend="celery")``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from factcheck.config import Settings
from factcheck.distributed._redis import TASK_NAME, _redis_client, _RunKeys, _text, task_id_for
from factcheck.distributed.worker import create_app
from factcheck.errors import QueueError, RunInterruptedError
from factcheck.pipeline import (
    ClaimOutcome,
    ClaimTask,
    RunContext,
    RunOptions,
    RunSummary,
    open_sources,
    run_claims,
)

if TYPE_CHECKING:
    import redis

    from factcheck.store import RunInfo, Store

__all__ = ["CeleryExecutor", "run_distributed"]

logger = logging.getLogger("factcheck.distributed")

_POLL_S = 0.25
_CONFIRM_EVERY_S = 15.0  # also ask the store, in case an event was lost with a dying worker


def _disabled_fetchers(settings: Settings, options: RunOptions) -> dict[str, str]:
    """Which fetchers the run's settings switch off (raises on an unknown ``--fetcher``)."""
    # opens no connection: the client is built to build the fetchers, and dropped
    sources = open_sources(settings, offline=options.offline, fetchers=options.fetchers)
    return sources.disabled


class CeleryExecutor:
    """Checks a run's claims on Celery workers (``run.backend = "celery"``).

    :meth:`prepare` checks the fetcher names and that the broker answers (before the run is opened:
    a dead broker leaves no run behind); :meth:`execute` enqueues one task per claim left and waits
    until each has a verdict in the store or is recorded as errored; :meth:`finish` counts the
    outcomes from the store (the truth) and the workers' reports.
    """

    name = "celery"

    def __init__(self) -> None:
        self._broker: redis.Redis | None = None
        self._app: Any = None
        self._disabled: dict[str, str] = {}
        self._keys: _RunKeys | None = None
        self._outcomes: dict[str, str] = {}

    def prepare(self, settings: Settings, options: RunOptions) -> None:
        """Raise :class:`QueueError` when the broker is unreachable, before any work."""
        self._disabled = _disabled_fetchers(settings, options)
        broker = _redis_client(settings.run.broker_url)
        try:
            broker.ping()
        except Exception as exc:  # translation edge: redis-py
            broker.close()
            raise QueueError(f"broker {settings.run.broker_url} unreachable: {exc}") from exc
        self._broker = broker
        self._app = create_app(settings)

    def execute(self, run: RunContext) -> None:
        """Enqueue ``run.todo`` and wait for the workers (:func:`_wait`)."""
        assert self._broker is not None, "prepare() first"
        store = run.store
        if store.dialect == "sqlite":
            logger.warning("backend=celery on SQLite: every worker must share this machine's file")
        run.disabled.update(self._disabled)
        run.extra["backend"] = self.name
        keys = self._keys = _RunKeys.of(store.url, run.run_id)
        self._broker.delete(keys.events, keys.errored)  # errored claims of an earlier attempt
        _enqueue(self._app, run.settings, run.options, store.url, run.run_id, run.todo, run.hashes)
        _wait(
            run.settings, store, self._broker, keys, run.run_id, run.todo, run.record,
            self._outcomes, run.stop,
        )  # fmt: skip

    def finish(self, run: RunContext) -> None:
        """Correct verified / carried over / errored from the store and the workers' reports."""
        if self._keys is None or self._broker is None:
            return
        run.counts.update(
            _final_counts(run.store, self._broker, self._keys, run.run_id, run.todo, self._outcomes)
        )

    def close(self) -> None:
        """Close the broker connection."""
        if self._broker is not None:
            self._broker.close()
            self._broker = None


def run_distributed(
    settings: Settings,
    options: RunOptions,
    *,
    store: Store | None = None,
    on_claim: Callable[[ClaimOutcome], None] | None = None,
    on_start: Callable[[RunInfo, int], None] | None = None,
    stop: threading.Event | None = None,
) -> RunSummary:
    """``run_claims(settings, options, backend="celery", ...)``: the run on Celery workers.

    Raises as :func:`~factcheck.pipeline.run_claims`; :class:`~factcheck.errors.QueueError` when the
    broker is unreachable or the workers did not finish within ``run.wait_timeout_s`` (the run is
    then left resumable).
    """
    return run_claims(
        settings,
        options,
        backend="celery",
        store=store,
        on_claim=on_claim,
        on_start=on_start,
        stop=stop,
    )


def _enqueue(
    app: Any,
    settings: Settings,
    options: RunOptions,
    store_url: str,
    run_id: int,
    todo: Sequence[ClaimTask],
    hashes: dict[str, str],
) -> None:
    task = app.tasks[TASK_NAME]
    try:
        with app.producer_or_acquire() as producer:
            for t in todo:
                task.apply_async(
                    kwargs={
                        "run_id": run_id,
                        "store": store_url,
                        "claim": t.claim.model_dump(mode="json"),
                        "article": t.article.model_dump(mode="json") if t.article else None,
                        "file": t.file,
                        "claim_hash": hashes[t.claim.id],
                        "offline": options.offline,
                        "fetchers": list(options.fetchers),
                    },
                    task_id=task_id_for(run_id, t.claim.id),
                    queue=settings.run.queue,
                    producer=producer,
                )
    except Exception as exc:  # translation edge: kombu/redis
        raise QueueError(f"cannot enqueue the claims of run {run_id}: {exc}") from exc
    logger.info("run %d: %d claim(s) enqueued on %s", run_id, len(todo), settings.run.queue)


def _wait(
    settings: Settings,
    store: Store,
    broker: redis.Redis,
    keys: _RunKeys,
    run_id: int,
    todo: Sequence[ClaimTask],
    on_claim: Callable[[ClaimOutcome], None] | None,
    outcomes: dict[str, str],
    stop: threading.Event | None = None,
) -> None:
    """Poll until every claim has a verdict in the store or is recorded as errored.

    ``outcomes`` receives each claim's outcome as the workers report it (claim id → outcome).
    Each poll also checks the run lock (:class:`RunLockLostError` when it is gone) and ``stop``
    (:class:`RunInterruptedError`).
    """
    import redis

    wanted = {t.claim.id for t in todo}
    seen = outcomes
    cursor = 0
    deadline = time.monotonic() + settings.run.wait_timeout_s
    next_confirm = time.monotonic() + _CONFIRM_EVERY_S
    while wanted:
        if stop is not None and stop.is_set():
            raise RunInterruptedError(
                f"run {run_id} interrupted; it was closed as interrupted and the next "
                "`factcheck run` resumes it"
            )
        store.check_run_lock()
        try:
            raw_events = broker.lrange(keys.events, cursor, -1)
        except redis.RedisError as exc:
            raise QueueError(f"broker unreachable while waiting for run {run_id}: {exc}") from exc
        cursor += len(raw_events)
        for raw in raw_events:
            event = json.loads(raw)
            cid = event["claim_id"]
            if cid in wanted and cid not in seen:
                seen[cid] = event["outcome"]
                if on_claim is not None:
                    on_claim(
                        ClaimOutcome(
                            cid,
                            event["outcome"],
                            event.get("label"),
                            event.get("confidence"),
                            int(event.get("documents") or 0),
                            int(event.get("errors") or 0),
                        )
                    )
        now = time.monotonic()
        if len(seen) >= len(wanted) or now >= next_confirm:
            next_confirm = now + _CONFIRM_EVERY_S
            try:
                errored = {_text(k) for k in broker.hkeys(keys.errored)}
            except redis.RedisError as exc:
                raise QueueError(
                    f"broker unreachable while waiting for run {run_id}: {exc}"
                ) from exc
            finished = store.decided_claims(run_id) | errored
            missing = wanted - finished
            if not missing:
                return
            logger.info("run %d: %d claim(s) still undecided", run_id, len(missing))
        if now >= deadline:
            raise QueueError(
                f"run {run_id}: {len(wanted - seen.keys())} claim(s) undecided after "
                f"run.wait_timeout_s={settings.run.wait_timeout_s:g}s (are workers running on "
                f"queue {settings.run.queue!r}?); the run is left resumable"
            )
        time.sleep(_POLL_S)


def _final_counts(
    store: Store,
    broker: redis.Redis,
    keys: _RunKeys,
    run_id: int,
    todo: Sequence[ClaimTask],
    outcomes: dict[str, str],
) -> dict[str, int]:
    """verified / carried over / errored among this attempt's claims.

    Which claims have a verdict comes from the store (the truth); how each was decided from the
    workers' reports, or for the rare claim whose report was lost, from its stored verdict. Memory
    stays flat: no verdict is read whole except those.
    """
    import redis

    wanted = {t.claim.id for t in todo}
    decided = store.decided_claims(run_id) & wanted
    try:
        errored = {_text(k) for k in broker.hkeys(keys.errored)} & wanted
    except redis.RedisError:
        errored = set()
    counts = {"verified": 0, "carried_over": 0, "errored": len(errored - decided)}
    for claim_id in decided:
        outcome = outcomes.get(claim_id)
        if outcome not in ("verified", "carried_over"):
            stored = store.verdict_in_run(run_id, claim_id)
            outcome = "carried_over" if stored is not None and stored.carried_over else "verified"
        counts[outcome] += 1
    return counts
