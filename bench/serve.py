"""Benchmark the review app's queue page: server time for 10,000 claims, as JSON.

Builds a made-up store (two nightly runs of N claims: refuted, mixed, needs-review, flipped, errored
and reviewed claims among them), starts the app on uvicorn on loopback, logs in, requests the queue
page R times and reports the server-side time of each response (the app's ``Server-Timing`` header:
the whole request inside the app, store reads and rendering included) and the client's wall time.
Goal: median server time <= 300 ms for 10,000 claims.

Two passes: ``cold`` without the app's run cache (every request reads the run's 10,000 verdicts and
ranks them), then the default app, which keeps a finished run's verdicts in memory and reads the
review states and ranks the queue afresh on every request (what a reviewer going back and forth
between the queue and claims gets; the first request after a new run is cold).

    .venv/bin/python bench/serve.py [--claims 10000] [--requests 20] [--db-url URL]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from factcheck.config import load_settings
from factcheck.errors import ConnectError
from factcheck.models import Claim, EvidenceRef, Verdict
from factcheck.store import ReviewRequest, Store, VerdictWrite
from factcheck.web import add_user, create_app

LABELS = ("supported", "refuted", "mixed", "not_enough_evidence")
PASSWORD = "bench password 1"


def _verdict(claim_id: str, label: str, i: int) -> Verdict:
    return Verdict(
        claim_id=claim_id,
        label=label,  # type: ignore[arg-type]
        confidence=0.3 + (i % 70) / 100,
        rationale=f"{label} (confidence 0.{i % 100:02d}). Passage {i} of a made-up source says so.",
        needs_review=i % 10 == 3,
        evidence=[
            EvidenceRef(
                document_id=f"web:doc-{i % 97}",
                url=f"https://example.org/doc-{i % 97}",
                quote=f"A made-up quoted passage number {i}.",
                stance="supports",
                source="web",
            )
        ],
    )


def build_store(url: str, n: int) -> dict[str, int]:
    """Two nightly runs of ``n`` made-up claims; returns what it wrote."""
    claims = [
        Claim(id=f"bench-c{i:05d}", text=f"Made-up claim number {i} about district {i % 40}.")
        for i in range(n)
    ]
    with Store.open(url) as store:
        hashes = store.upsert_claims(claims, article_id=None, file=None)
        for k in range(40):  # 40 articles of n/40 claims
            part = claims[k::40]
            store.upsert_claims(part, article_id=f"article-{k:02d}", file=None)
        errored = 0
        for night in range(2):
            run = store.start_run(config={}, claims_total=n)
            writes = []
            for i, (claim, h) in enumerate(zip(claims, hashes, strict=True)):
                if night == 1 and i % 50 == 7:
                    store.record_fetch_error(
                        run.id,
                        claim.id,
                        ConnectError(
                            "connection refused", url="https://example.org/x", fetcher="web"
                        ),
                    )
                    errored += 1
                    continue
                label = LABELS[(i + night * (i % 13 == 0)) % 4]
                writes.append(VerdictWrite(_verdict(claim.id, label, i), h))
            store.record_verdicts(run.id, writes)
            store.finish_run(run.id, status="completed", counts={"verified": len(writes)})
        reviewed = 0
        for i in range(0, n, 25):
            store.act_on_review(
                ReviewRequest(claim_id=claims[i].id, action="approve", actor="bench")
            )
            reviewed += 1
        add_user(store, "bench", PASSWORD, "editor")
    return {"claims": n, "runs": 2, "errored": errored, "reviewed": reviewed}


def measure(url: str, requests: int, root: Path, *, queue_cache: bool) -> dict[str, Any]:
    import uvicorn

    settings = load_settings(cwd=root, environ={}, overrides={"database_url": url})
    store = Store.open(url)
    app = create_app(settings, store=store, secret_key="bench", root=root, queue_cache=queue_cache)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    server_ms: list[float] = []
    wall_ms: list[float] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
            assert token is not None
            client.post(
                "/login",
                data={"csrf": token.group(1), "name": "bench", "password": PASSWORD, "next": "/"},
            )
            first = client.get("/")  # warm-up: template compilation, first connection
            first_timing = re.search(r"app;dur=([0-9.]+)", first.headers["server-timing"])
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get("/")
                wall_ms.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                timing = re.search(r"app;dur=([0-9.]+)", response.headers["server-timing"])
                assert timing is not None
                server_ms.append(float(timing.group(1)))
            items = len(re.findall(r'<li class="qitem', response.text))
            total = re.search(r"of (\d+) claims shown", response.text)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
    return {
        "requests": requests,
        "rows_rendered": items,
        "claims_in_queue": int(total.group(1)) if total else None,
        "server_ms_median": round(statistics.median(server_ms), 1),
        "server_ms_p90": round(sorted(server_ms)[int(0.9 * (len(server_ms) - 1))], 1),
        "server_ms_min": round(min(server_ms), 1),
        "first_request_server_ms": float(first_timing.group(1)) if first_timing else None,
        "wall_ms_median": round(statistics.median(wall_ms), 1),
        "bytes": len(response.content),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--db-url", default=None, help="Default: a temporary SQLite file.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        url = args.db_url or f"sqlite:///{root / 'bench.db'}"
        started = time.perf_counter()
        written = build_store(url, args.claims)
        build_s = time.perf_counter() - started
        cold = measure(url, args.requests, root, queue_cache=False)
        result = measure(url, args.requests, root, queue_cache=True)
    with open("/proc/loadavg", encoding="ascii") as fh:
        load = fh.read().split()[0]
    out = {
        "bench": "serve",
        "store": url.split(":", 1)[0],
        **written,
        "build_s": round(build_s, 1),
        **result,
        "cold_server_ms_median": cold["server_ms_median"],
        "cold_server_ms_min": cold["server_ms_min"],
        "goal_server_ms_median": 300,
        "meets_goal": result["server_ms_median"] <= 300,
        "load_average_1min": float(load),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
