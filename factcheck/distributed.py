"""Distributed runs on Celery with a Redis broker: one task per claim, workers on many machines.

``factcheck run --backend celery`` calls :func:`run_distributed`, the coordinator: it validates the
claim files (exit 2 before any work), takes the run lock, starts (or resumes) the run in the store,
records the claims, enqueues one task per claim and waits until every claim has a verdict in the
store or is recorded as errored, then closes the run and returns the same :class:`RunSummary` as a
local run. ``factcheck worker`` calls :func:`start_worker`.

Guarantees:

- A task is keyed by run and claim (task id ``factcheck:<run>:<claim>``) and idempotent: it skips a
  claim that already has a verdict in the run, and a per-claim lock in Redis keeps two deliveries of
  the same claim from verifying it at once. The store keeps one verdict per (run, claim).
- Tasks are acknowledged late (after the verdict is committed) with a prefetch of one, so a worker
  that dies loses nothing: its unacknowledged claims go back to the queue (prefork children at once,
  a whole dead worker after ``run.visibility_timeout_s``) and another worker picks them up.
- Errored claims (no document and fetch errors, or an exception in the task) get no verdict, like
  in a local run; the fetch errors are rows of the store and the claim is put in the Redis hash
  ``factcheck:<store>:run:<id>:errored`` (claim id → reason), which the coordinator reads. Every
  outcome is also appended to the list ``…:events`` (progress; kept a day).
- Per-host politeness holds across workers: :class:`RedisHostLimiter` reserves start times per host
  in Redis (a Lua script: global spacing of ``1 / http.per_host_rate``) and caps requests in flight
  per host with expiring leases (``http.per_host_concurrency`` over all workers).

No Celery app exists at import time: :func:`create_app` builds one from settings.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from factcheck.claims import load_claim_files
from factcheck.config import Settings
from factcheck.errors import (
    ConfigError,
    FactcheckError,
    QueueError,
    RunInterruptedError,
    RunLockLostError,
    StoreError,
)
from factcheck.models import Article, Claim
from factcheck.pipeline import (
    ClaimOutcome,
    ClaimTask,
    ClaimVerifier,
    RunOptions,
    RunSummary,
    check_claim,
    select_claims,
    summarize_run,
)

if TYPE_CHECKING:
    import redis
    import redis.asyncio

    from factcheck.fetchers.base import Fetcher
    from factcheck.http import HttpClient
    from factcheck.store import RunInfo, Store

__all__ = [
    "TASK_NAME",
    "RedisHostLimiter",
    "create_app",
    "run_distributed",
    "start_worker",
    "store_key",
    "task_id_for",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

TASK_NAME = "factcheck.check_claim"
_KEY_TTL_S = 86400  # bookkeeping of a run (events, errored) outlives it by a day, for inspection
_POLL_S = 0.25
_LEASE_S = 6.0  # a shared per-host slot held by a dead worker comes back after this (renewed)
_CONFIRM_EVERY_S = 15.0  # also ask the store, in case an event was lost with a dying worker


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


# --------------------------------------------------------------------------------------------
# Shared per-host limiter


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


# --------------------------------------------------------------------------------------------
# Celery app and the per-claim task


def create_app(settings: Settings) -> Any:
    """A Celery app for these settings, with the claim task registered (no connection opened)."""
    from celery import Celery

    _redis_client(settings.run.broker_url)  # validates the URL
    visibility = settings.run.visibility_timeout_s
    app = Celery("factcheck", set_as_current=False)
    app.conf.update(
        broker_url=settings.run.broker_url,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": visibility,
            # sweep for a dead worker's claims often enough to matter at short timeouts
            "unacked_restore_interval": max(1, min(10, int(visibility / 5))),
            "unacked_restore_throttle": 1,
        },
        task_default_queue=settings.run.queue,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        worker_send_task_events=False,
    )

    def check_claim_task(self: Any, **payload: Any) -> str:
        return _execute(self, settings, payload)

    app.task(
        name=TASK_NAME,
        shared=False,  # a shared task would reach other apps, with these settings baked in
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        ignore_result=True,
        max_retries=None,
    )(check_claim_task)
    return app


class _WorkerRuntime:
    """What a worker process keeps between tasks: store, verifier, event loop, clients, fetchers."""

    def __init__(self, settings: Settings) -> None:
        from factcheck.store import Store

        self.settings = settings
        self.pid = os.getpid()
        self.store = Store.open(settings.database_url)
        self.redis = _redis_client(settings.run.broker_url)
        self.name = f"{socket.gethostname()}:{self.pid}"
        self._verifier: ClaimVerifier | None = None
        self._verifier_lock = threading.Lock()
        self._fetchers: dict[tuple[bool, tuple[str, ...]], list[Fetcher]] = {}
        self._clients: list[HttpClient] = []
        self.loop = asyncio.new_event_loop()
        # few threads, as in a local run: each allocating thread costs a malloc arena
        self.loop.set_default_executor(ThreadPoolExecutor(2, thread_name_prefix="factcheck"))
        thread = threading.Thread(target=self.loop.run_forever, name="factcheck-loop", daemon=True)
        thread.start()

    def verifier(self) -> ClaimVerifier:
        with self._verifier_lock:
            if self._verifier is None:
                self._verifier = ClaimVerifier(self.settings)
            return self._verifier

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on this process's event loop (any thread of the pool may call this)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    async def fetchers(self, offline: bool, names: tuple[str, ...]) -> list[Fetcher]:
        """The fetchers for a run's options, built once (on the loop: no lock needed)."""
        key = (offline, names)
        found = self._fetchers.get(key)
        if found is None:
            from factcheck.evidence import EvidenceArchive
            from factcheck.fetchers import load_fetchers
            from factcheck.http import HttpClient

            limiter = (
                RedisHostLimiter.from_settings(self.settings)
                if self.settings.run.shared_limiter and not offline
                else None
            )
            client = HttpClient(
                self.settings,
                archive=EvidenceArchive.from_settings(self.settings),
                offline=offline,
                limiter=limiter,
            )
            self._clients.append(client)
            found, _disabled = load_fetchers(self.settings, client, list(names) or None)
            self._fetchers[key] = found
        return found


