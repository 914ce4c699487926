"""The gold scorer on tiny made-up articles (factcheck.extract.gold)."""

from __future__ import annotations

import pytest

from factcheck.extract.gold import (
    ArticleScore,
    GoldError,
    digit_sentence_claims,
    is_atomic,
    is_self_contained,
    parse_gold,
    score_claims,
)
from factcheck.models import Claim, DateValue, Quantity, Rank

ARTICLE = (
    "Made-up town\n\n"
    "Springfield had 1,200 residents in 2020, and its mayor was elected in May 2019.\n"
    "The town ranks third in the county. It\nhas a river."
)

GOLD = """
article: made-up.txt
language: en
published: 2021-01-01
published_in_text: false
split: dev
claims:
  - anchor: Springfield had 1,200 residents in 2020
    text: Springfield had 1,200 residents in 2020
    quantities: [{value: 1200, unit: person, approx: exact}]
    dates: [{value: "2020", precision: year}]
  - anchor: its mayor was elected in May 2019
    text: Springfield's mayor was elected in May 2019
    dates: [{value: 2019-05, precision: month}]
  - anchor: The town ranks third in the county
    text: Springfield ranks third in its county
    rank: {position: 3, approx: exact}
optional:
  - anchor: It has a river
    text: Springfield has a river
"""


def _claim(n: int, text: str, span: tuple[int, int], **values: object) -> Claim:
    return Claim(id=f"t-c{n:03d}", text=text, span=span, **values)  # type: ignore[arg-type]


def _span(fragment: str) -> tuple[int, int]:
    start = ARTICLE.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def gold():  # type: ignore[no-untyped-def]
    return parse_gold(GOLD, ARTICLE)


def test_parse_locates_anchors_across_line_breaks(gold) -> None:  # type: ignore[no-untyped-def]
    assert len(gold.required) == 3
    river = gold.facts[3]
    assert not river.required
    assert ARTICLE[river.span[0] : river.span[1]] == "It\nhas a river"
    assert gold.published.isoformat() == "2021-01-01"


def test_missing_or_ambiguous_anchor_is_an_error() -> None:
    with pytest.raises(GoldError, match="not in the article"):
        parse_gold("claims: [{anchor: Shelbyville, text: x}]", ARTICLE)
    with pytest.raises(GoldError, match="2 times"):
        parse_gold("claims: [{anchor: Spring, text: x}]", "Spring and Spring")
    with pytest.raises(GoldError, match="unknown gold fields"):
        parse_gold("claims: [{anchor: town, text: x, valeu: 3}]", "a town")


def test_atomic_claims_match_every_fact_exactly(gold) -> None:  # type: ignore[no-untyped-def]
    sentence = _span(
        "Springfield had 1,200 residents in 2020, and its mayor was elected in May 2019."
    )
    claims = [
        _claim(
            1,
            "Springfield had 1,200 residents in 2020",
            sentence,
            quantities=[Quantity(value=1200, unit="person")],
            dates=[DateValue(value="2020", precision="year")],
        ),
        _claim(
            2,
            "Springfield's mayor was elected in May 2019",
            sentence,
            dates=[DateValue(value="2019-05", precision="month")],
        ),
        _claim(
            3,
            "Springfield ranks third",
            _span("The town ranks third in the county."),
            rank=Rank(position=3),
        ),
    ]
    s = score_claims(gold, claims, "en")
    assert (s.recall, s.precision, s.normalization) == (1.0, 1.0, 1.0)
    assert s.atomic_share == 1.0
    assert s.self_contained_share == 1.0


def test_one_sentence_claim_matches_only_one_fact(gold) -> None:  # type: ignore[no-untyped-def]
    sentence = _span(
        "Springfield had 1,200 residents in 2020, and its mayor was elected in May 2019."
    )
    whole = _claim(
        1,
        "Springfield had 1,200 residents in 2020, and its mayor was elected in May 2019.",
        sentence,
        quantities=[Quantity(value=1200)],
        dates=[
            DateValue(value="2020", precision="year"),
            DateValue(value="2019-05", precision="month"),
        ],
    )
    s = score_claims(gold, [whole], "en")
    assert s.matched == 1
    assert s.required == 3
    assert s.precision == 1.0
    # the unit is missing: matched (same number) but not normalized
    assert s.normalized == 0
    assert len(s.inexact) == 1


