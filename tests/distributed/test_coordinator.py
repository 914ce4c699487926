"""`run --backend celery` refuses bad input before any work and maps a dead broker to exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.cli import main


def _project(tmp_path: Path, claims: str, broker: str) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(claims, encoding="utf-8")
    (tmp_path / "factcheck.toml").write_text(
        f'database_url = "sqlite:///{tmp_path / "fc.db"}"\n[run]\nbroker_url = "{broker}"\n',
        encoding="utf-8",
    )


def test_bad_claim_file_exits_2_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, "claims:\n  - id: a-c1\n    txt: typo in the field name\n", "redis://x")
    assert main(["run", "--backend", "celery"]) == 2
    err = capsys.readouterr().err
    assert "a.yaml:3" in err
    assert not (tmp_path / "fc.db").exists(), "no store opened"


def test_unreachable_broker_exits_3_without_a_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(
        tmp_path,
        "claims:\n  - id: a-c1\n    text: Water boils at 100 C.\n",
        "redis://127.0.0.1:1/0",
    )
    assert main(["run", "--backend", "celery"]) == 3
    assert "broker redis://127.0.0.1:1/0 unreachable" in capsys.readouterr().err
    assert not (tmp_path / "fc.db").exists(), "no run started"


def test_broker_url_must_be_redis(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _project(tmp_path, "claims:\n  - id: a-c1\n    text: Water boils at 100 C.\n", "amqp://h//")
    assert main(["run", "--backend", "celery"]) == 2
    assert "run.broker_url" in capsys.readouterr().err
