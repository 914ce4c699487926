"""Fault injection into runs: latency spikes, connection resets, 5xx bursts, 429 storms.

The loopback fault server answers each claim's source page with scripted faults. Transient faults
are absorbed by the client's retries (the run decides every claim, no error recorded); persistent
ones become exactly one recorded fetch error per claim and no verdict, and the next run, with the
faults gone, decides those claims once each.
"""

from __future__ import annotations

import itertools
import json

import pytest

from factcheck.pipeline import RunOptions, run_claims
from factcheck.store import Store

from ._fault_server import ok, reset, slow, status
from .conftest import CLAIM_IDS, Project, path_of


def _one_verdict_per_claim(store: Store, run_id: int) -> dict[str, str]:
    verdicts = store.verdicts_for_run(run_id)
    ids = [v.claim_id for v in verdicts]
    assert len(ids) == len(set(ids)), "one verdict per claim and run"
    return {v.claim_id: v.label for v in verdicts}


def test_transient_faults_are_retried_and_every_claim_decided(project: Project) -> None:
    s = project.server
    s.script(path_of("f-c1"), [reset(), reset(), ok()])
    s.script(path_of("f-c2"), [status(503), status(502), ok()])
    s.script(path_of("f-c3"), [status(429, Retry_After="1"), ok()])
    s.script(path_of("f-c4"), [slow(0.25)])  # a latency spike under the read timeout
    s.script(path_of("f-c5"), [status(500), ok()])
    summary = run_claims(project.settings(), RunOptions(concurrency=6))
    assert summary.status == "completed"
    assert summary.counts["verified"] == len(CLAIM_IDS)
    assert summary.counts["errored"] == 0
    with Store.open(project.db_url) as store:
        assert store.fetch_errors(summary.run_id) == []
        assert set(_one_verdict_per_claim(store, summary.run_id)) == set(CLAIM_IDS)
    assert len(s.hits_to(path_of("f-c1"))) == 3
    assert len(s.hits_to(path_of("f-c2"))) == 3
    first, second = (h.at for h in s.hits_to(path_of("f-c3")))
    assert second - first >= 0.95, "Retry-After: 1 is a floor for the retry delay"


def test_persistent_faults_become_recorded_errors_never_verdicts(project: Project) -> None:
    s = project.server
    retries = project.http["retries"]
    s.script(path_of("f-c1"), [reset()] * 10)
    s.script(path_of("f-c2"), [status(500)] * 10)
    s.script(path_of("f-c3"), [status(429, Retry_After="3600")] * 10)  # beyond max_retry_after_s
    s.script(path_of("f-c4"), [slow(2.0)])  # beyond the read timeout (not retried)
    s.script(path_of("f-c5"), [status(429, Retry_After="1")] * 10)  # a 429 storm
    summary = run_claims(project.settings(), RunOptions(concurrency=6))
    assert summary.status == "completed"
    assert summary.counts["errored"] == 5
    assert summary.counts["verified"] == 1
    with Store.open(project.db_url) as store:
        errors = store.fetch_errors(summary.run_id)
        verdicts = _one_verdict_per_claim(store, summary.run_id)
    kinds = {e.claim_id: e.kind for e in errors}
    assert len(errors) == 5, "exactly one recorded error per failed claim"
    assert kinds == {
        "f-c1": "connect",
        "f-c2": "status",
        "f-c3": "status",
        "f-c4": "timeout",
        "f-c5": "status",
    }
    assert all(e.url and e.url.startswith(s.base_url) and e.fetcher == "web" for e in errors)
    assert set(verdicts) == {"f-c6"}, "an error is never turned into a verdict"
    assert len(s.hits_to(path_of("f-c1"))) == retries + 1
    assert len(s.hits_to(path_of("f-c2"))) == retries + 1
    assert len(s.hits_to(path_of("f-c3"))) == 1, "a too-long Retry-After is not waited for"
    storm = [h.at for h in s.hits_to(path_of("f-c5"))]
    assert len(storm) == retries + 1
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(storm)), storm

    # the faults are gone: the next run decides the five claims, once each, and no error is left
    s.clear()
    second = run_claims(project.settings(), RunOptions(concurrency=6))
    assert second.run_id == summary.run_id + 1
    assert second.counts["errored"] == 0
    assert second.counts["verified"] + second.counts["carried_over"] == len(CLAIM_IDS)
    assert second.counts["carried_over"] == 1, "f-c6 is unchanged: its verdict carries over"
    with Store.open(project.db_url) as store:
        assert store.fetch_errors(second.run_id) == []
        assert set(_one_verdict_per_claim(store, second.run_id)) == set(CLAIM_IDS)


def test_cli_run_with_faults_exits_4_and_reports_errors(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.cli import main

    project.write_toml()
    monkeypatch.chdir(project.root)
    project.server.script(path_of("f-c2"), [status(503)] * 10)
    capsys.readouterr()
    code = main(["run", "--json"])
    out = capsys.readouterr().out
    assert code == 4, "a claim that could not be checked: exit 4 (the run itself completed)"
    summary = json.loads(out)
    assert summary["status"] == "completed"
    assert summary["errored"][0]["errors"][0]["kind"] == "status"
    assert main(["run", "--json", "--allow-errors", "--no-resume"]) == 0
    assert summary["counts"]["errored"] == 1
    assert summary["counts"]["verified"] == len(CLAIM_IDS) - 1
