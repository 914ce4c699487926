"""Benchmark the verdict store: verdict writes/s (batch and one by one) and reads, as JSON.

Runs on a temporary SQLite file and, when reachable, on a throw-away schema of the Postgres
database ``test`` at 127.0.0.1:5432 (dropped afterwards). Goal: >= 5,000 batch writes/s on SQLite.

    .venv/bin/python bench/store.py [--verdicts 10000] [--single 2000] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from factcheck.models import Claim, EvidenceRef, Verdict
from factcheck.store import Store, VerdictWrite

PG_DSN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
LABELS = ("supported", "refuted", "mixed", "not_enough_evidence")


def _verdict(claim_id: str, i: int) -> Verdict:
    return Verdict(
        claim_id=claim_id,
        label=LABELS[i % 4],  # type: ignore[arg-type]
        confidence=(i % 100) / 100,
        rationale=f"Passage {i} of https://en.wikipedia.org/wiki/Doc_{i % 50} says so.",
        evidence=[
            EvidenceRef(
                document_id=f"wikipedia:doc-{i % 50}",
                url=f"https://en.wikipedia.org/wiki/Doc_{i % 50}",
                quote=f"A quoted passage number {i}.",
                span=(i, i + 30),
                stance="supports",
                score=0.5,
                source="wikipedia",
            )
        ],
    )


def _measure(url: str, n_batch: int, n_single: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    store = Store.open(url)
    open_s = time.perf_counter() - t0
    try:
        claims = [Claim(id=f"bench-c{i:06d}", text=f"Bench claim {i}.") for i in range(n_batch)]
        t0 = time.perf_counter()
        hashes = store.upsert_claims(claims, article_id="bench", file="claims/bench.yaml")
        claims_s = time.perf_counter() - t0

        run = store.start_run(config={}, claims_total=n_batch)
        items = [
            VerdictWrite(_verdict(c.id, i), h, evidence_fingerprint=f"fp{i}")
            for i, (c, h) in enumerate(zip(claims, hashes, strict=True))
        ]
        t0 = time.perf_counter()
        store.record_verdicts(run.id, items)
        batch_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        store.record_verdicts(run.id, items)  # same pairs again: updates, no duplicates
        rewrite_s = time.perf_counter() - t0

        run2 = store.start_run(config={}, claims_total=n_single)
        t0 = time.perf_counter()
        for item in items[:n_single]:
            store.record_verdict(
                run2.id,
                item.verdict,
                claim_hash=item.claim_hash,
                evidence_fingerprint=item.evidence_fingerprint,
            )
        single_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        stored = store.verdicts_for_run(run.id)
        read_s = time.perf_counter() - t0
        if len(stored) != n_batch:
            raise RuntimeError(f"read back {len(stored)} verdicts, wrote {n_batch}")
    finally:
        store.close()
    return {
        "open_s": round(open_s, 4),
        "claims_upserted_per_s": round(n_batch / claims_s),
        "batch_verdicts": n_batch,
        "batch_writes_per_s": round(n_batch / batch_s),
        "batch_rewrites_per_s": round(n_batch / rewrite_s),
        "single_verdicts": n_single,
        "single_writes_per_s": round(n_single / single_s),
        "reads_per_s": round(n_batch / read_s),
    }


def _postgres(n_batch: int, n_single: int) -> dict[str, Any]:
    try:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            schema = f"fc_bench_{uuid.uuid4().hex[:10]}"
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.Error as exc:
        return {"skipped": f"Postgres not reachable: {exc}".strip()}
    try:
        return _measure(f"{PG_URL}?options=-csearch_path%3D{schema}", n_batch, n_single)
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdicts", type=int, default=10_000, help="verdicts per batch write")
    parser.add_argument("--single", type=int, default=2_000, help="verdicts written one by one")
    parser.add_argument("--no-postgres", action="store_true", help="skip Postgres")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = _measure(f"sqlite:///{Path(tmp) / 'bench.db'}", args.verdicts, args.single)
    result = {
        "benchmark": "verdict store writes",
        "python": platform.python_version(),
        "sqlite": sqlite,
        "postgres": {"skipped": "--no-postgres"}
        if args.no_postgres
        else _postgres(args.verdicts, args.single),
        "goal_sqlite_batch_writes_per_s": 5000,
    }
    result["goal_met"] = sqlite["batch_writes_per_s"] >= 5000
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
