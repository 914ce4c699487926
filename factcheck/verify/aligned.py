"""Aligned comparisons: the claim's value against a value a passage states about the same thing (pure).

A number, date or rank in a passage decides about the claim only when it is *about the same thing*:

* the passage's sentence (or its document's title) names the claim's subject — one of
  :func:`~factcheck.verify.about.subject_names`, or an alias of a Wikidata item found to be the subject;
* **quantities**: the same counted thing follows both numbers (41所高等院校 vs 37所高等院校, "41
  universities" vs "37 universities"), or, for measured amounts (%, km, 元), the units are of one
  family and the two clauses share an attribute word (占全国总量的30.6% vs 占全国的28%);
* **dates**: the passage's clause holding the date also holds the claim's event word (成立, founded,
  发布 …: the content verb next to the claimed date);
* **ranks**: the rank stands in the same clause as the subject and, when the claim names a ranking
  (its scope), the passage's sentence names it too.

Values that merely co-occur are left to the stance model. Each decision is a
:class:`~factcheck.verify.comparison.Comparison` quoting the passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from factcheck.fetchers.keywords import words
from factcheck.models import Claim, DateValue, Document, Quantity
from factcheck.values import read_values
from factcheck.values.phrase import clauses as _clauses
from factcheck.values.phrase import phrase_core, same_phrase, value_phrase
from factcheck.verify.about import mentions_any, names_in_order, subject_names
from factcheck.verify.compare import compare_date, compare_rank, compare_stated
from factcheck.verify.comparison import Comparison, short_quote

__all__ = [
    "aligned_comparisons",
    "counted_head",
    "date_scope",
    "other_figures",
    "same_phrase",
    "value_phrase",
]

_CJK = re.compile(r"[\u3400-\u9fff]")
_HEAD_STOP = re.compile(
    r"[\s，,。．.；;：:、！!？?（）()“”\"'《》]|和|与|及|或|的|以上|以下|左右|多|余"
    r"|在|是|为|于|有|从|到|被|把|将|占|达|位于|来自|分布"
)
_CLASSIFIERS = "个所家名位项座件台辆篇部条只款种次届场枚颗株本册支架艘人"
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_EN_SKIP = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "per",
        "more",
        "than",
        "about",
        "nearly",
        "some",
        "new",
    ]
)


class PassageLike(Protocol):
    """What is read of a passage (:class:`factcheck.verify.passages.Passage`)."""

    @property
    def text(self) -> str: ...

    @property
    def document(self) -> Document: ...


def counted_head(text: str, end: int) -> str | None:
    """The thing counted right after a number ending at ``end``: 高等院校 in 41所高等院校."""
    rest = text[end:].lstrip()
    if rest and _CJK.match(rest):
        if end > 0 and not _CJK.match(text[end - 1]) and rest[0] in _CLASSIFIERS:
            rest = rest[1:]  # 41 所高等院校 when the reader left the classifier out
        if rest.startswith("的"):
            rest = rest[1:]  # 三分之二的员工: the counted thing follows 的
        cut = _HEAD_STOP.search(rest)
        head = rest[: cut.start() if cut else len(rest)][:10]
        return head if len(head) >= 2 else None
    found = [w.lower() for w in _EN_WORD.findall(rest[:60])[:4]]
    found = [w for w in found if w not in _EN_SKIP][:2]
    head = " ".join(found)
    return head if len(head) >= 4 else None


_LEAD_SKIP = re.compile(r"(?:约|近|达|为|是|有|共|计|超过|逾|仅|只有|大约|约为|达到)+$")


def _counter(unit: str | None) -> str | None:
    """A Chinese counter that names what is counted by itself (8县, 3镇): the head of the count."""
    return unit if unit and len(unit) == 1 and _CJK.match(unit) and unit in "县镇乡区省市" else None


def _attribute_before(text: str, start: int) -> str | None:
    """The Chinese word written right before a measured value, after approximation and copula
    words: 宽 in 东西宽约90千米, 面积 in 总面积8374平方千米, 海拔 in 海拔22米."""
    before = _LEAD_SKIP.sub("", text[max(0, start - 12) : start])
    if not before or not _CJK.match(before[-1]):
        return None
    found = [w for w in words(before) if _CJK.match(w.word)]
    return found[-1].word if found else None


_DYNASTY = re.compile(
    r"(?:北魏|北周|北齐|东汉|西汉|东晋|西晋|南朝|北朝|三国|秦|汉|魏|晋|隋|唐|宋|元|明|清|民国)"
    r"(?=时|代|朝|初|末|年间|武德|天宝|大业|弘治|至正|洪武|康熙|乾隆|光绪|[^\u3400-\u9fff]|$)"
)


def _times(text: str) -> set[str]:
    """The times a sentence speaks of: its years and its dynasties (元时, 唐武德四年)."""
    years = {m.value.value[:5].rstrip("-") for m in read_values(text).dates}
    return years | {f"dynasty:{m.group(0)}" for m in _DYNASTY.finditer(text)}


_ZH_MONTH = re.compile(
    r"(?<![年\d０-９])(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?![\d０-９一二三四五六七八九十]+[日号])"
)
_EN_MONTH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\b(?!\s+\d)(?<!\d\s)"
)
_SEASON = re.compile(r"春季|夏季|秋季|冬季|汛期|\b(?:spring|summer|autumn|winter)\b", re.I)
_ZH_MONTH_NO = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
                "十一": 11, "十二": 12}  # fmt: skip


def periods(text: str) -> set[str]:
    """The parts of a year a sentence scopes its figures to: months named without a day or year
    (7月是…最热的月份，多年平均气温27.3℃; in July) and seasons. A figure of July is no figure
    of the year: it neither supports nor contradicts an annual one."""
    out = set()
    for m in _ZH_MONTH.finditer(text):
        n = m.group(1)
        out.add(f"month:{int(n) if n.isdigit() else _ZH_MONTH_NO[n]}")
    for m in _EN_MONTH.finditer(text):
        out.add(f"month:{_EN_MONTHS.index(m.group(1).lower()) + 1}")
    out |= {f"season:{m.group(0).lower()}" for m in _SEASON.finditer(text)}
    return out


_EN_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]  # fmt: skip


def _same_time(claim_times: set[str], passage_times: set[str]) -> bool:
    """No time on the passage's side, or one in common with the claim's."""
    return not passage_times or bool(claim_times & passage_times)


def _sentence_at(text: str, start: int) -> str:
    begin = max(text.rfind(c, 0, start) for c in "。！？!?\n") + 1
    ends = [i for c in "。！？!?\n" if (i := text.find(c, start)) >= 0]
    return text[begin : min(ends) if ends else len(text)]


def _sentence_through_clause(text: str, start: int) -> str:
    """The sentence at ``start`` up to the end of the clause holding it: the qualifiers written
    before a figure (7月是…最热的月份，多年平均气温27.3℃), not the remarks after it
    (年平均降水量约850毫米，降水多集中于6至8月)."""
    begin = max(text.rfind(c, 0, start) for c in "。！？!?\n") + 1
    ends = [i for c in "，,；;。！？!?\n" if (i := text.find(c, start)) >= 0]
    return text[begin : min(ends) if ends else len(text)]


def _subject_at(text: str, start: int, names: Sequence[str]) -> bool:
    """Whether the value at ``start`` is said of the subject: its clause names it, or its sentence
    names it before the value and does not open with another subject (涡河是…流经亳州市…全长约
    380千米 is said of 涡河; 商丘属…年均降水量约790毫米 of 商丘)."""
    if mentions_any(_clause_at(text, start), names):
        return True
    sentence_start = max(text.rfind(c, 0, start) for c in "。！？!?\n") + 1
    sentence = text[sentence_start:start].lstrip()
    if any(sentence.startswith(n) for n in names):
        return True
    return mentions_any(sentence, names) and not _opens_with_other(sentence, names)


_SUBJECT_VERBS = ("是", "属", "位于", "地处", "发源", "流经", "为", "有", "的", "，", ",")


def _opens_with_other(sentence: str, names: Sequence[str]) -> bool:
    """Whether a sentence opens with a proper name other than the subject, as its own subject."""
    found = words(sentence[:24])
    if len(found) < 2:
        return False
    first = found[0]
    if first.tag not in ("ns", "nr", "nt", "nz") or len(first.word) < 2:
        return False
    if mentions_any(first.word, names):
        return False
    rest = sentence[first.end :]
    return rest.startswith(_SUBJECT_VERBS)


def _same_head(a: str, b: str) -> bool:
    if _CJK.match(a):
        return a == b or (min(len(a), len(b)) >= 2 and (a.startswith(b) or b.startswith(a)))
    wa, wb = a.split(), b.split()
    return wa[: len(wb)] == wb[: len(wa)] and _stem(wa[0]) == _stem(wb[0])


def _stem(w: str) -> str:
    return w[:-1] if w.endswith("s") else w


def _clause_at(text: str, offset: int) -> str:
    for s, e in _clauses(text):
        if s <= offset < e:
            return text[s:e]
    return text


def date_scope(text: str, start: int, end: int) -> str:
    """The clause holding a date; when the date stands alone in its clause (a fronted date:
    "1980年10月23日，在…仓库里，X宣布成立", "On 23 October 1980, X was founded"), the rest of its
    sentence up to the next date."""
    spans = _clauses(text)
    for i, (s, e) in enumerate(spans):
        if s <= start < e:
            rest = (text[s:start] + text[end:e]).strip()
            if len(re.sub(r"\W|on|in|at|于|在", "", rest)) <= 2 and i + 1 < len(spans):
                stop = _sentence_end(text, e)
                later = [m.start for m in read_values(text[e:stop]).dates]
                return text[s : e + later[0] if later else stop]
            return text[s:e]
    return text


def _sentence_end(text: str, at: int) -> int:
    ends = [i for c in "。！？!?\n" if (i := text.find(c, at)) >= 0]
    return min(ends) if ends else len(text)


def _attribute_words(clause: str, names: Sequence[str]) -> set[str]:
    return {
        w.word
        for w in words(clause)
        if w.content and not w.counted and not any(w.word in n or n in w.word for n in names)
    }


def _event_words(claim: Claim, date: DateValue) -> set[str]:
    """The event the claimed date is the date of: the content verbs of its clause (成立, 撤销,
    founded)."""
    at = claim.text.find(date.raw) if date.raw else -1
    clause = date_scope(claim.text, at, at + len(date.raw or "")) if at >= 0 else claim.text
    names = subject_names(claim) + [e.text for e in claim.entities]
    found = [
        w
        for w in words(clause)
        if (w.content or (w.tag == "v" and _CJK.match(w.word)))
        and not w.counted
        and not any(w.word in n for n in names)
    ]
    # no verb, no event: in 极端最高气温42.1°C（1966年7月18日） the date dates a value, which decides
    return {
        w.word.lower()
        for w in found
        if w.tag in ("v", "vn") or (w.tag == "eng" and w.word.lower().endswith("ed"))
    }


def _say(claim: Claim, english: str, chinese: str) -> str:
    """The sentence in the claim's language."""
    return chinese if _CJK.search(claim.text) else english


