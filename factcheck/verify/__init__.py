"""Verification: passages → retrieval → comparators (numbers, dates, ranks, entities) → stance → verdict.

Public surface: :class:`Verifier` (load once per run), :func:`verify_claim`, the :class:`Judge` seam,
and the pure comparators in :mod:`factcheck.verify.compare`.
"""

from __future__ import annotations

from factcheck.verify.judge import Judge, load_judge
from factcheck.verify.passages import Passage, rank_passages, split_passages
from factcheck.verify.verifier import Verifier, verify_claim

__all__ = [
    "Judge",
    "Passage",
    "Verifier",
    "load_judge",
    "rank_passages",
    "split_passages",
    "verify_claim",
]
