"""The query planner: language, names, queries, URLs and Wikidata properties from a claim."""

from __future__ import annotations

from factcheck.fetchers.planner import guess_properties, plan_queries
from factcheck.models import Article, Claim, Entity


def test_chinese_claim_plan(zh_claim: Claim) -> None:
    plan = plan_queries(zh_claim)
    assert plan.claim_id == "seed-c001"
    assert plan.language == "zh"
    assert plan.entities == ["中国首个民营科技企业", "陈春先", "中国科学院物理研究所"]
    assert plan.queries == [zh_claim.text]
    assert plan.properties == ["P571"]  # 成立于 → inception
    assert plan.urls == []


def test_hints_first_then_subject_object_then_text() -> None:
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
    assert plan.queries == [
        "Raycom InfoTech Park address",
        "Raycom InfoTech Park Kexueyuan South Road",
        claim.text,
    ]
    assert plan.entities == ["Raycom InfoTech Park", "Kexueyuan South Road"]
    assert plan.urls == ["https://example.org/a", "https://example.org/b"]
    assert plan.wikidata_ids == ["Q123"]
    assert plan.properties == ["P131"]


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
