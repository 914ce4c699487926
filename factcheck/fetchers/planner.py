"""Build a claim's :class:`QueryPlan`: short keyword queries and names to look up (pure).

Search engines (MediaWiki's CirrusSearch, Wikidata's entity search, SearXNG) find pages by a few
words, not by a whole clause: every term of a CirrusSearch query must occur in the page, and
``wbsearchentities`` matches a label or alias from its start. So the plan holds

* ``entities`` — names to look up, best first: the names inside the claim's subject (融科资讯中心 for
  the subject 融科资讯中心周边), the subject itself when it is name-like, the names in the object,
  then the claim's other entities;
* ``queries`` — keyword queries from specific to broad: the claim's ``queries`` hints; subject +
  attribute words (the counted thing, 高等院校, or the content words of the predicate); subject +
  object; the subject alone; the claim's content words; the claim text last (for engines that rank
  long queries). Values are never search terms: a page stating another figure must be found too.

Fetchers send the first ``fetchers.max_queries`` and *widen* — move on to the next ones — when those
found nothing (:func:`search_rounds`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.fetchers._util import detect_language
from factcheck.fetchers.base import QueryPlan
from factcheck.fetchers.keywords import Word, is_name_like, keyword_string, words
from factcheck.fetchers.properties import claim_properties
from factcheck.models import Article, Claim
from factcheck.values import read_values
from factcheck.values.phrase import phrase_core, value_phrase

__all__ = ["article_topic", "guess_properties", "plan_queries", "search_rounds"]

_MAX_QUERY_CHARS = 200
_MAX_QUERIES = 10
_MAX_ENTITIES = 8

_KIND_PROPERTIES: dict[str, tuple[str, ...]] = {
    "date": ("P571", "P577", "P569"),
    "location": ("P159", "P131", "P17"),
}


def guess_properties(claim: Claim) -> list[str]:
    """Wikidata property ids the claim is about (whole terms; the claim kind's usual ones else)."""
    found = claim_properties(claim)
    if not found:
        found.extend(_KIND_PROPERTIES.get(claim.kind, ()))
    return found


_BRACKETED = re.compile(r"[（(][^（）()]{0,30}[）)]")
_SITE_SUFFIX = re.compile(r"\s*[-|–—_·]\s*[^-|–—_·]{1,30}$")


def article_topic(article: Article | None) -> str | None:
    """What an article is about when its title is a name (亳州市, 孙中山（节选）, "Albert Einstein"):
    the subject of its claims that name none themselves (年均降水量约790毫米)."""
    if article is None or not article.title:
        return None
    title = _BRACKETED.sub("", article.title).strip()
    title = _SITE_SUFFIX.sub("", title).strip() if len(title) > 4 else title
    return title if is_name_like(title) else None


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _names_inside(phrase: str | None, claim: Claim) -> list[str]:
    """The claim's entity names that occur in ``phrase``, longest first."""
    if not phrase:
        return []
    inside = [e.text for e in claim.entities if e.text and e.text in phrase]
    return sorted(dict.fromkeys(inside), key=len, reverse=True)


def _subject_names(claim: Claim) -> list[str]:
    names = _names_inside(claim.subject, claim)
    subject = _clean(claim.subject)
    # the subject itself when it is a name (not 融科资讯中心周边 when 融科资讯中心 is known)
    covered = any(n in subject and len(n) >= len(subject) * 0.6 for n in names)
    if is_name_like(subject) and subject not in names and not covered:
        names.append(subject)
    if not names:
        ordered = sorted(
            (e for e in claim.entities if e.text and e.text in claim.text),
            key=lambda e: claim.text.find(e.text),
        )
        names = [ordered[0].text] if ordered else []
    return [n for n in names if is_name_like(n)]


def _attribute_words(claim: Claim, names: Sequence[str]) -> list[str]:
    """Content words naming what the claim says about its subject: counted nouns first."""
    found: list[Word] = list(words(claim.text))
    taken = [(claim.text.find(n), claim.text.find(n) + len(n)) for n in names if n in claim.text]

    def free(w: Word) -> bool:
        return not any(s <= w.start < e for s, e in taken if s >= 0)

    prev_end = -1
    counted: list[str] = []  # the counted phrase as one term: 国家重点实验室, not 国家 + 重点
    for w in found:
        if not (w.counted and free(w)):
            continue
        if counted and counted[-1] and prev_end == w.start:
            counted[-1] += w.word
        else:
            counted.append(w.word)
        prev_end = w.end
    # a lone character after a number is its unit or counter (4850657人), not what is counted
    counted = [c for c in counted if len(c) > 1 or not _CJK_CHAR.match(c)]
    nouns = [
        w.word
        for w in found
        if w.content and w.is_noun and not w.counted and free(w) and w.word not in _WHOLE_OF
    ]
    verbs = [w.word for w in found if w.content and not w.is_noun and free(w)]
    return list(dict.fromkeys([*counted, *nouns, *verbs]))


# "the whole city/country": a determiner, never what a claim is about
_WHOLE_OF = frozenset(
    ["全市", "全县", "全省", "全区", "全国", "全球", "全境", "全镇", "本市", "该市", "本县", "该县"]
)
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def _value_phrases(claim: Claim, names: Sequence[str]) -> list[str]:
    """What the claim's figures are figures of, as search terms (Chinese): 15-64岁人口 in
    15－64岁人口为3254761人, 常住人口 in 全市常住人口为4850657人, 极端最低气温 in
    极端最低气温-20.6°C — the attribute with its qualifiers, which a page stating another figure
    for it shares."""
    out: list[str] = []
    for m in read_values(claim.text).quantities:
        phrase = phrase_core(value_phrase(claim.text, m.start), names, canonical=False)
        if not (2 <= len(phrase) <= 12 and _CJK_CHAR.search(phrase)) or _CLAUSE_MARK.search(phrase):
            continue
        tags = [w.tag for w in words(phrase)]
        if any((t.startswith("v") and t != "vn") or t.startswith("u") for t in tags):
            continue  # 周边聚集了67个…, 下降4.49%: a predicate, not an attribute
        out.append(phrase)
    return list(dict.fromkeys(out))


_CLAUSE_MARK = re.compile(r"[，,。；;：:（）()“”]")


def plan_queries(claim: Claim, article: Article | None = None) -> QueryPlan:
    """Plan what every fetcher should look for about ``claim`` (see the module docstring).

    Language: the article's, else detected from the claim text ('zh' when mostly Chinese).
    URLs: the claim's ``sources``, in order.
    """
    language = (article.language if article and article.language else None) or detect_language(
        claim.text
    )
    topic = article_topic(article)
    if topic and not _subject_names(claim):
        claim = claim.model_copy(update={"subject": topic})
    subject_names = _subject_names(claim)
    object_names = _names_inside(claim.object, claim)
    obj = _clean(claim.object)
    if is_name_like(obj) and obj not in object_names:
        object_names.append(obj)
    others = [e.text for e in claim.entities if is_name_like(e.text)]
    entities = list(dict.fromkeys([*subject_names, *object_names, *others]))[:_MAX_ENTITIES]

    queries: list[str] = []

    def add(*parts: str) -> None:
        query = keyword_string([_clean(p) for p in parts], language=language)
        query = query[:_MAX_QUERY_CHARS].strip()
        if query and query not in queries:
            queries.append(query)

    for hint in claim.queries:
        add(hint)
    all_names = [*subject_names, *object_names, *(e.text for e in claim.entities if e.text)]
    attributes = _attribute_words(claim, all_names)
    subject = subject_names[0] if subject_names else (entities[0] if entities else None)
    phrases = _value_phrases(claim, all_names) if language.startswith("zh") else []
    if subject:
        for phrase in phrases[:1]:
            add(subject, phrase)
        if attributes:
            add(subject, attributes[0])
        if object_names and object_names[0] != subject:
            add(subject, object_names[0])
        add(subject)
    keywords = list(dict.fromkeys([*entities[:2], *attributes[:2]]))
    if len(keywords) >= 2:
        add(*keywords)
    for name in object_names[:1]:
        if attributes:
            add(name, attributes[0])
    for name in entities[1:3]:
        add(name)
    add(claim.text)
    wikidata_ids = list(dict.fromkeys(e.wikidata for e in claim.entities if e.wikidata))
    return QueryPlan(
        claim_id=claim.id,
        language=language,
        queries=queries[:_MAX_QUERIES],
        entities=entities,
        urls=list(dict.fromkeys(claim.sources)),
        wikidata_ids=wikidata_ids,
        properties=guess_properties(claim),
    )


def search_rounds(terms: Sequence[str], per_round: int, rounds: int = 2) -> list[list[str]]:
    """Split ``terms`` into rounds of ``per_round``: a fetcher sends a round only when every term of
    the rounds before found nothing (it widens from specific to broad)."""
    per_round = max(1, per_round)
    out = [list(terms[i : i + per_round]) for i in range(0, len(terms), per_round)]
    return [r for r in out[:rounds] if r]
