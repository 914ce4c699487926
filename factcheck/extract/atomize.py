"""Sentences → atomic, self-contained claim drafts.

Chinese (news prose), per sentence:

1. references are resolved from a running discourse context: 这里/此/于此/在此/周边 → the last
   specific place named (a building, district or park; countries and 全国/全球 are skipped),
   它 → the organisation named before it in the sentence, short names → the full name seen
   earlier (融科 → 融科资讯中心), 今年/去年/直至今日 → years and "截至YYYY年M月" from
   ``published``, 此后/当时 → the last date the article gave;
2. the sentence is cut into clauses (，；：); rhetoric around the facts is dropped (如果说…那么,
   framing such as 就能发现, fillers such as 足足/竟然);
3. every clause carrying a value (quantity, date, rank) becomes a claim; a clause without its own
   subject borrows the subject of the clause before it, or the article's current place; an
   enumeration "41所高等院校、206家研究所…" becomes one claim per item, each with the shared
   prefix ("融科资讯中心周边聚集了41所高等院校"); time phrases and "X显示" attributions are kept
   as context for every claim of the sentence; ranks inherit the ranking named earlier in the
   paragraph (国际科技创新中心指数) when they do not name one;
4. "PERSON的ORG" pairs (柳传志的联想) become attribution claims;
5. a sentence without values becomes one claim when it names entities with a factual verb.

English: one claim per check-worthy sentence (the sentence is already a unit in debate and news
prose), with its values, capitalized entities, and the trained check-worthiness score.

Entities come from jieba's part-of-speech tagger (:mod:`factcheck.extract._tagging`) with the
user dictionary in ``data/jieba_user.txt`` (organisations ``nt``, places ``ns``, people ``nr``); it
keeps names such as 融科资讯中心, 北京深度求索公司 and 粤港澳大湾区 whole and types them, which the
reference resolution and the subject split rely on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.extract._tagging import _tagger, _tokens, clear_tag_cache, tag_entities
from factcheck.extract.checkworthy import score_chinese, score_english
from factcheck.extract.segment import Sentence
from factcheck.models import ClaimKind, DateValue, Entity, EntityType, Quantity, Rank
from factcheck.values import Match, read_values

__all__ = [
    "MIN_CHECKWORTHY_ZH",
    "ClaimDraft",
    "DiscourseContext",
    "atomize_chinese",
    "clear_tag_cache",
    "note_heading",
    "tag_entities",
    "warm_up",
]

logger = logging.getLogger(__name__)

MIN_CHECKWORTHY_ZH = 0.45


@dataclass
class ClaimDraft:
    """A claim before it gets an id."""

    text: str
    sentence: Sentence
    kind: ClaimKind = "other"
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    rank: Rank | None = None
    entities: list[Entity] = field(default_factory=list)
    checkworthy: float = 0.0
    factual: bool = False  # a clause stating a fact without values (kept whatever its score)


@dataclass
class DiscourseContext:
    """What earlier sentences established: places, names, dates, the ranking being discussed."""

    published: dt.date | None
    place: str | None = None
    last_year: int | None = None
    rank_scope: str | None = None
    rank_paragraph: int = -1
    last_subject: str | None = None
    antecedent: str | None = None  # the last sentence's named subject, for 该项目/本届X/其
    names: dict[str, EntityType] = field(default_factory=dict)
    place_counts: Counter[str] = field(default_factory=Counter)
    section_place: str | None = None
    min_checkworthy: float | None = None
    topic: str | None = None  # what the article is about when its title is a name (林纳斯·托瓦兹)
    paragraph: int = -1
    place_paragraph: int = -1
    # the date frame of a sentence ending with ；, for the part after it (2017年，…；依…则为…)
    semicolon_frame: tuple[str, list[DateValue]] | None = None

    def keeps(self, draft: ClaimDraft) -> bool:
        """Keep a claim: by default any claim with a value that is not a mere possibility
        (有可能撞见…) or naming an office, a place, a ranking or a founding (担任, 位于, 第一,
        成立 …), else one scoring the threshold; with ``min_checkworthy``, by score only."""
        if self.min_checkworthy is not None:
            return draft.checkworthy >= self.min_checkworthy
        if draft.checkworthy >= MIN_CHECKWORTHY_ZH:
            return True
        if _HEDGED.search(draft.sentence.text):
            return False
        if draft.factual:
            return True
        has_value = bool(draft.quantities or draft.dates or draft.rank)
        return has_value or bool(_KEEP_WITHOUT_VALUE.search(draft.text))

    @property
    def names_in_places(self) -> set[str]:
        """Names seen as places (never listed as organisations)."""
        return {n for n, t in self.names.items() if t == "place"}

    def topic_place(self) -> str | None:
        """The place of the current section's heading, else the one the article names most."""
        if self.section_place:
            return self.section_place
        if not self.place_counts:
            return None
        return self.place_counts.most_common(1)[0][0]


def warm_up() -> None:
    """Load jieba and the English model now instead of on the first sentence."""
    _tagger().lcut("中关村")
    score_english("warm up")


_NOT_ANTECEDENT = {"中国", "全国", "国内", "全球", "世界", "国际", "亚洲", "美国", "海外", "国外"}


# --- Chinese rewriting ---------------------------------------------------------------------------

_LEADING_CONNECTIVES = re.compile(
    r"^(?:然而|但是|不过|而且|并且|此外|另外|同时|与此同时|因此|所以|其实|事实上|好在|可见|总之|而|"
    r"更令人[\u4e00-\u9fff]{1,4}的是|令人[\u4e00-\u9fff]{1,4}的是|更重要的是|值得一提的是|"
    r"尤其是|特别是)[，,]?"
)
_FRAMING = re.compile(
    r"^(?:很多人却?忽略了|人们(?:往往)?忽略了|当我们翻开|我们翻开|(?:我们)?会?惊讶地发现|"
    r"就?能发现|可以发现|不难发现|可以看到|仅仅看|放眼整个|放眼)"
)
_FILLERS = re.compile(r"足足|更是|竟然|赫然|仅仅|紧锣密鼓地|居然|同样")
_NOW = re.compile(r"直至今日|直到今天|时至今日|截至目前|至今|如今|目前")
_HERE = re.compile(r"(?:在|于)?(?:这里|此地|此处|这方寸之地)|(?<=[在于])此(?![后前外])")
_DEMONSTRATIVE_NP = re.compile(
    r"这(?:栋|座|家|个|所|幢)(?:写字楼|大楼|楼|大厦|城市|公司|机构|地方)"
)
_TIME_CONTEXT = re.compile(
    r"^(?:在|于|截至|直至|自|从|到)?.{0,14}(?:年|月|日|时|期间|以来|之后|以后|之前|以前|当天|当日)$"
    r"|^截至\d{4}年"
)
_ATTRIBUTION_LEAD = re.compile(
    r"(?:显示|表明|指出|称|报道|介绍|发现|公布)$"
    # 据统计局数据, 按不变价格计算, 分产业看: where a figure comes from or how it is counted
    r"|^据.{1,20}(?:数据|统计|资料|报告|消息|报道|介绍|测算|显示)$|^按.{1,12}(?:计算|计)$"
    r"|^(?:分|从).{1,6}(?:看|来看)$"
)
_INDEX_NAME = re.compile(
    r"(?:的|，|,|^)(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,20}?(?:指数|排行榜|榜单|排名|报告|名单))"
    r"(?:显示|中|上|里|指出|称)"
)
# 在《财富》世界500强中排名第103位: the ranking is what the rank is "in"
_RANKING_IN = re.compile(
    r"在(?P<name>[^，,在]{2,24}?)(?:中|上|里|榜单中|榜上)(?=排名|位列|位居|名列|排在|排第|居)"
)
_FACT_VERBS_NEEDED = re.compile(
    r"成立|创立|创办|发布|位于|聚集|拥有|达到|占|毕业|就读|培养|研发|主导|起源|诞生|完成|入驻|扎根|"
    r"紧邻|共处|起点|发源地|紧追|仅次于|超过|领先|排名|位列|往[东南西北]|以[东南西北]|在目|发源|落户|坐拥|汇聚|集聚|"
    r"成为|是|收购|投资|获得|兴起|而起|距离"
)
_COMPARISON = re.compile(
    r"比.{1,20}(?:早|晚|多|少|高|低|大|小|强|快|慢)|紧追|仅次于|领先于|超越|超过(?=[^\d一二三四五六七八九十百千万亿]|$)"
)
_LOCATION = re.compile(
    r"位于|坐落|紧邻|毗邻|往[东南西北]|以[东南西北]|发源地|起点|诞生|呱呱坠地|扎根"
)
_ATTRIBUTION = re.compile(
    r"由.{1,20}(?:研发|开发|培养|创立|创办|发布|主导)|培养|创立者|创始人|毕业于|就读"
)
_DISTANCE_NP = re.compile(
    r"在?距离?(?P<ref>[^，,的]{2,12}?)(?P<dist>\d[\d.,]*\s*(?:公里|千米|米|km)(?:之外|以外|开外)?)的"
    r"(?P<place>[^，,]{2,30}?)(?:上|里|内)?的?(?:一(?:栋|座|幢)[\u4e00-\u9fff]{1,4})?"
)
_REPORTED = re.compile(r"^(?:盛传|传闻|据说|据悉|据称|据报道|有消息称|号称|相传)")
_SUPERLATIVE = re.compile(r"最(?:大|多|高|早|强|先|低|少)|首个|首家|之最|唯一")
_HEDGED = re.compile(r"可能|也许|或许|如果|假如|力争|争取|[?？]")
_OPINION_WORDS = re.compile(r"可谓|堪称|卧虎藏龙|令人|不愧|号称|据说|传说")
_ROLE_LEAD = re.compile(r"^(?:创立者|创始人|创办人|创办者|负责人|董事长)")


_OPENERS = {"（": "）", "(": ")", "“": "”", "「": "」", "《": "》", "‘": "’"}


_ROLE = r"(?:主席|总裁|总经理|董事长|首席执行官|CEO|校长|院长|所长|总统|总理|首相|市长|省长|部长|主任|创始人|负责人)"
_ROLE_LABEL = re.compile(rf"{_ROLE}$")
_ROLE_VALUE = re.compile(rf"^(?P<label>[^：:]{{0,12}}{_ROLE})[：:]\s*(?P<value>.+)$")


