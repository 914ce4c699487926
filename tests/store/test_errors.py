"""SQLAlchemy and driver errors become StoreError / LockedError at the store's edge."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import exc as sa_exc

from factcheck.errors import LockedError, StoreError
from factcheck.models import Claim, Verdict
from factcheck.store import Store

from .conftest import PG_DSN


def _verdict(claim_id: str) -> Verdict:
    return Verdict(claim_id=claim_id, label="supported", confidence=0.9, rationale="r")


def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a sqlite database" * 100)
    with pytest.raises(StoreError, match="cannot open the verdict store") as info:
        Store.open(f"sqlite:///{path}")
    assert isinstance(info.value.__cause__, sa_exc.DatabaseError)


def test_invalid_url() -> None:
    with pytest.raises(StoreError, match="invalid database URL"):
        Store.open("not a url at all")


def test_unreachable_postgres_is_a_store_error() -> None:
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(info.value)
    assert isinstance(info.value.__cause__, sa_exc.OperationalError)


def test_verdict_for_an_unrecorded_claim_is_an_integrity_error(store: Store) -> None:
    run = store.start_run(config={}, claims_total=1)
    with pytest.raises(StoreError, match="integrity") as info:
        store.record_verdict(run.id, _verdict("never-upserted"), claim_hash="0" * 64)
    assert isinstance(info.value.__cause__, sa_exc.IntegrityError)
    assert store.verdicts_for_run(run.id) == []  # the transaction rolled back


def test_sqlite_write_lock_contention_is_locked_error(tmp_path: Path) -> None:
    path = tmp_path / "factcheck.db"
    store = Store.open(f"sqlite:///{path}", busy_timeout_s=0.2)
    try:
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(LockedError, match="locked") as info:
                store.upsert_claim(Claim(id="c1", text="t"), article_id=None, file=None)
            assert isinstance(info.value.__cause__, sa_exc.OperationalError)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        store.upsert_claim(Claim(id="c1", text="t"), article_id=None, file=None)
    finally:
        store.close()


def test_sqlite_writers_wait_for_each_other(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'factcheck.db'}"
    stores = [Store.open(url) for _ in range(3)]
    errors: list[BaseException] = []

    def work(store: Store, n: int) -> None:
        try:
            claims = [Claim(id=f"w{n}-c{i}", text=f"claim {i}") for i in range(50)]
            run = store.start_run(config={}, claims_total=len(claims))
            for claim in claims:
                h = store.upsert_claim(claim, article_id=None, file=None)
                store.record_verdict(run.id, _verdict(claim.id), claim_hash=h)
            store.finish_run(run.id, status="completed", counts={})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(len(stores[0].verdicts_for_run(r.id)) for r in stores[0].runs()) == [50, 50, 50]
    for s in stores:
        s.close()


@pytest.mark.postgres
def test_postgres_lock_timeout_is_locked_error(pg_url: str) -> None:
    store = Store.open(pg_url + "%20-clock_timeout%3D200")
    try:
        store.upsert_claim(Claim(id="c1", text="t"), article_id=None, file=None)
        schema = pg_url.rsplit("%3D", 1)[1]
        with psycopg.connect(PG_DSN) as blocker:
            blocker.execute(f'LOCK TABLE "{schema}".claims IN ACCESS EXCLUSIVE MODE')
            with pytest.raises(LockedError) as info:
                store.upsert_claim(Claim(id="c2", text="t"), article_id=None, file=None)
            assert isinstance(info.value.__cause__, sa_exc.OperationalError)
            blocker.rollback()
        store.upsert_claim(Claim(id="c2", text="t"), article_id=None, file=None)
    finally:
        store.close()


def test_database_from_a_newer_version_is_a_store_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'factcheck.db'}"
    Store.open(url).close()
    with sqlite3.connect(tmp_path / "factcheck.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'fromthefuture'")
    with pytest.raises(StoreError, match="migration failed") as info:
        Store.open(url)
    assert "fromthefuture" in str(info.value)
