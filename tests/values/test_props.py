"""Properties of number and date normalization (``factcheck.extract.normalize``), Chinese and English.

Render ↔ parse: an integer written with Arabic digits (with or without thousands separators), in
Chinese numerals, or scaled by 万/亿 parses back to the same value; percentages and fractions come
back as fractions of one; a calendar date written the Chinese or the English way is found as the
same ISO date; a count with a counter word inside a Chinese sentence is found with its value.
Parsers never raise on arbitrary text. (Spans indexing the text: ``tests/extract/test_properties.py``.)
"""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.values import (
    find_dates,
    find_quantities,
    parse_chinese_number,
    parse_number,
    read_values,
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_DIGITS = "零一二三四五六七八九"
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def _section(n: int) -> str:
    """Chinese numeral for 0 < n < 10000, with 零 for inner zero runs (1005 → 一千零五)."""
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out += "零"
            out += _DIGITS[d] + unit
            zero = False
        else:
            zero = True
    return out


def chinese_numeral(n: int) -> str:
    """The ordinary Chinese numeral of 0 < n < 10**16 (十五, 一百零五, 三亿零二十万)."""
    groups: list[int] = []
    while n:
        n, g = divmod(n, 10_000)
        groups.append(g)
    units = ["", "万", "亿", "万亿"]
    out = ""
    pending_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or g < 1000):
            out += "零"
        out += _section(g) + units[i]
        pending_zero = False
    if out.startswith("一十"):
        out = out[1:]  # 十五, not 一十五, at the start
    return out


INTS = st.integers(min_value=1, max_value=10**12)


@FAST
@given(INTS)
def test_arabic_integers_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_chinese_number(f"{n:,}") == n


@FAST
@given(INTS)
def test_chinese_numerals_round_trip(n: int) -> None:
    text = chinese_numeral(n)
    assert parse_chinese_number(text) == n, text
    assert parse_number(text) == n, text


@FAST
@given(
    st.integers(min_value=1, max_value=9_999_999), st.sampled_from([("万", 10**4), ("亿", 10**8)])
)
def test_scaled_decimals_round_trip(hundredths: int, scale: tuple[str, int]) -> None:
    word, factor = scale
    text = f"{hundredths / 100:.2f}{word}"
    assert parse_number(text) == hundredths * factor // 100


@FAST
@given(st.integers(min_value=0, max_value=10_000))
def test_percentages_are_fractions(tenths: int) -> None:
    value = tenths / 10
    parsed = parse_number(f"{value:.1f}%")
    assert parsed is not None
    assert math.isclose(parsed, value / 100, rel_tol=1e-9, abs_tol=1e-12)
    if tenths % 10 == 0 and tenths:
        chinese = parse_number("百分之" + chinese_numeral(tenths // 10))
        assert chinese is not None
        assert math.isclose(chinese, tenths / 1000, rel_tol=1e-9)


@FAST
@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99))
def test_chinese_fractions(num: int, den: int) -> None:
    parsed = parse_number(f"{chinese_numeral(den)}分之{chinese_numeral(num)}")
    assert parsed == round(num / den, 4)


@FAST
@given(INTS.filter(lambda n: n < 10**8), st.sampled_from(["家", "所", "个", "项"]))
def test_counts_in_a_chinese_sentence(n: int, counter: str) -> None:
    for written in (str(n), f"{n:,}", chinese_numeral(n)):
        text = f"目前海淀区共有{written}{counter}企业。"
        found = find_quantities(text, language="zh")
        assert [m.value.value for m in found] == [n], (text, found)
        assert found[0].value.unit == counter


@FAST
@given(st.integers(min_value=1, max_value=10**9))
def test_counts_in_an_english_sentence(n: int) -> None:
    text = f"The district has {n:,} residents."
    assert [m.value.value for m in find_quantities(text, language="en")] == [n]


DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@FAST
@given(DATES)
def test_chinese_dates_round_trip(day: dt.date) -> None:
    text = f"该公司成立于{day.year}年{day.month}月{day.day}日。"
    found = find_dates(text, language="zh")
    assert [(m.value.value, m.value.precision) for m in found] == [(day.isoformat(), "day")]


@FAST
@given(DATES)
def test_english_dates_round_trip(day: dt.date) -> None:
    month = _MONTHS[day.month - 1]
    for text in (
        f"The company was founded on {day.day} {month} {day.year}.",
        f"The company was founded on {month} {day.day}, {day.year}.",
    ):
        found = find_dates(text, language="en")
        assert [(m.value.value, m.value.precision) for m in found] == [(day.isoformat(), "day")]


@FAST
@given(DATES)
def test_year_month_is_month_precision(day: dt.date) -> None:
    found = find_dates(f"{day.year}年{day.month}月", language="zh")
    assert [(m.value.value, m.value.precision) for m in found] == [
        (f"{day.year:04d}-{day.month:02d}", "month")
    ]


# What read_article_text lets through: no C0/C1 control characters but tab, newline, carriage return.
ARTICLE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=[
        *map(chr, range(0x00, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0E, 0x20)),
        *map(chr, range(0x7F, 0xA0)),
    ]),
    max_size=60,
)  # fmt: skip


@FAST
@given(ARTICLE_TEXT)
def test_parsers_never_raise(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)
    parse_chinese_number(text)
    values = read_values(text, published=dt.date(2025, 3, 15))
    for m in values.quantities:
        assert math.isfinite(m.value.value), "a found quantity is a finite number"


def test_find_values_with_a_separator_control_character() -> None:
    values = read_values("\x1f0\x1e5万人\x1c")
    assert [(q.start, q.end, q.value.value) for q in values.quantities][-1] == (3, 6, 50000.0)
    for q in values.quantities:
        assert q.value.raw is not None
        assert not any(ord(c) < 32 for c in q.value.raw)