def _clause_spans(text: str) -> list[tuple[int, int]]:
    """Clauses between ，；： — not inside brackets or quotes, not a comma between digits (2,000)."""
    spans = []
    start = 0
    closing: list[str] = []
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            closing.append(_OPENERS[ch])
            continue
        if closing and ch == closing[-1]:
            closing.pop()
            continue
        if closing or ch not in "，,；;：:":
            continue
        if ch in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        if ch in "：:" and _ROLE_LABEL.search(text[start:i]):
            continue  # 现任集团主席：Jack Klues — a label and its value are one clause
        if i > start:
            spans.append((start, i))
        start = i + 1

    end = len(text)
    while end > start and text[end - 1] in "。！？!?…；;":
        end -= 1
    if end > start:
        spans.append((start, end))
    return spans


def _resolve(
    text: str, ctx: DiscourseContext, sentence_places: list[str], aliases: dict[str, str]
) -> str:
    """Rewrite references in a clause so it reads on its own."""
    out = text
    for short, full in aliases.items():
        out = re.sub(
            rf"{re.escape(short)}(?!{re.escape(full[len(short) : len(short) + 2])})", full, out
        )
    place = sentence_places[-1] if sentence_places else ctx.place
    if place:
        out = _DEMONSTRATIVE_NP.sub("", out) if place in out else _DEMONSTRATIVE_NP.sub(place, out)

        def _here(m: re.Match[str]) -> str:
            prefix = m.group()[0] if m.group()[:1] in ("在", "于") else ""
            return f"{prefix}{place}"

        out = _HERE.sub(_here, out)
        out = re.sub(r"^周边", f"{place}周边", out)
    if ctx.published is not None:
        pub = ctx.published
        out = _NOW.sub(f"截至{pub.year}年{pub.month}月", out)
        out = out.replace("今年", f"{pub.year}年").replace("去年", f"{pub.year - 1}年")
    if ctx.topic:
        # 他/她/其 opening a clause, 本届 anywhere: the person or event the article is about
        out = re.sub(
            r"^((?:在|于)?[^，,]{0,12}?(?:年|月|日|时|后|间)[，,]?)?(?:他|她)(?!们)",
            rf"\g<1>{ctx.topic}",
            out,
        )
        out = re.sub(r"^其(?![中他它实余次])", f"{ctx.topic}的", out)
        out = re.sub(r"本[届屆](?:比赛|比賽|赛事|賽事|大会|大會)", ctx.topic, out)
    elif ctx.antecedent:
        out = re.sub(r"^其(?![中他它实余次])", f"{ctx.antecedent}的", out)
    out = _this_np(out, ctx)
    if ctx.last_year is not None:
        out = re.sub(r"^此后", f"{ctx.last_year}年以后", out)

        out = out.replace("在当时", f"在{ctx.last_year}年").replace("当时", f"{ctx.last_year}年")
        # 同年10月1日, 同年，: the year the article named last
        out = re.sub(
            r"(?:同年|当年|该年)(?=(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月|[，,]|$)",
            f"{ctx.last_year}年",
            out,
        )
    out = _LEADING_CONNECTIVES.sub("", out)
    out = _FRAMING.sub("", out)
    out = _FILLERS.sub("", out)
    out = _FRAMING.sub("", out)
    return out.strip(" ，,")


_MEASURE_VERB = re.compile(
    r"(?:比上年|同比|较上年)?(?:增长|下降|上涨|下跌|增加|减少|提高|降低|达到|达|突破|超过|占|为|是|居|位列|位居)"
)


def _has_subject(clause: str, entities: list[str]) -> bool:
    """True when a clause names what it is about (an entity or a noun) before its verb."""
    if re.match(
        r"^(?:其中|占|高居|位列|位居|紧追|也是|也|并|还|又|往|达到|仍|就|都|同比|环比|较|比上年|比去年|"
        r"享年|终年|时年|年仅|现年|享寿|任期)",
        clause,
    ):
        return False
    head = re.sub(r"^[而且但]+", "", _TIME_LEAD.sub("", clause))
    if not head:
        return False
    if any(head.startswith(e) for e in entities):
        return True
    # 进出口总额比上年增长37.1% / 曾任东南大学校长的韦钰院士是…: a noun phrase before the verb
    verb = _MEASURE_VERB.search(head)
    if (
        verb
        and verb.start() >= 2
        and (
            "的" in head[: verb.start()]
            or not _starts_without_subject(head[: verb.start()])
            or _tokens(head)[0].flag == "vn"
        )
    ):
        return True

    return not _starts_without_subject(head)


@dataclass
class _Clause:
    start: int
    end: int
    raw: str
    text: str
    quantities: list[Match[Quantity]]
    dates: list[Match[DateValue]]
    ranks: list[Match[Rank]]
    entities: list[str]

    @property
    def has_values(self) -> bool:
        return bool(self.quantities or self.dates or self.ranks)


def _keep_quantity(m: Match[Quantity], text: str) -> bool:
    raw = m.value.raw or ""
    if m.value.value == 1 and re.match(r"^[一壹]", raw):
        return False  # 一栋写字楼, 一间仓库: the indefinite article, not a count
    if re.match(r"^[几数]", raw):
        return False
    return not _in_name(text, m.start, m.end, raw)


def _in_name(text: str, start: int, end: int, raw: str) -> bool:
    """A number that is part of a name: C919, 5G, TV6, BCOM3, 86open; “三个代表”, “两个确保”;
    十届全国人大, 二十届二中全会 (a congress and its session)."""
    # letters glued to the digits (C919, 5G); not after a unit (12辆SY-132型卡车: 12 trucks)
    if (re.match(r"[A-Za-z]", text[end : end + 1]) and raw[-1:].isdigit()) or (
        re.search(r"[A-Za-z]-?$", text[:start]) and raw[:1].isdigit()
    ):
        return True
    open_quote = text.rfind("“", 0, start)
    if open_quote >= 0 and "”" not in text[open_quote:start]:
        close = text.find("”", end)
        if close >= 0 and close - open_quote <= 10:
            return True
    if re.search(r"[这那该]$", text[:start]):
        return True  # 这两间公司: "these two companies" refers, it does not count
    if re.match(r"(?:规定|原则|方针|纪律|意识|自信|确保|代表|保障线)", text[end:]):
        return True  # 八项规定, 四项基本原则: a named set
    return (
        raw.endswith("届")
        and re.match(r"(?:[一二三四五六七八九十\d]+中)?(?:全会|全国人大|会议|代表大会)", text[end:])
        is not None
    )


def _subject_predicate_object(text: str) -> tuple[str | None, str | None, str | None]:
    """Split a resolved clause at its first verb: (subject, predicate, object)."""
    toks = _tokens(text)
    for i, tok in enumerate(toks):
        is_verb = tok.flag.startswith("v") and tok.flag != "vn"  # vn: a verbal noun (研发工作)
        if is_verb or (tok.flag == "p" and tok.word in ("比", "由", "被")):
            subject = re.sub(r"[，,]?[就还仍也都才则却又]+$", "", text[: tok.start]).strip(" ，,的")
            j = i
            while (
                j + 1 < len(toks) and toks[j + 1].flag.startswith("v") and toks[j + 1].flag != "vn"
            ):
                j += 1
            predicate = text[tok.start : toks[j].end]
            obj = text[toks[j].end :].strip(" ，,了着的。")
            return subject or None, predicate or None, (obj[:60] or None)
    # jieba tags some verbs as nouns or places (距离, 扎根): fall back on the factual-verb list
    m = _FACT_VERBS_NEEDED.search(text, 2)
    if m:
        subject = re.sub(r"[就还仍也都才则却又]+$", "", text[: m.start()]).strip(" ，,的")
        obj = text[m.end() :].strip(" ，,了着的于。")
        return subject or None, m.group(), (obj[:60] or None)
    return None, None, None


def _kind_for(text: str, draft: ClaimDraft) -> ClaimKind:
    if draft.rank is not None:
        return "ranking"
    if _COMPARISON.search(text):
        return "comparison"
    if draft.quantities:
        return "quantity"
    if draft.dates:
        return "date"
    if _ATTRIBUTION.search(text):
        return "attribution"
    if _LOCATION.search(text):
        return "location"
    return "event"


def note_heading(sentence: Sentence, ctx: DiscourseContext) -> None:
    """A section heading (中关村的DNA) sets the place the section is about."""
    places = [e.text for _, _, e in tag_entities(sentence.text) if e.type == "place"]
    ctx.section_place = places[0] if places else None


