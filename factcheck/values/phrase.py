"""What a value is a value of, read from the text around it (pure): the clauses of a text, the
*value phrase* before a value (平均气温 in 最冷月为1月，平均气温约0.6℃) and whether two value phrases
name the same attribute. Read by verification (aligning a passage's value with the claim's) and by
the query planner (searching for the attribute, not for the clause).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["clauses", "phrase_core", "same_phrase", "value_phrase"]

_CLAUSE_SPLIT = re.compile(r"[，,。；;！!？?\n]|(?<=[a-z0-9])\.\s")
_CJK = re.compile(r"[\u3400-\u9fff]")

_PHRASE_LEAD = re.compile(
    r"^(?:其中|而且|而|但|并且|并|且|和|及|全市常住人口中|常住人口中|据统计|据介绍|另据统计|另外|此外)+"
)
_PHRASE_TAIL = re.compile(
    r"(?:约为|大约|约|近|达到|达|为|是|有|共计|共|计|超过|逾|仅|只有|占|的|在|[:：\s])+$"
)
_GENERIC_PREFIX = (
    "东西", "南北", "全市", "全县", "全省", "全区", "全境", "市域", "市境", "境内", "我市", "本市",
    "该市", "我县", "本县", "我省", "本省", "总", "全",
)  # fmt: skip
# a share is named by its whole (65岁以上老年人口占比 = 65岁以上老年人口 of 占9.51%)
_SHARE_SUFFIX = re.compile(r"(?:所占比重|所占比例|的比重|的比例|占比|比重|比例)$")
# words naming an age group, redundant beside the ages that define it (65岁以上老年人口)
_AGE_RANGE = re.compile(r"\d+\s*(?:-\s*\d+\s*)?(?:周岁|岁)")
_AGE_GROUP_WORDS = re.compile(r"劳动年龄|少年儿童|少儿|儿童|老年|老龄|青壮年")
# one spelling for the usual variants of an attribute
_PHRASE_SYNONYMS = (
    # the highest/lowest on record is the extreme (极端最高气温 = 有气象记录以来的最高气温)
    ("有气象记录以来的最", "极端最"),
    ("有记录以来的最", "极端最"),
    ("有气象记录以来最", "极端最"),
    ("有记录以来最", "极端最"),
    ("历史最", "极端最"),
    ("多年平均", "年均"),
    ("常年平均", "年均"),
    ("年平均", "年均"),
    ("均气温", "均温"),
)


def clauses(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of a text's clauses (cut at commas, stops, semicolons, lines)."""
    spans, pos = [], 0
    for m in _CLAUSE_SPLIT.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if e > s]


def value_phrase(text: str, start: int) -> str:
    """What a measured value is a value of: the words of its clause before it, without copulas
    and approximation words (平均气温 in 最冷月为1月，平均气温约0.6℃; 1月平均气温 in
    1月平均气温0.6°C). A share (占50.70%) is a share of what the previous clause names."""
    spans = clauses(text)
    for i, (s, e) in enumerate(spans):
        if s <= start <= e:
            phrase = _PHRASE_TAIL.sub("", _PHRASE_LEAD.sub("", text[s:start].strip()))
            if not _CJK.search(phrase) and i > 0:
                ps, pe = spans[i - 1]
                prev = text[ps:pe]
                # the figure the clause states follows a copula (15－64岁人口为3254761人);
                # else its first number
                runs = [r.start() for r in re.finditer(r"(?<![\d０-９.])[\d０-９]", prev)]
                stated = [r for r in runs if _PHRASE_TAIL.search(prev[:r])]
                cut = stated[0] if stated else (runs[0] if runs else len(prev))
                head = prev[:cut]
                phrase = _PHRASE_TAIL.sub("", _PHRASE_LEAD.sub("", head.strip()))
            return phrase
    return ""


_DASH = re.compile(r"(?<=[0-9０-９])\s*[-－—–~～至到]\s*(?=[0-9０-９])")


def phrase_core(phrase: str, names: Sequence[str] = (), *, canonical: bool = True) -> str:
    """A value phrase without the subject's names, generic prefixes (东西, 全市, 总 …) and
    approximation words, ranges spelled with one dash (15—64岁 = 15－64岁 = 15-64岁).
    ``canonical`` also writes variant spellings one way (年平均 = 年均) and drops a trailing
    人口/人数/数量 (女性人口为X人 = 女性X人): for comparing two phrases, not for searching."""
    x = _DASH.sub("-", phrase)
    for n in names:
        if n:
            x = x.replace(n, "")
    if canonical:
        for old, new in _PHRASE_SYNONYMS:
            x = x.replace(old, new)
    x = re.sub(r"大约|约", "", x)  # 的人工智能学者约占 = 人工智能学者占
    changed = True
    while changed:
        changed = False
        x = x.lstrip("的在之")
        for g in _GENERIC_PREFIX:
            if x.startswith(g) and len(x) > len(g):
                x, changed = x[len(g) :], True
    if canonical:
        x = _SHARE_SUFFIX.sub("", x)
        x = re.sub(r"(?<=年)(?:之间|间|来|共)", "", x)  # 十年间减少 = 十年共减少 = 十年来减少
        x = x.replace("及以上", "以上").replace("及以下", "以下")
        if _AGE_RANGE.search(x):
            x = _AGE_GROUP_WORDS.sub("", x).replace("岁的", "岁")
        x = re.sub(r"(?<=.)(?:人口|人数|数量|总数)$", "", x)
    return x.strip()


def same_phrase(a: str, b: str, names: Sequence[str]) -> bool:
    """Whether two value phrases name the same attribute: equal once the subject's name, a generic
    prefix (东西, 全市, 总 …) and variant spellings (年平均 = 年均) are dropped, or one is the
    other behind a relative clause (有气象记录以来的极端最低气温 = 极端最低气温). A qualifier on one
    side only (1月平均气温, 男性人口) makes another attribute."""
    ca, cb = phrase_core(a, names), phrase_core(b, names)
    if not ca or not cb:
        return False
    if ca.replace("的", "") == cb.replace("的", ""):
        return True
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    return long_.endswith(short) and long_[: -len(short)].endswith("的")
