"""The fetcher protocol, the entry-point registry, switch-offs and the concurrent fetch of a claim."""

from __future__ import annotations

import asyncio
import re
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import ClassVar, Self

import pytest
from _loopback import run

import factcheck.fetchers.base as base
from factcheck.config import Settings
from factcheck.errors import ConnectError, HTTPStatusError, NotConfigured
from factcheck.fetchers import (
    BaseFetcher,
    Fetcher,
    FetcherRegistry,
    FetchResult,
    QueryPlan,
    UnknownFetcherError,
    document_id,
    fetch_documents,
    load_fetchers,
)
from factcheck.http import HttpClient
from factcheck.models import Claim, Document

BUILTINS = [
    "arxiv",
    "claimreview",
    "library",
    "openalex",
    "searxng",
    "web",
    "wikidata",
    "wikipedia",
]
CLAIM = Claim(id="c-1", text="Toy claim")
PLAN = QueryPlan(claim_id="c-1", language="en", queries=["toy"])


def _doc(fetcher: str, url: str, text: str = "t") -> Document:
    from factcheck.fetchers._util import make_document

    return make_document(fetcher=fetcher, url=url, text=text)


class ToyFetcher:
    """A third-party style fetcher (no BaseFetcher): returns one document after a delay."""

    name: ClassVar[str] = "toy"
    delay_s = 0.0
    log: ClassVar[list[tuple[str, str]]] = []  # (event, fetcher name) in the order they happen

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        return cls()

    async def fetch(self, claim: Claim, plan: QueryPlan) -> list[Document]:
        ToyFetcher.log.append(("start", self.name))
        await asyncio.sleep(self.delay_s)
        ToyFetcher.log.append(("end", self.name))
        return [_doc(self.name, f"http://toy/{claim.id}")]


class SlowToy(ToyFetcher):
    name: ClassVar[str] = "slow"
    delay_s = 0.3


class SlowToy2(ToyFetcher):
    name: ClassVar[str] = "slow2"
    delay_s = 0.3


class Unconfigured(ToyFetcher):
    name: ClassVar[str] = "needs-key"

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        raise NotConfigured("needs-key: set NEEDS_KEY")


class Failing(ToyFetcher):
    name: ClassVar[str] = "failing"

    async def fetch(self, claim: Claim, plan: QueryPlan) -> list[Document]:
        raise HTTPStatusError("server said no", status=503, url="http://failing/")


class Partial(BaseFetcher):
    """Two requests: one works, one fails."""

    name: ClassVar[str] = "partial"

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        return cls()

    async def _ok(self) -> FetchResult:
        return FetchResult(
            documents=[_doc(self.name, "http://partial/ok"), _doc("toy", "http://toy/c-1")]
        )

    async def _bad(self) -> FetchResult:
        raise ConnectError("refused", url="http://partial/bad")

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        return await self._gather([self._guard(self._ok()), self._guard(self._bad())])


class Buggy(ToyFetcher):
    name: ClassVar[str] = "buggy"

    async def fetch(self, claim: Claim, plan: QueryPlan) -> list[Document]:
        raise KeyError("a bug, not a fetch failure")


def _registry(*classes: type[Fetcher]) -> FetcherRegistry:
    registry = FetcherRegistry(include_entry_points=False)
    for cls in classes:
        registry.register(cls)
    return registry


def test_builtins_are_declared_as_entry_points() -> None:
    registry = FetcherRegistry()
    assert sorted(registry.names()) == BUILTINS
    for name in BUILTINS:
        cls = registry.get(name)
        assert cls.name == name
        assert isinstance(cls.__new__(cls), Fetcher)


def test_third_party_entry_point_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint(name="toy", value=f"{__name__}:ToyFetcher", group="factcheck.fetchers")
    monkeypatch.setattr(
        base, "entry_points", lambda group: [ep] if group == "factcheck.fetchers" else []
    )
    registry = FetcherRegistry()
    assert registry.names() == ["toy"]
    assert registry.get("toy") is ToyFetcher
    broken = EntryPoint(name="broken", value="no_such_module_xyz:Thing", group="factcheck.fetchers")
    monkeypatch.setattr(base, "entry_points", lambda group: [broken])
    with pytest.raises(UnknownFetcherError, match="cannot load entry point"):
        FetcherRegistry().get("broken")


