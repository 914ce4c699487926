"""The run skeleton: lock, open or resume, record the claims, execute, close, summarize."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from factcheck.claims import load_claim_files
from factcheck.config import Settings
from factcheck.errors import (
    NotFoundError,
    QueueError,
    RunInterruptedError,
    RunLockLostError,
    StoreError,
)
from factcheck.models import LABELS, Claim
from factcheck.pipeline._claim import select_claims
from factcheck.pipeline._executor import RunContext, RunExecutor, load_executor
from factcheck.pipeline._local import LocalExecutor
from factcheck.pipeline._models import ClaimOutcome, ClaimTask, FailOn, RunOptions, RunSummary

if TYPE_CHECKING:
    import httpx

    from factcheck.fetchers.base import FetcherRegistry
    from factcheck.store import Change, RunInfo, Store

__all__ = ["run_claims", "summarize_run"]

logger = logging.getLogger("factcheck.pipeline")


def _latest_unfinished(store: Store, *, spot_check: bool) -> RunInfo | None:
    """The run to resume: the newest run if it never completed — killed while ``running``,
    ``interrupted`` (a signal, a broker that went away, workers that did not finish in time) or
    ``failed`` (an error ended it) — and is of the same kind: a nightly run never resumes a spot
    check, nor a spot check a nightly run. Every backend follows this one rule; the verdicts
    already committed stand whatever ended the run, so a failed run is resumed like the others."""
    latest = store.latest_run()
    if (
        latest is not None
        and latest.status in ("running", "interrupted", "failed")
        and latest.spot_check == spot_check
    ):
        return latest
    return None


def _config_snapshot(settings: Settings, options: RunOptions, backend: str) -> dict[str, Any]:
    """The settings and options a run was started with (stored on the run, secrets masked)."""
    snap: dict[str, Any] = settings.model_dump(mode="json")
    snap["options"] = {
        "offline": options.offline,
        "only": list(options.only),
        "min_checkworthy": options.min_checkworthy,
        "fetchers": list(options.fetchers),
        "concurrency": options.concurrency,
        "backend": backend,
    }
    return snap


def _findings(
    fail_on: Sequence[FailOn],
    labels: dict[str, int],
    changes: Sequence[Change],
    unverified: dict[str, int] | None = None,
) -> list[str]:
    """What ``--fail-on`` asked to hear about. A refutation that needs review is not a finding of
    ``refuted`` (it is unverified); ``unverified`` reports those."""
    unverified = unverified or {}
    findings = []
    refuted = labels.get("refuted", 0) - unverified.get("refuted", 0)
    if "refuted" in fail_on and refuted > 0:
        findings.append(f"{refuted} claim(s) refuted")
    pending = sum(int(n) for n in unverified.values())
    if "unverified" in fail_on and pending:
        findings.append(f"{pending} verdict(s) need review")
    if "flip" in fail_on:
        flips = [c for c in changes if c.kind == "flip"]
        if flips:
            findings.append(f"{len(flips)} verdict(s) flipped")
    return findings


def run_claims(
    settings: Settings,
    options: RunOptions,
    *,
    backend: str | None = None,
    store: Store | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    on_claim: Callable[[ClaimOutcome], None] | None = None,
    on_start: Callable[[RunInfo, int], None] | None = None,
    registry: FetcherRegistry | None = None,
    stop: threading.Event | None = None,
) -> RunSummary:
    """Run the nightly job once; return its summary.

    ``backend`` (default ``run.backend``) picks the executor: ``local`` checks the claims in this
    process, ``celery`` enqueues them for ``factcheck worker`` processes and waits (see
    :mod:`factcheck.pipeline._executor`). Whatever the backend, this one skeleton validates the
    claim files, takes the run lock, opens or resumes the run (:func:`_latest_unfinished`), records
    the claims, closes the run and summarizes it.

    ``store``, ``transport`` (the network) and ``registry`` (the fetchers) can be injected (the last
    two for the local executor); by default they come from the settings and the installed entry
    points. Setting ``stop`` (the CLI does on SIGTERM) ends the run cleanly: claims in flight are
    cancelled, nothing half-written is committed, the run is closed as interrupted and
    :class:`RunInterruptedError` is raised.

    Raises :class:`~factcheck.errors.ClaimFileErrors` before any work when a claim file is bad,
    :class:`~factcheck.errors.ConfigError` before any work when a plug-in fetcher's table is bad,
    :class:`~factcheck.errors.InputError` for an unknown backend,
    :class:`~factcheck.errors.LockedError` when another run holds the lock,
    :class:`~factcheck.errors.RunLockLostError` when the lock is lost mid-run (nothing more is
    committed), :class:`~factcheck.errors.QueueError` when the broker is unreachable or the workers
    did not finish within ``run.wait_timeout_s`` and :class:`~factcheck.errors.StoreError` when the
    store fails (the run is then left resumable).
    """
    from factcheck.fetchers import check_fetcher_settings
    from factcheck.store import Store

    started = time.monotonic()
    name = backend or settings.run.backend
    executor: RunExecutor = (
        LocalExecutor(transport=transport, registry=registry)
        if name == "local"
        else load_executor(name)
    )
    files = load_claim_files(
        list(options.claims) or [settings.claims_dir], article_roots=settings.article_roots
    )
    tasks = select_claims(files, options.only, options.min_checkworthy)
    check_fetcher_settings(settings, registry)
    if stop is not None and stop.is_set():
        raise RunInterruptedError("run interrupted before it started")
    executor.prepare(settings, options)
    try:
        own_store = store is None
        store = store or Store.open(settings.database_url)
        try:
            with store.lock_run():
                return _run_locked(
                    settings, options, store, executor, tasks, on_claim, on_start, started, stop
                )
        finally:
            if own_store:
                store.close()
    finally:
        executor.close()


def _record_claims(store: Store, tasks: Sequence[ClaimTask]) -> dict[str, str]:
    """Record this version of every claim (one transaction per file); claim id → content hash."""
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


def _run_locked(
    settings: Settings,
    options: RunOptions,
    store: Store,
    executor: RunExecutor,
    tasks: list[ClaimTask],
    on_claim: Callable[[ClaimOutcome], None] | None,
    on_start: Callable[[RunInfo, int], None] | None,
    started: float,
    stop: threading.Event | None,
) -> RunSummary:
    resume_from: RunInfo | None = None
    if options.resume is not False:
        resume_from = _latest_unfinished(store, spot_check=options.spot_check)
        if options.resume and resume_from is None:
            logger.info("--resume: no unfinished run; starting a new one")
    run = store.start_run(
        config=_config_snapshot(settings, options, executor.name),
        claims_total=len(tasks),
        resume_run_id=resume_from.id if resume_from else None,
        backend=executor.name,
        spot_check=options.spot_check,
    )
    done = store.decided_claims(run.id) if resume_from else set()
    hashes = _record_claims(store, tasks)
    todo = [t for t in tasks if t.claim.id not in done]
    ctx = RunContext(
        settings=settings,
        options=options,
        store=store,
        run_id=run.id,
        todo=todo,
        hashes=hashes,
        stop=stop,
        on_claim=on_claim,
        counts={"verified": 0, "carried_over": 0, "errored": 0, "skipped": len(tasks) - len(todo)},
    )
    if on_start is not None:
        on_start(run, len(todo))
    if resume_from:
        logger.info("resuming run %d: %d claim(s) already decided", run.id, len(done))
    status = "failed"
    lock_lost = False
    try:
        executor.execute(ctx)
        status = "completed"
    except RunInterruptedError:
        status = "interrupted"
        raise RunInterruptedError(
            f"run {run.id} interrupted; it was closed as interrupted and the next "
            "`factcheck run` resumes it"
        ) from None
    except (KeyboardInterrupt, QueueError):
        status = "interrupted"
        raise
    except RunLockLostError:
        lock_lost = True  # another run may own the run now: leave its row alone
        raise
    finally:
        if not lock_lost:
            try:
                executor.finish(ctx)
            except StoreError as exc:  # the original error matters more; the run stays resumable
                if status == "completed":
                    raise
                logger.error("could not count the outcomes of run %d: %s", run.id, exc)
            _close_run(store, run.id, status, {**ctx.counts, "disabled": ctx.disabled, **ctx.extra})
    return summarize_run(
        store,
        run.id,
        options,
        status=status,
        resumed=resume_from is not None,
        claims_total=len(tasks),
        counts=ctx.counts,
        disabled=ctx.disabled,
        started=started,
    )


def _close_run(store: Store, run_id: int, status: str, counts: dict[str, Any]) -> None:
    """Record the run's end; when that fails after another error, log one line and go on."""
    try:
        store.finish_run(run_id, status=status, counts=counts)
    except StoreError as exc:  # the original error matters more; the run stays resumable
        if status == "completed":
            raise
        logger.error("could not close run %d as %s: %s", run_id, status, exc)