_RUNTIME: _WorkerRuntime | None = None
_RUNTIME_LOCK = threading.Lock()


def _runtime(settings: Settings) -> _WorkerRuntime:
    global _RUNTIME
    with _RUNTIME_LOCK:
        if _RUNTIME is None or _RUNTIME.pid != os.getpid():  # a forked child builds its own
            _RUNTIME = _WorkerRuntime(settings)
        return _RUNTIME


# Delete the lock only if we still own it (it may have expired and been taken by another delivery).
_RELEASE_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# Extend the lock only if we still own it; 0 when it expired (and may belong to another delivery).
_RENEW_CLAIM_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


class _LeaseLostError(Exception):
    """The per-claim lock lapsed while this delivery worked: another delivery may own the claim."""


class _ClaimLease:
    """The per-claim lock of one delivery, renewed while the claim is checked.

    The lock lives ``lease_ms`` unless renewed; a thread renews it every third of that, so a slow
    claim on a busy machine keeps it (the lock is what stops a redelivered copy, after the broker's
    visibility timeout, from checking the claim a second time), while a dead worker's lock lapses
    within ``lease_ms``. :meth:`check` is called right before the verdict is committed.
    """

    def __init__(self, client: redis.Redis, key: str, lease_ms: int) -> None:
        self._redis = client
        self._key = key
        self._token = uuid.uuid4().hex
        self._lease_ms = lease_ms
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._keeper: threading.Thread | None = None

    def acquire(self) -> bool:
        """Take the lock (and start renewing it); False when another delivery holds it."""
        if not self._redis.set(self._key, self._token, nx=True, px=self._lease_ms):
            return False
        self._keeper = threading.Thread(target=self._renew, name="factcheck-lease", daemon=True)
        self._keeper.start()
        return True

    def _renew(self) -> None:
        import redis

        while not self._stop.wait(self._lease_ms / 3000):
            try:
                held = self._redis.eval(_RENEW_CLAIM_LUA, 1, self._key, self._token, self._lease_ms)
            except redis.RedisError as exc:  # try again; check() reads the lock itself
                logger.warning("could not renew the lock %s: %s", self._key, exc)
                continue
            if not held:
                self._lost.set()
                return

    def check(self) -> None:
        """Raise :class:`_LeaseLostError` unless this delivery still holds the lock."""
        import redis

        if self._lost.is_set():
            raise _LeaseLostError(self._key)
        try:
            owner = self._redis.get(self._key)
        except redis.RedisError as exc:
            raise _LeaseLostError(f"{self._key}: {exc}") from exc
        if owner is None or _text(owner) != self._token:
            raise _LeaseLostError(self._key)

    def release(self) -> None:
        """Stop renewing and delete the lock if this delivery still owns it."""
        import redis

        self._stop.set()
        if self._keeper is not None:
            self._keeper.join()
        with contextlib.suppress(redis.RedisError):  # it expires anyway
            self._redis.eval(_RELEASE_LUA, 1, self._key, self._token)


