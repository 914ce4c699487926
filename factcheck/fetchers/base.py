"""The fetcher protocol, the query plan, the registry and the concurrent fetch of one claim.

A fetcher turns a claim and its :class:`QueryPlan` into :class:`~factcheck.models.Document` objects.
Each one is a pure request planner plus pure ``parse_*(body, url)`` functions plus thin glue over
:class:`factcheck.http.HttpClient`. Fetchers are registered through the entry-point group
``factcheck.fetchers`` (our own built-ins are declared there too, in ``pyproject.toml``), so a third
party adds one from its own package::

    [project.entry-points."factcheck.fetchers"]
    mysource = "mypackage.fetcher:MySourceFetcher"

A plug-in fetcher's own settings live in a ``[fetchers.<name>]`` table, validated by the pydantic
model it names in ``settings_model`` (a :class:`PluginSettings` subclass); ``from_settings`` reads
them with :func:`plugin_settings` (datasette's ``plugin_config(name)``). A bad table is a
:class:`~factcheck.errors.ConfigError` naming the table and the key (exit 2).

A fetcher whose settings are missing raises :class:`~factcheck.errors.NotConfigured` from
``from_settings`` with a message naming the setting (``searxng: set fetchers.searxng.base_url``);
:func:`load_fetchers` reports it as ``disabled: <reason>`` and goes on. Entry points are read lazily,
on the first call, never at import.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, ClassVar, Protocol, Self, TypeVar, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factcheck.errors import ConfigError, FetchError, InputError, NotConfigured
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import FetchResponse, HttpClient

__all__ = [
    "ENTRY_POINT_GROUP",
    "BaseFetcher",
    "FetchResult",
    "Fetcher",
    "FetcherRegistry",
    "PluginSettings",
    "QueryPlan",
    "SearchRecord",
    "UnknownFetcherError",
    "check_fetcher_settings",
    "default_registry",
    "document_id",
    "fetch_documents",
    "load_fetchers",
    "plugin_settings",
    "response_sha256",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")
S = TypeVar("S", bound=BaseModel)

ENTRY_POINT_GROUP = "factcheck.fetchers"


class QueryPlan(BaseModel):
    """What to look for about one claim; built by :func:`factcheck.fetchers.planner.plan_queries`."""

    model_config = ConfigDict(extra="forbid")

    claim_id: str
    language: str = Field(description="Language of the claim: 'zh' or 'en'.")
    queries: list[str] = Field(default_factory=list, description="Free-text queries, best first.")
    entities: list[str] = Field(
        default_factory=list,
        description="Names to look up (subject, object, entities), best first.",
    )
    urls: list[str] = Field(
        default_factory=list, description="URLs that must be fetched (sources)."
    )
    wikidata_ids: list[str] = Field(
        default_factory=list, description="Wikidata items named by the claim's entities (Q-ids)."
    )
    properties: list[str] = Field(
        default_factory=list,
        description="Wikidata properties the claim is about (P571 inception, P1082 population…).",
    )


class PluginSettings(BaseModel):
    """Base of a plug-in fetcher's settings model: unknown keys are errors, ``enabled`` switches it off.

    Subclass it, declare each setting with a default and a description, and name the subclass in the
    fetcher's ``settings_model``; its ``[fetchers.<name>]`` table (or ``FACTCHECK_FETCHERS__<NAME>__*``)
    is validated with it. Use :class:`pydantic.SecretStr` for keys.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="Set false to switch the fetcher off.")


@runtime_checkable
class Fetcher(Protocol):
    """A source of documents for claims.

    A plug-in may also declare ``settings_model: ClassVar[type[PluginSettings]]``: the model of its
    ``[fetchers.<name>]`` table, read in ``from_settings`` with :func:`plugin_settings`.
    """

    name: ClassVar[str]

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        """Build the fetcher; raise :class:`NotConfigured` naming the missing setting."""
        ...

    async def fetch(self, claim: Claim, plan: QueryPlan) -> list[Document]:
        """Return the documents found for ``claim``; raise :class:`FetchError` on failure."""
        ...


@dataclass(frozen=True)
class SearchRecord:
    """One search a fetcher sent for a claim and how many hits it found (``fetch --explain``)."""

    fetcher: str
    query: str
    hits: int
    round: int = 1
    failed: bool = False


