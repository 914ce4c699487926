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
    "content_units",
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
# Chinese negation: 不/没(有)/未/无/非/否… but not the words where the character is no negation
# (不仅 not only, 不过 but, 不断 continually, 无论 no matter, 非常 very, 未来 future …).
_NEG_ZH_RE = re.compile(
    r"并非|绝非|否认|否定|拒绝|从未|从不|没有|没(?!收)|"
    r"未(?!来|成年|知数|婚)|"
    r"无(?!论|疑|数|限|线|人机|锡)|"
    r"非(?!常|洲|法|凡)|"
    r"不(?!仅|但|过|少|断|久|禁|管|论|同|得不|如|久|停|单|再|光|只|止|外乎|时)|"
    r"难以|别"
)
_HEDGE_RE = re.compile(
    r"\b(?:may|might|could|possibly|potentially|suggests?|unclear|uncertain|likely|perhaps|"
    r"hypothes\w+|predicted|projected)\b|可能|或许|也许|据称|预计|似乎|大概|估计|据说|据报道|疑似",
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
    "增多",
    "增强",
    "提高",
    "提升",
    "上升",
    "升高",
    "上涨",
    "更多",
    "扩大",
    "扩张",
    "促进",
    "加速",
    "加快",
    "超过",
    "高于",
    "多于",
    "大于",
    "变暖",
    "加强",
    "壮大",
    "回升",
)
_ZH_DOWN = (
    "减少", "下降", "降低", "下跌", "下滑", "回落", "更少", "缩小", "缩减", "萎缩", "抑制", "减缓",
    "放缓", "低于", "少于", "小于", "减弱", "削弱", "变冷", "衰退", "减轻",
)  # fmt: skip
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
    ("more", "less"), ("more", "fewer"), ("rise", "fall"), ("increase", "reduce"), ("early", "later"),
    ("earlier", "later"), ("first", "last"), ("male", "female"), ("men", "women"), ("north", "south"),
    ("east", "west"), ("win", "loss"), ("won", "lost"), ("open", "closed"), ("legal", "illegal"),
    ("possible", "impossible"), ("include", "exclude"), ("allow", "forbid"), ("allow", "ban"),
    ("成功", "失败"), ("安全", "危险"), ("有效", "无效"), ("最高", "最低"), ("最大", "最小"), ("早", "晚"),
    ("增加", "减少"), ("增长", "下降"), ("上升", "下降"), ("提高", "降低"), ("上涨", "下跌"),
    ("高于", "低于"), ("多于", "少于"), ("大于", "小于"), ("以上", "以下"), ("之前", "之后"),
    ("以前", "以后"), ("早于", "晚于"), ("最早", "最晚"), ("最多", "最少"), ("首次", "最后"),
    ("第一", "最后"), ("开始", "结束"), ("成立", "解散"), ("支持", "反对"), ("同意", "反对"),
    ("接受", "拒绝"), ("允许", "禁止"), ("相同", "不同"), ("正确", "错误"), ("合法", "非法"),
    ("胜利", "失败"), ("获胜", "落败"), ("加入", "退出"), ("进口", "出口"), ("出生", "去世"),
    ("男性", "女性"), ("白天", "夜晚"), ("上午", "下午"), ("北部", "南部"), ("东部", "西部"),
    ("增多", "减少"), ("扩大", "缩小"), ("加快", "放缓"), ("上升", "回落"), ("年轻", "年老"),
    ("喜欢", "讨厌"), ("富裕", "贫穷"), ("真实", "虚假"), ("存在", "消失"), ("全部", "部分"),
    ("所有", "部分"), ("总是", "从不"), ("一直", "从未"),
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
    "content_cov",
    "content_cov1",
    "lcs_ratio",
    "content_unmatched_log",
    "date_match",
    "date_mismatch",
    "entity_missing",
    "conflict",
    "verbatim",
    "near_verbatim",
    "content_cov_x_conflict",
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
    "max_content_cov",
    "max_lcs",
    "max_verbatim",
    "max_near_verbatim",
    "top_conflict",
    "top_entity_missing",
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
    cunits: frozenset[str] = frozenset()  # content units: Han bigrams, Latin stems, numbers
    cunits1: frozenset[str] = frozenset()  # single content characters for Han text, else the same
    seq: tuple[str, ...] = ()  # the sequence compared for the longest common run
    dates: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()  # capitalized Latin words not at a sentence start
    han: bool = False

    @classmethod
    def build(cls, text: str, tokens: Sequence[str]) -> PairText:
        words = tuple(w.lower() for w in _WORD_RE.findall(text))
        vals = read_values(text) if _HAS_DIGIT.search(text) else None
        found = [m.value for m in vals.quantities] if vals is not None else []
        u2, u1, seq = content_units(text, tokens)
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
            cunits=u2,
            cunits1=u1,
            seq=seq,
            dates=tuple(m.value.value for m in vals.dates) if vals is not None else (),
            names=frozenset(m.group().lower() for m in _NAME_RE.finditer(text)),
            han=bool(_HAN_RUN_RE.search(text)),
        )


