"""Data contracts shared by every stage: the claim file, documents, evidence and verdicts.

The claim-file models follow DESIGN.md exactly and forbid unknown fields. They validate what a single
file can know (ids, spans, ranges, enumerations, ISO dates, URLs); checks that need several files or
the article text (duplicate ids across a folder, span inside the source) live in :mod:`factcheck.claims`.
Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)

from factcheck.vocab import (
    APPROX_VALUES,
    CLAIM_KINDS,
    ENTITY_TYPES,
    LABELS,
    Approx,
    ClaimKind,
    EntityType,
    Label,
    Precision,
    Stance,
)

__all__ = [
    "APPROX_VALUES",
    "CLAIM_KINDS",
    "CONTROL_CHARS",
    "ENTITY_TYPES",
    "LABELS",
    "Approx",
    "Article",
    "Claim",
    "ClaimFile",
    "ClaimKind",
    "DateValue",
    "Document",
    "Entity",
    "EntityType",
    "EvidenceRef",
    "Label",
    "Precision",
    "Quantity",
    "Rank",
    "Stance",
    "TraceStep",
    "Verdict",
    "claim_content_hash",
]


# Validating patterns are used with ``fullmatch`` (``$`` would accept a final newline) and spell
# digits as [0-9] (``\d`` also matches Arabic-Indic, fullwidth and other Unicode digits).
_SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?")
_URL_RE = re.compile(r"https?://[^\s/?#]+(?:[/?#][^\s]*)?", re.IGNORECASE)
_DATE_RES: dict[str, re.Pattern[str]] = {
    "year": re.compile(r"-?[0-9]{1,4}"),
    "month": re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])"),
    "day": re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"),
}


def _check_slug(value: str) -> str:
    if not _SLUG_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a slug-like id (lowercase letters, digits, '.', '_', '-'; "
            "starts and ends with a letter or digit; at most 128 characters)"
        )
    return value


def _check_url(value: str) -> str:
    if not _URL_RE.fullmatch(value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


# C0 controls but tab, newline and carriage return; DEL and the C1 controls
# control characters no text field may hold (tab, newline and carriage return are allowed)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _no_control_chars(value: str) -> str:
    bad = CONTROL_CHARS.search(value)
    if bad is not None:
        raise ValueError(f"contains the control character U+{ord(bad.group()):04X}")
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
Url = Annotated[str, AfterValidator(_check_url)]
Text = Annotated[str, AfterValidator(_no_control_chars)]
NonEmptyText = Annotated[str, Field(min_length=1), AfterValidator(_no_control_chars)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


def _coerce_date_value(value: Any) -> Any:
    """Accept what YAML gives for a date: a date object, an int year or a string."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise ValueError("a date cannot be a boolean")
    if isinstance(value, int):
        return str(value)
    return value


class Quantity(_Model):
    """A number stated by a claim, normalized (percentages as fractions, 万/亿 expanded)."""

    value: float = Field(
        allow_inf_nan=False,  # NaN compares false with everything: it would refute any evidence
        description="Normalized value; percentages are fractions (30.6% -> 0.306).",
    )
    upper: float | None = Field(
        default=None,
        allow_inf_nan=False,
        description="Upper bound when the claim states a range (value..upper).",
    )
    unit: str | None = Field(
        default=None, description="Unit after normalization (所, 家, person, km, CNY…)."
    )
    approx: Approx = Field(
        default="exact", description="How the stated number bounds the true one."
    )
    raw: Text | None = Field(default=None, description="The text the number was read from.")

    @field_validator("value", "upper", mode="before")
    @classmethod
    def _reject_bool(cls, v: Any) -> Any:
        if isinstance(v, bool):
            raise ValueError(
                "a quantity cannot be a boolean (quote yes/no/on/off if you mean text)"
            )
        return v

    @model_validator(mode="after")
    def _range_order(self) -> Quantity:
        if self.upper is not None and self.upper < self.value:
            raise ValueError(f"upper ({self.upper:g}) is below value ({self.value:g})")
        return self

    @field_serializer("value", "upper")
    def _compact_number(self, v: float | None) -> float | int | None:
        if v is not None and float(v).is_integer() and abs(v) < 2**53:
            return int(v)
        return v


class DateValue(_Model):
    """A date stated by a claim, ISO formatted to its precision (1980, 1980-10, 1980-10-23)."""

    value: Annotated[str, BeforeValidator(_coerce_date_value)] = Field(
        description="ISO date cut to the precision: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    precision: Precision = Field(default="day", description="year | month | day")
    raw: Text | None = None

    @model_validator(mode="after")
    def _iso_at_precision(self) -> DateValue:
        if not _DATE_RES[self.precision].fullmatch(self.value):
            expected = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}[self.precision]
            raise ValueError(
                f"{self.value!r} is not an ISO date of precision {self.precision} ({expected})"
            )
        if int(self.value.lstrip("-")[:4]) == 0:
            # no calendar has a year 0 (1 BC is followed by AD 1): an impossible date is no date
            raise ValueError(f"{self.value!r} is not a calendar date (there is no year 0)")
        if self.precision == "day":
            try:
                dt.date.fromisoformat(self.value)
            except ValueError as exc:
                raise ValueError(f"{self.value!r} is not a calendar date") from exc
        return self

    def as_date(self) -> dt.date:
        """First day covered by the value (1980 -> 1980-01-01)."""
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


class Rank(_Model):
    """A position in a ranking; ``approx`` bounds it (top 15 = at_most 15; not in top 15 = more_than 15)."""

    position: int = Field(ge=1)
    scope: Text | None = Field(
        default=None, description="The ranking: its name, year or population."
    )
    approx: Approx = "exact"
    raw: Text | None = None


