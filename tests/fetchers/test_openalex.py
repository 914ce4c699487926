"""OpenAlex fetcher: made-up works/authors/institutions answers (documented shape), loopback fetch."""

from __future__ import annotations

import pytest
from _fakeapi import fixture_bytes

from factcheck.errors import ContentError
from factcheck.fetchers.openalex import (
    parse_authors,
    parse_institutions,
    parse_works,
    rebuild_abstract,
    search_params,
)


def test_rebuild_abstract() -> None:
    assert rebuild_abstract({"b": [1, 3], "a": [0], "c": [2]}) == "a b c b"
    assert rebuild_abstract(None) == ""


def test_works() -> None:
    docs = parse_works(fixture_bytes("openalex_works.json"), "http://x/works")
    assert len(docs) == 1  # the second result has neither title nor abstract
    (doc,) = docs
    assert doc.url == "https://doi.org/10.0000/made-up.1"
    assert doc.published is not None
    assert doc.published.isoformat() == "2024-05-07"
    assert doc.structured["authors"] == ["Ada Example", "Bo Sample"]
    assert doc.structured["institutions"] == [
        "Peking University",
        "Beijing University of Posts and Telecommunications",
    ]
    assert "We describe multi-head latent attention. It compresses the cache." in doc.text
    assert "Example Journal" in doc.text


def test_institutions() -> None:
    (doc,) = parse_institutions(fixture_bytes("openalex_institutions.json"), "http://x/i")
    assert doc.title == "Peking University"
    assert doc.structured["names"]["zh"] == "北京大学"
    assert doc.structured["city"] == "Beijing"
    assert doc.structured["parents"] == ["Ministry of Education (Example)"]
    assert "中文名: 北京大学" in doc.text
    assert "also known as: PKU, Beijing University" in doc.text


def test_authors() -> None:
    (doc,) = parse_authors(fixture_bytes("openalex_authors.json"), "http://x/a")
    assert doc.structured["h_index"] == 9
    assert "affiliation: Peking University (2021–2024)" in doc.text


def test_bad_answers() -> None:
    with pytest.raises(ContentError, match="without 'results'"):
        parse_works(b'{"meta": {}}', "u")
    with pytest.raises(ContentError, match="OpenAlex error"):
        parse_works(b'{"error": "Invalid query", "message": "bad filter"}', "u")


def test_search_params_carry_mailto() -> None:
    assert search_params("x", 5, "me@example.org") == {
        "search": "x",
        "per-page": "5",
        "mailto": "me@example.org",
    }
