"""The value reader on real sentences (prints JSON): gold values found, speed, cache hits.

    .venv/bin/python bench/values.py [--verify-dataset scifact --limit 300]

* ``gold``: for every required fact of the *dev* gold files (``tests/extract/gold/articles``, split
  ``dev``; the held-out articles are left to the extraction bench), the sentence holding the fact's
  anchor is read with :func:`factcheck.values.read_values` (the article's language and ``published``).
  ``found`` = facts whose every number (quantity values, dates as ISO, rank positions) is among the
  values read; ``exact`` = found facts whose normalization agrees in full (value, upper, approx, unit
  when the gold gives one, date precision, rank approx); ``years_as_counts`` = unit-less quantities
  equal to a year the fact states as a date.
* ``speed``: reading every sentence of the seed article cold (cache cleared) and warm.
* ``cache`` (with ``--verify-dataset``): ``read_values`` hits/misses while the verifier scores the
  dataset, and the verifier's time with the cache and with it bypassed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck import values  # noqa: E402
from factcheck.extract.gold import read_gold_article  # noqa: E402
from factcheck.values import _reader  # noqa: E402

GOLD_DIR = ROOT / "tests" / "extract" / "gold" / "articles"
SEED = ROOT / "seeds" / "zhongguancun-deepseek.zh.txt"
_BOUNDARY = re.compile(r"[。！？；!?\n]|\.(?=\s)")


def _data_dir() -> Path:
    for parent in (ROOT, *ROOT.parents):
        cand = parent / "shared" / "data"
        if cand.is_dir():
            return cand
    return Path("/work/shared/data")


def _sentence(text: str, anchor: str) -> str | None:
    pattern = r"\s+".join(re.escape(part) for part in anchor.split())
    m = re.search(pattern, text)
    if m is None:
        return None
    starts = [b.end() for b in _BOUNDARY.finditer(text, 0, m.start())]
    start = starts[-1] if starts else 0
    nxt = _BOUNDARY.search(text, m.end())
    return text[start : nxt.end() if nxt else len(text)]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _score_fact(fact: dict[str, Any], read: values.Values) -> tuple[bool, bool, int]:
    qs = [m.value for m in read.quantities]
    ds = [m.value for m in read.dates]
    rs = [m.value for m in read.ranks]
    found = exact = True
    for gq in fact.get("quantities") or []:
        same = [q for q in qs if _close(q.value, float(gq["value"]))]
        # a rank position or a count may be read as the other kind: the number is still there
        same_number = same or [r for r in rs if r.position == gq["value"]]
        if not same_number:
            found = False
            continue
        ok = [
            q
            for q in same
            if q.approx == gq.get("approx", "exact")
            and ("unit" not in gq or q.unit == gq["unit"])
            and (gq.get("upper") is None or (q.upper is not None and _close(q.upper, gq["upper"])))
        ]
        exact = exact and bool(ok)
    for gd in fact.get("dates") or []:
        value = str(gd["value"])
        same_d = [d for d in ds if d.value.startswith(value) or value.startswith(d.value)]
        if not same_d:
            found = False
            continue
        exact = exact and any(d.value == value and d.precision == gd["precision"] for d in same_d)
    if fact.get("rank"):
        gr = fact["rank"]
        same_r = [r for r in rs if r.position == gr["position"]]
        same_r_q = same_r or [q for q in qs if _close(q.value, gr["position"])]
        if not same_r_q:
            found = False
        else:
            exact = exact and any(r.approx == gr.get("approx", "exact") for r in same_r)
    years = {int(str(d["value"])[:4]) for d in fact.get("dates") or []}
    as_counts = sum(1 for q in qs if q.unit is None and q.value in years)
    return found, found and exact, as_counts


def score_gold() -> dict[str, Any]:
    articles = _data_dir() / "articles"
    out: dict[str, Any] = {"per_language": {}}
    misses: list[dict[str, Any]] = []
    for path in sorted(GOLD_DIR.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        if gold.get("split") != "dev":
            continue
        text = read_gold_article(articles, gold["article"])
        lang = gold["language"]
        published = gold.get("published")
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        stats = out["per_language"].setdefault(
            lang, {"facts": 0, "found": 0, "exact": 0, "years_as_counts": 0}
        )
        for fact in gold.get("claims") or []:
            if not (fact.get("quantities") or fact.get("dates") or fact.get("rank")):
                continue
            sentence = _sentence(text, fact["anchor"])
            if sentence is None:
                continue
            read = values.read_values(sentence, language=lang, published=published)
            found, exact, as_counts = _score_fact(fact, read)
            stats["facts"] += 1
            stats["found"] += found
            stats["exact"] += exact
            stats["years_as_counts"] += as_counts
            if not exact:
                misses.append(
                    {
                        "article": path.stem,
                        "anchor": fact["anchor"],
                        "gold": {k: fact[k] for k in ("quantities", "dates", "rank") if k in fact},
                        "read": [m.raw for m in (*read.quantities, *read.dates, *read.ranks)],
                    }
                )
    for stats in out["per_language"].values():
        n = stats["facts"] or 1
        stats["found_rate"] = round(stats["found"] / n, 4)
        stats["exact_rate"] = round(stats["exact"] / n, 4)
    out["misses"] = misses
    return out


def measure_speed(repeat: int = 5) -> dict[str, Any]:
    text = SEED.read_text(encoding="utf-8")
    sentences = [s for s in re.split(r"(?<=[。！？；\n])", text) if s.strip()]
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(repeat):
        values.clear_read_cache()
        t = time.perf_counter()
        for s in sentences:
            values.read_values(s, language="zh", published=dt.date(2025, 3, 15))
        cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        for s in sentences:
            values.read_values(s, language="zh", published=dt.date(2025, 3, 15))
        warm.append(time.perf_counter() - t)
    return {
        "sentences": len(sentences),
        "chars": sum(len(s) for s in sentences),
        "cold_ms": round(min(cold) * 1000, 2),
        "warm_ms": round(min(warm) * 1000, 3),
        "cold_chars_per_s": round(sum(len(s) for s in sentences) / min(cold)),
    }


def measure_cache(dataset: str, limit: int | None) -> dict[str, Any]:
    from factcheck.evaluation.runner import bench_dataset
    from factcheck.verify import Verifier
    from factcheck.verify.stance import load_default_model

    verifier = Verifier(load_default_model(), top_k=5)

    def run() -> tuple[float, dict[str, Any]]:
        if hasattr(_reader._read, "cache_clear"):
            values.clear_read_cache()
        t = time.perf_counter()
        result = bench_dataset(
            dataset,
            verify=lambda it: verifier.verify(
                it.claim, it.documents, reference_date=it.reference_date
            ),
            limit=limit,
            data_dir=_data_dir(),
        )
        return time.perf_counter() - t, result

    run()  # warm the model and the retrieval caches once
    cached_s, result = run()
    info = values.read_cache_info()
    cached = _reader._read
    _reader._read = cached.__wrapped__  # type: ignore[attr-defined]
    try:
        uncached_s, _ = run()
    finally:
        _reader._read = cached
    calls = info.hits + info.misses
    return {
        "dataset": dataset,
        "claims": result["n"],
        "read_values_calls": calls,
        "hits": info.hits,
        "misses": info.misses,
        "hit_rate": round(info.hits / calls, 4) if calls else None,
        "verify_s_cached": round(cached_s, 2),
        "verify_s_uncached": round(uncached_s, 2),
        "claims_per_s_cached": round(result["n"] / cached_s, 1),
        "claims_per_s_uncached": round(result["n"] / uncached_s, 1),
        "macro_f1": result.get("macro_f1"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verify-dataset", default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--misses", action="store_true", help="list the facts not read exactly")
    args = parser.parse_args()
    gold = score_gold()
    if not args.misses:
        gold.pop("misses")
    out: dict[str, Any] = {"gold_dev": gold, "speed": measure_speed()}
    if args.verify_dataset:
        out["cache"] = measure_cache(args.verify_dataset, args.limit)
    print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
