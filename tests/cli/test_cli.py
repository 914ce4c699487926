"""The CLI: help, version, exit codes, claims list/schema output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from factcheck import __version__
from factcheck.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out.strip() == f"factcheck {__version__}"


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert "claims" in out


def test_unknown_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["claims", "list", "--no-such-flag"], capsys)
    assert code == 2
    assert "no-such-flag" in err


@pytest.fixture
def examples(repo_root: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir()
    shutil.copy(repo_root / "claims" / "examples.yaml", folder)
    return folder


def test_validate_examples(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["claims", "validate", str(examples)], capsys)
    assert code == 0
    assert out.startswith("ok: 1 file(s), 10 claim(s)")


def test_validate_defaults_to_settings_claims_dir(
    examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # cwd is tmp_path (see conftest), whose claims/ folder is the default claims_dir
    code, out, _ = run(["claims", "validate", "--json"], capsys)
    assert code == 0
    assert json.loads(out) == {"ok": True, "files": 1, "claims": 10}


def test_examples_cover_every_kind_and_both_languages(repo_root: Path) -> None:
    from factcheck.claims import load_claim_file
    from factcheck.models import CLAIM_KINDS

    model = load_claim_file(repo_root / "claims" / "examples.yaml").model
    assert {c.kind for c in model.claims} == set(CLAIM_KINDS)
    assert len(model.claims) >= 8
    assert any(c.quantities for c in model.claims)
    assert any(c.dates for c in model.claims)
    assert any(c.rank for c in model.claims)
    has_cjk = [any("\u4e00" <= ch <= "\u9fff" for ch in c.text) for c in model.claims]
    assert any(has_cjk)
    assert not all(has_cjk)


def test_list_json_and_filters(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["claims", "list", str(examples), "--json", "--kind", "ranking"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["examples-c003", "examples-c009"]
    assert rows[0]["rank"]["position"] == 3
    code, out, _ = run(["claims", "list", str(examples), "--json", "--article", "nope"], capsys)
    assert json.loads(out) == []


def test_list_table(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["claims", "list", str(examples)], capsys)
    assert code == 0
    assert "examples-c001" in out
    assert "10 claim(s)" in out


def test_list_bad_kind_exits_2(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["claims", "list", str(examples), "--kind", "opinion"], capsys)
    assert code == 2
    assert "'opinion' is not one of" in err


def test_schema_prints_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["claims", "schema", "-o", str(tmp_path / "out")], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "factcheck claim file"
    written = json.loads((tmp_path / "out" / "claim-file.schema.json").read_text(encoding="utf-8"))
    assert written == schema
    assert "wrote" in err


def test_committed_schema_is_current(repo_root: Path) -> None:
    from factcheck.claims import claim_file_schema

    committed = json.loads((repo_root / "claims" / "claim-file.schema.json").read_text("utf-8"))
    assert committed == claim_file_schema(), "run `factcheck claims schema -o claims`"


def test_schema_validates_examples(repo_root: Path) -> None:
    import jsonschema
    from ruamel.yaml import YAML

    from factcheck.claims import claim_file_schema

    data = YAML(typ="safe").load((repo_root / "claims" / "examples.yaml").read_text("utf-8"))
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, claim_file_schema())


def test_bad_config_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "factcheck.toml").write_text("[http]\nper_host_rate = -1\n", encoding="utf-8")
    code, _, err = run(["claims", "validate"], capsys)
    assert code == 2
    assert "factcheck.toml: http.per_host_rate" in err


@pytest.mark.parametrize("args", [["-h"], ["run", "-h"], ["users", "add", "-h"], ["serve", "-h"]])
def test_short_help_option(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from factcheck.cli import main

    assert main(args) == 0
    assert "Usage: factcheck" in capsys.readouterr().out


def test_gitignore_covers_the_lock_and_log_files(repo_root: Path) -> None:
    ignored = (repo_root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "factcheck.db.lock" in ignored
    assert "log/" in ignored
