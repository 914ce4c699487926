"""Library fetcher search speed against bm25s on the same documents (prints JSON).

    .venv/bin/python bench/library.py [--queries N] [--rounds N] [--corpus PATH] [--claims PATH]

Writes every SciFact abstract of ``../shared/data/scifact/corpus.jsonl`` (5,183 of them) as a ``.txt``
file into a temporary folder, builds the library index over it, and indexes the very same token lists
(``read_library_file`` + ``tokenize`` of title and text, as the index does) with ``bm25s`` (method
``lucene``, k1 1.5, b 0.75: the same idf and length normalisation). Queries are the first ``--queries``
SciFact dev claims. Each round times every query through ``LibraryIndex.search(query, 10)`` and through
tokenize + ``bm25s.BM25.retrieve(k=10)``, interleaved; the best round of each side gives the per-query
time, and ``bm25s_ratio`` is ours / bm25s.

``top10_agreement`` is the share of queries whose kept top 10 is the same set as bm25s's top 10 after the
same relative-score floor (a fifth of the best score); documents tied on score at the cut may swap.
``top10_same_order`` counts identical ranked lists. ``build_s`` is the first index of the folder,
``load_s`` the index read back from its persisted copy by a new fetcher (no file read or tokenized;
includes one listing of the folder), ``fingerprint_ms`` one listing of the folder's files (path,
mtime, size) to see whether they changed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bm25s  # noqa: E402

from factcheck.fetchers.library import (  # noqa: E402
    LibraryFetcher,
    LibraryIndex,
    folder_signature,
    read_library_file,
    tokenize,
)

SHARED = ROOT.parent / "shared" / "data"
K = 10
MIN_RELATIVE_SCORE = 0.2


def _write_corpus(corpus: Path, folder: Path) -> int:
    n = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            body = " ".join(row["abstract"])
            (folder / f"{row['doc_id']}.txt").write_text(f"{row['title']}\n\n{body}\n", "utf-8")
            n += 1
    return n


def _queries(claims: Path, n: int) -> list[str]:
    out = []
    with claims.open(encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line)["claim"])
            if len(out) == n:
                break
    return out


def _bm25s(folder: Path) -> tuple[bm25s.BM25, list[str]]:
    names, corpus = [], []
    for rel, _mtime, _size in folder_signature(folder):
        text, title, _sha = read_library_file(folder / rel)
        names.append(rel)
        corpus.append(tokenize(f"{title or ''}\n{text}"))
    retriever = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
    retriever.index(corpus, show_progress=False)
    return retriever, names


def _bm25s_search(retriever: bm25s.BM25, query: str) -> tuple[Any, Any]:
    terms = [t for t in dict.fromkeys(tokenize(query)) if t in retriever.vocab_dict]
    if not terms:
        return [], []
    docs, scores = retriever.retrieve([terms], k=K, show_progress=False, n_threads=0)
    return docs[0], scores[0]


def _agree(
    ours: list[tuple[float, str]], ids: Any, scores: Any, names: list[str]
) -> tuple[bool, bool]:
    theirs = [(float(s), names[int(i)]) for i, s in zip(ids, scores, strict=True) if s > 0]
    if theirs:
        floor = theirs[0][0] * MIN_RELATIVE_SCORE
        theirs = [pair for pair in theirs if pair[0] >= floor]
    same_order = [n for _, n in ours] == [n for _, n in theirs]
    if same_order or {n for _, n in ours} == {n for _, n in theirs}:
        return True, same_order
    # documents tied on score at the cut may come out either way: compare the score profiles
    if len(ours) != len(theirs) or not ours:
        return False, False
    scale = ours[0][0] / theirs[0][0]
    tied = all(
        abs(a - b * scale) <= 1e-4 * ours[0][0] for (a, _), (b, _) in zip(ours, theirs, strict=True)
    )
    return tied, False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "scifact" / "corpus.jsonl")
    parser.add_argument("--claims", type=Path, default=SHARED / "scifact" / "claims_dev.jsonl")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="factcheck-library-bench-") as tmp:
        folder = Path(tmp) / "library"
        folder.mkdir()
        n_docs = _write_corpus(args.corpus, folder)
        queries = _queries(args.claims, args.queries)

        t = time.perf_counter()
        LibraryFetcher(folder).index()  # built and persisted
        build_s = time.perf_counter() - t
        t = time.perf_counter()
        index = LibraryFetcher(folder).index()  # the persisted copy, as a new process finds it
        load_s = time.perf_counter() - t
        assert isinstance(index, LibraryIndex)
        t = time.perf_counter()
        for _ in range(5):
            folder_signature(folder)
        fingerprint_ms = (time.perf_counter() - t) / 5 * 1000
        retriever, names = _bm25s(folder)

        agree = same = 0
        for query in queries:
            ours = [(score, e.path.name) for score, e in index.search(query, K)]
            ids, scores = _bm25s_search(retriever, query)
            a, s = _agree(ours, ids, scores, names)
            agree += a
            same += s

        ours_best = theirs_best = float("inf")
        for _ in range(args.rounds):
            t = time.perf_counter()
            for query in queries:
                index.search(query, K)
            ours_best = min(ours_best, (time.perf_counter() - t) / len(queries))
            t = time.perf_counter()
            for query in queries:
                _bm25s_search(retriever, query)
            theirs_best = min(theirs_best, (time.perf_counter() - t) / len(queries))

    result = {
        "documents": n_docs,
        "queries": len(queries),
        "ms_per_query": round(ours_best * 1000, 4),
        "bm25s_ms_per_query": round(theirs_best * 1000, 4),
        "bm25s_ratio": round(ours_best / theirs_best, 2),
        "top10_agreement": round(agree / len(queries), 4),
        "top10_same_order": round(same / len(queries), 4),
        "build_s": round(build_s, 2),
        "load_s": round(load_s, 3),
        "fingerprint_ms": round(fingerprint_ms, 1),
        "bm25s_version": bm25s.__version__,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
