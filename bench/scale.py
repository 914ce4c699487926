"""Bench scale-out: claims/s of a distributed run with 1 and 2 workers, and a big local run's RSS.

Distributed part (needs Redis at 127.0.0.1:6379 and Postgres at 127.0.0.1:5432, db ``test``): a
loopback server answers made-up evidence pages after ``--latency-ms``; synthetic claims name one page
each in ``sources`` (the ``web`` fetcher fetches it). For 1 and then 2 ``factcheck worker``
processes (``--worker-concurrency`` threads each) on a fresh Postgres database, a warm-up run loads
the model in the workers, then ``run_distributed`` checks ``--claims`` new claims; claims/s is
claims / the run's duration (enqueue to the last verdict).

Local part: ``run_claims`` over ``--rss-claims`` synthetic claims (SQLite store, loopback pages) in a
child process, which reports its own peak RSS (``ru_maxrss``). Goal: <= 300 MB at 10,000 claims.
Then a second run over the same claims in a new child (the nightly rerun: verdicts carried over,
changes computed against the first run) reports its own peak.

Every page served is MADE UP. Prints JSON with ``rerun_ratio`` (the rerun's wall time / the first
run's, goal <= 0.10) and ``peak_rss_mb`` (the larger of the two runs' peaks, goal <= 300); exits 1
when a goal is missed. ``--quick`` (under 3 minutes, for routine use) is the local part alone over
2,000 claims.

    .venv/bin/python bench/scale.py [--quick] [--claims 200] [--latency-ms 100] [--rss-claims 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PG_DSN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"
BROKER = "redis://127.0.0.1:6379/14"
RSS_GOAL_MB = 300
RERUN_GOAL = 0.10
QUICK_CLAIMS = 2_000

PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Made-up page {i}</title>"
    "</head><body><article><h1>Made-up page {i}</h1><p>Records show the innovation park number "
    "{i} opened in {year}, after years of planning. Company {i} employs {k} engineers in Beijing."
    "</p><p>This page is made up for factcheck's benchmarks; it is not a real source.</p>"
    "</article></body></html>"
)


def _page(i: int) -> bytes:
    return PAGE.format(i=i, year=1980 + i % 40, k=100 + i).encode("utf-8")


@contextmanager
def serve(latency_s: float) -> Iterator[str]:
    """A loopback server of made-up pages ``/doc/<i>`` answering after ``latency_s``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else Nagle + delayed ACK add 40 ms per response

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body = b"User-agent: *\nAllow: /\n"
            else:
                time.sleep(latency_s)
                body = _page(int(self.path.rsplit("/", 1)[-1]))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_claims(folder: Path, prefix: str, first: int, n: int, base_url: str) -> Path:
    """``n`` made-up claims ``<prefix>-c<i>``, each with one source page; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["article:", f"  id: {prefix}", "  published: 2025-03-15", "claims:"]
    for i in range(first, first + n):
        lines += [
            f"  - id: {prefix}-c{i:06d}",
            f"    text: The innovation park number {i} opened in {1980 + i % 40}.",
            f"    sources: ['{base_url}/doc/{i}']",
        ]
    (folder / f"{prefix}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _env(tmp: Path, db_url: str, queue: str, base_url: str) -> dict[str, str]:
    return {
        "FACTCHECK_CONTACT": "bench@factcheck.invalid",
        "FACTCHECK_DATABASE_URL": db_url,
        "FACTCHECK_EVIDENCE_DIR": str(tmp / "evidence"),
        "FACTCHECK_HTTP__ALLOW_PRIVATE": json.dumps([base_url]),
        "FACTCHECK_HTTP__PER_HOST_RATE": "1000",  # the bench measures workers, not politeness
        "FACTCHECK_HTTP__PER_HOST_CONCURRENCY": "64",
        "FACTCHECK_FETCHERS__ENABLED": '["web"]',
        "FACTCHECK_RUN__BROKER_URL": BROKER,
        "FACTCHECK_RUN__QUEUE": queue,
        "FACTCHECK_RUN__WAIT_TIMEOUT_S": "600",
    }


@contextmanager
def fresh_database() -> Iterator[str]:
    import psycopg

    name = f"fc_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_distributed(
    n_workers: int, n_claims: int, latency_s: float, concurrency: int
) -> dict[str, Any]:
    from factcheck.config import load_settings
    from factcheck.distributed import run_distributed
    from factcheck.pipeline import RunOptions

    queue = f"fc-bench-{uuid.uuid4().hex[:8]}"
    with (
        tempfile.TemporaryDirectory() as tmp_name,
        fresh_database() as db_url,
        serve(latency_s) as base_url,
    ):
        tmp = Path(tmp_name)
        env = _env(tmp, db_url, queue, base_url)
        procs = []
        for w in range(n_workers):
            home = tmp / f"worker{w}"
            home.mkdir()
            wenv = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
            wenv.update(env, FACTCHECK_EVIDENCE_DIR=str(home / "evidence"))
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "factcheck",
                        "worker",
                        "--concurrency",
                        str(concurrency),
                    ],
                    cwd=home,
                    env=wenv,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        try:
            settings = load_settings(cwd=tmp, environ=env)
            warm = 4 * concurrency * n_workers
            warm_dir = write_claims(tmp / "warm", "warm", 0, warm, base_url)
            run_distributed(settings, RunOptions(claims=[warm_dir], resume=False))
            claims_dir = write_claims(tmp / "claims", "bench", warm, n_claims, base_url)
            summary = run_distributed(settings, RunOptions(claims=[claims_dir], resume=False))
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if summary.counts.get("verified") != n_claims:
            raise SystemExit(f"distributed run incomplete: {summary.counts}")
        return {
            "workers": n_workers,
            "worker_concurrency": concurrency,
            "claims": n_claims,
            "duration_s": round(summary.duration_s, 2),
            "claims_per_s": round(n_claims / summary.duration_s, 2),
        }


def rss_child(folder: Path, n_claims: int, base_url: str, concurrency: int) -> None:
    """In a child process: a local run over ``n_claims``; print duration and own peak RSS."""
    from factcheck.config import load_settings
    from factcheck.pipeline import RunOptions, run_claims

    claims_dir = write_claims(folder / "claims", "rss", 0, n_claims, base_url)
    env = _env(folder, f"sqlite:///{folder / 'fc.db'}", "unused", base_url)
    settings = load_settings(cwd=folder, environ=env)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    summary = run_claims(settings, RunOptions(claims=[claims_dir], concurrency=concurrency))
    duration = time.monotonic() - started
    print(
        json.dumps(
            {
                "claims": n_claims,
                "counts": {k: v for k, v in summary.counts.items() if isinstance(v, int)},
                "duration_s": round(duration, 3),
                "claims_per_s": round(n_claims / duration, 1),
                "peak_rss_mb_before_run": round(rss_before, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


def bench_rss(n_claims: int, concurrency: int, *, rerun: bool) -> dict[str, Any]:
    """Peak RSS of a first local run and, with ``rerun``, of the next one (each in its own child).

    The rerun is the nightly case: same claims and pages, so verdicts are carried over, and the
    summary compares it with the first run.
    """
    folder = Path(tempfile.mkdtemp(prefix="fc-rss-"))
    argv = [sys.executable, __file__, "--rss-child", str(folder)]
    opts = ["--rss-claims", str(n_claims), "--concurrency", str(concurrency)]
    try:
        results: list[dict[str, Any]] = []
        with serve(0.0) as base_url:
            for _ in range(2 if rerun else 1):
                out = subprocess.run(
                    [*argv, base_url, *opts], check=True, capture_output=True, text=True
                ).stdout
                results.append(json.loads(out.strip().splitlines()[-1]))
        result: dict[str, Any] = results[0]
        if rerun:
            result["rerun"] = results[1]
            result["rerun_ratio"] = round(results[1]["duration_s"] / results[0]["duration_s"], 4)
        result["goal_mb"] = RSS_GOAL_MB
        result["ok"] = all(r["peak_rss_mb"] <= RSS_GOAL_MB for r in results)
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=200, help="claims per distributed run")
    parser.add_argument("--latency-ms", type=float, default=100.0, help="evidence server latency")
    parser.add_argument("--worker-concurrency", type=int, default=4, help="threads per worker")
    parser.add_argument("--rss-claims", type=int, default=10_000, help="claims of the local run")
    parser.add_argument("--concurrency", type=int, default=8, help="local run concurrency")
    parser.add_argument("--skip-distributed", action="store_true")
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--no-rerun", action="store_true", help="skip the second local run")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"routine check: local part only, {QUICK_CLAIMS} claims (under 3 minutes)",
    )
    parser.add_argument(
        "--rss-child", nargs=2, metavar=("FOLDER", "BASE_URL"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.rss_child:
        rss_child(Path(args.rss_child[0]), args.rss_claims, args.rss_child[1], args.concurrency)
        return 0
    if args.quick:
        args.skip_distributed = True
        args.skip_rss = args.no_rerun = False
        if args.rss_claims == parser.get_default("rss_claims"):
            args.rss_claims = QUICK_CLAIMS
    result: dict[str, Any] = {"quick": args.quick}
    if not args.skip_distributed:
        latency = args.latency_ms / 1000
        runs = [bench_distributed(n, args.claims, latency, args.worker_concurrency) for n in (1, 2)]
        result["distributed"] = {
            "latency_ms": args.latency_ms,
            "runs": runs,
            "speedup_2_workers": round(runs[1]["claims_per_s"] / runs[0]["claims_per_s"], 2),
            "cpus": os.cpu_count(),
        }
    ok = True
    if not args.skip_rss:
        local = bench_rss(args.rss_claims, args.concurrency, rerun=not args.no_rerun)
        result["local_rss"] = local
        runs = [local, *([local["rerun"]] if "rerun" in local else [])]
        result["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
        ok = local["ok"]
        if "rerun_ratio" in local:
            result["rerun_ratio"] = local["rerun_ratio"]
            result["goal_rerun_ratio_max"] = RERUN_GOAL
            ok = ok and local["rerun_ratio"] <= RERUN_GOAL
    print(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
