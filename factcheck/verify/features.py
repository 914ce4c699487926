"""Features of a (claim, passage) pair for the stance model, and of a claim's passages for aggregation.

Pure functions, no model state except the IDF table passed in. What the features see: lexical overlap
(coverage, IDF-weighted coverage, bigrams, TF-IDF cosine, BM25 relevance), negation (not, no, never,
不, 没有, 未…) and its mismatch between claim and passage, direction words (increase/decrease,
more/less, higher/lower, 增加/减少…) and their conflict, antonym pairs, hedges, and numbers
(a claim number found or contradicted in the passage, also per unit), and claim-vs-passage contrast:
negation on one side only, "null result" cues (no significant difference, not associated…) and contrast
cues (however, myth…) in the passage only, direction agreement flipped by one-sided negation. Sparse features are hashed (CRC32) so that the
model file stays a few hundred kilobytes.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from factcheck.values import normalize_unit, read_values

__all__ = [
    "AGG_FEATURES",
    "DENSE_FEATURES",
    "HASH_DIM",
    "PairText",
    "claim_sparse",
    "direction",
    "hedge_count",
    "negation_count",
    "pair_features",
]


def _words(text: str) -> list[str]:
    return text.split()


HASH_DIM = 1 << 12

_NEG_EN_RE = re.compile(
    r"\b(?:not|no|never|none|nor|neither|cannot|without|nothing|nobody|lack(?:s|ed|ing)?|"
    r"fail(?:s|ed)?|absence|absent|unable|unlikely|neither)\b|n't\b",
    re.IGNORECASE,
)
_NEG_ZH_RE = re.compile(r"不|没有|没|未|无|非|否|并非|难以")
_HEDGE_RE = re.compile(
    r"\b(?:may|might|could|possibly|potentially|suggests?|unclear|uncertain|likely|perhaps|"
    r"hypothes\w+|predicted|projected)\b|可能|或许|也许|据称|预计",
    re.IGNORECASE,
)

# "Null result" cues: the passage reports no effect / no difference (a common way to refute a claim
# of an effect), and contrast cues (however, in contrast, contrary to…).
_NULL_RE = re.compile(
    r"\b(?:no|not|nor|without|neither)\b(?:\s+\w+){0,3}?\s+(?:significant(?:ly)?\s+)?"
    r"(?:differ\w*|effect\w*|associat\w*|chang\w*|correlat\w*|impact\w*|influenc\w*|"
    r"affect\w*|alter\w*|increas\w*|decreas\w*|reduc\w*|improv\w*|benefit\w*|evidence|link\w*|"
    r"relationship|role)\b|\b(?:unchanged|unaffected|unrelated|comparable|similar|"
    r"insignificant|non-?significant|null)\b",
    re.IGNORECASE,
)
_CONTRAST_RE = re.compile(
    r"\b(?:however|but|although|though|whereas|contrary|in contrast|instead|rather than|"
    r"despite|opposite|contradict\w*|refut\w*|myth|misleading|false|incorrect|wrong|"
    r"debunk\w*|no evidence)\b|但是|然而|相反|并非|谣言|不实",
    re.IGNORECASE,
)

# Direction lexicon: +1 words say "up/more/better", -1 words "down/less/worse".
_UP = _words(
    "increase increases increased increasing rise rises rising rose raise raises raised higher more "
    "greater elevated elevate enhance enhances enhanced improve improves improved improvement promote "
    "promotes promoted boost boosts grow grows grew growth gain gains accelerate accelerates accelerated "
    "exceed exceeds above larger largest positive positively up upregulate upregulates upregulated "
    "upregulation activate activates activated induce induces induced stimulate stimulates "
    "warming warmer expand expands expanded strengthen stronger most maximum"
)
_DOWN = _words(
    "decrease decreases decreased decreasing reduce reduces reduced reducing reduction lower lowers "
    "lowered less fewer decline declines declined declining drop drops dropped fall falls fell "
    "diminish diminishes diminished inhibit inhibits inhibited inhibition suppress suppresses "
    "suppressed impair impairs impaired attenuate attenuates attenuated slow slows slowed below "
    "smaller smallest negative negatively down downregulate downregulates downregulated "
    "downregulation block blocks blocked prevent prevents prevented cooling cooler shrink shrinks "
    "shrank weaken weaker least minimum loss"
)
_ZH_UP = (
    "增加",
    "增长",
    "提高",
    "上升",
    "升高",
    "更多",
    "扩大",
    "促进",
    "加速",
    "超过",
    "高于",
    "多于",
    "变暖",
)
_ZH_DOWN = ("减少", "下降", "降低", "更少", "缩小", "抑制", "减缓", "低于", "少于", "减弱", "变冷")
_DIR = {w: 1 for w in _UP} | {w: -1 for w in _DOWN}

# Antonym pairs beyond direction: (a, b) — a claim word whose opposite appears in the passage.
_ANTONYMS = [
    ("safe", "unsafe"), ("safe", "dangerous"), ("effective", "ineffective"), ("true", "false"),
    ("associated", "unassociated"), ("benefit", "harm"), ("beneficial", "harmful"),
    ("cause", "prevent"), ("causes", "prevents"), ("same", "different"), ("similar", "different"),
    ("all", "none"), ("always", "never"), ("major", "minor"), ("high", "low"), ("increase", "decrease"),
    ("before", "after"), ("early", "late"), ("present", "absent"), ("success", "failure"),
    ("accept", "reject"), ("support", "oppose"), ("win", "lose"), ("majority", "minority"),
    ("hot", "cold"), ("warm", "cool"), ("wet", "dry"), ("rich", "poor"), ("sufficient", "insufficient"),
    ("significant", "insignificant"), ("correlated", "uncorrelated"), ("necessary", "unnecessary"),
    ("required", "dispensable"), ("stable", "unstable"), ("resistant", "susceptible"),
    ("protect", "damage"), ("accurate", "inaccurate"), ("human", "natural"), ("anthropogenic", "natural"),
    ("成功", "失败"), ("安全", "危险"), ("有效", "无效"), ("最高", "最低"), ("最大", "最小"), ("早", "晚"),
]  # fmt: skip
_ANT: dict[str, set[str]] = {}
for _a, _b in _ANTONYMS:
    _ANT.setdefault(_a, set()).add(_b)
    _ANT.setdefault(_b, set()).add(_a)

_WORD_RE = re.compile(r"[a-z]+(?:'t)?", re.IGNORECASE)

DENSE_FEATURES: tuple[str, ...] = (
    "bias_rel",
    "rel_norm",
    "rel_rank_inv",
    "coverage",
    "idf_coverage",
    "passage_coverage",
    "jaccard",
    "bigram_coverage",
    "tfidf_cos",
    "unmatched_claim_log",
    "claim_neg",
    "passage_neg",
    "neg_mismatch",
    "neg_mismatch_cov",
    "claim_dir",
    "passage_dir",
    "dir_agree_cov",
    "dir_conflict_cov",
    "dir_conflict_neg",
    "antonym_cov",
    "claim_hedge",
    "passage_hedge",
    "claim_has_num",
    "passage_has_num",
    "num_match",
    "num_mismatch",
    "passage_len_log",
    "claim_len_log",
    "is_first",
    "is_last",
    "rel_position",
    "cov_sq",
    "idf_cov_sq",
    "neg_only_passage",
    "neg_only_claim",
    "null_only_passage",
    "passage_contrast",
    "hedge_mismatch",
    "num_unit_mismatch",
    "num_unit_match",
    "signed_dir",
)

AGG_FEATURES: tuple[str, ...] = (
    "max_sup",
    "max_ref",
    "mean_sup_top3",
    "mean_ref_top3",
    "top1_sup",
    "top1_ref",
    "sum_sup",
    "sum_ref",
    "n_sup",
    "n_ref",
    "sup_minus_ref",
    "max_rel_cov",
    "max_idf_cov",
    "n_passages_log",
    "n_documents_log",
    "cmp_num_match",
    "cmp_num_mismatch",
    "claim_neg",
    "claim_dir",
    "claim_hedge",
    "both_strong",
    "min_sup_ref",
    "max_signed_dir",
    "min_signed_dir",
    "max_null_only",
    "max_neg_only_passage",
    "max_contrast",
    "max_num_unit_mismatch",
)


@dataclass(frozen=True)
class PairText:
    """Pre-tokenized text with what the features need (computed once per passage and per claim)."""

    text: str
    tokens: tuple[str, ...]
    words: tuple[str, ...]
    neg: int
    dir: int
    hedge: int
    numbers: tuple[float, ...]
    units: tuple[tuple[str, float], ...] = ()
    null: int = 0
    contrast: int = 0

    @classmethod
    def build(cls, text: str, tokens: Sequence[str]) -> PairText:
        words = tuple(w.lower() for w in _WORD_RE.findall(text))
        found = [m.value for m in read_values(text).quantities] if _HAS_DIGIT.search(text) else []
        return cls(
            text=text,
            tokens=tuple(tokens),
            words=words,
            neg=negation_count(text),
            dir=direction(text, words),
            hedge=hedge_count(text),
            numbers=tuple(f.value for f in found),
            units=tuple((u, f.value) for f in found if (u := normalize_unit(f.unit))),
            null=len(_NULL_RE.findall(text)),
            contrast=len(_CONTRAST_RE.findall(text)),
        )


_HAS_DIGIT = re.compile(r"[\d零一二两三四五六七八九十百千万亿]")


def negation_count(text: str) -> int:
    """Number of negation cues (English and Chinese) in ``text``."""
    return len(_NEG_EN_RE.findall(text)) + len(_NEG_ZH_RE.findall(text))


def hedge_count(text: str) -> int:
    """Number of hedge cues (may, might, suggests, 可能…) in ``text``."""
    return len(_HEDGE_RE.findall(text))


def direction(text: str, words: Sequence[str] | None = None) -> int:
    """Net direction of ``text``: +1 (increase, more…), -1 (decrease, less…), 0 (none or balanced)."""
    words = words if words is not None else [w.lower() for w in _WORD_RE.findall(text)]
    s = sum(_DIR.get(w, 0) for w in words)
    s += sum(text.count(w) for w in _ZH_UP) - sum(text.count(w) for w in _ZH_DOWN)
    return (s > 0) - (s < 0)


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(tokens))


def _hash(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) & (HASH_DIM - 1)


def pair_features(
    claim: PairText,
    passage: PairText,
    *,
    relevance: float,
    rank: int,
    position: float,
    is_first: bool,
    is_last: bool,
    idf: Mapping[str, float],
    default_idf: float,
) -> tuple[list[float], list[int]]:
    """Dense features (in :data:`DENSE_FEATURES` order) and hashed sparse indices of one pair.

    ``relevance`` is the passage's BM25 score divided by the best score among the claim's passages.
    """
    ctoks = [t for t in claim.tokens]
    cset = set(ctoks)
    pset = set(passage.tokens)
    inter = cset & pset
    n_c = max(len(cset), 1)
    cov = len(inter) / n_c
    # sorted: float sums and hashed features must not depend on set order (PYTHONHASHSEED)
    idf_c = sum(idf.get(t, default_idf) for t in sorted(cset)) or 1.0
    idf_cov = sum(idf.get(t, default_idf) for t in sorted(inter)) / idf_c
    pcov = len(inter) / max(len(pset), 1)
    jac = len(inter) / max(len(cset | pset), 1)
    cb = _bigrams(claim.tokens)
    bcov = len(cb & _bigrams(passage.tokens)) / len(cb) if cb else 0.0
    cos = _tfidf_cos(claim.tokens, passage.tokens, idf, default_idf)
    unmatched = cset - pset
    neg_c, neg_p = min(claim.neg, 3), min(passage.neg, 3)
    neg_mis = float((neg_c > 0) != (neg_p > 0))
    dir_c, dir_p = claim.dir, passage.dir
    conflict = float(dir_c * dir_p < 0)
    agree = float(dir_c * dir_p > 0)
    pw = set(passage.words)
    cw = set(claim.words)
    ant = sum(1 for w in cw if w in _ANT and (_ANT[w] & pw) and w not in pw)
    ant += sum(1 for a, b in _ANTONYMS if not a.isascii() and a in claim.text and b in passage.text)
    num_match = num_mis = 0.0
    if claim.numbers and passage.numbers:
        hit = any(
            abs(c - p) <= 0.01 * max(abs(c), 1e-9) for c in claim.numbers for p in passage.numbers
        )
        num_match, num_mis = (1.0, 0.0) if hit else (0.0, 1.0)
    unit_match = unit_mis = 0.0
    if claim.units and passage.units:
        p_units = {u for u, _ in passage.units}
        shared = [(u, v) for u, v in claim.units if u in p_units]
        if shared:
            hit_u = any(
                abs(v - pv) <= 0.01 * max(abs(v), 1e-9)
                for u, v in shared
                for pu, pv in passage.units
                if pu == u
            )
            unit_match, unit_mis = (1.0, 0.0) if hit_u else (0.0, 1.0)
    # direction agreement, flipped when exactly one side is negated
    flip = -1.0 if (neg_c > 0) != (neg_p > 0) else 1.0
    dense = [
        1.0,
        relevance,
        1.0 / (1 + rank),
        cov,
        idf_cov,
        pcov,
        jac,
        bcov,
        cos,
        math.log1p(len(unmatched)),
        float(neg_c),
        float(neg_p),
        neg_mis,
        neg_mis * idf_cov,
        float(dir_c),
        float(dir_p),
        agree * idf_cov,
        conflict * idf_cov,
        conflict * neg_mis,
        min(ant, 3) * idf_cov,
        float(min(claim.hedge, 3)),
        float(min(passage.hedge, 3)),
        float(bool(claim.numbers)),
        float(bool(passage.numbers)),
        num_match * idf_cov,
        num_mis * idf_cov,
        math.log1p(len(passage.tokens)),
        math.log1p(len(claim.tokens)),
        float(is_first),
        float(is_last),
        position,
        cov * cov,
        idf_cov * idf_cov,
        float(neg_p > 0 and neg_c == 0) * idf_cov,
        float(neg_c > 0 and neg_p == 0) * idf_cov,
        float(passage.null > 0 and claim.null == 0) * idf_cov,
        float(min(passage.contrast, 3)) * idf_cov,
        float((claim.hedge > 0) != (passage.hedge > 0)),
        unit_mis * idf_cov,
        unit_match * idf_cov,
        float(dir_c * dir_p) * flip * idf_cov,
    ]
    sparse: list[int] = []
    for t in sorted(unmatched):
        sparse.append(_hash("u:" + t))
    for t in sorted(cset):
        sparse.append(_hash("c:" + t))
    # direction/negation words of the passage crossed with the claim's
    cdw = sorted(w for w in cw if w in _DIR) or ["-"]
    pdw = sorted(w for w in pw if w in _DIR)[:6]
    for a in cdw[:4]:
        for b in pdw:
            sparse.append(_hash(f"d:{a}|{b}"))
    sparse.append(_hash(f"n:{neg_c > 0}|{neg_p > 0}|{dir_c}|{dir_p}"))
    for w in sorted(pw):
        if w in _ANT and _ANT[w] & cw:
            sparse.append(_hash("a:" + w))
    return dense, sparse


def _tfidf_cos(
    a: Sequence[str], b: Sequence[str], idf: Mapping[str, float], default_idf: float
) -> float:
    ca, cb = Counter(a), Counter(b)
    if not ca or not cb:
        return 0.0
    wa = {t: c * idf.get(t, default_idf) for t, c in ca.items()}
    wb = {t: c * idf.get(t, default_idf) for t, c in cb.items()}
    dot = sum(v * wb[t] for t, v in wa.items() if t in wb)
    na = math.sqrt(sum(v * v for v in wa.values()))
    nb = math.sqrt(sum(v * v for v in wb.values()))
    return dot / (na * nb) if na and nb else 0.0


def claim_sparse(tokens: Sequence[str]) -> list[int]:
    """Hashed indicators of the claim's own words and bigrams (for the claim-level model)."""
    out = [_hash("cw:" + t) for t in sorted(set(tokens))]
    out += [_hash(f"cb:{a}|{b}") for a, b in sorted(set(pairwise(tokens)))]
    return out
