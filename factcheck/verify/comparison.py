"""A comparison that decides about a claim: what was compared, where, by which rule (pure data).

Structured comparators (:mod:`factcheck.verify.structured`, Wikidata statements) and aligned text
comparators (:mod:`factcheck.verify.aligned`, a value stated about the same thing in a passage) both
return :class:`Comparison` objects; the decision layer (:mod:`factcheck.verify.decide`) reads their
outcomes per document, and each becomes a :class:`~factcheck.models.TraceStep` of the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from factcheck.models import TraceStep

__all__ = ["Comparison", "Outcome", "short_quote"]

Outcome = Literal["supported", "refuted"]


@dataclass(frozen=True)
class Comparison:
    """One comparator decision: the claim's value, the evidence value, the outcome and a sentence."""

    outcome: Outcome
    kind: Literal["quantity", "date", "rank", "entity"]
    claimed: str
    observed: str
    sentence: str
    rule: str = ""
    property: str | None = None
    item: str | None = None
    document_id: str | None = None
    url: str | None = None
    quote: str | None = None

    def to_trace(self) -> TraceStep:
        """The verdict's record of this comparison."""
        return TraceStep(
            rule=self.rule or self.kind,
            outcome=self.outcome,
            claimed=self.claimed,
            observed=self.observed,
            document_id=self.document_id,
            url=self.url,
            item=self.item,
            property=self.property,
            quote=self.quote,
        )


def short_quote(text: str, limit: int = 160) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    t = " ".join(text.split())
    return t if len(t) <= limit else t[: limit - 1] + "…"
