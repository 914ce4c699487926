"""The closed vocabularies of the data contracts (claim kinds, labels, stances, ...), without pydantic.

:mod:`factcheck.models` builds its models on these and re-exports them; the CLI reads them for its
help texts without loading the models (``factcheck --help`` stays quick).
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "APPROX_VALUES",
    "CLAIM_KINDS",
    "ENTITY_TYPES",
    "LABELS",
    "Approx",
    "ClaimKind",
    "EntityType",
    "Label",
    "Precision",
    "Stance",
]

Approx = Literal["exact", "about", "nearly", "at_least", "more_than", "at_most", "less_than"]
APPROX_VALUES: tuple[str, ...] = Approx.__args__  # type: ignore[attr-defined]

ClaimKind = Literal[
    "quantity", "date", "ranking", "comparison", "attribution", "location", "event", "other"
]
CLAIM_KINDS: tuple[str, ...] = ClaimKind.__args__  # type: ignore[attr-defined]

EntityType = Literal["person", "org", "place", "product", "work", "event", "concept", "other"]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]

Precision = Literal["year", "month", "day"]
Label = Literal["supported", "refuted", "mixed", "not_enough_evidence"]
LABELS: tuple[str, ...] = Label.__args__  # type: ignore[attr-defined]
Stance = Literal["supports", "refutes", "neutral"]