@dataclass
class FetchResult:
    """Documents found by one fetcher for one claim, the searches sent and the failed requests."""

    documents: list[Document] = field(default_factory=list)
    errors: list[FetchError] = field(default_factory=list)
    searches: list[SearchRecord] = field(default_factory=list)

    def extend(self, other: FetchResult) -> None:
        self.documents.extend(other.documents)
        self.errors.extend(other.errors)
        self.searches.extend(other.searches)


def document_id(fetcher: str, url: str, text: str) -> str:
    """Stable document id: ``<fetcher>:<first 16 hex of sha256(url NUL text)>``."""
    digest = hashlib.sha256(f"{url}\x00{text}".encode()).hexdigest()
    return f"{fetcher}:{digest[:16]}"


def response_sha256(response: FetchResponse) -> str:
    """Content address of a response body (what the evidence archive stores it under)."""
    return hashlib.sha256(response.content).hexdigest()


class BaseFetcher:
    """Convenience base for fetchers that issue several requests per claim.

    Subclasses implement :meth:`fetch_result`, which keeps the documents of the requests that
    worked next to the errors of those that did not; :func:`fetch_documents` uses it so that one
    failed request does not hide the others' documents. :meth:`fetch` (the protocol method) raises
    the first error when there is any.
    """

    name: ClassVar[str] = ""
    inputs_are_responses: ClassVar[bool] = True
    """Its documents depend only on the claim, its settings and the HTTP responses it read (so a
    claim whose responses did not change can be carried over without fetching, see
    :mod:`factcheck.pipeline._rerun`); a fetcher reading anything else (local files) says False."""

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        raise NotImplementedError

    async def fetch(self, claim: Claim, plan: QueryPlan) -> list[Document]:
        """Return the documents; raise the first :class:`FetchError` if any request failed."""
        result = await self.fetch_result(claim, plan)
        if result.errors:
            first = result.errors[0]
            if len(result.errors) > 1:
                first.add_note(f"{len(result.errors) - 1} more request(s) of {self.name} failed")
            raise first
        return result.documents

    async def _gather(self, jobs: Iterable[Awaitable[FetchResult]]) -> FetchResult:
        """Run jobs concurrently; collect documents and FetchErrors in job order."""
        outcomes = await asyncio.gather(*jobs, return_exceptions=True)
        result = FetchResult()
        for outcome in outcomes:
            if isinstance(outcome, FetchError):
                result.errors.append(_with_fetcher(outcome, self.name))
            elif isinstance(outcome, BaseException):
                raise outcome
            else:
                result.extend(outcome)
        return result

    async def _search_widening(
        self,
        rounds: Sequence[Sequence[str]],
        search: Callable[[str], Awaitable[list[T]]],
    ) -> tuple[FetchResult, dict[str, list[T]]]:
        """Send the searches of ``rounds`` (see :func:`~factcheck.fetchers.planner.search_rounds`):
        a round goes out only when every search before it found nothing. Returns the recorded
        searches and errors, and the hits by query."""
        found: dict[str, list[T]] = {}
        result = FetchResult()
        sent: list[str] = []
        for number, terms in enumerate(rounds, start=1):

            async def one(term: str, number: int = number) -> FetchResult:
                try:
                    hits = await search(term)
                except FetchError as exc:
                    return FetchResult(
                        errors=[_with_fetcher(exc, self.name)],
                        searches=[SearchRecord(self.name, term, 0, number, failed=True)],
                    )
                found[term] = hits
                return FetchResult(searches=[SearchRecord(self.name, term, len(hits), number)])

            result.extend(await self._gather(one(t) for t in terms))
            sent.extend(terms)
            if any(found.get(t) for t in terms) or any(t not in found for t in terms):
                break  # hits, or failed searches (widening would only fail again)
        return result, {t: found[t] for t in sent if t in found}  # in plan order, not arrival

    async def _guard(self, job: Awaitable[FetchResult]) -> FetchResult:
        """Await one job, turning its FetchError into a recorded error."""
        try:
            return await job
        except FetchError as exc:
            return FetchResult(errors=[_with_fetcher(exc, self.name)])


