"""Tables for the normalizers: numbers, quantities, dates and ranks (Chinese and English)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from factcheck.values import (
    find_dates,
    find_quantities,
    find_ranks,
    parse_approx,
    parse_chinese_number,
    parse_number,
    read_values,
)

PUBLISHED = dt.date(2025, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("41", 41),
        ("1.5万", 15000),
        ("5000万", 50_000_000),
        ("1.2亿", 120_000_000),
        ("3千", 3000),
        ("1,000", 1000),
        ("３０", 30),
        ("二十", 20),
        ("十五", 15),
        ("一百零五", 105),
        ("两千零二十五", 2025),
        ("千万", 10_000_000),
        ("百亿", 10_000_000_000),
        ("一亿二千万", 120_000_000),
        ("一九八〇", 1980),
        ("三万五千", 35000),
    ],
)
def test_parse_chinese_number(text: str, expected: int) -> None:
    assert parse_chinese_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30.6%", 0.306),
        ("80%", 0.8),
        ("百分之三十", 0.3),
        ("三分之二", 0.6667),
        ("四分之一", 0.25),
        ("一半", 0.5),
        ("1.5万", 15000.0),
        ("3.5 million", 3_500_000.0),
        ("two-thirds", 0.6667),
        ("a third", 0.3333),
        ("twenty five", 25.0),
        ("three hundred thousand", 300_000.0),
        ("", None),
        ("abc", None),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("word", "approx"),
    [
        ("近", "nearly"),
        ("将近", "nearly"),
        ("约", "about"),
        ("左右", "about"),
        ("上下", "about"),
        ("超过", "more_than"),
        ("逾", "more_than"),
        ("多", "more_than"),
        ("至少", "at_least"),
        ("不到", "less_than"),
        ("不足", "less_than"),
        ("最多", "at_most"),
        ("more than", "more_than"),
        ("nearly", "nearly"),
        ("At least", "at_least"),
        ("up to", "at_most"),
        ("ganz", "exact"),
    ],
)
def test_parse_approx(word: str, approx: str) -> None:
    assert parse_approx(word) == approx


def _quantity(text: str, language: str | None = None) -> dict[str, Any]:
    found = read_values(text, published=PUBLISHED, language=language).quantities
    assert len(found) == 1, [m.value for m in found]
    m = found[0]
    assert text[m.start : m.end] == m.value.raw
    return m.value.model_dump(mode="json", exclude={"raw"}, exclude_none=True)


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx", "upper"),
    [
        ("周边聚集了41所高等院校", 41, "所", "exact", None),
        ("206家研究所", 206, "家", "exact", None),
        ("67个国家重点实验室", 67, "个", "exact", None),
        ("聚集了1.5万名人工智能学者", 15000, "person", "exact", None),
        ("占到全国总量的30.6%", 0.306, "%", "exact", None),
        ("入驻的跨国企业达到了80%", 0.8, "%", "exact", None),
        ("世界500强企业近10家", 10, "家", "nearly", None),
        ("将近300人", 300, "person", "nearly", None),
        ("约300人", 300, "person", "about", None),
        ("300人左右", 300, "person", "about", None),
        ("300人上下", 300, "person", "about", None),
        ("超过200家", 200, "家", "more_than", None),
        ("逾百所", 100, "所", "more_than", None),
        ("十多个", 10, "个", "more_than", None),
        ("300余人", 300, "person", "more_than", None),
        ("至少5所", 5, "所", "at_least", None),
        ("不到50人", 50, "person", "less_than", None),
        ("不足3成员", 3, None, "less_than", None),
        ("10-20家", 10, "家", "exact", 20),
        ("10至20家企业", 10, "家", "exact", 20),
        ("共处20年", 20, "year", "exact", None),
        ("早两个月成立", 2, "month", "exact", None),
        ("两年多", 2, "year", "more_than", None),
        ("距离杭州1000公里之外", 1000, "km", "more_than", None),
        ("全长12 km", 12, "km", "exact", None),
        ("3.5亿美元", 350_000_000, "USD", "exact", None),
        ("投资20亿元", 2_000_000_000, "CNY", "exact", None),
        ("三分之二的员工", 0.6667, "%", "exact", None),
        ("超过一半的人", 0.5, "%", "more_than", None),
        ("过半", 0.5, "%", "more_than", None),
        ("百分之三十", 0.3, "%", "exact", None),
        ("千万年薪", 10_000_000, None, "exact", None),
        ("近十年累计投入", 10, "year", "exact", None),  # the last ten years, a span
        ("较去年上升8位", 8, "places", "exact", None),  # ranking places, not people
    ],
)
def test_chinese_quantities(
    text: str, value: float, unit: str | None, approx: str, upper: float | None
) -> None:
    q = _quantity(text, "zh")
    assert q["value"] == value
    assert q.get("unit") == unit
    assert q["approx"] == approx
    assert q.get("upper") == upper


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("More than 3.5 million people", 3_500_000, "person", "more_than"),
        ("about 30 percent", 0.3, "%", "about"),
        ("unemployment is 4.1%", 0.041, "%", "exact"),
        ("we lost 70,000 jobs", 70_000, "job", "exact"),
        ("nearly $2 trillion", 2_000_000_000_000, "USD", "nearly"),
        ("at least 500 km", 500, "km", "at_least"),
        ("two-thirds of Americans", 0.6667, "%", "exact"),
        ("more than half of the people", 0.5, "%", "more_than"),
        ("3 million or more", 3_000_000, None, "at_least"),
    ],
)
def test_english_quantities(text: str, value: float, unit: str | None, approx: str) -> None:
    q = _quantity(text, "en")
    assert q["value"] == value
    assert q.get("unit") == unit
    assert q["approx"] == approx


@pytest.mark.parametrize(
    "text",
    [
        "杭州因DeepSeek效应一夜之间成为焦点",  # 一夜: not a count
        "在这个万物复苏的春天",  # 万物: not ten thousand things
        "DeepSeekV2的关键创新",  # V2: a version, not a number
        "地表最强AI的Grok3",
        "两通两海顺势而起",
        "世界500强企业",  # 500强: a name
    ],
)
def test_not_quantities(text: str) -> None:
    assert read_values(text, published=PUBLISHED).quantities == ()


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("1980年10月23日,在中国科学院物理所", "1980-10-23", "day"),
        ("2023年7月", "2023-07", "month"),
        ("成立于2023年", "2023", "year"),
        ("一九八〇年", "1980", "year"),
        ("20世纪80年代", "1980", "year"),
        ("上世纪90年代", "1990", "year"),
        ("80年代", "1980", "year"),
        ("3月1日发布", "2025-03-01", "day"),
        ("12月1日发布", "2024-12-01", "day"),
        ("今年", "2025", "year"),
        ("去年", "2024", "year"),
        ("20年前", "2005", "year"),
        ("2025-03-15 21:52:43", "2025-03-15", "day"),
        ("on October 23, 1980", "1980-10-23", "day"),
        ("on 23 October 1980", "1980-10-23", "day"),
        ("in Sept. 2019", "2019-09", "month"),
        ("in the 1980s", "1980", "year"),
        ("since 2009", "2009", "year"),
        ("last year", "2024", "year"),
        ("ten years ago", "2015", "year"),
    ],
)
def test_dates(text: str, value: str, precision: str) -> None:
    found = find_dates(text, published=PUBLISHED)
    assert len(found) == 1, found
    m = found[0]
    assert (m.value.value, m.value.precision) == (value, precision)
    assert text[m.start : m.end] == m.value.raw


def test_invalid_and_relative_dates_without_reference() -> None:
    assert find_dates("2023年13月") == [] or find_dates("2023年13月")[0].value.precision == "year"
    assert find_dates("今年") == []  # needs published
    assert find_dates("3月1日") == []


def test_dates_are_not_quantities() -> None:
    values = read_values("1980年10月23日成立,共处20年", published=PUBLISHED)
    assert [d.value.value for d in values.dates] == ["1980-10-23"]
    assert [(q.value.value, q.value.unit) for q in values.quantities] == [(20, "year")]


@pytest.mark.parametrize(
    ("text", "position", "approx", "scope"),
    [
        ("北京综合评价位列全球第三,紧追纽约", 3, "exact", "全球"),
        ("高居全国第一。", 1, "exact", "全国"),
        ("排名第6", 6, "exact", None),
        ("粤港澳大湾区位列第六,", 6, "exact", None),
        ("而杭州还没能进入前15名。", 15, "more_than", None),
        ("进入前15名", 15, "at_most", None),
        ("跻身全球前十", 10, "at_most", "全球"),
        ("未进入前十", 10, "more_than", None),
        ("ranked third in the world", 3, "exact", "world"),
        ("is in the top 15", 15, "at_most", None),
        ("is not in the top 15", 15, "more_than", None),
        ("ranked No. 6", 6, "exact", None),
    ],
)
def test_ranks(text: str, position: int, approx: str, scope: str | None) -> None:
    found = find_ranks(text)
    assert len(found) == 1, found
    rank = found[0].value
    assert (rank.position, rank.approx, rank.scope) == (position, approx, scope)
    assert text[found[0].start : found[0].end] == rank.raw


def test_rank_chain_after_subject() -> None:
    text = "粤港澳大湾区位列第六,上海第七,而杭州还没能进入前15名。"
    ranks = [(m.value.position, m.value.approx) for m in find_ranks(text)]
    assert ranks == [(6, "exact"), (7, "exact"), (15, "more_than")]
    assert read_values(text).quantities == ()


@pytest.mark.parametrize("text", ["第三方平台", "第二次世界大战", "第一,我们要"])
def test_ordinals_that_are_not_ranks(text: str) -> None:
    assert find_ranks(text) == []


def test_offsets_index_the_original_text() -> None:
    text = "ＡＢ聚集了１．５万名学者，占３０．６％"
    values = read_values(text)
    assert [text[m.start : m.end] for m in values.quantities] == ["１．５万名", "３０．６％"]
    assert [m.value.value for m in values.quantities] == [15000, 0.306]


def test_english_language_restriction() -> None:
    assert all(m.value.unit != "所" for m in find_quantities("41所", language="en"))
    assert all(m.value.unit != "%" for m in find_quantities("41 percent", language="zh"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("employment rose by 236,000 in March, and", ["2023-03"]),
        ("in January and February combined", ["2023-01", "2023-02"]),
        ("the change for February was revised up", ["2023-02"]),
        ("in May 1962", ["1962-05"]),  # a month with its year stays one date
        ("on March 14", ["2023-03-14"]),
        ("scheduled for December", ["2022-12"]),  # the latest December up to the reference date
    ],
)
def test_month_named_alone_takes_the_reference_year(text: str, expected: list[str]) -> None:
    found = find_dates(text, published=dt.date(2023, 4, 7), language="en")
    assert [m.value.value for m in found] == expected
    assert all(m.value.precision == ("day" if "14" in text else "month") for m in found)


def test_month_named_alone_needs_a_reference_date() -> None:
    assert find_dates("rose in March", language="en") == []
