"""One run skeleton for every backend: the same resume rule, claim selection, run record and summary.

A fake executor stands in for Celery (registered as an entry point of ``factcheck.executors``, as
``celery`` is), so the skeleton's rules are checked without a broker; the Celery executor itself is
tested end to end in ``tests/distributed``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from _project import make_project

import factcheck.pipeline._executor as executor_mod
from factcheck.config import Settings
from factcheck.errors import InputError, RunInterruptedError
from factcheck.pipeline import ClaimOutcome, RunContext, RunOptions, run_claims
from factcheck.store import Store

CLAIMS = """\
claims:
  - id: a-c001
    text: Haidian District has 15,000 artificial intelligence scholars.
    checkworthy: 0.9
  - id: a-c002
    text: The first private technology company in China was founded in 1980.
    checkworthy: 0.2
  - id: a-c003
    text: Beijing ranks third in the global innovation hubs index.
"""


class FakeExecutor:
    """Decides nothing: every claim it is handed is reported errored (no verdict is written)."""

    name = "fake"
    handed: ClassVar[list[list[str]]] = []
    fail: ClassVar[BaseException | None] = None

    def prepare(self, settings: Settings, options: RunOptions) -> None:
        pass

    def execute(self, run: RunContext) -> None:
        type(self).handed.append([t.claim.id for t in run.todo])
        if type(self).fail is not None:
            raise type(self).fail
        for task in run.todo:
            run.record(ClaimOutcome(task.claim.id, "errored"))
        run.disabled["toy"] = "disabled: toy: not needed"

    def finish(self, run: RunContext) -> None:
        pass

    def close(self) -> None:
        pass


class _EntryPoint:
    def load(self) -> type[FakeExecutor]:
        return FakeExecutor


@pytest.fixture(autouse=True)
def fake_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeExecutor.handed = []
    FakeExecutor.fail = None
    monkeypatch.setattr(executor_mod, "_executor_entry_points", lambda: {"fake": _EntryPoint()})


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    return make_project(tmp_path, CLAIMS, fetchers=[], claim_file="a.yaml")


def _unfinished(settings: Settings, status: str, *, spot_check: bool = False) -> int:
    with Store.open(settings.database_url) as store:
        run = store.start_run(config={}, claims_total=3, spot_check=spot_check)
        if status != "running":
            store.finish_run(run.id, status=status, counts={})
        return run.id


@pytest.mark.parametrize("status", ["running", "interrupted", "failed"])
def test_an_unfinished_run_is_resumed_whatever_ended_it(project: Settings, status: str) -> None:
    run_id = _unfinished(project, status)
    summary = run_claims(project, RunOptions(), backend="fake")
    assert summary.resumed
    assert summary.run_id == run_id
    with Store.open(project.database_url) as store:
        run = store.get_run(run_id)
    assert run is not None
    assert run.status == "completed"
    assert run.backend == "fake"


def test_a_completed_run_or_another_kind_is_not_resumed(project: Settings) -> None:
    completed = _unfinished(project, "completed")
    first = run_claims(project, RunOptions(), backend="fake")
    assert not first.resumed
    assert first.run_id == completed + 1
    spot = _unfinished(project, "interrupted", spot_check=True)
    nightly = run_claims(project, RunOptions(), backend="fake")
    assert not nightly.resumed, "a nightly run resumes no spot check"
    assert nightly.run_id == spot + 1
    _unfinished(project, "interrupted")
    fresh = run_claims(project, RunOptions(resume=False), backend="fake")
    assert not fresh.resumed


def test_a_run_an_executor_failed_is_closed_failed_and_resumed(project: Settings) -> None:
    FakeExecutor.fail = RuntimeError("worker pool exploded")
    with pytest.raises(RuntimeError, match="exploded"):
        run_claims(project, RunOptions(), backend="fake")
    with Store.open(project.database_url) as store:
        failed = store.latest_run()
    assert failed is not None
    assert failed.status == "failed"
    FakeExecutor.fail = None
    summary = run_claims(project, RunOptions(), backend="fake")
    assert summary.resumed
    assert summary.run_id == failed.id


def test_an_interrupted_executor_closes_the_run_as_interrupted(project: Settings) -> None:
    FakeExecutor.fail = RunInterruptedError("stop")
    with pytest.raises(RunInterruptedError, match="closed as interrupted"):
        run_claims(project, RunOptions(), backend="fake")
    with Store.open(project.database_url) as store:
        run = store.latest_run()
    assert run is not None
    assert run.status == "interrupted"


def test_every_backend_gets_the_same_claims_most_check_worthy_first(project: Settings) -> None:
    run_claims(project, RunOptions(), backend="fake")
    run_claims(project, RunOptions(min_checkworthy=0.5, resume=False), backend="fake")
    assert FakeExecutor.handed == [["a-c003", "a-c001", "a-c002"], ["a-c003", "a-c001"]]


def test_the_run_row_and_summary_come_from_the_skeleton(project: Settings) -> None:
    summary = run_claims(project, RunOptions(allow_errors=True), backend="fake")
    assert summary.counts == {"verified": 0, "carried_over": 0, "errored": 3, "skipped": 0}
    assert summary.disabled_fetchers == {"toy": "disabled: toy: not needed"}
    assert summary.errored == []  # no fetch error rows: the fake wrote none
    with Store.open(project.database_url) as store:
        run = store.get_run(summary.run_id)
    assert run is not None
    options: dict[str, Any] = run.config["options"]
    assert options["backend"] == "fake"
    assert run.counts["errored"] == 3
    assert run.counts["disabled"] == {"toy": "disabled: toy: not needed"}


def test_an_unknown_backend_is_refused_before_any_work(project: Settings) -> None:
    with pytest.raises(InputError, match=r"--backend: 'nope' is not one of local, fake"):
        run_claims(project, RunOptions(), backend="nope")
    assert not Path(project.database_url.removeprefix("sqlite:///")).exists()
