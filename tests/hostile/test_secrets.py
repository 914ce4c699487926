"""Secrets never leak: not into the stored run config, the database file, the CLI output or logs.

The keys come from the environment (``FACTCHECK_LLM__API_KEY``, ``FACTCHECK_FETCHERS__CLAIMREVIEW__API_KEY``)
as they should; a run with debug logging must not write them anywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.store import Store

from ._common import cli

LLM_KEY = "sk-test-LLMSECRET-0123456789"
FCT_KEY = "AIzaTEST-FCTSECRET-abcdef"


def test_run_keeps_secrets_out_of_store_and_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTCHECK_LLM__API_KEY", LLM_KEY)
    monkeypatch.setenv("FACTCHECK_FETCHERS__CLAIMREVIEW__API_KEY", FCT_KEY)
    (tmp_path / "factcheck.toml").write_text('[fetchers]\nenabled = ["web"]\n', encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(
        "claims:\n  - id: s1\n    text: A claim with no source.\n", encoding="utf-8"
    )
    run = cli(["-vv", "run", "--json"], capsys)
    assert run.code == 0, run.err
    runs = cli(["runs", "--json"], capsys)
    assert runs.code == 0
    for text in (run.out, run.err, runs.out, runs.err):
        assert LLM_KEY not in text
        assert FCT_KEY not in text
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("factcheck.db*") if p.is_file())
    assert LLM_KEY.encode() not in raw
    assert FCT_KEY.encode() not in raw
    with Store.open(f"sqlite:///{tmp_path / 'factcheck.db'}") as store:
        (info,) = store.runs()
    stored = json.dumps(info.config)
    assert info.config["llm"]["api_key"] not in (None, "", LLM_KEY), "stored, masked"
    assert LLM_KEY not in stored
    assert FCT_KEY not in stored
