"""Properties of the comparators (``factcheck.verify.compare``).

Monotone in the evidence value: a lower bound (at_least, more_than) that holds for x holds for every
larger x, an upper bound (at_most, less_than) for every smaller one; the values satisfying an
exact/about/nearly claim or a range form an interval. Stricter is narrower: more_than ⊆ at_least,
less_than ⊆ at_most. Units do not matter: the same length in km or m gets the same answer. Dates at
one precision compare symmetrically; a finer claim is never confirmed by a coarser date; ranks with
an exact evidence position follow the quantity table. (about ⊇ exact: tests/verify/test_compare.py.)
"""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from factcheck.models import Claim, DateValue, Document, Quantity, Rank
from factcheck.verify.compare import (
    EXACT_TOLERANCE,
    QUANTITY_TOLERANCE,
    compare_date,
    compare_quantity,
    compare_rank,
    value_satisfies,
)
from factcheck.verify.structured import compare_structured

FAST = settings(max_examples=200, deadline=None)

VALUES = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
POSITIVE = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)
LOWER = st.sampled_from(["at_least", "more_than"])
UPPER = st.sampled_from(["at_most", "less_than"])
BANDS = st.sampled_from(["exact", "about", "nearly"])


@FAST
@given(LOWER, VALUES, VALUES, VALUES)
def test_lower_bounds_are_monotone_increasing(approx: str, v: float, x: float, y: float) -> None:
    lo, hi = sorted((x, y))
    if value_satisfies(approx, v, lo):
        assert value_satisfies(approx, v, hi)


@FAST
@given(UPPER, VALUES, VALUES, VALUES)
def test_upper_bounds_are_monotone_decreasing(approx: str, v: float, x: float, y: float) -> None:
    lo, hi = sorted((x, y))
    if value_satisfies(approx, v, hi):
        assert value_satisfies(approx, v, lo)


@FAST
@given(BANDS, VALUES, st.lists(VALUES, min_size=3, max_size=3))
def test_bands_are_intervals(approx: str, v: float, xs: list[float]) -> None:
    a, b, c = sorted(xs)
    if value_satisfies(approx, v, a) and value_satisfies(approx, v, c):
        assert value_satisfies(approx, v, b)


@FAST
@given(st.sampled_from(["exact", "about", "nearly", "at_least", "at_most"]), POSITIVE, POSITIVE,
       st.lists(VALUES, min_size=3, max_size=3))  # fmt: skip
def test_ranges_are_intervals(approx: str, v: float, width: float, xs: list[float]) -> None:
    a, b, c = sorted(xs)
    upper = v + width
    if value_satisfies(approx, v, a, upper=upper) and value_satisfies(approx, v, c, upper=upper):
        assert value_satisfies(approx, v, b, upper=upper)


@FAST
@given(VALUES, VALUES)
def test_stricter_bounds_are_narrower(v: float, x: float) -> None:
    if value_satisfies("more_than", v, x):
        assert value_satisfies("at_least", v, x)
    if value_satisfies("less_than", v, x):
        assert value_satisfies("at_most", v, x)


@FAST
@given(VALUES)
def test_every_claim_holds_for_its_own_value(v: float) -> None:
    for approx in ("exact", "about", "nearly", "at_least", "at_most"):
        assert value_satisfies(approx, v, v), approx
    assert not value_satisfies("more_than", v, v)
    assert not value_satisfies("less_than", v, v)


@FAST
@given(st.sampled_from(["exact", "about", "at_least", "more_than", "at_most", "less_than"]),
       POSITIVE, POSITIVE)  # fmt: skip
def test_units_do_not_change_the_answer(approx: str, v: float, x: float) -> None:
    tol = {"exact": EXACT_TOLERANCE, "about": QUANTITY_TOLERANCE}.get(approx, 0.0)
    # keep away from the exact boundary, where km→m float rounding may flip the answer
    assume(abs(abs(x - v) - tol * v) > 1e-6 * max(v, x))
    assume(abs(x - v) > 1e-6 * max(v, x) or approx in ("exact", "about"))
    claim = Quantity(value=v, unit="km", approx=approx)  # type: ignore[arg-type]
    in_km = compare_quantity(claim, x, "km")
    assert in_km is not None
    assert compare_quantity(claim, x * 1000, "m") == in_km
    assert compare_quantity(claim, x * 1000, "米") == in_km
    assert compare_quantity(claim, x, "公里") == in_km


