"""Extraction speed on the seed article (prints JSON): chars/s and claims/s after warm-up.

    .venv/bin/python bench/extract.py [PATH] [--repeat N]

Warm-up (jieba's dictionary, the English model) is timed separately; the measured runs are whole
``extract_article`` calls on the same text. With the seed's gold list present, recall, precision and
exactness against it are reported too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.extract import extract_article, warm_up  # noqa: E402

SEED = ROOT / "seeds" / "zhongguancun-deepseek.zh.txt"
GOLD = ROOT / "tests" / "extract" / "gold" / "zhongguancun-deepseek.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=SEED)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = args.path.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    warm_up()
    warm_s = time.perf_counter() - t0
    times = []
    claims = None
    for _ in range(max(1, args.repeat)):
        t = time.perf_counter()
        claims = extract_article(text, article_id="bench")
        times.append(time.perf_counter() - t)
    assert claims is not None
    best = min(times)
    result: dict[str, object] = {
        "file": str(args.path.relative_to(ROOT) if args.path.is_relative_to(ROOT) else args.path),
        "chars": len(text),
        "claims": len(claims.claims),
        "warm_up_s": round(warm_s, 3),
        "seconds_best": round(best, 4),
        "seconds_median": round(statistics.median(times), 4),
        "chars_per_s": round(len(text) / best),
        "claims_per_s": round(len(claims.claims) / best, 1),
        "repeat": len(times),
    }
    if args.path.resolve() == SEED.resolve() and GOLD.is_file():
        sys.path.insert(0, str(ROOT / "tests" / "extract"))
        from gold_eval import load_gold, score_claims

        score = score_claims(load_gold(GOLD, text), claims.claims)
        result["gold"] = {
            "gold_claims": score.gold,
            "recall": round(score.recall, 3),
            "precision": round(score.precision, 3),
            "exactness": round(score.exactness, 3),
        }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
