"""Source reliability: the shipped table, user tables, lookup rules, and its effect on verdicts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.errors import ConfigError
from factcheck.models import Claim, Document
from factcheck.verify.reliability import (
    ReliabilityTable,
    adjust_confidence,
    confidence_factor,
    load_reliability_table,
    parse_reliability_table,
    relative_weights,
)
from factcheck.verify.stance import load_default_model
from factcheck.verify.verifier import Verifier

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _doc(url: str, fetcher: str = "web", text: str = "x", doc_id: str | None = None) -> Document:
    return Document(
        id=doc_id or f"{fetcher}:{url}", url=url, text=text, fetcher=fetcher, retrieved_at=EPOCH
    )


def test_shipped_table_weights() -> None:
    table = load_reliability_table()
    assert table.default == 0.5
    rate = table.for_source
    assert rate("https://www.stats.gov.cn/sj/zxfb/", "web") == 0.95
    assert rate("https://www.beijing.gov.cn/x", "web") == 0.9  # *.gov.cn
    assert rate("https://www.census.gov/x", "web") == 0.9  # *.gov
    assert rate("https://www.wikidata.org/wiki/Q1", "wikidata") == 0.9
    assert rate("https://zh.wikipedia.org/wiki/x", "wikipedia") == 0.75
    assert rate("https://www.reuters.com/a", "web") == 0.7
    assert rate("https://weibo.com/123", "web") == 0.25
    assert rate("https://www.zhihu.com/question/1", "web") == 0.3
    assert rate("https://www.reddit.com/r/x", "searxng") == 0.25
    assert rate("https://someone.blogspot.com/p", "web") == 0.25
    assert rate("https://mp.weixin.qq.com/s/x", "web") == 0.35  # longest pattern beats qq.com
    assert rate("https://unknown.example/a", "web") == 0.5
    assert rate("file:///srv/docs/a.txt", "library") == 0.7  # no domain: the fetcher's weight
    assert rate("https://unknown.example/a", "averitec") == 0.5  # unknown fetcher: default
    # a Wayback Machine copy is rated as the page it copies
    assert rate("https://web.archive.org/web/2020/https://weibo.com/1", "web") == 0.25


def test_suffix_and_exact_rules() -> None:
    table = parse_reliability_table(
        'default = 0.4\n[domains]\n"*.gov" = 0.9\n"example.org" = 0.7\n"gov" = 0.1\n'
        "[fetchers]\nlibrary = 0.8\n"
    )
    assert table.for_host("data.gov") == 0.9
    assert table.for_host("gov") == 0.1  # "*.gov" never matches the bare suffix itself
    assert table.for_host("a.b.example.org") == 0.7
    assert table.for_host("notexample.org") is None
    assert table.for_source(None, "library") == 0.8
    assert table(_doc("https://x.invalid/", "library")) == 0.8
    assert table.report_hook("https://x.invalid/") == 0.4


def test_a_claimreview_is_rated_by_its_publisher() -> None:
    table = load_reliability_table()
    doc = _doc("https://some-blog.example/post", "web").model_copy(
        update={"structured": {"claimreview": {"url": "https://www.snopes.com/fact-check/x/"}}}
    )
    assert table(doc) == 0.8


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("default = 2", "default: 2 is not a number in 0..1"),
        ('[domains]\n"a.org" = "high"', "domains.a.org: 'high' is not a number"),
        ("[domains]\nx = true", "domains.x: True is not a number"),
        ("oops = 1", r"unknown key\(s\) oops"),
        ("domains = 3", r"\[domains\] must be a table"),
        ("[domains", "invalid TOML"),
    ],
)
def test_bad_tables_are_config_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_reliability_table(text, "my.toml")


def test_user_table_from_settings(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('default = 0.3\n[domains]\n"zhihu.com" = 0.9\n', encoding="utf-8")
    settings = Settings(verify={"reliability_table": path})
    table = load_reliability_table(settings.verify.reliability_table)
    assert table.for_source("https://www.zhihu.com/q", "web") == 0.9
    assert table.for_source("https://www.stats.gov.cn/", "web") == 0.3  # replaces, not merges
    with pytest.raises(ConfigError, match="cannot read"):
        load_reliability_table(tmp_path / "missing.toml")


def test_weights_and_confidence_rules() -> None:
    assert relative_weights([0.9, 0.45, 0.3]) == pytest.approx([1.0, 0.5, 1 / 3])
    assert relative_weights([0.0, 0.0]) == [1.0, 1.0]
    assert confidence_factor([]) == 1.0
    assert confidence_factor([0.25, 0.3]) == pytest.approx(0.8)
    assert confidence_factor([0.3, 0.95]) == 1.0
    assert confidence_factor([0.5]) == 1.0  # unrated sources are not penalized
    assert adjust_confidence(0.9, "supported", [0.25]) == pytest.approx(0.675)
    assert adjust_confidence(0.9, "not_enough_evidence", [0.25]) == 0.9


def test_claim_decided_only_by_low_reliability_sources_gets_lower_confidence() -> None:
    """Same text, same stance: from weibo/zhihu the verdict is less confident than from stats.gov.cn."""
    model = load_default_model()
    table = load_reliability_table()
    claim = Claim(id="c1", text="Beijing had 21.85 million permanent residents at the end of 2024")
    text = (
        "At the end of 2024, Beijing had 21.85 million permanent residents, according to the "
        "statistics bureau."
    )
    official = [_doc("https://www.stats.gov.cn/sj/2025/a", text=text, doc_id="web:o")]
    ugc = [
        _doc("https://weibo.com/1/a", text=text, doc_id="web:w"),
        _doc(
            "https://www.zhihu.com/question/1",
            text="According to the statistics bureau, Beijing had 21.85 million permanent "
            "residents at the end of 2024.",
            doc_id="web:z",
        ),
    ]
    verifier = Verifier(model, reliability=table)
    high = verifier.verify(claim, official)
    low = verifier.verify(claim, ugc)
    plain = Verifier(model).verify(claim, official)
    assert high.label == low.label == plain.label
    assert high.label != "not_enough_evidence"
    assert high.confidence == pytest.approx(plain.confidence)  # a trusted source: no cut
    assert low.confidence < high.confidence
    assert "the most reliable source has reliability 0.30" in low.rationale
    assert isinstance(table, ReliabilityTable)
