"""Store faults in the middle of a run: disk full, database locked by another connection.

The run stops with :class:`StoreError` (library) or exit 3 (CLI); verdicts committed before the fault
stay, one per claim; the run is left unfinished, and the next run resumes it and decides the rest,
exactly one verdict per claim, no claim redone.

Disk full is injected where SQLite would report it: a cursor-execute hook raises SQLite's own
``database or disk is full`` error on every write once the fault is on, so it travels through
SQLAlchemy and the store's error translation like the real thing.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from factcheck.errors import LockedError, StoreError
from factcheck.evidence import EvidenceArchive
from factcheck.pipeline import RunOptions, run_claims
from factcheck.store import Store

from .conftest import CLAIM_IDS, Project, path_of

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class DiskFull:
    """Fail every write to one SQLite file from the verdict after the first ``after_verdicts`` on."""

    def __init__(self, db_path: str, after_verdicts: int) -> None:
        self.db_path = db_path
        self.after = after_verdicts
        self.verdicts = 0
        self.failed = 0
        self.tripped = False
        self.on = True

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not self.on or self.db_path not in str(conn.engine.url):
            return
        head = statement.lstrip().upper()
        if not head.startswith(_WRITES):
            return
        if head.startswith("INSERT INTO VERDICTS"):
            if self.verdicts >= self.after:
                self.tripped = True  # the disk fills up at this verdict and stays full
            else:
                self.verdicts += 1
        if self.tripped:
            self.failed += 1
            raise sqlite3.OperationalError("database or disk is full")


@contextmanager
def disk_full(project: Project, after_verdicts: int) -> Iterator[DiskFull]:
    fault = DiskFull(str(project.root / "factcheck.db"), after_verdicts)
    event.listen(Engine, "before_cursor_execute", fault)
    try:
        yield fault
    finally:
        event.remove(Engine, "before_cursor_execute", fault)


def _check_resumed_cleanly(project: Project, run_id: int, committed: int) -> None:
    summary = run_claims(project.settings(), RunOptions(concurrency=1))
    assert summary.resumed, "the unfinished run is resumed"
    assert summary.run_id == run_id
    assert summary.status == "completed"
    assert summary.counts["skipped"] == committed, "committed claims are not redone"
    assert summary.counts["verified"] + summary.counts["carried_over"] == len(CLAIM_IDS) - committed
    with Store.open(project.db_url) as store:
        ids = [v.claim_id for v in store.verdicts_for_run(run_id)]
        assert sorted(ids) == sorted(CLAIM_IDS), "exactly one verdict per claim"
        assert store.fetch_errors(run_id) == []
        assert [r.id for r in store.runs()] == [run_id], "no second run was started"


def test_disk_full_mid_run_stops_with_store_error_and_resumes(project: Project) -> None:
    with (
        disk_full(project, after_verdicts=2) as fault,
        pytest.raises(StoreError, match="disk is full"),
    ):
        run_claims(project.settings(), RunOptions(concurrency=1))
    assert fault.failed >= 2, "the verdict write and the closing of the run both failed"
    with Store.open(project.db_url) as store:
        (run,) = store.runs()
        assert run.status == "running", "left unfinished, so the next run resumes it"
        committed = store.verdicts_for_run(run.id)
    assert [v.claim_id for v in committed] == CLAIM_IDS[:2]
    _check_resumed_cleanly(project, run.id, committed=2)


def test_cli_disk_full_exits_3_then_resumes(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.cli import main

    project.write_toml()
    monkeypatch.chdir(project.root)
    capsys.readouterr()
    with disk_full(project, after_verdicts=3):
        code = main(["run", "--concurrency", "1", "--json"])
    out, err = capsys.readouterr()
    assert code == 3
    assert "disk is full" in err
    assert "Traceback" not in err
    assert out == ""
    code = main(["run", "--concurrency", "1", "--json"])
    assert code == 0
    with Store.open(project.db_url) as store:
        (run,) = store.runs()
        assert run.status == "completed"
        assert sorted(v.claim_id for v in store.verdicts_for_run(run.id)) == sorted(CLAIM_IDS)


class ExclusiveLock:
    """Another connection holding SQLite's write lock (``BEGIN EXCLUSIVE``) until released."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = None

    def take(self) -> None:
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        if self.conn is not None:
            self.conn.execute("ROLLBACK")
            self.conn.close()
            self.conn = None


def test_database_locked_mid_run_stops_and_resumes(project: Project) -> None:
    lock = ExclusiveLock(str(project.root / "factcheck.db"))

    def on_request(path: str) -> None:
        if path == path_of(CLAIM_IDS[2]):  # the third claim's fetch: lock the store under the run
            lock.take()

    project.server.on_request = on_request
    store = Store.open(project.db_url, busy_timeout_s=0.3)
    try:
        with pytest.raises(LockedError, match="locked"):
            run_claims(project.settings(), RunOptions(concurrency=1), store=store)
    finally:
        store.close()
        lock.release()
        project.server.on_request = None
    with Store.open(project.db_url) as check:
        (run,) = check.runs()
        assert run.status == "running"
        committed = [v.claim_id for v in check.verdicts_for_run(run.id)]
    assert committed == CLAIM_IDS[:2]
    _check_resumed_cleanly(project, run.id, committed=2)