def _quote(p: PassageLike) -> str:
    return short_quote(p.text)


def aligned_comparisons(
    claim: Claim, passages: Sequence[PassageLike], *, aliases: Sequence[str] = ()
) -> list[Comparison]:
    """Compare the claim's quantities, dates and rank with values stated about the same thing."""
    names = names_in_order([*subject_names(claim), *aliases])
    if not names:
        return []
    about = [p for p in passages if mentions_any(p.text + " " + (p.document.title or ""), names)]
    out: list[Comparison] = []
    for q in claim.quantities:
        if q.unit == "age" and len(claim.quantities) > 1:
            continue  # 65岁及以上人口为461391人: the age names the group the count is about
        out.extend(_quantity(claim, q, about, names))
    for d in claim.dates:
        out.extend(_date(claim, d, about, names))
    if claim.rank is not None:
        out.extend(_rank(claim, about, names))
    return out


def _quantity(
    claim: Claim, q: Quantity, passages: Sequence[PassageLike], names: Sequence[str]
) -> list[Comparison]:
    if not q.raw or q.raw not in claim.text:
        return []
    at = claim.text.find(q.raw)
    head = counted_head(claim.text, at + len(q.raw)) or _counter(q.unit)
    # without a counted thing after it (228251人, 790毫米) a value is a value of the words before it
    phrase = value_phrase(claim.text, at) if head is None else None
    out: list[Comparison] = []
    claim_times = _times(claim.text)
    claim_periods = periods(claim.text)
    for p in passages:
        titled = mentions_any(p.document.title or "", names)
        for m in read_values(p.text).quantities:
            f = m.value
            if not (titled or _subject_at(p.text, m.start, names)):
                continue  # 涡河…全长约380千米 in a sentence that only passes by the subject
            if head is not None:
                other = counted_head(p.text, m.end) or _counter(f.unit)
                if other is None and value_phrase(p.text, m.start).endswith(head):
                    other = head  # 拥有人工智能学者1.2万名: the thing is named before the number
                if other is None or not _same_head(head, other):
                    continue
            elif phrase:
                # units of another family make compare_stated answer None below
                if not same_phrase(phrase, value_phrase(p.text, m.start), names):
                    continue
            else:
                continue
            if periods(_sentence_through_clause(p.text, m.start)) - claim_periods:
                continue  # 7月…多年平均气温27.3℃ is July's, not the year's
            result = compare_stated(q, f)
            if result is None:
                continue
            if (
                result is False
                and claim_times
                and not _same_time(claim_times, _times(_sentence_at(p.text, m.start)))
            ):
                continue  # 2020年人口 vs 2010年人口, 元时…6县 vs 唐…7县: another time, no contradiction
            thing = head or ""
            # English words need a space before the counted head ("330 metres tall"); Chinese none
            en_thing = f" {thing}" if thing and not _CJK.match(thing) else thing
            out.append(
                Comparison(
                    outcome="supported" if result else "refuted",
                    kind="quantity",
                    claimed=f"{q.raw}{en_thing}" if thing and thing not in q.raw else q.raw,
                    observed=m.raw,
                    sentence=_say(
                        claim,
                        f"The evidence states {m.raw}{en_thing}, which "
                        f"{'agrees with' if result else 'contradicts'} the claimed {q.raw}{en_thing}: "
                        f"“{_quote(p)}” ({p.document.id}).",
                        f"证据称{m.raw}{thing}，与所称的{q.raw}{thing}{'一致' if result else '矛盾'}："
                        f"“{_quote(p)}”（{p.document.id}）。",
                    ),
                    rule="aligned-quantity",
                    document_id=p.document.id,
                    url=p.document.url or None,
                    quote=p.text,
                )
            )
            break
    return out


