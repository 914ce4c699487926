"""Reign years with a common-era year in brackets, 公元/公元前 years, temperatures and millimetres."""

from __future__ import annotations

import pytest

from factcheck.values import read_values


@pytest.mark.parametrize(
    ("text", "dates", "quantities"),
    [
        ("隋大业三年（607年）又改亳州为谯郡", ["0607"], []),
        ("弘治9年(1496年)，又升县为州", ["1496"], []),
        ("至正十五年（1355年）刘福通在此建都", ["1355"], []),
        ("公元前221年秦统一六国", ["-0221"], []),
        ("公元607年", ["0607"], []),
        # durations stay durations, even beside a bracketed year
        ("历时三年（2021年）", ["2021"], [(3.0, "year")]),
        ("他工作了3年(2019年起)", ["2019"], [(3.0, "year")]),
    ],
)
def test_historical_years(text: str, dates: list[str], quantities: list[tuple[float, str]]) -> None:
    v = read_values(text)
    assert [m.value.value for m in v.dates] == dates
    assert [(m.value.value, m.value.unit) for m in v.quantities] == quantities


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("年均降水量约790毫米", 790.0, "mm"),
        ("极端最高气温42.1°C", 42.1, "degC"),
        ("最高气温为41.4℃", 41.4, "degC"),
        ("极端最低气温-20.6°C", -20.6, "degC"),
        ("气温为零下5摄氏度", -5.0, "degC"),
        ("Annual rainfall is about 850 millimetres", 850.0, "mm"),
    ],
)
def test_measurement_units(text: str, value: float, unit: str) -> None:
    (q,) = read_values(text).quantities
    assert (q.value.value, q.value.unit) == (value, unit)


def test_a_span_of_thousands_of_years_is_no_date() -> None:
    v = read_values("是一座有着约3700年建城史的古城")
    assert v.dates == ()
    assert [(m.value.value, m.value.unit, m.value.approx) for m in v.quantities][-1] == (
        3700.0,
        "year",
        "about",
    )
