"""robots.txt for one client: fetched once per origin, obeyed by product token, ``Crawl-delay``
passed on to the host's limiter (the policy is described in :mod:`factcheck.http`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
from protego import Protego

from factcheck.errors import FetchError, RobotsDeniedError
from factcheck.http._decode import detect_encoding
from factcheck.http._models import _origin, _Raw

__all__ = ["ROBOTS_MAX_BYTES", "ROBOTS_TOKEN"]

logger = logging.getLogger("factcheck.http")

ROBOTS_TOKEN = "factcheck"
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least the first 500 KiB (the rest is ignored)

GetRobots = Callable[[str, str | None], Awaitable[_Raw]]
"""GET a robots.txt URL for a fetcher, robots unchecked, keeping its first ``ROBOTS_MAX_BYTES``."""


@dataclass
class _Robots:
    parser: Protego | None  # None: allow everything
    fetched: bool = field(default=True)


class _RobotsRules:
    """The robots.txt of each origin a client talks to, fetched once through ``get``."""

    def __init__(
        self,
        get: GetRobots,
        stats: dict[str, int],
        slow_down: Callable[[httpx.URL, float], None],
    ) -> None:
        self._get = get
        self._stats = stats
        self._slow_down = slow_down
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
            robots = await self._fetch_robots(origin, fetcher)
            self._robots[origin] = robots
            if robots.parser is not None:
                delay = robots.parser.crawl_delay(ROBOTS_TOKEN)
                if delay:
                    self._slow_down(url, float(delay))
            return robots

    async def _fetch_robots(self, origin: str, fetcher: str | None) -> _Robots:
        robots_url = f"{origin}/robots.txt"
        self._stats["robots_fetched"] += 1
        try:
            raw = await self._get(robots_url, fetcher)
        except FetchError as exc:  # includes a robots.txt redirect into refused space
            logger.info("robots.txt unavailable for %s (%s): allowing all", origin, exc)
            return _Robots(parser=None)
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
            return _Robots(parser=Protego.parse(text))
        logger.info("robots.txt of %s answered %d: allowing all", origin, raw.status)
        return _Robots(parser=None)
