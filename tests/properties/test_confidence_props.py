"""Confidence is always a probability: in [0, 1], finite, whatever the scores, features or evidence.

Covers the parts between raw scores and the verdict: the calibrator (any knots, any raw score, and
monotone), the claim-level decision on arbitrary — even absurd — feature vectors, the structured
decision on any mix of comparator outcomes, and whole verdicts for quantity and date claims against
documents whose text and Wikidata-style values are generated. (Text-only claims:
``tests/verify/test_verifier.py::test_confidence_is_a_probability``.)
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.models import LABELS, Claim, DateValue, Document, Quantity
from factcheck.verify import Verifier
from factcheck.verify.aggregate import AGG_FEATURES, decide
from factcheck.verify.calibrate import Calibrator
from factcheck.verify.decide import DocumentStance, decide_by_rules
from factcheck.verify.stance import StanceModel, load_default_model

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)


@lru_cache(maxsize=1)
def _model() -> StanceModel:
    return load_default_model()


def _probability(value: float) -> None:
    assert math.isfinite(value)
    assert 0.0 <= value <= 1.0


@st.composite
def calibrators(draw: st.DrawFn) -> Calibrator:
    n = draw(st.integers(2, 8))
    xs = sorted(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n, unique=True)))
    ys = sorted(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    return Calibrator(tuple(xs), tuple(ys))


@FAST
@given(calibrators(), FINITE, FINITE)
def test_calibrated_confidence_is_a_monotone_probability(
    cal: Calibrator, a: float, b: float
) -> None:
    lo, hi = sorted((a, b))
    _probability(cal(lo))
    _probability(cal(hi))
    assert cal(lo) <= cal(hi)


@FAST
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=len(AGG_FEATURES),
                max_size=len(AGG_FEATURES)),
       st.lists(st.integers(0, 2**20), max_size=20))  # fmt: skip
def test_decision_on_any_features_is_a_probability(features: list[float], words: list[int]) -> None:
    decision = decide(_model(), np.asarray(features, dtype=float), words)
    assert decision.label in LABELS
    _probability(decision.confidence)
    for p in decision.probabilities.values():
        _probability(p)


@FAST
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["supports", "refutes"]),
            st.sampled_from(["comparison", "verbatim", "stance"]),
            st.integers(0, 4),
        ),
        max_size=8,
    ),
    st.floats(0, 1),
)
def test_rule_decision_is_a_probability_and_conflict_is_mixed(
    sides: list[tuple[str, str, int]], reliability: float
) -> None:
    stances = [
        DocumentStance(
            Document(id=f"d{i}", url=f"https://site{host}.example/{i}", text="x", fetcher="web",
                     retrieved_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)),
            stance,  # type: ignore[arg-type]
            basis,  # type: ignore[arg-type]
        )
        for i, (stance, basis, host) in enumerate(sides)
    ]  # fmt: skip
    decision = decide_by_rules(stances, reliability=lambda d: reliability)
    if not sides:
        assert decision is None
        return
    if decision is not None:
        _probability(decision.confidence)
    kinds = {s for s, _, _ in sides}
    firm = any(b != "stance" for _, b, _ in sides)
    if not firm and len(kinds) == 1:
        assert decision is None  # one-sided model stances: the claim-level model decides
        return
    assert decision is not None
    if kinds == {"supports", "refutes"}:
        assert decision.label == "mixed"  # one reliability for all: no tie-break applies
    else:
        assert decision.label == ("supported" if kinds == {"supports"} else "refuted")


AT = dt.datetime(2025, 3, 16, tzinfo=dt.UTC)
APPROX = st.sampled_from(
    ["exact", "about", "nearly", "at_least", "more_than", "at_most", "less_than"]
)


@st.composite
def quantity_cases(draw: st.DrawFn) -> tuple[Claim, list[Document]]:
    value = draw(st.integers(1, 10**9))
    approx = draw(APPROX)
    claim = Claim(
        id="q1",
        text=f"Haidian District has {value:,} residents.",
        kind="quantity",
        subject="Haidian District",
        quantities=[Quantity(value=value, unit="person", approx=approx)],
    )
    docs = []
    for i, observed in enumerate(draw(st.lists(st.integers(0, 10**10), max_size=3))):
        structured = (
            {"P1082": [{"value": observed, "unit": None}], "labels": {"en": "Haidian District"}}
            if draw(st.booleans())
            else {}
        )
        docs.append(
            Document(
                id=f"wikidata:q{i}",
                url=f"https://example.org/{i}",
                text=f"Haidian District has a population of {observed:,} residents. "
                + draw(st.text(max_size=60)),
                fetcher="wikidata" if structured else "web",
                retrieved_at=AT,
                structured=structured,
            )
        )
    return claim, docs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quantity_cases())
def test_quantity_verdicts_are_probabilities(case: tuple[Claim, list[Document]]) -> None:
    claim, docs = case
    verdict = Verifier(_model()).verify(claim, docs)
    assert verdict.label in LABELS
    _probability(verdict.confidence)
    if not docs:
        assert verdict.label == "not_enough_evidence"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.lists(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)), max_size=3),
)
def test_date_verdicts_are_probabilities(claimed: dt.date, observed: list[dt.date]) -> None:
    claim = Claim(
        id="d1",
        text=f"The company was founded on {claimed:%d %B %Y}.",
        kind="date",
        subject="The company",
        dates=[DateValue(value=claimed.isoformat(), precision="day")],
    )
    docs = [
        Document(
            id=f"wikidata:d{i}",
            url=f"https://example.org/d{i}",
            text=f"The company was founded on {day:%d %B %Y}.",
            fetcher="wikidata",
            retrieved_at=AT,
            structured={
                "P571": [{"value": day.isoformat(), "precision": "day"}],
                "labels": {"en": "The company"},
            },
        )
        for i, day in enumerate(observed)
    ]
    verdict = Verifier(_model()).verify(claim, docs, reference_date=dt.date(2031, 1, 1))
    assert verdict.label in LABELS
    _probability(verdict.confidence)
