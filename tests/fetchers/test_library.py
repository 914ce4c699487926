"""Library fetcher: BM25 over a local folder, rebuilt when files change; off until configured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _loopback import run

from factcheck.config import Settings
from factcheck.errors import NotConfigured
from factcheck.fetchers.library import LibraryFetcher, LibraryIndex, markdown_to_text, tokenize
from factcheck.fetchers.planner import plan_queries
from factcheck.http import HttpClient
from factcheck.models import Claim


def _library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    (folder / "sub").mkdir(parents=True)
    (folder / "zgc.md").write_text(
        "# 中关村简史\n\n1980年10月23日，**陈春先**在中关村创办了[服务部](http://x)。\n", "utf-8"
    )
    (folder / "sub" / "pku.html").write_text(
        "<html><head><title>Peking University</title></head><body><p>Peking University is a "
        "public university in Beijing, founded in 1898.</p></body></html>",
        "utf-8",
    )
    (folder / "gbk.txt").write_bytes(
        "海淀区人工智能学者数量约为一万五千人，这是一段编码测试文本。".encode("gbk")
    )
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    return folder


def test_tokenize() -> None:
    assert tokenize("Peking University 1898") == ["peking", "university", "1898"]
    assert tokenize("陈春先在") == ["陈春", "春先", "先在"]
    assert tokenize("A 中 b") == ["a", "b", "中"]


def test_markdown_to_text() -> None:
    assert (
        markdown_to_text("# T\n\n- **bold** [link](http://x)\n> quote") == "T\n\nbold link\nquote"
    )


def test_index_search_ranks_and_ignores_other_files(tmp_path: Path) -> None:
    index = LibraryIndex.build(_library(tmp_path))
    assert sorted(e.path.name for e in index.entries) == ["gbk.txt", "pku.html", "zgc.md"]
    (best, *_rest) = index.search("陈春先 中关村", 5)
    assert best[1].path.name == "zgc.md"
    assert [e.path.name for _, e in index.search("Peking University founded", 5)] == ["pku.html"]
    assert [e.path.name for _, e in index.search("人工智能学者", 5)] == ["gbk.txt"]
    assert index.search("nothing matches this", 5) == []


def test_off_until_path_is_set(tmp_path: Path) -> None:
    settings = Settings()
    with pytest.raises(NotConfigured, match=r"library: set fetchers\.library\.path"):
        LibraryFetcher.from_settings(settings, HttpClient(settings))
    settings = Settings(fetchers={"library": {"path": tmp_path / "nope"}})
    with pytest.raises(NotConfigured, match="is not a folder"):
        LibraryFetcher.from_settings(settings, HttpClient(settings))


def test_fetch_and_rebuild_on_change(tmp_path: Path, zh_claim: Claim) -> None:
    folder = _library(tmp_path)
    settings = Settings(fetchers={"library": {"path": folder}})
    fetcher = LibraryFetcher.from_settings(settings, HttpClient(settings))
    plan = plan_queries(zh_claim)
    docs = run(fetcher.fetch(zh_claim, plan))
    assert [d.title for d in docs] == ["中关村简史"]
    doc = docs[0]
    assert doc.url == (folder / "zgc.md").as_uri()
    assert doc.fetcher == "library"
    assert doc.language == "zh"
    assert "陈春先在中关村创办了服务部" in doc.text
    first_index = fetcher.index()
    assert fetcher.index() is first_index  # unchanged folder: no rebuild
    new = folder / "new.txt"
    new.write_text("中国科学院物理研究所 陈春先 物理研究所 物理研究所", "utf-8")
    os.utime(new, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert fetcher.index() is not first_index
    titles = {d.title for d in run(fetcher.fetch(zh_claim, plan))}
    assert titles == {"中关村简史", "new"}
    again = run(fetcher.fetch(zh_claim, plan))
    assert [d.id for d in again] == [d.id for d in run(fetcher.fetch(zh_claim, plan))]


def test_accidental_bigram_matches_are_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "strong.txt").write_text("陈春先在中关村创办了服务部。陈春先是物理学家。", "utf-8")
    (folder / "weak.txt").write_text("这篇文章讲的是中关的天气和别的事情，与人物无关。", "utf-8")
    index = LibraryIndex.build(folder)
    assert [e.path.name for _, e in index.search("陈春先在中关村创办服务部", 5)] == ["strong.txt"]
    # on its own, the shared bigram finds both files
    assert sorted(e.path.name for _, e in index.search("中关", 5)) == ["strong.txt", "weak.txt"]
