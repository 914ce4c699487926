"""Build a claim's :class:`QueryPlan` from its slots, entities, hints and sources (pure)."""

from __future__ import annotations

import re

from factcheck.fetchers._util import detect_language
from factcheck.fetchers.base import QueryPlan
from factcheck.models import Article, Claim

__all__ = ["PROPERTY_KEYWORDS", "guess_properties", "plan_queries"]

# A name longer than this is a phrase, not something an entity search can find.
_MAX_ENTITY_CHARS = 40
_MAX_QUERY_CHARS = 200
_MAX_QUERIES = 6

# Wikidata properties a predicate or claim text is about; matched case-insensitively as substrings.
PROPERTY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "P571": (
        "成立",
        "创立",
        "创办",
        "建立",
        "始建",
        "founded",
        "established",
        "inception",
        "created",
    ),
    "P576": ("解散", "倒闭", "关闭", "dissolved", "defunct", "closed down"),
    "P159": ("总部", "headquarter", "based in"),
    "P69": ("毕业", "就读", "校友", "educated", "graduated", "alma mater", "studied at"),
    "P112": ("创始人", "创办人", "创立者", "founded by", "founder", "co-founder"),
    "P1082": ("人口", "常住", "居民", "population", "inhabitants", "residents"),
    "P1128": ("员工", "雇员", "职工", "employees", "staff", "workforce"),
    "P569": ("出生", "生于", "born", "birth"),
    "P570": ("去世", "逝世", "died", "death"),
    "P17": ("国家", "country"),
    "P131": ("位于", "坐落", "located in", "located"),
    "P2046": ("面积", "area", "square kilomet"),
    "P2139": ("营收", "收入", "revenue", "turnover"),
    "P2295": ("净利润", "net income", "net profit"),
    "P169": ("首席执行官", "总裁", "ceo", "chief executive"),
    "P488": ("董事长", "主席", "chairperson", "chairman"),
    "P2196": ("学生", "在校生", "students", "enrollment"),
    "P577": ("发布", "出版", "发表", "published", "released", "release date"),
    "P178": ("开发", "developer", "developed by"),
    "P50": ("作者", "author", "written by"),
    "P166": ("获奖", "奖项", "award"),
    "P749": ("母公司", "parent company", "parent organization"),
    "P127": ("拥有", "owned by", "owner"),
}

_KIND_PROPERTIES: dict[str, tuple[str, ...]] = {
    "date": ("P571", "P577", "P569"),
    "location": ("P159", "P131", "P17"),
    "quantity": ("P1082", "P1128"),
}


def guess_properties(claim: Claim) -> list[str]:
    """Wikidata property ids the claim's predicate (or, failing that, its text) talks about."""
    found: list[str] = []
    for source in (claim.predicate or "", claim.text):
        lowered = source.lower()
        for pid, words in PROPERTY_KEYWORDS.items():
            if pid not in found and any(w in lowered for w in words):
                found.append(pid)
        if found:
            break
    if not found:
        found.extend(_KIND_PROPERTIES.get(claim.kind, ()))
    return found


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def plan_queries(claim: Claim, article: Article | None = None) -> QueryPlan:
    """Plan what every fetcher should look for about ``claim``.

    Language: the article's, else detected from the claim text ('zh' when mostly Chinese).
    Entities: subject, object, then the claim's entities (names of at most 40 characters).
    Queries: the claim's ``queries`` hints first, then "subject object", then the claim text.
    URLs: the claim's ``sources``, in order.
    """
    language = (article.language if article and article.language else None) or detect_language(
        claim.text
    )
    names: list[str] = []
    for candidate in (claim.subject, claim.object, *(e.text for e in claim.entities)):
        name = _clean(candidate)
        if name and len(name) <= _MAX_ENTITY_CHARS and name not in names:
            names.append(name)
    queries: list[str] = []

    def add(query: str) -> None:
        query = _clean(query)[:_MAX_QUERY_CHARS].strip()
        if query and query not in queries:
            queries.append(query)

    for hint in claim.queries:
        add(hint)
    subject, obj = _clean(claim.subject), _clean(claim.object)
    if subject and obj:
        add(f"{subject} {obj}")
    add(claim.text)
    wikidata_ids = list(dict.fromkeys(e.wikidata for e in claim.entities if e.wikidata))
    return QueryPlan(
        claim_id=claim.id,
        language=language,
        queries=queries[:_MAX_QUERIES],
        entities=names,
        urls=list(dict.fromkeys(claim.sources)),
        wikidata_ids=wikidata_ids,
        properties=guess_properties(claim),
    )
