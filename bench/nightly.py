"""Nightly rerun cost: first run vs unchanged reruns vs a rerun after one evidence page changed.

Serves N made-up evidence pages from a loopback server with latency, runs `run_claims` four times
on a fresh store and archive (in one process, imports warmed up first so no run pays for them), and
prints JSON:

- ``first_s``: the first run (every page fetched under the per-host limit, every claim verified);
- ``unchanged_s`` / ``unchanged_rerun_ratio``: the rerun right after it (archived responses younger
  than ``http.fresh_for_s`` are reused without a request; unchanged inputs → verdicts carried over);
- ``revalidated_s`` / ``revalidated_rerun_ratio``: the same rerun outside the freshness window
  (``fresh_for_s = 0``: every page revalidated with If-None-Match, 304 for all);
- ``changed``: one page edited, rerun with ``fresh_for_s = 0`` (every page revalidated, 304 for the
  others) — ``changed_rerun_ratio``, and its budget ``changed_rerun_budget`` = 0.10 plus the share
  of the first run's per-claim work for the claims re-verified;
- ``first_verdicts_sha``: digest of every claim's label in the first run (same verdicts before and
  after a change of the pipeline's speed).

``--unthrottled`` lifts politeness (1000 requests/s and 64 in flight per host): what is measured is
the pipeline, not the per-host limit. The server's own request log counts the requests (to the
pages: ``requests``, ``not_modified``; to robots.txt: ``robots_requests``).

Usage: python bench/nightly.py [--unthrottled] [--claims N] [--latency-ms MS] [--rate R]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _evidence_server import make_page, serve_evidence, synthetic_claims_yaml

from factcheck.config import load_settings
from factcheck.pipeline import ClaimOutcome, RunOptions, run_claims

UNCHANGED_GOAL = 0.05
CHANGED_GOAL = 0.10


def _warm_up() -> None:
    """Import what a run imports lazily, so the first timed run does not pay for it alone."""
    import trafilatura  # noqa: F401

    import factcheck.evidence
    import factcheck.fetchers
    import factcheck.store
    import factcheck.verify  # noqa: F401


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
    parser.add_argument(
        "--unthrottled",
        action="store_true",
        help="lift politeness (1000 requests/s, 64 in flight per host)",
    )
    args = parser.parse_args()
    rate = 1000.0 if args.unthrottled else args.rate
    per_host_concurrency = 64 if args.unthrottled else 4
    _warm_up()
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
            "http": {"allow_private": [server.base_url], "per_host_rate": rate,
                     "per_host_concurrency": per_host_concurrency},
        }  # fmt: skip

        def timed(http_extra: dict[str, float] | None = None) -> dict[str, Any]:
            overrides = json.loads(json.dumps(base))
            overrides["http"].update(http_extra or {})
            settings = load_settings(cwd=root, environ={}, overrides=overrides)
            labels: dict[str, str | None] = {}

            def seen(outcome: ClaimOutcome) -> None:
                labels[outcome.claim_id] = outcome.label

            before = len(server.requests_to("/doc/"))
            robots_before = len(server.requests_to("/robots.txt"))
            start = time.perf_counter()
            summary = run_claims(settings, RunOptions(concurrency=8), on_claim=seen)
            wall = time.perf_counter() - start
            log = server.requests_to("/doc/")[before:]
            return {
                "wall_s": wall,
                "counts": {k: v for k, v in summary.counts.items() if isinstance(v, int)},
                "requests": len(log),
                "robots_requests": len(server.requests_to("/robots.txt")) - robots_before,
                "not_modified": sum(1 for _, _, status in log if status == 304),
                "flips": sum(1 for c in summary.changes if c.kind == "flip"),
                "labels": labels,
            }

        first = timed()
        unchanged = timed()
        revalidated = timed({"fresh_for_s": 0.0})
        server.set_page(
            "/doc/7", make_page("Made-up page 7", "The park opened much later than claimed.")
        )
        changed = timed({"fresh_for_s": 0.0})
    first_s = first["wall_s"]
    reverified = changed["counts"].get("verified", 0)
    budget = CHANGED_GOAL + reverified / max(1, args.claims)
    verdicts = "\n".join(f"{k}:{v}" for k, v in sorted(first["labels"].items()))

    def part(run: dict[str, Any]) -> dict[str, Any]:
        return {
            "wall_s": round(run["wall_s"], 3),
            "counts": run["counts"],
            "requests": run["requests"],
            "robots_requests": run["robots_requests"],
            "not_modified": run["not_modified"],
            "flips": run["flips"],
        }

    result = {
        "claims": args.claims,
        "latency_ms": args.latency_ms,
        "per_host_rate": rate,
        "per_host_concurrency": per_host_concurrency,
        "unthrottled": args.unthrottled,
        "first_s": round(first_s, 3),
        "first": part(first),
        "first_verdicts_sha": hashlib.sha256(verdicts.encode()).hexdigest()[:16],
        "first_labels": {
            label: sum(1 for v in first["labels"].values() if v == label)
            for label in sorted({str(v) for v in first["labels"].values()})
        },
        "unchanged_s": round(unchanged["wall_s"], 3),
        "unchanged_rerun_ratio": round(unchanged["wall_s"] / first_s, 4),
        "unchanged": part(unchanged),
        "revalidated_s": round(revalidated["wall_s"], 3),
        "revalidated_rerun_ratio": round(revalidated["wall_s"] / first_s, 4),
        "revalidated": part(revalidated),
        "changed_s": round(changed["wall_s"], 3),
        "changed_rerun_ratio": round(changed["wall_s"] / first_s, 4),
        "changed_rerun_budget": round(budget, 4),
        "changed": part(changed),
        "goal_unchanged_rerun_ratio_max": UNCHANGED_GOAL,
    }
    print(json.dumps(result, indent=2))
    ok = (
        result["unchanged_rerun_ratio"] <= UNCHANGED_GOAL
        and result["changed_rerun_ratio"] <= budget
        and reverified == 1
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
