"""The unit of work: one claim planned, fetched, verified and committed (:func:`check_claim`), the
verifier adapter, the evidence fingerprint, and which claims a run checks in which order.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from factcheck.claims import LoadedClaimFile, iter_claims
from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.models import Claim, Document, Verdict
from factcheck.pipeline._models import ClaimOutcome, ClaimTask

if TYPE_CHECKING:
    from factcheck.fetchers.base import Fetcher
    from factcheck.pipeline._rerun import InputsLog
    from factcheck.store import Store

__all__ = [
    "ClaimVerifier",
    "check_claim",
    "checkworthiness",
    "evidence_fingerprint",
    "select_claims",
]

logger = logging.getLogger("factcheck.pipeline")


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


async def check_claim(
    task: ClaimTask,
    *,
    run_id: int,
    claim_hash: str,
    store: Store,
    fetchers: Sequence[Fetcher],
    verifier: ClaimVerifier,
    before_commit: Callable[[], None] | None = None,
    inputs: InputsLog | None = None,
    first_write_wins: bool = False,
) -> ClaimOutcome:
    """Fetch, verify and commit one claim of a run (the unit of work, local or distributed).

    Fetch errors are recorded on the run; with no document at all the claim gets no verdict.
    ``before_commit`` runs right before the verdict is written and may raise to stop the claim
    (a distributed task checks that it still owns the claim). ``inputs`` keeps what the verdict
    rested on when no fetch failed (the next run may then carry it over without fetching).
    ``first_write_wins``: commit only if the run has no verdict for the claim yet (checked in the
    commit's transaction); when another delivery committed first, nothing is written and the
    outcome is ``skipped`` (distributed runs: two deliveries never both count as verifying).
    """
    from factcheck.fetchers import fetch_documents, plan_queries

    claim = task.claim
    plan = plan_queries(claim, task.article)
    documents, errors = await fetch_documents(claim, plan, fetchers)
    for err in errors:
        store.record_fetch_error(run_id, claim.id, err)
    if inputs is not None and errors:
        inputs.forget(claim.id)
        inputs = None
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
        if not store.record_verdict(
            run_id,
            verdict,
            claim_hash=claim_hash,
            carried_over=True,
            evidence_fingerprint=fingerprint,
            replace=not first_write_wins,
        ):
            return ClaimOutcome(claim.id, "skipped", documents=len(documents), errors=len(errors))
        if inputs is not None:
            inputs.record(task, claim_hash, fingerprint, len(documents))
        return ClaimOutcome(
            claim.id, "carried_over", verdict.label, verdict.confidence, len(documents), len(errors)
        )
    # CPU-bound: run it off the event loop so fetches of other claims keep flowing
    verdict = await asyncio.to_thread(verifier.verify, task, documents)
    if before_commit is not None:
        before_commit()
    store.record_documents(documents)
    if not store.record_verdict(
        run_id,
        verdict,
        claim_hash=claim_hash,
        evidence_fingerprint=fingerprint,
        replace=not first_write_wins,
    ):
        return ClaimOutcome(claim.id, "skipped", documents=len(documents), errors=len(errors))
    if inputs is not None:
        inputs.record(task, claim_hash, fingerprint, len(documents))
    return ClaimOutcome(
        claim.id,
        "verified",
        verdict.label,
        verdict.confidence,
        len(documents),
        len(errors),
        excluded=verifier.excluded(task, documents),
    )