def atomize_chinese(sentence: Sentence, ctx: DiscourseContext) -> list[ClaimDraft]:
    """Claims of one Chinese body sentence; updates ``ctx`` with what the sentence establishes."""
    text = sentence.text
    ctx.paragraph = sentence.paragraph
    values = read_values(text, language="zh", published=ctx.published)
    ents = tag_entities(text)
    for _, _, e in ents:
        ctx.names.setdefault(e.text, e.type)
    aliases = _aliases(text, ents, ctx)
    ent_texts = [aliases.get(e.text, e.text) for _, _, e in ents]
    places = [
        aliases.get(e.text, e.text)
        for _, _, e in ents
        if ctx.names.get(aliases.get(e.text, e.text), e.type) == "place"
        and e.text not in _NOT_ANTECEDENT
        and len(e.text) >= 2
    ]
    # 如果说 A，那么 B: only B is asserted; 它 is the organisation named before it.
    body_start = 0
    m = re.match(r"^如果说.*?[，,]那么", text)
    if m:
        body_start = m.end()
    orgs_before = [
        e.text for s, _, e in ents if e.type in ("org", "product", "other") and s < body_start
    ]
    index = _INDEX_NAME.search(text) or _RANKING_IN.search(text)
    if index:
        ctx.rank_scope = re.split("[的由]", index.group("name"))[-1]
        ctx.rank_paragraph = sentence.paragraph
    elif sentence.paragraph != ctx.rank_paragraph:
        ctx.rank_scope = None
    life_years, life_drafts = _life_years(sentence, values.quantities, ctx)
    life_dates, date_drafts = _life_dates(sentence, values.dates)
    life_drafts += date_drafts

    clauses: list[_Clause] = []
    spans = _parallel_items(_clause_spans(text), text, values.quantities)
    for cs, ce in _dated_predicates(spans, text, values.dates):
        if ce <= body_start:
            continue
        cs = max(cs, body_start)
        raw = text[cs:ce]
        # the year the text has reached: a date earlier in this sentence (该年 after 1919年, …)
        earlier = [d for d in values.dates if d.start < cs and _narrative_date(d, text)]
        if earlier:
            ctx.last_year = int(earlier[-1].value.value[:4])
        raw_for_resolve = re.sub(r"它(?!们)", orgs_before[0], raw) if orgs_before else raw
        preceding_places = [p for p in places if text.find(p) < ce] if places else []
        resolved = _resolve(raw_for_resolve, ctx, preceding_places, aliases)
        clauses.append(
            _Clause(
                start=cs,
                end=ce,
                raw=raw,
                text=resolved,
                quantities=[
                    q
                    for q in values.quantities
                    if cs <= q.start < ce and _keep_quantity(q, text) and q not in life_years
                ],
                dates=[d for d in values.dates if cs <= d.start < ce and d not in life_dates]
                or _same_year(raw, cs, ctx),
                ranks=[
                    r
                    for r in values.ranks
                    if cs <= r.start < ce
                    and not re.search(r"(?:放在|摆在|置于|放到)$", text[: r.start])
                ],
                entities=[aliases.get(e.text, e.text) for s, _, e in ents if cs <= s < ce]
                + (
                    [ctx.place]
                    if ctx.place and ctx.place in resolved and ctx.place not in raw
                    else []
                ),
            )
        )
    drafts = life_drafts + _chinese_drafts(sentence, clauses, ctx, ent_texts)
    frames = [
        c for c in clauses if c.dates and not c.quantities and not c.ranks and _is_time_context(c)
    ]
    own_frame = frames[-1] if frames else None  # the frame the sentence ends in
    if ctx.semicolon_frame and not any(c.dates for c in clauses[:1]):
        frame_text, frame_dates = ctx.semicolon_frame
        for draft in drafts:
            if not draft.dates:
                draft.text = _join(frame_text, draft.text)
                draft.dates = list(frame_dates)
    if not text.rstrip().endswith(("；", ";")):
        ctx.semicolon_frame = None
    elif own_frame is not None:
        ctx.semicolon_frame = (own_frame.text, [d.value for d in own_frame.dates])
    # Update the discourse context for the sentences that follow.
    for d in values.dates:
        if _narrative_date(d, text):
            ctx.last_year = int(d.value.value[:4])
    if places and not _HEDGED.search(text):
        ctx.place = places[-1]
        ctx.place_paragraph = sentence.paragraph

    ctx.place_counts.update(p for p in places if p not in _NOT_ANTECEDENT)
    for clause in clauses:
        if _HERE.search(clause.raw) and ctx.place:
            break
    if drafts and drafts[-1].subject:
        ctx.last_subject = drafts[-1].subject
    named = next((a for d in drafts if d.subject and (a := _antecedent(d.subject))), None)
    if named:
        ctx.antecedent = named
    return drafts


def _narrative_date(d: Match[DateValue], text: str) -> bool:
    """A date the text moves to (its year dates what follows), not the base of a comparison
    (比2019年同期增长, 较2019年, 与2019年相比) nor a decade or century."""
    if d.value.precision not in ("day", "month", "year") or not d.value.value[:4].isdigit():
        return False  # nor a year BC (-0221)
    if re.search(r"(?:比|较|与|同|相对于|相比于|对比)$", text[max(0, d.start - 4) : d.start]):
        return False
    return not re.match(r"(?:同期|相比|比较|水平)", text[d.end : d.end + 2])


def _antecedent(subject: str) -> str | None:
    """A subject that later 该X/本届X/其 can stand for: a name without its time or place phrase
    (港珠澳大桥于2009年12月 → 港珠澳大桥), never itself a demonstrative or a pronoun."""
    name = re.split(r"(?<=.{2})(?:于|在|自|从|截至|到|将|已|曾|\d)", subject, maxsplit=1)[0]
    name = re.sub(r"(?:总|共|累计|全年|同比|的)$", "", name).strip(" ，,")
    if not 2 <= len(name) <= 16 or re.match(
        r"^(?:该|該|本|这|這|那|此|其|他|她|它|我|各|每|全)", name
    ):
        return None
    if re.search(r"[，,。；;：:“”\d]", name):
        return None
    return name


# 该项目, 本届全运会, 该公司, 这座大桥: a thing named before; the noun says what kind of thing it is
_THIS_NP = re.compile(
    r"(?:该|該|本|这一?|這一?|此)(?:个|個|座|家|所|项|項|届|屆|次|条|條)?"
    r"(?P<noun>项目|項目|工程|公司|集团|集團|企业|企業|大桥|大橋|桥|橋|機構|學校|大學|學院|醫院|比賽|"
    r"賽事|大會|會議|計劃|校(?![长長友园園区區训訓庆慶史])|"
    r"机构|组织|学校|大学|学院|医院|城市|比赛|赛事|大会|会议|活动|计划|条约|协议|法案|政策|"
    r"运动会|全运会|奥运会|博览会|展览|电影|影片|作品|书|小说|系统|软件|平台|产品|车型|飞机|卫星)"
)
_KIND_TYPES = {
    "公司": "org", "集团": "org", "企业": "org", "机构": "org", "组织": "org", "学校": "org",
    "大学": "org", "学院": "org", "医院": "org", "城市": "place", "集團": "org", "企業": "org",
    "機構": "org", "學校": "org", "大學": "org", "學院": "org", "醫院": "org",
}  # fmt: skip


def _this_np(out: str, ctx: DiscourseContext) -> str:
    """该项目总投资… → 港珠澳大桥项目总投资…: the demonstrative names the thing named before."""
    ante = ctx.antecedent
    if not ante or ("本届" in out and ctx.topic):
        return out

    def _named(m: re.Match[str]) -> str:
        noun = m.group("noun")
        if ante.endswith(noun) or ante.endswith(noun[-1]):
            return ante
        if noun == "校":  # 该校: the school, college or university named before
            return (
                ante
                if re.search(r"(?:大学|大學|学院|學院|学校|學校|中学|中學|小学|小學)$", ante)
                else m.group()
            )
        if noun in ("项目", "項目", "工程", "计划", "計劃"):
            return ante + noun
        kind = _KIND_TYPES.get(noun)
        if kind is not None and ctx.names.get(ante) == kind:
            return ante
        return m.group()

    return _THIS_NP.sub(_named, out)


_LIFE_YEARS = re.compile(r"^(1\d{3}|20\d{2})\s*[-–—~至]\s*(1\d{3}|20\d{2})$")


def _life_years(
    sentence: Sentence, quantities: Sequence[Match[Quantity]], ctx: DiscourseContext
) -> tuple[list[Match[Quantity]], list[ClaimDraft]]:
    """布洛斯坦-布蘭切特（1906-1996）: a person's years in brackets are a birth and a death year."""
    text = sentence.text
    used: list[Match[Quantity]] = []
    drafts: list[ClaimDraft] = []
    for q in quantities:
        m = _LIFE_YEARS.match(q.raw)
        if (
            not m
            or text[q.start - 1 : q.start] not in "（("
            or text[q.end : q.end + 1] not in "）)"
        ):
            continue
        name = _life_name(text, q.start - 1)
        if name is None:
            continue
        used.append(q)
        for verb, year in (("生于", m.group(1)), ("卒于", m.group(2))):
            date = DateValue(value=year, precision="year", raw=year)
            drafts.append(_life_draft(sentence, name, verb, date, f"{name}{verb}{year}年"))
    return used, drafts


def _life_name(text: str, bracket: int) -> str | None:
    """The name a bracket of life dates follows (…创始人王五（ → 王五), None when there is none."""
    head = re.split(r"[，,。；;是为即：:]", text[:bracket])[-1]
    name = re.sub(r"^.*?(?:创始人|创办人|作者|主席|校长|总统|首相)", "", head).strip()
    return name if 2 <= len(name) <= 20 else None


def _life_draft(
    sentence: Sentence, name: str, verb: str, date: DateValue, claim_text: str
) -> ClaimDraft:
    draft = ClaimDraft(
        text=claim_text, sentence=sentence, kind="date", subject=name, predicate=verb, dates=[date]
    )
    draft.checkworthy = score_chinese(claim_text, n_dates=1, n_entities=1)
    return draft


def _life_dates(
    sentence: Sentence, dates: Sequence[Match[DateValue]]
) -> tuple[list[Match[DateValue]], list[ClaimDraft]]:
    """王某（1881年9月25日—1936年10月19日）: full dates of birth and death in brackets after a
    name are two claims, a birth and a death."""
    text = sentence.text
    for a, b in itertools.pairwise(dates):
        if (
            text[a.start - 1 : a.start] not in ("（", "(")
            or text[b.end : b.end + 1] not in ("）", ")")
            or not re.fullmatch(r"\s*[-–—~至－]+\s*", text[a.end : b.start])
        ):
            continue
        name = _life_name(text, a.start - 1)
        if name is None:
            continue
        drafts = [
            _life_draft(sentence, name, verb, d.value, f"{name}{verb}{d.value.raw}")
            for verb, d in (("出生于", a), ("逝世于", b))
        ]
        return [a, b], drafts
    return [], []


def _aliases(
    text: str, ents: list[tuple[int, int, Entity]], ctx: DiscourseContext
) -> dict[str, str]:
    """Short names in this sentence that abbreviate a longer name seen earlier (融科 → 融科资讯中心)."""
    out: dict[str, str] = {}
    known = sorted(ctx.names, key=len, reverse=True)
    for _, _, e in ents:
        if (
            e.type == "place"
            and e.text in ctx.names
            and len(e.text) <= 3
            and ctx.names[e.text] == "place"
        ):
            continue
        for full in known:
            if (
                full != e.text
                and full.startswith(e.text)
                and len(full) >= len(e.text) + 2
                and ctx.names.get(e.text) in ("other", None)
                and full not in text
            ):
                out[e.text] = full
                break
    return out


