"""What the worker, the coordinator and the limiter share: task ids, Redis keys, the Redis client."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.errors import ConfigError

if TYPE_CHECKING:
    import redis

__all__ = ["TASK_NAME", "store_key", "task_id_for"]

TASK_NAME = "factcheck.check_claim"
_KEY_TTL_S = 86400  # bookkeeping of a run (events, errored) outlives it by a day, for inspection


def task_id_for(run_id: int, claim_id: str) -> str:
    """The Celery task id of one claim of one run."""
    return f"factcheck:{run_id}:{claim_id}"


def store_key(store_url: str) -> str:
    """A short name for a store (its URL, password hidden) that namespaces Redis keys."""
    return hashlib.sha256(store_url.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class _RunKeys:
    """Redis keys of one run's bookkeeping."""

    prefix: str

    @classmethod
    def of(cls, store_url: str, run_id: int) -> _RunKeys:
        return cls(f"factcheck:{store_key(store_url)}:run:{run_id}")

    @property
    def events(self) -> str:
        return f"{self.prefix}:events"

    @property
    def errored(self) -> str:
        return f"{self.prefix}:errored"

    def claim_lock(self, claim_id: str) -> str:
        return f"{self.prefix}:lock:{claim_id}"


def _redis_client(url: str) -> redis.Redis:
    import redis

    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"run.broker_url: {url!r} is not a Redis URL (redis://host:port/db)")
    return redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
