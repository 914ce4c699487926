"""A value found in a text (offsets + value) and the overlap rule shared by every finder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

__all__ = ["Match", "T", "without_overlaps"]


class _HasRaw(Protocol):
    @property
    def raw(self) -> str | None: ...


T = TypeVar("T", bound=_HasRaw)


@dataclass(frozen=True)
class Match(Generic[T]):
    """A value found in a text: ``text[start:end]`` is what it was read from (``raw``)."""

    start: int
    end: int
    value: T

    @property
    def raw(self) -> str:
        """The text the value was read from (equal to ``text[start:end]``)."""
        return self.value.raw or ""


def without_overlaps(
    matches: Iterable[Match[T]], taken: Iterable[tuple[int, int]] = ()
) -> list[Match[T]]:
    """Keep the longest match of each overlapping group (earliest first on ties), in text order.

    Spans in ``taken`` are already occupied (by a finder that wins over this one).
    """
    kept: list[Match[T]] = []
    occupied = list(taken)
    for m in sorted(matches, key=lambda x: (-(x.end - x.start), x.start)):
        if any(m.start < e and s < m.end for s, e in occupied):
            continue
        kept.append(m)
        occupied.append((m.start, m.end))
    return sorted(kept, key=lambda x: x.start)
