"""Evidence policy of the verifier: time, source reliability and prior fact checks; pure.

:class:`~factcheck.verify.Verifier` calls four functions:

* :func:`select_documents` — the documents allowed as evidence and the ones excluded, with why
  (published after the reference date, when ``verify.evidence_before_reference_date``);
* :func:`text_documents` — the documents read for passages (not the Fact Check Tools summaries);
* :func:`passage_weights` — weights of the scored passages: source reliability relative to the best
  source, times closeness in time for claims about changing quantities;
* :func:`finish_verdict` — prior fact checks into the verdict, the confidence lowered when only
  low-reliability sources back it, and the exclusions said in the rationale (so the run's stored
  verdict records them).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence

from factcheck.models import Claim, Document, Verdict
from factcheck.verify.passages import Passage
from factcheck.verify.prior import apply_prior_checks, prior_checks
from factcheck.verify.reliability import adjust_confidence, relative_weights
from factcheck.verify.temporal import (
    Exclusion,
    document_date,
    exclusion_note,
    is_time_sensitive,
    passage_date,
    split_by_reference_date,
    time_weight,
)

__all__ = ["finish_verdict", "passage_weights", "select_documents", "text_documents"]

logger = logging.getLogger(__name__)

Reliability = Callable[[Document], float]


def select_documents(
    claim: Claim,
    documents: Sequence[Document],
    reference_date: dt.date | None,
    *,
    before_reference_date: bool,
) -> tuple[list[Document], list[Exclusion]]:
    """(usable documents, excluded ones with reason). Nothing is excluded without the setting or a
    reference date (the claim's ``as_of`` wins over ``reference_date``)."""
    ref = claim.as_of or reference_date
    if not before_reference_date or ref is None:
        return list(documents), []
    kept, excluded = split_by_reference_date(documents, ref)
    for e in excluded:
        logger.info("%s: excluded %s: %s", claim.id, e.document.url or e.document.id, e.reason)
    return kept, excluded


def text_documents(documents: Sequence[Document]) -> list[Document]:
    """The documents whose text is read for passages: not the ``claimreview`` fetcher's, whose text
    only restates someone else's verdict and the claim itself (:mod:`factcheck.verify.prior` reads
    them). A web page that embeds a ClaimReview keeps its text: it is a real article."""
    return [d for d in documents if d.fetcher != "claimreview"]


def passage_weights(
    claim: Claim,
    passages: Sequence[Passage],
    reference_date: dt.date | None,
    reliability: Reliability | None,
    *,
    prefer_recent: bool = True,
) -> list[float] | None:
    """Per-passage weights for aggregation, or ``None`` when all would be equal.

    Reliability is relative to the best source found (it keeps 1.0); for a time-sensitive claim
    (:func:`~factcheck.verify.temporal.is_time_sensitive`) each passage is also weighted by
    :func:`~factcheck.verify.temporal.time_weight` of the date it speaks of, again relative to the
    nearest passage.
    """
    if not passages:
        return None
    weights = [1.0] * len(passages)
    changed = False
    if reliability is not None:
        rel = relative_weights([reliability(p.document) for p in passages])
        weights = [w * r for w, r in zip(weights, rel, strict=True)]
        changed = True
    ref = claim.as_of or reference_date
    if prefer_recent and ref is not None and is_time_sensitive(claim):
        closeness = relative_weights(
            [
                time_weight(passage_date(p.text, document_date(p.document), ref), ref)
                for p in passages
            ]
        )
        weights = [w * t for w, t in zip(weights, closeness, strict=True)]
        changed = True
    return weights if changed else None


def finish_verdict(
    verdict: Verdict,
    claim: Claim,
    documents: Sequence[Document],
    *,
    excluded: Sequence[Exclusion] = (),
    reference_date: dt.date | None = None,
    reliability: Reliability | None = None,
) -> Verdict:
    """Apply prior fact checks, the low-reliability confidence cut and the exclusion note.

    ``documents`` are the usable documents (after exclusion).
    """
    checks = prior_checks(claim, documents)
    verdict = apply_prior_checks(verdict, checks)
    if reliability is not None and verdict.evidence:
        by_id = {d.id: d for d in documents}
        used = [by_id[e.document_id] for e in verdict.evidence if e.document_id in by_id]
        if used:
            scores = [reliability(d) for d in used]
            confidence = adjust_confidence(verdict.confidence, verdict.label, scores)
            if confidence < verdict.confidence:
                note = (
                    f"Confidence lowered from {verdict.confidence:.2f} to {confidence:.2f}: "
                    f"the most reliable source has reliability {max(scores):.2f}."
                )
                verdict = verdict.model_copy(
                    update={"confidence": confidence, "rationale": f"{verdict.rationale} {note}"}
                )
    ref = claim.as_of or reference_date
    if excluded and ref is not None:
        verdict = verdict.model_copy(
            update={"rationale": f"{verdict.rationale} {exclusion_note(excluded, ref)}"}
        )
    return verdict
