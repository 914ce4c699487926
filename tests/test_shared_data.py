"""Tests needing ../shared/data skip without it on a laptop and fail without it in CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from _shared import SHARED_DATA, in_ci, require_shared


def test_ci_flag_values() -> None:
    for value in ("true", "1", "yes", "TRUE"):
        assert in_ci({"CI": value}), value
    for value in ("", "0", "false", "no"):
        assert not in_ci({"CI": value}), value
    assert not in_ci({})


def test_present_path_is_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "articles").mkdir()
    monkeypatch.setenv("CI", "true")
    assert require_shared("articles", root=tmp_path) == tmp_path / "articles"


def test_missing_data_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="shared data not found"):
        require_shared("api-fixtures", root=tmp_path)


def test_missing_data_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI needs it"):
        require_shared("api-fixtures", root=tmp_path)


def test_default_root_is_shared_data() -> None:
    assert SHARED_DATA.name == "data"
    if SHARED_DATA.is_dir():
        assert require_shared() == SHARED_DATA


def test_ci_script_exports_ci() -> None:
    script = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert 'export CI="${CI:-true}"' in script
