"""Source reliability: prior weights by domain or fetcher, from a user-editable TOML table.

The shipped table is ``factcheck/verify/data/reliability.toml`` (its header documents the format);
``verify.reliability_table`` points at a replacement. A :class:`ReliabilityTable` is a
``Callable[[Document], float]``, the ``reliability`` hook of :class:`~factcheck.verify.Verifier`.

Two uses in aggregation, both pure:

* :func:`relative_weights` — passage weights relative to the best source of the claim (the stance
  model was trained on unweighted passages, so the best source keeps weight 1);
* :func:`adjust_confidence` — a verdict resting only on low-reliability sources gets lower
  confidence: ``confidence × min(1, 0.5 + max reliability)``: unrated sources (0.5) are
  not penalized, a best source rated 0.3 cuts the confidence by 20%.
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from factcheck.errors import ConfigError
from factcheck.models import Document

__all__ = [
    "CONFIDENCE_BASE",
    "DEFAULT_TABLE",
    "ReliabilityTable",
    "adjust_confidence",
    "confidence_factor",
    "load_reliability_table",
    "parse_reliability_table",
    "relative_weights",
]

logger = logging.getLogger(__name__)

CONFIDENCE_BASE = 0.5
_INNER_URL_RE = re.compile(r"https?://[^/\s]+", re.IGNORECASE)
DEFAULT_TABLE = "reliability.toml"


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        inner = _INNER_URL_RE.search(parts.path) if host and host.endswith("archive.org") else None
        if inner:  # a Wayback Machine copy is rated as the page it copies
            host = urlsplit(inner.group(0)).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


@dataclass(frozen=True)
class ReliabilityTable:
    """Weights by domain pattern and by fetcher, with a default; call it with a document."""

    default: float = 0.5
    domains: Mapping[str, float] = field(default_factory=dict)
    fetchers: Mapping[str, float] = field(default_factory=dict)
    source: str = "<memory>"

    def for_host(self, host: str | None) -> float | None:
        """The most specific domain rule's weight for ``host`` (``None`` when no rule matches)."""
        if not host:
            return None
        best: tuple[int, float] | None = None
        for pattern, weight in self.domains.items():
            if pattern.startswith("*."):
                suffix = pattern[1:]  # ".gov.cn"
                hit = host.endswith(suffix)
            else:
                hit = host == pattern or host.endswith("." + pattern)
            if hit and (best is None or len(pattern) > best[0]):
                best = (len(pattern), weight)
        return best[1] if best else None

    def for_url(self, url: str | None) -> float | None:
        """The domain rule's weight for ``url``'s host, or ``None``."""
        return self.for_host(_host(url))

    def for_source(self, url: str | None, fetcher: str | None = None) -> float:
        """Domain rule, else the fetcher's weight, else the default."""
        by_domain = self.for_url(url)
        if by_domain is not None:
            return by_domain
        if fetcher and fetcher in self.fetchers:
            return self.fetchers[fetcher]
        return self.default

    def __call__(self, document: Document) -> float:
        """The document's reliability (0..1)."""
        url = document.url
        record = document.structured.get("claimreview") if document.structured else None
        if isinstance(record, dict) and isinstance(record.get("url"), str):
            url = record["url"]  # a review embedded in a page is rated by its publisher's domain
        return self.for_source(url, document.fetcher)

    def report_hook(self, url: str) -> float | None:
        """``build_report_data(reliability=...)``: a URL's weight (domain rule, else default)."""
        w = self.for_url(url)
        return self.default if w is None else w


def _weight(value: Any, where: str, source: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{source}: {where}: {value!r} is not a number in 0..1")
    v = float(value)
    if math.isnan(v) or not 0.0 <= v <= 1.0:
        raise ConfigError(f"{source}: {where}: {value!r} is not a number in 0..1")
    return v


def parse_reliability_table(text: str, source: str = "<text>") -> ReliabilityTable:
    """Parse the TOML table; raise :class:`ConfigError` (naming the file and key) when it is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from exc
    unknown = set(data) - {"default", "domains", "fetchers"}
    if unknown:
        raise ConfigError(
            f"{source}: unknown key(s) {', '.join(sorted(unknown))} "
            "(expected default, [domains], [fetchers])"
        )
    default = _weight(data.get("default", 0.5), "default", source)
    tables: dict[str, dict[str, float]] = {}
    for name in ("domains", "fetchers"):
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            raise ConfigError(f"{source}: [{name}] must be a table")
        tables[name] = {
            str(k).strip().lower().rstrip("."): _weight(v, f"{name}.{k}", source)
            for k, v in raw.items()
        }
    return ReliabilityTable(
        default=default, domains=tables["domains"], fetchers=tables["fetchers"], source=source
    )


def load_reliability_table(path: Path | None = None) -> ReliabilityTable:
    """The table at ``path``, or the one shipped with factcheck when ``path`` is ``None``."""
    if path is None:
        text = (
            resources.files("factcheck.verify").joinpath("data", DEFAULT_TABLE).read_text("utf-8")
        )
        return parse_reliability_table(text, f"factcheck/verify/data/{DEFAULT_TABLE}")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"verify.reliability_table: cannot read {path}: {exc}") from exc
    return parse_reliability_table(text, str(path))


def relative_weights(reliabilities: Sequence[float]) -> list[float]:
    """Weights relative to the most reliable source (the best gets 1.0)."""
    top = max(reliabilities, default=0.0)
    if top <= 0.0:
        return [1.0 for _ in reliabilities]
    return [r / top for r in reliabilities]


def confidence_factor(reliabilities: Sequence[float]) -> float:
    """``min(1, 0.5 + max reliability)``: 1 once a source has 0.5 or more; 1 with no source."""
    if not reliabilities:
        return 1.0
    return min(1.0, CONFIDENCE_BASE + max(reliabilities))


def adjust_confidence(confidence: float, label: str, reliabilities: Sequence[float]) -> float:
    """Lower the confidence of a decided label that rests only on low-reliability sources.

    ``not_enough_evidence`` is a statement about what was found and is left unchanged.
    """
    if label == "not_enough_evidence":
        return confidence
    return min(max(confidence * confidence_factor(reliabilities), 0.0), 1.0)
