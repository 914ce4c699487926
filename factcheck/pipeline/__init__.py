"""The run: load claims → plan → fetch → verify → store, resumable and incremental.

:func:`run_claims` is the nightly job. Every claim's verdict is committed to the store as soon as it is
decided, so a run killed at any moment loses nothing already committed; the next ``factcheck run``
resumes it (``--resume``, or automatically when the newest run never finished) and skips the claims it
already decided. A claim whose content hash and evidence fingerprint equal those of an earlier verdict
gets that verdict again, recorded as carried over, without running the verifier.

One skeleton (:func:`run_claims`) runs every backend: it validates the claim files, takes the run
lock, opens or resumes the run, records the claims, hands the claims left to an executor (``local``:
this process; ``celery``: ``factcheck worker`` processes, by the ``factcheck.executors`` entry
point), then closes and summarizes the run. :func:`open_sources` wires the HTTP client, the evidence
archive and the fetchers, wherever they are needed.

Fetch failures are recorded as run errors. A claim for which every fetch failed and no document was
found gets no verdict in this run (it is counted as ``errored`` and retried by the next run): an error
is never turned into a label, and the run's exit code is 4 unless errors are allowed.

Claims are checked most check-worthy first (``checkworthy``, see :func:`select_claims`); a run that
stops early has checked the claims that matter most. A run with ``--only`` or ``--min-checkworthy``
is a spot check: it is marked so in the store and the next comparison (the morning report's "changes
since") skips it.
"""

from factcheck.pipeline._claim import (
    ClaimVerifier,
    check_claim,
    evidence_fingerprint,
    select_claims,
)
from factcheck.pipeline._executor import RunContext, RunExecutor
from factcheck.pipeline._models import ClaimOutcome, ClaimTask, RunOptions, RunSummary
from factcheck.pipeline._run import _findings as _findings  # tests use it
from factcheck.pipeline._run import run_claims, summarize_run
from factcheck.pipeline._sources import Sources, open_sources

__all__ = [
    "ClaimOutcome",
    "ClaimTask",
    "ClaimVerifier",
    "RunContext",
    "RunExecutor",
    "RunOptions",
    "RunSummary",
    "Sources",
    "check_claim",
    "evidence_fingerprint",
    "open_sources",
    "run_claims",
    "select_claims",
    "summarize_run",
]