_HAS_DIGIT = re.compile(r"[\d零一二两三四五六七八九十百千万亿]")
_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# function characters that carry no content on their own (a bigram holding one still counts)
_ZH_STOPCHARS = frozenset("的了是在和与及也就都而把被让给这那之其或等以对于为从着将并且个地得")
# a capitalized word after a lower-case word or a comma: a name, not a sentence start
_NAME_RE = re.compile(r"(?<=[a-z,;:] )[A-Z][A-Za-z\-]+")


def content_units(
    text: str, tokens: Sequence[str]
) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """Language-independent content units of a text: Han character bigrams (and single Han characters
    for ``units1``) plus the non-Han tokens (English stems, numbers); and the sequence used for the
    longest common run (Han characters and non-Han tokens in order).
    """
    bigrams: set[str] = set()
    singles: set[str] = set()
    for run in _HAN_RUN_RE.findall(text):
        singles.update(c for c in run if c not in _ZH_STOPCHARS)
        if len(run) == 1 and run not in _ZH_STOPCHARS:
            bigrams.add(run)
        bigrams.update(run[i : i + 2] for i in range(len(run) - 1))
    latin = [t for t in tokens if not _HAN_RUN_RE.match(t)]
    # Han text: characters (and digits/letters) in order; other text: its tokens
    seq = [c for c in text if _HAN_RUN_RE.match(c) or c.isalnum()] if bigrams else list(tokens)
    bigrams.update(latin)
    singles.update(latin)
    return frozenset(bigrams), frozenset(singles), tuple(seq)


def _longest_common_run(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common contiguous run of ``a`` in ``b``."""
    if not a or not b:
        return 0
    from difflib import SequenceMatcher

    m = SequenceMatcher(None, a, b, autojunk=False)
    return m.find_longest_match(0, len(a), 0, len(b)).size


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
    # language-independent coverage (Han character bigrams / English stems / numbers)
    cu = claim.cunits
    ccov = len(cu & passage.cunits) / len(cu) if cu else 0.0
    cu1 = claim.cunits1
    ccov1 = len(cu1 & passage.cunits1) / len(cu1) if cu1 else 0.0
    lcs = _longest_common_run(claim.seq, passage.seq) / len(claim.seq) if claim.seq else 0.0
    date_match = date_mis = 0.0
    if claim.dates and passage.dates:
        years_p = {d[:4] for d in passage.dates}
        hit_d = any(d[:4] in years_p for d in claim.dates)
        date_match, date_mis = (1.0, 0.0) if hit_d else (0.0, 1.0)
    ent_missing = (
        len(claim.names - passage.names - set(passage.words)) / len(claim.names)
        if claim.names
        else 0.0
    )
    any_conflict = float(
        neg_mis > 0 or num_mis > 0 or unit_mis > 0 or date_mis > 0 or ant > 0 or dir_c * dir_p < 0
    )
    # near-verbatim: every content character (Han) or stem/number (Latin) of the claim is in the
    # passage, nearly all its bigrams too, and nothing conflicts
    verbatim = float(ccov1 >= 0.999 and ccov >= 0.9 and not any_conflict and ent_missing == 0)
    near = float(ccov >= 0.85 and not any_conflict and ent_missing == 0)
    # interaction terms scale with how much of the claim the passage holds: IDF-weighted tokens for
    # Latin text; character bigrams for Han text (jieba segments 人口减少 and 人口 增加 differently)
    rel_cov = ccov if claim.han else idf_cov
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
        neg_mis * rel_cov,
        float(dir_c),
        float(dir_p),
        agree * rel_cov,
        conflict * rel_cov,
        conflict * neg_mis,
        min(ant, 3) * rel_cov,
        float(min(claim.hedge, 3)),
        float(min(passage.hedge, 3)),
        float(bool(claim.numbers)),
        float(bool(passage.numbers)),
        num_match * rel_cov,
        num_mis * rel_cov,
        math.log1p(len(passage.tokens)),
        math.log1p(len(claim.tokens)),
        float(is_first),
        float(is_last),
        position,
        cov * cov,
        idf_cov * idf_cov,
        float(neg_p > 0 and neg_c == 0) * rel_cov,
        float(neg_c > 0 and neg_p == 0) * rel_cov,
        float(passage.null > 0 and claim.null == 0) * rel_cov,
        float(min(passage.contrast, 3)) * rel_cov,
        float((claim.hedge > 0) != (passage.hedge > 0)),
        unit_mis * rel_cov,
        unit_match * rel_cov,
        float(dir_c * dir_p) * flip * rel_cov,
        ccov,
        ccov1,
        lcs,
        math.log1p(len(cu - passage.cunits)),
        date_match,
        date_mis,
        ent_missing,
        any_conflict,
        verbatim,
        near,
        ccov * any_conflict,
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
