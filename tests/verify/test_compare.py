"""Comparators: every approx value, unit scale, date precision and rank form (DESIGN.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.models import APPROX_VALUES, DateValue, Quantity, Rank
from factcheck.verify.compare import (
    compare_date,
    compare_quantity,
    compare_rank,
    compare_stated,
    compare_text_numbers,
    value_satisfies,
)

# (approx, claimed, observed, expected)
VALUE_TABLE = [
    ("exact", 100, 100, True),
    ("exact", 100, 100.9, True),
    ("exact", 100, 102, False),
    ("exact", 100, 98, False),
    ("about", 100, 109, True),
    ("about", 100, 91, True),
    ("about", 100, 111, False),
    ("about", 100, 89, False),
    ("nearly", 10, 9, True),
    ("nearly", 10, 8, True),
    ("nearly", 10, 10, True),
    ("nearly", 10, 7.9, False),
    ("nearly", 10, 14, False),
    ("nearly", 10, 10.5, False),
    ("at_least", 10, 10, True),
    ("at_least", 10, 11, True),
    ("at_least", 10, 9, False),
    ("more_than", 10, 11, True),
    ("more_than", 10, 10, False),
    ("more_than", 0.5, 0.51, True),
    ("more_than", 0.5, 0.49, False),
    ("at_most", 10, 10, True),
    ("at_most", 10, 11, False),
    ("less_than", 10, 9, True),
    ("less_than", 10, 10, False),
]


@pytest.mark.parametrize(
    ("claimed", "observed", "expected"),
    [(790, 793.4, True), (790, 850, False), (800, 760, True), (800, 700, False),
     (15000, 15400, True), (0.306, 0.31, True), (0.306, 0.33, False)],
)  # fmt: skip
def test_about_covers_the_rounding_of_the_stated_figure(
    claimed: float, observed: float, expected: bool
) -> None:
    assert value_satisfies("about", claimed, observed) is expected


def test_table_covers_every_approx_value() -> None:
    assert {row[0] for row in VALUE_TABLE} == set(APPROX_VALUES)


@pytest.mark.parametrize(("approx", "claimed", "observed", "expected"), VALUE_TABLE)
def test_value_satisfies(approx: str, claimed: float, observed: float, expected: bool) -> None:
    assert value_satisfies(approx, claimed, observed) is expected


# ranges: (approx, value, upper, observed, expected)
RANGE_TABLE = [
    ("exact", 10, 20, 15, True),
    ("exact", 10, 20, 20, True),
    ("exact", 10, 20, 21, False),
    ("exact", 10, 20, 9, False),
    ("about", 10, 20, 21.5, True),
    ("about", 10, 20, 23, False),
    ("nearly", 10, 20, 8.5, True),
    ("nearly", 10, 20, 21, False),
    ("at_least", 10, 20, 25, True),
    ("at_least", 10, 20, 9, False),
    ("more_than", 10, 20, 10, False),
    ("at_most", 10, 20, 5, True),
    ("at_most", 10, 20, 21, False),
    ("less_than", 10, 20, 20, False),
]


@pytest.mark.parametrize(("approx", "value", "upper", "observed", "expected"), RANGE_TABLE)
def test_range_upper(
    approx: str, value: float, upper: float, observed: float, expected: bool
) -> None:
    assert value_satisfies(approx, value, observed, upper=upper) is expected


def test_unknown_approx_raises() -> None:
    with pytest.raises(ValueError, match="unknown approx"):
        value_satisfies("roughly", 1, 1)


# claimed date at its precision vs evidence (value, precision) -> expected
DATE_TABLE = [
    (("1980", "year"), ("1980-10-23", "day"), True),
    (("1980", "year"), ("1981-01-01", "day"), False),
    (("1980-10", "month"), ("1980-10-23", "day"), True),
    (("1980-10", "month"), ("1980-11-01", "day"), False),
    (("1980-10-23", "day"), ("1980-10-23", "day"), True),
    (("1980-10-23", "day"), ("1980-10-24", "day"), False),
    (("1980-10-23", "day"), ("1980", "year"), None),
    (("1980-10-23", "day"), ("1981", "year"), False),
    (("1980-10-23", "day"), ("1980-10", "month"), None),
    (("1980", "year"), ("1980", "year"), True),
    (("1980", "year"), ("+1980-00-00T00:00:00Z", "year"), True),
]


@pytest.mark.parametrize(("claimed", "observed", "expected"), DATE_TABLE)
def test_compare_date(
    claimed: tuple[str, str], observed: tuple[str, str], expected: bool | None
) -> None:
    cd = DateValue(value=claimed[0], precision=claimed[1])  # type: ignore[arg-type]
    assert compare_date(cd, observed[0], observed[1]) is expected


def test_date_table_covers_every_precision() -> None:
    assert {c[1] for c, _, _ in DATE_TABLE} == {"year", "month", "day"}
    assert {o[1] for _, o, _ in DATE_TABLE} == {"year", "month", "day"}


# rank claims (position, approx) vs evidence (position, approx) -> expected
RANK_TABLE = [
    ((3, "exact"), (3, "exact"), True),
    ((3, "exact"), (4, "exact"), False),
    ((15, "at_most"), (7, "exact"), True),  # top 15, is 7th
    ((15, "at_most"), (16, "exact"), False),
    ((15, "more_than"), (20, "exact"), True),  # not in top 15, is 20th
    ((15, "more_than"), (3, "exact"), False),
    ((15, "at_most"), (10, "at_most"), True),  # top 15 vs evidence "top 10"
    ((3, "exact"), (10, "at_most"), None),  # 3rd vs "top 10": cannot confirm
    ((12, "exact"), (10, "at_most"), False),  # 12th vs "top 10"
    ((15, "more_than"), (10, "at_most"), False),
    ((15, "more_than"), (20, "more_than"), True),
    ((3, "exact"), (20, "more_than"), False),
    ((10, "at_least"), (12, "exact"), True),
    ((10, "less_than"), (10, "exact"), False),
]


@pytest.mark.parametrize(("claimed", "observed", "expected"), RANK_TABLE)
def test_compare_rank(
    claimed: tuple[int, str], observed: tuple[int, str], expected: bool | None
) -> None:
    rank = Rank(position=claimed[0], approx=claimed[1])  # type: ignore[arg-type]
    assert compare_rank(rank, observed[0], observed[1]) is expected


@pytest.mark.parametrize(
    ("quantity", "observed", "unit", "expected"),
    [
        (Quantity(value=10, unit="家", approx="nearly", raw="近10家"), 9, None, True),
        (Quantity(value=10, unit="家", approx="nearly", raw="近10家"), 14, None, False),
        (Quantity(value=15000, unit="人", approx="exact", raw="1.5万人"), 15000, None, True),
        (
            Quantity(value=0.5, unit="ratio", approx="more_than", raw="超过一半"),
            0.56,
            "ratio",
            True,
        ),
        (Quantity(value=0.5, unit="ratio", approx="more_than", raw="超过一半"), 56, None, True),
        (Quantity(value=0.5, unit="%", approx="more_than", raw="超过一半"), 45, "percent", False),
        (Quantity(value=42, unit="km", approx="about"), 42600, "m", True),
        # "about 42" is a precise figure: about covers its rounding (≥ 2 %), not 10 %
        (Quantity(value=42, unit="km", approx="about"), 44000, "m", False),
        (Quantity(value=40, unit="km", approx="about"), 43000, "m", True),
        (Quantity(value=42, unit="km", approx="about"), 5, "kg", None),
        (Quantity(value=0.6667, unit="%", approx="exact", raw="三分之二"), 66.67, "percent", True),
        (Quantity(value=0.306, unit="%", approx="exact", raw="30.6%"), 0.306, "%", True),
    ],
)
def test_compare_quantity(
    quantity: Quantity, observed: float, unit: str | None, expected: bool | None
) -> None:
    assert compare_quantity(quantity, observed, unit) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("目前共有9家", True), ("目前共有14家", False), ("没有数字", None), ("面积3平方公里", None)],
)
def test_compare_text_numbers_nearly(text: str, expected: bool | None) -> None:
    q = Quantity(value=10, unit="家", approx="nearly", raw="近10家")
    assert compare_text_numbers(q, text) is expected


@given(
    v=st.floats(min_value=1, max_value=1e9),
    x=st.floats(min_value=0, max_value=2e9),
)
def test_about_is_wider_than_exact(v: float, x: float) -> None:
    if value_satisfies("exact", v, x):
        assert value_satisfies("about", v, x)
    if value_satisfies("more_than", v, x):
        assert value_satisfies("at_least", v, x)
    if value_satisfies("less_than", v, x):
        assert value_satisfies("at_most", v, x)
    if value_satisfies("nearly", v, x):
        assert value_satisfies("at_most", v, x)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("数据显示增长30.6%", True), ("数据显示增长40.6%", False), ("没有数字", None)],
)
def test_compare_text_numbers_percent_claim(text: str, expected: bool | None) -> None:
    """A claimed percentage (a fraction, unit %) is read from passages the same way."""
    q = Quantity(value=0.306, unit="%", approx="exact", raw="30.6%")
    assert compare_text_numbers(q, text) is expected


@pytest.mark.parametrize(
    ("claimed", "observed", "expected"),
    [
        (Quantity(value=300, approx="more_than"), Quantity(value=300, approx="more_than"), True),
        (Quantity(value=300, approx="more_than"), Quantity(value=270, approx="about"), False),
        (Quantity(value=300, approx="more_than"), Quantity(value=250, approx="more_than"), None),
        (Quantity(value=790, approx="about"), Quantity(value=850, approx="about"), False),
        (
            Quantity(value=3700, unit="year"),
            Quantity(value=3700, unit="year", approx="about"),
            True,
        ),
        (Quantity(value=10, approx="nearly"), Quantity(value=9), True),
    ],
)
def test_stated_quantities_compare_as_ranges(
    claimed: Quantity, observed: Quantity, expected: bool | None
) -> None:
    assert compare_stated(claimed, observed) is expected
