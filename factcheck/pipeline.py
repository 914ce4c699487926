"""The run: load claims → plan → fetch → verify → store, resumable and incremental.

:func:`run_claims` is the nightly job. Every claim's verdict is committed to the store as soon as it is
decided, so a run killed at any moment loses nothing already committed; the next ``factcheck run``
resumes it (``--resume``, or automatically when the newest run never finished) and skips the claims it
already decided. A claim whose content hash and evidence fingerprint equal those of an earlier verdict
gets that verdict again, recorded as carried over, without running the verifier.

Fetch failures are recorded as run errors. A claim for which every fetch failed and no document was
found gets no verdict in this run (it is counted as ``errored`` and retried by the next run): an error
is never turned into a label, and the run's exit code is 4 unless errors are allowed.

Claims are checked most check-worthy first (``checkworthy``, see :func:`select_claims`); a run that
stops early has checked the claims that matter most. A run with ``--only`` or ``--min-checkworthy``
is a spot check: it is marked so in the store and the next comparison (the morning report's "changes
since") skips it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from factcheck.claims import LoadedClaimFile, iter_claims, load_claim_files
from factcheck.config import Settings
from factcheck.errors import (
    EXIT_ERRORED,
    EXIT_FINDINGS,
    EXIT_OK,
    InputError,
    NotFoundError,
    RunInterruptedError,
    RunLockLostError,
    StoreError,
)
from factcheck.models import LABELS, Article, Claim, Document, Verdict

if TYPE_CHECKING:
    import httpx

    from factcheck.fetchers.base import Fetcher, FetcherRegistry
    from factcheck.store import Change, ErroredClaim, RunInfo, Store

__all__ = [
    "ClaimOutcome",
    "ClaimTask",
    "ClaimVerifier",
    "RunOptions",
    "RunSummary",
    "check_claim",
    "evidence_fingerprint",
    "run_claims",
    "select_claims",
    "summarize_run",
]

logger = logging.getLogger(__name__)

_THREADS = 2  # worker threads of a run's event loop (verification, archive file I/O)
_STOP_POLL_S = 0.1  # how often a run looks at its stop event

FailOn = Literal["refuted", "flip", "unverified"]
Outcome = Literal["verified", "carried_over", "errored", "skipped"]


@dataclass(frozen=True)
class RunOptions:
    """What ``factcheck run`` was asked to do (flags over settings)."""

    claims: Sequence[Path] = ()
    offline: bool = False
    only: Sequence[str] = ()
    since_run: int | None = None
    fail_on: Sequence[FailOn] = ()
    concurrency: int = 4
    resume: bool | None = None  # None: resume automatically when the newest run never finished
    fetchers: Sequence[str] = ()
    allow_errors: bool = False  # exit 0 (not 4) when some claims could not be checked
    min_checkworthy: float | None = None  # leave out claims scoring below it (unscored ones stay)

    @property
    def spot_check(self) -> bool:
        """A run of chosen claims (``--only``, ``--min-checkworthy``): comparisons skip it."""
        return bool(self.only) or self.min_checkworthy is not None


@dataclass(frozen=True)
class ClaimTask:
    """One claim to check, with the article it belongs to."""

    claim: Claim
    article: Article | None
    file: str

    @property
    def reference_date(self) -> dt.date | None:
        """The date the claim speaks of: its own ``as_of`` or its article's ``published``."""
        if self.claim.as_of is not None:
            return self.claim.as_of
        return self.article.published if self.article else None


@dataclass(frozen=True)
class ClaimOutcome:
    """What happened to one claim in a run (passed to the progress callback)."""

    claim_id: str
    outcome: Outcome
    label: str | None = None
    confidence: float | None = None
    documents: int = 0
    errors: int = 0
    excluded: int = 0  # documents published after the reference date, left out


