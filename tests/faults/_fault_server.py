"""A loopback HTTP server whose faults the test scripts per path: latency, resets, 5xx, 429 storms.

Every page it serves is MADE UP for the tests. ``script(path, [...])`` queues actions for the next
requests to that path; once the queue is empty the path answers its page normally. Every request
is logged with its time and the action taken, so tests can count attempts and measure delays.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Action", "FaultServer", "Hit", "ok", "reset", "serve_faults", "slow", "status"]

PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body><article><h1>{title}</h1><p>{body}</p><p>This page is made up for factcheck's fault "
    "tests; it is not a real source.</p></article></body></html>"
)


@dataclass(frozen=True)
class Action:
    kind: str  # ok | slow | reset | status
    delay_s: float = 0.0
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


def ok() -> Action:
    return Action("ok")


def slow(delay_s: float) -> Action:
    return Action("slow", delay_s=delay_s)


def reset() -> Action:
    return Action("reset")


def status(code: int, **headers: str) -> Action:
    return Action(
        "status", status=code, headers=tuple((k.replace("_", "-"), v) for k, v in headers.items())
    )


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic()
    path: str
    action: str


@dataclass
class FaultServer:
    pages: dict[str, tuple[str, str]]  # path -> (title, body text)
    base_url: str = ""
    hits: list[Hit] = field(default_factory=list)
    on_request: Callable[[str], None] | None = None  # called before answering (store faults)
    _queues: dict[str, list[Action]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, path: str, actions: list[Action]) -> None:
        with self._lock:
            self._queues[path] = list(actions)

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()
            self.hits.clear()

    def next_action(self, path: str) -> Action:
        with self._lock:
            queue = self._queues.get(path)
            return queue.pop(0) if queue else ok()

    def log(self, path: str, action: str) -> None:
        with self._lock:
            self.hits.append(Hit(time.monotonic(), path, action))

    def hits_to(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def url(self, path: str) -> str:
        return self.base_url + path


def _handler(state: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, code: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(code)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/robots.txt":
                self._send(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
                return
            if state.on_request is not None:
                state.on_request(path)
            action = state.next_action(path)
            state.log(path, action.kind if action.kind != "status" else str(action.status))
            if action.kind == "reset":
                # RST instead of FIN: the client sees "connection reset by peer"
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.close()
                return
            if action.kind == "slow":
                time.sleep(action.delay_s)
            if action.kind == "status":
                self._send(
                    action.status, b"fault", {"Content-Type": "text/plain", **dict(action.headers)}
                )
                return
            page = state.pages.get(path)
            if page is None:
                self._send(404, b"not found", {"Content-Type": "text/plain"})
                return
            title, body = page
            html = PAGE.format(title=title, body=body).encode("utf-8")
            self._send(200, html, {"Content-Type": "text/html; charset=utf-8"})

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # resets and aborted clients are the point of this server


@contextmanager
def serve_faults(pages: dict[str, tuple[str, str]]) -> Iterator[FaultServer]:
    """Run a fault server on 127.0.0.1 in a thread for the duration of the block."""
    state = FaultServer(pages=pages)
    server = _Server(("127.0.0.1", 0), _handler(state))
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
