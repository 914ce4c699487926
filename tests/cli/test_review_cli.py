"""`factcheck runs|show|history|review` against a store filled through the Store API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.models import Claim, EvidenceRef, Verdict
from factcheck.store import Store


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'fc.db'}"
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", url)
    claim = Claim(id="c-1", text="Beijing ranks third.", kind="ranking")
    with Store.open(url) as store:
        h = store.upsert_claim(claim, article_id="a", file="claims/a.yaml")
        for label, conf in (("supported", 0.8), ("refuted", 0.7)):
            run = store.start_run(config={}, claims_total=1)
            store.record_verdict(
                run.id,
                Verdict(
                    claim_id="c-1",
                    label=label,  # type: ignore[arg-type]
                    confidence=conf,
                    rationale=f"Run says {label}.",
                    evidence=[
                        EvidenceRef(
                            document_id="web:1",
                            url="https://example.org/x",
                            quote="<script>alert(1)</script> Beijing ranks third",
                            stance="supports",
                        )
                    ],
                ),
                claim_hash=h,
            )
            store.finish_run(run.id, status="completed", counts={"verified": 1})
    return url


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_runs_lists_newest_first(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["runs", "--json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [2, 1]
    assert rows[0]["status"] == "completed"
    code, out, _ = run(["runs"], capsys)
    assert code == 0
    assert "completed" in out


def test_show_latest_verdict_and_evidence(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["show", "c-1", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["run_id"] == 2
    assert data["label"] == "refuted"
    assert data["evidence"][0]["url"] == "https://example.org/x"
    code, out, _ = run(["show", "c-1"], capsys)
    assert "refuted" in out
    assert "<script>alert(1)</script>" in out


def test_history(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(["history", "c-1", "--json"], capsys)
    assert [v["label"] for v in json.loads(out)] == ["supported", "refuted"]


def test_review_overrides_and_is_shown(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "review",
            "c-1",
            "--label",
            "supported",
            "--note",
            "checked the index",
            "--by",
            "ana",
            "--json",
        ],
        capsys,
    )
    assert code == 0
    assert json.loads(out)["label"] == "supported"
    code, out, _ = run(["show", "c-1", "--json"], capsys)
    data = json.loads(out)
    assert data["label"] == "refuted"
    assert data["effective_label"] == "supported"
    assert data["review"] == {
        "label": "supported",
        "note": "checked the index",
        "by": "ana",
        "confirmed_by": None,
        "created_at": data["review"]["created_at"],
        "claim_hash": data["review"]["claim_hash"],
        "machine_label": "refuted",
    }
    assert data["review_status"] == "reviewed"
    assert (data["text_changed_since_review"], data["machine_disagrees"]) == (False, False)
    code, out, _ = run(["history", "c-1", "--events", "--json"], capsys)
    [event] = json.loads(out)
    assert (event["action"], event["actor"], event["label_after"]) == (
        "override",
        "ana",
        "supported",
    )
    assert (event["machine_label"], event["machine_run_id"]) == ("refuted", 2)


def test_override_without_a_note_is_refused(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["review", "c-1", "--label", "supported", "--by", "ana"], capsys)
    assert code == 2
    assert "needs a note" in err
    code, _, _ = run(["review", "c-1", "--label", "refuted", "--by", "ana"], capsys)
    assert code == 0, "agreeing with the machine needs no note"


def test_failed_and_partial_runs_and_errored_claims_are_shown(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from factcheck.errors import ConnectError

    with Store.open(store_url) as store:
        failed = store.start_run(config={}, claims_total=1)
        store.finish_run(failed.id, status="failed", counts={})
        partial = store.start_run(config={}, claims_total=1)
        store.upsert_claim(
            Claim(id="c-1", text="Beijing ranks third.", kind="ranking"), article_id="a", file=None
        )
        store.record_fetch_error(
            partial.id,
            "c-1",
            ConnectError("connection refused", url="https://x.example/", fetcher="web"),
        )
        store.finish_run(partial.id, status="completed", counts={"errored": 1})
    _, out, _ = run(["runs", "--json"], capsys)
    outcomes = {r["id"]: r["outcome"] for r in json.loads(out)}
    assert outcomes == {4: "partial", 3: "failed", 2: "completed", 1: "completed"}
    _, out, _ = run(["history", "c-1", "--json"], capsys)
    rows = json.loads(out)
    assert [(r["run_id"], r["outcome"]) for r in rows] == [
        (1, "verdict"),
        (2, "verdict"),
        (3, "not checked"),
        (4, "errored"),
    ]
    assert rows[2]["run_outcome"] == "failed"
    assert rows[3]["errors"][0]["message"] == "connection refused"
    _, out, _ = run(["history", "c-1"], capsys)
    assert "failed" in out
    assert "refused" in out
    _, out, _ = run(["show", "c-1"], capsys)
    assert "run 4 could not check it" in out
    assert "connection refused" in out
    _code, out, _ = run(["show", "c-1", "--json"], capsys)
    data = json.loads(out)
    assert data["latest_run"] == {"id": 4, "outcome": "errored"}
    assert data["errors"][0]["url"] == "https://x.example/"
    assert data["label"] == "refuted", "the last verdict is still shown"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope"], "no verdict for claim 'nope'"),
        (["history", "nope"], "no verdict for claim 'nope'"),
        (["review", "nope", "--label", "supported"], "'nope' is not in the verdict store"),
        (["review", "c-1", "--label", "true"], "'true' is not one of supported"),
    ],
)
def test_bad_ids_and_labels_exit_2(
    store_url: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert message in err


def test_run_rejects_bad_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["run", "--fail-on", "everything"], capsys)
    assert code == 2
    assert "'everything' is not one of refuted, flip" in err