_VALUE_LEAD = re.compile(r"(?:约|近|达|为|是|有|共|计|超过|逾)+$")


def _parallel_items(
    spans: list[tuple[int, int]], text: str, quantities: Sequence[Match[Quantity]]
) -> list[tuple[int, int]]:
    """ "其中城区面积120平方公里、郊区面积180平方公里": items joined by 、 that each name their own
    part and measure (the same measure word before each value) are clauses of their own."""
    out: list[tuple[int, int]] = []
    for cs, ce in spans:
        qs = [q for q in quantities if cs <= q.start < ce]
        start = cs
        for a, b in itertools.pairwise(qs):
            gap = text[a.end : b.start]
            if gap.count("、") != 1:
                continue
            sep = a.end + gap.index("、")
            head_a = _VALUE_LEAD.sub("", text[start : a.start])
            head_b = _VALUE_LEAD.sub("", text[sep + 1 : b.start])
            head_a = re.sub(r"^其中", "", head_a)
            if (
                len(head_a) >= 3
                and len(head_b) >= 3
                and head_a[-2:] == head_b[-2:]
                and head_a != head_b
                and re.fullmatch(r"[\u4e00-\u9fff]+", head_b)
                and re.fullmatch(r"[^\d、]*", text[a.end : sep])
            ):
                out.append((start, sep))
                start = sep + 1
        out.append((start, ce))
    return out


_AND_THEN = re.compile(r"(?:并且|并|随后|后又|又|再|而后)(?:于|在)?$")


def _dated_predicates(
    spans: list[tuple[int, int]], text: str, dates: Sequence[Match[DateValue]]
) -> list[tuple[int, int]]:
    """ "1935年毕业于北京大学并于1940年获得博士学位": a second predicate joined by 并/又/随后 with a
    date of its own is a clause of its own (it borrows the subject like any clause after a comma)."""
    out: list[tuple[int, int]] = []
    for cs, ce in spans:
        start = cs
        inside = [d for d in dates if cs <= d.start < ce]
        for a, b in itertools.pairwise(inside):
            m = _AND_THEN.search(text, a.end, b.start)
            if m is None or m.end() != b.start or "，" in text[a.end : m.start()]:
                continue
            if m.start() - a.end < 2:
                continue  # "1930年并于1953年": a list of dates, not a second predicate
            out.append((start, m.start()))
            start = m.start()
        out.append((start, ce))
    return out


_COUNT_UNITS = frozenset({"person", "person_time", None}) | {u for u in "个家所支名位座项条件台辆"}


def _nested_counts(c: _Clause, text: str) -> list[list[Match[Quantity]]] | None:
    """共有21支车队派出的189名选手参加: two counts of two things, one inside the other's noun
    phrase (N1 X…的 N2 Y), are two facts: the claim is made once per count."""
    if len(c.quantities) != 2 or c.ranks:
        return None
    a, b = c.quantities
    between = text[a.end : b.start]
    if (
        a.value.unit not in _COUNT_UNITS
        or b.value.unit not in _COUNT_UNITS
        or a.value.unit == b.value.unit
        or "的" not in between
        or not re.fullmatch(r"[\u4e00-\u9fff]{0,12}的", between)
        or re.search(r"[比较增减从由到至占为达共计约]", between)
    ):
        return None
    return [[a], [b]]


def _qizhong_sibling(i: int, clauses: list[_Clause], entities: list[str]) -> int | None:
    """ "全县面积2000平方公里，其中东区面积800平方公里，西区面积1200平方公里": a clause after a
    其中 clause that names another part with the same measure is a part of the same whole; the
    index of that 其中 clause."""
    c = clauses[i]
    if not c.quantities or re.match(r"^其中", c.text) or not _has_subject(c.text, entities):
        return None
    for j in range(i - 1, -1, -1):
        prev = clauses[j]
        if not prev.quantities:
            return None
        head_c = _VALUE_LEAD.sub("", c.text[: c.quantities[0].start - c.start])
        head_p = _VALUE_LEAD.sub("", prev.text[: prev.quantities[0].start - prev.start])
        same_unit = c.quantities[0].value.unit == prev.quantities[0].value.unit
        if len(head_c) < 3 or head_c[-2:] != head_p[-2:] or not same_unit:
            return None
        if re.match(r"^其中", prev.text):
            return j
    return None


def _item_spans(clause: _Clause, text: str) -> list[tuple[int, int]] | None:
    """Items of an enumeration of quantities (41所高等院校、206家研究所…), as sentence offsets."""
    qs = clause.quantities
    if len(qs) < 2:
        return None
    seps = [text[a.end : b.start] for a, b in itertools.pairwise(qs)]
    if not all(re.fullmatch(r"[\u4e00-\u9fffA-Za-z]{0,16}[、和及与]", s) for s in seps):
        return None
    spans = []
    for i, q in enumerate(qs):
        end = qs[i + 1].start - 1 if i + 1 < len(qs) else clause.end
        spans.append((q.start, end))
    return spans


# where a list of ranks opens: "是世界上|居全国|位列" before the first measure (…纯陆地面积第二大、…)
_RANK_FRAME = re.compile(
    r"(?:是|为|居|位居|位列|排名|列|在)?(?:世界|全球|全国|全省|全市|全县|全区|中国|亚洲|欧洲|同类)"
    r"(?:上|中|内|之中)?|是|为|在"
)
_RANK_VERB = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:居|位居|位列|列|排名|排|为|是)")


def _rank_items(
    c: _Clause, text: str
) -> tuple[int, list[tuple[int, int]], list[Match[Rank]]] | None:
    """Ranks listed with 、 (纯陆地面积第二大、总面积第四大的国家; 人口居全县第三、面积居第五):
    the end of the words every item shares, each item's span (its measure and its rank) and its
    rank (of 总面积第三大或第四大, alternatives of one item, the first)."""
    if c.quantities or re.search(r"分别|分列|均|都", c.raw):
        return None
    rs = [
        r
        for k, r in enumerate(c.ranks)
        if not (k and text[c.ranks[k - 1].end : r.start] in ("或", "或者", "至", "到"))
    ]
    if len(rs) < 2:
        return None
    seps: list[int] = []
    for a, b in itertools.pairwise(rs):
        between = text[a.end : b.start]
        if between.count("、") != 1 or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z、]{1,16}", between):
            return None
        seps.append(a.end + between.index("、"))
    head = text[c.start : rs[0].start]
    if any(
        _RANK_VERB.match(text[s + 1 : b.start]) for s, b in zip(seps, rs[1:], strict=True)
    ) or any(_RANK_VERB.match(text[s + 1 : b.end]) for s, b in zip(seps, rs[1:], strict=True)):
        # each item has its verb (面积居第五): they share the subject only
        verb = re.search(r"居|位居|位列|列|排名|排|为|是", head)
        lead_end = c.start + _subject_len(head[: verb.start() if verb else len(head)])
    else:
        frames = list(_RANK_FRAME.finditer(head))
        lead_end = c.start + (frames[-1].end() if frames else 0)
    starts = [lead_end] + [s + 1 for s in seps]
    ends = [*seps, c.ranks[-1].end]
    return lead_end, list(zip(starts, ends, strict=True)), rs


_SUPERLATIVE_PAIR = re.compile(
    r"(?P<lead>^.*?(?:是|为|成为|系))(?P<a>[^，,、及和与]{1,10}?最[大高多早长老强]"
    r"(?:[^，,、及和与的]{0,2}|的[^，,、及和与的]{1,8}))"
    r"(?:及|和|与|、|以及)(?P<b>[^，,、及和与]{0,10}?第(?:[一二三四五六七八九十]+|\d+)[大高多早长老强])"
    r"(?P<tail>的.*)?$"
)


def _superlative_pair(c: _Clause) -> list[tuple[str, list[Match[Rank]]]] | None:
    """法国最大及世界第三大的集团 → 是法国最大的集团 / 是世界第三大的集团 (the rank on the second);
    世界上最大的出口国及第二大的进口国 → 是世界上最大的出口国 / 是第二大的进口国."""
    if len(c.ranks) != 1 or c.quantities:
        return None
    m = _SUPERLATIVE_PAIR.match(c.text)
    if not m:
        return None
    tail = m.group("tail") or ""
    own_a = "的" in m.group("a")  # 最大的商品出口国及第二大的进口国: each names its own
    return [
        (f"{m.group('lead')}{m.group('a')}{'' if own_a else tail}", []),
        (f"{m.group('lead')}{m.group('b')}{tail}", list(c.ranks)),
    ]


def _subject_len(head: str) -> int:
    """The subject of a clause before a measure noun (该镇人口 → 该镇): up to a place or org suffix."""
    m = re.match(r"^.{1,12}?(?:镇|县|市|省|区|州|国|村|乡|校|学|司|团|队|部|局|院|所|会)", head)
    return m.end() if m else len(head)


