"""Which fetchers are configured and whether their services answer (``factcheck doctor``).

A fetcher may define ``probe_request() -> (url, params) | None``: one cheap request whose answer its
own parser must read (a siteinfo query for MediaWiki, an entity search for Wikidata, a JSON search
for SearXNG — which also tells whether the instance has the ``json`` format enabled). The probe goes
through the one polite HTTP client like every other request (user agent, robots.txt, limits).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from factcheck.errors import FetchError
from factcheck.fetchers.base import (
    FetcherRegistry,
    UnknownFetcherError,
    default_registry,
    load_fetchers,
)

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = ["FetcherStatus", "check_fetchers"]

State = Literal["ok", "unreachable", "disabled", "no probe"]


@dataclass(frozen=True)
class FetcherStatus:
    """One fetcher: configured or not, and what its probe request answered."""

    name: str
    state: State
    detail: str
    url: str | None = None
    elapsed_ms: float | None = None


async def check_fetchers(
    settings: Settings,
    client: HttpClient,
    names: Sequence[str] | None = None,
    *,
    registry: FetcherRegistry | None = None,
) -> list[FetcherStatus]:
    """Build the fetchers like a run does and send each one's probe request (one at a time)."""
    registry = registry or default_registry()
    wanted = list(names) if names else registry.names()
    out: list[FetcherStatus] = []
    for name in wanted:
        try:
            fetchers, disabled = load_fetchers(settings, client, [name], registry=registry)
        except UnknownFetcherError as exc:
            out.append(FetcherStatus(name, "disabled", str(exc)))
            continue
        if name in disabled:
            out.append(FetcherStatus(name, "disabled", disabled[name].removeprefix("disabled: ")))
            continue
        fetcher = fetchers[0]
        probe: Callable[[], tuple[str, dict[str, str], Callable[[bytes, str], Any]] | None] | None
        probe = getattr(fetcher, "probe_request", None)
        request = probe() if probe is not None else None
        if request is None:
            out.append(FetcherStatus(name, "no probe", "configured; nothing to contact"))
            continue
        url, params, parse = request
        started = time.perf_counter()
        try:
            resp = await client.get(url, params=params, fetcher=name, query="doctor")
            parse(resp.content, resp.url)
        except FetchError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            out.append(FetcherStatus(name, "unreachable", str(exc), url, round(elapsed, 1)))
            continue
        elapsed = (time.perf_counter() - started) * 1000
        out.append(FetcherStatus(name, "ok", f"HTTP {resp.status}", resp.url, round(elapsed, 1)))
    return out
