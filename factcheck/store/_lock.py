"""The run lock (one run at a time per store) and the write transaction that checks it.

SQLite: a file lock ``<db>.lock`` beside the database (a thread lock for an in-memory one).
Postgres: a session advisory lock on a dedicated connection, checked before every commit
(:class:`~factcheck.errors.RunLockLostError` when its session is gone).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock
from sqlalchemy import Connection, func, select
from sqlalchemy import text as sql_text

from factcheck.errors import LockedError, RunLockLostError, StoreError
from factcheck.store._core import _StoreCore
from factcheck.store._engine import advisory_key, sqlite_path, translate_errors

__all__ = ["_RunLock"]

logger = logging.getLogger("factcheck.store")

# pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32 bits).
_HOLDS_ADVISORY_LOCK = sql_text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND classid = :hi AND objid = :lo AND objsubid = 1)"
)


def _lock_parts(key: int) -> dict[str, int]:
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    return {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF}


class _RunLock(_StoreCore):
    """The run lock and :meth:`_write`, the one way to open a write transaction."""

    # -- run lock ----------------------------------------------------------------------------

    @property
    def lock_path(self) -> Path | None:
        """The lock file next to a SQLite database (``None`` for Postgres and in-memory SQLite)."""
        if not self._sqlite:
            return None
        path = sqlite_path(self._url)
        return None if path is None else path.with_name(path.name + ".lock")

    @contextmanager
    def lock_run(self, *, timeout_s: float = 0.0) -> Iterator[None]:
        """Hold the run lock for the block; raise :class:`LockedError` if another run holds it.

        SQLite: a file lock ``<db>.lock`` beside the database. Postgres: a session advisory lock
        (``pg_try_advisory_lock``) on a dedicated connection. ``timeout_s`` is how long to wait.
        """
        if not self._sqlite:
            with self._pg_lock(timeout_s):
                yield
            return
        path = self.lock_path
        if path is None:
            acquired = (
                self._memory_lock.acquire(timeout=timeout_s)
                if timeout_s > 0
                else self._memory_lock.acquire(blocking=False)
            )
            if not acquired:
                raise LockedError("another run holds the run lock of this in-memory store")
            try:
                yield
            finally:
                self._memory_lock.release()
            return
        lock = filelock.FileLock(str(path), timeout=timeout_s)
        try:
            lock.acquire()
        except filelock.Timeout as exc:
            raise LockedError(f"another run holds the run lock {path}") from exc
        except OSError as exc:
            raise StoreError(f"cannot take the run lock {path}: {exc}") from exc
        try:
            yield
        finally:
            lock.release()

    def check_run_lock(self) -> None:
        """Raise :class:`RunLockLostError` if this store took the Postgres run lock and lost it.

        The lock is a session lock: it is gone when its session is (the backend was terminated,
        the server restarted, the connection broke). Every write of the store calls this before
        committing, so a run that lost its lock commits nothing more. A no-op without the lock.
        """
        held = self._held_lock
        if held is None:
            return
        conn, key, mutex = held
        with mutex:
            try:
                with translate_errors("run lock check"):
                    still = conn.execute(_HOLDS_ADVISORY_LOCK, _lock_parts(key)).scalar()
            except StoreError as exc:
                raise RunLockLostError(
                    f"the run lock was lost ({exc}); the run stops here and stays resumable"
                ) from exc
        if not still:
            raise RunLockLostError("the run lock was lost; the run stops here and stays resumable")

    @contextmanager
    def _pg_lock(self, timeout_s: float) -> Iterator[None]:
        with translate_errors("run lock"):
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            with translate_errors("run lock"):
                key = advisory_key(conn)
            deadline = time.monotonic() + timeout_s
            while True:
                with translate_errors("run lock"):
                    got = conn.execute(select(func.pg_try_advisory_lock(key))).scalar()
                if got:
                    break
                if time.monotonic() >= deadline:
                    raise LockedError("another run holds the run lock (Postgres advisory lock)")
                time.sleep(0.1)
            self._held_lock = (conn, key, threading.Lock())
            try:
                yield
            finally:
                self._held_lock = None
                try:
                    with translate_errors("run unlock"):
                        conn.execute(select(func.pg_advisory_unlock(key)))
                except StoreError as exc:
                    # The lock lives on this session: if the server dropped the session (a
                    # restart), it dropped the lock with it; a finished run must not fail here.
                    logger.warning("run lock session was lost, the lock went with it: %s", exc)
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            if self._sqlite:
                conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn
                self.check_run_lock()  # last thing before COMMIT: a lost lock rolls it back
