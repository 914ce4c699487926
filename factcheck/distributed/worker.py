"""The Celery side: :func:`create_app` (the app and its one task), the per-claim task body, and
:func:`start_worker`.

A task is keyed by run and claim and idempotent: it skips a claim that already has a verdict in the
run, and a per-claim lock in Redis (:class:`_ClaimLease`) keeps two deliveries of the same claim from
verifying it at once. Each worker process keeps one :class:`_WorkerRuntime` (store, verifier, event
loop, clients, fetchers) between tasks.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from factcheck.config import Settings
from factcheck.distributed._redis import _KEY_TTL_S, TASK_NAME, _redis_client, _RunKeys, _text
from factcheck.distributed.limiter import RedisHostLimiter
from factcheck.errors import ConfigError, FactcheckError
from factcheck.models import Article, Claim
from factcheck.pipeline import (
    ClaimOutcome,
    ClaimTask,
    ClaimVerifier,
    Sources,
    check_claim,
    open_sources,
)

if TYPE_CHECKING:
    import redis

    from factcheck.fetchers.base import Fetcher

__all__ = ["create_app", "start_worker"]

logger = logging.getLogger("factcheck.distributed")

T = TypeVar("T")


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
        from factcheck.http import LoopThread
        from factcheck.store import Store

        self.settings = settings
        self.pid = os.getpid()
        self.store = Store.open(settings.database_url)
        self.redis = _redis_client(settings.run.broker_url)
        self.name = f"{socket.gethostname()}:{self.pid}"
        self._verifier: ClaimVerifier | None = None
        self._verifier_lock = threading.Lock()
        self._fetchers: dict[tuple[bool, tuple[str, ...]], list[Fetcher]] = {}
        self._sources: list[Sources] = []  # kept open for the process's life
        # few executor threads, as in a local run: each allocating thread costs a malloc arena
        self._loop = LoopThread("factcheck-loop", executor_threads=2)

    def verifier(self) -> ClaimVerifier:
        with self._verifier_lock:
            if self._verifier is None:
                self._verifier = ClaimVerifier(self.settings)
            return self._verifier

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on this process's event loop (any thread of the pool may call this)."""
        return self._loop.run(coro)

    async def fetchers(self, offline: bool, names: tuple[str, ...]) -> list[Fetcher]:
        """The fetchers for a run's options, built once (on the loop: no lock needed)."""
        key = (offline, names)
        found = self._fetchers.get(key)
        if found is None:
            limiter = (
                RedisHostLimiter.from_settings(self.settings)
                if self.settings.run.shared_limiter and not offline
                else None
            )
            sources = open_sources(self.settings, offline=offline, fetchers=names, limiter=limiter)
            self._sources.append(sources)
            found = self._fetchers[key] = sources.fetchers
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
    if _emit_committed(rt, keys, run_id, claim_id):  # redelivered after its verdict was committed
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
            # the fence no lock timing defeats (a worker paused past its lease right after
            # lease.check): the store writes the verdict only if no delivery has
            first_write_wins=True,
        )
    )
    if outcome.outcome == "skipped":  # another delivery committed first: its verdict stands
        logger.warning("%s: another delivery committed first; this verdict is dropped", claim_id)
        _emit_committed(rt, keys, run_id, claim_id)
        return "skipped"
    if outcome.outcome == "errored":
        reason = f"no document; {outcome.errors} fetch error(s) (see the run's fetch errors)"
        _mark_errored(rt.redis, rt.name, keys, claim_id, reason)
        return "errored"
    _emit(rt.redis, rt.name, keys, outcome)
    return outcome.outcome


def _emit_committed(rt: _WorkerRuntime, keys: _RunKeys, run_id: int, claim_id: str) -> bool:
    """Report the claim's committed verdict as a redelivery; False when it has none yet."""
    existing = rt.store.verdict_in_run(run_id, claim_id)
    if existing is None:
        return False
    previous = ClaimOutcome(
        claim_id,
        "carried_over" if existing.carried_over else "verified",
        existing.label,
        existing.confidence,
    )
    _emit(rt.redis, rt.name, keys, previous, redelivered=True)
    return True


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