def _date(
    claim: Claim, d: DateValue, passages: Sequence[PassageLike], names: Sequence[str]
) -> list[Comparison]:
    events = _event_words(claim, d)
    if not events:
        return []
    at = claim.text.find(d.raw) if d.raw else -1
    scope = date_scope(claim.text, at, at + len(d.raw or "")) if at >= 0 else claim.text
    # the names the event acts on (改亳州为亳县: 亳县, written after its verb) must be in the
    # passage's clause too; where it happened (在中国科学院物理所…成立) need not
    low = scope.lower()
    verb_at = min((low.find(v) for v in events if v in low), default=-1)
    others = [
        e.text
        for e in claim.entities
        if e.text in scope
        and len(e.text) >= 2
        and scope.find(e.text) > verb_at >= 0
        and not any(e.text in n or n in e.text for n in names)
    ]
    out: list[Comparison] = []
    for p in passages:
        titled = mentions_any(p.document.title or "", names)
        for m in read_values(p.text).dates:
            clause = date_scope(p.text, m.start, m.end).lower()
            if not any(e in clause for e in events):
                continue
            if not titled and not mentions_any(clause, names):
                continue  # 2000年撤销县级亳州市: the event of another subject
            if others and not all(o.lower() in clause for o in others):
                continue  # 改亳州为谯郡 is not the event 改亳州为亳县
            result = compare_date(d, m.value.value, m.value.precision)
            if result is None:
                continue
            out.append(
                Comparison(
                    outcome="supported" if result else "refuted",
                    kind="date",
                    claimed=d.raw or d.value,
                    observed=m.raw,
                    sentence=_say(
                        claim,
                        f"The evidence dates it {m.raw}, which "
                        f"{'agrees with' if result else 'contradicts'} the claimed "
                        f"{d.raw or d.value}: “{_quote(p)}” ({p.document.id}).",
                        f"证据所载日期为{m.raw}，与所称的{d.raw or d.value}"
                        f"{'一致' if result else '矛盾'}：“{_quote(p)}”（{p.document.id}）。",
                    ),
                    rule="aligned-date",
                    document_id=p.document.id,
                    url=p.document.url or None,
                    quote=p.text,
                )
            )
            break
    return out


