"""Library fetcher: BM25 over a local folder, persisted, rebuilt when files change; off until configured."""

from __future__ import annotations

import json
import math
import os
import random
from collections import Counter
from pathlib import Path

import pytest
from _loopback import run

from factcheck.config import Settings
from factcheck.errors import NotConfigured
from factcheck.fetchers import library
from factcheck.fetchers.library import (
    INDEX_DIRNAME,
    LibraryFetcher,
    LibraryIndex,
    folder_signature,
    markdown_to_text,
    tokenize,
)
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


def test_off_when_path_is_no_folder(tmp_path: Path) -> None:
    settings = Settings(fetchers={"library": {"path": tmp_path / "nope"}})
    with pytest.raises(NotConfigured, match="is not a folder"):
        LibraryFetcher.from_settings(settings, HttpClient(settings))


def test_fetch_and_rebuild_on_change(tmp_path: Path, zh_claim: Claim) -> None:
    folder = _library(tmp_path)
    settings = Settings(fetchers={"library": {"path": folder}})
    fetcher = LibraryFetcher.from_settings(settings, HttpClient(settings))
    fetcher.recheck_seconds = 0  # list the folder on every call (default: at most once a second)
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


def _reference_search(folder: Path, query: str, limit: int) -> list[tuple[float, str]]:
    """The BM25 of the library fetcher before the inverted index: a loop over files and terms."""
    docs = []
    for rel, _m, _s in folder_signature(folder):
        text, title, _sha = library.read_library_file(folder / rel)
        if text:
            tokens = tokenize(f"{title or ''}\n{text}")
            docs.append((rel, Counter(tokens), len(tokens)))
    n = len(docs)
    df: Counter[str] = Counter()
    for _rel, counts, _len in docs:
        df.update(counts.keys())
    avg = sum(length for _r, _c, length in docs) / n
    scored = []
    for rel, counts, length in docs:
        score = 0.0
        for term in dict.fromkeys(tokenize(query)):
            tf = counts.get(term, 0)
            if tf:
                idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                score += idf * tf * 2.5 / (tf + 1.5 * (0.25 + 0.75 * length / avg))
        if score > 0:
            scored.append((score, rel))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    if scored:
        scored = [pair for pair in scored if pair[0] >= scored[0][0] * 0.2]
    return scored[:limit]


def _random_library(folder: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(60)] + ["中关村", "人工智能", "北京", "学者"]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(3, 80)))
        (folder / f"d{i:03d}.txt").write_text(body, "utf-8")
    return [" ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(40)]


def test_same_results_as_the_loop_it_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    queries = _random_library(folder, 120, seed=7)
    index = LibraryIndex.build(folder)
    for query in queries:
        ours = [(score, hit.path.name) for score, hit in index.search(query, 10)]
        expected = _reference_search(folder, query, 10)
        assert [name for _, name in ours] == [rel for _, rel in expected], query
        assert [s for s, _ in ours] == pytest.approx([s for s, _ in expected], rel=1e-5)


def test_index_is_persisted_and_loaded_without_reading_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    queries = _random_library(folder, 50, seed=3)
    first = LibraryFetcher(folder)
    built = first.index()
    assert (folder / INDEX_DIRNAME / "index.json").is_file()
    before = {q: [(s, h.path, h.text, h.sha256) for s, h in built.search(q, 5)] for q in queries}

    def no_reads(path: Path) -> tuple[str, str | None, str]:
        raise AssertionError(f"read {path} although the folder is unchanged")

    monkeypatch.setattr(library, "read_library_file", no_reads)
    second = LibraryFetcher(folder)  # a new process finds the persisted index
    loaded = second.index()
    assert loaded is not built
    assert loaded.fingerprint == built.fingerprint
    assert folder_signature(folder) == loaded.signature  # the index folder is not a library file
    after = {q: [(s, h.path, h.text, h.sha256) for s, h in loaded.search(q, 5)] for q in queries}
    assert after == before


def test_persisted_index_is_rebuilt_when_files_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    queries = _random_library(folder, 30, seed=5)
    LibraryFetcher(folder).index()
    (folder / "d003.txt").write_text("中关村 中关村 学者 brand new words", "utf-8")
    os.utime(folder / "d003.txt", ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    (folder / "d004.txt").unlink()
    (folder / "extra.md").write_text("# Extra\n\nw1 w2 w3 中关村", "utf-8")
    reads: list[str] = []
    real_read = library.read_library_file

    def counting_read(path: Path) -> tuple[str, str | None, str]:
        reads.append(path.name)
        return real_read(path)

    monkeypatch.setattr(library, "read_library_file", counting_read)
    index = LibraryFetcher(folder).index()
    assert sorted(reads) == ["d003.txt", "extra.md"]  # unchanged files keep their stored text
    names = {e.path.name for e in index.entries}
    assert "d004.txt" not in names
    assert {"d003.txt", "extra.md"} <= names
    assert index.search("brand new words", 5)[0][1].path.name == "d003.txt"
    fresh = LibraryIndex.build(folder)
    for query in [*queries, "中关村 学者"]:
        assert [(s, h.path, h.text) for s, h in index.search(query, 5)] == [
            (s, h.path, h.text) for s, h in fresh.search(query, 5)
        ]
    manifest = json.loads((folder / INDEX_DIRNAME / "index.json").read_text("utf-8"))
    assert manifest["fingerprint"] == index.fingerprint
    stored = sorted(p.name for p in (folder / INDEX_DIRNAME).iterdir())
    assert len(stored) == 3, stored  # the manifest and one version's arrays and texts


def test_damaged_or_unwritable_index_is_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    queries = _random_library(folder, 20, seed=9)
    expected = [(s, h.path) for s, h in LibraryIndex.build(folder).search(queries[0], 5)]
    LibraryFetcher(folder).index()
    (folder / INDEX_DIRNAME / "index.json").write_text("{not json", "utf-8")
    index = LibraryFetcher(folder).index()  # rebuilt and saved again
    assert [(s, h.path) for s, h in index.search(queries[0], 5)] == expected
    assert json.loads((folder / INDEX_DIRNAME / "index.json").read_text("utf-8"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    memory_only = LibraryFetcher(folder, index_dir=blocker / "index")
    index = memory_only.index()  # cannot be written: kept in memory
    assert [(s, h.path) for s, h in index.search(queries[0], 5)] == expected


def test_index_dir_setting(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    _random_library(folder, 5, seed=1)
    elsewhere = tmp_path / "cache" / "lib-index"
    settings = Settings(fetchers={"library": {"path": folder, "index_dir": elsewhere}})
    fetcher = LibraryFetcher.from_settings(settings, HttpClient(settings))
    fetcher.index()
    assert (elsewhere / "index.json").is_file()
    assert not (folder / INDEX_DIRNAME).exists()
