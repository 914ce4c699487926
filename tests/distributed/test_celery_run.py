"""`factcheck run --backend celery` with two real worker processes, Redis and Postgres.

Claims point (``sources``) at a loopback server of made-up pages with latency; the `web` fetcher
fetches them. Checks: one verdict per claim, the same labels as a local run, no claim lost or
verified twice when a worker is SIGKILLed mid-run, per-host rate respected across workers.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
from _evidence_server import synthetic_claims_yaml

from factcheck.cli import main
from factcheck.config import load_settings
from factcheck.distributed import store_key
from factcheck.pipeline import RunOptions, run_claims
from factcheck.store import Store

from .conftest import LoggingServer, Workers, project_env

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


def _write_claims(tmp_path: Path, server: LoggingServer, n: int, *, broken: int = 0) -> None:
    """``n`` claims with a page each, plus ``broken`` whose source answers 404 (errored claims)."""
    claims, pages = synthetic_claims_yaml(n, server.base_url)
    server.pages.update(pages)
    for i in range(broken):
        claims += (
            f"  - id: synthetic-broken{i}\n"
            f"    text: Company {i} was founded in 1999.\n"
            f"    sources: ['{server.base_url}/missing/{i}']\n"
        )
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "synthetic.yaml").write_text(claims, encoding="utf-8")


def _run_celery(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], capsys: Any, expect: int = 0
) -> Any:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    capsys.readouterr()
    code = main(["run", "--backend", "celery", "--json"])
    out, err = capsys.readouterr()
    assert code == expect, err
    return json.loads(out)


def _verdict_rows(db_url: str, run_id: int) -> list[tuple[str, int]]:
    with psycopg.connect(db_url) as conn:
        rows = conn.execute(
            "SELECT claim_id, count(*) FROM verdicts WHERE run_id = %s GROUP BY claim_id",
            (run_id,),
        ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


def _events(broker: str, db_url: str, run_id: int) -> list[dict[str, Any]]:
    with Store.open(db_url) as store:
        key = f"factcheck:{store_key(store.url)}:run:{run_id}"
    client = redis.Redis.from_url(broker)
    try:
        events = [json.loads(e) for e in client.lrange(f"{key}:events", 0, -1)]
        for k in client.scan_iter(match=f"{key}:*"):
            client.delete(k)
    finally:
        client.close()
    return events


def _wait_ready(workers: Workers, n: int, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if all("ready" in workers.log(i) for i in range(n)):
            return
        for i, proc in enumerate(workers.procs):
            assert proc.poll() is None, f"worker {i} died:\n{workers.log(i)}"
        time.sleep(0.2)
    pytest.fail("workers not ready: " + "\n---\n".join(workers.log(i) for i in range(n)))


def test_two_workers_match_a_local_run(
    tmp_path: Path,
    evidence_server: LoggingServer,
    redis_url: str,
    pg_url: str,
    queue_name: str,
    workers: Workers,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    n = 20
    _write_claims(tmp_path, evidence_server, n, broken=1)
    env = project_env(
        tmp_path,
        server=evidence_server,
        db_url=pg_url,
        broker=redis_url,
        queue=queue_name,
        rate=20.0,
    )
    workers.start(env)
    workers.start(env, pool="prefork")  # one process per slot; each child builds its runtime
    _wait_ready(workers, 2)

    summary = _run_celery(monkeypatch, env, capsys, expect=4)  # 4: a claim could not be checked
    assert summary["status"] == "completed"
    assert summary["claims_total"] == n + 1
    assert summary["counts"]["verified"] == n
    assert summary["counts"]["errored"] == 1, "a 404 source is an error, never a verdict"
    run_id = summary["run_id"]
    rows = _verdict_rows(pg_url, run_id)
    assert len(rows) == n
    assert all(count == 1 for _, count in rows)
    with Store.open(pg_url) as store:
        errors = store.fetch_errors(run_id)
    assert [e.claim_id for e in errors] == ["synthetic-broken0"]
    events = _events(redis_url, pg_url, run_id)
    by_process = Counter(int(e["worker"].rsplit(":", 1)[1]) for e in events)
    threads_pid = workers.procs[0].pid
    assert by_process[threads_pid] > 0, f"the threads worker took claims: {by_process}"
    assert set(by_process) - {threads_pid}, f"the prefork worker took claims: {by_process}"
    errored = [e for e in events if e["outcome"] == "errored"]
    assert [e["claim_id"] for e in errored] == ["synthetic-broken0"]

    with Store.open(pg_url) as store:
        distributed = {v.claim_id: v.label for v in store.verdicts_for_run(run_id)}
        assert store.get_run(run_id).backend == "celery"  # type: ignore[union-attr]

    local_settings = load_settings(
        cwd=tmp_path,
        environ={**env, "FACTCHECK_DATABASE_URL": f"sqlite:///{tmp_path / 'local.db'}"},
    )
    local = run_claims(local_settings, RunOptions(concurrency=4))
    with Store.open(f"sqlite:///{tmp_path / 'local.db'}") as store:
        local_labels = {v.claim_id: v.label for v in store.verdicts_for_run(local.run_id)}
    assert distributed == local_labels
    assert summary["labels"] == local.labels
    assert local.counts["errored"] == 1


def test_worker_killed_mid_run_loses_and_doubles_nothing(
    tmp_path: Path,
    evidence_server: LoggingServer,
    redis_url: str,
    pg_url: str,
    queue_name: str,
    workers: Workers,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    n = 24
    evidence_server.latency_s = 0.3  # claims take a while: the kill lands mid-claim
    _write_claims(tmp_path, evidence_server, n)
    env = project_env(
        tmp_path,
        server=evidence_server,
        db_url=pg_url,
        broker=redis_url,
        queue=queue_name,
        rate=50.0,
        FACTCHECK_RUN__VISIBILITY_TIMEOUT_S="4",
    )
    victim = workers.start(env)
    workers.start(env)
    _wait_ready(workers, 2)

    killed: list[int] = []

    def kill_when_started() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                with Store.open(pg_url, migrate=False) as store:
                    run = store.latest_run()
                    decided = len(store.decided_claims(run.id)) if run else 0
            except Exception:  # the coordinator may not have created the schema yet
                continue
            if decided >= 4:
                os.kill(victim.pid, signal.SIGKILL)
                killed.append(decided)
                return

    killer = threading.Thread(target=kill_when_started, daemon=True)
    killer.start()
    summary = _run_celery(monkeypatch, env, capsys)
    killer.join(timeout=5)
    assert killed, "the worker was never killed"
    assert killed[0] < n, "killed mid-run"
    assert victim.wait(timeout=5) == -signal.SIGKILL

    assert summary["status"] == "completed"
    run_id = summary["run_id"]
    rows = _verdict_rows(pg_url, run_id)
    assert sorted(cid for cid, _ in rows) == [f"synthetic-c{i:05d}" for i in range(n)]
    assert all(count == 1 for _, count in rows), "one verdict per claim"
    # nothing verified twice: a second verification would find the first verdict and be
    # recorded as carried over, and would emit a second non-redelivered event
    assert summary["counts"] == {"verified": n, "carried_over": 0, "errored": 0, "skipped": 0}
    events = _events(redis_url, pg_url, run_id)
    fresh = Counter(e["claim_id"] for e in events if not e.get("redelivered"))
    assert max(fresh.values()) == 1, f"a claim was verified twice: {fresh.most_common(3)}"
    # The kill is triggered by a commit, so it often lands between the victim's commit and its
    # progress event: such a claim has its verdict but no fresh event, and the redelivered copy
    # finds the verdict and reports it (at most one per slot of the victim).
    silent = {cid for cid, _ in rows} - set(fresh)
    redelivered = {e["claim_id"] for e in events if e.get("redelivered")}
    assert silent <= redelivered, f"decided without any event: {sorted(silent - redelivered)}"
    assert len(silent) <= 2, f"more claims than the victim's 2 slots: {sorted(silent)}"


def test_a_claim_slower_than_the_visibility_timeout_is_verified_once(
    tmp_path: Path,
    evidence_server: LoggingServer,
    redis_url: str,
    pg_url: str,
    queue_name: str,
    workers: Workers,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A busy machine: each claim takes longer than ``run.visibility_timeout_s``, so the broker
    hands its message to the other worker while the first is still checking it. The per-claim lock
    must outlive the timeout while its holder works: one verification per claim, no overwrite."""
    n = 4
    evidence_server.latency_s = 1.6  # robots.txt + page: over 3 s a claim, visibility 2 s
    _write_claims(tmp_path, evidence_server, n)
    env = project_env(
        tmp_path,
        server=evidence_server,
        db_url=pg_url,
        broker=redis_url,
        queue=queue_name,
        rate=50.0,
        FACTCHECK_RUN__VISIBILITY_TIMEOUT_S="2",
    )
    workers.start(env)
    workers.start(env)
    _wait_ready(workers, 2)

    summary = _run_celery(monkeypatch, env, capsys)
    assert summary["status"] == "completed"
    run_id = summary["run_id"]
    rows = _verdict_rows(pg_url, run_id)
    assert sorted(cid for cid, _ in rows) == [f"synthetic-c{i:05d}" for i in range(n)]
    events = _events(redis_url, pg_url, run_id)
    fresh = Counter(e["claim_id"] for e in events if not e.get("redelivered"))
    assert max(fresh.values()) == 1, f"a claim was verified twice: {fresh.most_common(3)}"
    # the redeliveries happened (else this test proves nothing) and were turned away
    pages = Counter(path for _, path in evidence_server.requests("/doc/"))
    assert set(pages) == {f"/doc/{i}" for i in range(n)}
    assert max(pages.values()) == 1, f"a page was fetched twice: {pages.most_common(2)}"


