"""The Redis-backed per-host limiter shared by worker processes, and the module's import hygiene."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
import threading
import time
import uuid

import pytest
import redis.asyncio

from factcheck.config import Settings
from factcheck.distributed import RedisHostLimiter, create_app, task_id_for

pytestmark = pytest.mark.redis


_LOCK = threading.Lock()


def _hammer(
    redis_url: str,
    prefix: str,
    host: str,
    n: int,
    interval_s: float,
    starts: list[float],
    in_flight: list[int],
) -> None:
    """One "process": its own event loop and Redis client, ``n`` concurrent requests to ``host``."""

    async def main() -> None:
        limiter = RedisHostLimiter(
            redis.asyncio.Redis.from_url(redis_url), concurrency=2, lease_s=5, prefix=prefix
        )

        async def one() -> None:
            async with limiter.slot(host, interval_s):
                with _LOCK:
                    starts.append(time.monotonic())
                    in_flight[0] += 1
                    in_flight[1] = max(in_flight[1], in_flight[0])
                await asyncio.sleep(interval_s * 3)  # requests outlast the spacing
                with _LOCK:
                    in_flight[0] -= 1

        await asyncio.gather(*(one() for _ in range(n)))
        await limiter.aclose()

    asyncio.run(main())


def test_two_limiters_share_spacing_and_concurrency(redis_url: str) -> None:
    prefix = f"factcheck:test-limit:{uuid.uuid4().hex[:8]}"
    host, interval = "example.org:443", 0.15  # wide enough that scheduling jitter cannot fake a gap
    starts: list[float] = []
    in_flight = [0, 0]  # now, most at once (over both "processes")
    threads = [
        threading.Thread(
            target=_hammer, args=(redis_url, prefix, host, 10, interval, starts, in_flight)
        )
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(starts) == 20
    starts.sort()
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= interval * 0.7, f"starts closer than the interval: {min(gaps):.3f}s"
    assert in_flight[1] == 2, "the cap (2) is shared by both and reached"


def test_defer_pushes_every_limiter_back(redis_url: str) -> None:
    prefix = f"factcheck:test-limit:{uuid.uuid4().hex[:8]}"

    async def main() -> float:
        a = RedisHostLimiter(
            redis.asyncio.Redis.from_url(redis_url), concurrency=2, lease_s=5, prefix=prefix
        )
        b = RedisHostLimiter(
            redis.asyncio.Redis.from_url(redis_url), concurrency=2, lease_s=5, prefix=prefix
        )
        await a.defer("h:80", 0.4)  # a Retry-After seen by one worker
        began = time.monotonic()
        async with b.slot("h:80", 0.01):  # holds for the other
            waited = time.monotonic() - began
        await a.aclose()
        await b.aclose()
        return waited

    assert asyncio.run(main()) >= 0.3


def test_app_is_built_lazily_with_redelivery_settings() -> None:
    code = (
        "import sys, factcheck, factcheck.distributed, factcheck.cli; "
        "print('celery' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "importing factcheck must not import celery"
    app = create_app(Settings(run={"broker_url": "redis://127.0.0.1:6379/13"}))  # type: ignore[arg-type]
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options["visibility_timeout"] == 600.0
    assert "factcheck.check_claim" in app.tasks
    assert task_id_for(7, "a-c001") == "factcheck:7:a-c001"


def test_leases_are_renewed_while_held_and_lapse_when_the_holder_dies(redis_url: str) -> None:
    prefix = f"factcheck:test-limit:{uuid.uuid4().hex[:8]}"

    async def main() -> tuple[float, float]:
        def make() -> RedisHostLimiter:
            return RedisHostLimiter(
                redis.asyncio.Redis.from_url(redis_url), concurrency=1, lease_s=0.3, prefix=prefix
            )

        a, b = make(), make()
        began = time.monotonic()

        async def hold() -> None:
            async with a.slot("h:80", 0):
                await asyncio.sleep(1.0)  # > 3 lease lives: only renewal keeps the slot

        holder = asyncio.create_task(hold())
        await asyncio.sleep(0.1)
        async with b.slot("h:80", 0):
            waited_live = time.monotonic() - began
        await holder
        # a "dead worker": a lease taken and never renewed nor released
        dead = make()
        await dead._acquire(keys=[f"{prefix}:h:80:leases"], args=["dead", 1, 300])
        began = time.monotonic()
        async with b.slot("h:80", 0):
            waited_dead = time.monotonic() - began
        for lim in (a, b, dead):
            await lim.aclose()
        return waited_live, waited_dead

    waited_live, waited_dead = asyncio.run(main())
    assert waited_live >= 0.95, "the renewed lease kept the only slot until released"
    # a lower bound holds on any machine; the upper one only says "lapsed" (a held lease would
    # block until the test's timeout), with room for a busy machine's scheduling
    assert 0.2 <= waited_dead <= 3.0, "a dead holder's lease lapses after its lease time"