def test_wrong_value_or_place_does_not_match(gold) -> None:  # type: ignore[no-untyped-def]
    claims = [
        # a year read as a count: the date is not carried
        _claim(
            1,
            "Springfield had 1,200 residents",
            _span("Springfield had 1,200 residents"),
            quantities=[Quantity(value=1200, unit="person"), Quantity(value=2020)],
        ),
        # the right value in the wrong sentence
        _claim(2, "Springfield ranks third", _span("It\nhas a river."), rank=Rank(position=3)),
    ]
    s = score_claims(gold, claims, "en")
    assert s.matched == 0
    assert s.claims_matched == 1
    assert s.recall == 0.0
    assert s.precision == 0.5


def test_optional_facts_count_neither_way(gold) -> None:  # type: ignore[no-untyped-def]
    river = _claim(1, "Springfield has a river", _span("It\nhas a river."))
    s = score_claims(gold, [river], "en")
    assert s.required == 3
    assert s.matched == 0
    assert s.precision == 1.0


def test_required_facts_win_the_matching() -> None:
    # One claim could state the optional fact or the required one: it goes to the required fact.
    text = "Alpha is 5 m tall and 5 m wide."
    g = parse_gold(
        "claims: [{anchor: 5 m tall, text: Alpha is 5 m tall, quantities: [{value: 5}]}]\n"
        "optional: [{anchor: 5 m wide, text: Alpha is 5 m wide, quantities: [{value: 5}]}]",
        text,
    )
    c = _claim(1, "Alpha is 5 m tall and 5 m wide", (0, len(text)), quantities=[Quantity(value=5)])
    s = score_claims(g, [c], "en")
    assert s.matched == 1


def test_maximum_matching_reassigns_claims() -> None:
    # Greedy would give claim 1 to fact A and leave fact B unmatched.
    text = "A rose 3% and B rose 3% and 4%."
    g = parse_gold(
        "claims:\n"
        "  - {anchor: A rose 3%, text: A rose 3%, quantities: [{value: 0.03}]}\n"
        "  - {anchor: B rose 3% and 4%, text: B rose 4%, quantities: [{value: 0.04}]}\n",
        text,
    )
    both = _claim(
        1, "A and B rose", (0, len(text)), quantities=[Quantity(value=0.03), Quantity(value=0.04)]
    )
    only_a = _claim(2, "A rose 3%", (0, 9), quantities=[Quantity(value=0.03)])
    s = score_claims(g, [both, only_a], "en")
    assert s.matched == 2


def test_counters_equal_no_unit_and_exact_checks_approx() -> None:
    text = "园区有41所高校，近10家企业。"
    g = parse_gold(
        "claims:\n"
        "  - {anchor: 41所高校, text: 园区有41所高校, quantities: [{value: 41, unit: 所, approx: exact}]}\n"
        "  - {anchor: 近10家企业, text: 园区有近10家企业, quantities: [{value: 10, unit: 家, approx: nearly}]}\n",
        text,
    )
    claims = [
        _claim(1, "园区有41所高校", (0, 7), quantities=[Quantity(value=41)]),
        _claim(2, "园区有近10家企业", (8, 14), quantities=[Quantity(value=10, unit="家")]),
    ]
    s = score_claims(g, claims, "zh")
    assert s.matched == 2
    assert s.normalized == 1
    assert "近10家企业" in s.inexact[0]


