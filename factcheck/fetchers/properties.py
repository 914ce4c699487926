"""Which Wikidata properties a claim is about, chosen by whole terms (pure).

One table, :data:`PROPERTIES`, serves the query planner (which statements to keep) and the
structured comparators (which statements may decide). Each property has a value *kind* (date,
quantity, entity), for quantities the *family* of units it is measured in, and the terms that name
it in Chinese and English.

A property is the claim's attribute only when one of its terms is a whole word of the claim — a
jieba word (or the head of one: 常住人口 ends with 人口) for Chinese, a whole word or phrase for
English — and that word is not inside the counted phrase after a number: in 67个国家重点实验室 the
word 国家 names what is counted, not the claim's country, so P17 is never chosen from it. Entity-valued
properties (headquarters, country, founder …) must be named by the claim's predicate (or, without
one, by a word between subject and object), so a stray 国家 elsewhere in the text never selects P17.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from factcheck.fetchers.keywords import EN_STOPWORDS, Word, words
from factcheck.models import Claim

__all__ = [
    "PROPERTIES",
    "PropertySpec",
    "claim_properties",
    "term_in_words",
]

ValueKind = Literal["date", "quantity", "entity"]


@dataclass(frozen=True)
class PropertySpec:
    """A Wikidata property: value kind, unit family (quantities) and the terms that name it."""

    pid: str
    kind: ValueKind
    terms: tuple[str, ...]
    family: str | None = None  # count | area | length | mass | money | ratio | duration


def _p(pid: str, kind: ValueKind, terms: str, family: str | None = None) -> PropertySpec:
    return PropertySpec(pid, kind, tuple(t.strip() for t in terms.split("|") if t.strip()), family)


PROPERTIES: dict[str, PropertySpec] = {
    p.pid: p
    for p in (
        _p("P571", "date", "成立|创立|创办|创建|建立|始建|组建|founded|established|inception|formed|created"),
        _p("P569", "date", "出生|生于|诞生|born|birth"),
        _p("P570", "date", "去世|逝世|病逝|死于|died|death"),
        _p("P576", "date", "解散|倒闭|撤销|dissolved|abolished|defunct"),
        _p("P577", "date", "出版|发表|首映|published|publication|release date"),
        _p("P1619", "date", "开通|开业|启用|落成|opened|opening"),
        _p("P580", "date", "始于|started|began"),
        _p("P582", "date", "终止|ended"),
        _p("P1082", "quantity", "人口|常住人口|户籍人口|居民|population|inhabitants|residents", "count"),
        _p("P2046", "quantity", "面积|占地|area|square kilometres|square kilometers", "area"),
        _p("P1128", "quantity", "员工|雇员|职工|员工人数|employees|staff|workforce", "count"),
        _p("P2196", "quantity", "在校生|学生人数|students|enrollment|enrolment", "count"),
        _p("P2048", "quantity", "高度|height|tall", "length"),
        _p("P2043", "quantity", "长度|全长|length|long", "length"),
        _p("P2044", "quantity", "海拔|elevation|altitude", "length"),
        _p("P2139", "quantity", "营收|营业收入|revenue|turnover", "money"),
        _p("P2295", "quantity", "净利润|net income|net profit", "money"),
        _p("P2131", "quantity", "GDP|国内生产总值|地区生产总值", "money"),
        _p("P1198", "quantity", "失业率|unemployment rate", "ratio"),
        _p("P159", "entity", "总部|总部位于|headquarters|headquartered|based in"),
        _p("P131", "entity", "位于|坐落|坐落于|located in|located"),
        _p("P17", "entity", "国家|所属国家|country"),
        _p("P112", "entity", "创始人|创办人|创立者|创办者|founded by|founder|co-founder"),
        _p("P169", "entity", "首席执行官|总裁|CEO|chief executive"),
        _p("P488", "entity", "董事长|主席|chairperson|chairman"),
        _p("P36", "entity", "首都|capital"),
        _p("P6", "entity", "市长|mayor|head of government"),
        _p("P749", "entity", "母公司|parent company|parent organization"),
        _p("P50", "entity", "作者|author|written by"),
        _p("P69", "entity", "毕业于|就读于|毕业|就读|校友|educated at|graduated|alma mater|studied at"),
        _p("P178", "entity", "开发商|developer|developed by"),
        _p("P127", "entity", "拥有者|owned by|owner"),
    )
}  # fmt: skip
"""Property id → spec. Quantity families follow :mod:`factcheck.values` units (count = no unit)."""

_CJK = re.compile(r"[\u3400-\u9fff]")


def term_in_words(term: str, found: Sequence[Word], text: str, *, narrowable: bool = False) -> bool:
    """Whether ``term`` is a whole word (or word sequence) of ``found``, outside counted phrases.

    Chinese: a word equal to the term, a word ending with it (its head: 常住人口 → 人口) or a run of
    adjacent words spelling it. English: the term as whole word(s), case-insensitive.
    """
    usable = [w for w in found if not w.counted]
    if _CJK.search(term):
        for i, w in enumerate(usable):
            if narrowable and w.word == term and _narrowed(usable, i):
                continue  # 男性人口, 65岁及以上人口: a part of the population, not the population
            if w.word == term or (len(w.word) > len(term) and w.word.endswith(term)):
                return True
            if term.startswith(w.word):
                joined, j = w.word, i
                while len(joined) < len(term) and j + 1 < len(usable):
                    nxt = usable[j + 1]
                    if nxt.start != usable[j].end:
                        break
                    joined += nxt.word
                    j += 1
                if joined == term:
                    return True
        return False
    spans = [(w.start, w.end) for w in usable]
    for m in re.finditer(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", text, re.IGNORECASE):
        if not any(s <= m.start() < e for s, e in spans):
            continue
        before = re.search(r"([A-Za-z][A-Za-z'’-]*)\s+$", text[: m.start()])
        if narrowable and before and _narrows_en(before.group(1)):
            continue  # "male population", "urban population": a part of it
        return True
    return False


def _narrows_en(word: str) -> bool:
    low = word.lower()
    if word[0].isupper() or low.endswith(("'s", "’s")) or low in _EN_FUNCTION:
        return False
    return low not in EN_STOPWORDS and not low.endswith(("ed", "ly"))


_EN_FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "total",
        "whole",
        "entire",
        "overall",
        "current",
        "estimated",
        "approximate",
        "official",
        "registered",
        "resident",
    ]
)


_MODIFIER_TAGS = frozenset({"n", "a", "b", "m", "q", "vn", "an", "f", "s"})


def _narrowed(found: Sequence[Word], i: int) -> bool:
    """Whether the word before ``found[i]``, written right against it, narrows what it names (a
    common noun, attribute or number: 男性|人口, 城镇|人口, 及以上|人口), as a name does not
    (亳州市|人口 is the city's population)."""
    if i == 0:
        return False
    prev = found[i - 1]
    if prev.end != found[i].start:
        return False
    return prev.tag in _MODIFIER_TAGS or prev.word.endswith(("以上", "以下"))


def _entity_scope(claim: Claim) -> tuple[str, Sequence[Word]]:
    """Where an entity-valued property must be named: the predicate, else subject..object text."""
    if claim.predicate:
        return claim.predicate, words(claim.predicate)
    text = claim.text
    start = 0
    if claim.subject and claim.subject in text:
        start = text.find(claim.subject) + len(claim.subject)
    end = text.find(claim.object, start) if claim.object else -1
    scope = text[start : end if end > start else len(text)]
    return scope, words(scope)


def claim_properties(
    claim: Claim, kinds: Sequence[ValueKind] = ("date", "quantity", "entity")
) -> list[str]:
    """Property ids the claim's attribute names, in :data:`PROPERTIES` order (whole terms only)."""
    text_words = words(claim.text)
    pred_words = words(claim.predicate) if claim.predicate else ()
    found: list[str] = []
    for pid, spec in PROPERTIES.items():
        if spec.kind not in kinds:
            continue
        if spec.kind == "entity":
            scope, scope_words = _entity_scope(claim)
            hit = any(term_in_words(t, scope_words, scope) for t in spec.terms)
        else:
            narrowable = (
                spec.kind == "quantity"
            )  # 男性人口 is no population; 公司成立 is a founding
            hit = any(
                term_in_words(t, text_words, claim.text, narrowable=narrowable)
                or (
                    claim.predicate
                    and term_in_words(t, pred_words, claim.predicate, narrowable=narrowable)
                )
                for t in spec.terms
            )
        if hit:
            found.append(pid)
    return found
