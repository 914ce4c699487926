"""A run killed with SIGKILL mid-way resumes: nothing committed is lost or redone, nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _evidence_server import serve_evidence, synthetic_claims_yaml

from factcheck.errors import StoreError
from factcheck.store import Store

N_CLAIMS = 24


def _write_project(tmp_path: Path, base_url: str) -> dict[str, bytes]:
    claims, pages = synthetic_claims_yaml(N_CLAIMS, base_url)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "synthetic.yaml").write_text(claims, encoding="utf-8")
    (tmp_path / "factcheck.toml").write_text(
        f'contact = "tests@factcheck.invalid"\n'
        f'database_url = "sqlite:///{tmp_path / "fc.db"}"\n'
        "[http]\nper_host_rate = 8.0\nper_host_concurrency = 1\n"
        f'allow_private = ["{base_url}"]\n'
        "[run]\nconcurrency = 1\n"
        '[fetchers]\nenabled = ["web"]\n',
        encoding="utf-8",
    )
    return pages


def _run(tmp_path: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    return subprocess.Popen(
        [sys.executable, "-m", "factcheck", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_sigkill_then_rerun_loses_nothing(tmp_path: Path) -> None:
    with serve_evidence({}, latency_s=0.02) as server:
        for path, body in _write_project(tmp_path, server.base_url).items():
            server.set_page(path, body)
        db_url = f"sqlite:///{tmp_path / 'fc.db'}"
        proc = _run(tmp_path)
        committed: dict[str, object] = {}
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                time.sleep(0.2)
                if proc.poll() is not None:
                    pytest.fail(f"run ended before it could be killed: {proc.stderr.read()}")  # type: ignore[union-attr]
                if not (tmp_path / "fc.db").exists():
                    continue
                try:
                    with Store.open(db_url, migrate=False) as store:
                        run = store.latest_run()
                        verdicts = store.verdicts_for_run(run.id) if run else []
                except StoreError:  # the run is still creating the schema
                    continue
                if len(verdicts) >= 5:
                    os.kill(proc.pid, signal.SIGKILL)
                    break
            else:
                pytest.fail("no verdict committed within 60 s")
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        assert proc.returncode == -signal.SIGKILL
        with Store.open(db_url) as store:
            run = store.latest_run()
            assert run is not None
            assert run.status == "running", "a killed run is left resumable"
            committed = {v.claim_id: v.created_at for v in store.verdicts_for_run(run.id)}
        assert 5 <= len(committed) < N_CLAIMS

        rerun = _run(tmp_path)
        _out, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err
        with Store.open(db_url) as store:
            runs = store.runs()
            assert [r.id for r in runs] == [run.id], "the rerun resumed the killed run"
            assert runs[0].status == "completed"
            assert runs[0].counts["skipped"] == len(committed)
            verdicts = store.verdicts_for_run(run.id)
        ids = [v.claim_id for v in verdicts]
        assert len(ids) == len(set(ids)) == N_CLAIMS, "exactly one verdict per claim"
        for v in verdicts:
            if v.claim_id in committed:
                assert v.created_at == committed[v.claim_id], f"{v.claim_id} was redone"
        # committed claims were not fetched again: at most the one in flight at the kill is repeated
        fetched = [p for _, p, _ in server.requests_to("/doc/")]
        assert set(fetched) == {f"/doc/{i}" for i in range(N_CLAIMS)}
        assert N_CLAIMS <= len(fetched) <= N_CLAIMS + 1


@pytest.mark.slow
def test_sigterm_closes_the_run_as_interrupted_and_it_resumes(tmp_path: Path) -> None:
    with serve_evidence({}, latency_s=0.02) as server:
        for path, body in _write_project(tmp_path, server.base_url).items():
            server.set_page(path, body)
        db_url = f"sqlite:///{tmp_path / 'fc.db'}"
        proc = _run(tmp_path)
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                time.sleep(0.2)
                try:
                    with Store.open(db_url, migrate=False) as store:
                        run = store.latest_run()
                        n = len(store.verdicts_for_run(run.id)) if run else 0
                except StoreError:
                    continue
                if n >= 3:
                    proc.send_signal(signal.SIGTERM)
                    break
            _, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 3, err
        with Store.open(db_url) as store:
            run = store.latest_run()
            assert run is not None
            assert run.status == "interrupted"
        rerun = _run(tmp_path)
        _, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err
        with Store.open(db_url) as store:
            assert [r.status for r in store.runs()] == ["completed"]
            ids = [v.claim_id for v in store.verdicts_for_run(run.id)]
        assert len(ids) == len(set(ids)) == N_CLAIMS