@dataclass
class RunSummary:
    """The result of a run, for the CLI's summary table and exit code."""

    run_id: int
    status: str
    resumed: bool
    claims_total: int
    counts: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    compared_to: int | None = None
    disabled_fetchers: dict[str, str] = field(default_factory=dict)
    duration_s: float = 0.0
    findings: list[str] = field(default_factory=list)
    errored: list[ErroredClaim] = field(default_factory=list)
    allow_errors: bool = False
    spot_check: bool = False

    @property
    def exit_code(self) -> int:
        """4 when some claims could not be checked (unless allowed), 1 when ``--fail-on`` found
        something, else 0."""
        if self.errored and not self.allow_errors:
            return EXIT_ERRORED
        return EXIT_FINDINGS if self.findings else EXIT_OK

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the CLI's ``--json`` output)."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "resumed": self.resumed,
            "claims_total": self.claims_total,
            "counts": self.counts,
            "labels": self.labels,
            "compared_to": self.compared_to,
            "changes": [
                {"claim_id": c.claim_id, "kind": c.kind, "before": c.before, "after": c.after}
                for c in self.changes
            ],
            "disabled_fetchers": self.disabled_fetchers,
            "duration_s": round(self.duration_s, 3),
            "findings": self.findings,
            "spot_check": self.spot_check,
            "errored": [
                {
                    "claim_id": e.claim_id,
                    "claim_text": e.claim_text,
                    "errors": [
                        {"fetcher": x.fetcher, "url": x.url, "kind": x.kind, "message": x.message}
                        for x in e.errors
                    ],
                }
                for e in self.errored
            ],
            "exit_code": self.exit_code,
        }


def select_claims(
    files: Sequence[LoadedClaimFile],
    only: Sequence[str] = (),
    min_checkworthy: float | None = None,
) -> list[ClaimTask]:
    """The active claims to check, most check-worthy first.

    ``only``: just these ids, in the order given (an unknown id is an input error; no score
    filter). Otherwise claims are ordered by ``checkworthy``, highest first (a claim without a score
    was written by hand and counts as fully check-worthy; ties keep file order), and with
    ``min_checkworthy`` the claims scoring below it are left out.
    """
    tasks = [
        ClaimTask(claim=c, article=lf.model.article, file=str(lf.path))
        for lf, c in iter_claims(files)
        if c.status == "active"
    ]
    if only:
        by_id = {t.claim.id: t for t in tasks}
        unknown = [cid for cid in only if cid not in by_id]
        if unknown:
            raise InputError(f"--only: no active claim with id {', '.join(map(repr, unknown))}")
        return [by_id[cid] for cid in dict.fromkeys(only)]
    if min_checkworthy is not None:
        tasks = [t for t in tasks if checkworthiness(t.claim) >= min_checkworthy]
    return sorted(tasks, key=lambda t: -checkworthiness(t.claim))


def checkworthiness(claim: Claim) -> float:
    """A claim's ``checkworthy`` score; a hand-written claim without one counts as 1.0."""
    return 1.0 if claim.checkworthy is None else claim.checkworthy


def evidence_fingerprint(documents: Sequence[Document], verifier_version: str) -> str:
    """Digest of the evidence a verdict rests on: document ids (they hash url + text) + verifier."""
    parts = sorted(d.id for d in documents)
    raw = "\n".join([verifier_version, *parts])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ClaimVerifier:
    """Adapter over :mod:`factcheck.verify` (imported lazily: it loads model files)."""

    def __init__(self, settings: Settings) -> None:
        from factcheck.verify import Verifier
        from factcheck.verify.reliability import load_reliability_table

        table = load_reliability_table(settings.verify.reliability_table)
        self._impl = Verifier.from_settings(settings, reliability=table)
        # the evidence policy is part of the version: a verdict carried over must have been decided
        # under the same settings (reference-date rule, reliability table…)
        policy = json.dumps(
            [settings.verify.model_dump(mode="json"), table.default, table.domains, table.fetchers],
            sort_keys=True,
            default=str,
        )
        digest = hashlib.sha256(policy.encode("utf-8")).hexdigest()[:12]
        self.version: str = f"{getattr(self._impl, 'version', 'verifier')}+policy:{digest}"

    def verify(self, task: ClaimTask, documents: Sequence[Document]) -> Verdict:
        from factcheck.fetchers.planner import article_topic

        return self._impl.verify(
            task.claim,
            documents,
            reference_date=task.reference_date,
            topic=article_topic(task.article),
        )

    def excluded(self, task: ClaimTask, documents: Sequence[Document]) -> int:
        """How many documents the verifier leaves out (``verify.evidence_before_reference_date``)."""
        usable = self._impl.usable_documents(task.claim, documents, task.reference_date)
        return len(documents) - len(usable)


