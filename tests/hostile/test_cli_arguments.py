"""Hostile command-line arguments, settings files and environment values.

Every command must answer bad input with exit 2 and a one-line message naming the flag, file or
setting — never a traceback, never exit 3 — and write nothing: the project folder (claims, store,
evidence, reports) is byte-for-byte what it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _pytest.mark import ParameterSet

from factcheck.models import Verdict
from factcheck.store import Store

from ._common import cli, snapshot


@dataclass(frozen=True)
class Case:
    name: str
    args: list[str]
    message: str
    env: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


CASES: list[Case | ParameterSet] = [
    Case("fetch-empty-text", ["fetch", "--text", ""], "--text: "),
    Case("fetch-control-text", ["fetch", "--text", "a\x1b[2Jb"], "control character U+001B"),
    Case("fetch-claim-and-text", ["fetch", "c1", "--text", "x"], "either a CLAIM_ID or --text"),
    Case("fetch-unknown-fetcher", ["fetch", "c1", "--fetcher", "../../evil"], "unknown fetcher"),
    Case("show-path-like-id", ["show", "../../etc/passwd"], "no verdict for claim"),
    Case("review-unknown-claim", ["review", "nope", "--label", "supported"], "not in the verdict"),
    Case("review-bogus-label", ["review", "c1", "--label", "<script>"], "--label"),
    Case("run-unknown-only", ["run", "--only", "nope"], "--only"),
    Case("run-bogus-fail-on", ["run", "--fail-on", "everything"], "--fail-on"),
    Case("run-bogus-backend", ["run", "--backend", "$(rm -rf /)"], "--backend"),
    Case("run-zero-concurrency", ["run", "--concurrency", "0"], "--concurrency"),
    Case("report-unknown-run", ["report", "--run", "999"], "999"),
    Case("export-bogus-format", ["export", "--format", "xml"], "--format"),
    Case("missing-config-file", ["-c", "nowhere.toml", "runs"], "nowhere.toml"),
    Case("broken-config-file", ["-c", "bad.toml", "runs"], "invalid TOML",
         files={"bad.toml": "[http\nmax_bytes = 1\n"}),
    Case("unknown-setting", ["-c", "unknown.toml", "runs"], "unknown setting",
         files={"unknown.toml": "[http]\nallow_everything = true\n"}),
    Case("negative-size-cap-from-env", ["runs"], "FACTCHECK_HTTP__MAX_BYTES",
         env={"FACTCHECK_HTTP__MAX_BYTES": "-1"}),
    Case("json-garbage-from-env", ["runs"], "FACTCHECK_HTTP__ALLOW_PRIVATE",
         env={"FACTCHECK_HTTP__ALLOW_PRIVATE": "[not json"}),
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "factcheck.toml").write_text('[fetchers]\nenabled = ["web"]\n', encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(
        "claims:\n  - id: c1\n    text: A claim.\n", encoding="utf-8"
    )
    from factcheck.models import Claim

    with Store.open(f"sqlite:///{tmp_path / 'factcheck.db'}") as store:
        (h,) = store.upsert_claims([Claim(id="c1", text="A claim.")], article_id=None, file="a")
        run = store.start_run(config={}, claims_total=1)
        verdict = Verdict(claim_id="c1", label="supported", confidence=0.9, rationale="r")
        store.record_verdict(run.id, verdict, claim_hash=h)
        store.finish_run(run.id, status="completed", counts={})
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=lambda c: getattr(c, "name", None))
def test_hostile_argument(
    case: Case, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, content in case.files.items():
        (project / name).write_text(content, encoding="utf-8")
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    before = snapshot(project)
    result = cli(case.args, capsys)
    assert result.code == 2, result.err[-2000:]
    assert case.message in result.err, result.err[-2000:]
    assert "Traceback" not in result.err
    assert "internal error" not in result.err
    assert snapshot(project) == before, "bad input writes nothing"
