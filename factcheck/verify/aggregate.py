"""Aggregation: passage stances and comparator results → label, calibrated confidence, rationale.

Pure given a loaded :class:`~factcheck.verify.stance.StanceModel`. Order of decision:

1. no passage and no structured value → ``not_enough_evidence`` by rule (never a guess);
2. structured comparators (Wikidata values) that decide → their label (``mixed`` when they disagree),
   confidence :data:`STRUCTURED_CONFIDENCE` (no labelled structured data exists to calibrate it);
3. otherwise the claim-level model reads the passage stance probabilities (weighted by source
   reliability), text number/date comparisons and claim cues, and its top probability is calibrated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.models import Claim, Document, EvidenceRef, Label, Verdict
from factcheck.values import read_values
from factcheck.verify.compare import Comparison, compare_date, compare_text_numbers
from factcheck.verify.features import (
    AGG_FEATURES,
    DENSE_FEATURES,
    direction,
    hedge_count,
    negation_count,
)
from factcheck.verify.passages import Passage
from factcheck.verify.stance import STANCES, StanceModel

__all__ = [
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

_I_COV = DENSE_FEATURES.index("coverage")
_I_IDF_COV = DENSE_FEATURES.index("idf_coverage")
_CONTRAST_COLUMNS = tuple(
    DENSE_FEATURES.index(n)
    for n in (
        "signed_dir",
        "null_only_passage",
        "neg_only_passage",
        "passage_contrast",
        "num_unit_mismatch",
    )
)
_SUP, _REF = STANCES.index("supports"), STANCES.index("refutes")


@dataclass(frozen=True)
class Decision:
    """A verdict before it becomes a :class:`Verdict`: label, calibrated confidence, raw probabilities."""

    label: Label
    confidence: float
    probabilities: dict[str, float]


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


def aggregate_features(
    claim_text: str,
    probs: np.ndarray,
    dense: np.ndarray,
    passages: Sequence[Passage],
    *,
    weights: Sequence[float] | None = None,
    comparisons: tuple[int, int] = (0, 0),
) -> np.ndarray:
    """Claim-level features (in :data:`AGG_FEATURES` order) from the ranked passages' stances."""
    n = len(passages)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if n:
        sup = probs[:, _SUP] * w
        ref = probs[:, _REF] * w
        top3 = slice(0, min(3, n))
        cov = dense[:, _I_COV] * w
        idf_cov = dense[:, _I_IDF_COV] * w
        docs = {p.document.id for p in passages}
        vals = [
            sup.max(), ref.max(), sup[top3].mean(), ref[top3].mean(), sup[0], ref[0],
            sup.sum(), ref.sum(), float((sup > 0.5).sum()), float((ref > 0.5).sum()),
            sup.max() - ref.max(), cov.max(), idf_cov.max(), math.log1p(n), math.log1p(len(docs)),
        ]  # fmt: skip
        both = min(sup.max(), ref.max())
        top = dense[: min(3, n)]
        sd, nul, negp, con, unit = (top[:, i] for i in _CONTRAST_COLUMNS)
        contrast = [sd.max(), sd.min(), nul.max(), negp.max(), con.max(), unit.max()]
    else:
        vals = [0.0] * 15
        both = 0.0
        contrast = [0.0] * 6
    neg = min(negation_count(claim_text), 3)
    vals += [
        float(comparisons[0]),
        float(comparisons[1]),
        float(neg),
        float(direction(claim_text)),
        float(min(hedge_count(claim_text), 3)),
        float(both > 0.4),
        float(both),
        *(float(v) for v in contrast),
    ]
    out = np.asarray(vals, dtype=float)
    assert len(out) == len(AGG_FEATURES)
    return out


CALIBRATION_INPUTS: tuple[str, ...] = (
    "top_prob",
    "top_logit",
    "margin",
    "is_supported",
    "is_refuted",
    "is_mixed",
    "is_not_enough_evidence",
    "max_sup",
    "max_ref",
    "max_idf_cov",
    "n_documents_log",
    "min_sup_ref",
)
_AGG_INDEX = {n: i for i, n in enumerate(AGG_FEATURES)}


def calibration_inputs(
    probs: np.ndarray, classes: Sequence[str], features: np.ndarray
) -> list[float]:
    """Inputs of the feature calibrator (:data:`CALIBRATION_INPUTS` order) for one claim."""
    order = np.sort(probs)[::-1]
    top = float(order[0])
    second = float(order[1]) if len(order) > 1 else 0.0
    label = classes[int(np.argmax(probs))]
    clipped = min(max(top, 1e-6), 1 - 1e-6)
    return [
        top,
        math.log(clipped / (1 - clipped)),
        top - second,
        float(label == "supported"),
        float(label == "refuted"),
        float(label == "mixed"),
        float(label == "not_enough_evidence"),
        float(features[_AGG_INDEX["max_sup"]]),
        float(features[_AGG_INDEX["max_ref"]]),
        float(features[_AGG_INDEX["max_idf_cov"]]),
        float(features[_AGG_INDEX["n_documents_log"]]),
        float(features[_AGG_INDEX["min_sup_ref"]]),
    ]


def decide(
    model: StanceModel, features: np.ndarray, sparse: Sequence[int] | None = None
) -> Decision:
    """Label and calibrated confidence from claim-level features (and hashed claim words)."""
    probs = model.aggregate.predict_proba(
        features.reshape(1, -1), [list(sparse)] if sparse is not None else None
    )[0]
    classes = model.aggregate.classes
    best = int(np.argmax(probs))
    label = classes[best]
    conf = model.calibrator(
        float(probs[best]), label, calibration_inputs(probs, classes, features.reshape(-1))
    )
    return Decision(
        label=label,  # type: ignore[arg-type]
        confidence=conf,
        probabilities={c: float(p) for c, p in zip(classes, probs, strict=True)},
    )


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
