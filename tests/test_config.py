"""Settings: layers, precedence, error messages naming the layer and key, every field documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from factcheck.config import Settings, find_config_file, load_settings, settings_fields
from factcheck.errors import ConfigError

ALL_FIELDS = settings_fields()


def test_defaults(tmp_path: Path) -> None:
    s = load_settings(cwd=tmp_path, environ={})
    assert s == Settings()
    assert s.database_url == "sqlite:///factcheck.db"
    assert s.http.per_host_rate == 1.0
    assert s.fetchers.searxng.base_url is None


def test_toml_file_layer(tmp_path: Path) -> None:
    (tmp_path / "factcheck.toml").write_text(
        'contact = "ops@example.org"\n[http]\nper_host_rate = 2.5\n[fetchers.searxng]\n'
        'base_url = "http://127.0.0.1:8888"\n',
        encoding="utf-8",
    )
    s = load_settings(cwd=tmp_path, environ={})
    assert s.contact == "ops@example.org"
    assert s.http.per_host_rate == 2.5
    assert s.fetchers.searxng.base_url == "http://127.0.0.1:8888"
    assert s.http.retries == 3, "unset keys of a section keep their defaults"


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.factcheck]\ndatabase_url = "sqlite:///other.db"\n',
        encoding="utf-8",
    )
    assert find_config_file(tmp_path) == (tmp_path / "pyproject.toml", ("tool", "factcheck"))
    assert load_settings(cwd=tmp_path, environ={}).database_url == "sqlite:///other.db"


def test_factcheck_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\ncontact = "py"\n', "utf-8")
    (tmp_path / "factcheck.toml").write_text('contact = "own"\n', "utf-8")
    assert load_settings(cwd=tmp_path, environ={}).contact == "own"


def test_env_beats_file_and_flags_beat_env(tmp_path: Path) -> None:
    (tmp_path / "factcheck.toml").write_text("[run]\nconcurrency = 2\n", encoding="utf-8")
    env = {"FACTCHECK_RUN__CONCURRENCY": "6"}
    assert load_settings(cwd=tmp_path, environ=env).run.concurrency == 6
    s = load_settings(cwd=tmp_path, environ=env, overrides={"run": {"concurrency": 9}})
    assert s.run.concurrency == 9


def test_explicit_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('evidence_dir = "/data/evidence"\n', encoding="utf-8")
    assert load_settings(config_file=cfg, cwd=tmp_path, environ={}).evidence_dir == Path(
        "/data/evidence"
    )
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(config_file=tmp_path / "missing.toml", cwd=tmp_path, environ={})


def test_errors_name_layer_and_key(tmp_path: Path) -> None:
    (tmp_path / "factcheck.toml").write_text("[http]\nmax_bytes = 0\nbogus = 1\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, environ={})
    msg = str(info.value)
    assert f"{tmp_path / 'factcheck.toml'}: http.max_bytes: Input should be greater than 0" in msg
    assert "http.bogus: unknown setting" in msg
    with pytest.raises(
        ConfigError, match=r"environment FACTCHECK_RUN__CONCURRENCY: run\.concurrency"
    ):
        load_settings(cwd=tmp_path / "nowhere", environ={"FACTCHECK_RUN__CONCURRENCY": "x"})
    with pytest.raises(ConfigError, match=r"command-line flag: run\.concurrency"):
        load_settings(cwd=tmp_path / "nowhere", environ={}, overrides={"run": {"concurrency": 0}})


def test_invalid_toml(tmp_path: Path) -> None:
    (tmp_path / "factcheck.toml").write_text("[http\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(cwd=tmp_path, environ={})


def test_secrets_are_masked(tmp_path: Path) -> None:
    s = load_settings(cwd=tmp_path, environ={"FACTCHECK_LLM__API_KEY": "sk-secret"})
    assert isinstance(s.llm.api_key, SecretStr)
    assert s.llm.api_key.get_secret_value() == "sk-secret"
    assert "sk-secret" not in repr(s)
    assert "sk-secret" not in s.model_dump_json()


@pytest.mark.parametrize(
    ("name", "env", "default", "description"), ALL_FIELDS, ids=[f[0] for f in ALL_FIELDS]
)
def test_every_setting_is_described_and_settable_from_env(
    name: str, env: str, default: str, description: str, tmp_path: Path
) -> None:
    assert description, f"{name} has no description"
    assert env == "FACTCHECK_" + name.upper().replace(".", "__")
    # the env layer reaches every leaf: setting it to its own default round-trips
    s = load_settings(cwd=tmp_path, environ={})
    value = s
    for part in name.split("."):
        value = getattr(value, part)
    if value is None or isinstance(value, SecretStr):
        return
    raw = value if isinstance(value, str) else (
        str(value).lower() if isinstance(value, bool) else
        (__import__("json").dumps(value) if isinstance(value, list) else str(value))
    )  # fmt: skip
    s2 = load_settings(cwd=tmp_path, environ={env: raw})
    value2 = s2
    for part in name.split("."):
        value2 = getattr(value2, part)
    assert value2 == value


def test_every_setting_is_documented(repo_root: Path) -> None:
    docs = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((repo_root / "docs").rglob("*.md"))
    )
    missing = [name for name, *_ in ALL_FIELDS if not re.search(rf"`{re.escape(name)}`", docs)]
    assert not missing, f"docs/ lacks settings: {missing} (run `make docs`)"
