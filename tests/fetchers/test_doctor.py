"""`factcheck doctor`: fetchers configured or not (with the reason), probes answered, the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _fakeapi import FakeApi

from factcheck.cli import main


def test_doctor_reports_each_fetcher_and_the_store(
    fake_api: FakeApi,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "factcheck.toml").write_text(fake_api.toml(tmp_path), encoding="utf-8")
    code = main(["doctor", "--json"])
    data = json.loads(capsys.readouterr().out)
    states = {f["name"]: f["state"] for f in data["fetchers"]}
    # every API the loopback imitates answered its probe with a body its parser reads
    for name in ("wikipedia", "wikidata", "arxiv", "openalex", "searxng"):
        assert states[name] == "ok", data
    assert states["web"] == "no probe"
    assert data["store"]["state"] == "ok"
    assert code == 0
    assert fake_api.hits.get("/searx/search", 0) == 1


def test_doctor_names_the_missing_setting_and_fails_on_unreachable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # nothing listens on port 9 of loopback: the probe fails fast, the run would too
    (tmp_path / "factcheck.toml").write_text(
        '[http]\nallow_private = ["127.0.0.1:9"]\nretries = 0\ntotal_timeout_s = 2\n'
        '[fetchers.searxng]\nbase_url = "http://127.0.0.1:9"\n',
        encoding="utf-8",
    )
    code = main(["doctor", "--json", "-f", "searxng", "-f", "library"])
    data = json.loads(capsys.readouterr().out)
    by_name = {f["name"]: f for f in data["fetchers"]}
    assert by_name["library"]["state"] == "disabled"
    assert "fetchers.library.path" in by_name["library"]["detail"]
    assert by_name["searxng"]["state"] == "unreachable"
    assert code == 1