def _latest_unfinished(store: Store, *, spot_check: bool) -> RunInfo | None:
    """The newest run if it never completed (killed while "running", interrupted or failed) and is
    of the same kind: a nightly run never resumes a spot check, nor a spot check a nightly run."""
    latest = store.latest_run()
    if (
        latest is not None
        and latest.status in ("running", "interrupted", "failed")
        and latest.spot_check == spot_check
    ):
        return latest
    return None


def _config_snapshot(settings: Settings, options: RunOptions) -> dict[str, Any]:
    snap: dict[str, Any] = settings.model_dump(mode="json")
    snap["options"] = {
        "offline": options.offline,
        "only": list(options.only),
        "min_checkworthy": options.min_checkworthy,
        "fetchers": list(options.fetchers),
        "concurrency": options.concurrency,
    }
    return snap


async def check_claim(
    task: ClaimTask,
    *,
    run_id: int,
    claim_hash: str,
    store: Store,
    fetchers: Sequence[Fetcher],
    verifier: ClaimVerifier,
    before_commit: Callable[[], None] | None = None,
) -> ClaimOutcome:
    """Fetch, verify and commit one claim of a run (the unit of work, local or distributed).

    Fetch errors are recorded on the run; with no document at all the claim gets no verdict.
    ``before_commit`` runs right before the verdict is written and may raise to stop the claim
    (a distributed task checks that it still owns the claim).
    """
    from factcheck.fetchers import fetch_documents, plan_queries

    claim = task.claim
    plan = plan_queries(claim, task.article)
    documents, errors = await fetch_documents(claim, plan, fetchers)
    for err in errors:
        store.record_fetch_error(run_id, claim.id, err)
    if not documents and errors:
        logger.warning(
            "%s: no document, %d fetch error(s); no verdict this run", claim.id, len(errors)
        )
        return ClaimOutcome(claim.id, "errored", errors=len(errors))
    fingerprint = evidence_fingerprint(documents, verifier.version)
    previous = store.last_verdict(claim.id, claim_hash, fingerprint)
    if previous is not None:
        verdict = previous.to_verdict()
        if before_commit is not None:
            before_commit()
        store.record_verdict(
            run_id,
            verdict,
            claim_hash=claim_hash,
            carried_over=True,
            evidence_fingerprint=fingerprint,
        )
        return ClaimOutcome(
            claim.id, "carried_over", verdict.label, verdict.confidence, len(documents), len(errors)
        )
    # CPU-bound: run it off the event loop so fetches of other claims keep flowing
    verdict = await asyncio.to_thread(verifier.verify, task, documents)
    if before_commit is not None:
        before_commit()
    store.record_documents(documents)
    store.record_verdict(run_id, verdict, claim_hash=claim_hash, evidence_fingerprint=fingerprint)
    return ClaimOutcome(
        claim.id,
        "verified",
        verdict.label,
        verdict.confidence,
        len(documents),
        len(errors),
        excluded=verifier.excluded(task, documents),
    )


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
    store: Store | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    on_claim: Callable[[ClaimOutcome], None] | None = None,
    on_start: Callable[[RunInfo, int], None] | None = None,
    registry: FetcherRegistry | None = None,
    stop: threading.Event | None = None,
) -> RunSummary:
    """Run the nightly job once; return its summary.

    ``store``, ``transport`` (the network) and ``registry`` (the fetchers) can be injected; by default
    they come from the settings and the installed entry points. Setting ``stop`` (the CLI does on
    SIGTERM) ends the run cleanly: claims in flight are cancelled, nothing half-written is
    committed, the run is closed as interrupted and :class:`RunInterruptedError` is raised.

    Raises :class:`~factcheck.errors.ClaimFileErrors` before any work when a claim file is bad,
    :class:`~factcheck.errors.LockedError` when another run holds the lock,
    :class:`~factcheck.errors.RunLockLostError` when the lock is lost mid-run (nothing more is
    committed) and :class:`~factcheck.errors.StoreError` when the store fails (the run is then left
    resumable).
    """
    from factcheck.store import Store

    started = time.monotonic()
    files = load_claim_files(
        list(options.claims) or [settings.claims_dir], article_roots=settings.article_roots
    )
    tasks = select_claims(files, options.only, options.min_checkworthy)
    if stop is not None and stop.is_set():
        raise RunInterruptedError("run interrupted before it started")
    own_store = store is None
    store = store or Store.open(settings.database_url)
    try:
        with store.lock_run():
            return _run_locked(
                settings, options, store, tasks, transport, on_claim, on_start, started, registry,
                stop,
            )  # fmt: skip
    finally:
        if own_store:
            store.close()


