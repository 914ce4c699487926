"""Wikipedia fetcher: parsers against real recorded MediaWiki answers and made-up ones; fetch via loopback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from _fakeapi import fixture_json

from factcheck.config import Settings
from factcheck.errors import ContentError
from factcheck.fetchers.planner import plan_queries
from factcheck.fetchers.wikipedia import (
    WikipediaFetcher,
    api_url_for,
    extract_params,
    parse_pages,
    parse_rest_summary,
    parse_search,
    search_params,
    wikitext_to_text,
)
from factcheck.http import HttpClient
from factcheck.models import Claim

Recorded = Callable[[Path, str], tuple[bytes, str, int]]
API = "https://en.wikipedia.org/w/api.php"

# file -> (documents from parse_pages, titles from parse_search); measured on the recorded files
EXPECTED = {
    "wikipedia-client/Edsger_Dijkstra.json": (["Edsger W. Dijkstra"], []),
    "wikipedia-client/Edsger_Dijkstra_section_0.json": (["Edsger W. Dijkstra"], []),
    "wikipedia-client/File_Edsger_Wybe_Dijkstra_jpg.json": ([], []),
    "wikipedia-client/Innopolis.json": (["Innopolis"], []),
    "wikipedia-client/Sealand_Dynasty.json": (["Sealand Dynasty"], []),
    "wptools/category.json": ([], 68),
    "wptools/disambiguation.json": (["Douglas Adams (disambiguation)"], ["Morchella arbutiphila"]),
    "wptools/query.json": (["Douglas Adams"], ["Aidenbachstraße (Munich U-Bahn)"]),
    "wptools/querymore.json": ([], []),
    "wptools/random_query.json": ([], ["RANDOM TEST TITLE"]),
    "wptools/redirect.json": (["Douglas Adams"], ["Barbara Loden"]),
    "wptools/siteinfo.json": ([], []),
}


def test_every_recorded_mediawiki_answer_parses(api_fixtures: Path, recorded: Recorded) -> None:
    folder = api_fixtures / "mediawiki"
    files = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.json")
        if "rest_summary" not in p.name
    )
    assert files == sorted(EXPECTED), "a recorded MediaWiki file has no expectation here"
    for rel in files:
        body, url, _ = recorded(folder / rel, API)
        docs = parse_pages(body, url, language="en")
        hits = parse_search(body, url)
        titles, expected_hits = EXPECTED[rel]
        assert [d.title for d in docs] == titles, rel
        if isinstance(expected_hits, int):
            assert len(hits) == expected_hits, rel
        else:
            assert [h.title for h in hits] == expected_hits, rel
        for doc in docs:
            assert doc.fetcher == "wikipedia"
            assert doc.id.startswith("wikipedia:")
            assert len(doc.id) == len("wikipedia:") + 16
            assert doc.text
            assert "<p>" not in doc.text
            assert "{{" not in doc.text
            assert doc.url.startswith(
                ("http://en.wikipedia.org/wiki/", "https://en.wikipedia.org/wiki/")
            )


def test_recorded_html_extract_becomes_plain_text(api_fixtures: Path, recorded: Recorded) -> None:
    body, url, _ = recorded(api_fixtures / "mediawiki/wptools/query.json", API)
    (doc,) = parse_pages(body, url)
    assert doc.text.startswith(
        "Douglas Noel Adams (11 March 1952 – 11 May 2001) was an English author"
    )
    assert doc.language == "en"
    assert doc.structured["pageid"] == 8091


def test_recorded_wikitext_revision_is_cleaned(api_fixtures: Path, recorded: Recorded) -> None:
    body, url, _ = recorded(
        api_fixtures / "mediawiki/wikipedia-client/Edsger_Dijkstra_section_0.json", API
    )
    (doc,) = parse_pages(body, url)
    assert doc.text.startswith("Edsger Wybe Dijkstra (May 11, 1930")
    assert "[[" not in doc.text
    assert "''" not in doc.text
    assert doc.url == "https://en.wikipedia.org/wiki/Edsger_W._Dijkstra"


def test_recorded_rest_summary(api_fixtures: Path, recorded: Recorded) -> None:
    body, url, _ = recorded(api_fixtures / "mediawiki/wptools/rest_summary.json", API)
    (doc,) = parse_rest_summary(body, url)
    assert doc.title == "Douglas Adams"
    assert doc.language == "en"
    assert doc.url == "https://en.wikipedia.org/wiki/Douglas_Adams"
    assert doc.structured["description"] == "English writer and humorist"


def test_made_up_search_and_pages_parse() -> None:
    search = fixture_json("mediawiki_search.json")["by_term"]["中国科学院物理研究所"]
    hits = parse_search(json.dumps(search), "http://x/zh/w/api.php")
    assert [h.title for h in hits] == ["中国科学院物理研究所", "陈春先"]
    assert hits[0].snippet == "中国科学院物理研究所位于北京"
    page = fixture_json("mediawiki_pages.json")["by_title"]["陈春先"]
    (doc,) = parse_pages(json.dumps(page), "http://x/zh/w/api.php", language="zh")
    assert doc.url == "http://x/wiki/%E9%99%88%E6%98%A5%E5%85%88"
    assert "1980年10月23日" in doc.text
    assert doc.language == "zh"


def test_api_error_and_garbage_raise_content_error() -> None:
    with pytest.raises(ContentError, match="badvalue"):
        parse_pages(b'{"error": {"code": "badvalue", "info": "x"}}', API)
    with pytest.raises(ContentError, match="invalid JSON"):
        parse_search(b"<html>", API)
    with pytest.raises(ContentError, match="expected a JSON object"):
        parse_pages(b"[1, 2]", API)


def test_wikitext_to_text() -> None:
    text = wikitext_to_text(
        "{{Infobox|a={{b}}}}'''Foo''' is a [[bar|Bar]] in [[Baz]].<ref>x</ref>\n== History ==\n"
        "[[File:X.jpg|thumb|cap [[link]]]]Founded [https://e.org 1980]."
    )
    assert text == "Foo is a Bar in Baz.\nHistory\nFounded 1980."


def test_language_picks_the_wiki() -> None:
    template = "https://{lang}.wikipedia.org/w/api.php"
    assert api_url_for(template, "zh") == "https://zh.wikipedia.org/w/api.php"
    assert api_url_for(template, "en") == "https://en.wikipedia.org/w/api.php"
    assert api_url_for(template, "../evil") == "https://en.wikipedia.org/w/api.php"


def test_chinese_variant_is_requested_for_chinese_claims(zh_claim: Claim, en_claim: Claim) -> None:
    settings = Settings()
    fetcher = WikipediaFetcher.from_settings(settings, HttpClient(settings))
    assert fetcher.variant(plan_queries(zh_claim)) == "zh-cn"
    assert fetcher.variant(plan_queries(en_claim)) is None
    assert search_params("x", 3, "zh-cn")["variant"] == "zh-cn"
    assert "variant" not in search_params("x", 3)
    assert extract_params("T", "zh-cn")["converttitles"] == "1"
    off = Settings(fetchers={"wikipedia": {"zh_variant": ""}})
    assert (
        WikipediaFetcher.from_settings(off, HttpClient(off)).variant(plan_queries(zh_claim)) is None
    )