def _emit(
    client: redis.Redis, worker: str, keys: _RunKeys, outcome: ClaimOutcome, **extra: Any
) -> None:
    event = {
        "claim_id": outcome.claim_id,
        "outcome": outcome.outcome,
        "label": outcome.label,
        "confidence": outcome.confidence,
        "documents": outcome.documents,
        "errors": outcome.errors,
        "worker": worker,
        **extra,
    }
    pipe = client.pipeline()
    pipe.rpush(keys.events, json.dumps(event))
    pipe.expire(keys.events, _KEY_TTL_S)
    pipe.execute()


def _mark_errored(
    client: redis.Redis, worker: str, keys: _RunKeys, claim_id: str, reason: str
) -> None:
    pipe = client.pipeline()
    pipe.hset(keys.errored, claim_id, reason)
    pipe.expire(keys.errored, _KEY_TTL_S)
    pipe.execute()
    _emit(client, worker, keys, ClaimOutcome(claim_id, "errored"), reason=reason)


def _execute(task: Any, settings: Settings, payload: dict[str, Any]) -> str:
    """The body of the claim task: skip if decided, else check the claim under a per-claim lock.

    Every failure ends as an errored claim the coordinator sees (never a lost one, never a label).
    """
    run_id = int(payload["run_id"])
    claim_id = str(payload["claim"]["id"])
    keys = _RunKeys.of(payload["store"], run_id)
    try:
        rt = _runtime(settings)
    except FactcheckError as exc:  # e.g. the store is unreachable from this worker
        logger.error("%s: worker cannot start: %s", claim_id, exc)
        client = _redis_client(settings.run.broker_url)
        try:
            reason = f"worker cannot start: {type(exc).__name__}: {exc}"
            _mark_errored(client, f"{socket.gethostname()}:{os.getpid()}", keys, claim_id, reason)
        finally:
            client.close()
        return "errored"
    if payload["store"] != rt.store.url:
        reason = f"worker store {rt.store.url} is not the run's store {payload['store']}"
        logger.error("%s: %s", claim_id, reason)
        _mark_errored(rt.redis, rt.name, keys, claim_id, reason)
        return "errored"
    lease = _ClaimLease(
        rt.redis, keys.claim_lock(claim_id), int(settings.run.visibility_timeout_s * 1000)
    )
    if not lease.acquire():
        # another delivery of this claim is being checked (or its worker died holding the lock:
        # the lock lapses); come back later rather than drop the claim
        raise task.retry(countdown=min(5.0, settings.run.visibility_timeout_s / 2))
    try:
        return _check_locked(rt, keys, run_id, payload, lease)
    except _LeaseLostError:
        logger.warning("%s: the claim lock lapsed; this delivery stops without a verdict", claim_id)
        return "dropped"
    except FactcheckError as exc:
        logger.error("%s: %s", claim_id, exc)
        _mark_errored(rt.redis, rt.name, keys, claim_id, f"{type(exc).__name__}: {exc}")
        return "errored"
    except Exception as exc:  # translation edge: one bad claim must not take the worker down
        logger.exception("%s: task failed", claim_id)
        reason = f"internal error: {type(exc).__name__}: {exc}"
        _mark_errored(rt.redis, rt.name, keys, claim_id, reason)
        return "errored"
    finally:
        lease.release()