def _max_in_window(times: list[float], window_s: float) -> int:
    best, start = 0, 0
    for end in range(len(times)):
        while times[end] - times[start] >= window_s:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_per_host_rate_holds_across_two_workers(
    tmp_path: Path,
    evidence_server: LoggingServer,
    redis_url: str,
    pg_url: str,
    queue_name: str,
    workers: Workers,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    n, rate = 24, 5.0
    _write_claims(tmp_path, evidence_server, n)
    env = project_env(
        tmp_path,
        server=evidence_server,
        db_url=pg_url,
        broker=redis_url,
        queue=queue_name,
        rate=rate,
    )
    workers.start(env, concurrency=3)
    workers.start(env, concurrency=3)
    _wait_ready(workers, 2)

    summary = _run_celery(monkeypatch, env, capsys)
    assert summary["counts"]["verified"] == n
    arrivals = [t for t, _ in evidence_server.requests("/")]
    assert len(arrivals) >= n + 2  # every page + each worker's robots.txt
    interval = 1 / rate
    # The server's log against the configured limits, with no scheduling margin: start times are
    # reserved 1/rate apart across both workers, and a request can only arrive after its start.
    # What arrives in a window [t, t + w) started in it (at most rate * w + 1 starts) or started
    # before t and was still on its way at t, holding one of the host's shared slots (at most
    # `http.per_host_concurrency` of them). A busy machine can delay any request (bunching it with
    # the next one) but cannot break this bound; two unshared limiters (twice the rate) would.
    slots = int(env["FACTCHECK_HTTP__PER_HOST_CONCURRENCY"])
    for window_s in (1.0, 2.0, 4.0):
        assert _max_in_window(arrivals, window_s) <= int(rate * window_s) + 1 + slots
    # unshared, each of the two workers would go at `rate` (about twice as fast overall)
    assert arrivals[-1] - arrivals[0] >= (len(arrivals) - 2) * interval
