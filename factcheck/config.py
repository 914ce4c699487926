"""Settings: one typed model, loaded once by the CLI and passed down explicitly.

Layers, lowest to highest priority (DESIGN.md):

1. defaults declared here (each field has a default and a description);
2. ``factcheck.toml`` in the working directory, or else ``[tool.factcheck]`` in ``pyproject.toml``
   (or the file given with ``--config``);
3. environment variables ``FACTCHECK_<NAME>``; nested names join with a double underscore:
   ``fetchers.searxng.base_url`` ↔ ``FACTCHECK_FETCHERS__SEARXNG__BASE_URL``;
4. CLI flags (passed as ``overrides``).

``[fetchers.<name>]`` tables for fetchers that are not built in (plug-ins) are kept as they are and
validated later by the plug-in's own model (:func:`factcheck.fetchers.plugin_settings`).

No other module reads ``os.environ``. Secrets (the LLM key, the Fact Check Tools key) come only from the
environment or a file that is not committed, and are masked in dumps (:class:`pydantic.SecretStr`).
"""

from __future__ import annotations

import contextvars
import ipaddress
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from factcheck.errors import ConfigError

__all__ = [
    "ENV_NESTED_DELIMITER",
    "ENV_PREFIX",
    "ArxivSettings",
    "ClaimReviewSettings",
    "FetchersSettings",
    "HttpSettings",
    "LLMSettings",
    "LibrarySettings",
    "NightlySettings",
    "OpenAlexSettings",
    "ReportSettings",
    "ReviewSettings",
    "RunSettings",
    "SearxngSettings",
    "ServeSettings",
    "Settings",
    "VerifySettings",
    "WebSettings",
    "WikidataSettings",
    "WikipediaSettings",
    "find_config_file",
    "load_settings",
    "settings_fields",
]

ENV_PREFIX = "FACTCHECK_"
ENV_NESTED_DELIMITER = "__"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


@dataclass(frozen=True)
class AllowedOrigin:
    """One ``http.allow_private`` entry: a host name or an IP network, one port, maybe a scheme."""

    port: int
    host: str | None = None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    scheme: str | None = None

    def allows(self, scheme: str, host: str, port: int, address: str) -> bool:
        """Whether a request to ``scheme://host:port`` whose host resolved to ``address`` may go."""
        if port != self.port or (self.scheme is not None and scheme != self.scheme):
            return False
        if self.host is not None:
            return host.lower() == self.host
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        assert self.network is not None
        return ip.version == self.network.version and ip in self.network


_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_NAME_RE = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?")


def parse_allowed_origin(entry: str) -> AllowedOrigin:
    """Parse an ``http.allow_private`` entry; raise ``ValueError`` saying what is wrong.

    ``host:port``, ``[ipv6]:port``, ``10.0.0.0/8:port`` (a network, one port), or an origin
    ``http(s)://host[:port]`` (the scheme's port by default). A bare host is refused: it would open
    every port of that host, including ones a redirect can point at (``localhost:6379``).
    """
    text = entry.strip().lower()
    hint = "name a host and its port ('localhost:8080') or an origin ('http://localhost:8080')"
    scheme: str | None = None
    if "://" in text:
        scheme, _, text = text.partition("://")
        if scheme not in _DEFAULT_PORTS:
            raise ValueError(f"{entry!r}: only http:// and https:// origins can be allowed")
        if text.endswith("/"):
            text = text[:-1]
        if any(c in text for c in "/?#@"):
            raise ValueError(f"{entry!r}: an origin has no path, query or user (http://host:port)")
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"{entry!r}: unclosed '[' ({hint})")
        port_text = rest[1:] if rest else ""
    else:
        host, sep, port_text = text.rpartition(":")
        if not sep:
            host, port_text = text, ""
        if ":" in host:
            raise ValueError(f"{entry!r}: write an IPv6 address in brackets: '[::1]:8080'")
    if not port_text:
        if scheme is None:
            raise ValueError(f"{entry!r}: {hint}; a bare host would open every port")
        port = _DEFAULT_PORTS[scheme]
    elif port_text.isascii() and port_text.isdigit() and 0 < int(port_text) < 65536:
        port = int(port_text)
    else:
        raise ValueError(f"{entry!r}: {port_text!r} is not a port (1-65535)")
    try:
        network = ipaddress.ip_network(host, strict=False)
    except ValueError:
        if not _HOST_NAME_RE.fullmatch(host) or ".." in host:
            raise ValueError(
                f"{entry!r}: {host!r} is not a host name, address or network"
            ) from None
        return AllowedOrigin(port=port, host=host, scheme=scheme)
    return AllowedOrigin(port=port, network=network, scheme=scheme)


