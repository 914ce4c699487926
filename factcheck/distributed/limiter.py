"""The per-host limits shared by every worker: :class:`RedisHostLimiter` (implements ``HostLimiter``).

Start times are reserved per host in Redis (a Lua script: global spacing of ``1 / http.per_host_rate``)
and requests in flight are capped per host with expiring leases (``http.per_host_concurrency`` over all
workers).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from factcheck.config import Settings
from factcheck.distributed._redis import _redis_client
from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    import redis.asyncio

__all__ = ["RedisHostLimiter"]

_LEASE_S = 6.0  # a shared per-host slot held by a dead worker comes back after this (renewed)


# Reserve the next start time of a host: global spacing of ARGV[1] ms between request starts.
# Returns how many ms the caller waits before starting. TIME: one clock (Redis's) for all workers.
_RESERVE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, nxt)
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return start - now
"""

# Start nothing on a host for ARGV[1] ms (Retry-After): push its next start time back.
_DEFER_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local after = math.max(nxt, now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return after - now
"""

# Take one of ARGV[2] in-flight leases of a host (a sorted set token -> expiry); 1 when taken.
# Leases expire after ARGV[3] ms unless renewed, so a dead worker's slots come back soon.
_ACQUIRE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 60000)
  return 1
end
return 0
"""

# Extend a lease still held (ZADD XX: a lease that already expired is not brought back).
_RENEW_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 60000)
return 1
"""


class RedisHostLimiter:
    """Per-host limits shared by every process using the same Redis (implements ``HostLimiter``).

    ``concurrency`` requests in flight per host over all processes; request starts spaced by the
    interval the client passes (``1 / http.per_host_rate``, or robots.txt's crawl delay). A lease
    is renewed while its request runs and lapses ``lease_s`` after its holder died, so the slots of
    a killed worker come back. Redis failures raise
    :class:`~factcheck.errors.ConnectError` (a fetch error of the claim, never a verdict).
    """

    def __init__(
        self,
        client: redis.asyncio.Redis,
        *,
        concurrency: int,
        lease_s: float,
        prefix: str = "factcheck:limit",
        poll_s: float = 0.02,
    ) -> None:
        self._redis = client
        self._concurrency = concurrency
        self._lease_ms = max(1, int(lease_s * 1000))
        self._prefix = prefix
        self._poll_s = poll_s
        self._reserve = client.register_script(_RESERVE_LUA)
        self._defer = client.register_script(_DEFER_LUA)
        self._acquire = client.register_script(_ACQUIRE_LUA)
        self._renew = client.register_script(_RENEW_LUA)

    @classmethod
    def from_settings(cls, settings: Settings) -> RedisHostLimiter:
        """A limiter on ``run.broker_url`` with the ``http`` section's limits."""
        import redis.asyncio

        url = settings.run.broker_url
        _redis_client(url)  # validates the URL
        client = redis.asyncio.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        return cls(
            client,
            concurrency=settings.http.per_host_concurrency,
            lease_s=_LEASE_S,
        )

    @contextlib.asynccontextmanager
    async def slot(self, host: str, interval_s: float) -> AsyncIterator[None]:
        """Hold one of ``host``'s shared slots; start no sooner than ``interval_s`` after the last."""
        import redis

        token = uuid.uuid4().hex
        leases = f"{self._prefix}:{host}:leases"
        try:
            while not await self._acquire(
                keys=[leases], args=[token, self._concurrency, self._lease_ms]
            ):
                await asyncio.sleep(self._poll_s)
            wait_ms = await self._reserve(
                keys=[f"{self._prefix}:{host}:next"], args=[max(0, int(interval_s * 1000))]
            )
        except redis.RedisError as exc:
            raise _limiter_error(host, exc) from exc
        keeper = asyncio.create_task(self._keep(leases, token))
        try:
            if int(wait_ms) > 0:
                await asyncio.sleep(int(wait_ms) / 1000)
            yield
        finally:
            keeper.cancel()
            with contextlib.suppress(redis.RedisError):  # the lease expires anyway
                await self._redis.zrem(leases, token)

    async def _keep(self, leases: str, token: str) -> None:
        """Renew a held lease every third of its life (a long download keeps its slot)."""
        import redis

        while True:
            await asyncio.sleep(self._lease_ms / 3000)
            with contextlib.suppress(redis.RedisError):
                await self._renew(keys=[leases], args=[token, self._lease_ms])

    async def defer(self, host: str, delay_s: float) -> None:
        """Start nothing on ``host`` for ``delay_s`` seconds, in every process."""
        import redis

        try:
            await self._defer(keys=[f"{self._prefix}:{host}:next"], args=[int(delay_s * 1000)])
        except redis.RedisError as exc:
            raise _limiter_error(host, exc) from exc

    async def aclose(self) -> None:
        """Close the Redis connections."""
        await self._redis.aclose()


def _limiter_error(host: str, exc: Exception) -> FactcheckError:
    from factcheck.errors import ConnectError

    return ConnectError(f"shared rate limiter (Redis) failed for {host}: {exc}")