def _chinese_drafts(
    sentence: Sentence, clauses: list[_Clause], ctx: DiscourseContext, ent_texts: list[str]
) -> list[ClaimDraft]:
    text = sentence.text
    if _PERIOD_CHARACTERISED.match(text) and not any(c.has_values for c in clauses):
        return []  # 过去的一年是…的一年, 过去一年，是…的开局之年: a period characterised, no fact
    context_parts: list[_Clause] = []
    value_idx: list[int] = []
    for i, c in enumerate(clauses):
        if not c.text:
            continue
        only_date = (
            c.dates
            and not c.quantities
            and not c.ranks
            and (_is_time_context(c) or (i < len(clauses) - 1 and _is_time_adverbial(c)))
        )
        frame = not c.has_values and i < len(clauses) - 1 and _is_time_context(c)
        if (
            only_date
            or frame
            or (not c.has_values and len(c.text) <= 14 and _TIME_CONTEXT.match(c.text))
            or (_ATTRIBUTION_LEAD.search(c.text) and not c.quantities and not c.ranks)
        ):
            context_parts.append(c)
        elif c.has_values:
            value_idx.append(i)
    # A date frame after a clause stating something opens a new part of the sentence (1919年…罢市，
    # 该年6月5日起，…): a clause is framed by its part's dates and by undated frames before it.
    part_of: list[int] = []
    part = 0
    for i, c in enumerate(clauses):
        if c in context_parts and c.dates and i and clauses[i - 1] not in context_parts:
            part = i
        part_of.append(part)

    def framing(i: int) -> tuple[str, list[_Clause]]:
        parts = [
            cp
            for k, cp in enumerate(clauses)
            if cp in context_parts
            and (part_of[k] == part_of[i] or (not cp.dates and k < i))
            and (k < i or part_of[k] == part_of[i])
        ]
        return "，".join(cp.text for cp in parts), parts

    prefix, ctx_values = framing(0)

    pair_claims = _person_org_claims(sentence, ctx)
    if pair_claims and not value_idx:
        return pair_claims

    drafts: list[ClaimDraft] = []
    used_as_base: set[int] = set()
    for i in value_idx:
        c = clauses[i]
        prefix, ctx_values = framing(i)
        fact_based = False
        if _FACT_CLAUSE.match(_predicate_text(c.text)) and not re.match(r"^其中", c.text):
            base = _fact_base(i, clauses, ctx)  # 创建于1926年: the subject, not the clause before
            fact_based = base is not None
        else:
            base = _base_for(i, clauses, ctx, used_as_base)
        attribute_of = _attribute_base(i, clauses)
        if attribute_of is not None:
            base = attribute_of
        backward = _distributed_back(i, clauses, text)
        if backward:
            # 普通高校86所，在校生150万人，分别比上年增加2所和4.3万人: each earlier clause gets its own
            for own, qs in backward:
                drafts.append(
                    _draft(
                        sentence,
                        _join(prefix, own),
                        qs,
                        _own_or_earlier(clauses, i),
                        [],
                        ctx,
                        ctx_values,
                    )
                )
            continue
        distributed = _distributed(c, text)
        if distributed:
            for own, qs, rs in distributed:
                claim_text = own if base is None else _join_base(base, own)
                drafts.append(
                    _draft(
                        sentence,
                        _join(prefix, claim_text),
                        qs,
                        _own_or_earlier(clauses, i),
                        rs,
                        ctx,
                        ctx_values,
                    )
                )
            continue
        items = _item_spans(c, text)
        if items:
            first = c.quantities[0].start
            lead = _resolve(text[c.start : first], ctx, [ctx.place] if ctx.place else [], {})
            if not _has_subject(lead, ent_texts + ([ctx.place] if ctx.place else [])) and base:
                lead = base + lead
            for (s, e), q in zip(items, c.quantities, strict=True):
                item_text = _join(prefix, lead + text[s:e])
                drafts.append(_draft(sentence, item_text, [q], [], [], ctx, ctx_values))
            continue
        superlatives = _superlative_pair(c)
        if superlatives:
            # 是法国最大及世界第三大的广告集团: the superlative and the rank are two facts
            for own, rs in superlatives:
                claim_text = own if base is None else _join_base(base, own)
                drafts.append(
                    _draft(
                        sentence,
                        _join(prefix, claim_text),
                        [],
                        _own_or_earlier(clauses, i),
                        rs,
                        ctx,
                        ctx_values,
                    )
                )
            continue
        rank_items = _rank_items(c, text)
        if rank_items:
            lead_end, spans, item_ranks = rank_items
            lead = _resolve(text[c.start : lead_end], ctx, [ctx.place] if ctx.place else [], {})
            if not _has_subject(lead, ent_texts + ([ctx.place] if ctx.place else [])) and base:
                lead = base + lead
            tail = text[c.ranks[-1].end : c.end]
            for k, ((s, e), r) in enumerate(zip(spans, item_ranks, strict=True)):
                own = c.text[: len(c.text) - len(text[s : c.end])] if k == 0 else lead
                if k == 0 and base and not _has_subject(own, ent_texts):
                    own = _join_base(base, own)  # 是世界上…第二大、… after the subject's clause
                item_text = _join(prefix, own + text[s:e] + (tail if k < len(spans) - 1 else ""))
                if k == len(spans) - 1:
                    item_text = _join(prefix, own + text[s : c.end])
                drafts.append(
                    _draft(
                        sentence, item_text, [], _own_or_earlier(clauses, i), [r], ctx, ctx_values
                    )
                )
            continue
        own = c.text
        if fact_based:
            own = re.sub(r"^(?:并且|并|而后)(?=[于在])", "", own)  # 王明并于1940年… → 王明于1940年…
        sibling = _qizhong_sibling(i, clauses, ent_texts)
        if sibling is not None:
            # another part after 其中: the whole the 其中 clause borrowed, then 其中 and this part
            base = _base_for(sibling, clauses, ctx, used_as_base)
            own = f"其中{own}"
        claim_text = own if base is None else _join_base(base, own)
        inside = _bracket_values(c, text)
        if inside is not None:
            # 入选11个建设点（数量居全国第8位）: the bracket states a fact of its own
            (b_start, b_end), b_qs, b_rs = inside
            bracket = text[b_start + 1 : b_end - 1]
            without = claim_text.replace(text[b_start:b_end], "")
            outside_q = [q for q in c.quantities if q not in b_qs]
            outside_r = [r for r in c.ranks if r not in b_rs]
            drafts.append(
                _draft(
                    sentence,
                    _join(prefix, without),
                    outside_q,
                    _own_or_earlier(clauses, i),
                    outside_r,
                    ctx,
                    ctx_values,
                )
            )
            drafts.append(
                _draft(
                    sentence,
                    _join(prefix, f"{without}，{bracket}"),
                    b_qs,
                    _own_or_earlier(clauses, i),
                    b_rs,
                    ctx,
                    ctx_values,
                )
            )
            continue
        for qs in _nested_counts(c, text) or [c.quantities]:
            drafts.append(
                _draft(
                    sentence,
                    _join(prefix, claim_text),
                    qs,
                    _own_or_earlier(clauses, i),
                    c.ranks,
                    ctx,
                    ctx_values,
                )
            )
    # Clauses without values that still assert something checkable (紧追纽约…, 也是北大培养的人才,
    # 总部位于法国巴黎): each is a claim about the sentence's subject.
    dated = {part_of[k] for k, c in enumerate(clauses) if c in context_parts and c.dates}

    def dated_event(i: int) -> bool:
        # 1927年3月29日，国民政府设上海特别市，…总面积494平方公里: the dated event is a claim of its
        # own even where it lends the figures after it their subject
        c = clauses[i]
        return (
            part_of[i] in dated
            and all(cl in context_parts for cl in clauses[part_of[i] : i])
            and not c.has_values
            and not _starts_without_subject(c.text)
            and any(t.flag[:1] == "v" for t in _tokens(c.text))
        )

    fact_idx = [
        i
        for i, c in enumerate(clauses)
        if i not in value_idx
        and c not in context_parts
        and c.text
        and (
            (
                i not in used_as_base
                and (
                    _COMPARISON.search(c.raw)
                    or (_ATTRIBUTION.search(c.raw) and c.entities)
                    or _is_fact_clause(c.text, first=i == 0)
                )
            )
            or (value_idx and dated_event(i))
        )
    ]
    labelled = any(_ROLE_VALUE.match(clauses[i].text) for i in fact_idx)
    if value_idx or len(fact_idx) >= 2 or labelled:
        for i in fact_idx:
            c = clauses[i]
            prefix, ctx_values = framing(i)
            label = _ROLE_VALUE.match(c.text)
            nominal = _is_nominal(c.text)
            if _COMPARISON.search(c.raw) or _ATTRIBUTION.search(c.raw):
                base = _base_for(i, clauses, ctx, set())
            else:
                base = _fact_base(i, clauses, ctx, borrow=label is not None or nominal)
            if label:
                c.text = f"{label.group('label')}是{label.group('value')}"
            own = f"是{c.text}" if nominal else c.text
            claim_text = own if base is None else _join_base(base, own)
            fact = _draft(sentence, _join(prefix, claim_text), [], [], [], ctx, ctx_values)
            fact.factual = True  # a comparison, an attribution or a factual predicate

            drafts.append(fact)

        return [d for d in drafts if ctx.keeps(d)]
    if pair_claims:
        return pair_claims
    # No values: one claim per part of the sentence, without clauses that carry nothing checkable.
    # In a dated part the date is the value: its first statement is kept (1895年，兴中会发动…), and
    # a later clause naming its own subject is a claim of its own (…，孙被推为总理).
    groups: list[list[_Clause]] = []
    for k, c in enumerate(clauses):
        if not c.text:
            continue
        first_statement = part_of[k] in dated and all(
            cl in context_parts for cl in clauses[part_of[k] : k]
        )
        named = part_of[k] in dated and not first_statement and _states_with_subject(c.text)
        if not (
            c in context_parts
            or c.entities
            or _is_fact_clause(c.text, first=k == 0)
            or _FACT_VERBS_NEEDED.search(c.text)
            or _COMPARISON.search(c.text)
            or _SUPERLATIVE.search(c.text)
            or (first_statement and c not in context_parts and len(c.text) >= 4)
            or named
        ):
            continue
        if not groups or (k and part_of[k] != part_of[k - 1] and part_of[k] == k) or named:
            frames = [cl for cl in framing(k)[1] if cl is not c] if named else []
            groups.append(frames)
        groups[-1].append(c)
    out = [
        d
        for g in groups
        if not all(c in context_parts for c in g)
        for d in [_undated_claim(sentence, g, context_parts, ent_texts, ctx)]
        if ctx.keeps(d)
    ]
    return out


def _states_with_subject(text: str) -> bool:
    """A clause that opens with a name as its own subject and has a verb (孙被推为总理)."""
    if _HEDGED.search(text) or _OPINION_WORDS.search(text):
        return False
    toks = _tokens(text)
    return (
        len(toks) >= 2
        and toks[0].flag in ("nr", "nrfg", "nrt", "ns", "nt", "nz")
        and any(t.flag[:1] == "v" for t in toks[1:])
    )


