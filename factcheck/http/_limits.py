"""Per-host politeness: a concurrency cap plus start spacing per host, and ``Retry-After``.

:class:`_HostLimiter` is the client's own limiter for one ``host:port``; a
:class:`~factcheck.http.HostLimiter` shared across processes (``factcheck.distributed``) is applied
on top. Time spent queueing for a host does not count against the request's total deadline
(:func:`_deadline_paused`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import email.utils
import time
from collections.abc import AsyncIterator, Iterator

__all__ = ["parse_retry_after"]

# The total deadline of the request running in this task; paused while it queues for a host.
_DEADLINE: contextvars.ContextVar[asyncio.Timeout | None] = contextvars.ContextVar(
    "factcheck_http_deadline", default=None
)


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Parse a ``Retry-After`` value (delta seconds or HTTP date) into seconds from ``now``.

    Returns ``None`` when absent or unparseable; a date in the past gives ``0.0``.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():  # str.isdigit() also accepts "²" and "①"
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


@contextlib.contextmanager
def _deadline_paused() -> Iterator[None]:
    """Stop the running request's total deadline while it queues for a host slot."""
    deadline = _DEADLINE.get()
    when = deadline.when() if deadline is not None else None
    if deadline is None or when is None or deadline.expired():
        yield
        return
    loop = asyncio.get_running_loop()
    remaining = when - loop.time()
    deadline.reschedule(None)
    try:
        yield
    finally:
        deadline.reschedule(loop.time() + max(remaining, 0.0))


class _HostLimiter:
    """Concurrency semaphore plus a start-time spacing of ``1/rate`` seconds for one host.

    Requests start one at a time, each at least ``interval_s`` after the previous one *actually*
    started: a start is timed when it happens, not when it was planned, so after the event loop
    stalls (a busy machine) the overdue requests still go one interval apart, never as a burst.
    """

    def __init__(self, rate: float, concurrency: int) -> None:
        self.interval_s = 1.0 / rate
        self._semaphore = asyncio.Semaphore(concurrency)
        self._start_lock = asyncio.Lock()
        self._next_start = 0.0
        self._last_start: float | None = None
        self.in_flight = 0
        self.max_in_flight = 0
        self.min_gap_s: float | None = None  # smallest time between two starts (benches, tests)

    def defer(self, delay_s: float) -> None:
        """Start nothing on this host for ``delay_s`` seconds (a Retry-After the host asked for)."""
        self._next_start = max(self._next_start, time.monotonic() + delay_s)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        with _deadline_paused():
            await self._semaphore.acquire()
        try:
            with _deadline_paused():
                async with self._start_lock:  # FIFO: one waiter times its start at a time
                    while (wait_s := self._next_start - time.monotonic()) > 0:
                        await asyncio.sleep(wait_s)  # defer() may move _next_start meanwhile
                    started = time.monotonic()
                    self._next_start = started + self.interval_s
            if self._last_start is not None:
                gap = started - self._last_start
                self.min_gap_s = gap if self.min_gap_s is None else min(self.min_gap_s, gap)
            self._last_start = started
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                yield
            finally:
                self.in_flight -= 1
        finally:
            self._semaphore.release()