def _rank(claim: Claim, passages: Sequence[PassageLike], names: Sequence[str]) -> list[Comparison]:
    rank = claim.rank
    assert rank is not None
    scope = [
        w.word for w in words(rank.scope) if w.content and len(w.word) >= 2
    ] if rank.scope else []  # fmt: skip
    out: list[Comparison] = []
    for p in passages:
        where = p.text + " " + (p.document.title or "")
        if scope and sum(s in where for s in scope) < 0.75 * len(scope):
            continue  # another ranking: 全球金融中心指数 is not 国际科技创新中心指数
        for s, e in _clauses(p.text):
            clause = p.text[s:e]
            name = next((n for n in names if n in clause), None)
            if name is None:
                continue
            ranks = read_values(clause[clause.find(name) :]).ranks
            if not ranks:
                continue
            observed = ranks[0].value
            result = compare_rank(rank, observed.position, observed.approx)
            if result is None:
                continue
            claimed = rank.raw or f"#{rank.position}"
            out.append(
                Comparison(
                    outcome="supported" if result else "refuted",
                    kind="rank",
                    claimed=claimed,
                    observed=ranks[0].raw,
                    sentence=_say(
                        claim,
                        f"The evidence says “{short_quote(clause)}”, which "
                        f"{'agrees with' if result else 'contradicts'} the claimed rank of {name} "
                        f"({claimed}) ({p.document.id}).",
                        f"证据称“{short_quote(clause)}”，与所称{name}的排名（{claimed}）"
                        f"{'一致' if result else '矛盾'}（{p.document.id}）。",
                    ),
                    rule="aligned-rank",
                    document_id=p.document.id,
                    url=p.document.url or None,
                    quote=p.text,
                )
            )
            break
    return out


