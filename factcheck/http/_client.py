"""The client: :class:`HttpClient` composes the guard, robots.txt, the per-host limits, retries,
redirects, the streamed size cap and the archive (the policies are listed in :mod:`factcheck.http`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import urljoin

import httpx

from factcheck.config import Settings, parse_allowed_origin
from factcheck.errors import (
    BlockedAddressError,
    ConnectError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    OfflineMissError,
    TooLargeError,
    TooManyRedirectsError,
)
from factcheck.http._decode import _BodyDecoder, detect_encoding
from factcheck.http._errors import _is_retryable_error, translate_httpx_errors
from factcheck.http._guard import AddressGuard
from factcheck.http._limits import _DEADLINE, _deadline_paused, _HostLimiter, parse_retry_after
from factcheck.http._models import (
    RETRY_STATUSES,
    FetchResponse,
    HostLimiter,
    Resolver,
    ResponseArchive,
    _canonical_url,
    _host_key,
    _origin,
    _Raw,
    request_fingerprint,
    user_agent,
)
from factcheck.http._robots import ROBOTS_MAX_BYTES, _RobotsRules
from factcheck.http._sync import in_io_thread

__all__ = ["HttpClient"]

logger = logging.getLogger("factcheck.http")

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DROPPED_ON_CROSS_ORIGIN = frozenset({"authorization", "cookie"})


_STATS = (
    *("requests", "retries", "redirects", "robots_fetched", "robots_denied", "blocked", "errors"),
    *("robots_cached", "robots_not_modified"),
    *("archive_hits", "fresh_hits", "not_modified", "recorded", "bytes"),
)


class HttpClient:
    """The one polite HTTP client (see the module docstring for the policies it applies).

    ``transport`` replaces the network (``httpx.MockTransport`` in tests); ``archive`` records every
    final response and serves conditional requests and offline replay; ``resolver`` replaces DNS for
    the private-address guard; ``limiter`` adds per-host limits shared with other processes. Use as
    ``async with HttpClient(settings) as client: ...``.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        archive: ResponseArchive | None = None,
        offline: bool = False,
        resolver: Resolver | None = None,
        limiter: HostLimiter | None = None,
    ) -> None:
        self.settings = settings
        self._shared_limiter = limiter
        self.http = settings.http
        self.user_agent = user_agent(settings.contact)
        self.offline = offline
        self._transport = transport
        self.archive = self._archive = archive  # public: fetchers keep extracted text in it
        self._client: httpx.AsyncClient | None = None
        self._limiters: dict[str, _HostLimiter] = {}
        self._guard = AddressGuard(
            resolver, [parse_allowed_origin(entry) for entry in settings.http.allow_private]
        )
        self.stats: dict[str, int] = dict.fromkeys(_STATS, 0)
        self._robots = _RobotsRules(self._get_robots, self.stats, self._slow_down, archive)
        # kept only when a run asks (pipeline._rerun); a worker's long-lived client keeps neither
        self.used: dict[str, dict[str, tuple[str, str, str, str | None]]] | None = None
        self.current: set[str] | None = None
        if offline and archive is None:
            logger.warning("offline HttpClient without an archive: every request will miss")

    # -- lifecycle ------------------------------------------------------------------------

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (no-op when nothing was opened)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _httpx(self) -> httpx.AsyncClient:
        if self.offline:  # defensive: offline code paths never get here
            raise RuntimeError("offline HttpClient must not open connections")
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(
                    connect=self.http.connect_timeout_s,
                    read=self.http.read_timeout_s,
                    write=self.http.read_timeout_s,
                    pool=self.http.total_timeout_s,
                ),
                follow_redirects=False,
                trust_env=False,  # no proxy or certificate settings from the environment
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            )
        return self._client

    def host_stats(self) -> dict[str, dict[str, float | None]]:
        """Per-host limiter numbers for benches and logs: ``max_in_flight``, ``interval_s`` and
        ``min_gap_s`` (shortest time between two request starts on the host; ``None`` before two)."""
        return {
            host: {
                "max_in_flight": lim.max_in_flight,
                "interval_s": lim.interval_s,
                "min_gap_s": lim.min_gap_s,
            }
            for host, lim in self._limiters.items()
        }

    # -- public API -----------------------------------------------------------------------

    async def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        fetcher: str | None = None,
        query: str | None = None,
        claim_id: str | None = None,
    ) -> FetchResponse:
        """GET ``url`` (``params`` merged into its query); raise only :class:`FetchError`.

        A final status >= 400 raises :class:`factcheck.errors.HTTPStatusError` (with ``status``).
        """
        return await self._request(
            "GET", url, params=params, headers=headers, body=None, fetcher=fetcher, query=query,
            claim_id=claim_id,
        )  # fmt: skip

    async def post_json(
        self,
        url: str,
        payload: Any,
        *,
        headers: Mapping[str, str] | None = None,
        fetcher: str | None = None,
        query: str | None = None,
        claim_id: str | None = None,
    ) -> FetchResponse:
        """POST ``payload`` as JSON; same policies and errors as :meth:`get`."""
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        merged = {"Content-Type": "application/json", **(headers or {})}
        return await self._request(
            "POST", url, params=None, headers=merged, body=body, fetcher=fetcher, query=query,
            claim_id=claim_id,
        )  # fmt: skip

    async def post_form(
        self,
        url: str,
        data: Mapping[str, str],
        *,
        headers: Mapping[str, str] | None = None,
        fetcher: str | None = None,
        query: str | None = None,
        claim_id: str | None = None,
    ) -> FetchResponse:
        """POST ``data`` form-encoded (e.g. a long SPARQL query); same policies as :meth:`get`."""
        body = str(httpx.QueryParams(sorted(data.items()))).encode("ascii")
        merged = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return await self._request(
            "POST", url, params=None, headers=merged, body=body, fetcher=fetcher, query=query,
            claim_id=claim_id,
        )  # fmt: skip

    # -- request pipeline -----------------------------------------------------------------

    async def _request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        body: bytes | None,
        fetcher: str | None,
        query: str | None,
        claim_id: str | None,
    ) -> FetchResponse:
        full_url = url
        try:
            full_url = str(_canonical_url(url, params))
            fingerprint = request_fingerprint(method, url, params, body)
            if self.offline:
                return self._use(
                    claim_id, fingerprint, self._replay(fingerprint, full_url, fetcher)
                )
            try:
                async with asyncio.timeout(self.http.total_timeout_s) as deadline:
                    token = _DEADLINE.set(deadline)
                    try:
                        response = await self._fetch(
                            method, full_url, fingerprint, dict(headers or {}), body, fetcher,
                            query, claim_id,
                        )  # fmt: skip
                        return self._use(claim_id, fingerprint, response, method)
                    finally:
                        _DEADLINE.reset(token)
            except TimeoutError as exc:
                raise FetchTimeoutError(
                    f"total timeout of {self.http.total_timeout_s:g}s exceeded",
                    url=full_url,
                    fetcher=fetcher,
                ) from exc
        except FetchError as exc:
            self.stats["errors"] += 1
            if exc.fetcher is None:
                exc.fetcher = fetcher
            if exc.url is None:
                exc.url = full_url
            logger.info("fetch failed: %s", exc)
            raise

    def _use(self, claim: str | None, fp: str, got: FetchResponse, m: str = "GET") -> FetchResponse:
        """Note what a claim's evidence rests on and that ``fp`` is current (when asked to)."""
        if self.current is not None:
            self.current.add(fp)
        if claim is not None and self.used is not None:
            self.used.setdefault(claim, {})[fp] = (m, got.url, got.sha256, got.fetcher)
        return got

    def _is_fresh(self, cached: FetchResponse, fingerprint: str) -> bool:
        if self.current is not None and fingerprint in self.current:  # fetched this run already
            return True
        if self.http.fresh_for_s <= 0:
            return False
        age_s = (dt.datetime.now(dt.UTC) - cached.fetched_at).total_seconds()
        return 0 <= age_s < self.http.fresh_for_s

    def _replay(self, fingerprint: str, url: str, fetcher: str | None) -> FetchResponse:
        cached = self._archive.lookup(fingerprint) if self._archive is not None else None
        if cached is None:
            raise OfflineMissError(
                "offline: the evidence archive holds no response for this request",
                url=url,
                fetcher=fetcher,
            )
        self.stats["archive_hits"] += 1
        if cached.status >= 400:
            raise HTTPStatusError(
                f"HTTP {cached.status} (archived)", status=cached.status, url=url, fetcher=fetcher
            )
        return dataclasses.replace(cached, from_archive=True, fetcher=fetcher)

    async def _fetch(
        self,
        method: str,
        url: str,
        fingerprint: str,
        headers: dict[str, str],
        body: bytes | None,
        fetcher: str | None,
        query: str | None,
        claim_id: str | None,
    ) -> FetchResponse:
        cached = None
        if self._archive is not None:  # file I/O and hashing: keep it off the event loop
            cached = await in_io_thread(self._archive.lookup, fingerprint)
        if cached is not None and cached.status == 200 and self._is_fresh(cached, fingerprint):
            # fetched recently enough (http.fresh_for_s): no request at all, not even a revalidation
            self.stats["fresh_hits"] += 1
            return dataclasses.replace(cached, from_archive=True, fetcher=fetcher)
        if cached is not None and cached.status == 200:
            lower = {k.lower() for k in headers}
            if cached.headers.get("etag") and "if-none-match" not in lower:
                headers["If-None-Match"] = cached.headers["etag"]
            if cached.headers.get("last-modified") and "if-modified-since" not in lower:
                headers["If-Modified-Since"] = cached.headers["last-modified"]
        else:
            cached = None
        raw = await self._with_retries(method, url, headers, body, fetcher)
        if raw.status == 304 and cached is not None:
            self.stats["not_modified"] += 1
            return dataclasses.replace(cached, from_archive=True, fetcher=fetcher)
        response = FetchResponse(
            url=url,
            final_url=raw.url,
            status=raw.status,
            headers=raw.headers,
            content=raw.content,
            encoding=detect_encoding(raw.content, raw.headers.get("content-type")),
            fetched_at=dt.datetime.now(dt.UTC),
            fetcher=fetcher,
        )
        if self._archive is not None and raw.status not in RETRY_STATUSES:
            await in_io_thread(
                self._archive.record,
                fingerprint,
                response,
                fetcher=fetcher,
                query=query,
                claim_id=claim_id,
            )
            self.stats["recorded"] += 1
        if raw.status >= 400:
            raise HTTPStatusError(f"HTTP {raw.status}", status=raw.status, url=raw.url)
        return response

    async def _with_retries(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        fetcher: str | None,
    ) -> _Raw:
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            failure: FetchError | None = None
            raw: _Raw | None = None
            try:
                raw = await self._follow(method, url, headers, body, fetcher, check_robots=True)
            except (ConnectError, FetchTimeoutError) as exc:
                if not _is_retryable_error(exc):
                    raise
                failure = exc
            delay = self.http.backoff_s * (2**attempt)
            if raw is not None:
                if raw.status not in RETRY_STATUSES:
                    return raw
                retry_after = parse_retry_after(raw.headers.get("retry-after"))
                if retry_after is not None:
                    if retry_after > self.http.max_retry_after_s:
                        raise HTTPStatusError(
                            f"HTTP {raw.status}; Retry-After {retry_after:g}s exceeds "
                            f"max_retry_after_s={self.http.max_retry_after_s:g}",
                            status=raw.status,
                            url=raw.url,
                        )
                    delay = max(delay, retry_after)
                    self._limiter(httpx.URL(raw.url)).defer(retry_after)
                    if self._shared_limiter is not None:
                        await self._shared_limiter.defer(_host_key(httpx.URL(raw.url)), retry_after)
            deadline = _DEADLINE.get()
            when = deadline.when() if deadline is not None else None
            if attempt >= self.http.retries or (when is not None and loop.time() + delay > when):
                if failure is not None:
                    raise failure
                assert raw is not None
                return raw  # the caller turns the status into HTTPStatusError
            attempt += 1
            self.stats["retries"] += 1
            logger.debug("retry %d for %s in %.2fs", attempt, url, delay)
            await asyncio.sleep(delay)

    async def _follow(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        fetcher: str | None,
        *,
        check_robots: bool,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> _Raw:
        seen = {url}
        current = url
        origin = _origin(httpx.URL(url))
        for hop in range(self.http.max_redirects + 1):
            target = await self._check_url(current, fetcher, check_robots=check_robots)
            raw = await self._send_once(method, target, headers, body, fetcher, max_bytes, truncate)
            location = raw.headers.get("location")
            if raw.status not in _REDIRECT_STATUSES or not location:
                return raw
            if hop >= self.http.max_redirects:
                raise TooManyRedirectsError(
                    f"more than {self.http.max_redirects} redirects", url=current, fetcher=fetcher
                )
            nxt = urljoin(current, location.strip())
            if nxt in seen:
                raise TooManyRedirectsError(f"redirect loop back to {nxt}", url=current)
            seen.add(nxt)
            self.stats["redirects"] += 1
            if raw.status == 303 or (raw.status in (301, 302) and method == "POST"):
                method, body = "GET", None
                headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
            new_origin = _origin(_canonical_url(nxt)) if _scheme_ok(nxt) else origin
            if new_origin != origin:
                headers = {
                    k: v for k, v in headers.items() if k.lower() not in _DROPPED_ON_CROSS_ORIGIN
                }
                origin = new_origin
            current = nxt
        raise TooManyRedirectsError("redirect limit reached", url=current, fetcher=fetcher)

    async def _check_url(self, url: str, fetcher: str | None, *, check_robots: bool) -> httpx.URL:
        parsed = _canonical_url(url)
        if parsed.scheme not in ("http", "https"):
            raise InvalidURLError(
                f"refused URL scheme {parsed.scheme!r} (only http and https)",
                url=url,
                fetcher=fetcher,
            )
        if not parsed.host:
            raise InvalidURLError("URL has no host", url=url, fetcher=fetcher)
        try:
            await self._guard.check(parsed, fetcher)
        except BlockedAddressError:
            self.stats["blocked"] += 1
            raise
        if check_robots and self.http.respect_robots:
            await self._robots.check(url, parsed, fetcher)
        return parsed

    def _limiter(self, url: httpx.URL) -> _HostLimiter:
        key = _host_key(url)
        limiter = self._limiters.get(key)
        if limiter is None:
            limiter = _HostLimiter(self.http.per_host_rate, self.http.per_host_concurrency)
            self._limiters[key] = limiter
        return limiter

    def _shared_slot(self, url: httpx.URL) -> contextlib.AbstractAsyncContextManager[None]:
        if self._shared_limiter is None:
            return contextlib.nullcontext()
        return self._shared_limiter.slot(_host_key(url), self._limiter(url).interval_s)

    def _slow_down(self, url: httpx.URL, delay_s: float) -> None:
        """A robots.txt ``Crawl-delay``: space the host's starts by it (capped)."""
        limiter = self._limiter(url)
        limiter.interval_s = max(limiter.interval_s, min(delay_s, self.http.max_retry_after_s))

    async def _get_robots(self, url: str, fetcher: str | None, headers: dict[str, str]) -> _Raw:
        return await self._follow(
            "GET", url, headers, None, fetcher, check_robots=False,
            max_bytes=ROBOTS_MAX_BYTES, truncate=True,
        )  # fmt: skip

    async def _send_once(
        self,
        method: str,
        url: httpx.URL,
        headers: dict[str, str],
        body: bytes | None,
        fetcher: str | None,
        max_bytes: int | None,
        truncate: bool = False,
    ) -> _Raw:
        """Send one request; read at most the cap (``truncate``: keep the first cap bytes)."""
        cap = max_bytes or self.http.max_bytes
        where = str(url)
        client = self._httpx()
        async with self._limiter(url).slot(), contextlib.AsyncExitStack() as shared:
            with _deadline_paused():
                await shared.enter_async_context(self._shared_slot(url))
            self.stats["requests"] += 1
            with translate_httpx_errors(where, fetcher):
                request = client.build_request(method, url, headers=headers, content=body)
                response = await client.send(request, stream=True)
                try:
                    declared = response.headers.get("content-length")
                    over = declared and declared.strip().isdigit() and int(declared) > cap
                    if over and not truncate:
                        raise TooLargeError(
                            f"Content-Length {int(declared)} exceeds {cap} bytes",
                            url=where,
                            fetcher=fetcher,
                        )
                    if response.is_stream_consumed:
                        # httpx.MockTransport reads (and decodes) the body before returning it.
                        decoder = _BodyDecoder(None, where)
                        chunks: AsyncIterator[bytes] = response.aiter_bytes()
                    else:
                        decoder = _BodyDecoder(response.headers.get("content-encoding"), where)
                        chunks = response.aiter_raw()
                    out = bytearray()
                    truncated = False
                    async for chunk in chunks:
                        self.stats["bytes"] += len(chunk)
                        for piece in decoder.feed(chunk, cap - len(out)):
                            out += piece
                            if len(out) > cap:
                                if not truncate:
                                    raise TooLargeError(
                                        f"body exceeds {cap} bytes (decoded)",
                                        url=where,
                                        fetcher=fetcher,
                                    )
                                del out[cap:]
                                truncated = True
                                break
                        if truncated:
                            break
                finally:
                    await response.aclose()
        return _Raw(
            url=where,
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=bytes(out),
            truncated=truncated,
        )


def _scheme_ok(url: str) -> bool:
    return url.split(":", 1)[0].lower() in ("http", "https")
