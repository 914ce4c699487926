"""robots.txt for one client: fetched once per origin, obeyed by product token, ``Crawl-delay``
passed on to the host's limiter (the policy is described in :mod:`factcheck.http`).

Kept between runs when the client's archive is also a :class:`RobotsStore` (the evidence archive):
a stored robots.txt is reused without a request while fresh — its ``Cache-Control: max-age`` or
``Expires``, at most and by default 24 hours (RFC 9309 2.4; ``no-cache``/``no-store``: never) —
then revalidated with ``If-None-Match``/``If-Modified-Since``, and a 304 keeps its rules. A 4xx
answer (not 429) is kept the same way; a 5xx or an unreachable robots.txt is never stored, and when
a stale copy exists its rules are obeyed for the run instead (RFC 9309 2.4 allows a cached copy
past 24 hours while robots.txt is unreachable).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import httpx
from protego import Protego

from factcheck.errors import FetchError, RobotsDeniedError, StoreError
from factcheck.http._decode import detect_encoding
from factcheck.http._limits import parse_retry_after
from factcheck.http._models import _origin, _Raw
from factcheck.http._sync import in_io_thread

__all__ = ["ROBOTS_MAX_AGE_S", "ROBOTS_MAX_BYTES", "ROBOTS_TOKEN", "RobotsStore", "robots_max_age"]

logger = logging.getLogger("factcheck.http")

ROBOTS_TOKEN = "factcheck"
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least the first 500 KiB (the rest is ignored)
ROBOTS_MAX_AGE_S = 86_400.0  # RFC 9309 2.4: a cached robots.txt SHOULD NOT be used past 24 hours

GetRobots = Callable[[str, str | None, dict[str, str]], Awaitable[_Raw]]
"""GET a robots.txt URL for a fetcher with these headers, robots unchecked, keeping its first
``ROBOTS_MAX_BYTES``."""


@runtime_checkable
class RobotsStore(Protocol):
    """Where robots.txt answers are kept between runs (implemented by ``factcheck.evidence``)."""

    def get_robots(self, origin: str) -> dict[str, Any] | None:
        """The entry last kept for ``origin``, or ``None`` (absent or unreadable)."""

    def put_robots(self, origin: str, entry: dict[str, Any]) -> None:
        """Keep ``entry`` (JSON data) as the robots.txt answer of ``origin``."""


def robots_max_age(headers: Mapping[str, str], now: dt.datetime | None = None) -> float | None:
    """Seconds a robots.txt answer may be reused without a request: ``max-age``, else ``Expires``
    (an invalid one: 0), capped at and defaulting to :data:`ROBOTS_MAX_AGE_S`; ``None`` for
    ``no-store`` (not to be kept at all). ``no-cache`` gives 0 (revalidate every run)."""
    directives = {}
    for part in headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        directives[name.strip().lower()] = value.strip().strip('"')
    if "no-store" in directives:
        return None
    if "no-cache" in directives:
        return 0.0
    age: float | None = None
    if directives.get("max-age", "").isascii() and directives.get("max-age", "").isdigit():
        age = float(directives["max-age"])
    elif "expires" in headers:
        age = parse_retry_after(headers["expires"], now) or 0.0
    return ROBOTS_MAX_AGE_S if age is None else min(age, ROBOTS_MAX_AGE_S)


@dataclass
class _Robots:
    parser: Protego | None  # None: allow everything
    entry: dict[str, Any] | None = None  # what is (or would be) kept between runs


class _RobotsRules:
    """The robots.txt of each origin a client talks to, fetched once through ``get`` (and kept in
    ``store`` between runs when there is one)."""

    def __init__(
        self,
        get: GetRobots,
        stats: dict[str, int],
        slow_down: Callable[[httpx.URL, float], None],
        store: object | None = None,
    ) -> None:
        self._get = get
        self._stats = stats
        self._slow_down = slow_down
        self._store = store if isinstance(store, RobotsStore) else None
        self._robots: dict[str, _Robots] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str, parsed: httpx.URL, fetcher: str | None) -> None:
        """Raise :class:`RobotsDeniedError` (counted) when robots.txt disallows ``url``."""
        robots = await self._robots_for(parsed, fetcher)
        if robots.parser is not None and not robots.parser.can_fetch(url, ROBOTS_TOKEN):
            self._stats["robots_denied"] += 1
            raise RobotsDeniedError(
                "robots.txt disallows this URL for factcheck", url=url, fetcher=fetcher
            )

    async def _robots_for(self, url: httpx.URL, fetcher: str | None) -> _Robots:
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached is not None:
            return cached
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._robots.get(origin)
            if cached is not None:
                return cached
            robots = await self._kept_or_fetched(origin, fetcher)
            self._robots[origin] = robots
            if robots.parser is not None:
                delay = robots.parser.crawl_delay(ROBOTS_TOKEN)
                if delay:
                    self._slow_down(url, float(delay))
            return robots

    async def _kept_or_fetched(self, origin: str, fetcher: str | None) -> _Robots:
        store = self._store
        kept = await in_io_thread(store.get_robots, origin) if store is not None else None
        kept = kept if _valid(kept) else None
        now = dt.datetime.now(dt.UTC)
        if kept is not None and now < dt.datetime.fromisoformat(kept["expires_at"]):
            self._stats["robots_cached"] += 1
            return _rules(kept["text"], None)
        robots = await self._fetch_robots(origin, fetcher, kept, now)
        if robots.entry is not None and store is not None:
            try:
                await in_io_thread(store.put_robots, origin, robots.entry)
            except StoreError as exc:  # a cache: the next run asks again (the pages' writes fail)
                logger.warning("robots.txt of %s not kept: %s", origin, exc)
        return robots

    async def _fetch_robots(
        self, origin: str, fetcher: str | None, kept: dict[str, Any] | None, now: dt.datetime
    ) -> _Robots:
        robots_url = f"{origin}/robots.txt"
        headers: dict[str, str] = {}
        if kept is not None and kept.get("etag"):
            headers["If-None-Match"] = kept["etag"]
        if kept is not None and kept.get("last_modified"):
            headers["If-Modified-Since"] = kept["last_modified"]
        self._stats["robots_fetched"] += 1
        try:
            raw = await self._get(robots_url, fetcher, headers)
        except FetchError as exc:  # includes a robots.txt redirect into refused space
            if kept is not None:
                logger.info(
                    "robots.txt unavailable for %s (%s): obeying the kept copy", origin, exc
                )
                return _rules(kept["text"], None)
            logger.info("robots.txt unavailable for %s (%s): allowing all", origin, exc)
            return _Robots(parser=None)
        if raw.status == 304 and kept is not None:
            self._stats["robots_not_modified"] += 1
            return _rules(kept["text"], _entry(raw, now, kept["status"], kept["text"], kept))
        if 200 <= raw.status < 300:
            content = raw.content
            if raw.truncated:
                # RFC 9309 2.5: parse at least the first 500 KiB and obey it; the line cut at the
                # limit is dropped (half an "Allow: /a…" rule would allow more than it says)
                content = content[: content.rfind(b"\n") + 1]
                logger.info(
                    "robots.txt of %s is over %d bytes: obeying its first %d",
                    origin, ROBOTS_MAX_BYTES, len(content),
                )  # fmt: skip
            text = content.decode(
                detect_encoding(content, raw.headers.get("content-type")), errors="replace"
            )
            return _rules(text, _entry(raw, now, raw.status, text))
        if 400 <= raw.status < 500 and raw.status != 429:
            logger.info("robots.txt of %s answered %d: allowing all", origin, raw.status)
            return _rules(None, _entry(raw, now, raw.status, None))
        if kept is not None:  # 5xx, 429: the host is in trouble, its last known rules hold
            logger.info("robots.txt of %s answered %d: obeying the kept copy", origin, raw.status)
            return _rules(kept["text"], None)
        logger.info("robots.txt of %s answered %d: allowing all", origin, raw.status)
        return _Robots(parser=None)


def _entry(
    raw: _Raw,
    now: dt.datetime,
    status: int,
    text: str | None,
    kept: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """What to keep of an answer (``kept``: the entry a 304 confirmed); ``None``: keep nothing."""
    age = robots_max_age(raw.headers, now)
    if age is None:
        return None
    old = kept or {}
    return {
        "status": status,
        "text": text,
        "etag": raw.headers.get("etag") or old.get("etag"),
        "last_modified": raw.headers.get("last-modified") or old.get("last_modified"),
        "fetched_at": now.isoformat(),
        "expires_at": (now + dt.timedelta(seconds=age)).isoformat(),
    }


def _valid(entry: dict[str, Any] | None) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("status"), int):
        return False
    if not isinstance(entry.get("text"), str | None):
        return False
    try:
        expires = dt.datetime.fromisoformat(str(entry.get("expires_at")))
    except ValueError:
        return False
    return expires.tzinfo is not None


def _rules(text: str | None, entry: dict[str, Any] | None) -> _Robots:
    """The rules of a robots.txt body (``None``: allow all) and what to keep of it, if anything."""
    return _Robots(parser=None if text is None else Protego.parse(text), entry=entry)