class Entity(_Model):
    """A named thing a claim mentions."""

    text: NonEmptyText
    type: EntityType = "other"
    wikidata: str | None = Field(
        default=None, pattern=r"^Q[1-9][0-9]*$", description="Wikidata item id, when known."
    )


class Article(_Model):
    """The article a claim file was extracted from."""

    id: Slug
    title: Text | None = None
    source: Text | None = Field(default=None, description="Path or URL of the article text.")
    published: dt.date | None = Field(
        default=None, description="Reference date for relative expressions (今年, last year)."
    )
    language: Literal["zh", "en"] | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _published_date(cls, v: Any) -> Any:
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v)
            except ValueError as exc:
                raise ValueError(f"{v!r} is not an ISO date (YYYY-MM-DD)") from exc
        return v


class Claim(_Model):
    """One checkable statement, self-contained."""

    id: Slug = Field(description="Stable id; never renumbered by re-extraction.")
    text: NonEmptyText = Field(description="Self-contained restatement of the claim.")
    sentence: Text | None = Field(default=None, description="The source sentence, verbatim.")
    span: tuple[int, int] | None = Field(
        default=None, description="[start, end) character offsets of the sentence in the source."
    )
    kind: ClaimKind = "other"
    subject: Text | None = None
    predicate: Text | None = None
    object: Text | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    dates: list[DateValue] = Field(default_factory=list)
    rank: Rank | None = None
    entities: list[Entity] = Field(default_factory=list)
    checkworthy: float | None = Field(default=None, ge=0.0, le=1.0)
    queries: list[NonEmptyText] = Field(default_factory=list)
    sources: list[Url] = Field(default_factory=list)
    tags: list[NonEmptyText] = Field(default_factory=list)
    status: Literal["active", "stale"] = "active"
    as_of: dt.date | None = Field(
        default=None,
        description="Reference date of this claim when it differs from the article's `published`.",
    )

    @field_validator("span")
    @classmethod
    def _span_order(cls, v: tuple[int, int] | None) -> tuple[int, int] | None:
        if v is not None:
            start, end = v
            if start < 0:
                raise ValueError(f"span start {start} is negative")
            if start >= end:
                raise ValueError(f"span start {start} is not before end {end}")
        return v

    @field_validator("checkworthy", mode="before")
    @classmethod
    def _checkworthy_number(cls, v: Any) -> Any:
        if isinstance(v, bool):
            raise ValueError("checkworthy must be a number in 0..1, not a boolean")
        return v

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_date(cls, v: Any) -> Any:
        if isinstance(v, dt.datetime):
            return v.date()
        return v


class ClaimFile(_Model):
    """A claim file: optional article metadata and its claims (ids unique within the file)."""

    article: Article | None = None
    claims: list[Claim] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> ClaimFile:
        seen: dict[str, int] = {}
        for i, claim in enumerate(self.claims):
            if claim.id in seen:
                raise ValueError(
                    f"duplicate claim id {claim.id!r} (claims[{seen[claim.id]}] and claims[{i}])"
                )
            seen[claim.id] = i
        return self


def claim_content_hash(claim: Claim) -> str:
    """Hash of what a claim asserts (not its tags or status): a changed hash means a new version."""
    payload = claim.model_dump(mode="json", exclude={"tags", "status", "checkworthy", "queries"})
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # surrogatepass: a lone surrogate (only reachable through model_construct) must not crash here
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class Document(_Model):
    """A fetched source, normalized: what fetchers return and the verifier reads."""

    id: str = Field(
        description="Stable id: '<fetcher>:' + 16 hex of sha256(url NUL text) ('wikipedia:…')."
    )
    url: str
    title: str | None = None
    language: str | None = None
    text: str
    published: dt.date | None = Field(default=None, description="Best known publication date.")
    fetcher: str
    retrieved_at: dt.datetime
    content_sha256: str | None = Field(default=None, description="Address of the archived body.")
    query: str | None = None
    structured: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Structured values for comparators, e.g. Wikidata statements by property: "
            "{'P571': [{'value': '1980-10-23', 'precision': 'day'}]}."
        ),
    )


class EvidenceRef(_Model):
    """A passage used by a verdict."""

    document_id: str
    url: str | None = None
    quote: str
    span: tuple[int, int] | None = None
    stance: Stance = "neutral"
    score: float = 0.0
    published: dt.date | None = None
    source: str | None = Field(default=None, description="Fetcher or 'comparator:<name>'.")


class TraceStep(_Model):
    """One comparison that decided (or helped decide) a verdict: what was compared, where, by which rule.

    ``rule`` names the comparator (``wikidata-quantity``, ``wikidata-date``, ``wikidata-entity``,
    ``aligned-quantity``, ``aligned-date``, ``aligned-rank``, ``near-verbatim``, …); ``item`` is a
    Wikidata Q-id and ``property`` a P-id when the value came from structured data; ``quote`` is the
    passage the value was read from when it came from text.
    """

    rule: str
    outcome: Literal["supported", "refuted"]
    claimed: str = ""
    observed: str = ""
    document_id: str | None = None
    url: str | None = None
    item: str | None = None
    property: str | None = None
    quote: str | None = None


class Verdict(_Model):
    """The decision for one claim in one run."""

    claim_id: str
    label: Label
    confidence: float = Field(
        ge=0.0, le=1.0, description="Calibrated probability the label is right."
    )
    rationale: str
    evidence: list[EvidenceRef] = Field(default_factory=list)
    judge: str = Field(
        default="local", description="What produced the label: local model, llm:<model>…"
    )
    trace: list[TraceStep] = Field(
        default_factory=list, description="The comparisons that decided the label."
    )
    needs_review: bool = Field(
        default=False,
        description="Confidence is below verify.review_threshold: shown as unverified, never as a "
        "settled verdict, until a person reviews it.",
    )
