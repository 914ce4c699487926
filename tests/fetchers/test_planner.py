"""The query planner: language, names, queries, URLs and Wikidata properties from a claim."""

from __future__ import annotations

import re

import pytest

from factcheck.fetchers.keywords import is_name_like
from factcheck.fetchers.planner import guess_properties, plan_queries, search_rounds
from factcheck.models import Article, Claim, Entity


def test_chinese_claim_plan(zh_claim: Claim) -> None:
    plan = plan_queries(zh_claim)
    assert plan.claim_id == "seed-c001"
    assert plan.language == "zh"
    assert plan.entities == ["中国首个民营科技企业", "陈春先", "中国科学院物理研究所"]
    # short keyword queries from specific to broad; the whole clause only last
    assert plan.queries[0] == "中国首个民营科技企业 中国科学院"
    assert "中国首个民营科技企业" in plan.queries
    assert plan.queries[-1] == zh_claim.text
    assert all(" " in q or len(q) <= 14 for q in plan.queries[:-1])
    assert not any(re.search(r"\d", q) for q in plan.queries[:-1])  # values are never terms
    assert plan.properties == ["P571"]  # 成立于 → inception
    assert plan.urls == []


def test_hints_first_then_subject_attribute_object_then_text() -> None:
    claim = Claim(
        id="c1",
        text="The Raycom InfoTech Park is located on Kexueyuan South Road in Haidian District",
        subject="Raycom InfoTech Park",
        predicate="located on",
        object="Kexueyuan South Road",
        queries=["Raycom InfoTech Park address", "Raycom InfoTech Park address"],
        sources=["https://example.org/a", "https://example.org/a", "https://example.org/b"],
        entities=[
            Entity(text="Raycom InfoTech Park", type="place", wikidata="Q123"),
            Entity(
                text="a name that is far too long to be looked up as an entity at all", type="other"
            ),
        ],
    )
    plan = plan_queries(claim)
    assert plan.language == "en"
    assert plan.queries[:4] == [
        "Raycom InfoTech Park address",
        "Raycom InfoTech Park located",
        "Raycom InfoTech Park Kexueyuan South Road",
        "Raycom InfoTech Park",
    ]
    assert plan.queries[-1] == claim.text
    assert plan.entities == ["Raycom InfoTech Park", "Kexueyuan South Road"]
    assert plan.urls == ["https://example.org/a", "https://example.org/b"]
    assert plan.wikidata_ids == ["Q123"]
    assert plan.properties == ["P131"]


def test_names_inside_a_descriptive_subject_are_searched_not_the_clause() -> None:
    claim = Claim(
        id="c2",
        text="融科资讯中心周边聚集了67个国家重点实验室",
        subject="融科资讯中心周边",
        predicate="聚集",
        object="67个国家重点实验室",
        entities=[Entity(text="融科资讯中心", type="place")],
    )
    plan = plan_queries(claim)
    assert plan.entities == ["融科资讯中心"]  # not the subject phrase, not the counted object
    assert plan.queries[0] == "融科资讯中心 国家重点实验室"  # subject + what is counted
    assert "融科资讯中心" in plan.queries
    assert plan.properties == []  # 国家 inside the counted phrase is no country (P17)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("融科资讯中心", True),
        ("DeepSeekV2", True),
        ("Peking University", True),
        ("杭州1000公里之外", False),
        ("第六", False),
        ("前15名", False),
        ("杭州的相关主体还要早两个月成立", False),
        ("graduates of Peking University", False),
        ("2023", False),
    ],
)
def test_name_like(name: str, expected: bool) -> None:
    assert is_name_like(name) is expected


def test_search_rounds_widen_in_order() -> None:
    assert search_rounds(["a", "b", "c", "d", "e"], 2) == [["a", "b"], ["c", "d"]]
    assert search_rounds([], 3) == []


def test_article_language_wins() -> None:
    claim = Claim(id="c2", text="DeepSeek 成立于2023年")
    assert plan_queries(claim).language == "zh"
    assert plan_queries(claim, Article(id="a", language="en")).language == "en"
    assert plan_queries(claim, Article(id="a")).language == "zh"


def test_guess_properties() -> None:
    assert guess_properties(Claim(id="a", text="x", predicate="总部位于")) == ["P159", "P131"]
    assert guess_properties(Claim(id="b", text="Its population is 21 million")) == ["P1082"]
    assert guess_properties(Claim(id="c", text="x y z", kind="location")) == ["P159", "P131", "P17"]
    assert guess_properties(Claim(id="d", text="x y z")) == []


def test_the_attribute_of_a_figure_is_searched_with_its_qualifiers() -> None:
    # a page stating another figure for the same attribute must be found: the query names the
    # attribute with its qualifier (15-64岁), never the unit after the number (人) or 全市
    article = Article(id="a", title="亳州市", language="zh")
    plan = plan_queries(Claim(id="x-c001", text="15－64岁人口为3254761人"), article)
    assert plan.queries[0] == "亳州市 15-64岁人口"
    assert all(" 人 " not in f"{q} " for q in plan.queries)
    plan = plan_queries(Claim(id="x-c002", text="全市常住人口为4850657人，下降4.49%"), article)
    assert plan.queries[0] == "亳州市 常住人口"
    assert not any("全市" in q.split() for q in plan.queries)
    plan = plan_queries(Claim(id="x-c003", text="极端最低气温-20.6°C（1969年2月5日）"), article)
    assert plan.queries[0] == "亳州市 极端最低气温"


def test_a_predicate_before_a_figure_is_not_an_attribute() -> None:
    claim = Claim(
        id="x-c004", text="融科资讯中心周边聚集了67个国家重点实验室", subject="融科资讯中心"
    )
    assert "聚集" not in plan_queries(claim).queries[0]