def _refines(claim_core: str, passage_core: str) -> bool:
    """Whether a passage's attribute holds every character of the claim's in order, with more
    words (15-64岁劳动年龄人口 for 15-64岁人口): perhaps the same attribute, perhaps not."""
    if len(claim_core) < 3 or len(passage_core) > 3 * len(claim_core):
        return False
    it = iter(passage_core)
    return all(ch in it for ch in claim_core)


def other_figures(
    claim: Claim, passages: Sequence[PassageLike], *, aliases: Sequence[str] = ()
) -> list[Document]:
    """Documents stating, about the claim's subject, another figure for an attribute that refines
    the claim's (全市15—64岁劳动年龄人口为3524761人 against 15－64岁人口为3254761人): too loose to
    contradict the claim, too close to let a support stand unreviewed. Same time and period rules as
    the comparisons."""
    names = names_in_order([*subject_names(claim), *aliases])
    if not names:
        return []
    claim_times = _times(claim.text)
    claim_periods = periods(claim.text)
    out: dict[str, Document] = {}
    for q in claim.quantities:
        if not q.raw or q.raw not in claim.text or (q.unit == "age" and len(claim.quantities) > 1):
            continue
        at = claim.text.find(q.raw)
        if counted_head(claim.text, at + len(q.raw)) or _counter(q.unit):
            continue
        core = phrase_core(value_phrase(claim.text, at), names)
        for p in passages:
            if p.document.id in out or not mentions_any(
                p.text + " " + (p.document.title or ""), names
            ):
                continue
            for m in read_values(p.text).quantities:
                theirs = phrase_core(value_phrase(p.text, m.start), names)
                if theirs == core or not _refines(core, theirs):
                    continue
                if periods(_sentence_through_clause(p.text, m.start)) - claim_periods:
                    continue
                if claim_times and not _same_time(
                    claim_times, _times(_sentence_at(p.text, m.start))
                ):
                    continue
                if compare_stated(q, m.value) is False:
                    out[p.document.id] = p.document
                    break
    return list(out.values())