def test_load_fetchers_reports_switch_offs() -> None:
    settings = Settings(fetchers={"web": {"enabled": False}})
    registry = _registry(ToyFetcher, Unconfigured)
    registry.register(ToyFetcher, name="web")  # a section exists for "web": its enabled flag counts
    client = HttpClient(settings)
    enabled, disabled = load_fetchers(settings, client, registry=registry)
    assert [f.name for f in enabled] == ["toy"]
    assert disabled == {
        "needs-key": "disabled: needs-key: set NEEDS_KEY",
        "web": "disabled: web: fetchers.web.enabled is false",
    }
    enabled, disabled = load_fetchers(settings, client, ["toy"], registry=registry)
    assert [f.name for f in enabled] == ["toy"]
    assert disabled == {}
    with pytest.raises(
        UnknownFetcherError, match=re.escape("unknown fetcher 'nope' (known: needs-key, toy, web)")
    ):
        load_fetchers(settings, client, ["nope"], registry=registry)


def test_settings_enabled_list_selects_fetchers() -> None:
    settings = Settings(fetchers={"enabled": ["toy"]})
    enabled, _ = load_fetchers(
        settings, HttpClient(settings), registry=_registry(ToyFetcher, SlowToy)
    )
    assert [f.name for f in enabled] == ["toy"]


def test_default_settings_disable_exactly_those_needing_settings() -> None:
    settings = Settings()
    enabled, disabled = load_fetchers(settings, HttpClient(settings))
    assert sorted(f.name for f in enabled) == ["arxiv", "openalex", "web", "wikidata", "wikipedia"]
    assert disabled == {
        "claimreview": "disabled: claimreview: set fetchers.claimreview.api_key "
        "(environment FACTCHECK_FETCHERS__CLAIMREVIEW__API_KEY)",
        "library": "disabled: library: set fetchers.library.path",
        "searxng": "disabled: searxng: set fetchers.searxng.base_url",
    }


def test_fetch_documents_runs_concurrently_and_keeps_errors() -> None:
    fetchers: list[Fetcher] = [SlowToy(), SlowToy2(), Failing(), Partial(), ToyFetcher()]
    ToyFetcher.log = []
    docs, errors = run(fetch_documents(CLAIM, PLAN, fetchers))
    # concurrent: both slow fetchers started before either finished (the order of events, not a
    # wall-clock margin a busy machine could break)
    slow = [event for event in ToyFetcher.log if event[1] in ("slow", "slow2")]
    assert [e for e, _ in slow[:2]] == ["start", "start"], ToyFetcher.log
    # "partial" also returned toy's document (same fetcher, url and text): kept once
    expected = [
        document_id("slow", "http://toy/c-1", "t"),
        document_id("slow2", "http://toy/c-1", "t"),
        document_id("partial", "http://partial/ok", "t"),
        document_id("toy", "http://toy/c-1", "t"),
    ]
    assert [d.id for d in docs] == expected
    assert [(type(e).__name__, e.fetcher) for e in errors] == [
        ("HTTPStatusError", "failing"),
        ("ConnectError", "partial"),
    ]


def test_base_fetcher_fetch_raises_first_error() -> None:
    with pytest.raises(ConnectError) as info:
        run(Partial().fetch(CLAIM, PLAN))
    assert info.value.fetcher == "partial"


def test_a_bug_propagates_after_the_others_finish() -> None:
    with pytest.raises(KeyError, match="a bug"):
        run(fetch_documents(CLAIM, PLAN, [ToyFetcher(), Buggy()]))


def test_document_id_is_stable_and_content_addressed() -> None:
    a = document_id("wikipedia", "https://x/wiki/A", "text")
    assert a == document_id("wikipedia", "https://x/wiki/A", "text")
    assert re.fullmatch(r"wikipedia:[0-9a-f]{16}", a)
    assert a != document_id("wikipedia", "https://x/wiki/A", "text2")
    assert a != document_id("wikidata", "https://x/wiki/A", "text")


def test_every_registered_fetcher_has_a_docs_entry(repo_root: Path) -> None:
    page = (repo_root / "docs" / "fetchers.md").read_text(encoding="utf-8")
    section = page.split("## Fetchers", 1)[1].split("\n## ", 1)[0]
    for name in FetcherRegistry().names():
        assert f"| `{name}` |" in section, f"docs/fetchers.md 'Fetchers' table lacks {name}"
    assert "## How to add a fetcher" in page
    assert "## Recording cassettes" in page