def test_atomicity() -> None:
    text = "X fell by 5 to 10."
    g = parse_gold(
        "claims: [{anchor: X fell, text: X fell by 5, quantities: [{value: 5}], also: [10]}]", text
    )
    fact = g.facts[0]
    two = _claim(
        1, "X fell by 5 to 10", (0, 17), quantities=[Quantity(value=5), Quantity(value=10)]
    )
    three = _claim(
        2, "X", (0, 17), quantities=[Quantity(value=5), Quantity(value=10), Quantity(value=7)]
    )
    assert is_atomic(two, fact)
    assert not is_atomic(three, fact)
    assert is_atomic(_claim(3, "Y", (0, 1), quantities=[Quantity(value=1)]), None)
    assert not is_atomic(
        _claim(4, "Y", (0, 1), quantities=[Quantity(value=1), Quantity(value=2)]), None
    )
    # dates say when, they do not make a claim compound
    dated = _claim(
        5,
        "Y",
        (0, 1),
        quantities=[Quantity(value=1)],
        dates=[
            DateValue(value="2020", precision="year"),
            DateValue(value="2021", precision="year"),
        ],
    )
    assert is_atomic(dated, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Andre Agassi turned professional at 16", True),
        ("In 1988, Andre Agassi won six tournaments", True),
        ("He turned professional at 16", False),
        ("In 1988, he won six tournaments", False),
        ("These measures remain below their February 2020 levels", False),
        ("This year's Arctic ice maximum is the 14th lowest on record", False),
        ("its economic development has been impaired", False),
        ("According to the NSIDC, this marks the second-lowest extent", False),
        ("Meanwhile, the Arctic trend shows no sign of reversing", True),
    ],
)
def test_self_contained_english(text: str, expected: bool) -> None:
    assert is_self_contained(text, "en") is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年中国国内生产总值增长5.2%", True),
        ("增长5.2%", False),
        ("1988年，他进入赫尔辛基大学计算机科学系", False),
        ("其父母都毕业于赫尔辛基大学", False),
        ("在本屆比賽期間，大會藥檢一共抽取了143個尿液樣本", False),
        ("该隊未於本屆賽事出賽", False),
        ("应该指出，东南大学有10个国家重点实验室", True),
        ("林纳斯·托瓦兹的父母都毕业于赫尔辛基大学", True),
        ("占全国总量的30.6%", False),
        ("居民消费价格上涨0.2%", True),  # 居民 (residents) is a noun, not 居 (ranks)
        ("居世界第三", False),
        ("林纳斯·托瓦兹发起了Git这个开源项目", True),  # an apposition, not an anaphor
        ("国内生产总值比上年增长9.1%", True),
    ],
)
def test_self_contained_chinese(text: str, expected: bool) -> None:
    assert is_self_contained(text, "zh") is expected


def test_scores_add_up() -> None:
    a = ArticleScore(required=2, matched=1, claims=2, claims_matched=2, missed=["x"])
    b = ArticleScore(required=2, matched=2, claims=2, claims_matched=1)
    total = a + b
    assert total.recall == 0.75
    assert total.precision == 0.75
    assert total.missed == ["x"]


def test_digit_sentence_baseline() -> None:
    text = "Title line\n\nRevenue was $3 million in 2020. Nobody knows why.\n"
    claims = digit_sentence_claims(text, "en")
    assert [c.text for c in claims] == ["Revenue was $3 million in 2020."]
    assert claims[0].quantities[0].value == 3_000_000
    assert [d.value for d in claims[0].dates] == ["2020"]


def test_value_facts_get_the_value_claim_whatever_the_gold_order() -> None:
    # a fact without values listed first must not take the claim that carries another fact's value
    text = "The plane entered service, and car sales rose 60 percent."
    g = parse_gold(
        "claims:\n"
        "  - {anchor: The plane entered service, text: The plane entered service}\n"
        "  - {anchor: rose 60 percent, text: Car sales rose 60%, quantities: [{value: 0.6}]}\n",
        text,
    )
    plane = _claim(1, "The plane entered service", (0, len(text)))
    sales = _claim(2, "Car sales rose 60 percent", (0, len(text)), quantities=[Quantity(value=0.6)])
    s = score_claims(g, [sales, plane], "en")
    assert s.matched == 2
    assert s.atomic_share == 1.0
