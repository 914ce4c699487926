"""Evidence text read by the same reader as claims: numbers with units, dates, ranks."""

from __future__ import annotations

import pytest

from factcheck.values import parse_chinese_number, read_values


@pytest.mark.parametrize(
    ("text", "value"),
    [("三千五百", 3500), ("两万", 20000), ("十二", 12), ("一亿五千万", 150_000_000), ("一九八〇", 1980),
     ("九", 9), ("百", 100)],
)  # fmt: skip
def test_parse_chinese_number(text: str, value: float) -> None:
    assert parse_chinese_number(text) == value


def test_parse_chinese_number_rejects_other_text() -> None:
    assert parse_chinese_number("北京") is None
    assert parse_chinese_number("") is None


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("共有9家企业", 9, "家"),
        ("约1.5万人", 15000, "person"),
        ("3.5 million people", 3_500_000, "person"),
        ("增长30.6%", 0.306, "%"),
        ("百分之三十", 0.3, "%"),
        ("It is 42 km long", 42, "km"),
        ("$5 billion", 5e9, "USD"),
        ("十二家", 12, "家"),
        ("2.3亿元", 2.3e8, "CNY"),
        ("population of 21,893,095", 21_893_095, None),
    ],
)
def test_passage_numbers(text: str, value: float, unit: str | None) -> None:
    found = read_values(text).quantities
    assert found, text
    assert found[0].value.value == pytest.approx(value)
    assert found[0].value.unit == unit


def test_passage_numbers_skip_dates() -> None:
    text = "成立于1980年10月23日，有3000人; founded in 1975 with 12 km"
    assert [m.value.value for m in read_values(text).quantities] == [3000, 12]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("成立于1980年10月23日", "1980-10-23", "day"),
        ("2001年3月", "2001-03", "month"),
        ("2001年", "2001", "year"),
        ("on 23 October 1980", "1980-10-23", "day"),
        ("October 23, 1980", "1980-10-23", "day"),
        ("in October 1980", "1980-10", "month"),
        ("founded in 1975", "1975", "year"),
        ("2023-05-01", "2023-05-01", "day"),
        ("2025 年 3 月 15 号", "2025-03-15", "day"),
        ("13/04/2025", "2025-04-13", "day"),
        ("updated 2025-03.", "2025-03", "month"),
    ],
)
def test_passage_dates(text: str, value: str, precision: str) -> None:
    found = read_values(text).dates
    assert (found[0].value.value, found[0].value.precision) == (value, precision)
    assert text[found[0].start : found[0].end] == found[0].raw


@pytest.mark.parametrize("text", ["03/04/2025", "2025年2月30日", "2025-13"])
def test_ambiguous_or_impossible_dates(text: str) -> None:
    assert read_values(text).dates == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("排名第三", (3, "exact")),
        ("位列全球前10名", (10, "at_most")),
        ("in the top 10 worldwide", (10, "at_most")),
        ("it was ranked 5th", (5, "exact")),
        ("not in the top 15", (15, "more_than")),
        ("未进入前十五", (15, "more_than")),
    ],
)
def test_passage_ranks(text: str, expected: tuple[int, str]) -> None:
    rank = read_values(text).ranks[0].value
    assert (rank.position, rank.approx) == expected
