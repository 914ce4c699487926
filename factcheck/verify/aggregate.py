"""The claim-level model's inputs and its re-exports: text value comparisons, the no-evidence
confidence and the reliability hook (pure).

The model itself lives in :mod:`factcheck.verify.claimlevel`; it decides when no rule of
:mod:`factcheck.verify.decide` does (no deciding document). The verifier then requires a passage
leaning the label's way, so a claim whose passages are all neutral is never a settled refutation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from factcheck.models import Claim, Document
from factcheck.values import read_values
from factcheck.verify.claimlevel import (
    CALIBRATION_INPUTS,
    Decision,
    aggregate_features,
    calibration_inputs,
    decide,
)
from factcheck.verify.compare import compare_date, compare_text_numbers
from factcheck.verify.features import AGG_FEATURES
from factcheck.verify.passages import Passage
from factcheck.verify.stance import STANCES

__all__ = [
    "AGG_FEATURES",
    "CALIBRATION_INPUTS",
    "NO_EVIDENCE_CONFIDENCE",
    "Decision",
    "Reliability",
    "aggregate_features",
    "calibration_inputs",
    "decide",
    "text_comparisons",
]

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


Reliability = Callable[[Document], float]