def _undated_claim(
    sentence: Sentence,
    kept: list[_Clause],
    context_parts: list[_Clause],
    ent_texts: list[str],
    ctx: DiscourseContext,
) -> ClaimDraft:
    """One claim of the clauses kept from a part of a sentence without values but its dates."""
    # 这栋写字楼，北京融科资讯中心，才是…: the demonstrative is an apposition of the name after it
    kept = [
        c
        for k, c in enumerate(kept)
        if not (
            _DEMONSTRATIVE_NP.fullmatch(c.raw)
            and k + 1 < len(kept)
            and any(kept[k + 1].text.startswith(e) for e in kept[k + 1].entities)
        )
    ]
    parts = [c.text for c in kept]
    first_main = next((k for k, c in enumerate(kept) if c not in context_parts), None)
    if first_main is not None:
        main = kept[first_main]
        if _ROLE_LEAD.match(main.text) and ctx.last_subject:
            parts[first_main] = f"{ctx.last_subject}的{parts[first_main]}"
        elif _starts_without_subject(main.text):
            # the article's topic (a name in its title), else the place the text is about
            subject = ctx.topic or ctx.place
            if subject and subject not in main.text[:8]:
                parts[first_main] = f"{subject}{parts[first_main]}"
    claim_text = ""
    for k, part in enumerate(parts):
        if k and not (parts[k - 1] in ent_texts or parts[k - 1] == ctx.place):
            claim_text += "，"
        claim_text += part
    date_values = [d for c in kept for d in c.dates]
    draft = _draft(sentence, claim_text, [], date_values, [], ctx, [])
    has_time_ref = bool(re.search(r"\d{4}年以后|截至\d{4}年", claim_text))
    if has_time_ref:
        draft.checkworthy = max(draft.checkworthy, min(1.0, draft.checkworthy + 0.25))
    return draft


_FACT_CLAUSE = re.compile(
    r"^(?:也|还|并|曾|又|亦|均|都|随后|后来|主要|目前|现|原|先后|已|已经)*"
    r"(?:是|为(?![了何])|位于|坐落于|地处|担任|出任|任|拥有|生于|出生于|毕业于|就读于|进入|加入|创建|"
    r"创立|创办|成立|收购|并购|完全收购|发起|开发|研发|发布|获得|获评|荣获|入选|属于|属|下辖|辖|设有|"
    r"设立|建立|签署|宣布|移居|结婚|育有|成为|主导|包括|来自|退役|退伍|去世|逝世|当选|夺得|举办|举行|"
    r"开通|建成|建造|投入|完成|贯通|开工|启动|签订|接受|总部位于|毗邻|紧邻|隶属|原名|简称|又称|古称|"
    r"处于|处(?![理置罚分])|地处|介于|又名|别名|笔名|本名|曾用名|"
    r"[字号](?=[\u4e00-\u9fff]{1,4}$)|"
    r"通称|首都|盛产|拥有|授予|祖籍|籍贯|原籍|著有|流经|发源于|注入|汇入|贬称|尊称|别称|俗称|位列)"
)
_FACT_VERB_ANYWHERE = re.compile(
    r"是|位于|担任|拥有|生于|出生于|毕业于|创建|创立|创办|成立|收购|发起|开发|发布|获得|入选|下辖|"
    r"设立|建立|签署|移居|结婚|育有|成为|包括|来自|退役|当选|夺得|举办|举行|建成|建造|贯通|开工|投入|"
    r"完成|启动|开通|通车|投产|进入|加入|就读|任教|工作于|服役|祖籍|籍贯|原籍|著有|流经|发源于|"
    r"注入|汇入|贬称|尊称|别称|俗称"
)
# a clause that is a predicate noun phrase of the subject before it (…，Linux内核的最早作者，…)
_NOMINAL_PREDICATE = re.compile(
    r"(?:之一|作者|成员|创始人|主席|校长|首都|产地|集散地|发祥地|名城|者|(?<![国大人])家)$"
    r"|^[\u4e00-\u9fff]{2,6}(?<![多少众名个])人$"  # 浙江绍兴人: where someone is from
)


def _is_nominal(text: str) -> bool:
    """A predicate noun phrase without a verb (Linux内核的最早作者)."""
    return _NOMINAL_PREDICATE.search(text) is not None and _find_fact_verb(text) is None


def _find_fact_verb(text: str) -> re.Match[str] | None:
    return _FACT_VERB_ANYWHERE.search(text)


_PERIOD_CHARACTERISED = re.compile(
    r"^(?:过去的?一年|过去\S{1,3}年|今年|去年|这一年|本年|那一年)[，,]?(?:是|为)[^。！？]*(?:之年|一年|时期|阶段)"
)


def _is_fact_clause(text: str, *, first: bool = False) -> bool:
    """A clause stating a fact about a subject: it opens with a factual predicate, or it names its
    own subject with one (父亲尼尔斯·托瓦兹是一名记者), or it is a predicate noun phrase. A
    sentence's first clause counts only with its own subject (else it is the subject)."""
    if _HEDGED.search(text) or _OPINION_WORDS.search(text):
        return False
    if re.match(r"^(?:过去的?一年|今年|去年|这一年|本年|那一年)(?:[，,])?(?:是|为)", text):
        return False  # 过去的一年是…的一年: a period characterised, not a fact
    if _ROLE_VALUE.match(text):
        return True
    if not first and (_FACT_CLAUSE.match(text) or _is_nominal(text)):
        return True
    if (
        first
        and _FACT_CLAUSE.match(text)
        and _starts_without_subject(text)
        and not re.match(r"^(?:为|是)", text)  # 为继续落实…: a purpose, not a predicate
    ):
        return True  # 位于安徽省西北部，毗邻…: a predicate of the subject named before

    lead = _TIME_LEAD.sub("", text)
    verb = _find_fact_verb(lead)
    if verb is None or _starts_without_subject(text):
        return False
    # a subject of two characters or more, or a one-character surname (孙著有…, 毛生于…)
    return verb.start() >= 2 or (verb.start() == 1 and _tokens(lead)[0].flag == "nr")


# a time phrase opening a clause (2001年收购…, 1994年3月14日发布了…): not its subject
_NUMERAL = r"(?:\d{1,4}|[〇零一二三四五六七八九十]{1,4})"
_TIME_LEAD = re.compile(
    rf"^(?:在|于|自|从|到|至|截至|早在)?(?:{_NUMERAL}(?:年代|年|世纪|月|日)(?:的|初|末|中|底)?)+"
    rf"(?:[至到\-—~]{_NUMERAL}(?:年代|年|月|日))?"
    r"(?:底|初|末|中|间|期间|以来|之后|以后|后|前|时)?[，,]?"
)
_KEEP_WITHOUT_VALUE = re.compile(
    r"位于|坐落|地处|总部|首都|出生|生于|担任|主席|校长|院长|总统|总理|首相|部长|市长|董事长|创始人|"
    r"最大(?!限度)|最早|最高|最多|首次|首个|首家|首批|第一|唯一|之一|国籍|公民|毕业|结婚|收购|成立|"
    r"创建|创办|发起|入选|获得|夺得|举办|建成|建造|贯通|开工|完成|包括|旗下|拥有|育有|属于|下辖|移居|"
    r"定居|迁居|记者|教授|作家|诗人|科学家|工程师|医生|律师|演员|运动员|选手|冠军|作者|成员|父亲|母亲|"
    r"妻子|丈夫|儿子|女儿|祖父|外祖父|祖母|外祖母|退役|逝世|去世|祖籍|籍贯|原籍|著有|流经|发源于|"
    r"支流|贬称|尊称|别称|俗称"
)


_CN_MONTHS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def _same_year(raw: str, start: int, ctx: DiscourseContext) -> list[Match[DateValue]]:
    """同年/当年/该年, or a month and day without a year, in a clause without a date of its own:
    the year the text has reached (an earlier date of the sentence, else the article's last)."""
    m = re.search(
        r"(?:同年|当年|该年)(?:(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
        r"(?:(?P<day>3[01]|[12]\d|0?[1-9])日)?)?"
        # a month and day without a year (在5月27日控制…) in a text without a reference date
        r"|(?<![年\d])(?P<month2>1[0-2]|0?[1-9])月(?P<day2>3[01]|[12]\d|0?[1-9])日",
        raw,
    )
    if not m or ctx.last_year is None:
        return []
    value, precision = f"{ctx.last_year:04d}", "year"
    if m.group("month") or m.group("month2"):
        raw_month = m.group("month") or m.group("month2")
        month = int(raw_month) if raw_month.isdigit() else _CN_MONTHS.index(raw_month) + 1
        value, precision = f"{value}-{month:02d}", "month"
        if m.group("day") or m.group("day2"):
            try:
                day = dt.date(ctx.last_year, month, int(m.group("day") or m.group("day2")))
            except ValueError:
                day = None
            if day is not None:
                value, precision = day.isoformat(), "day"
    return [
        Match(
            start + m.start(),
            start + m.end(),
            DateValue(value=value, precision=precision, raw=m.group()),
        )
    ]


def _own_or_earlier(clauses: list[_Clause], i: int) -> list[Match[DateValue]]:
    """A clause's dates, or those of the clauses before it (比上年增加60万人 after 去年底达到83%)."""
    return clauses[i].dates or [d for c in clauses[:i] for d in c.dates]


def _bracket_values(
    c: _Clause, text: str
) -> tuple[tuple[int, int], list[Match[Quantity]], list[Match[Rank]]] | None:
    """A bracket inside the clause with values and a predicate of its own (数量居…第8位, 曾获得
    六次…冠军), when the clause also has values outside it: (bracket span, its values)."""
    for m in re.finditer(r"[（(][^（）()]{2,60}[）)]", text[c.start : c.end]):
        s, e = c.start + m.start(), c.start + m.end()
        qs = [q for q in c.quantities if s <= q.start < e]
        rs = [r for r in c.ranks if s <= r.start < e]
        outside = len(c.quantities) - len(qs) + len(c.ranks) - len(rs) + len(c.dates)
        if (qs or rs) and outside and re.search(r"居|为|是|占|达|位列|排名|获得|获|有", m.group()):
            return (s, e), qs, rs
    return None


_COORDINATOR = {"和", "与", "及", "、", "以及", "跟"}


