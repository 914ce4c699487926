"""Nightly rerun cost: first run vs an unchanged rerun vs a rerun after one evidence page changed.

Serves N made-up evidence pages from a loopback server with latency, runs `run_claims` three times
on a fresh store and archive, and prints JSON:

- ``first_s``: the first run (every page fetched under the per-host limit, every claim verified);
- ``unchanged_s`` and ``unchanged_ratio``: the rerun right after it (archived responses younger than
  ``http.fresh_for_s`` are reused without a request; unchanged evidence → verdicts carried over);
- ``changed``: one page edited, rerun with ``fresh_for_s = 0`` (every page revalidated with
  If-None-Match; 304 for the others) — how many claims were re-verified vs carried over.

Usage: python bench/nightly.py [--claims N] [--latency-ms MS] [--rate R]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _evidence_server import make_page, serve_evidence, synthetic_claims_yaml

from factcheck.config import load_settings
from factcheck.pipeline import RunOptions, run_claims


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=40)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument(
        "--rate",
        type=float,
        default=1.0,
        help="per-host requests per second (default: the polite default)",
    )
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve_evidence({}, latency_s=args.latency_ms / 1000) as server,
    ):
        root = Path(tmp)
        claims_yaml, pages = synthetic_claims_yaml(args.claims, server.base_url)
        for path, body in pages.items():
            server.set_page(path, body)
        (root / "claims").mkdir()
        (root / "claims" / "synthetic.yaml").write_text(claims_yaml, encoding="utf-8")
        base = {
            "contact": "bench@factcheck.invalid",
            "database_url": f"sqlite:///{root / 'fc.db'}",
            "claims_dir": str(root / "claims"),
            "evidence_dir": str(root / "evidence"),
            "fetchers": {"enabled": ["web"]},
            "run": {"concurrency": 8},
            "http": {"allow_private": [server.base_url], "per_host_rate": args.rate,
                     "per_host_concurrency": 4},
        }  # fmt: skip

        def timed(http_extra: dict[str, float] | None = None) -> tuple[float, object]:
            overrides = json.loads(json.dumps(base))
            overrides["http"].update(http_extra or {})
            settings = load_settings(cwd=root, environ={}, overrides=overrides)
            start = time.perf_counter()
            summary = run_claims(settings, RunOptions(concurrency=8))
            return time.perf_counter() - start, summary

        n0 = len(server.requests_to("/doc/"))
        first_s, first = timed()
        n1 = len(server.requests_to("/doc/"))
        unchanged_s, unchanged = timed()
        n2 = len(server.requests_to("/doc/"))
        server.set_page(
            "/doc/7", make_page("Made-up page 7", "The park opened much later than claimed.")
        )
        changed_s, changed = timed({"fresh_for_s": 0.0})
        log3 = server.requests_to("/doc/")[n2:]
    result = {
        "claims": args.claims,
        "latency_ms": args.latency_ms,
        "per_host_rate": args.rate,
        "first_s": round(first_s, 3),
        "first_counts": first.counts,  # type: ignore[attr-defined]
        "first_requests": n1 - n0,
        "unchanged_s": round(unchanged_s, 3),
        "unchanged_ratio": round(unchanged_s / first_s, 4),
        "unchanged_counts": unchanged.counts,  # type: ignore[attr-defined]
        "unchanged_requests": n2 - n1,
        "unchanged_flips": sum(1 for c in unchanged.changes if c.kind == "flip"),  # type: ignore[attr-defined]
        "changed": {
            "wall_s": round(changed_s, 3),
            "counts": changed.counts,  # type: ignore[attr-defined]
            "requests": len(log3),
            "not_modified": sum(1 for _, _, status in log3 if status == 304),
        },
        "goal_unchanged_ratio_max": 0.05,
    }
    print(json.dumps(result, indent=2))
    ok = result["unchanged_ratio"] <= 0.05 and changed.counts["verified"] == 1  # type: ignore[attr-defined]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