@FAST
@given(POSITIVE, POSITIVE)
def test_other_unit_families_are_incomparable(v: float, x: float) -> None:
    assert compare_quantity(Quantity(value=v, unit="km"), x, "kg") is None


DAYS = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))
PRECISIONS = st.sampled_from(["year", "month", "day"])


def _cut(day: dt.date, precision: str) -> str:
    return day.isoformat()[: {"year": 4, "month": 7, "day": 10}[precision]]


@FAST
@given(DAYS, DAYS, PRECISIONS)
def test_dates_at_one_precision_compare_symmetrically(a: dt.date, b: dt.date, p: str) -> None:
    forward = compare_date(DateValue(value=_cut(a, p), precision=p), _cut(b, p), p)  # type: ignore[arg-type]
    backward = compare_date(DateValue(value=_cut(b, p), precision=p), _cut(a, p), p)  # type: ignore[arg-type]
    assert forward == backward
    assert forward == (_cut(a, p) == _cut(b, p))


@FAST
@given(DAYS, DAYS, PRECISIONS, PRECISIONS)
def test_a_coarser_date_never_confirms_a_finer_claim(
    a: dt.date, b: dt.date, claimed: str, observed: str
) -> None:
    order = {"year": 0, "month": 1, "day": 2}
    result = compare_date(
        DateValue(value=_cut(a, claimed), precision=claimed),  # type: ignore[arg-type]
        _cut(b, observed),
        observed,
    )
    if order[claimed] > order[observed]:
        assert result is not True
    coarse = min(order[claimed], order[observed])
    shared = ("year", "month", "day")[coarse]
    if _cut(a, shared) != _cut(b, shared):
        assert result is False, "dates that differ at the shared precision refute"


@FAST
@given(st.integers(1, 500), st.integers(1, 500),
       st.sampled_from(["exact", "at_most", "less_than", "more_than", "at_least"]))  # fmt: skip
def test_exact_rank_evidence_follows_the_quantity_table(
    claimed: int, observed: int, approx: str
) -> None:
    rank = Rank(position=claimed, approx=approx)  # type: ignore[arg-type]
    assert compare_rank(rank, observed) == value_satisfies(approx, claimed, observed)


@FAST
@given(st.integers(1, 500), st.integers(1, 500), st.integers(1, 500))
def test_top_k_claims_are_monotone_in_the_observed_position(k: int, p: int, q: int) -> None:
    top_k = Rank(position=k, approx="at_most")
    better, worse = sorted((p, q))
    if compare_rank(top_k, worse):
        assert compare_rank(top_k, better)


NOT_NUMBERS = st.one_of(
    st.sampled_from(["NaN", "nan", "+NaN", "inf", "-inf", "Infinity", "+1e400", "-1e999", ""]),
    st.sampled_from([math.nan, math.inf, -math.inf]),
)


@FAST
@given(NOT_NUMBERS, st.integers(1, 10**9))
def test_non_finite_evidence_values_never_decide(value: object, claimed: int) -> None:
    claim = Claim(
        id="q1",
        text=f"Haidian District has {claimed} residents.",
        kind="quantity",
        subject="Haidian District",
        quantities=[Quantity(value=claimed, unit="person")],
    )
    doc = Document(
        id="wikidata:q1",
        url="https://example.org/q1",
        text="made up",
        fetcher="wikidata",
        retrieved_at=dt.datetime(2025, 3, 16, tzinfo=dt.UTC),
        structured={
            "P1082": [{"value": value, "unit": None}],
            "labels": {"en": "Haidian District"},
        },
    )
    assert compare_structured(claim, doc) == [], "a value that is not a number refutes nothing"


NOT_DATES = st.one_of(
    st.sampled_from(["", "garbage", "NaN", "T00:00:00Z", "--", "19x0-01-01"]),
    st.text(alphabet="abcxyz -:/T+", max_size=12),
)


@FAST
@given(DAYS, NOT_DATES, PRECISIONS)
def test_values_that_are_not_dates_never_decide(day: dt.date, value: str, precision: str) -> None:
    claimed = DateValue(value=day.isoformat(), precision="day")
    assert compare_date(claimed, value, precision) is None