@contextmanager
def evidence_disk_full(project: Project, after_writes: int) -> Iterator[list[str]]:
    """``os.replace`` into the evidence folder fails with ENOSPC after ``after_writes`` renames
    (robots.txt kept between runs, ``evidence/robots/``, is not counted: a cache the client keeps)."""
    real = os.replace
    evidence = str(project.root / "evidence")
    robots = str(project.root / "evidence" / "robots")
    done: list[str] = []

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if str(dst).startswith(evidence) and not str(dst).startswith(robots):
            if len(done) >= after_writes:
                raise OSError(errno.ENOSPC, "No space left on device", str(dst))
            done.append(str(dst))
        real(src, dst, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "replace", replace)
        yield done


def _archive_is_consistent(root: Path) -> None:
    evidence = root / "evidence"
    files = [p for p in evidence.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.startswith(".tmp-")], "no temporary file left behind"
    archive = EvidenceArchive(evidence)
    for entry in (evidence / "index").rglob("*.json"):
        record = archive.latest(entry.stem)
        assert record is not None
        assert archive.read_body(record.sha256) is not None, "an index entry never dangles"


def test_evidence_disk_full_stops_the_run_with_store_error(project: Project) -> None:
    # each fetched page is three renames (body, provenance, index): the second page's fail
    with evidence_disk_full(project, after_writes=4), pytest.raises(StoreError, match="space"):
        run_claims(project.settings(), RunOptions(concurrency=1))
    _archive_is_consistent(project.root)
    with Store.open(project.db_url) as store:
        (run,) = store.runs()
        verdicts = [v.claim_id for v in store.verdicts_for_run(run.id)]
        assert verdicts == CLAIM_IDS[:1], "nothing is decided from evidence that was not archived"
        assert store.fetch_errors(run.id) == [], "a disk failure is not a fetch error"
    second = run_claims(project.settings(), RunOptions(concurrency=1))
    assert second.status == "completed"
    with Store.open(project.db_url) as store:
        ids = [v.claim_id for v in store.verdicts_for_run(second.run_id)]
    assert sorted(ids) == sorted(CLAIM_IDS), "exactly one verdict per claim"


def test_run_stopped_by_a_transient_store_error_is_resumed(project: Project) -> None:
    with evidence_disk_full(project, after_writes=4), pytest.raises(StoreError):
        run_claims(project.settings(), RunOptions(concurrency=1))
    second = run_claims(project.settings(), RunOptions(concurrency=1))
    assert second.resumed
    assert second.counts["skipped"] == 1


_DISK_FULL_RUN = """
import sqlite3, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

state = {"verdicts": 0, "full": False}

def fault(conn, cursor, statement, *args):
    head = statement.lstrip().upper()
    if not head.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
        return
    if head.startswith("INSERT INTO VERDICTS"):
        state["full"] = state["full"] or state["verdicts"] >= 3
        state["verdicts"] += 1
    if state["full"]:
        raise sqlite3.OperationalError("database or disk is full")

event.listen(Engine, "before_cursor_execute", fault)
from factcheck.cli import main
sys.exit(main(["run", "--concurrency", "1", "--json"]))
"""


def test_disk_full_in_a_real_process_prints_no_traceback(project: Project) -> None:
    """The CLI's own logging on stderr (not pytest's capture): one error line, no traceback, even
    though closing the run fails too (issue 14: "could not close run" came with a traceback)."""
    import os
    import subprocess
    import sys

    project.write_toml()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    done = subprocess.run(
        [sys.executable, "-c", _DISK_FULL_RUN],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("error: "), done.stderr
    assert "disk is full" in lines[-1], done.stderr
    assert len(lines) <= 2, done.stderr  # the error, and at most one line on closing the run
    with Store.open(project.db_url) as store:
        (run,) = store.runs()
        assert run.status == "running", "left for the next run to resume"


_LATE_SIGTERM_RUN = """
import os, signal, sys
import factcheck.cli._run as run_cli

say = run_cli.echo_json

def signalled_then_say(data):  # SIGTERM lands after the run is closed, before the summary is out
    os.kill(os.getpid(), signal.SIGTERM)
    say(data)

run_cli.echo_json = signalled_then_say
from factcheck.cli import main
sys.exit(main(["run", "--concurrency", "1", "--json"]))
"""


def test_sigterm_after_the_run_closed_still_prints_the_summary(project: Project) -> None:
    """Issue 14 trials: a SIGTERM between closing the run and printing its summary killed the
    process (the default handler was back): exit -15, no summary, for a run stored as completed."""
    import json
    import os
    import subprocess
    import sys

    project.write_toml()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    done = subprocess.run(
        [sys.executable, "-c", _LATE_SIGTERM_RUN],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert json.loads(done.stdout)["status"] == "completed"
    assert "Traceback" not in done.stderr
    with Store.open(project.db_url) as store:
        (run,) = store.runs()
        assert run.status == "completed"
