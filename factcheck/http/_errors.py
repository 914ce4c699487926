"""The one place httpx exceptions are translated into :class:`factcheck.errors.FetchError`.

:data:`HTTPX_ERROR_MAP` lists every httpx exception family, most specific first;
:func:`translate_httpx_errors` wraps each call into httpx and chains the cause.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx

from factcheck.errors import (
    ConnectError,
    ContentError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    TooManyRedirectsError,
)

__all__ = ["HTTPX_ERROR_MAP", "translate_httpx_errors"]

# Most specific first: the first matching class wins (a ConnectTimeout is a TimeoutException and
# must not fall through to the generic transport error).
HTTPX_ERROR_MAP: tuple[tuple[type[Exception], type[FetchError], str], ...] = (
    (httpx.ConnectTimeout, FetchTimeoutError, "connect timeout"),
    (httpx.ReadTimeout, FetchTimeoutError, "read timeout"),
    (httpx.WriteTimeout, FetchTimeoutError, "write timeout"),
    (httpx.PoolTimeout, FetchTimeoutError, "connection pool timeout"),
    (httpx.TimeoutException, FetchTimeoutError, "timeout"),
    (httpx.ConnectError, ConnectError, "connection failed"),
    (httpx.ProxyError, ConnectError, "proxy error"),
    (httpx.ReadError, ConnectError, "connection broke while reading"),
    (httpx.WriteError, ConnectError, "connection broke while writing"),
    (httpx.CloseError, ConnectError, "connection close failed"),
    (httpx.RemoteProtocolError, ConnectError, "server broke the HTTP protocol"),
    (httpx.LocalProtocolError, ConnectError, "invalid request for the HTTP protocol"),
    (httpx.ProtocolError, ConnectError, "HTTP protocol error"),
    (httpx.NetworkError, ConnectError, "network error"),
    (httpx.UnsupportedProtocol, InvalidURLError, "unsupported URL scheme"),
    (httpx.DecodingError, ContentError, "cannot decode body"),
    (httpx.TooManyRedirects, TooManyRedirectsError, "too many redirects"),
    (httpx.HTTPStatusError, HTTPStatusError, "error status"),
    (httpx.TransportError, ConnectError, "transport error"),
    (httpx.RequestError, FetchError, "request failed"),
    (httpx.InvalidURL, InvalidURLError, "invalid URL"),
    (httpx.StreamError, ContentError, "response stream misused"),
    (httpx.HTTPError, FetchError, "HTTP error"),
)


def _translate(exc: Exception, url: str | None, fetcher: str | None) -> FetchError:
    where = url
    if isinstance(exc, httpx.RequestError):
        with contextlib.suppress(RuntimeError):  # .request raises when the error has none
            where = str(exc.request.url)
    for source, target, label in HTTPX_ERROR_MAP:
        if isinstance(exc, source):
            message = f"{label}: {exc}" if str(exc) else label
            if target is HTTPStatusError:
                assert isinstance(exc, httpx.HTTPStatusError)
                return HTTPStatusError(
                    message, status=exc.response.status_code, url=where, fetcher=fetcher
                )
            return target(message, url=where, fetcher=fetcher)
    return FetchError(f"unexpected error: {exc!r}", url=where, fetcher=fetcher)


@contextlib.contextmanager
def translate_httpx_errors(url: str | None, fetcher: str | None) -> Iterator[None]:
    """Translate any httpx exception raised inside into the matching :class:`FetchError`."""
    try:
        yield
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
        raise _translate(exc, url, fetcher) from exc


def _is_retryable_error(exc: FetchError) -> bool:
    if isinstance(exc, ConnectError):
        return True
    cause = exc.__cause__
    return isinstance(exc, FetchTimeoutError) and isinstance(cause, httpx.ConnectTimeout)
