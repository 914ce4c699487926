"""The one polite HTTP client: every byte factcheck fetches goes through :class:`HttpClient`.

What it does on every request (settings in :class:`factcheck.config.HttpSettings`):

* identifies itself honestly: ``factcheck/<version> (+<project URL>; <contact>)``;
* refuses any scheme but ``http``/``https`` and, after DNS resolution, private, loopback,
  link-local, reserved, multicast, unspecified, CGNAT, IPv4-mapped/embedded private and metadata
  addresses unless the host or a CIDR is in ``http.allow_private`` — again on every redirect hop.
  DNS is resolved by the guard and again by the connection, so a rebinding DNS server could still
  race the check: the guard stops user-supplied URLs and redirects into private space, not a
  hostile resolver;
* obeys robots.txt (:mod:`factcheck.http._robots`), fetched once per origin and cached; a 4xx
  robots.txt means "allow all", and so (a deliberate deviation from RFC 9309, which says
  "disallow") do a 5xx or an unreachable one, so one flaky mirror does not silently drop a
  source; ``Crawl-delay`` slows the host down. With the evidence archive, robots.txt is kept
  between runs: reused without a request while fresh (``max-age``/``Expires``, at most and by
  default 24 hours), then revalidated with a conditional request; a stale copy is obeyed while
  robots.txt answers 5xx or is unreachable;
* limits each host (``host:port``) to ``per_host_concurrency`` requests in flight and starts at
  most ``per_host_rate`` requests per second there (retries, redirect hops, robots.txt included);
* applies connect/read timeouts (httpx) and a whole-request deadline (``total_timeout_s``,
  redirects, retries and robots.txt included; time spent queueing for the per-host limits is not
  counted, so a long queue at 1 request/s does not time requests out);
* retries connect errors, 429 and 5xx with exponential backoff; ``Retry-After`` (seconds or an
  HTTP date) is a floor for the delay, and one longer than ``max_retry_after_s`` ends the retries;
* follows redirects itself (``max_redirects``, loops detected);
* caps the *decoded* body at ``max_bytes`` while streaming (a gzip bomb stops after ``max_bytes``
  of output, whatever its wire size) and pre-checks ``Content-Length``;
* detects the charset: BOM, HTTP header, HTML ``<meta>``, then charset-normalizer; GBK and
  GB2312 are decoded as their superset GB18030;
* revalidates against the archive (``If-None-Match``/``If-Modified-Since``); a 304 returns the
  archived response with ``from_archive=True``;
* offline (``offline=True``) serves only from the archive by :func:`request_fingerprint` and
  raises :class:`OfflineMissError` on a miss, never opening a socket.

Every failure is a :class:`factcheck.errors.FetchError` subclass carrying ``url`` and
``fetcher``; httpx exceptions are translated in one place, :func:`translate_httpx_errors`.

Tests that use :class:`httpx.MockTransport` with public host names should pass a ``resolver``
(e.g. ``lambda host: ["93.184.216.34"]``) so the guard does not consult real DNS.
"""

from factcheck.http._client import HttpClient
from factcheck.http._decode import decode_body, detect_encoding
from factcheck.http._errors import HTTPX_ERROR_MAP, translate_httpx_errors
from factcheck.http._guard import is_blocked_address
from factcheck.http._limits import parse_retry_after
from factcheck.http._models import (
    PROJECT_URL,
    RETRY_STATUSES,
    FetchResponse,
    HostLimiter,
    Resolver,
    ResponseArchive,
    request_fingerprint,
    user_agent,
)
from factcheck.http._sync import LoopThread, run_sync

__all__ = [
    "HTTPX_ERROR_MAP",
    "PROJECT_URL",
    "RETRY_STATUSES",
    "FetchResponse",
    "HostLimiter",
    "HttpClient",
    "LoopThread",
    "Resolver",
    "ResponseArchive",
    "decode_body",
    "detect_encoding",
    "is_blocked_address",
    "parse_retry_after",
    "request_fingerprint",
    "run_sync",
    "translate_httpx_errors",
    "user_agent",
]
