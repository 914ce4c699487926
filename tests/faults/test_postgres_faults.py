"""A Postgres "restart" in the middle of a run, done safely.

Restarting the machine's Postgres service would break every other test using it, so the test
creates its own database and, mid-run, terminates every server process connected to that database
(``pg_terminate_backend``): from the store's side this is what a restart looks like — every pooled
connection and the run-lock session die at once. The run must then either finish with one verdict
per claim or stop with :class:`StoreError`; in both cases a rerun leaves exactly one verdict per
claim and no run half-open. The restart ends the run-lock session too, so the run stops before its
next commit (:class:`RunLockLostError`) rather than race a run that took the lock meanwhile. Skips when Postgres is not reachable at 127.0.0.1:5432.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from factcheck.errors import RunLockLostError, StoreError, exit_code_for
from factcheck.pipeline import RunOptions, run_claims
from factcheck.store import Store

from .conftest import CLAIM_IDS, Project, path_of

pytestmark = pytest.mark.postgres

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_url() -> Iterator[str]:
    sa = pytest.importorskip("sqlalchemy")
    try:
        admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as exc:
        pytest.skip(f"Postgres not reachable at 127.0.0.1:5432 ({type(exc).__name__})")
    name = f"fc_faults_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'create database "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


def _terminate_backends(database: str) -> int:
    import sqlalchemy as sa

    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "select pg_terminate_backend(pid) from pg_stat_activity "
                    "where datname = :db and pid <> pg_backend_pid()"
                ),
                {"db": database},
            ).all()
        return len(rows)
    finally:
        admin.dispose()


def _restart_mid_run(project: Project, pg_url: str) -> tuple[str, Exception | None]:
    """Run with the store's connections cut at the third claim; return (outcome, error)."""
    database = pg_url.rsplit("/", 1)[1]
    killed: list[int] = []

    def on_request(path: str) -> None:
        if path == path_of(CLAIM_IDS[2]) and not killed:
            killed.append(_terminate_backends(database))

    project.server.on_request = on_request
    settings = project.settings().model_copy(update={"database_url": pg_url})
    outcome: tuple[str, Exception | None] = ("completed", None)
    try:
        run_claims(settings, RunOptions(concurrency=1))
    except StoreError as exc:
        outcome = ("store_error", exc)
    finally:
        project.server.on_request = None
    assert killed, "the third claim was fetched"
    assert killed[0] >= 1, "the store's connections were cut mid-run"
    return outcome


def test_postgres_restart_mid_run_leaves_one_verdict_per_claim(
    project: Project, pg_url: str
) -> None:
    _restart_mid_run(project, pg_url)
    with Store.open(pg_url) as store:
        (first,) = store.runs()
        committed = [v.claim_id for v in store.verdicts_for_run(first.id)]
    assert len(committed) == len(set(committed)), "never two verdicts for one claim"
    assert first.status in ("completed", "running"), "closed, or left for the next run to resume"
    if first.status == "completed":
        assert sorted(committed) == sorted(CLAIM_IDS)

    settings = project.settings().model_copy(update={"database_url": pg_url})
    again = run_claims(settings, RunOptions(concurrency=1))
    assert again.status == "completed"
    with Store.open(pg_url) as store:
        ids = [v.claim_id for v in store.verdicts_for_run(again.run_id)]
        statuses = [r.status for r in store.runs()]
    assert sorted(ids) == sorted(CLAIM_IDS), "exactly one verdict per claim"
    assert statuses == ["completed"] * len(statuses), "no run left half-open"


def test_postgres_restart_mid_run_stops_before_the_next_commit(
    project: Project, pg_url: str
) -> None:
    """The restart also ended the run-lock session: another run may take the lock and resume this
    run, so this one must commit nothing more (issue 14: it used to go on and only warn at the
    end). It stops with RunLockLostError (exit 3), the run stays "running" for the next run."""
    outcome, error = _restart_mid_run(project, pg_url)
    assert outcome == "store_error"
    assert isinstance(error, RunLockLostError), error
    assert exit_code_for(error) == 3
    with Store.open(pg_url) as store:
        (first,) = store.runs()
        committed = sorted(v.claim_id for v in store.verdicts_for_run(first.id))
    assert first.status == "running", "left open for the next run to resume"
    assert committed == sorted(CLAIM_IDS[:2]), "nothing committed after the lock was lost"
