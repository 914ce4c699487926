"""Fixtures for distributed runs: real Redis (db 13) and Postgres (a fresh database per test), a
loopback evidence server that logs request arrival times, and `factcheck worker` subprocesses.

Skips with a clear message when Redis at 127.0.0.1:6379 or Postgres at 127.0.0.1:5432 (db `test`)
is unreachable. Every page served is MADE UP for testing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/13"  # a db of its own: the store tests never use it
PG_DSN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The broker URL; keys this test made (its queue, its runs) are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at 127.0.0.1:6379 not reachable: {exc}")
    yield REDIS_URL
    client.close()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL of a freshly created Postgres database, dropped afterwards."""
    name = f"fc_dist_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        pytest.skip(f"Postgres at 127.0.0.1:5432 (db test) not reachable: {exc}")
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class LoggingServer:
    """Pages by path, a fixed latency, and the arrival time of every request (monotonic clock)."""

    pages: dict[str, bytes]
    latency_s: float
    base_url: str = ""
    arrivals: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def requests(self, prefix: str = "/") -> list[tuple[float, str]]:
        with self.lock:
            return sorted(a for a in self.arrivals if a[1].startswith(prefix))


def _handler(state: LoggingServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else Nagle + delayed ACK add 40 ms per response

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            with state.lock:
                state.arrivals.append((time.monotonic(), self.path))
            time.sleep(state.latency_s)
            if self.path == "/robots.txt":
                body, ctype, status = b"User-agent: *\nAllow: /\n", "text/plain", 200
            else:
                page = state.pages.get(self.path)
                body = page if page is not None else b"not found"
                ctype = "text/html; charset=utf-8" if page is not None else "text/plain"
                status = 200 if page is not None else 404
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def evidence_server() -> Iterator[LoggingServer]:
    """A loopback server (latency 50 ms) on a free port; pages are set by the test."""
    state = LoggingServer(pages={}, latency_s=0.05)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def project_env(
    tmp_path: Path,
    *,
    db_url: str,
    broker: str,
    queue: str,
    rate: float,
    server: LoggingServer,
    **extra: str,
) -> dict[str, str]:
    """FACTCHECK_* variables for coordinator and workers of one test (``server`` is allowed)."""
    env = {
        "FACTCHECK_CONTACT": "tests@factcheck.invalid",
        "FACTCHECK_DATABASE_URL": db_url,
        "FACTCHECK_CLAIMS_DIR": str(tmp_path / "claims"),
        "FACTCHECK_EVIDENCE_DIR": str(tmp_path / "evidence"),
        "FACTCHECK_HTTP__ALLOW_PRIVATE": json.dumps([server.base_url]),
        "FACTCHECK_HTTP__PER_HOST_RATE": str(rate),
        "FACTCHECK_HTTP__PER_HOST_CONCURRENCY": "2",
        "FACTCHECK_HTTP__RETRIES": "0",
        "FACTCHECK_FETCHERS__ENABLED": '["web"]',
        "FACTCHECK_RUN__BROKER_URL": broker,
        "FACTCHECK_RUN__QUEUE": queue,
        "FACTCHECK_RUN__WAIT_TIMEOUT_S": "120",
    }
    env.update(extra)
    return env


class Workers:
    """`factcheck worker` subprocesses, each with its own folder and evidence archive."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(
        self, env: dict[str, str], *, concurrency: int = 2, pool: str = "threads"
    ) -> subprocess.Popen[bytes]:
        n = len(self.procs)
        home = self.tmp_path / f"worker{n}"
        home.mkdir()
        full = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
        full.update(env)
        full["FACTCHECK_EVIDENCE_DIR"] = str(home / "evidence")
        log = (home / "worker.log").open("wb")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "factcheck",
                "-v",
                "worker",
                "--concurrency",
                str(concurrency),
                "--pool",
                pool,
            ],
            cwd=home,
            env=full,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def log(self, n: int) -> str:
        return (self.tmp_path / f"worker{n}" / "worker.log").read_text(errors="replace")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    """Start workers with ``workers.start(env)``; all are stopped at teardown."""
    pool = Workers(tmp_path)
    yield pool
    pool.stop()


@pytest.fixture
def queue_name(redis_url: str) -> Iterator[str]:
    """A queue of this test's own; its Redis keys are deleted afterwards."""
    name = f"fc-test-{uuid.uuid4().hex[:10]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"*{name}*"):
        client.delete(key)
    client.close()