def _distributed_back(
    i: int, clauses: list[_Clause], text: str
) -> list[tuple[str, list[Match[Quantity]]]] | None:
    """A clause opening with 分别 whose values go, in order, to the clauses just before it:
    全省共有普通高校86所，在校生150万人，分别比上年增加2所和4.3万人 → 全省共有普通高校86所，比上年
    增加2所 and 在校生150万人，比上年增加4.3万人."""
    c = clauses[i]
    m = re.match(r"^(?:分别|各)", c.raw)
    if not m or c.ranks or len(c.quantities) < 2:
        return None
    n = len(c.quantities)
    before = [x for x in clauses[:i] if x.text]
    if len(before) < n or not all(x.quantities for x in before[-n:]):
        return None
    qs = c.quantities
    pred_start = c.start + m.end()
    first, last_end = qs[0].start, qs[-1].end
    seps = [text[a.end : b.start] for a, b in itertools.pairwise(qs)]
    if not all(re.fullmatch(r"[、和及与]", s) for s in seps):
        return None
    out = []
    for prev, q in zip(before[-n:], qs, strict=True):
        own_pred = text[pred_start:first] + q.raw + text[last_end : c.end]
        out.append((f"{prev.text}，{own_pred}", [q]))
    return out


def _distributed(
    c: _Clause, text: str
) -> list[tuple[str, list[Match[Quantity]], list[Match[Rank]]]] | None:
    """分别 / 均: values distributed over the coordinated subjects before them.

    对非洲和印度的软件出口分别增长了50余倍和30余倍 → 对非洲的软件出口增长了50余倍, 对印度的
    软件出口增长了30余倍; 学历留学生和留学研究生数均居江苏省第一 → one claim for each.
    """
    m = re.search(r"分别|分列|均|都", c.raw)
    if not m:
        return None
    spans = sorted(
        [(q.start, q.end, q.raw) for q in c.quantities] + [(r.start, r.end, r.raw) for r in c.ranks]
    )
    cut = c.start + m.start()
    if not spans or spans[0][0] < cut:
        return None
    subject = text[c.start : cut]
    parts = re.split(r"、|和|与|以及|及", subject)
    if len(parts) < 2 or not all(parts):
        return None
    # shared words: a preposition or "X的" before the first item, "的Y" after the last
    lead = re.match(r"^(?:对|在|向|从|为)?(?:[^的]{1,12}的)?", parts[0])
    prefix = lead.group() if lead and lead.end() < len(parts[0]) else ""
    tail = re.search(r"的.+$", parts[-1])
    suffix = tail.group() if tail else ""
    items = [p.strip() for p in parts]
    items[0] = items[0][len(prefix) :]
    if suffix:
        items[-1] = items[-1][: -len(suffix)]
    elif items[-1][-1] in "数量率额值" and not items[0].endswith(items[-1][-1]):
        items = [w if w.endswith(items[-1][-1]) else w + items[-1][-1] for w in items]
    if not all(items) or any(len(w) > 12 for w in items):
        return None
    pred_start = cut + len(m.group())
    predicate = text[pred_start : c.end]
    if m.group() == "分列":
        # 华为和中兴分列第2和5名 → 华为位列第2名, 中兴位列第5名
        if len(c.ranks) != len(items) or c.quantities:
            return None
        unit = re.search(r"[名位]$", c.ranks[-1].raw)
        return [
            (
                f"{prefix}{item}{suffix}位列第{r.value.position}{unit.group() if unit else ''}",
                [],
                [r],
            )
            for item, r in zip(items, c.ranks, strict=True)
        ]
    if m.group() == "分别":
        if len(spans) != len(items):
            return None
        first, last_end = spans[0][0] - pred_start, spans[-1][1] - pred_start
        out = []
        for item, (start, _, raw) in zip(items, spans, strict=True):
            own_pred = predicate[:first] + raw + predicate[last_end:]
            qs = [q for q in c.quantities if q.start == start]
            rs = [r for r in c.ranks if r.start == start]
            out.append((f"{prefix}{item}{suffix}{own_pred}", qs, rs))
        return out
    if len(spans) != 1:
        return None
    return [
        (f"{prefix}{item}{suffix}{predicate}", list(c.quantities), list(c.ranks)) for item in items
    ]


_ATTRIBUTE = re.compile(
    r"(?:总|常住|户籍|全|陆地|行政区域|土地)?(?:面积|人口|长度|全长|海拔|生产总值|GDP|营业收入|营收|"
    r"净利润|员工|职工|雇员|市值|总资产)(?:约|达|为|共|超过|逾|近)*$"
)


def _attribute_subject(c: _Clause) -> str | None:
    """Whose attribute a value clause states: 清河全长300公里 → 清河; "" for a bare attribute
    (人口50万: the subject is an earlier clause's); None when the clause is not of this form."""
    if not c.quantities:
        return None
    head = c.raw[: c.quantities[0].start - c.start]
    m = _ATTRIBUTE.search(head)
    if m is None:
        return None
    return head[: m.start()].rstrip("，, 的")


def _attribute_base(i: int, clauses: list[_Clause]) -> str | None:
    """大河市面积300平方公里，人口50万: a bare attribute clause borrows the subject of the clause
    before it that states an attribute of something named."""
    if _attribute_subject(clauses[i]) != "":
        return None
    for j in range(i - 1, -1, -1):
        subject = _attribute_subject(clauses[j])
        if subject is None:
            return None
        if subject:
            return subject
    return None


def _predicate_text(text: str) -> str:
    """A clause without what may open a bare predicate: 并于/又/随后 and a time (1935年毕业于…)."""
    m = re.match(r"^(?:并且|并|随后|后又|又|而后)(?:于|在)?(?=[\d〇零一二三四五六七八九十])", text)
    rest = text[m.end() :] if m else text
    lead = _TIME_LEAD.match(rest)
    return rest[lead.end() :] if lead and lead.end() < len(rest) else rest


def _fact_base(
    i: int, clauses: list[_Clause], ctx: DiscourseContext, *, borrow: bool = False
) -> str | None:
    """The subject a factual clause borrows: the nearest earlier clause that is not itself a
    predicate (林纳斯·托瓦兹，生于…，拥有美国国籍，… all borrow 林纳斯·托瓦兹)."""
    c = clauses[i]
    predicate = borrow or _FACT_CLAUSE.match(_predicate_text(c.text)) or _is_nominal(c.text)
    if not predicate and _has_subject(c.text, c.entities):
        return None
    for j in range(i - 1, -1, -1):
        prev = clauses[j]
        if not prev.text or _is_time_context(prev) or _ATTRIBUTION_LEAD.search(prev.text):
            continue
        if _FACT_CLAUSE.match(_predicate_text(prev.text)) or _is_nominal(prev.text):
            continue
        attribute_of = _attribute_subject(prev)
        if attribute_of == "":
            continue  # 人口50万: an attribute of a subject named before it
        if attribute_of:
            return attribute_of  # 清河全长300公里，是淮河支流 → 清河
        if _has_subject(prev.text, prev.entities):
            return _subject_part(prev.text)
    if ctx.topic:
        return ctx.topic
    return ctx.place if ctx.place_paragraph == ctx.paragraph else None


# 为 as "is" (孙中山为广府人), not 成为/作为/认为/称为/因为/以为/行为, 为了, 为何
_COPULA_WEI = re.compile(r"(?<![成作认称因以行视])为(?![了何])")


def _subject_part(base: str) -> str:
    """The subject of a clause that lends it (东南大学位于南京市 → 东南大学); a bare noun phrase whole."""
    base = re.sub(
        r"[（(][^（）()]*[）)]", "", base
    )  # 东南大学（英语：…）: asides, emptied brackets
    base = re.sub(r"^(?:即|亦即|也就是|简称|又称)", "", base)
    # a verb inside brackets (李四（曾获得…的选手）) is not the clause's
    masked = re.sub(r"[（(][^（）()]*[）)]", lambda m: "＿" * len(m.group()), base)
    verbs = [v for v in (_find_fact_verb(masked), _COPULA_WEI.search(masked)) if v is not None]
    verb = min(verbs, key=lambda v: v.start()) if verbs else None
    if verb is not None and verb.start() >= 2:
        # 林纳斯·托瓦兹还发起了… → 林纳斯·托瓦兹 (without the adverbs before the verb)
        subject = re.sub(r"[还也并都曾已又亦均仍则就才]+$", "", base[: verb.start()].rstrip("，, "))
        # 王明1912年出生于… → 王明 (the time is the lent clause's, not the subject's)
        undated = _TRAILING_TIME.sub("", subject)
        return undated if len(undated) >= 2 else subject
    return base


_TRAILING_TIME = re.compile(
    rf"(?:在|于)?(?:{_NUMERAL}(?:年代|年|世纪|月|日)(?:的|初|末|中|底)?)+(?:在|于)?$"
)


def _is_time_context(c: _Clause) -> bool:
    """A clause that only says when or in what frame (2003年，/ 截至2024年底，/ 在2017年9月教育部
    公布的计划中，), not a clause stating a date as its fact (创建于1926年)."""
    rest = c.raw
    for d in sorted(c.dates, key=lambda m: -m.start):
        rest = rest[: d.start - c.start] + rest[d.end - c.start :]
    rest = rest.strip()
    if re.fullmatch(
        r"(?:在|于|截至|直至|自|从|到|至|早在|同年|当年|翌年|次年)?(?:的)?(?:[至到\-—~])?"
        r"(?:上半年|下半年|前三季度|[一二三四1-4]季度|年初|年底|年末|月末|月底|月初|上旬|中旬|下旬|份)?"
        r"(?:当天|当日|这天|那天|上午|下午|晚间|晚上|凌晨|中午)?"
        r"(?:底|初|末|中|间|期间|以来|之后|以后|之前|以前|后|前|时|起)?",
        rest,
    ):
        return True
    # 在…计划中, 同年，在…公开发行之后: a frame the facts of the sentence happen in
    return (
        re.match(
            r"^(?:同年|当年|此后)?[，,]?在.{2,40}(?:中|里|上|内|下|期间|之后|以后|之前|以前|后|时)$",
            c.raw.strip(),
        )
        is not None
    )


