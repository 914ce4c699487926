"""The learned claim-level decision: passage stances → claim features → label → calibrated confidence.

:func:`aggregate_features` summarizes a claim's ranked passages (stance probabilities weighted by source
reliability, coverage, contrast cues, text value comparisons, near-verbatim support); :func:`decide`
applies the claim model of the stance file and its calibrator, after one rule: a passage that states
all of the claim's content (every content unit — Han character bigram, English stem, number — present)
with no negation, value, date, antonym, direction or name conflict makes the claim ``supported``, in
Chinese and English alike (the model cannot overrule it; the calibrator still says how often that is
right). The structured and aligned comparisons, the verdict assembly and the mixed rule stay in
:mod:`factcheck.verify.aggregate`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.models import Label
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
    "CALIBRATION_INPUTS",
    "Decision",
    "aggregate_features",
    "calibration_inputs",
    "decide",
    "rule_label",
]

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
_I_CCOV = DENSE_FEATURES.index("content_cov")
_I_LCS = DENSE_FEATURES.index("lcs_ratio")
_I_VERB = DENSE_FEATURES.index("verbatim")
_I_NEAR = DENSE_FEATURES.index("near_verbatim")
_I_CONFLICT = DENSE_FEATURES.index("conflict")
_I_ENT = DENSE_FEATURES.index("entity_missing")
_SUP, _REF = STANCES.index("supports"), STANCES.index("refutes")


@dataclass(frozen=True)
class Decision:
    """A verdict before it becomes a :class:`Verdict`: label, calibrated confidence, raw probabilities."""

    label: Label
    confidence: float
    probabilities: dict[str, float]


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
        live = w > 0  # a passage weighted to zero (excluded source, stale date) proves nothing
        ccov = dense[:, _I_CCOV] * w
        verb = dense[:, _I_VERB] * live
        near = dense[:, _I_NEAR] * live
        lex = [
            ccov.max(), (dense[:, _I_LCS] * w).max(), verb.max(), near.max(),
            dense[0, _I_CONFLICT], dense[0, _I_ENT],
        ]  # fmt: skip
    else:
        vals = [0.0] * 15
        both = 0.0
        contrast = [0.0] * 6
        lex = [0.0] * 6
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
        *(float(v) for v in lex),
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
    "max_verbatim",
    "max_content_cov",
)
_AGG_INDEX = {n: i for i, n in enumerate(AGG_FEATURES)}


def rule_label(probs: np.ndarray, classes: Sequence[str], features: np.ndarray) -> int:
    """Index of the decided class: the claim model's argmax, except that near-verbatim support
    (a passage holding all of the claim's content with no conflict) is ``supported`` unless the model
    says ``mixed``.
    """
    best = int(np.argmax(probs))
    if features[_AGG_INDEX["max_verbatim"]] >= 1.0 and classes[best] != "mixed":
        return list(classes).index("supported")
    return best


def calibration_inputs(
    probs: np.ndarray, classes: Sequence[str], features: np.ndarray, label: str | None = None
) -> list[float]:
    """Inputs of the feature calibrator (:data:`CALIBRATION_INPUTS` order) for one claim.

    ``label`` is the decided label (default: the model's argmax); ``top_prob`` is its probability.
    """
    label = label or classes[int(np.argmax(probs))]
    top = float(probs[list(classes).index(label)])
    rest = [float(p) for c, p in zip(classes, probs, strict=True) if c != label]
    second = max(rest) if rest else 0.0
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
        float(features[_AGG_INDEX["max_verbatim"]]),
        float(features[_AGG_INDEX["max_content_cov"]]),
    ]


def decide(
    model: StanceModel, features: np.ndarray, sparse: Sequence[int] | None = None
) -> Decision:
    """Label and calibrated confidence from claim-level features (and hashed claim words)."""
    probs = model.aggregate.predict_proba(
        features.reshape(1, -1), [list(sparse)] if sparse is not None else None
    )[0]
    classes = model.aggregate.classes
    flat = features.reshape(-1)
    best = rule_label(probs, classes, flat)
    label = classes[best]
    conf = model.calibrator(
        float(probs[best]), label, calibration_inputs(probs, classes, flat, label)
    )
    return Decision(
        label=label,  # type: ignore[arg-type]
        confidence=conf,
        probabilities={c: float(p) for c, p in zip(classes, probs, strict=True)},
    )