def _check_allowed_origin(entry: str) -> str:
    parse_allowed_origin(entry)
    return entry.strip()


class HttpSettings(_Section):
    """The one polite HTTP client (``factcheck/http/``)."""

    connect_timeout_s: float = Field(10.0, gt=0, description="Connect timeout in seconds.")
    read_timeout_s: float = Field(30.0, gt=0, description="Read timeout between bytes, in seconds.")
    total_timeout_s: float = Field(60.0, gt=0, description="Whole-request deadline, in seconds.")
    per_host_rate: float = Field(
        1.0, gt=0, description="Requests per second per host (polite default: 1)."
    )
    per_host_concurrency: int = Field(2, ge=1, description="Requests in flight per host.")
    max_bytes: int = Field(
        10_000_000, gt=0, description="Largest body accepted (checked while streaming)."
    )
    max_redirects: int = Field(5, ge=0, description="Redirects followed before giving up.")
    retries: int = Field(3, ge=0, description="Retries on connect errors, 429 and 5xx.")
    backoff_s: float = Field(0.5, ge=0, description="First retry delay; doubles each retry.")
    max_retry_after_s: float = Field(120.0, ge=0, description="Longest Retry-After honoured.")
    respect_robots: bool = Field(True, description="Obey robots.txt (cached per host).")
    fresh_for_s: float = Field(
        21600.0,
        ge=0,
        description="Reuse an archived response younger than this without any request "
        "(0: always revalidate with ETag/Last-Modified).",
    )
    allow_private: list[Annotated[str, AfterValidator(_check_allowed_origin)]] = Field(
        default_factory=list,
        description="Private/loopback places allowed anyway, each with its port: 'host:port', "
        "'[v6]:port', 'cidr:port' or 'http://host:port' (tests: ['127.0.0.1:8080']).",
    )


class WikipediaSettings(_Section):
    """MediaWiki Action API search + plain-text extracts."""

    enabled: bool = Field(True, description="Use this fetcher in runs.")
    base_url: str = Field(
        "https://{lang}.wikipedia.org/w/api.php",
        description="Action API endpoint; {lang} is the claim's language (zh, en).",
    )
    max_results: int = Field(3, ge=1, description="Pages fetched per query.")
    zh_variant: str = Field(
        "zh-cn",
        description="Script of Chinese pages (zh-cn simplified, zh-tw traditional; empty = as stored).",
    )
    follow_links: int = Field(
        5,
        ge=0,
        description="Cited sources (external links of the pages found) read per claim; 0 = none.",
    )


class WikidataSettings(_Section):
    """Wikidata entity search, entities and SPARQL."""

    enabled: bool = Field(True, description="Use this fetcher in runs.")
    api_url: str = Field("https://www.wikidata.org/w/api.php", description="Wikibase API endpoint.")
    sparql_url: str = Field("https://query.wikidata.org/sparql", description="SPARQL endpoint.")
    max_results: int = Field(3, ge=1, description="Entities fetched per query.")
    properties: list[str] = Field(
        default_factory=lambda: [
            "P17",
            "P31",
            "P50",
            "P69",
            "P108",
            "P112",
            "P127",
            "P131",
            "P159",
            "P166",
            "P169",
            "P178",
            "P488",
            "P569",
            "P570",
            "P571",
            "P576",
            "P577",
            "P749",
            "P1082",
            "P1128",
            "P2046",
            "P2139",
            "P2196",
            "P2295",
        ],
        description="Properties kept in documents (plus those the claim names); empty = all.",
    )


class ArxivSettings(_Section):
    """arXiv Atom API."""

    enabled: bool = Field(True, description="Use this fetcher in runs.")
    base_url: str = Field("https://export.arxiv.org/api/query", description="Atom API endpoint.")
    max_results: int = Field(5, ge=1, description="Entries per query.")


class OpenAlexSettings(_Section):
    """OpenAlex works, authors, institutions."""

    enabled: bool = Field(True, description="Use this fetcher in runs.")
    base_url: str = Field("https://api.openalex.org", description="API root.")
    mailto: str | None = Field(None, description="Address for OpenAlex's polite pool.")
    max_results: int = Field(5, ge=1, description="Results per query.")


