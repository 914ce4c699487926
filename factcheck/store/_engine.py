"""Engines, migrations and error translation for the verdict store (the SQLAlchemy edge).

SQLite gets WAL, foreign keys and a busy timeout on every connection, and explicit ``BEGIN``
statements (pysqlite's own transaction handling would skip DDL and take the write lock late);
writes use ``BEGIN IMMEDIATE`` so two writers wait for each other instead of failing on upgrade.
Postgres URLs are routed to the psycopg 3 driver.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from factcheck.errors import FactcheckError, LockedError, StoreError

__all__ = [
    "MIGRATIONS_DIR",
    "advisory_key",
    "create_store_engine",
    "is_sqlite",
    "normalize_url",
    "sqlite_path",
    "translate_errors",
    "upgrade_to_head",
]

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "store_migrations"

# SQLite result codes (sqlite3.Error.sqlite_errorcode & 0xFF): the database or a table is locked.
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
# Postgres SQLSTATEs meaning lock contention: lock_not_available, deadlock_detected.
_PG_LOCK_STATES = {"55P03", "40P01"}


def normalize_url(url: str) -> URL:
    """Parse a store URL; ``postgresql://`` and ``postgres://`` use the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except (sa_exc.ArgumentError, ValueError) as exc:
        raise StoreError(f"invalid database URL {_mask_url(url)!r}: {exc}") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _mask_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (sa_exc.ArgumentError, ValueError):
        return "<unparseable URL>"


def is_sqlite(url: URL) -> bool:
    """Whether the URL names a SQLite database."""
    return url.get_backend_name() == "sqlite"


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL, or ``None`` for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)


def advisory_key(conn: Connection, purpose: str = "run") -> int:
    """A signed 64-bit ``pg_advisory_lock`` key for the store ``conn`` reaches, for ``purpose``.

    The key comes from what the server says the store is, never from the URL's text: Postgres
    keeps advisory locks per database of a cluster, so ``…@127.0.0.1:5432/db``, ``…@localhost/db``,
    a DNS alias or a pooler all meet on the same lock, and the key names the database and the
    schema the store's tables live in (``current_schema()``, so two stores in one database, each in
    its own schema, have two locks). The cluster's system identifier is left out on purpose: it is
    implied (the lock table is the cluster's), and a role without access to ``pg_control_system()``
    would compute another key.
    """
    row = conn.execute(text("SELECT current_database(), current_schema()")).one()
    ident = f"factcheck-{purpose}:{row[0]}:{row[1]}"
    digest = hashlib.sha256(ident.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def create_store_engine(url: URL, *, busy_timeout_s: float) -> Engine:
    """Create the engine with the per-dialect settings this store relies on."""
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, future=True)
    path = sqlite_path(url)
    kwargs: dict[str, Any] = {"connect_args": {"timeout": busy_timeout_s}}
    if path is None:
        # One shared connection, else every pool checkout would see a new empty database.
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    busy_ms = int(busy_timeout_s * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cur.execute("PRAGMA foreign_keys = ON")
            if path is not None:
                cur.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL loses no committed transaction on an application crash.
                cur.execute("PRAGMA synchronous = NORMAL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def upgrade_to_head(engine: Engine, url: URL) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is there already).

    Concurrent openers are serialized: SQLite by the write lock of ``BEGIN IMMEDIATE``, Postgres by
    a transaction-scoped advisory lock.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        if is_sqlite(url):
            conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if not is_sqlite(url):
                key = advisory_key(conn, "migrate")
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


def _is_lock_error(exc: sa_exc.DBAPIError) -> bool:
    orig = exc.orig
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return (code & 0xFF) in (_SQLITE_BUSY, _SQLITE_LOCKED)
        return "locked" in str(orig)
    return getattr(orig, "sqlstate", None) in _PG_LOCK_STATES


def _describe(exc: BaseException) -> str:
    """The driver's message, first line only (never the statement or its parameters)."""
    orig = exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    return first[:300]


@contextmanager
def translate_errors(action: str) -> Iterator[None]:
    """Turn SQLAlchemy, Alembic and OS errors into :class:`StoreError` (:class:`LockedError` on contention)."""
    try:
        yield
    except FactcheckError:
        raise
    except sa_exc.DBAPIError as exc:
        if _is_lock_error(exc):
            raise LockedError(f"{action}: the database is locked ({_describe(exc)})") from exc
        if isinstance(exc, sa_exc.IntegrityError):
            raise StoreError(f"{action}: integrity error: {_describe(exc)}") from exc
        raise StoreError(f"{action}: {_describe(exc)}") from exc
    except sa_exc.SQLAlchemyError as exc:
        raise StoreError(f"{action}: {type(exc).__name__}: {_describe(exc)}") from exc
    except CommandError as exc:
        raise StoreError(f"{action}: migration failed: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"{action}: {exc}") from exc
