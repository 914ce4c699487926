"""Aggregation: passage stances and comparator results → label, calibrated confidence, rationale.

Pure given a loaded :class:`~factcheck.verify.stance.StanceModel`. Order of decision:

1. no passage and no structured value → ``not_enough_evidence`` by rule (never a guess);
2. structured comparators (Wikidata values) that decide → their label (``mixed`` when they disagree),
   confidence :data:`STRUCTURED_CONFIDENCE` (no labelled structured data exists to calibrate it);
3. otherwise the claim-level model reads the passage stance probabilities (weighted by source
   reliability), text number/date comparisons and claim cues, and its top probability is calibrated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from factcheck.models import Claim, Document, EvidenceRef, Verdict
from factcheck.values import read_values
from factcheck.verify.claimlevel import (
    CALIBRATION_INPUTS,
    Decision,
    aggregate_features,
    calibration_inputs,
    decide,
)
from factcheck.verify.compare import Comparison, compare_date, compare_text_numbers
from factcheck.verify.features import AGG_FEATURES
from factcheck.verify.passages import Passage
from factcheck.verify.stance import STANCES

__all__ = [
    "AGG_FEATURES",
    "CALIBRATION_INPUTS",
    "NO_EVIDENCE_CONFIDENCE",
    "STRUCTURED_CONFIDENCE",
    "Decision",
    "Reliability",
    "aggregate_features",
    "build_verdict",
    "calibration_inputs",
    "decide",
    "decide_structured",
    "text_comparisons",
]

STRUCTURED_CONFIDENCE = 0.95
STRUCTURED_MIXED_CONFIDENCE = 0.7
# With no evidence at all "not enough evidence" is a statement about what was found, not a guess
# about the world; the confidence says how sure we are that nothing decisive exists, which we
# cannot know, so it is deliberately middling.
NO_EVIDENCE_CONFIDENCE = 0.5

_SUP, _REF = STANCES.index("supports"), STANCES.index("refutes")


def text_comparisons(claim: Claim, passages: Sequence[Passage]) -> tuple[int, int]:
    """Count passages whose numbers/dates satisfy or contradict the claim's quantities and dates."""
    quantities = list(claim.quantities) or [m.value for m in read_values(claim.text).quantities[:3]]
    match = mismatch = 0
    for p in passages:
        results: list[bool] = []
        for q in quantities:
            r = compare_text_numbers(q, p.text)
            if r is not None:
                results.append(r)
        if claim.dates:
            found = [m.value for m in read_values(p.text).dates]
            for cd in claim.dates:
                rs = [compare_date(cd, f.value, f.precision) for f in found]
                decided = [r for r in rs if r is not None]
                if decided:
                    results.append(any(decided))
        if results:
            if any(results):
                match += 1
            else:
                mismatch += 1
    return match, mismatch


def decide_structured(
    comparisons: Sequence[Comparison],
    *,
    confidence: float = STRUCTURED_CONFIDENCE,
    mixed_confidence: float = STRUCTURED_MIXED_CONFIDENCE,
) -> Decision | None:
    """Label from comparator outcomes alone (all agree → that label, else mixed); None when none."""
    if not comparisons:
        return None
    outcomes = {c.outcome for c in comparisons}
    if outcomes == {"supported"}:
        return Decision("supported", confidence, {"supported": confidence})
    if outcomes == {"refuted"}:
        return Decision("refuted", confidence, {"refuted": confidence})
    return Decision("mixed", mixed_confidence, {"mixed": mixed_confidence})


_LABEL_TEXT = {
    "supported": "Supported",
    "refuted": "Refuted",
    "mixed": "Mixed",
    "not_enough_evidence": "Not enough evidence",
}


def _cite(doc: Document) -> str:
    return f"{doc.id}, {doc.url}" if doc.url and doc.url != doc.id else doc.id


def _quote(text: str, limit: int = 240) -> str:
    t = " ".join(text.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"


def build_verdict(
    claim: Claim,
    decision: Decision,
    passages: Sequence[Passage],
    probs: np.ndarray,
    comparisons: Sequence[Comparison],
    *,
    judge: str = "local",
    reason: str | None = None,
) -> Verdict:
    """Assemble the :class:`Verdict`: evidence refs for the passages used and a rationale citing them."""
    evidence: list[EvidenceRef] = []
    lines = [f"{_LABEL_TEXT[decision.label]} (confidence {decision.confidence:.2f})."]
    if reason:
        lines.append(reason)
    for c in comparisons:
        lines.append(c.sentence)
    evidence.extend(_structured_refs(comparisons))
    order_sup: list[int] = []
    order_ref: list[int] = []
    for i, p in enumerate(passages):
        row = probs[i] if len(probs) else np.asarray([0.0, 0.0, 1.0])
        stance = STANCES[int(np.argmax(row))]
        evidence.append(
            EvidenceRef(
                document_id=p.document.id,
                url=p.document.url or None,
                quote=p.text,
                span=(p.start, p.end),
                stance=stance,
                score=round(float(p.score), 4),
                published=p.document.published,
                source=p.document.fetcher,
            )
        )
    if len(probs) and passages:
        order_sup = [int(i) for i in np.argsort(-probs[:, _SUP], kind="stable")]
        order_ref = [int(i) for i in np.argsort(-probs[:, _REF], kind="stable")]

    def quotes(order: list[int], stance: int | None = None) -> str:
        # quote passages that lean the way of the label; the single best one when none does
        picked = [i for i in order if stance is None or int(np.argmax(probs[i])) == stance]
        return "; ".join(
            f"“{_quote(passages[i].text)}” ({_cite(passages[i].document)})"
            for i in (picked or order[:1])[:2]
        )

    if passages and len(probs) and not comparisons:
        if decision.label == "supported":
            lines.append(f"Most supportive evidence: {quotes(order_sup, _SUP)}.")
        elif decision.label == "refuted":
            lines.append(f"Most contradicting evidence: {quotes(order_ref, _REF)}.")
        elif decision.label == "mixed":
            lines.append(
                f"Supporting: {quotes(order_sup[:1])}. Contradicting: {quotes(order_ref[:1])}."
            )
        else:
            lines.append(
                "The closest passages neither clearly support nor refute the claim: "
                f"{quotes(list(range(len(passages))))}."
            )
    return Verdict(
        claim_id=claim.id,
        label=decision.label,
        confidence=min(max(decision.confidence, 0.0), 1.0),
        rationale=" ".join(lines),
        evidence=evidence,
        judge=judge,
    )


def _structured_refs(comparisons: Sequence[Comparison]) -> list[EvidenceRef]:
    return [
        EvidenceRef(
            document_id=c.document_id,
            url=c.url,
            quote=c.sentence,
            stance="supports" if c.outcome == "supported" else "refutes",
            score=1.0,
            source=f"comparator:{c.kind}",
        )
        for c in comparisons
        if c.document_id
    ]


Reliability = Callable[[Document], float]