def _with_fetcher(exc: FetchError, name: str) -> FetchError:
    if exc.fetcher is None:
        exc.fetcher = name
    return exc


class UnknownFetcherError(InputError):
    """A fetcher name that no installed package registers."""


class FetcherRegistry:
    """Fetcher classes by name, read lazily from the ``factcheck.fetchers`` entry points.

    Tests build their own registry (``FetcherRegistry(include_entry_points=False)``) and
    :meth:`register` toy fetchers, so installed third-party plugins cannot leak in.
    """

    def __init__(self, *, include_entry_points: bool = True) -> None:
        self._include_entry_points = include_entry_points
        self._entry_points: dict[str, EntryPoint] | None = None
        self._classes: dict[str, type[Fetcher]] = {}

    def _discover(self) -> dict[str, EntryPoint]:
        if self._entry_points is None:
            found: dict[str, EntryPoint] = {}
            if self._include_entry_points:
                for ep in entry_points(group=ENTRY_POINT_GROUP):
                    if ep.name in found and found[ep.name].value != ep.value:
                        logger.warning(
                            "fetcher %r registered twice (%s, %s); using the first",
                            ep.name,
                            found[ep.name].value,
                            ep.value,
                        )
                        continue
                    found[ep.name] = ep
            self._entry_points = found
        return self._entry_points

    def register(self, cls: type[Fetcher], name: str | None = None) -> None:
        """Register a fetcher class directly (tests, embedding applications)."""
        self._classes[name or cls.name] = cls

    def names(self) -> list[str]:
        """Every registered fetcher name, in registration order (entry points first)."""
        names = list(self._discover())
        names.extend(n for n in self._classes if n not in names)
        return names

    def get(self, name: str) -> type[Fetcher]:
        """Return the class registered as ``name``; raise :class:`UnknownFetcherError`."""
        if name in self._classes:
            return self._classes[name]
        ep = self._discover().get(name)
        if ep is None:
            known = ", ".join(sorted(self.names())) or "none"
            raise UnknownFetcherError(f"unknown fetcher {name!r} (known: {known})")
        try:
            cls = ep.load()
        except (ImportError, AttributeError) as exc:
            raise UnknownFetcherError(
                f"fetcher {name!r}: cannot load entry point {ep.value!r}: {exc}"
            ) from exc
        if not isinstance(cls, type) or not hasattr(cls, "from_settings"):
            raise UnknownFetcherError(f"fetcher {name!r}: {ep.value!r} is not a fetcher class")
        self._classes[name] = cls
        return cls


_DEFAULT_REGISTRY: FetcherRegistry | None = None


def default_registry() -> FetcherRegistry:
    """The process-wide registry over installed entry points (created on first use)."""
    global _DEFAULT_REGISTRY
    if _DEFAULT_REGISTRY is None:
        _DEFAULT_REGISTRY = FetcherRegistry()
    return _DEFAULT_REGISTRY


def _validation_problems(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '(table)'}: "
        + ("unknown setting" if err["type"] == "extra_forbidden" else err["msg"])
        for err in exc.errors()
    )


def plugin_settings(settings: Settings, name: str, model: type[S]) -> S:
    """The ``[fetchers.<name>]`` table validated with ``model``; raise :class:`ConfigError` naming it.

    The message names the table and each bad key (``settings: [fetchers.mysource] limit: Input
    should be a valid integer``), so ``run`` and ``fetch`` exit 2 with it.
    """
    table = settings.fetchers.plugin_table(name)
    try:
        return model.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(f"settings: [fetchers.{name}] {_validation_problems(exc)}") from exc


def _plugin_enabled(settings: Settings, name: str, cls: type[Fetcher]) -> bool:
    """Validate a plug-in's table (its ``settings_model``, else only ``enabled``); whether it is on."""
    model: type[BaseModel] = getattr(cls, "settings_model", None) or PluginSettings
    own = plugin_settings(settings, name, model)
    return getattr(own, "enabled", True) is not False


def _check_plugin_tables(settings: Settings, registry: FetcherRegistry) -> None:
    known = registry.names()
    for name in settings.fetchers.model_extra or {}:
        if name not in known:
            raise ConfigError(
                f"settings: [fetchers.{name}]: no fetcher named {name!r} is installed "
                f"(known: {', '.join(sorted(known)) or 'none'})"
            )


