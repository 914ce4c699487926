"""Extraction quality and speed (prints JSON): the tool against the digit-sentence baseline.

    .venv/bin/python bench/extract.py [--split dev|heldout|heldout2|heldout3|heldout4] [--heldout]
                                      [--verbose] [--only NAME] [--repeat N]

For every gold file in ``tests/extract/gold/articles/`` of the chosen split (dev by default; the
held-out articles with ``--split heldout`` or ``--heldout``; the second held-out set, written after
the tuning, with ``--split heldout2``; the third, written blind after all tuning on the 20 articles,
with ``--split heldout3``; the fourth, WiCE web-page records written blind after all tuning on the
English articles, with ``--split heldout4``) the article is read from ``--articles`` (default
/work/shared/data/articles, or ``$FACTCHECK_ARTICLES``) by ``read_gold_article`` (a text file, the
page extract of a MediaWiki API response the gold names by a ``.json`` path, or the evidence
sentences of a WiCE record named by ``<file>.jsonl#<line>``, one per line), extracted by
``extract_article`` and by the naive baseline (every sentence with a digit is one claim, values
from the same reader), and both are scored by :mod:`factcheck.extract.gold` (definitions there):
recall, value recall, precision, normalization, self-contained and atomic shares, chars/s. Per
article, pooled per language, and the ratio tool recall / baseline recall. ``published`` is passed to the extractor only where the gold
says the article does not state it (a user would pass it); the baseline always gets it.

The seed article is scored against ``tests/extract/gold/zhongguancun-deepseek.yaml`` and timed
(best of ``--repeat`` warm runs with the tag caches cleared, wall and CPU seconds). ``tag_ratio``
is its best CPU time over the best CPU time of one plain jieba POS-tagging pass over the same text
(same dictionary, loaded before timing), the passes interleaved with the runs. ``--seed-only``
skips the gold articles.
 ``--verbose`` adds missed facts, spurious, inexact, non-atomic
and not self-contained claims per article.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ruamel.yaml import YAML  # noqa: E402

from factcheck.extract import extract_article, warm_up  # noqa: E402
from factcheck.extract._tagging import build_tagger, clear_tag_cache  # noqa: E402
from factcheck.extract.gold import (  # noqa: E402
    ArticleScore,
    GoldArticle,
    digit_sentence_claims,
    parse_gold,
    read_gold_article,
    score_claims,
)

SEED = ROOT / "seeds" / "zhongguancun-deepseek.zh.txt"
SEED_GOLD = ROOT / "tests" / "extract" / "gold" / "zhongguancun-deepseek.yaml"
GOLD_DIR = ROOT / "tests" / "extract" / "gold" / "articles"
ARTICLES = Path(os.environ.get("FACTCHECK_ARTICLES", "/work/shared/data/articles"))


def _rates(score: ArticleScore, chars: int, seconds: float, verbose: bool) -> dict[str, Any]:
    out: dict[str, Any] = dict(score.summary())
    out["chars_per_s"] = round(chars / seconds) if seconds > 0 else None
    if verbose:
        out["missed"] = score.missed
        out["spurious"] = score.spurious
        out["inexact"] = score.inexact
        out["non_atomic"] = score.non_atomic
        out["not_self_contained"] = score.not_self_contained
    return out


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def _score_article(
    name: str, gold: GoldArticle, text: str, verbose: bool
) -> tuple[str, ArticleScore, ArticleScore, dict[str, Any], float, float]:
    lang = gold.language or "zh"
    published = None if gold.published_in_text else gold.published
    t = time.perf_counter()
    tool = extract_article(text, article_id=name, published=published, language=lang)
    tool_s = time.perf_counter() - t
    t = time.perf_counter()
    base = digit_sentence_claims(text, lang, gold.published)
    base_s = time.perf_counter() - t
    ts = score_claims(gold, tool.claims, lang)
    bs = score_claims(gold, base, lang)
    row = {
        "language": lang,
        "split": gold.split,
        "chars": len(text),
        "published_found": tool.article.published.isoformat()
        if tool.article and tool.article.published
        else None,
        "tool": _rates(ts, len(text), tool_s, verbose),
        "baseline": _rates(bs, len(text), base_s, verbose),
        "recall_ratio": _ratio(ts.recall, bs.recall),
    }
    return lang, ts, bs, row, tool_s, base_s


def _seed(repeat: int) -> dict[str, Any]:
    text = SEED.read_text(encoding="utf-8")
    times = []
    cpu = []
    tag_cpu = []
    claims = None
    tagger = build_tagger(memo_runs=False)  # plain jieba, same dictionary
    list(tagger.cut(text))  # warm: dictionary loaded
    for _ in range(max(1, repeat)):
        clear_tag_cache()  # each run tags its sentences afresh, as a new article would
        t, c = time.perf_counter(), time.process_time()
        claims = extract_article(text, article_id="bench")
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        c = time.process_time()
        list(tagger.cut(text))  # one POS-tagging pass over the same text, same warm tagger
        tag_cpu.append(time.process_time() - c)
    assert claims is not None
    gold = parse_gold(SEED_GOLD.read_text(encoding="utf-8"), text)
    score = score_claims(gold, claims.claims, "zh")
    best = min(times)
    return {
        "file": str(SEED.relative_to(ROOT)),
        "chars": len(text),
        "claims": len(claims.claims),
        "seconds_best": round(best, 4),
        "seconds_median": round(statistics.median(times), 4),
        "cpu_seconds_best": round(min(cpu), 4),  # wall time rises on a loaded machine, CPU time not
        "tag_pass_cpu_seconds_best": round(min(tag_cpu), 4),
        "tag_ratio": round(min(cpu) / min(tag_cpu), 2),
        "chars_per_s": round(len(text) / best),
        "repeat": len(times),
        "gold": score.summary(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--split",
        default=None,
        help="dev (default) | heldout | heldout2 | heldout3 | heldout4: the gold files' split",
    )
    parser.add_argument("--heldout", action="store_true", help="same as --split heldout")
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--only", action="append", default=[], help="gold file name prefix")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the seed")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--seed-only", action="store_true", help="time the seed only (no gold)")
    args = parser.parse_args()
    split = args.split or ("heldout" if args.heldout else "dev")

    t0 = time.perf_counter()
    warm_up()
    result: dict[str, Any] = {
        "split": split,
        "warm_up_s": round(time.perf_counter() - t0, 3),
    }
    articles: dict[str, Any] = {}
    pooled: dict[str, dict[str, Any]] = {}
    for gold_path in [] if args.seed_only else sorted(args.gold.glob("*.yaml")):
        name = gold_path.stem
        if args.only and not any(name.startswith(o) for o in args.only):
            continue
        gold_text = gold_path.read_text(encoding="utf-8")
        header = YAML(typ="safe").load(gold_text)
        if header.get("split", "dev") != split:
            continue
        text = read_gold_article(args.articles, header["article"])
        gold = parse_gold(gold_text, text)
        lang, ts, bs, row, tool_s, base_s = _score_article(name, gold, text, args.verbose)
        articles[name] = row
        pool = pooled.setdefault(
            lang,
            {"tool": ArticleScore(), "baseline": ArticleScore(), "chars": 0, "t": 0.0, "b": 0.0},
        )
        pool["tool"] += ts
        pool["baseline"] += bs
        pool["chars"] += len(text)
        pool["t"] += tool_s
        pool["b"] += base_s
    result["articles"] = articles
    result["pooled"] = {
        lang: {
            "articles": sum(1 for r in articles.values() if r["language"] == lang),
            "tool": _rates(p["tool"], p["chars"], p["t"], False),
            "baseline": _rates(p["baseline"], p["chars"], p["b"], False),
            "recall_ratio": _ratio(p["tool"].recall, p["baseline"].recall),
            "value_recall_ratio": _ratio(p["tool"].value_recall, p["baseline"].value_recall),
        }
        for lang, p in sorted(pooled.items())
    }
    result["seed"] = _seed(args.repeat)
    result["tag_ratio"] = result["seed"]["tag_ratio"]
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