# an event that dates what follows it (1864年清廷镇压捻军后，… / 自1912年民国成立以来，…)
_WHEN_EVENT = re.compile(r"^.{1,24}?(?:之后|以后|后|之时|时|期间|以来|之际|起)$")
_CAUSE_LEAD = re.compile(r"^(?:因|由于|随着|鉴于|伴随|为了|受)")


def _is_time_adverbial(c: _Clause) -> bool:
    """A dated clause that only frames the next one: an event with 后/时/以来 (1978年改革开放后，),
    or a date with a cause or circumstance (1919年因巴黎和会，)."""
    if len(c.dates) != 1:
        return False
    d = c.dates[0]
    before, rest = c.raw[: d.start - c.start], c.raw[d.end - c.start :]
    if before not in ("", "在", "于", "自", "从", "至", "到", "早在") or not rest:
        return False
    return _WHEN_EVENT.match(rest) is not None or _CAUSE_LEAD.match(rest) is not None


def _starts_without_subject(clause: str) -> bool:
    """True when a clause opens with a verb, adverb or direction (往东紧邻…, 是…的起点)."""
    toks = _tokens(clause)[:2]  # the first words, tagged in their clause (tagged once)
    if not toks or toks[0].flag[:1] not in ("v", "p", "d", "f") or toks[0].word in ("在",):
        return False
    # 可|再生能源…: a lone character jieba tags as a verb, glued to a noun, opens a noun phrase
    return not (
        len(toks) > 1
        and len(toks[0].word) == 1
        and toks[0].word not in _VERB_CHARS
        and toks[1].flag[:1] in ("n", "l")
        and toks[1].start == toks[0].end
    )


_VERB_CHARS = set("是有为在占居达位属成获设建称任叫被把将对向从与和于以比由往到至")


def _join(prefix: str, text: str) -> str:
    if not prefix:
        return text
    if text.startswith(prefix):
        return text
    return f"{prefix}，{text}"


def _join_base(base: str, own: str) -> str:
    if own.startswith(base):
        return own
    # 公司研发 + 研发人员约11.4万名 → 公司研发人员…: the words they share once
    overlap = next(
        (k for k in range(min(len(base), len(own), 6), 1, -1) if base.endswith(own[:k])), 0
    )
    if overlap:
        return base + own[overlap:]
    if re.match(r"^(?:其中|占|高居|紧追|也是|也|并|还|又)", own) or len(base) > 8:
        return f"{base}，{own}"
    return f"{base}{own}"


def _base_for(i: int, clauses: list[_Clause], ctx: DiscourseContext, used: set[int]) -> str | None:
    """The subject a clause borrows when it has none of its own (None when it has one)."""
    c = clauses[i]
    all_entities = [e for cl in clauses for e in cl.entities]
    if _has_subject(c.text, all_entities) and not re.match(r"^其中", c.text):
        return None
    if i == 0 and re.match(r"^其中", c.text) and ctx.last_subject:
        return ctx.last_subject  # a sentence opening with 其中: a part of what the last one named

    for j in range(i - 1, -1, -1):
        prev = clauses[j]
        if (
            not prev.text
            or (_TIME_CONTEXT.match(prev.text) and not _FACT_VERB_ANYWHERE.search(prev.text))
            or _ATTRIBUTION_LEAD.search(prev.text)
        ):
            continue
        if re.match(r"^其中", c.text):
            used.add(j)
            return (
                prev.text
                if _has_subject(prev.text, all_entities)
                else _subject_of(prev, clauses, j, ctx)
            )
        if re.match(r"^其中", prev.text) and prev.has_values and j == i - 1:
            used.add(j)  # 其中研发人员约11.3万名，占总数的54.1%: the share is of that subset
            return _subject_of(prev, clauses, j, ctx)
        if (
            prev.entities
            and prev.text.endswith(prev.entities[-1])
            and not re.search(r"[于在到至往向从自]$", prev.text[: -len(prev.entities[-1])])
        ):
            used.add(
                j
            )  # a noun phrase ending with its head name: 「…天才少女罗福莉」 (not 病逝于上海)
            return prev.entities[-1]
        if not _has_subject(prev.text, all_entities):
            continue
        used.add(j)
        if not prev.has_values and prev.entities and _OPINION_WORDS.search(prev.text):
            return prev.entities[0]  # 融科资讯中心可谓卧虎藏龙 → 融科资讯中心
        return prev.text
    if _REPORTED.match(c.text):
        return None  # 盛传/据称…: a report, not something the current place does
    # nothing in the sentence names it: the article's topic, or a place this paragraph named
    if ctx.topic:
        return ctx.topic
    return ctx.place if ctx.place_paragraph == ctx.paragraph else None


def _subject_of(prev: _Clause, clauses: list[_Clause], j: int, ctx: DiscourseContext) -> str:
    base = _base_for(j, clauses, ctx, set())
    return prev.text if base is None else _join_base(base, prev.text)


def _person_org_claims(sentence: Sentence, ctx: DiscourseContext) -> list[ClaimDraft]:
    """柳传志的联想、李彦宏的百度…: a list of "PERSON的ORG" pairs is one fact (where they came from).

    Returns one claim naming every pair (and the other organisations listed with them) with all of
    them as entities, or nothing when the sentence has fewer than two pairs.
    """
    text = sentence.text
    ents = tag_entities(text)
    pairs: list[tuple[Entity, Entity]] = []
    for (_, pe, person), (os_, _, org) in itertools.pairwise(ents):
        if person.type == "person" and org.type == "org" and text[pe:os_] == "的":
            pairs.append((person, org))
    if len(pairs) < 2:
        return []
    named = {e.text for pair in pairs for e in pair}
    others = [
        e
        for _, _, e in ents
        if e.type in ("org", "product")
        and e.text not in named
        and e.text not in ctx.names_in_places
    ]
    others = [e for k, e in enumerate(others) if e.text not in {o.text for o in others[:k]}]
    listed = "、".join(f"{person.text}的{org.text}" for person, org in pairs)
    if others:
        listed += "以及" + "、".join(e.text for e in others)
    topic = ctx.topic_place()
    claim_text = f"{listed}都诞生于{topic}" if topic else listed
    entities = [e for pair in pairs for e in (pair[1], pair[0])] + others
    draft = ClaimDraft(
        text=claim_text,
        sentence=sentence,
        kind="attribution",
        predicate="诞生于" if topic else None,
        object=topic,
        entities=entities,
    )
    draft.checkworthy = score_chinese(claim_text, n_entities=len(entities))
    return [draft]


def _draft(
    sentence: Sentence,
    text: str,
    quantities: list[Match[Quantity]],
    dates: list[Match[DateValue]],
    ranks: list[Match[Rank]],
    ctx: DiscourseContext,
    context: list[_Clause],
) -> ClaimDraft:
    text = text.strip(" ，,")
    # 在距离杭州1000公里之外的北京海淀区科学院南路上的一栋写字楼 → 北京海淀区科学院南路距离杭州1000公里之外
    m = _DISTANCE_NP.fullmatch(text)
    if m:
        text = f"{m.group('place')}距离{m.group('ref')}{m.group('dist')}"
    all_dates = [d.value for c in context for d in c.dates] + [d.value for d in dates]
    rank = ranks[0].value if ranks else None
    if len(ranks) >= 2 and re.search(r"(?:上升|下降|提高|跃升|跃居|升|降|跌)(?:到|至)", text):
        rank = ranks[-1].value  # 由第五位上升到第四位: the rank it reached

    if (
        rank is not None
        and ctx.rank_scope
        and (rank.scope is None or rank.scope in ("全球", "世界"))
    ):
        rank = rank.model_copy(update={"scope": ctx.rank_scope})
        if ctx.rank_scope not in text:
            text = f"在{ctx.rank_scope}中，{text}"
    if rank is not None:
        text = re.sub(
            r"(^|，)([^，,]{2,8}?)(?<!位列|排名|位居|高居|名列|全国|全球|世界|全省|全市|全县|全区)(?<![居列排])(第[一二三四五六七八九十\d]+)$",
            r"\1\2位列\3",
            text,
        )
    ents = tag_entities(text)
    entities: list[Entity] = []
    for _, _, e in ents:
        if e.text not in {x.text for x in entities}:
            entities.append(e)
    draft = ClaimDraft(
        text=text,
        sentence=sentence,
        quantities=[q.value for q in quantities],
        dates=_unique(all_dates),
        rank=rank,
        entities=entities,
    )
    main = _strip_context(text)
    subj, pred, obj = _subject_predicate_object(main)
    parts = [p for p in main.split("，") if p]
    raws = [q.raw for q in draft.quantities] + ([draft.rank.raw] if draft.rank is not None else [])
    if len(parts) > 1 and subj is not None and any(r and r in parts[-1] for r in raws):
        # the claim is about its last clause; the first one only lends the subject
        s_last, p_last, o_last = _subject_predicate_object(parts[-1])
        if p_last is not None and not _REPORTED.match(parts[-1]):
            if s_last and re.match(r"^(?:同比|环比|约|其中|较|比|近|共|累计|也|还)", s_last):
                s_last = None  # an adverbial, not a subject: keep the first clause's
            subj, pred, obj = s_last or subj, p_last, o_last
    draft.subject, draft.predicate, draft.object = subj, pred, obj
    draft.kind = _kind_for(text, draft)
    draft.checkworthy = score_chinese(
        text,
        n_quantities=sum(1.0 if re.search(r"\d", q.raw or "") else 0.6 for q in draft.quantities),
        n_dates=len(draft.dates),
        n_ranks=1 if rank else 0,
        n_entities=len(entities),
    )
    return draft


def _strip_context(text: str) -> str:
    parts = [p for p in re.split("[，,]", text) if p]
    while len(parts) > 1 and (_TIME_CONTEXT.match(parts[0]) or _ATTRIBUTION_LEAD.search(parts[0])):
        parts = parts[1:]
    while len(parts) > 1 and re.match(r"^在.*(?:中|里|上|内|下)$", parts[0]):
        parts = parts[1:]
    return "，".join(parts)


def _unique(dates: list[DateValue]) -> list[DateValue]:
    out: list[DateValue] = []
    for d in dates:
        if d not in out:
            out.append(d)
    return out
