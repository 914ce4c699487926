"""Fold a fresh extraction into an existing claim file with stable ids.

Rules (DESIGN.md "stable: never renumbered by re-extraction"):

- an existing claim keeps its id and every field a person may have edited; only its provenance
  (``sentence``, ``span``) and ``status`` follow the article;
- a new claim matches an existing one from the same sentence by its normalized values, then by its
  text, then by kind and order (so a hand-edited value or text does not duplicate the claim);
  a claim whose sentence was edited matches by values and a similar sentence;
- hand-added claims (no sentence, or a sentence we did not produce) are left untouched;
- a claim whose sentence is gone from the article becomes ``status: stale``; never deleted;
- unmatched new claims are appended with ids continuing the highest ``<article>-cNNN``.

Merging an extraction into the file it produced returns an equal model, so saving it again is a
byte-for-byte no-op.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable

from factcheck.models import Claim, ClaimFile

__all__ = ["claim_signature", "merge_claim_files"]

logger = logging.getLogger(__name__)

_SIMILAR_SENTENCE = 0.6


def claim_signature(claim: Claim) -> tuple[object, ...]:
    """What a claim asserts numerically: quantities, dates and rank, order-independent."""
    return (
        tuple(sorted((q.value, q.upper or 0.0, q.approx, q.unit or "") for q in claim.quantities)),
        tuple(sorted(d.value for d in claim.dates)),
        None if claim.rank is None else (claim.rank.position, claim.rank.approx),
    )


def merge_claim_files(
    existing: ClaimFile, new: ClaimFile, *, article_text: str | None = None
) -> ClaimFile:
    """Merge ``new`` (a fresh extraction) into ``existing``; see the module docstring for the rules.

    ``article_text`` decides which sentences still exist; without it, the sentences of ``new``
    claims are used.
    """
    old = existing.claims
    fresh = new.claims
    match: dict[int, int] = {}  # fresh index -> old index
    taken: set[int] = set()

    def _assign(pred: Callable[[Claim, Claim], bool]) -> None:
        for ni, n in enumerate(fresh):
            if ni in match:
                continue
            for oi, o in enumerate(old):
                if oi in taken or o.sentence is None:
                    continue
                if pred(n, o):
                    match[ni] = oi
                    taken.add(oi)
                    break

    _assign(
        lambda n, o: (
            o.sentence == n.sentence
            and claim_signature(o) == claim_signature(n)
            and o.text == n.text
        )
    )
    _assign(lambda n, o: o.sentence == n.sentence and claim_signature(o) == claim_signature(n))
    _assign(lambda n, o: o.sentence == n.sentence and o.text == n.text)
    _assign(lambda n, o: o.sentence == n.sentence and o.kind == n.kind)
    present = _sentence_test(article_text, fresh)
    _assign(
        lambda n, o: (
            not present(o.sentence)
            and claim_signature(o) == claim_signature(n)
            and (claim_signature(n) != ((), (), None) or o.text == n.text)
            and _similar(o.sentence, n.sentence)
        )
    )
    by_old = {oi: ni for ni, oi in match.items()}
    merged: list[Claim] = []
    for oi, o in enumerate(old):
        if oi in by_old:
            n = fresh[by_old[oi]]
            update: dict[str, object] = {}
            if o.sentence != n.sentence:
                update["sentence"] = n.sentence
            if o.span != n.span:
                update["span"] = n.span
            if o.status != "active":
                update["status"] = "active"
            merged.append(o.model_copy(update=update) if update else o)
        elif o.sentence is None:
            merged.append(o)
        elif present(o.sentence):
            merged.append(o if o.status == "active" else o.model_copy(update={"status": "active"}))
        else:
            merged.append(o if o.status == "stale" else o.model_copy(update={"status": "stale"}))
    next_no = _max_number(old, _article_id(existing, new)) + 1
    prefix = _article_id(existing, new)
    used = {c.id for c in old}
    for ni, n in enumerate(fresh):
        if ni in match:
            continue
        while f"{prefix}-c{next_no:03d}" in used:
            next_no += 1
        new_id = f"{prefix}-c{next_no:03d}"
        used.add(new_id)
        next_no += 1
        merged.append(n.model_copy(update={"id": new_id}))
    article = existing.article if existing.article is not None else new.article
    stale = sum(1 for c in merged if c.status == "stale")
    logger.info("merge: %d kept, %d new, %d stale", len(match), len(fresh) - len(match), stale)
    return ClaimFile(article=article, claims=merged)


def _article_id(existing: ClaimFile, new: ClaimFile) -> str:
    for f in (existing, new):
        if f.article is not None:
            return f.article.id
    for c in existing.claims + new.claims:
        m = re.match(r"^(.*)-c\d+$", c.id)
        if m:
            return m.group(1)
    return "claim"


def _max_number(claims: list[Claim], prefix: str) -> int:
    best = 0
    pattern = re.compile(rf"^{re.escape(prefix)}-c(\d+)$")
    for c in claims:
        m = pattern.match(c.id)
        if m:
            best = max(best, int(m.group(1)))
    return best


def _sentence_test(article_text: str | None, fresh: list[Claim]) -> Callable[[str | None], bool]:
    sentences = {c.sentence for c in fresh if c.sentence}

    def present(sentence: str | None) -> bool:
        if sentence is None:
            return True
        if article_text is not None:
            return sentence in article_text
        return sentence in sentences

    return present


def _similar(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= _SIMILAR_SENTENCE