def _check_locked(
    rt: _WorkerRuntime, keys: _RunKeys, run_id: int, payload: dict[str, Any], lease: _ClaimLease
) -> str:
    claim_id = str(payload["claim"]["id"])
    run = rt.store.get_run(run_id)
    if run is None or run.status != "running":
        logger.info("%s: run %d is not running; task dropped", claim_id, run_id)
        return "dropped"
    existing = rt.store.verdict_in_run(run_id, claim_id)
    if existing is not None:  # redelivered after its verdict was committed
        previous = ClaimOutcome(
            claim_id,
            "carried_over" if existing.carried_over else "verified",
            existing.label,
            existing.confidence,
        )
        _emit(rt.redis, rt.name, keys, previous, redelivered=True)
        return "skipped"
    if rt.redis.hexists(keys.errored, claim_id):
        return "skipped"
    task = ClaimTask(
        claim=Claim.model_validate(payload["claim"]),
        article=Article.model_validate(payload["article"]) if payload["article"] else None,
        file=str(payload["file"]),
    )
    verifier = rt.verifier()
    fetchers = rt.run(rt.fetchers(bool(payload["offline"]), tuple(payload["fetchers"])))
    outcome = rt.run(
        check_claim(
            task,
            run_id=run_id,
            claim_hash=str(payload["claim_hash"]),
            store=rt.store,
            fetchers=fetchers,
            verifier=verifier,
            before_commit=lease.check,
        )
    )
    if outcome.outcome == "errored":
        reason = f"no document; {outcome.errors} fetch error(s) (see the run's fetch errors)"
        _mark_errored(rt.redis, rt.name, keys, claim_id, reason)
        return "errored"
    _emit(rt.redis, rt.name, keys, outcome)
    return outcome.outcome


def start_worker(
    settings: Settings,
    *,
    concurrency: int | None = None,
    queues: Sequence[str] = (),
    pool: str = "threads",
    loglevel: str = "INFO",
) -> None:
    """Run a Celery worker in this process until it is stopped (SIGTERM: warm shutdown).

    ``pool``: ``threads`` (default; claims share one event loop, HTTP client and loaded model),
    ``prefork`` (one process per slot) or ``solo``.
    """
    if pool not in ("threads", "prefork", "solo"):
        raise ConfigError(f"--pool: {pool!r} is not one of threads, prefork, solo")
    app = create_app(settings)
    argv = [
        "worker",
        f"--concurrency={concurrency or settings.run.concurrency}",
        f"--pool={pool}",
        f"--queues={','.join(queues) or settings.run.queue}",
        f"--loglevel={loglevel}",
        f"--hostname=factcheck-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
    ]
    app.worker_main(argv=argv)


# --------------------------------------------------------------------------------------------
# The coordinator


def _config_snapshot(settings: Settings, options: RunOptions) -> dict[str, Any]:
    snap: dict[str, Any] = settings.model_dump(mode="json")
    snap["options"] = {
        "offline": options.offline,
        "only": list(options.only),
        "fetchers": list(options.fetchers),
        "backend": "celery",
    }
    return snap


def _disabled_fetchers(settings: Settings, options: RunOptions) -> dict[str, str]:
    """Which fetchers the run's settings switch off (raises on an unknown ``--fetcher``)."""
    from factcheck.fetchers import load_fetchers
    from factcheck.http import HttpClient

    client = HttpClient(settings, offline=options.offline)  # opens no connection until used
    _enabled, disabled = load_fetchers(settings, client, list(options.fetchers) or None)
    return disabled


def run_distributed(
    settings: Settings,
    options: RunOptions,
    *,
    store: Store | None = None,
    on_claim: Callable[[ClaimOutcome], None] | None = None,
    on_start: Callable[[RunInfo, int], None] | None = None,
    stop: threading.Event | None = None,
) -> RunSummary:
    """Run the nightly job on Celery workers; return the same summary as a local run.

    ``stop`` (set by the CLI on SIGTERM) closes the run as interrupted and raises
    :class:`~factcheck.errors.RunInterruptedError`; the queued claims are dropped by the workers
    and enqueued again when the run resumes.

    Raises :class:`~factcheck.errors.ClaimFileErrors` before any work when a claim file is bad,
    :class:`~factcheck.errors.LockedError` when another run holds the lock,
    :class:`~factcheck.errors.QueueError` when the broker is unreachable or the workers did not
    finish within ``run.wait_timeout_s`` (the run is then left resumable).
    """
    from factcheck.store import Store

    started = time.monotonic()
    files = load_claim_files(
        list(options.claims) or [settings.claims_dir], article_roots=settings.article_roots
    )
    tasks = select_claims(files, options.only)
    disabled = _disabled_fetchers(settings, options)
    broker = _redis_client(settings.run.broker_url)
    try:
        broker.ping()
    except Exception as exc:  # translation edge: redis-py
        broker.close()
        raise QueueError(f"broker {settings.run.broker_url} unreachable: {exc}") from exc
    app = create_app(settings)
    own_store = store is None
    store = store or Store.open(settings.database_url)
    if store.dialect == "sqlite":
        logger.warning("backend=celery on SQLite: every worker must share this machine's file")
    try:
        with store.lock_run():
            return _coordinate(
                settings, options, store, broker, app, tasks, disabled, started, on_claim, on_start,
                stop,
            )  # fmt: skip
    finally:
        broker.close()
        if own_store:
            store.close()


