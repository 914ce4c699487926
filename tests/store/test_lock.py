"""The run lock: one run at a time per database, across Store objects and processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest

from factcheck.errors import LockedError
from factcheck.store import Store

_HOLDER = textwrap.dedent(
    """
    import sys
    from factcheck.store import Store
    store = Store.open(sys.argv[1])
    with store.lock_run():
        print("locked", flush=True)
        sys.stdin.read()  # hold until the parent closes our stdin
    print("released", flush=True)
    """
)


def test_second_store_object_cannot_take_the_lock(open_store: Callable[..., Store]) -> None:
    first, second = open_store(), open_store()
    with first.lock_run():
        with pytest.raises(LockedError, match="another run holds"), second.lock_run():
            pass
        with pytest.raises(LockedError), second.lock_run(timeout_s=0.3):
            pass
    with second.lock_run():  # released: free again
        pass
    with first.lock_run():
        pass


def test_lock_is_released_when_the_block_raises(open_store: Callable[..., Store]) -> None:
    first, second = open_store(), open_store()
    with pytest.raises(RuntimeError), first.lock_run():
        raise RuntimeError("run failed")
    with second.lock_run():
        pass


def test_another_process_holding_the_lock(store_url: str, open_store: Callable[..., Store]) -> None:
    store = open_store()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, store_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError), store.lock_run():
            pass
        holder.stdin.close()
        assert holder.stdout.readline().strip() == "released"
        assert holder.wait(timeout=30) == 0
        with store.lock_run():
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_in_memory_store_lock() -> None:
    with Store.open("sqlite://") as store:
        with store.lock_run(), pytest.raises(LockedError), store.lock_run():
            pass
        with store.lock_run():
            pass


@pytest.mark.postgres
def test_postgres_lock_is_keyed_on_the_database_not_on_the_url_text(pg_url: str) -> None:
    """Issue 14: ``…@127.0.0.1:5432/test`` and ``…@localhost/test`` both took "the" lock."""
    spellings = [
        pg_url,
        pg_url.replace("@127.0.0.1:5432/", "@localhost/"),
        pg_url.replace("postgresql://", "postgres://").replace(
            "@127.0.0.1:5432/", "@LocalHost:5432/"
        ),
    ]
    stores = [Store.open(url) for url in spellings]
    try:
        with stores[0].lock_run():
            for other in stores[1:]:
                with pytest.raises(LockedError), other.lock_run():
                    pass
        with stores[2].lock_run():  # released: free again, whoever asks
            pass
    finally:
        for store in stores:
            store.close()


@pytest.mark.postgres
def test_two_stores_in_one_database_have_two_locks(pg_url: str) -> None:
    import psycopg

    from .conftest import PG_DSN

    other_schema = pg_url.rsplit("%3D", 1)[1] + "_b"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{other_schema}"')
    try:
        other_url = pg_url.rsplit("%3D", 1)[0] + "%3D" + other_schema
        with Store.open(pg_url) as a, Store.open(other_url) as b, a.lock_run(), b.lock_run():
            pass  # each schema is its own store, with its own lock
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{other_schema}" CASCADE')


@pytest.mark.postgres
def test_a_lost_postgres_lock_stops_the_next_commit(pg_url: str) -> None:
    from factcheck.errors import RunLockLostError
    from factcheck.models import Claim, Verdict

    with Store.open(pg_url) as store, store.lock_run():
        h = store.upsert_claim(Claim(id="a-c1", text="t"), article_id=None, file=None)
        run = store.start_run(config={}, claims_total=2)
        verdict = Verdict(claim_id="a-c1", label="supported", confidence=0.9, rationale="r")
        store.record_verdict(run.id, verdict, claim_hash=h)
        _end_session_holding_the_run_lock(pg_url)
        with pytest.raises(RunLockLostError, match="resumable"):
            store.record_verdict(
                run.id, verdict.model_copy(update={"label": "refuted"}), claim_hash=h
            )
        with pytest.raises(RunLockLostError):
            store.finish_run(run.id, status="completed", counts={})
    with Store.open(pg_url) as store:
        (only,) = store.runs()
        assert only.status == "running", "left for the next run to resume"
        assert [v.label for v in store.verdicts_for_run(only.id)] == ["supported"]


def _end_session_holding_the_run_lock(url: str) -> None:
    """Terminate the one backend holding this store's run lock (as a DBA or a restart would)."""
    import sqlalchemy as sa

    from factcheck.store._engine import advisory_key, normalize_url

    engine = sa.create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            key = advisory_key(conn) & 0xFFFFFFFFFFFFFFFF
            ended = conn.execute(
                sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE"
                    " locktype = 'advisory' AND granted AND classid = :hi AND objid = :lo"
                ),
                {"hi": key >> 32, "lo": key & 0xFFFFFFFF},
            ).scalar()
        assert ended == 1
    finally:
        engine.dispose()