def summarize_run(
    store: Store,
    run_id: int,
    options: RunOptions,
    *,
    status: str,
    resumed: bool,
    claims_total: int,
    counts: dict[str, int],
    disabled: dict[str, str],
    started: float,
) -> RunSummary:
    """The summary of a closed run: labels, changes since the comparison run, ``--fail-on`` findings.

    ``started`` is a :func:`time.monotonic` reading.
    """
    labels = store.label_counts(run_id)
    compared = _comparison_run(store, run_id, options.since_run)
    changes = store.changes_between(compared.id, run_id) if compared else []
    if options.spot_check:  # the claims it did not check are not "removed"
        changes = [c for c in changes if c.kind != "removed"]
    changes.sort(key=lambda c: ({"flip": 0, "new": 1, "removed": 2}[c.kind], c.claim_id))
    return RunSummary(
        run_id=run_id,
        status=status,
        resumed=resumed,
        claims_total=claims_total,
        counts=counts,
        labels={k: labels.get(k, 0) for k in LABELS},
        changes=changes,
        compared_to=compared.id if compared else None,
        disabled_fetchers=disabled,
        duration_s=time.monotonic() - started,
        findings=_findings(options.fail_on, labels, changes, store.unverified_counts(run_id)),
        errored=store.errored_claims(run_id),
        allow_errors=options.allow_errors,
        spot_check=options.spot_check,
    )


def _comparison_run(store: Store, run_id: int, since_run: int | None) -> RunInfo | None:
    if since_run is not None:
        other = store.get_run(since_run)
        if other is None:
            raise NotFoundError(f"--since-run: run {since_run} not found")
        return other
    return store.previous_run(run_id)
