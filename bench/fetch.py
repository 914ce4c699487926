"""Bench the polite HTTP client's per-host limits against loopback servers with fixed latency.

Starts one threaded HTTP server per host (127.0.0.2, 127.0.0.3, ... — separate hosts to the client,
which keys limits by ``host:port``), each answering after ``--latency-ms``. A single HttpClient
fetches ``--requests`` pages from every host at once. The servers record when each request arrived
and how many were in flight, so the numbers are observed on the server side:

* ``achieved_rate`` per host: (requests - 1) / (last arrival - first arrival), in requests/s;
* ``max_concurrency`` per host: most requests in flight at once.

Two scenarios: *rate_bound* (``--latency-ms``, default 50 ms: the rate limit is the bottleneck) and
*concurrency_bound* (``--slow-latency-ms``: requests outlast ``concurrency / rate``, so the in-flight
cap is reached). Acceptance (issue 4): on every host the achieved rate is >= 90 % of what the limits
allow (``--rate`` in the rate-bound scenario) and max concurrency never exceeds ``--concurrency``.
Prints JSON; exits 1 when a check fails.

    .venv/bin/python bench/fetch.py [--hosts 4] [--rate 5] [--concurrency 2] [--requests 25]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from factcheck.config import Settings
from factcheck.http import HttpClient


class _HostState:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.arrivals: list[float] = []


def _make_server(host: str, latency_s: float) -> tuple[ThreadingHTTPServer, _HostState]:
    state = _HostState()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else Nagle + delayed ACK add 40 ms per response

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body = b"User-agent: *\nDisallow:\n"
            else:
                with state.lock:
                    state.arrivals.append(time.monotonic())
                    state.in_flight += 1
                    state.max_in_flight = max(state.max_in_flight, state.in_flight)
                time.sleep(latency_s)
                with state.lock:
                    state.in_flight -= 1
                body = f"page {self.path}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, state


async def _run(args: argparse.Namespace, urls: dict[str, list[str]]) -> dict[str, Any]:
    settings = Settings(
        contact="bench@factcheck.invalid",
        http={
            "per_host_rate": args.rate,
            "per_host_concurrency": args.concurrency,
            "allow_private": list(urls),  # each loopback host:port, nothing else
            "retries": 0,
        },
    )
    async with HttpClient(settings) as client:
        started = time.monotonic()
        results = await asyncio.gather(
            *(client.get(u, fetcher="bench") for host_urls in urls.values() for u in host_urls),
            return_exceptions=True,
        )
        elapsed = time.monotonic() - started
        return {
            "elapsed_s": round(elapsed, 3),
            "ok": sum(1 for r in results if not isinstance(r, BaseException)),
            "errors": [repr(r) for r in results if isinstance(r, BaseException)],
            "client_stats": client.stats,
            "client_max_in_flight": {
                host: int(v["max_in_flight"]) for host, v in client.host_stats().items()
            },
        }


def _scenario(args: argparse.Namespace, latency_ms: float) -> dict[str, Any]:
    servers = [_make_server(f"127.0.0.{i + 2}", latency_ms / 1000) for i in range(args.hosts)]
    urls: dict[str, list[str]] = {}
    for server, _ in servers:
        host, port = server.server_address[:2]
        urls[f"{host}:{port}"] = [f"http://{host}:{port}/p{i}" for i in range(args.requests)]
    try:
        outcome = asyncio.run(_run(args, urls))
    finally:
        for server, _ in servers:
            server.shutdown()
            server.server_close()

    # What the limits allow: the rate limit, or fewer when latency makes concurrency the bottleneck.
    expected = min(args.rate, args.concurrency / (latency_ms / 1000))
    hosts: dict[str, Any] = {}
    passed = not outcome["errors"]
    for key, (_, state) in zip(urls, servers, strict=True):
        arrivals = sorted(state.arrivals)
        span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0.0
        rate = (len(arrivals) - 1) / span if span > 0 else float("inf")
        ok = rate >= 0.9 * expected and state.max_in_flight <= args.concurrency
        passed = passed and ok
        hosts[key] = {
            "requests": len(arrivals),
            "achieved_rate": round(rate, 3),
            "rate_ratio": round(rate / args.rate, 3),
            "max_concurrency": state.max_in_flight,
            "ok": ok,
        }
    return {
        "latency_ms": latency_ms,
        "expected_rate": round(expected, 3),
        "hosts": hosts,
        "min_achieved_rate": min(h["achieved_rate"] for h in hosts.values()),
        "min_rate_ratio": min(h["rate_ratio"] for h in hosts.values()),
        "max_concurrency": max(h["max_concurrency"] for h in hosts.values()),
        **outcome,
        "passed": passed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--rate", type=float, default=5.0, help="per-host requests/s limit")
    parser.add_argument("--concurrency", type=int, default=2, help="per-host in-flight limit")
    parser.add_argument("--requests", type=int, default=25, help="pages fetched per host")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="rate-bound scenario")
    parser.add_argument(
        "--slow-latency-ms",
        type=float,
        default=600.0,
        help="concurrency-bound scenario (0 to skip): latency above concurrency/rate",
    )
    args = parser.parse_args()

    scenarios = {"rate_bound": _scenario(args, args.latency_ms)}
    if args.slow_latency_ms > 0:
        scenarios["concurrency_bound"] = _scenario(args, args.slow_latency_ms)
    report = {
        "config": {
            "hosts": args.hosts,
            "rate_limit": args.rate,
            "concurrency_limit": args.concurrency,
            "requests_per_host": args.requests,
        },
        "scenarios": scenarios,
        "passed": all(s["passed"] for s in scenarios.values()),
    }
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
