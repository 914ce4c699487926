"""Near-verbatim support: one passage states the whole claim, in any language (pure).

A passage supports the claim near-verbatim when

* it covers the claim's content: at least :data:`MIN_COVERAGE` of the claim's content words (jieba
  words for Chinese, stems for English; names count double) occur in it — a Chinese abbreviation
  counts when a name in the passage starts with its first character and holds the rest in order
  (北大 in 北京大学, 北邮 in 北京邮电大学) — or as much of its Han character bigrams;
* every value of the claim (quantities, dates) is stated in it with an agreeing value, and none of
  the same kind disagrees (a disagreement is for the comparators to report);
* negation agrees: both or neither carry a negation cue (不, 没有, 未, 并非, 无, not, no, never …),
  and so does direction (increase/decrease, more/less, 增加/减少 …: opposite directions are no
  support however many words match).

This is a rule, not a score: it holds in Chinese and English alike, where a lexical model trained on
English data does not (issue 11).
"""

from __future__ import annotations

import re
from functools import lru_cache

from factcheck.fetchers.keywords import words
from factcheck.models import Claim
from factcheck.values import read_values
from factcheck.verify.compare import compare_date, compare_quantity
from factcheck.verify.features import direction
from factcheck.verify.passages import stem

__all__ = [
    "MIN_COVERAGE",
    "content_coverage",
    "contradiction_cue",
    "has_negation",
    "is_near_verbatim",
]

MIN_COVERAGE = 0.8

_HAN = re.compile(r"[\u3400-\u9fff]")
_NEGATION_ZH = re.compile(r"不是|并非|并不|没有|没|未能|未曾|未|不|无|非|否认|拒绝")
_NEGATION_EN = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|can't|didn't|doesn't|don't|isn't|"
    r"wasn't|weren't|aren't|hasn't|haven't|hadn't|won't|wouldn't|denied|denies|false)\b",
    re.IGNORECASE,
)
# words where 不/无/非/未 is part of the word, not a negation (不断, 无锡, 非洲, 未来 …)
_NOT_NEGATION = re.compile(
    r"不断|不仅|不少|不久|不同|不论|不管|不过|无锡|无人机|无线|非洲|非常|非凡|未来|除非|莫非|"
    r"无论|并非常|毫无疑问"
)


def has_negation(text: str) -> bool:
    """Whether ``text`` carries a negation cue (Chinese or English)."""
    if _NEGATION_EN.search(text):
        return True
    cleaned = _NOT_NEGATION.sub("", text)
    return _NEGATION_ZH.search(cleaned) is not None


@lru_cache(maxsize=4096)
def _claim_units(text: str) -> tuple[tuple[str, float], ...]:
    """Content words of a claim with weights (names 2, others 1); English as stems."""
    units: dict[str, float] = {}
    for w in words(text):
        if not w.content:
            continue
        key = w.word if _HAN.search(w.word) else stem(w.word.lower())
        weight = 2.0 if w.tag in ("nr", "ns", "nt", "nz") and _HAN.search(w.word) else 1.0
        units[key] = max(units.get(key, 0.0), weight)
    return tuple(units.items())


def _abbreviation_in(word: str, passage: str) -> bool:
    """北大 in …北京大学…: first character, then the others in order within a short span."""
    if not (2 <= len(word) <= 3) or not _HAN.fullmatch(word[0]):
        return False
    pattern = word[0] + "".join(f"[\u3400-\u9fff]{{0,3}}{re.escape(c)}" for c in word[1:])
    return re.search(pattern, passage) is not None


def _bigrams(text: str) -> set[str]:
    han = "".join(_HAN.findall(text))
    return {han[i : i + 2] for i in range(len(han) - 1)}


def content_coverage(claim_text: str, passage: str) -> float:
    """Share of the claim's content (weighted words, or Han bigrams) found in ``passage``."""
    units = _claim_units(claim_text)
    low = passage.lower()
    stems = {stem(w) for w in re.findall(r"[a-z][a-z'-]*", low)}
    total = sum(w for _, w in units) or 0.0
    found = 0.0
    for key, weight in units:
        if _HAN.search(key):
            if key in passage or _abbreviation_in(key, passage):
                found += weight
        elif key in stems or key in low:
            found += weight
    word_cov = found / total if total else 0.0
    claim_bigrams = _bigrams(claim_text)
    if len(claim_bigrams) >= 4:
        bigram_cov = len(claim_bigrams & _bigrams(passage)) / len(claim_bigrams)
        return max(word_cov, bigram_cov)
    return word_cov


def _values_agree(claim: Claim, passage: str) -> bool:
    if not claim.quantities and not claim.dates:
        return True
    values = read_values(passage)
    for q in claim.quantities:
        results = [compare_quantity(q, m.value.value, m.value.unit) for m in values.quantities]
        decided = [r for r in results if r is not None]
        if not any(decided):
            return False  # the passage must state this value
    for d in claim.dates:
        results = [compare_date(d, m.value.value, m.value.precision) for m in values.dates]
        if not any(r for r in results if r is not None):
            return False
    return True


def is_near_verbatim(claim: Claim, passage: str) -> bool:
    """Whether ``passage`` states the whole claim (see the module docstring)."""
    if has_negation(claim.text) != has_negation(passage):
        return False
    a, b = direction(claim.text), direction(passage)
    if a and b and a != b:
        return False  # increases vs decreases, 早 vs 晚: the words match, the statement does not
    if content_coverage(claim.text, passage) < MIN_COVERAGE:
        return False
    return _values_agree(claim, passage)


def contradiction_cue(claim: Claim, passage: str) -> bool:
    """Whether ``passage`` shows a visible reason to contradict the claim: negation on one side
    only, opposite directions, or a value of the claim's kind that disagrees with it."""
    if has_negation(claim.text) != has_negation(passage):
        return True
    a, b = direction(claim.text), direction(passage)
    if a and b and a != b:
        return True
    values = read_values(passage)
    for q in claim.quantities:
        results = [compare_quantity(q, m.value.value, m.value.unit) for m in values.quantities]
        if any(r is False for r in results) and not any(results):
            return True
    for d in claim.dates:
        results = [compare_date(d, m.value.value, m.value.precision) for m in values.dates]
        if any(r is False for r in results) and not any(results):
            return True
    return False
