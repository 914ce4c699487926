"""Acceptance: `factcheck fetch <seed claim>` against a loopback server archives what it fetched;
the same command with `--offline` returns identical documents without opening a socket."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi

from factcheck.cli import main
from factcheck.evidence import EvidenceArchive

CLAIM_FILE = """\
article:
  id: seed
  title: 中关村的故事
  published: 2025-03-15
  language: zh
claims:
  - id: seed-c001
    text: 中国首个民营科技企业于1980年10月23日在中国科学院物理所成立，创立者是陈春先
    kind: date
    subject: 中国首个民营科技企业
    predicate: 成立于
    dates: [{{value: 1980-10-23, precision: day, raw: 1980年10月23日}}]
    entities:
      - {{text: 陈春先, type: person}}
      - {{text: 中国科学院物理研究所, type: org}}
    sources: ['{source}']
"""


def _setup(fake_api: FakeApi, tmp_path: Path) -> None:
    (tmp_path / "factcheck.toml").write_text(fake_api.toml(tmp_path), encoding="utf-8")
    claims = tmp_path / "claims"
    claims.mkdir()
    source = fake_api.server.url_for("/news/1.html")
    (claims / "seed.yaml").write_text(CLAIM_FILE.format(source=source), encoding="utf-8")
    (tmp_path / "library" / "notes.md").write_text(
        "# 笔记\n\n陈春先于1980年在中关村创办服务部。\n", encoding="utf-8"
    )


def _fetch_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    code = main(["fetch", "seed-c001", "--json", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_fetch_online_then_offline_identical(
    fake_api: FakeApi,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _setup(fake_api, tmp_path)
    online = _fetch_json(capsys)
    assert online["errors"] == []
    assert online["plan"]["language"] == "zh"
    by_fetcher: dict[str, int] = {}
    for doc in online["documents"]:
        by_fetcher[doc["fetcher"]] = by_fetcher.get(doc["fetcher"], 0) + 1
    # arxiv sends nothing for a Chinese-only claim; every other fetcher found something
    assert by_fetcher == {
        "wikipedia": 2,
        "wikidata": 2,
        "openalex": 3,
        "web": 1,
        "searxng": 1,
        "library": 1,
    }
    api_requests = fake_api.total_hits - fake_api.hits.get("/robots.txt", 0)
    assert online["http"]["requests"] >= api_requests > 0

    archive = EvidenceArchive(tmp_path / "evidence")
    records = archive.documents_for_claim("seed-c001")
    archived_urls = {r.url for r in records}
    for doc in online["documents"]:
        if doc["fetcher"] != "library":
            assert doc["content_sha256"] is not None
            assert archive.body_path(doc["content_sha256"]).is_file()
    assert any(u.endswith("/news/1.html") for u in archived_urls)

    hits_before = fake_api.total_hits
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def no_connect(self: socket.socket, address: object) -> object:
        attempts.append(address)
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", no_connect)
    offline = _fetch_json(capsys, "--offline")
    assert attempts == []
    assert fake_api.total_hits == hits_before
    assert offline["errors"] == []
    assert offline["documents"] == online["documents"]
    assert offline["http"]["archive_hits"] > 0


def test_fetch_table_and_bad_input(
    fake_api: FakeApi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(fake_api, tmp_path)
    assert main(["fetch", "seed-c001", "--fetcher", "wikipedia"]) == 0
    out, err = capsys.readouterr()
    assert "documents for seed-c001" in out
    assert "陈春先" in out
    assert "2 document(s), 0 error(s)" in err
    assert main(["fetch", "no-such-claim"]) == 2
    assert "claim 'no-such-claim' not found" in capsys.readouterr().err
    assert main(["fetch"]) == 2
    assert "give either a CLAIM_ID or --text" in capsys.readouterr().err


def test_unconfigured_fetcher_exits_2_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fetch", "--text", "anything", "--fetcher", "searxng"]) == 2
    assert capsys.readouterr().err.strip() == "error: searxng: set fetchers.searxng.base_url"
    assert main(["fetch", "--text", "anything", "--fetcher", "nope"]) == 2
    assert "unknown fetcher 'nope'" in capsys.readouterr().err


def test_offline_miss_is_an_error_not_a_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "fetch",
            "--text",
            "DeepSeek 成立于2023年",
            "--fetcher",
            "wikipedia",
            "--offline",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 4, "every request failed: exit 4, as a run with unchecked claims"
    assert data["documents"] == []
    kinds = [e["kind"] for e in data["errors"]]
    assert kinds  # one per search sent; no second round
    assert set(kinds) == {"offline_miss"}
    assert data["errors"][0]["url"].startswith("https://zh.wikipedia.org/w/api.php?")


def test_fetch_explain_lists_every_search_with_its_hits(
    fake_api: FakeApi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(fake_api, tmp_path)
    data = _fetch_json(capsys, "--fetcher", "wikipedia", "--fetcher", "wikidata")
    searches = data["searches"]
    assert {s["fetcher"] for s in searches} == {"wikipedia", "wikidata"}
    # the names are sent first; 陈春先 is found by both (made-up fixtures)
    hits = {(s["fetcher"], s["query"]): s["hits"] for s in searches}
    assert hits[("wikipedia", "陈春先")] > 0
    assert hits[("wikidata", "陈春先")] > 0
    assert all(s["round"] == 1 for s in searches)  # something was found: no widening
    capsys.readouterr()
    assert main(["fetch", "seed-c001", "--explain", "--fetcher", "wikipedia"]) == 0
    out = capsys.readouterr().out
    assert "searches sent" in out
    assert "陈春先" in out
    assert "with no hit" in out