class WebSettings(_Section):
    """Every URL named in a claim's ``sources``."""

    enabled: bool = Field(True, description="Fetch the URLs in claims' `sources`.")


class SearxngSettings(_Section):
    """A self-hosted SearXNG (JSON API); off until ``base_url`` is set."""

    enabled: bool = Field(True, description="Use this fetcher when base_url is set.")
    base_url: str | None = Field(None, description="SearXNG root, e.g. http://127.0.0.1:8888.")
    max_results: int = Field(5, ge=1, description="Result pages fetched per query.")


class LibrarySettings(_Section):
    """A local folder of txt/md/html documents the user provides."""

    enabled: bool = Field(True, description="Use this fetcher when path is set.")
    path: Path | None = Field(None, description="Folder of documents, indexed for search.")
    max_results: int = Field(5, ge=1, description="Documents returned per query.")
    index_dir: Path | None = Field(
        None,
        description="Where the search index is kept; default `.factcheck-index` in the folder.",
    )


class ClaimReviewSettings(_Section):
    """Google Fact Check Tools ``claims:search``; off without an API key."""

    enabled: bool = Field(True, description="Use this fetcher when api_key is set.")
    base_url: str = Field(
        "https://factchecktools.googleapis.com/v1alpha1/claims:search",
        description="claims:search endpoint.",
    )
    api_key: SecretStr | None = Field(None, description="API key (environment only; masked).")
    max_age_days: int | None = Field(None, ge=1, description="Only reviews newer than this.")
    page_size: int = Field(10, ge=1, le=100, description="Results per page.")
    max_pages: int = Field(2, ge=1, le=10, description="Pages followed (pageToken) per query.")
    min_similarity: float = Field(
        0.3, ge=0.0, le=1.0, description="Reviewed claim vs ours (words, Han bigrams, entities)."
    )


_PLUGIN_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
# keys of a plug-in's table masked in dumps (the run's config snapshot); its own model may use SecretStr
_SECRET_KEY_RE = re.compile(r"key|secret|token|password", re.IGNORECASE)


