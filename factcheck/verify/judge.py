"""The judge seam: what decides a label after retrieval (the local model, or a plug-in such as the LLM).

A judge receives the claim, the ranked passages and the local verdict, and returns a verdict whose
``judge`` field names it (``llm:<model>``). ``load_judge("llm", settings)`` imports
``factcheck.verify.llm`` lazily and calls ``LLMJudge.from_settings(settings)``; that module is optional.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from factcheck.errors import ConfigError
from factcheck.models import Claim, Verdict
from factcheck.verify.passages import Passage

if TYPE_CHECKING:
    from factcheck.config import Settings

__all__ = ["Judge", "load_judge"]


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


def load_judge(name: str, settings: Settings) -> Judge | None:
    """Build the judge named by ``verify.judge``: ``local`` → None (the local model decides alone)."""
    if name in ("", "local"):
        return None
    if name == "llm":
        module = importlib.import_module("factcheck.verify.llm")
        judge: Judge = module.LLMJudge.from_settings(settings)
        return judge
    raise ConfigError(f"settings: verify.judge: unknown judge {name!r} (expected 'local' or 'llm')")
