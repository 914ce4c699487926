"""A loopback web server of made-up evidence pages, for run tests and benches.

Every page it serves is MADE UP for testing; none is a real source. It supports ETag/If-None-Match
(304), a configurable latency, a robots.txt that allows everything, and logs every request.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from _loopback import QuietHandler, ThreadedServer

__all__ = ["EvidenceServer", "make_page", "serve_evidence", "synthetic_claims_yaml"]

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="description" content="MADE-UP test page, not a real source"></head>
<body><article><h1>{title}</h1><p>{body}</p>
<p>This page is made up for factcheck's tests; it is not a real source.</p></article></body></html>"""


def make_page(title: str, body: str) -> bytes:
    """An HTML page with one article paragraph (made up)."""
    return PAGE.format(title=title, body=body).encode("utf-8")


@dataclass
class EvidenceServer:
    """State of a running server: pages by path, latency, request log."""

    pages: dict[str, bytes]
    latency_s: float = 0.0
    base_url: str = ""
    log: list[tuple[float, str, int]] = field(default_factory=list)  # (time, path, status)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0  # page requests being answered now
    max_in_flight: int = 0  # the most page requests answered at once (server side)
    conditional: list[str] = field(default_factory=list)  # paths asked with If-None-Match

    def set_page(self, path: str, body: bytes) -> None:
        with self.lock:
            self.pages[path] = body

    def requests_to(self, prefix: str = "/") -> list[tuple[float, str, int]]:
        with self.lock:
            return [r for r in self.log if r[1].startswith(prefix)]


def _handler(state: EvidenceServer) -> type[QuietHandler]:
    class Handler(QuietHandler):
        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_body(status, body, headers)
            with state.lock:
                state.log.append((time.monotonic(), self.path, status))

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/robots.txt":
                if state.latency_s:
                    time.sleep(state.latency_s)
                self._send(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
                return
            with state.lock:
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
                if self.headers.get("If-None-Match"):
                    state.conditional.append(path)
            try:
                if state.latency_s:
                    time.sleep(state.latency_s)
                self._page(path)
            finally:
                with state.lock:
                    state.in_flight -= 1

        def _page(self, path: str) -> None:
            with state.lock:
                body = state.pages.get(path)
            if body is None:
                self._send(404, b"not found", {"Content-Type": "text/plain"})
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", {"ETag": etag})
                return
            self._send(200, body, {"Content-Type": "text/html; charset=utf-8", "ETag": etag})

    return Handler


@contextmanager
def serve_evidence(pages: dict[str, bytes], *, latency_s: float = 0.0) -> Iterator[EvidenceServer]:
    """Run the server on 127.0.0.1 (a free port) in a thread for the duration of the block."""
    state = EvidenceServer(pages=dict(pages), latency_s=latency_s)
    with ThreadedServer(_handler(state)) as server:
        state.base_url = server.base
        yield state


FACTS = [
    ("Haidian District has {n} thousand artificial intelligence scholars.",
     "Official statistics say Haidian District has {n} thousand artificial intelligence scholars."),
    ("The innovation park number {n} opened in {year}.",
     "Records show the innovation park number {n} opened in {year}, after years of planning."),
    ("Company {n} employs {k} engineers in Beijing.",
     "Company {n} does not employ {k2} engineers in Beijing; it employs {k} engineers there."),
]  # fmt: skip


def synthetic_claims_yaml(n: int, base_url: str) -> tuple[str, dict[str, bytes]]:
    """``n`` made-up claims whose ``sources`` point at pages on ``base_url``; (YAML text, pages)."""
    lines = ["article:", "  id: synthetic", "  published: 2025-03-15", "claims:"]
    pages: dict[str, bytes] = {}
    for i in range(n):
        claim_t, page_t = FACTS[i % len(FACTS)]
        values = {"n": i, "year": 1980 + i % 40, "k": 100 + i, "k2": 200 + i}
        path = f"/doc/{i}"
        pages[path] = make_page(f"Made-up page {i}", page_t.format(**values))
        lines += [
            f"  - id: synthetic-c{i:05d}",
            f"    text: {claim_t.format(**values)}",
            f"    sources: ['{base_url}{path}']",
        ]
    return "\n".join(lines) + "\n", pages
