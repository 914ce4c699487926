"""Page extraction: trafilatura's fast path where it gives the full extraction's text, the full one
where it finds too little, and every extraction kept by content hash (a page is parsed once)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest
from _fakeapi import fixture_bytes

from factcheck.evidence import EvidenceArchive
from factcheck.fetchers import _html
from factcheck.fetchers._html import extract_html, parse_page, text_cache_of

FIXTURES = Path(__file__).parent / "fixtures"


def _saved_pages(shared_data: Path) -> dict[str, str]:
    """The saved pages of the tests and the real MediaWiki HTML extracts of the API fixtures."""
    pages = {
        "page_en.html": fixture_bytes("page_en.html").decode("utf-8"),
        "page_gbk.html": fixture_bytes("page_gbk.html").decode("gb18030"),
    }

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}/{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{where}/{i}")
        elif isinstance(value, str) and "<p" in value and len(value) > 200:
            pages[where] = (
                f"<!doctype html><html><head><title>t</title></head><body>{value}</body></html>"
            )

    for path in sorted((shared_data / "api-fixtures" / "mediawiki").rglob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), path.name)
    return pages


def test_fast_path_gives_the_full_extractions_text_on_saved_pages(shared_data: Path) -> None:
    pages = _saved_pages(shared_data)
    assert len(pages) >= 6  # two saved pages and the real Wikipedia extracts
    same = 0
    for name, html in pages.items():
        fast = extract_html(html, "https://example.org/page", fast=True)["text"]
        full = extract_html(html, "https://example.org/page", fast=False)["text"]
        similarity = difflib.SequenceMatcher(None, fast, full, autojunk=False).ratio()
        assert similarity >= 0.95, name
        same += fast == full
    assert same >= len(pages) - 1


def test_fast_path_finding_too_little_falls_back_to_the_full_extraction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bool] = []
    long_text = "The museum reopened in 2019 after a long renovation of its halls. " * 6

    def fake(html: str, url: str, *, fast: bool) -> dict[str, Any]:
        calls.append(fast)
        return {"text": "Menu" if fast else long_text, "title": "T"}

    monkeypatch.setattr(_html, "_trafilatura", fake)
    page = f"<html><body><nav>Menu</nav><div>{long_text}</div></body></html>"
    assert extract_html(page, "https://example.org/a")["text"] == long_text.strip()
    assert calls == [True, False]

    calls.clear()

    def enough(html: str, url: str, *, fast: bool) -> dict[str, Any]:
        calls.append(fast)
        return {"text": long_text, "title": "T"}

    monkeypatch.setattr(_html, "_trafilatura", enough)
    assert extract_html(page, "https://example.org/a")["text"] == long_text.strip()
    assert calls == [True]  # enough text: the slow path never runs


def test_fast_path_share_of_the_visible_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fast result long in itself but a sliver of a long page also takes the full path."""
    calls: list[bool] = []
    sliver = "x" * (_html.FAST_MIN_CHARS + 10)

    def fake(html: str, url: str, *, fast: bool) -> dict[str, Any]:
        calls.append(fast)
        return {"text": sliver}

    monkeypatch.setattr(_html, "_trafilatura", fake)
    page = (
        "<html><body><p>"
        + "word " * 5000
        + "</p><script>"
        + "s" * 99999
        + "</script></body></html>"
    )
    extract_html(page, "https://example.org/b")
    assert calls == [True, False]
    assert _html._visible_chars("<p>a b</p><script>var x = 1;</script><!-- c -->") == 2


def test_an_extraction_is_kept_by_content_hash_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = EvidenceArchive(tmp_path / "evidence")
    body = fixture_bytes("page_en.html")
    calls: list[str] = []
    real = _html.extract_html

    def counting(html: str, url: str, *, fast: bool = True) -> dict[str, Any]:
        calls.append(url)
        return real(html, url, fast=fast)

    monkeypatch.setattr(_html, "extract_html", counting)
    kwargs: dict[str, Any] = {"content_type": "text/html", "encoding": "utf-8"}
    (first,) = parse_page(body, "https://example.org/a", cache=archive, **kwargs)
    (again,) = parse_page(body, "https://example.org/a", cache=archive, **kwargs)
    assert calls == ["https://example.org/a"]
    assert again == first
    assert first.published is not None  # the date survives the JSON round trip

    # a new process (a new archive object on the same folder) reads it from disk
    (later,) = parse_page(
        body, "https://example.org/a", cache=EvidenceArchive(tmp_path / "evidence"), **kwargs
    )
    assert later == first
    assert len(calls) == 1
    # another URL or another body is another extraction
    parse_page(body, "https://example.org/b", cache=archive, **kwargs)
    parse_page(body + b"<!-- changed -->", "https://example.org/a", cache=archive, **kwargs)
    assert len(calls) == 3
    assert len(list((tmp_path / "evidence" / "text").glob("*/*.json"))) == 3


def test_a_torn_text_entry_is_extracted_again(tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path)
    key = "ab" * 32
    archive.put_text(key, {"text": "kept"})
    assert EvidenceArchive(tmp_path).get_text(key) == {"text": "kept"}
    path = tmp_path / "text" / "ab" / f"{key}.json"
    path.write_bytes(b'{"text": "ke')
    assert EvidenceArchive(tmp_path).get_text(key) is None
    assert archive.get_text("cd" * 32) is None


def test_text_cache_of_a_client() -> None:
    class Client:
        archive = EvidenceArchive(Path("unused"))

    assert text_cache_of(Client()) is Client.archive
    assert text_cache_of(object()) is None
