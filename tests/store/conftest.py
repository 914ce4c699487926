"""Fixtures for the verdict store: each test gets an empty SQLite file and, when reachable, an
empty Postgres schema in database ``test`` at 127.0.0.1:5432 (dropped afterwards)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from factcheck.store import Store

PG_DSN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"

_pg_state: dict[str, str | None] = {}


def postgres_unreachable() -> str | None:
    """Why Postgres cannot be used (``None`` when it can); checked once per session."""
    if "reason" not in _pg_state:
        try:
            with psycopg.connect(PG_DSN) as conn:
                conn.execute("SELECT 1")
            _pg_state["reason"] = None
        except psycopg.Error as exc:
            _pg_state["reason"] = f"Postgres at 127.0.0.1:5432 (db test) not reachable: {exc}"
    return _pg_state["reason"]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema of database ``test``; the schema is dropped after."""
    reason = postgres_unreachable()
    if reason:
        pytest.skip(reason)
    schema = f"fc_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite (a file in tmp_path) and on Postgres (a fresh schema)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'factcheck.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def open_store(store_url: str) -> Iterator[Callable[..., Store]]:
    """Open stores on ``store_url`` (closed at teardown, before the schema is dropped)."""
    opened: list[Store] = []

    def _open(url: str | None = None, **kwargs: object) -> Store:
        store = Store.open(url or store_url, **kwargs)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: Callable[..., Store]) -> Store:
    """A migrated, empty store."""
    return open_store()
