"""SIGTERM at any moment of a run is clean (issue 14): the claims in flight are cancelled, the run is
closed as interrupted, stderr holds one line (no traceback, no "Task exception was never
retrieved", no "could not close run"), exit 3, and the next run resumes it.

The old handler raised KeyboardInterrupt wherever the main thread was: inside an event-loop
callback (an unretrieved task exception), or in the middle of a store write (the run left
"running" with a 200-line traceback). Each trial signals at another point of the run.
"""

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

N_CLAIMS = 30
# when to signal: after this many verdicts are committed (0: as soon as the run exists)
TRIALS = (0, 1, 2, 4, 7, 11, 16)


def _project(tmp_path: Path, base_url: str) -> dict[str, bytes]:
    claims, pages = synthetic_claims_yaml(N_CLAIMS, base_url)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "synthetic.yaml").write_text(claims, encoding="utf-8")
    (tmp_path / "factcheck.toml").write_text(
        'contact = "tests@factcheck.invalid"\n'
        f'database_url = "sqlite:///{tmp_path / "fc.db"}"\n'
        f'[http]\nallow_private = ["{base_url}"]\nper_host_rate = 50.0\n'
        "per_host_concurrency = 4\n[run]\nconcurrency = 4\n"
        '[fetchers]\nenabled = ["web"]\n',
        encoding="utf-8",
    )
    return pages


def _start(tmp_path: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["PYTHONWARNINGS"] = "default"  # unretrieved task exceptions and the like must show
    return subprocess.Popen(
        [sys.executable, "-m", "factcheck", "run", "--json"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _committed(db_url: str) -> tuple[int, int] | None:
    """(run id, verdicts committed) of the newest run, or None before the run exists."""
    try:
        with Store.open(db_url, migrate=False) as store:
            run = store.latest_run()
            if run is None or run.status != "running":
                return None
            return run.id, len(store.decided_claims(run.id))
    except StoreError:  # the schema is still being created
        return None


@pytest.mark.slow
def test_sigterm_at_any_moment_is_clean_and_the_run_resumes(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'fc.db'}"
    with serve_evidence({}, latency_s=0.05) as server:
        for path, body in _project(tmp_path, server.base_url).items():
            server.set_page(path, body)
        seen: list[int] = []
        for after in TRIALS:
            proc = _start(tmp_path)
            try:
                deadline = time.monotonic() + 90
                while time.monotonic() < deadline and proc.poll() is None:
                    state = _committed(db_url)
                    if state is not None and state[1] >= after:
                        proc.send_signal(signal.SIGTERM)
                        break
                    time.sleep(0.02)
                out, err = proc.communicate(timeout=60)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            if proc.returncode == 0:  # the run finished before the signal landed
                break
            lines = err.strip().splitlines()
            assert proc.returncode == 3, err
            assert out == ""
            assert len(lines) == 1, f"one line on stderr, got:\n{err}"
            assert lines[0].startswith("error: run "), err
            assert "interrupted" in lines[0]
            with Store.open(db_url) as store:
                run = store.latest_run()
                assert run is not None
                assert run.status == "interrupted", f"signal after {after}: {run.status}"
                ids = [v.claim_id for v in store.verdicts_for_run(run.id)]
            assert len(ids) == len(set(ids)), "one verdict per claim"
            seen.append(len(ids))
        assert len(seen) >= 3, f"too few trials were interrupted mid-run: {seen}"
        assert seen == sorted(seen), "nothing committed was lost"

        rerun = _start(tmp_path)
        _, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err
    with Store.open(db_url) as store:
        runs = store.runs()
        assert [r.status for r in runs] == ["completed"], "every trial resumed the same run"
        ids = [v.claim_id for v in store.verdicts_for_run(runs[0].id)]
    assert len(ids) == len(set(ids)) == N_CLAIMS
