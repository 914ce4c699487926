"""CLEF 2019 check-worthiness MAP of the committed model (prints JSON; no training).

    .venv/bin/python bench/checkworthy_map.py [--data ../shared/data/checkworthiness]

Scores every sentence of the seven annotated CLEF 2019 test transcripts with
``factcheck/extract/data/checkworthy_en.json`` through the pure-Python scorer (with the previous and
next sentence as context, as extraction does) and reports the official measure: mean over
transcripts of the average precision of the ranked sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.extract.checkworthy import load_english_model  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "checkworthiness"


def average_precision(labels: list[int], scores: list[float]) -> float:
    """AP of a ranking; ties keep document order (as a stable sort would)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits = 0
    total = 0.0
    for rank, idx in enumerate(order, start=1):
        if labels[idx]:
            hits += 1
            total += hits / rank
    return total / max(1, sum(labels))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    test_dir = args.data / "clef2019-task1-en" / "test_annotated"
    if not test_dir.is_dir():
        print(json.dumps({"error": f"{test_dir} not found"}))
        return 2
    model = load_english_model()
    t0 = time.perf_counter()
    per_doc: dict[str, float] = {}
    n = 0
    for path in sorted(test_dir.glob("*.tsv")):
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        rows = [r for r in rows if len(r) >= 4 and r[3].strip() in ("0", "1")]
        sents = [r[2] for r in rows]
        scores = [
            model.decision(
                s, sents[i - 1] if i else None, sents[i + 1] if i + 1 < len(sents) else None
            )
            for i, s in enumerate(sents)
        ]
        per_doc[path.stem] = round(average_precision([int(r[3]) for r in rows], scores), 4)
        n += len(sents)
    seconds = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "clef2019_test_map": round(sum(per_doc.values()) / len(per_doc), 4),
                "best_2019_system_map": 0.166,
                "per_transcript_ap": per_doc,
                "sentences": n,
                "sentences_per_s": round(n / seconds),
                "model": model.meta,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
