"""Evidence about the claim: which ranked passages may be cited at all (pure).

A passage is evidence about the claim when it names the claim's subject (a subject name, an alias of
the Wikidata item that is the subject, or — for a claim without a subject name — one of its
entities) or states one of the claim's values; and it is not page furniture:

* a **title** (the passage is the document's title, or the title with a site suffix);
* **navigation or boilerplate**: a short line without a sentence (under 8 Han characters or 4 words
  and no number), or a line of the usual page furniture (copyright, disclaimers, "made-up" notices,
  share/login/subscribe links, editor and source credits);
* a **duplicate** of a passage already kept (the same text, whitespace and punctuation aside, from
  another document or another place).

The verifier reads only these passages for comparisons, near-verbatim support and citations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TypeVar

from factcheck.models import Claim
from factcheck.values import read_values
from factcheck.verify.about import mentions_any, names_in_order, subject_names
from factcheck.verify.compare import compare_date, compare_quantity
from factcheck.verify.passages import Passage

__all__ = ["about_claim", "is_furniture", "normalized_passage", "states_claim_value"]

P = TypeVar("P", bound=Passage)

_HAN = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"\d|[一二三四五六七八九十百千万亿]")
_FURNITURE = re.compile(
    r"made[- ]?up|fictional|for testing|disclaimer|all rights reserved|copyright|©|"
    r"privacy policy|terms of (?:use|service)|cookie|subscribe|sign in|log ?in|share (?:this|on)|"
    r"read more|click here|advertisement|related articles|"
    r"免责声明|版权所有|版权声明|未经授权|不得转载|转载请|本文仅代表|责任编辑|编辑[:：]|来源[:：]|"
    r"点击|登录|注册|分享到|扫一扫|二维码|返回顶部|上一篇|下一篇|相关阅读|相关推荐|广告|"
    r"虚构|编造|仅供测试|本文档为",
    re.IGNORECASE,
)
_SITE_SUFFIX = re.compile(r"\s*[-|–—_·]\s*[^-|–—_·]{1,30}$")


def normalized_passage(text: str) -> str:
    """Text for duplicate detection: NFKC, case-folded, without spaces and punctuation."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", t)


def _is_title(p: Passage) -> bool:
    title = (p.document.title or "").strip()
    if not title:
        return False
    text = p.text.strip()
    candidates = {normalized_passage(title), normalized_passage(_SITE_SUFFIX.sub("", title))}
    return normalized_passage(text) in candidates


def is_furniture(p: Passage) -> bool:
    """Whether the passage is a title, navigation, or boilerplate (see the module docstring)."""
    text = " ".join(p.text.split())
    if not text or _is_title(p):
        return True
    han = len(_HAN.findall(text))
    words = len(re.findall(r"[A-Za-z]+", text))
    if han < 8 and words < 4 and not _DIGIT.search(text):
        return True
    if _FURNITURE.search(text):
        # a real sentence may say "copyright" (a law) or 点击 (clicks); furniture is short
        return han < 60 and words < 25
    return False


def states_claim_value(claim: Claim, text: str) -> bool:
    """Whether ``text`` states one of the claim's quantities or dates (same value, any wording)."""
    values = read_values(text)
    for q in claim.quantities:
        if any(compare_quantity(q, m.value.value, m.value.unit) for m in values.quantities):
            return True
    for d in claim.dates:
        if d.precision == "year":
            continue  # a bare year is stated by far too many passages to single one out
        if any(compare_date(d, m.value.value, m.value.precision) for m in values.dates):
            return True
    return False


def about_claim(
    claim: Claim, passages: Iterable[P], *, aliases: Sequence[str] = (), limit: int | None = None
) -> list[P]:
    """The passages that are evidence about the claim, in the given (ranked) order, deduplicated."""
    names = names_in_order([*subject_names(claim), *aliases])
    if not names:
        names = names_in_order([e.text for e in claim.entities if len(e.text) >= 2])
    kept: list[P] = []
    seen: set[str] = set()
    for p in passages:
        key = normalized_passage(p.text)
        if not key or key in seen or is_furniture(p):
            continue
        if names and not (
            mentions_any(p.text, names)
            or mentions_any(p.document.title or "", names)
            or states_claim_value(claim, p.text)
        ):
            continue
        seen.add(key)
        kept.append(p)
        if limit is not None and len(kept) >= limit:
            break
    return kept
