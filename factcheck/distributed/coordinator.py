"""The coordinator: :func:`run_distributed` (``factcheck run --backend celery``).

It validates the claim files (exit 2 before any work), takes the run lock, starts (or resumes) the
run in the store, records the claims, enqueues one task per claim and waits until every claim has a
verdict in the store or is recorded as errored, then closes the run and returns the same
:class:`~factcheck.pipeline.RunSummary` as a local run.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from factcheck.claims import load_claim_files
from factcheck.config import Settings
from factcheck.distributed._redis import TASK_NAME, _redis_client, _RunKeys, _text, task_id_for
from factcheck.distributed.worker import create_app
from factcheck.errors import QueueError, RunInterruptedError, RunLockLostError, StoreError
from factcheck.models import Claim
from factcheck.pipeline import (
    ClaimOutcome,
    ClaimTask,
    RunOptions,
    RunSummary,
    select_claims,
    summarize_run,
)

if TYPE_CHECKING:
    import redis

    from factcheck.store import RunInfo, Store

__all__ = ["run_distributed"]

logger = logging.getLogger("factcheck.distributed")

_POLL_S = 0.25
_CONFIRM_EVERY_S = 15.0  # also ask the store, in case an event was lost with a dying worker


def _config_snapshot(settings: Settings, options: RunOptions) -> dict[str, Any]:
    snap: dict[str, Any] = settings.model_dump(mode="json")
    snap["options"] = {
        "offline": options.offline,
        "only": list(options.only),
        "fetchers": list(options.fetchers),
        "backend": "celery",
    }
    return snap


def _disabled_fetchers(settings: Settings, options: RunOptions) -> dict[str, str]:
    """Which fetchers the run's settings switch off (raises on an unknown ``--fetcher``)."""
    from factcheck.fetchers import load_fetchers
    from factcheck.http import HttpClient

    client = HttpClient(settings, offline=options.offline)  # opens no connection until used
    _enabled, disabled = load_fetchers(settings, client, list(options.fetchers) or None)
    return disabled


def run_distributed(
    settings: Settings,
    options: RunOptions,
    *,
    store: Store | None = None,
    on_claim: Callable[[ClaimOutcome], None] | None = None,
    on_start: Callable[[RunInfo, int], None] | None = None,
    stop: threading.Event | None = None,
) -> RunSummary:
    """Run the nightly job on Celery workers; return the same summary as a local run.

    ``stop`` (set by the CLI on SIGTERM) closes the run as interrupted and raises
    :class:`~factcheck.errors.RunInterruptedError`; the queued claims are dropped by the workers
    and enqueued again when the run resumes.

    Raises :class:`~factcheck.errors.ClaimFileErrors` before any work when a claim file is bad,
    :class:`~factcheck.errors.LockedError` when another run holds the lock,
    :class:`~factcheck.errors.QueueError` when the broker is unreachable or the workers did not
    finish within ``run.wait_timeout_s`` (the run is then left resumable).
    """
    from factcheck.store import Store

    started = time.monotonic()
    files = load_claim_files(
        list(options.claims) or [settings.claims_dir], article_roots=settings.article_roots
    )
    tasks = select_claims(files, options.only, options.min_checkworthy)
    disabled = _disabled_fetchers(settings, options)
    broker = _redis_client(settings.run.broker_url)
    try:
        broker.ping()
    except Exception as exc:  # translation edge: redis-py
        broker.close()
        raise QueueError(f"broker {settings.run.broker_url} unreachable: {exc}") from exc
    app = create_app(settings)
    own_store = store is None
    store = store or Store.open(settings.database_url)
    if store.dialect == "sqlite":
        logger.warning("backend=celery on SQLite: every worker must share this machine's file")
    try:
        with store.lock_run():
            return _coordinate(
                settings, options, store, broker, app, tasks, disabled, started, on_claim, on_start,
                stop,
            )  # fmt: skip
    finally:
        broker.close()
        if own_store:
            store.close()


def _record_claims(store: Store, tasks: Sequence[ClaimTask]) -> dict[str, str]:
    hashes: dict[str, str] = {}
    by_file: dict[tuple[str, str | None], list[Claim]] = {}
    for t in tasks:
        by_file.setdefault((t.file, t.article.id if t.article else None), []).append(t.claim)
    for (file, article_id), claims in by_file.items():
        for claim, h in zip(
            claims, store.upsert_claims(claims, article_id=article_id, file=file), strict=True
        ):
            hashes[claim.id] = h
    return hashes


def _coordinate(
    settings: Settings,
    options: RunOptions,
    store: Store,
    broker: redis.Redis,
    app: Any,
    tasks: list[ClaimTask],
    disabled: dict[str, str],
    started: float,
    on_claim: Callable[[ClaimOutcome], None] | None,
    on_start: Callable[[RunInfo, int], None] | None,
    stop: threading.Event | None,
) -> RunSummary:
    resume_from: RunInfo | None = None
    if options.resume is not False:
        latest = store.latest_run()
        if (
            latest is not None
            and latest.status in ("running", "interrupted")
            and latest.spot_check == bool(options.only)
        ):
            resume_from = latest
    run = store.start_run(
        config=_config_snapshot(settings, options),
        claims_total=len(tasks),
        resume_run_id=resume_from.id if resume_from else None,
        backend="celery",
        spot_check=bool(options.only),
    )
    done = store.decided_claims(run.id) if resume_from else set()
    hashes = _record_claims(store, tasks)
    todo = [t for t in tasks if t.claim.id not in done]
    keys = _RunKeys.of(store.url, run.id)
    broker.delete(keys.events, keys.errored)  # errored claims of an earlier attempt are retried
    if on_start is not None:
        on_start(run, len(todo))
    if resume_from:
        logger.info("resuming run %d: %d claim(s) already decided", run.id, len(done))
    status = "failed"
    lock_lost = False
    counts: dict[str, int] = {"verified": 0, "carried_over": 0, "errored": 0, "skipped": len(done)}
    outcomes: dict[str, str] = {}
    try:
        _enqueue(app, settings, options, store.url, run.id, todo, hashes)
        _wait(settings, store, broker, keys, run.id, todo, on_claim, outcomes, stop)
        status = "completed"
    except (KeyboardInterrupt, QueueError, RunInterruptedError):
        status = "interrupted"
        raise
    except RunLockLostError:
        lock_lost = True  # another coordinator may own the run now: leave its row alone
        raise
    finally:
        if not lock_lost:
            try:
                counts.update(_final_counts(store, broker, keys, run.id, todo, outcomes))
                store.finish_run(
                    run.id,
                    status=status,
                    counts={**counts, "disabled": disabled, "backend": "celery"},
                )
            except StoreError as exc:  # the original error matters more; the run stays resumable
                if status == "completed":
                    raise
                logger.error("could not close run %d as %s: %s", run.id, status, exc)
    return summarize_run(
        store,
        run.id,
        options,
        status=status,
        resumed=resume_from is not None,
        claims_total=len(tasks),
        counts=counts,
        disabled=disabled,
        started=started,
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