def check_fetcher_settings(settings: Settings, registry: FetcherRegistry | None = None) -> None:
    """Validate every ``[fetchers.<name>]`` table of a plug-in now, building no fetcher.

    ``run`` calls it before it opens a run, so a bad table stops it (:class:`ConfigError`, exit 2)
    without leaving a failed run behind.
    """
    registry = registry or default_registry()
    _check_plugin_tables(settings, registry)
    for name in settings.fetchers.model_extra or {}:
        _plugin_enabled(settings, name, registry.get(name))


def _section_disabled(settings: Settings, name: str, cls: type[Fetcher]) -> bool:
    if name not in type(settings.fetchers).model_fields:
        return not _plugin_enabled(settings, name, cls)
    section = getattr(settings.fetchers, name, None)
    return section is not None and getattr(section, "enabled", True) is False


def load_fetchers(
    settings: Settings,
    client: HttpClient,
    names: Sequence[str] | None = None,
    *,
    registry: FetcherRegistry | None = None,
) -> tuple[list[Fetcher], dict[str, str]]:
    """Build the fetchers to use: ``(enabled fetchers, {name: "disabled: reason"})``.

    ``names`` (the ``--fetcher`` flag) wins over ``fetchers.enabled``; empty means every registered
    fetcher. A name nobody registers raises :class:`UnknownFetcherError` (exit 2); so does a
    ``[fetchers.<name>]`` table for no installed fetcher, or one its ``settings_model`` refuses
    (:class:`ConfigError`).
    """
    registry = registry or default_registry()
    _check_plugin_tables(settings, registry)
    wanted = list(names) if names else list(settings.fetchers.enabled) or registry.names()
    enabled: list[Fetcher] = []
    disabled: dict[str, str] = {}
    for name in dict.fromkeys(wanted):
        cls = registry.get(name)
        if _section_disabled(settings, name, cls):
            disabled[name] = f"disabled: {name}: fetchers.{name}.enabled is false"
            continue
        try:
            fetcher = cls.from_settings(settings, client)
        except NotConfigured as exc:
            disabled[name] = f"disabled: {exc}"
            continue
        enabled.append(fetcher)
    for name, reason in disabled.items():
        logger.info("fetcher %s %s", name, reason)
    logger.info("enabled fetchers: %s", ", ".join(f.name for f in enabled) or "none")
    return enabled, disabled


async def _run_one(fetcher: Fetcher, claim: Claim, plan: QueryPlan) -> FetchResult:
    fetch_result = getattr(fetcher, "fetch_result", None)
    try:
        if fetch_result is not None:
            result = await fetch_result(claim, plan)
            if not isinstance(result, FetchResult):
                raise TypeError(f"{fetcher.name}.fetch_result returned {type(result).__name__}")
            return result
        return FetchResult(documents=list(await fetcher.fetch(claim, plan)))
    except FetchError as exc:
        return FetchResult(errors=[_with_fetcher(exc, fetcher.name)])


async def fetch_documents(
    claim: Claim,
    plan: QueryPlan,
    fetchers: Sequence[Fetcher],
    *,
    searches: list[SearchRecord] | None = None,
) -> tuple[list[Document], list[FetchError]]:
    """Run every fetcher for one claim concurrently; return (documents deduplicated by id, errors).

    A :class:`FetchError` is collected, never swallowed and never turned into a document; any other
    exception is a bug and propagates once every fetcher has finished. ``searches``, when given,
    receives every search the fetchers sent with its hit count.
    """
    outcomes = await asyncio.gather(
        *(_run_one(f, claim, plan) for f in fetchers), return_exceptions=True
    )
    documents: dict[str, Document] = {}
    errors: list[FetchError] = []
    bug: BaseException | None = None
    for fetcher, outcome in zip(fetchers, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            logger.error("fetcher %s failed unexpectedly: %r", fetcher.name, outcome)
            bug = bug or outcome
            continue
        for doc in outcome.documents:
            documents.setdefault(doc.id, doc)
        errors.extend(outcome.errors)
        if searches is not None:
            searches.extend(outcome.searches)
    if bug is not None:
        raise bug
    return list(documents.values()), errors
