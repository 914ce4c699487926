"""Properties of the value reader (``factcheck.values``), Chinese and English.

Render ↔ parse: an integer written with Arabic digits (with or without thousands separators), in
Chinese numerals, in English words, or scaled by 万/亿 parses back to the same value; percentages,
tenths (成) and fractions come back as fractions of one, percentage points as points, 翻n番 as 2^n
times; a calendar date written the Chinese or the English way is found as the same ISO date; a year
in English prose is a date, never a count; a count with a counter word inside a Chinese sentence is
found with its value. Parsers never raise on arbitrary text, offsets always index it, and a text is
parsed once.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.values import (
    find_dates,
    find_quantities,
    parse_chinese_number,
    parse_number,
    read_cache_info,
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


_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english_number(n: int) -> str:
    """English words for 0 < n < 10**9 (three hundred and five thousand, twenty-one)."""

    def below_thousand(k: int) -> str:
        hundreds, rest = divmod(k, 100)
        parts = [f"{_EN_ONES[hundreds]} hundred"] if hundreds else []
        if rest:
            tens, ones = divmod(rest, 10)
            word = (
                _EN_ONES[rest]
                if rest < 20
                else _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" * bool(ones))
            )
            parts.append(("and " if hundreds else "") + word)
        return " ".join(parts)

    out = []
    for scale, word in ((10**6, "million"), (1000, "thousand"), (1, "")):
        k, n = divmod(n, scale)
        if k:
            out.append(f"{below_thousand(k)} {word}".strip())
    return " ".join(out)


@FAST
@given(st.integers(min_value=1, max_value=999_999_999))
def test_english_number_words_round_trip(n: int) -> None:
    words = english_number(n)
    assert parse_number(words) == n, words


@FAST
@given(st.integers(min_value=2, max_value=999_999))
def test_english_counts_with_words_in_a_sentence(n: int) -> None:
    text = f"The survey reached {english_number(n)} people."
    found = read_values(text, language="en").quantities
    assert [(m.value.value, m.value.unit) for m in found] == [(n, "person")], text


@FAST
@given(st.integers(min_value=1, max_value=9), st.sampled_from(["", "超过", "近", "约"]))
def test_tenths_round_trip(tenths: int, pre: str) -> None:
    text = f"其中{pre}{_DIGITS[tenths]}成的企业"
    [m] = read_values(text, language="zh").quantities
    assert (m.value.value, m.value.unit) == (tenths / 10, "%")
    assert text[m.start : m.end] == m.raw


@FAST
@given(st.integers(min_value=1, max_value=999))
def test_percentage_points_round_trip(tenths: int) -> None:
    for text in (f"提高{tenths / 10:.1f}个百分点", f"rose {tenths / 10:.1f} percentage points"):
        [m] = read_values(text).quantities
        assert (m.value.value, m.value.unit) == (round(tenths / 10, 1), "pp"), text


@FAST
@given(st.integers(min_value=1, max_value=4))
def test_doublings_round_trip(n: int) -> None:
    for text in (f"产值翻了{'一两三四'[n - 1]}番", f"产值翻{n}番"):
        [m] = read_values(text, language="zh").quantities
        assert (m.value.value, m.value.unit) == (2**n, "times"), text


@FAST
@given(
    st.integers(min_value=1600, max_value=2100),
    st.sampled_from(
        ["in {y}, the", "By {y}, it", "his {y} budget", "founded in {y}.", "the {y} report"]
    ),
)
def test_english_years_are_dates_not_counts(year: int, template: str) -> None:
    text = "The plan changed " + template.format(y=year)
    values = read_values(text, language="en")
    assert [(d.value.value, d.value.precision) for d in values.dates] == [(f"{year}", "year")]
    assert values.quantities == ()


@FAST
@given(st.integers(min_value=1, max_value=12), st.sampled_from(["今年", "去年", "2016年"]))
def test_chinese_months_round_trip(month: int, year_word: str) -> None:
    published = dt.date(2018, 11, 20)
    year = {"今年": 2018, "去年": 2017}.get(year_word, 2016)
    text = f"{year_word}{month}月，出口增长"
    values = read_values(text, language="zh", published=published)
    assert [(d.value.value, d.value.precision) for d in values.dates] == [
        (f"{year}-{month:02d}", "month")
    ]
    assert values.quantities == ()


_MIXED = st.lists(
    st.sampled_from(
        list(
            "一二三四五六七八九十百千万亿零两年月日号第前名家所个成番翻倍%％.,，。；、《》0123456789"
        )
        + list("近约超过多余以上今去首位榜排列分和与 -—–~至到\n")
        + [
            "in ",
            "by ",
            "top ",
            "not ",
            "the ",
            "third-",
            "largest",
            "percent",
            "March ",
            "1979",
            "2006",
            "to ",
            "half a ",
            "million",
            "dozen",
            "age ",
            "cents",
            "doubled",
            "$",
            "(-",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MIXED, st.sampled_from([None, "zh", "en"]))
def test_offsets_always_index_the_text(text: str, language: str | None) -> None:
    values = read_values(text, language=language, published=dt.date(2025, 3, 15))
    spans = []
    for m in (*values.quantities, *values.dates, *values.ranks):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.raw
        spans.append((m.start, m.end))
    spans.sort()
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@FAST
@given(ARTICLE_TEXT)
def test_a_text_is_parsed_once(text: str) -> None:
    first = read_values(text, language="zh")
    before = read_cache_info()
    again = read_values(text, language="zh")
    after = read_cache_info()
    assert again is first
    assert (after.hits - before.hits, after.misses - before.misses) == (1, 0)
