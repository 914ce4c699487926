"""The judge seam: what decides a label after retrieval (the local model, or a plug-in such as the LLM).

A judge receives the claim, the ranked passages and the local verdict, and returns a verdict whose
``judge`` field names it (``llm:<model>``). Judges are found through the entry-point group
``factcheck.judges`` (the built-in ``llm`` is declared there too, in ``factcheck.judges.llm``), read
lazily on first use: ``load_judge("llm", settings)`` loads the class and calls
``from_settings(settings)``. Verification itself never imports a judge nor the HTTP client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from factcheck.errors import ConfigError
from factcheck.models import Claim, Verdict
from factcheck.verify.passages import Passage

if TYPE_CHECKING:
    from factcheck.config import Settings

__all__ = ["ENTRY_POINT_GROUP", "Judge", "judge_names", "load_judge"]

ENTRY_POINT_GROUP = "factcheck.judges"


@runtime_checkable
class Judge(Protocol):
    """Decides a verdict from the retrieved passages; ``name`` goes into ``Verdict.judge``."""

    name: str

    def judge(
        self,
        claim: Claim,
        passages: Sequence[Passage],
        *,
        local: Verdict,
        reference_date: dt.date | None = None,
    ) -> Verdict:
        """Return the verdict (it may return ``local`` unchanged); raise ``VerifyError`` on failure."""
        ...


def _judge_entry_points() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def judge_names() -> list[str]:
    """The names ``verify.judge`` accepts: ``local`` and every registered judge."""
    return ["local", *sorted(_judge_entry_points())]


def load_judge(name: str, settings: Settings) -> Judge | None:
    """Build the judge named by ``verify.judge``: ``local`` → None (the local model decides alone).

    Raises :class:`ConfigError` for a name no entry point declares; ``NotConfigured`` from the
    judge's ``from_settings`` when its own settings are missing.
    """
    if name in ("", "local"):
        return None
    found = _judge_entry_points().get(name)
    if found is None:
        expected = ", ".join(repr(n) for n in judge_names())
        raise ConfigError(f"settings: verify.judge: unknown judge {name!r} (expected {expected})")
    judge: Judge = found.load().from_settings(settings)
    return judge