def _run_locked(
    settings: Settings,
    options: RunOptions,
    store: Store,
    tasks: list[ClaimTask],
    transport: httpx.AsyncBaseTransport | None,
    on_claim: Callable[[ClaimOutcome], None] | None,
    on_start: Callable[[RunInfo, int], None] | None,
    started: float,
    registry: FetcherRegistry | None,
    stop: threading.Event | None,
) -> RunSummary:
    resume_from: RunInfo | None = None
    if options.resume is not False:
        resume_from = _latest_unfinished(store, spot_check=options.spot_check)
        if options.resume and resume_from is None:
            logger.info("--resume: no unfinished run; starting a new one")
    run = store.start_run(
        config=_config_snapshot(settings, options),
        claims_total=len(tasks),
        resume_run_id=resume_from.id if resume_from else None,
        spot_check=options.spot_check,
    )
    done = store.decided_claims(run.id) if resume_from else set()
    hashes: dict[str, str] = {}
    by_file: dict[tuple[str, str | None], list[Claim]] = {}
    for t in tasks:
        by_file.setdefault((t.file, t.article.id if t.article else None), []).append(t.claim)
    for (file, article_id), claims in by_file.items():
        for claim, h in zip(
            claims, store.upsert_claims(claims, article_id=article_id, file=file), strict=True
        ):
            hashes[claim.id] = h
    todo = [t for t in tasks if t.claim.id not in done]
    counts: dict[str, int] = dict.fromkeys(("verified", "carried_over", "errored"), 0)
    counts["skipped"] = len(tasks) - len(todo)
    if on_start is not None:
        on_start(run, len(todo))
    if resume_from:
        logger.info("resuming run %d: %d claim(s) already decided", run.id, counts["skipped"])

    def record(outcome: ClaimOutcome) -> None:
        counts[outcome.outcome] = counts.get(outcome.outcome, 0) + 1
        if outcome.excluded:
            key = "excluded_after_reference_date"
            counts[key] = counts.get(key, 0) + outcome.excluded
        if on_claim is not None:
            on_claim(outcome)

    disabled: dict[str, str] = {}
    http_stats: dict[str, int] = {}
    status = "failed"
    lock_lost = False
    verifier: ClaimVerifier | None = None
    try:
        verifier = ClaimVerifier(settings) if todo else None
        if stop is not None and stop.is_set():
            raise _StopRequestedError
        if verifier is not None:
            asyncio.run(
                _check_all(
                    todo,
                    hashes,
                    run_id=run.id,
                    settings=settings,
                    options=options,
                    store=store,
                    verifier=verifier,
                    transport=transport,
                    on_claim=record,
                    disabled_out=disabled,
                    http_stats_out=http_stats,
                    registry=registry,
                    stop=stop,
                )
            )
        status = "completed"
    except _StopRequestedError:
        status = "interrupted"
        raise RunInterruptedError(
            f"run {run.id} interrupted; it was closed as interrupted and the next "
            "`factcheck run` resumes it"
        ) from None
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except RunLockLostError:
        lock_lost = True  # another run may own the run now: leave its row alone
        raise
    finally:
        final_counts: dict[str, Any] = {**counts, "http": http_stats, "disabled": disabled}
        if verifier is not None:
            final_counts["verifier"] = verifier.version
        if not lock_lost:
            _close_run(store, run.id, status, final_counts)
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


def _close_run(store: Store, run_id: int, status: str, counts: dict[str, Any]) -> None:
    """Record the run's end; when that fails after another error, log one line and go on."""
    try:
        store.finish_run(run_id, status=status, counts=counts)
    except StoreError as exc:  # the original error matters more; the run stays resumable
        if status == "completed":
            raise
        logger.error("could not close run %d as %s: %s", run_id, status, exc)


class _StopRequestedError(Exception):
    """The ``stop`` event of a run was set (SIGTERM): finish cleanly, close as interrupted."""


async def _wait_for_stop(stop: threading.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(_STOP_POLL_S)


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

    Shared by local and distributed runs; ``started`` is a :func:`time.monotonic` reading.
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
