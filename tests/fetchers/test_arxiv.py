"""arXiv fetcher: every real recorded Atom answer, hostile XML, query building, loopback fetch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _fakeapi import fixture_bytes

from factcheck.errors import ContentError
from factcheck.fetchers.arxiv import (
    ArxivFetcher,
    arxiv_ids_in,
    parse_feed,
    search_query_for,
    total_results,
)
from factcheck.fetchers.planner import plan_queries
from factcheck.http import HttpClient
from factcheck.models import Claim

Recorded = Callable[[Path, str], tuple[bytes, str, int]]

# file -> arXiv ids of the entries (measured on the recorded answers); "error" = API error entry
EXPECTED: dict[str, Any] = {
    "id_0000.0000_s0_m100_8b51d9633a68.json": [],
    "id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.json": ["1707.08567v1"],
    "id_0808.05394_s0_m100_7b0c7d0a7cdd.json": [],
    "id_1605.08386_s0_m100_199195aa31ad.json": ["1605.08386v1"],
    "id_1707.08567_s0_m100_6a1afebfc6a3.json": ["1707.08567v1"],
    "id_2104.12255v1_s0_m100_6ae69987ffe1.json": ["2104.12255v1"],
    "id_abc_s0_m100_b79c8dcf6bc3.json": "error",
    "id_astro-ph_0601001_s0_m100_3150dca9dc76.json": ["astro-ph/0601001v1"],
    "id_quant-ph_0201082v1_s0_m100_86989fe779ef.json": ["quant-ph/0201082v1"],
    "q_testing_s0_m100_cfe7536492ca.json": 100,
    "q_testing_s0_m10_bc5a6c384fe9.json": 10,
    "q_testing_s0_m15_80c242b59d59.json": 15,
    "q_testing_s10_m10_34e56e15aaac.json": 10,
    "q_testing_s20_m10_348a237fecab.json": 10,
    "q_testing_s30_m10_f2e39f0143dc.json": 10,
    "q_testing_s40_m10_96dd32eb854c.json": 10,
    "q_testing_s50_m10_7f488ab8598c.json": 10,
    "q_testing_s5_m10_c0e94a259d4a.json": 10,
    "q_testing_s5_m15_bbcf6b23085b.json": 15,
    "q_testing_s9_m15_0b78d4b4d476.json": 15,
}


def test_every_recorded_arxiv_answer_parses(api_fixtures: Path, recorded: Recorded) -> None:
    folder = api_fixtures / "arxiv"
    files = sorted(p.name for p in folder.rglob("*.json"))
    assert files == sorted(EXPECTED), "a recorded arXiv file has no expectation here"
    for path in sorted(folder.rglob("*.json")):
        body, url, status = recorded(path, "")
        expected = EXPECTED[path.name]
        if expected == "error":
            assert status == 400
            with pytest.raises(ContentError, match="incorrect id format for abc"):
                parse_feed(body, url)
            continue
        docs = parse_feed(body, url)
        if isinstance(expected, int):
            assert len(docs) == expected, path.name
            assert total_results(body, url) == 214881
        else:
            assert [d.structured["arxiv_id"] for d in docs] == expected, path.name
        for doc in docs:
            assert doc.fetcher == "arxiv"
            assert doc.url.startswith("https://arxiv.org/abs/")
            assert doc.published is not None
            assert doc.structured["authors"]
            assert "  " not in doc.text


def test_recorded_entry_details(api_fixtures: Path, recorded: Recorded) -> None:
    body, url, _ = recorded(
        api_fixtures / "arxiv/arxiv.py/id_1605.08386_s0_m100_199195aa31ad.json", ""
    )
    (doc,) = parse_feed(body, url)
    assert doc.title == "Heat-bath random walks with Markov bases"
    assert doc.published is not None
    assert doc.published.isoformat() == "2016-05-26"
    assert doc.structured["authors"] == ["Caprice Stanley", "Tobias Windisch"]
    assert doc.structured["categories"] == ["math.CO", "math.ST"]
    assert doc.structured["comment"] == "20 pages, 3 figures"
    assert doc.text.startswith(
        "Heat-bath random walks with Markov bases\n\nGraphs on lattice points"
    )


def test_recorded_non_ascii_survives(api_fixtures: Path, recorded: Recorded) -> None:
    body, url, _ = recorded(
        api_fixtures / "arxiv/arxiv.py/id_1707.08567_s0_m100_6a1afebfc6a3.json", ""
    )
    (doc,) = parse_feed(body, url)
    assert "ü" in doc.text + " ".join(doc.structured["authors"])


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&a;</title></feed>',
        b'<?xml version="1.0"?><!DOCTYPE feed SYSTEM "http://example.invalid/x.dtd">'
        b'<feed xmlns="http://www.w3.org/2005/Atom"/>',
    ],
)
def test_dtd_and_entities_are_refused(xml: bytes) -> None:
    with pytest.raises(ContentError, match="refused XML construct"):
        parse_feed(xml, "http://x/api/query")


def test_broken_or_foreign_xml() -> None:
    with pytest.raises(ContentError, match="invalid Atom XML"):
        parse_feed(b"<feed", "u")
    with pytest.raises(ContentError, match="not an Atom feed"):
        parse_feed(b"<rss/>", "u")


def test_made_up_feed() -> None:
    (doc,) = parse_feed(fixture_bytes("arxiv_feed.xml"), "http://x/api/query", query="q")
    assert doc.title == "An Illustrative Paper on Multi-head Latent Attention"
    assert doc.url == "http://arxiv.org/abs/9999.00001v2"
    assert doc.structured["doi"] == "10.0000/made-up.1"
    assert doc.structured["primary_category"] == "cs.CL"
    assert doc.query == "q"


def test_query_building() -> None:
    assert search_query_for("the Multi-head Latent Attention of DeepSeek") == (
        "all:Multi-head AND all:Latent AND all:Attention AND all:DeepSeek"
    )
    assert search_query_for("北京深度求索公司成立") is None
    assert arxiv_ids_in(["see arXiv:2405.04434v2 and astro-ph/0601001", "1.2345"]) == [
        "2405.04434v2",
        "astro-ph/0601001",
    ]


def test_chinese_claim_sends_nothing(zh_claim: Claim) -> None:
    fetcher = ArxivFetcher(HttpClient.__new__(HttpClient), base_url="http://x")
    assert fetcher.requests(zh_claim, plan_queries(zh_claim)) == []