def _record_claims(store: Store, tasks: Sequence[ClaimTask]) -> dict[str, str]:
    hashes: dict[str, str] = {}
    by_file: dict[tuple[str, str | None], list[Claim]] = {}
    for t in tasks:
        by_file.setdefault((t.file, t.article.id if t.article else None), []).append(t.claim)
    for (file, article_id), claims in by_file.items():
        for claim, h in zip(
            claims, store.upsert_claims(claims, article_id=article_id, file=file), strict=True
        ):
            hashes[claim.id] = h
    return hashes


def _coordinate(
    settings: Settings,
    options: RunOptions,
    store: Store,
    broker: redis.Redis,
    app: Any,
    tasks: list[ClaimTask],
    disabled: dict[str, str],
    started: float,
    on_claim: Callable[[ClaimOutcome], None] | None,
    on_start: Callable[[RunInfo, int], None] | None,
    stop: threading.Event | None,
) -> RunSummary:
    resume_from: RunInfo | None = None
    if options.resume is not False:
        latest = store.latest_run()
        if (
            latest is not None
            and latest.status in ("running", "interrupted")
            and latest.spot_check == bool(options.only)
        ):
            resume_from = latest
    run = store.start_run(
        config=_config_snapshot(settings, options),
        claims_total=len(tasks),
        resume_run_id=resume_from.id if resume_from else None,
        backend="celery",
        spot_check=bool(options.only),
    )
    done = store.decided_claims(run.id) if resume_from else set()
    hashes = _record_claims(store, tasks)
    todo = [t for t in tasks if t.claim.id not in done]
    keys = _RunKeys.of(store.url, run.id)
    broker.delete(keys.events, keys.errored)  # errored claims of an earlier attempt are retried
    if on_start is not None:
        on_start(run, len(todo))
    if resume_from:
        logger.info("resuming run %d: %d claim(s) already decided", run.id, len(done))
    status = "failed"
    lock_lost = False
    counts: dict[str, int] = {"verified": 0, "carried_over": 0, "errored": 0, "skipped": len(done)}
    outcomes: dict[str, str] = {}
    try:
        _enqueue(app, settings, options, store.url, run.id, todo, hashes)
        _wait(settings, store, broker, keys, run.id, todo, on_claim, outcomes, stop)
        status = "completed"
    except (KeyboardInterrupt, QueueError, RunInterruptedError):
        status = "interrupted"
        raise
    except RunLockLostError:
        lock_lost = True  # another coordinator may own the run now: leave its row alone
        raise
    finally:
        if not lock_lost:
            try:
                counts.update(_final_counts(store, broker, keys, run.id, todo, outcomes))
                store.finish_run(
                    run.id,
                    status=status,
                    counts={**counts, "disabled": disabled, "backend": "celery"},
                )
            except StoreError as exc:  # the original error matters more; the run stays resumable
                if status == "completed":
                    raise
                logger.error("could not close run %d as %s: %s", run.id, status, exc)
    return summarize_run(
        store,
        run.id,
        options,
        status=status,
        resumed=resume_from is not None,
        claims_total=len(tasks),
        counts=counts,
        disabled=disabled,
        started=started,
    )


def _enqueue(
    app: Any,
    settings: Settings,
    options: RunOptions,
    store_url: str,
    run_id: int,
    todo: Sequence[ClaimTask],
    hashes: dict[str, str],
) -> None:
    task = app.tasks[TASK_NAME]
    try:
        with app.producer_or_acquire() as producer:
            for t in todo:
                task.apply_async(
                    kwargs={
                        "run_id": run_id,
                        "store": store_url,
                        "claim": t.claim.model_dump(mode="json"),
                        "article": t.article.model_dump(mode="json") if t.article else None,
                        "file": t.file,
                        "claim_hash": hashes[t.claim.id],
                        "offline": options.offline,
                        "fetchers": list(options.fetchers),
                    },
                    task_id=task_id_for(run_id, t.claim.id),
                    queue=settings.run.queue,
                    producer=producer,
                )
    except Exception as exc:  # translation edge: kombu/redis
        raise QueueError(f"cannot enqueue the claims of run {run_id}: {exc}") from exc
    logger.info("run %d: %d claim(s) enqueued on %s", run_id, len(todo), settings.run.queue)


