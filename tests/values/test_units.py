"""One unit table: canonical names, families, conversion; counters are counts."""

from __future__ import annotations

import pytest

from factcheck.values import convert_unit, normalize_unit, unit_family


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        (42, "公里", "km", 42),
        (42, "km", "m", 42000),
        (1500, "米", "公里", 1.5),
        (3, "平方公里", "km2", 3),
        (2, "吨", "kg", 2000),
        (5000, "公斤", "t", 5),
        (24, "个月", "year", 24 * 30.4375 / 365.25),
        (30.6, "percent", "%", 0.306),  # a figure in percent (Wikidata) vs a fraction
        (0.306, "%", "ratio", 0.306),  # % is a fraction, like the reader stores it
        (5, "‰", "%", 0.005),
        (100, "元", "CNY", 100),
        (7, "家", None, 7),
        (7, None, "所", 7),
        (7, "家", "所", 7),  # counters are counts
        (7, "人", None, 7),
        (15, "亩", "m2", 10_000),
        (3, "mile", "mi", 3),
        (1, "km", "kg", None),
        (1, "USD", "CNY", None),
        (1, "km", None, None),
        (6.3, "pp", "%", None),  # percentage points are no fraction of anything
        (2, "倍", "%", None),
        (1, "Q11579", None, None),  # a Wikidata unit item without a known conversion
        (1, "Q11579", "Q11579", 1),
    ],
)
def test_convert_unit(
    value: float, from_unit: str | None, to_unit: str | None, expected: float | None
) -> None:
    got = convert_unit(value, from_unit, to_unit)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("公里", "km"),
        ("KM", "km"),
        ("%", "%"),
        ("ratio", "%"),
        ("percent", "percent"),
        ("个百分点", "pp"),
        ("倍", "times"),
        ("家", None),
        ("people", "person"),
        ("widgets", None),
        (None, None),
        ("", None),
    ],
)
def test_normalize_unit(unit: str | None, expected: str | None) -> None:
    assert normalize_unit(unit) == expected


@pytest.mark.parametrize(
    ("unit", "family"),
    [("km", "length"), ("亩", "area"), ("%", "ratio"), ("美元", "money:USD"), ("所", None)],
)
def test_unit_family(unit: str, family: str | None) -> None:
    assert unit_family(unit) == family
