"""Helpers for tests that talk HTTP to loopback servers or httpx.MockTransport (reusable by any area).

The loopback servers share what is here: :class:`ThreadedServer` (a threaded ``http.server`` on
127.0.0.1 in a daemon thread) with :class:`QuietHandler` (the evidence pages of
``_evidence_server.py``, the world of ``_world_server.py``), :func:`api_urls` (the API paths that
``_fakeapi.py`` and ``_world_server.py`` both imitate) and :class:`RawServer` for broken HTTP.

Import as ``from _loopback import ...`` (``tests/`` is on ``sys.path`` through the root conftest).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Awaitable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import httpx

from factcheck.config import Settings

__all__ = [
    "PUBLIC_IP",
    "QuietHandler",
    "RawServer",
    "ThreadedServer",
    "api_urls",
    "closed_port",
    "fail_transport",
    "loopback_settings",
    "public_resolver",
    "run",
]

T = TypeVar("T")

PUBLIC_IP = "93.184.216.34"
"""A globally routable address that the guard accepts; MockTransport never connects to it."""


def public_resolver(host: str) -> list[str]:
    """Resolve every host name to :data:`PUBLIC_IP` (so MockTransport tests never touch DNS)."""
    return [PUBLIC_IP]


def loopback_settings(*ports: int, **http: Any) -> Settings:
    """Settings for fast loopback tests: 127.0.0.1 allowed on ``ports`` (each allow-list entry
    names its port), tiny backoff, no rate limit to speak of."""
    values: dict[str, Any] = {
        "allow_private": [f"127.0.0.1:{port}" for port in ports],
        "backoff_s": 0.01,
        "per_host_rate": 1000.0,
        "per_host_concurrency": 4,
        "retries": 2,
        "connect_timeout_s": 2.0,
        "read_timeout_s": 2.0,
        "total_timeout_s": 10.0,
    }
    values.update(http)
    return Settings(contact="tests@factcheck.invalid", http=values)


def fail_transport() -> httpx.MockTransport:
    """A transport that fails the test when anything tries to send a request through it."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request may be sent, got {request.method} {request.url}")

    return httpx.MockTransport(handler)


def closed_port() -> int:
    """A loopback TCP port nothing listens on (bound, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def run(coro: Awaitable[T]) -> T:
    """Run a coroutine to completion (the suite has no asyncio plugin)."""

    async def _main() -> T:
        return await coro

    return asyncio.run(_main())


class RawServer:
    """A loopback TCP server answering every connection with fixed bytes, then closing it.

    For faults an HTTP framework cannot produce: garbage instead of HTTP, a body shorter than its
    Content-Length, a connection closed before any answer (``payload=b""``).
    """

    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        self.connections = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn, contextlib.suppress(OSError):
                conn.settimeout(1.0)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                if self.payload:
                    conn.sendall(self.payload)


class QuietHandler(BaseHTTPRequestHandler):
    """Base of the loopback handlers: HTTP/1.1 keep-alive, nothing logged to stderr."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def send_body(self, status: int, body: bytes, headers: Mapping[str, str]) -> None:
        """Answer with ``body`` (its Content-Length set; no body on HEAD)."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _BackloggedServer(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: dozens of concurrent connects (a run revalidating
    # its pages at once) overflow it and the kernel retries the dropped SYNs after a whole second
    request_queue_size = 128


class ThreadedServer:
    """A threaded HTTP server on 127.0.0.1 (a free port), serving in a daemon thread.

    Use as a context manager or :meth:`start`/:meth:`stop`; :attr:`base` is ``http://127.0.0.1:PORT``.
    """

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = _BackloggedServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port: int = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ThreadedServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def api_urls(base: str) -> dict[str, dict[str, str]]:
    """``fetchers`` settings for a server imitating every online API under ``base``.

    The one path layout of the imitations: ``/{lang}/w/api.php`` (MediaWiki), ``/w/api.php``
    (Wikibase), ``/sparql``, ``/arxiv/api/query``, ``/openalex``, ``/searx``.
    """
    return {
        "wikipedia": {"base_url": f"{base}/{{lang}}/w/api.php"},
        "wikidata": {"api_url": f"{base}/w/api.php", "sparql_url": f"{base}/sparql"},
        "arxiv": {"base_url": f"{base}/arxiv/api/query"},
        "openalex": {"base_url": f"{base}/openalex"},
        "searxng": {"base_url": f"{base}/searx"},
    }