def _wait(
    settings: Settings,
    store: Store,
    broker: redis.Redis,
    keys: _RunKeys,
    run_id: int,
    todo: Sequence[ClaimTask],
    on_claim: Callable[[ClaimOutcome], None] | None,
    outcomes: dict[str, str],
    stop: threading.Event | None = None,
) -> None:
    """Poll until every claim has a verdict in the store or is recorded as errored.

    ``outcomes`` receives each claim's outcome as the workers report it (claim id → outcome).
    Each poll also checks the run lock (:class:`RunLockLostError` when it is gone) and ``stop``
    (:class:`RunInterruptedError`).
    """
    import redis

    wanted = {t.claim.id for t in todo}
    seen = outcomes
    cursor = 0
    deadline = time.monotonic() + settings.run.wait_timeout_s
    next_confirm = time.monotonic() + _CONFIRM_EVERY_S
    while wanted:
        if stop is not None and stop.is_set():
            raise RunInterruptedError(
                f"run {run_id} interrupted; it was closed as interrupted and the next "
                "`factcheck run` resumes it"
            )
        store.check_run_lock()
        try:
            raw_events = broker.lrange(keys.events, cursor, -1)
        except redis.RedisError as exc:
            raise QueueError(f"broker unreachable while waiting for run {run_id}: {exc}") from exc
        cursor += len(raw_events)
        for raw in raw_events:
            event = json.loads(raw)
            cid = event["claim_id"]
            if cid in wanted and cid not in seen:
                seen[cid] = event["outcome"]
                if on_claim is not None:
                    on_claim(
                        ClaimOutcome(
                            cid,
                            event["outcome"],
                            event.get("label"),
                            event.get("confidence"),
                            int(event.get("documents") or 0),
                            int(event.get("errors") or 0),
                        )
                    )
        now = time.monotonic()
        if len(seen) >= len(wanted) or now >= next_confirm:
            next_confirm = now + _CONFIRM_EVERY_S
            try:
                errored = {_text(k) for k in broker.hkeys(keys.errored)}
            except redis.RedisError as exc:
                raise QueueError(
                    f"broker unreachable while waiting for run {run_id}: {exc}"
                ) from exc
            finished = store.decided_claims(run_id) | errored
            missing = wanted - finished
            if not missing:
                return
            logger.info("run %d: %d claim(s) still undecided", run_id, len(missing))
        if now >= deadline:
            raise QueueError(
                f"run {run_id}: {len(wanted - seen.keys())} claim(s) undecided after "
                f"run.wait_timeout_s={settings.run.wait_timeout_s:g}s (are workers running on "
                f"queue {settings.run.queue!r}?); the run is left resumable"
            )
        time.sleep(_POLL_S)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _final_counts(
    store: Store,
    broker: redis.Redis,
    keys: _RunKeys,
    run_id: int,
    todo: Sequence[ClaimTask],
    outcomes: dict[str, str],
) -> dict[str, int]:
    """verified / carried over / errored among this attempt's claims.

    Which claims have a verdict comes from the store (the truth); how each was decided from the
    workers' reports, or for the rare claim whose report was lost, from its stored verdict. Memory
    stays flat: no verdict is read whole except those.
    """
    import redis

    wanted = {t.claim.id for t in todo}
    decided = store.decided_claims(run_id) & wanted
    try:
        errored = {_text(k) for k in broker.hkeys(keys.errored)} & wanted
    except redis.RedisError:
        errored = set()
    counts = {"verified": 0, "carried_over": 0, "errored": len(errored - decided)}
    for claim_id in decided:
        outcome = outcomes.get(claim_id)
        if outcome not in ("verified", "carried_over"):
            stored = store.verdict_in_run(run_id, claim_id)
            outcome = "carried_over" if stored is not None and stored.carried_over else "verified"
        counts[outcome] += 1
    return counts
