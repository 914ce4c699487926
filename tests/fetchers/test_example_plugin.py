"""The worked example plug-in (tests/example_plugin): registered by entry point, configured by its own
``[fetchers.quotes]`` table validated with its own model, fetching from a loopback server."""

from __future__ import annotations

import tomllib
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest
from _loopback import loopback_settings, run
from pytest_httpserver import HTTPServer

import factcheck.fetchers.base as base
from factcheck.cli import main
from factcheck.config import Settings, load_settings
from factcheck.errors import ConfigError
from factcheck.fetchers import FetcherRegistry, fetch_documents, load_fetchers, plan_queries
from factcheck.http import HttpClient
from factcheck.models import Claim

PLUGIN = Path(__file__).resolve().parents[1] / "example_plugin"


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> FetcherRegistry:
    """The example package on sys.path and its declared entry point visible, as after pip install."""
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"][base.ENTRY_POINT_GROUP]
    eps = [EntryPoint(name=n, value=v, group=base.ENTRY_POINT_GROUP) for n, v in declared.items()]
    monkeypatch.syspath_prepend(str(PLUGIN))
    monkeypatch.setattr(
        base, "entry_points", lambda group: eps if group == base.ENTRY_POINT_GROUP else []
    )
    monkeypatch.setattr(base, "_DEFAULT_REGISTRY", None)
    return FetcherRegistry()


def _settings(tmp_path: Path, table: str, **extra: Any) -> Settings:
    (tmp_path / "factcheck.toml").write_text(table, encoding="utf-8")
    return load_settings(cwd=tmp_path, environ=extra.get("environ", {}))


def test_entry_point_and_settings_reach_the_fetcher(
    installed: FetcherRegistry, httpserver: HTTPServer, tmp_path: Path
) -> None:
    answer = {
        "results": [
            {
                "url": "https://quotes.example.org/q/1",
                "title": "Made up",
                "text": "A made-up quote.",
                "date": "2024-05-01",
            },
        ]
    }
    httpserver.expect_request("/api/search").respond_with_json(answer)
    table = f'[fetchers.quotes]\nbase_url = "{httpserver.url_for("/api")}"\nmax_results = 3\n'
    file_settings = _settings(
        tmp_path, table, environ={"FACTCHECK_FETCHERS__QUOTES__API_KEY": "k-123"}
    )
    http = loopback_settings(httpserver.port).http
    settings = file_settings.model_copy(update={"http": http})
    assert file_settings.model_dump(mode="json")["fetchers"]["quotes"]["api_key"] == "**********"

    async def go() -> list[str]:
        async with HttpClient(settings) as client:
            fetchers, disabled = load_fetchers(settings, client, ["quotes"], registry=installed)
            assert disabled == {}
            (fetcher,) = fetchers
            assert fetcher.own.max_results == 3  # type: ignore[attr-defined]
            claim = Claim(id="q-c1", text="Someone said a made-up thing", kind="attribution")
            docs, errors = await fetch_documents(claim, plan_queries(claim), fetchers)
            assert errors == []
            return [d.url for d in docs]

    assert run(go()) == ["https://quotes.example.org/q/1"]
    (request, _response) = httpserver.log[-1]
    assert request.args["limit"] == "3"
    assert request.headers["X-Api-Key"] == "k-123"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[fetchers.quotes]\nbase_url = "http://x.invalid"\nmax_resluts = 3\n',
            r"\[fetchers\.quotes\] max_resluts: unknown setting",
        ),
        (
            '[fetchers.quotes]\nbase_url = "http://x.invalid"\nmax_results = "many"\n',
            r"\[fetchers\.quotes\] max_results: Input should be a valid integer",
        ),
        ('[fetchers.quotes]\nbase_url = "not a url"\n', r"\[fetchers\.quotes\] base_url: "),
        (
            '[fetchers.quotse]\nbase_url = "http://x.invalid"\n',
            r"\[fetchers\.quotse\]: no fetcher named 'quotse' is installed",
        ),
    ],
)
def test_bad_tables_are_config_errors_naming_table_and_key(
    installed: FetcherRegistry, tmp_path: Path, table: str, message: str
) -> None:
    settings = _settings(tmp_path, table)
    with pytest.raises(ConfigError, match=message):
        load_fetchers(settings, HttpClient(settings), registry=installed)


def test_switch_off_and_not_configured(installed: FetcherRegistry, tmp_path: Path) -> None:
    off = _settings(tmp_path, '[fetchers.quotes]\nenabled = false\nbase_url = "http://x.invalid"\n')
    assert load_fetchers(off, HttpClient(off), registry=installed) == (
        [],
        {"quotes": "disabled: quotes: fetchers.quotes.enabled is false"},
    )
    bare = Settings()
    assert load_fetchers(bare, HttpClient(bare), registry=installed)[1] == {
        "quotes": "disabled: quotes: set fetchers.quotes.base_url"
    }


def test_a_value_that_is_no_table_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"fetchers\.quotes: unknown setting \(a plug-in"):
        _settings(tmp_path, "[fetchers]\nquotes = 3\n")


def test_fetch_cli_exits_2_naming_the_key(
    installed: FetcherRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "factcheck.toml").write_text(
        '[fetchers.quotes]\nbase_url = "http://x.invalid"\nmax_resluts = 3\n', encoding="utf-8"
    )
    assert main(["fetch", "--text", "a claim", "--fetcher", "quotes", "--json"]) == 2
    err = capsys.readouterr().err
    assert "error: settings: [fetchers.quotes] max_resluts: unknown setting" in err


def test_run_stops_before_opening_a_run(installed: FetcherRegistry, tmp_path: Path) -> None:
    from factcheck.pipeline import RunOptions, run_claims
    from factcheck.store import Store

    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "c.yaml").write_text(
        "claims:\n  - id: q-c1\n    text: Someone said a made-up thing in 2020.\n", encoding="utf-8"
    )
    table = '[fetchers.quotes]\nbase_url = "http://x.invalid"\nmax_results = 0\n'
    settings = _settings(tmp_path, table).model_copy(
        update={"claims_dir": tmp_path / "claims", "database_url": f"sqlite:///{tmp_path}/f.db"}
    )
    store = Store.open(settings.database_url)
    try:
        with pytest.raises(ConfigError, match=r"\[fetchers\.quotes\] max_results: "):
            run_claims(settings, RunOptions(offline=True), store=store, registry=installed)
        assert store.runs() == []
    finally:
        store.close()
