"""Verdict quality on every shared dataset: `factcheck bench NAME --json` for each; prints one JSON object.

Usage: python bench/verify.py [--data-dir ../shared/data]
Same numbers as the docs/benchmarks.md table (bench/results_table.py writes that one).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results_table import DATASETS, run_one


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=None)
    args = ap.parse_args(argv)
    extra = ["--data-dir", str(args.data_dir)] if args.data_dir else []
    out = {name: run_one(name, extra) for name in DATASETS}
    sys.stdout.write(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
