"""What a fetch returns and the protocols the client is built against; request identity.

:class:`FetchResponse` is one decoded HTTP answer; :class:`ResponseArchive` and :class:`HostLimiter`
are what the client records into and shares per-host limits with; :func:`request_fingerprint` is
the archive key of a request. No I/O here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from factcheck.__about__ import __version__
from factcheck.errors import ContentError, InvalidURLError

__all__ = [
    "PROJECT_URL",
    "RETRY_STATUSES",
    "FetchResponse",
    "HostLimiter",
    "Resolver",
    "ResponseArchive",
    "request_fingerprint",
    "user_agent",
]

PROJECT_URL = "https://github.com/factcheck-pipeline/factcheck"
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})

Resolver = Callable[[str], list[str]]
"""Resolve a host name to IP address strings (blocking; the client runs it in a thread)."""


@dataclass(frozen=True)
class FetchResponse:
    """One HTTP answer, body fully read and decoded from its content-encoding."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    encoding: str
    fetched_at: dt.datetime
    from_archive: bool = False
    fetcher: str | None = None  # who asked (errors raised by json() carry it)

    @property
    def text(self) -> str:
        """The body decoded with :attr:`encoding` (undecodable bytes replaced)."""
        return self.content.decode(self.encoding, errors="replace")

    def json(self) -> Any:
        """Parse the body as JSON; raise :class:`ContentError` when it is not JSON."""
        try:
            return json.loads(self.text)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            raise ContentError(
                f"invalid JSON: {exc}", url=self.final_url, fetcher=self.fetcher
            ) from exc

    @property
    def sha256(self) -> str:
        """Content address of the body."""
        return hashlib.sha256(self.content).hexdigest()


class HostLimiter(Protocol):
    """Per-host politeness shared beyond one client (``factcheck.distributed``: across processes).

    Applied on top of the client's own per-host limiter; ``host`` is ``name:port``.
    """

    def slot(self, host: str, interval_s: float) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold one of ``host``'s request slots, starting at least ``interval_s`` after the last."""

    async def defer(self, host: str, delay_s: float) -> None:
        """Start nothing on ``host`` for ``delay_s`` seconds (a Retry-After the host asked for)."""


class ResponseArchive(Protocol):
    """Where responses are recorded and replayed from (implemented by ``factcheck.evidence``)."""

    def lookup(self, fingerprint: str) -> FetchResponse | None:
        """Return the latest response recorded for ``fingerprint``, or ``None``."""

    def record(
        self,
        fingerprint: str,
        response: FetchResponse,
        *,
        fetcher: str | None,
        query: str | None,
        claim_id: str | None,
    ) -> object:
        """Store ``response`` as the latest answer for ``fingerprint`` (the return value is unused)."""


@dataclass
class _Raw:
    """One answer as the client reads it off the wire (before archiving and decoding)."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    truncated: bool = False  # only when asked to keep the first bytes (robots.txt)


# --------------------------------------------------------------------------------------------
# Request identity


def user_agent(contact: str) -> str:
    """Return the honest user agent: tool, version, project URL and the configured contact."""
    return f"factcheck/{__version__} (+{PROJECT_URL}; {contact})"


def _canonical_url(url: str, params: Mapping[str, str] | None = None) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
        if params:
            parsed = parsed.copy_merge_params(dict(params))
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise InvalidURLError(f"invalid URL: {exc}", url=url) from exc
    return parsed


def _default_port(scheme: str) -> int | None:
    return {"http": 80, "https": 443}.get(scheme)


def request_fingerprint(
    method: str, url: str, params: Mapping[str, str] | None, body: bytes | None
) -> str:
    """Return the archive key of a request: sha256 of method, scheme, host, port, path, query, body.

    Query parameters (from ``url`` and ``params``) are sorted, the default port made explicit and
    the host lower-cased, so equivalent spellings share a key. The port is part of the key: a
    loopback server on another port is another source. Raises :class:`InvalidURLError` for an
    unparseable URL.
    """
    parsed = _canonical_url(url, params)
    scheme = parsed.scheme.lower()
    port = parsed.port or _default_port(scheme)
    query = sorted(parsed.params.multi_items())
    body_hash = hashlib.sha256(body).hexdigest() if body else ""
    key = [method.upper(), scheme, parsed.host.lower(), port, parsed.path or "/", query, body_hash]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()


def _host_key(url: httpx.URL) -> str:
    return f"{url.host.lower()}:{url.port or _default_port(url.scheme)}"


def _origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{_host_key(url)}"