class FetchersSettings(_Section):
    """Per-fetcher settings; ``enabled`` lists the fetchers a run uses (empty = all configured).

    Besides the built-in sections, any ``[fetchers.<name>]`` table is kept for a plug-in fetcher
    (``extra="allow"``); the plug-in's ``settings_model`` validates it when the fetcher is loaded.
    """

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    enabled: list[str] = Field(default_factory=list, description="Fetchers to use; empty = all.")
    max_queries: int = Field(
        4,
        ge=1,
        description="Searches each search fetcher sends per claim and round; a second round of "
        "broader queries goes out only when the first found nothing.",
    )
    wikipedia: WikipediaSettings = Field(default_factory=WikipediaSettings)
    wikidata: WikidataSettings = Field(default_factory=WikidataSettings)
    arxiv: ArxivSettings = Field(default_factory=ArxivSettings)
    openalex: OpenAlexSettings = Field(default_factory=OpenAlexSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    searxng: SearxngSettings = Field(default_factory=SearxngSettings)
    library: LibrarySettings = Field(default_factory=LibrarySettings)
    claimreview: ClaimReviewSettings = Field(default_factory=ClaimReviewSettings)

    @model_validator(mode="after")
    def _plugin_tables(self) -> FetchersSettings:
        for name, value in (self.model_extra or {}).items():
            if not _PLUGIN_NAME_RE.fullmatch(name):
                raise ValueError(
                    f"fetchers.{name}: not a fetcher name (lower-case letters, digits, _)"
                )
            if not isinstance(value, dict):
                raise ValueError(
                    f"fetchers.{name}: unknown setting (a plug-in fetcher's settings are a table, "
                    f"[fetchers.{name}])"
                )
        return self

    def plugin_table(self, name: str) -> dict[str, Any]:
        """The raw ``[fetchers.<name>]`` table of a plug-in fetcher (empty when absent)."""
        table = (self.model_extra or {}).get(name)
        return dict(table) if isinstance(table, dict) else {}

    @model_serializer(mode="wrap")
    def _mask_plugin_secrets(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        for name in self.model_extra or {}:
            table = data.get(name) if isinstance(data, dict) else None
            if isinstance(table, dict):
                data[name] = {
                    k: "**********" if _SECRET_KEY_RE.search(k) and v is not None else v
                    for k, v in table.items()
                }
        return data


class VerifySettings(_Section):
    """Retrieval, stance, aggregation."""

    top_k: int = Field(5, ge=1, description="Passages kept per claim after retrieval.")
    rerank: bool = Field(
        False, description="Re-rank with the embedding model (needs the `embed` extra)."
    )
    judge: str = Field(
        "local",
        description="'local' (trained model), 'llm' (needs [llm] settings) or a judge plug-in's name.",
    )
    evidence_before_reference_date: bool = Field(
        False, description="Ignore evidence published after the claim's reference date."
    )
    reliability_table: Path | None = Field(
        None,
        description="Source reliability table (TOML); default: the one shipped with factcheck.",
    )
    prefer_recent_evidence: bool = Field(
        True,
        description="For claims about changing quantities (今年, currently), weight passages by "
        "time distance to the reference date.",
    )
    stance_embeddings: bool = Field(
        False,
        description="Use the stance model with MiniLM embedding features (needs the `embed` extra).",
    )
    review_threshold: float = Field(
        0.775,
        ge=0.0,
        le=1.0,
        description="Verdicts with a calibrated confidence below this are marked needs_review "
        "(shown as unverified until a person reviews them). Default: the smallest line from which "
        "supported/refuted verdicts were right at least 90 % of the time on the pooled benchmark "
        "dev splits and on the end-to-end worlds (the larger of the two).",
    )
    bench_data_dir: Path | None = Field(
        None,
        description="Benchmark datasets folder for `factcheck bench`; default: a shared/data folder "
        "in the working directory or a parent.",
    )


class LLMSettings(_Section):
    """Optional OpenAI-compatible chat endpoint used as judge."""

    base_url: str | None = Field(None, description="e.g. http://127.0.0.1:8000/v1")
    model: str | None = Field(None, description="Model name sent to the endpoint.")
    api_key: SecretStr | None = Field(None, description="Bearer key (environment only; masked).")
    timeout_s: float = Field(60.0, gt=0, description="Request timeout in seconds.")
    json_mode: bool = Field(
        True, description="Ask for a JSON object (response_format); off for servers without it."
    )


class RunSettings(_Section):
    """The nightly job."""

    concurrency: int = Field(4, ge=1, description="Claims processed at once.")
    offline: bool = Field(False, description="Replay the evidence archive; never open a socket.")
    backend: str = Field("local", description="local | celery")
    broker_url: str = Field(
        "redis://127.0.0.1:6379/0", description="Celery broker (backend=celery)."
    )
    queue: str = Field("factcheck", description="Celery queue the claims of a run go to.")
    wait_timeout_s: float = Field(
        86400.0, gt=0, description="backend=celery: give up waiting for workers after this."
    )
    visibility_timeout_s: float = Field(
        600.0,
        gt=0,
        description="backend=celery: redeliver a claim whose worker died after this (> slowest claim).",
    )
    shared_limiter: bool = Field(
        True, description="backend=celery: workers share per-host limits in Redis (broker_url)."
    )


class ReportSettings(_Section):
    """Reports and exports."""

    publisher: str = Field("factcheck", description="Publisher name in ClaimReview exports.")
    publisher_url: str | None = Field(None, description="Publisher URL in ClaimReview exports.")
    author: str = Field("factcheck", description="Author name in ClaimReview exports.")
    base_url: str | None = Field(
        None,
        description="Public URL of the published report; ClaimReview url = base_url#claim-<id>.",
    )
    title: str = Field("Fact-check report", description="Title shown at the top of reports.")
    publish_evidence: bool = Field(
        False,
        description="Write the archived copies a report links to as plain text beside it "
        "(evidence/*.txt), so a report in a web root links only inside it.",
    )
    language: Literal["auto", "en", "zh"] = Field(
        "auto",
        description="Language of reports and the review app: en, zh, or auto (the articles' "
        "language in reports; the browser's in the app).",
    )


class NightlySettings(_Section):
    """`factcheck nightly`: the scheduled run + report, with a log and alerts."""

    log_dir: Path = Field(Path("log"), description="Folder of the nightly logs (created).")
    report_dir: Path | None = Field(
        None, description="Where the report goes (default: reports_dir); e.g. a web root."
    )
    fail_on: list[str] = Field(
        default_factory=lambda: ["refuted", "flip"],
        description="Findings that alert (exit 1): refuted, flip, unverified.",
    )
    notify_command: str | None = Field(
        None,
        description="Shell command that gets the summary on stdin when the night needs attention "
        "(e.g. mail -s factcheck desk@example.org).",
    )


class ReviewSettings(_Section):
    """How people review verdicts (``factcheck serve``, ``factcheck review``)."""

    require_second: bool = Field(
        False,
        description="A review stands only after a second person approves it (four-eyes rule).",
    )


class ServeSettings(_Section):
    """The review app (``factcheck serve``)."""

    host: str = Field(
        "127.0.0.1",
        description="Address to listen on; another than loopback needs users (`factcheck users add`).",
    )
    port: int = Field(8765, ge=1, le=65535, description="Port to listen on.")
    secret_key: SecretStr | None = Field(
        None,
        description="Signs session cookies (environment only; masked). Unset: a random key per "
        "start, so sessions end when the app restarts.",
    )
    https_only: bool = Field(
        False, description="Mark the session cookie Secure (set it behind a TLS reverse proxy)."
    )
    session_max_age_s: int = Field(
        43200, ge=60, description="A session ends this long after login (seconds)."
    )
    login_attempts: int = Field(
        5, ge=1, description="Failed logins allowed per client address and per user name…"
    )
    login_window_s: float = Field(300.0, gt=0, description="…within this many seconds.")
    page_size: int = Field(50, ge=1, le=1000, description="Claims per page of the queue.")
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        description="Proxies trusted for X-Forwarded-For/-Proto (comma-separated; uvicorn's "
        "setting).",
    )


class Settings(BaseSettings):
    """All factcheck settings. See the module docstring for the layers."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=ENV_NESTED_DELIMITER,
        extra="forbid",
        validate_assignment=True,
    )

    contact: str = Field(
        "unset; configure `contact`",
        description="Contact (email or URL) put in the user agent so sites can reach you.",
    )
    database_url: str = Field(
        "sqlite:///factcheck.db", description="Verdict store URL (SQLite or Postgres)."
    )
    claims_dir: Path = Field(Path("claims"), description="Folder of claim files.")
    article_roots: list[str] = Field(
        default_factory=lambda: ["."],
        description="Folders where a claim file's local `article.source` may be read (besides "
        "the claim file's own folder).",
    )
    evidence_dir: Path = Field(Path("evidence"), description="Evidence archive folder.")
    reports_dir: Path = Field(Path("reports"), description="Where reports are written.")
    http: HttpSettings = Field(default_factory=HttpSettings)
    fetchers: FetchersSettings = Field(default_factory=FetchersSettings)
    verify: VerifySettings = Field(default_factory=VerifySettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    run: RunSettings = Field(default_factory=RunSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    nightly: NightlySettings = Field(default_factory=NightlySettings)
    serve: ServeSettings = Field(default_factory=ServeSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, _EnvSource(settings_cls), _FileSource(settings_cls))


# The file layer and environment for one load_settings() call; a context variable keeps loads
# independent (tests load many settings in one process).
_FILE_DATA: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "file_data", default=None
)
_ENVIRON: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar(
    "environ", default=None
)


class _FileSource(PydanticBaseSettingsSource):
    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return (_FILE_DATA.get() or {}).get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_FILE_DATA.get() or {})


class _EnvSource(EnvSettingsSource):
    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        environ = _ENVIRON.get()
        super().__init__(settings_cls)
        if environ is not None:
            self.env_vars = {k.lower(): v for k, v in environ.items()}


def find_config_file(cwd: Path) -> tuple[Path, tuple[str, ...]] | None:
    """Return the config file to use in ``cwd`` and the TOML table holding the settings."""
    own = cwd / "factcheck.toml"
    if own.is_file():
        return own, ()
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None  # not ours to judge; a broken pyproject is reported by its own tools
        if isinstance(data.get("tool"), dict) and "factcheck" in data["tool"]:
            return pyproject, ("tool", "factcheck")
    return None


def _read_toml(path: Path, table: tuple[str, ...]) -> dict[str, Any]:
    try:
        data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    for key in table:
        data = data.get(key, {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [{'.'.join(table)}] must be a table")
    return data


def _env_name(loc: tuple[str | int, ...]) -> str:
    return ENV_PREFIX + ENV_NESTED_DELIMITER.join(str(p).upper() for p in loc)


def _layer_of(
    loc: tuple[str | int, ...],
    overrides: Mapping[str, Any],
    environ: Mapping[str, str],
    file_data: Mapping[str, Any],
    file_label: str,
) -> str:
    def has(data: Mapping[str, Any], path: tuple[str | int, ...]) -> bool:
        cur: Any = data
        for p in path:
            if not isinstance(cur, Mapping) or p not in cur:
                return False
            cur = cur[p]
        return True

    keys = tuple(p for p in loc if isinstance(p, str))
    if has(overrides, keys):
        return "command-line flag"
    upper = {k.upper() for k in environ}
    for n in range(len(keys), 0, -1):
        if _env_name(keys[:n]) in upper:
            return f"environment {_env_name(keys[:n])}"
    if has(file_data, keys):
        return file_label
    return "settings"


def _leaf_annotation(path: list[str]) -> Any:
    model: Any = Settings
    info = None
    for part in path:
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        model = info.annotation
    return None if info is None else info.annotation


def _bad_json_env(environ: Mapping[str, str]) -> str | None:
    """The FACTCHECK_* variable for a list or table setting whose value is not JSON, if any."""
    for name, value in sorted(environ.items()):
        if not name.upper().startswith(ENV_PREFIX):
            continue
        path = name[len(ENV_PREFIX) :].lower().split(ENV_NESTED_DELIMITER)
        ann = _leaf_annotation(path)
        origin = getattr(ann, "__origin__", ann)
        if origin in (list, dict) or (isinstance(ann, type) and issubclass(ann, BaseModel)):
            try:
                json.loads(value)
            except ValueError:
                return name
    return None


def load_settings(
    *,
    config_file: Path | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build settings from the layers; raise :class:`ConfigError` naming the layer and key.

    ``environ`` defaults to the process environment; ``overrides`` are CLI flags as a nested dict
    (``{"run": {"offline": True}}``).
    """
    cwd = cwd or Path.cwd()
    environ = dict(os.environ) if environ is None else dict(environ)
    overrides = dict(overrides or {})
    if config_file is not None:
        table: tuple[str, ...] = (
            ("tool", "factcheck") if config_file.name == "pyproject.toml" else ()
        )
        file_data = _read_toml(config_file, table)
        file_label = str(config_file)
    else:
        found = find_config_file(cwd)
        file_data = _read_toml(*found) if found else {}
        file_label = str(found[0]) if found else "config file"
    token_f = _FILE_DATA.set(file_data)
    token_e = _ENVIRON.set(environ)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            key = ".".join(str(p) for p in loc) or "(root)"
            msg = err["msg"]
            if err["type"] == "value_error":
                msg = str(err.get("ctx", {}).get("error", msg))
                head, sep, rest = msg.partition(": ")
                if sep and head.startswith(key + "."):  # a model validator naming a deeper key
                    loc, key, msg = tuple(head.split(".")), head, rest
            layer = _layer_of(loc, overrides, environ, file_data, file_label)
            if err["type"] == "extra_forbidden":
                msg = "unknown setting"
            lines.append(f"{layer}: {key}: {msg}")
        raise ConfigError("invalid settings:\n  " + "\n  ".join(lines)) from exc
    except ValueError as exc:  # pydantic-settings reports undecodable env JSON as ValueError
        name = _bad_json_env(environ)
        if name is not None:
            raise ConfigError(
                f"invalid settings:\n  environment {name}: not valid JSON "
                f"(lists and tables are written as JSON, e.g. {name}='[\"127.0.0.1\"]')"
            ) from exc
        raise ConfigError(f"invalid settings: {exc}") from exc
    finally:
        _FILE_DATA.reset(token_f)
        _ENVIRON.reset(token_e)


def settings_fields(
    model: type[BaseModel] = Settings, prefix: str = ""
) -> list[tuple[str, str, str, str]]:
    """List every leaf setting as (dotted name, env var, default, description) — for docs and tests."""
    rows: list[tuple[str, str, str, str]] = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            rows.extend(settings_fields(ann, dotted + "."))
            continue
        if info.default_factory is not None:
            default: Any = info.default_factory()  # type: ignore[call-arg]
        else:
            default = info.default
        rows.append(
            (
                dotted,
                _env_name(tuple(dotted.split("."))),
                repr(default) if not isinstance(default, Path) else repr(str(default)),
                info.description or "",
            )
        )
    return rows
