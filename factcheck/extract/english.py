"""English sentences → atomic, self-contained claim drafts.

Per body sentence (``EnglishContext`` carries what earlier sentences established):

1. furniture goes: a dateline ("PORT CITY —", "WASHINGTON (Reuters) -") is cut from the claim text,
   cross-references ("(See table A-1.)") are skipped;
2. values are read with a reference date: the year the paragraph is talking about when it named
   one ("On April 9, 1959, … They reported for work on April 27" → 1959-04-27), else the
   publication date, else the last year the article named;
3. numbers that are parts of names (Mercury 7, STS-95, ICESat-2, K-12) are not values;
4. the sentence is cut into one claim per value: clauses (";", ", and", ", while",
   ", compared with" …), "A (v1), B (v2) and C (v3)" lists, "respectively" (values distributed over
   the subjects, or over the subjects of the previous sentences for "These measures …"),
   "by X to Y" (a change and a level) and coordinated objects ("more than 300 papers along with
   over 150 works"); a value with its conversion ("768,000 square miles (1.99 million square
   kilometers)") or restatement ("368,000, or 2.2 percent") stays one claim; a claim without a
   date of its own keeps the sentence's dates;
5. a claim opening with a pronoun names its subject instead: he/she/his/her → the last person
   named as a subject, it/they/its/their → the last subject, this/that/these → "<antecedent>: …",
   "This year" → the reference year;
6. a sentence without values is a claim when it names someone or something with a factual verb
   or office (born, founded, director of, won …), or when its check-worthiness score reaches the
   threshold; "…, said NAME, TITLE of ORG" also gives the office claim "NAME is TITLE of ORG".

Check-worthiness (the trained model of :mod:`factcheck.extract.checkworthy`) annotates every claim
and orders the report; an explicit ``min_checkworthy`` leaves out claims below it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from factcheck.extract.checkworthy import score_english
from factcheck.extract.segment import Sentence
from factcheck.models import ClaimKind, DateValue, Entity, Quantity, Rank
from factcheck.values import Match, read_values

__all__ = ["MIN_CHECKWORTHY_EN", "EnglishContext", "atomize_english", "english_entities"]

MIN_CHECKWORTHY_EN = 0.5


@dataclass
class EnglishContext:
    """What earlier sentences established: the reference year, the last subjects named."""

    published: dt.date | None
    topic: str | None = None
    min_checkworthy: float | None = None
    paragraph: int = -1
    paragraph_year: int | None = None
    paragraph_year_dated: bool = False  # the paragraph's year came from a month or day date
    last_year: int | None = None
    last_name: str | None = None
    subjects: list[str] = field(default_factory=list)
    known_names: set[str] = field(default_factory=set)


@dataclass
class EnglishDraft:
    """One English claim before it gets an id (converted to a ClaimDraft by the caller)."""

    text: str
    quantities: list[Quantity]
    dates: list[DateValue]
    rank: Rank | None
    entities: list[Entity]
    kind: ClaimKind
    checkworthy: float
    subject: str | None = None


# --- furniture -----------------------------------------------------------------------------------

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4})"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+(?:19|20)\d\d)?)?"
    r"\s*(?:\([A-Za-z .]{2,30}\))?\s*[—–-]{1,2}\s+"
)
_CROSS_REFERENCE = re.compile(r"^\(?\s*(?:See|see|Source|Sources|Note|Notes)\b[^()]*\)?\.?\)?$")


# a place and its state's abbreviation in mixed case: "Port City, N.C- ", "Elk Falls, Md. — "
_PLACE_DATELINE = re.compile(
    r"^[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s+(?:[A-Z]\.[A-Z]\.?|[A-Z][a-z]{1,4}\.)\s*[—–-]{1,2}\s+(?=[A-Z])"
)


def _dateline_end(text: str) -> int:
    """Length of a dateline opening the sentence ("PORT CITY —"), 0 when there is none."""
    place = _PLACE_DATELINE.match(text)
    if place:
        return place.end()
    m = _DATELINE.match(text)
    if not m:
        return 0
    head = m.group().strip(" —–-")
    words = re.findall(r"[A-Za-z]+", head)
    # a dateline's place is in capitals (WASHINGTON, PORT CITY); "The U.S. —" is prose
    return m.end() if words and words[0].isupper() and len(words[0]) >= 3 else 0


# --- values --------------------------------------------------------------------------------------

_MONTH_WORDS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_NOT_NAME_WORDS = re.compile(
    rf"^(?:{_MONTH_WORDS}|No|Nos|Number|In|On|At|By|Of|For|To|From|Since|Over|Under|About|Around|"
    r"Nearly|Almost|Some|Only|Just|The|A|An|And|Or|But|Top|Than|Between|After|Before|During|Until|"
    r"With|Without|Within|Per|Each|Every|All|Both|Another|Up|Down|Out|Its|His|Her|Their|Our|Your|"
    r"Phase|Level|Step|Stage|Class|Category|Grade|Table|Tables|Chart|Figure|Section|Article)\.?$"
)


def _is_name_number(text: str, start: int, end: int, raw: str) -> bool:
    """A number that is part of a name: Mercury 7, STS-95, ICESat-2, K-12, BCOM3, 5G."""
    if not re.match(r"^[+-]?\d", raw):
        return False
    before = text[:start]
    after = text[end : end + 1]
    if re.fullmatch(r"\d\d[-–]\d\d", raw) and re.search(
        r"\b(?:adults|persons|people|men|women|viewers|ages|aged|demos?|in|among)\s+$", before
    ):
        return True  # a demographic ("adults 18-49", "won its hour in 18-49"): a label
    if re.search(r"(?:[№#]|\bNo\.)\s*[\w./-]*$", before):
        return True  # an identifier: Order №01-02/9, Law #115, No. 12/3
    if re.search(r"[A-Za-z]-?$", before) and not re.search(r"\b(?:US|USD|CNY|EUR|GBP|HK)$", before):
        return True  # STS-95, K-12, BCOM3, Nimbus-7
    if re.match(r"[A-Za-z]", after) and not re.match(
        r"(?:s\b|st\b|nd\b|rd\b|th\b|k\b|m\b|bn\b|mn\b|tn\b|km|kg|mi\b|am\b|pm\b|%)", text[end:]
    ):
        return True  # 5G, 86open
    prev_word = re.search(r"([A-Z][A-Za-z]*\.?)\s+$", before)
    if prev_word and not _NOT_NAME_WORDS.match(prev_word.group(1)):
        # a capitalized word then a number: Mercury 7, Apollo 14, Gemini 3 (not "March 14", "No. 1")
        return re.fullmatch(r"\d{1,3}", raw.strip()) is not None
    return False


@dataclass
class _Group:
    """Values that make one checkable statement (a value and its conversion, a from–to pair)."""

    start: int
    end: int
    quantities: list[Quantity]
    ranks: list[Rank]
    raw: str


_WINDOW = re.compile(
    r"\b(?:over|in|during|for|within)\s+(?:the|these|those)\s+"
    r"(?:past|prior|last|previous|preceding|next|first)\s+$"
)
_WINDOW_UNIT = re.compile(r"^[\d.,]+\s*(?:days?|weeks?|months?|years?)\b")


_CHART_KIND = re.compile(
    r"\b\d[\d,]*\s+(?:(?:Number|No\.|#)\s*(?P<n>\d+)|(?P<top>Top\s+\d+))\s+[a-z]+s\b"
)


def _chart_kind(text: str, start: int, end: int) -> bool:
    """ "6 Number 1 albums", "51 Top 40 hits": after a count, a chart place names the kind counted."""
    for m in _CHART_KIND.finditer(text, max(0, start - 16)):
        if m.start() > start:
            break
        kind = m.span("n") if m.group("n") else m.span("top")
        if kind[0] <= start and end <= kind[1]:
            return True
    return False


def _groups(
    text: str, values_q: Sequence[Match[Quantity]], values_r: Sequence[Match[Rank]]
) -> list[_Group]:
    items: list[tuple[int, int, Quantity | Rank]] = []
    for m in values_q:
        if _is_name_number(text, m.start, m.end, m.raw):
            continue
        q = m.value
        to = re.search(r"\s+to\s+", m.raw)
        if q.upper is not None and to and re.search(r"\b(?:by|from)\s+$", text[: m.start]):
            # "rose by 172,000 to 1.6 million" is a change and a level, not a range
            split = m.start + to.start()
            items.append(
                (m.start, split, q.model_copy(update={"upper": None, "raw": text[m.start : split]}))
            )
            level = read_values(text[m.start + to.end() : m.end], language="en").quantities
            if level:
                items.append((m.start + to.end(), m.end, level[0].value))
            continue
        items.append((m.start, m.end, q))
    items = [
        (s, e, v)
        for s, e, v in items
        if not _WINDOW.search(text[max(0, s - 40) : s])
        or not _WINDOW_UNIT.match(text[s:e] + text[e : e + 8])
    ]
    items += [(m.start, m.end, m.value) for m in values_r]
    items = [(s, e, v) for s, e, v in items if not _chart_kind(text, s, e)]
    items.sort(key=lambda x: x[0])
    groups: list[_Group] = []
    for start, end, value in items:
        if groups:
            g = groups[-1]
            gap = text[g.end : start]
            conversion = gap.strip() == "(" or gap.strip() == "(~"
            from_to = re.fullmatch(r"\s*to\s*", gap) is not None and re.search(
                r"\bfrom\s+\S*$", text[: g.start]
            )
            restated = re.fullmatch(r"(?:\s+[a-z]+)?,?\s*or\s*", gap) is not None
            of_total = re.fullmatch(r"\s*(?:out\s+)?of\s+(?:the\s+)?", gap) is not None
            # "(4.4/12)": a rating and its share, one statement
            pair = gap == "/" and text.rfind("(", 0, g.start) > text.rfind(")", 0, g.start)
            if conversion or from_to or restated or of_total or pair:
                g.end = end
                g.raw = text[g.start : g.end]
                if isinstance(value, Rank):
                    g.ranks.append(value)
                else:
                    g.quantities.append(value)
                continue
        groups.append(
            _Group(
                start=start,
                end=end,
                quantities=[] if isinstance(value, Rank) else [value],
                ranks=[value] if isinstance(value, Rank) else [],
                raw=text[start:end],
            )
        )
    # the closing bracket of a conversion belongs to its group
    for g in groups:
        if text[g.start : g.end].count("(") > text[g.start : g.end].count(")"):
            close = text.find(")", g.end)
            if close >= 0:
                g.end = close + 1
                g.raw = text[g.start : g.end]
    return groups


# --- cutting a sentence into claims --------------------------------------------------------------


@dataclass
class _Unit:
    """A piece of the sentence that becomes one claim: its text, where it is, the values it carries.

    ``text`` may be rewritten (a borrowed subject, a distributed value); ``start``/``end`` are the
    sentence offsets it came from (for the dates it owns). Helpers find each group in ``text`` by
    its raw string, so rewritten texts keep working.
    """

    text: str
    start: int
    end: int
    groups: list[_Group]


def _positions(text: str, groups: list[_Group]) -> list[tuple[int, int]] | None:
    """Where each group's raw text is in ``text``, in order (None when one is missing)."""
    out = []
    pos = 0
    for g in groups:
        m = re.compile(rf"(?<![\w.]){re.escape(g.raw)}(?![\d])").search(text, pos)
        if m is None:
            return None
        out.append(m.span())
        pos = m.end()
    return out


_CLAUSE_SEPARATORS = (
    re.compile(r";\s*"),
    re.compile(
        r",\s+(?:and|but|while|whereas|then|and\s+then|compared\s+with|compared\s+to|in\s+line\s+with|"
        r"lower\s+than|higher\s+than|the\s+same\s+as|up\s+from|down\s+from|after|before|"
        r"following)\s+",
    ),
    # a second predicate of the same subject: "… cut taxes by SEK 40 billion and lowered …"
    re.compile(
        r"\s+and\s+(?=(?-i:(?:(?:the\s+)?[a-z]+\s+)?(?:[a-z]{3,}ed|cut|rose|fell|grew|won|lost|"
        r"set|made|became|took|spent|paid|sold|bought|built|raised|doubled|tripled|"
        r"employs|operates|covers|produces|serves|hosts|owns|contains|drains|borders|attracts|"
        r"generates|comprises|stretches|reaches|seats|weighs|spans|depicts|measures))\s)"
    ),
    # a list of predicates of one subject: "it is 13 m tall, weighs 8 t and depicts …"
    re.compile(
        r",\s+(?=(?-i:(?:employs|operates|covers|produces|serves|hosts|owns|contains|drains|"
        r"borders|attracts|generates|comprises|stretches|reaches|seats|weighs|spans|depicts|"
        r"measures|holds|houses|features))\s)"
    ),
    # a gerund phrase with a value of its own: "… passed $1 million after playing 43 events"
    re.compile(r"\s+(?:after|before|while|by)\s+(?=(?-i:[a-z]{3,}ing)\s)"),
)
_COMPARISON_LEAD = re.compile(
    r"^(?:compared\s+with|compared\s+to|in\s+line\s+with|lower\s+than|higher\s+than|the\s+same\s+as|"
    r"up\s+from|down\s+from)\b\s*",
    re.I,
)
_ITEM_SEPARATOR = re.compile(
    r"(?:,\s*and|,\s*or|,|\band\b|\balong\s+with\b|\bas\s+well\s+as\b|\bplus\b)\s*$"
)
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|appears|seems|rose|fell|grew|increased|decreased|declined|added|lost|"
    r"changed|remained|remains|reached|accounted|accounts|made|gave|spent|won|became|occurred|edged|"
    r"dropped|jumped|climbed|totaled|totalled|stood|continued|showed|shows|returned|held|holds|took|"
    r"received|started|began|ended|opened|passed|failed|joined|moved|selected|met|died|married|"
    r"divorced|raised|contributed|include|includes|included|ranked|ranks|averaged|gained|shrank|"
    r"marks|marked|reported|estimated|produced|exported|imported|purchased|bought|sold|paid|"
    r"invested|recorded|registered|employed|hired|served|flew|published|founded|created|"
    r"developed|built|launched|signed|announced|awarded|scored|led|overthrew|surpassed|"
    r"volunteered|advanced|spent|named|introduced|reported|applied|selected|relies|rely|thought|"
    r"reveal|reveals|show|indicate|indicates|suggest|suggests|"
    r"said|says|believed|believes|realized|wrote|argued|stated|claimed|noted|found|explained|"
    r"decided|directed|agreed|countered|stepped|brought|took|began|begun|went|came|ran|sat|saw|"
    r"fought|left|sank|struck|taught|told|kept|lay|rode|drove|knew|drew|threw|cost|costs|"
    r"broke|beat|chose|spoke|fled|sought|wore|upheld|withheld|bore|withdrew|undertook|overtook|"
    r"rebuilt|sent|"
    r"expects|predicts|forecast|projects|plans|aims|"
    r"employs|operates|covers|produces|serves|hosts|owns|contains|drains|borders|attracts|"
    r"generates|comprises|stretches|seats|weighs|spans|depicts|houses|"
    r"cut(?=\s+(?:the|its|his|her|their|[a-z]+\s+by|[a-z]+\s+[a-z]+\s+by)\b)|"
    r"(?-i:will|would|could|must|should)|"
    r"(?-i:[a-z]{2,}ed))\b",  # other past forms: lowercase words in -ed (see _NOT_VERBS)
    re.I,
)
_NOT_VERBS = frozenset(
    [
        "hundred",
        "based",
        "related",
        "limited",
        "need",
        "speed",
        "seed",
        "feed",
        "united",
        "red",
        "bed",
        "shed",
        "sacred",
        "wicked",
        "naked",
        "rugged",
        "ragged",
        "beloved",
        "aged",
        "skilled",
        "talented",
        "detailed",
        "varied",
        "advanced",
        "unprecedented",
        "undercapitalized",
        "interested",
        "supposed",
        "so-called",
    ]
)


def _find_verb(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """The first finite verb of ``text[pos:endpos]`` (the list, or a lowercase past form)."""
    for m in _FINITE_VERB.finditer(text, pos, len(text) if endpos is None else endpos):
        if m.group().lower() in _NOT_VERBS:
            continue
        # "military-led", "state-owned": the end of a compound adjective ("co-sponsored",
        # "re-elected" are verbs)
        compound = re.search(r"(\w+)[-–]$", text[max(0, m.start() - 20) : m.start()])
        if compound and compound.group(1).lower() not in _VERB_PREFIXES:
            continue
        # "the award-winning animated comedy": a participle after a compound adjective, before
        # its noun, is an adjective too
        if re.search(r"\w[-–]\w+ing\s+$", text[max(0, m.start() - 30) : m.start()]) and re.match(
            r"\s+[a-z]+\s+(?:[a-z]+\s+)?(?:is|was|are|were|has|have|had|will|[a-z]+ed|[a-z]+s)\b",
            text[m.end() :],
        ):
            continue
        return m
    return None


_VERB_PREFIXES = frozenset(
    ["co", "re", "pre", "mis", "out", "over", "under", "self", "cross", "up", "de", "un", "non"]
)


_RESPECTIVELY = re.compile(r",?\s*respectively\b")


def _split_clauses(unit: _Unit) -> list[_Unit]:
    """Cut at clause separators between two values where a new clause (subject and verb) starts."""
    text, base = unit.text, unit.start
    pos = _positions(text, unit.groups)
    if pos is None or len(unit.groups) < 2:
        return [unit]
    cuts: list[tuple[int, int]] = []  # (end of this piece, start of the next)
    gerunds: set[int] = set()
    for k, ((_, a_end), (b_start, b_end)) in enumerate(itertools.pairwise(pos)):
        for sep in _CLAUSE_SEPARATORS:
            found = list(sep.finditer(text, a_end, b_start))
            if not found:
                continue
            m = found[-1]
            after = text[m.end() : b_start]
            comparison = _COMPARISON_LEAD.match(text[m.start() :].lstrip(", ")) is not None
            appositive = re.search(r",\s*at\s*[+~-]?$", after) is not None
            # "and <verb>", ", <verb>": a second predicate
            predicate = sep in _CLAUSE_SEPARATORS[2:]
            # a rank's reading holds its verb ("then we fell to #13th")
            rank_verb = bool(unit.groups[k + 1].ranks) and _find_verb(text[b_start:b_end])
            if (
                sep is _CLAUSE_SEPARATORS[0]
                or comparison
                or appositive
                or predicate
                or _find_verb(after)
                or rank_verb
            ):
                nxt = m.start() + 1 if comparison else m.end()
                if sep is _CLAUSE_SEPARATORS[4]:
                    nxt = m.start() + len(m.group()) - len(m.group().lstrip())
                    gerunds.add(nxt)
                cuts.append((m.start(), nxt))
            break
    if not cuts:
        return [unit]
    pieces: list[_Unit] = []
    start = 0
    for cut, nxt in [*cuts, (len(text), len(text))]:
        piece = text[start:cut]
        if start in gerunds:
            # "… after playing in 43 events" says when the clause before it happened: with it
            piece = f"{pieces[-1].text.rstrip(' ,')} {piece}"
        groups = [g for g, (s, _) in zip(unit.groups, pos, strict=True) if start <= s < cut]
        pieces.append(_Unit(piece, base + start, base + cut, groups))
        start = nxt
    return pieces


_REPORTING = re.compile(
    r"(?:reveal|reveals|revealed|show|shows|showed|say|says|said|find|finds|found|report|reports|"
    r"reported|indicate|indicates|indicated|suggest|suggests|suggested|note|notes|noted|confirm|"
    r"confirms|confirmed|estimate|estimates|estimated)\s+that\s+",
    re.I,
)


_BRACKETED = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)")


def _subject_np(text: str) -> str | None:
    """The subject of a clause: the words before its first finite verb, without leading adverbials."""
    head = _strip_adverbials(text)
    m = _find_verb(head)
    if not m or m.start() == 0:
        return None
    reported = _REPORTING.match(head, m.start())
    if reported:
        # "Satellite images reveal that the total area … reached": the fact's subject is inside
        inner = _subject_np(head[reported.end() :])
        if inner:
            return inner
    # "Ann Lee co-founded …": the verb's prefix is no part of the subject
    subject = re.sub(r"\s*\b\w+[-–]$", "", head[: m.start()].strip())
    if _unclosed(subject):
        # 'the website states, "The list of signers includes …"': the one who says it
        said = re.match(
            r"(?P<who>[^“\"(\[]+?)\s+(?:states|stated|says|said|reads|read|writes|wrote|notes|noted|"
            r"declares|declared|adds|added),?\s*[“\"]",
            subject,
        )
        # 'The "likely" range (as assessed to have …) is …': the words before the bracket
        bracket = subject.rfind("(")
        if not said and bracket > 0 and subject.count("(") > subject.count(")"):
            before = subject[:bracket].strip(" ,")
            return before if len(before.split()) >= 2 and not _unclosed(before) else None
        if not said:
            return None
        subject = said.group("who")
    subject = _BRACKETED.sub("", subject)  # "Ann Lee (born 1950; …)": the name
    # "The Emmy Award-, Annie Award- and Peabody Award-winning comedy": a suspended hyphen's comma
    # cuts no subject
    subject = re.split(r"(?<![-–]),\s|\s(?:that|who|which|whom)\s", subject)[0].strip(" ,")
    subject = re.sub(
        r"(?:\s+(?:also|still|then|only|already|again|now|formally|officially|[a-z]+ly))+$",
        "",
        subject,
    )
    if not subject or len(subject) > 90 or re.fullmatch(r"[a-z]+ly", subject):
        return None  # "largely denounced …": an adverb, not a subject

    if re.match(r"^(?:to|at|by|for|of|in|on|from|with|over|about|and|or|but|than|as)\b", subject):
        return None
    if re.match(r"^(?:Although|Though|While|Whereas|If|Unless|Because|When|Once|As)\b", subject):
        return None  # a subordinate clause's opening: no subject
    return subject


# participles opening a sentence ("Born in 1912 and educated at Leeds, he …") are no names
_PARTICIPLES = (
    "Born", "Raised", "Educated", "Trained", "Founded", "Established", "Located", "Situated", "Built",
    "Based", "Known", "Elected", "Appointed", "Named", "Having", "Being", "Aged", "Headquartered",
    "Formed", "Created", "Launched", "Opened", "Designed", "Developed", "Written", "Published",
    "Released", "Married", "Widowed", "Promoted", "Nominated", "Awarded", "Granted", "Signed",
    "Made", "Cast", "Carved", "Painted",
)  # fmt: skip
_ADVERBIAL = re.compile(
    r"^(?:(?:(?i:In|On|At|By|During|After|Before|Since|From|Until|Between|Over|Following|Through|"
    r"Throughout|As of|Beginning|Starting|Within|Outside|Among|For|According to|Despite|With|"
    r"Without|Under|Due to|Because of|Near|Around|Though|Although|While|When|Once)|"
    + "|".join(_PARTICIPLES)
    + r")\b"
    r"(?:[^,]{0,80}?\b(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2},\s+\d{4})|[^,]{0,80}),\s*"
    r"|(?:The|the)\s+(?:following|next|previous|same)\s+(?:year|month|day|week|decade|season),\s*"
    # "Four years later, …", "Two days after the flood, …", "Earlier this month, …": a time phrase
    r"|(?:A|An|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Several|A few|"
    r"Many|Some|\d{1,3})\s+(?:(?:more|full)\s+)?"
    r"(?:years?|months?|weeks?|days?|decades?|hours?|minutes?|seasons?|centuries|century)\s+"
    r"(?:(?:later|earlier|ago),?\s+|(?:after|before)\s+[^,]{1,60},\s*)"
    r"|(?:Earlier|Later)\s+(?:this|that|last|the same|the next|the following)\s+"
    r"(?:year|month|week|day|season|decade|morning|afternoon|evening|night),?\s+"
    r"|(?:Meanwhile|However|Overall|Also|Additionally|Moreover|Furthermore|Today|Yesterday|Later|"
    r"Then|Now|Historically|Nevertheless|Still|Indeed|Instead|Similarly|Likewise|Thus|"
    r"Consequently|Finally|Again|Earlier|Currently|Originally|Eventually|Afterwards|Subsequently|"
    r"In addition|In fact|As a result|At the same time|This year|Last year|That year),?\s+)+"
)


# "In 1994 she was elected …", "Since 2015 Angola has …": a date phrase without a comma before the
# clause's subject; the comma further on ends the clause, not the phrase
_DATE_LEAD = re.compile(
    r"^(?:In|On|By|Since|From|During|After|Before|Until|As of)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?(?:[A-Z][a-z]{2,8}\s+)?\d{4}s?\s+"
    r"(?=(?:he|she|they|it|we|I|the|The|[A-Z][\w’'-]+)\s)"
)


# "(Originally) employed by the Centre in Leiden, he …": a participle phrase before the subject
_PARTICIPLE_LEAD = re.compile(
    r"^(?:[A-Za-z]+ly\s+)?[a-z]{3,}ed\s+(?:by|in|at|from|to|as|for|on|with)\b[^,;]{0,90},\s*"
    r"(?=(?:he|she|they|it|we|the|[A-Z][\w’'-]+)\s)"
)


def _strip_adverbials(text: str) -> str:
    text = text.strip()
    lead = _DATE_LEAD.match(text)
    if lead and _find_verb(text[lead.end() :]):
        return _ADVERBIAL.sub("", text[lead.end() :], count=1)
    out = _ADVERBIAL.sub("", text, count=1)
    participle = _PARTICIPLE_LEAD.match(out)
    return out[participle.end() :] if participle else out


def _capitalize(text: str) -> str:
    text = text.strip(" ,;")
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _respectively(unit: _Unit, ctx: EnglishContext) -> list[_Unit] | None:
    """Values "…, respectively" distributed over their subjects (or the previous sentences')."""
    text = unit.text
    pos = _positions(text, unit.groups)
    if pos is None or not _RESPECTIVELY.search(text) or len(unit.groups) < 2:
        return None
    k = len(unit.groups)
    subject = _subject_np(text) or ""
    items = [i.strip() for i in re.split(r",\s*and\s+|,\s*|\s+and\s+", subject) if i.strip()]
    demonstrative = re.match(r"^(?:these|those|both|they|the two)\b", subject, re.I) is not None
    with_subject = len(items) == k and not demonstrative
    if not with_subject:
        previous = [s for s in ctx.subjects if not _EN_PRONOUN.match(s)]
        if len(previous) < k:
            return None
        items = previous[-k:]
    span_start = pos[0][0]
    tail = re.match(r"[^)]*?respectively\)?", text[pos[-1][1] :])
    span_end = pos[-1][1] + (tail.end() if tail else 0)
    opened = text[:span_start].rstrip().endswith("(")
    out = []
    for item, g in zip(items, unit.groups, strict=True):
        body = text[:span_start] + g.raw + (")" if opened else "") + text[span_end:]
        claim_text = body.replace(subject, item, 1) if with_subject else f"{item}: {body}"
        out.append(_Unit(claim_text, unit.start, unit.end, [g]))
    return out


def _bracketed_items(unit: _Unit) -> list[_Unit] | None:
    """ "rates for adult men (3.4 percent), adult women (3.1 percent) … changed little": one each."""
    text = unit.text
    pos = _positions(text, unit.groups)
    if pos is None or len(unit.groups) < 2:
        return None
    opens, closes = [], []
    for s, e in pos:
        before = re.sub(r"[+~≈-]$", "", text[:s].rstrip()).rstrip()
        close = text.find(")", e - 1 if text[e - 1 : e] == ")" else e)
        if not before.endswith("(") or close < 0:
            return None
        opens.append(len(before) - 1)
        closes.append(close + 1)
    lead = text[: opens[0]]
    prep = list(re.finditer(r"\b(?:for|of|in|at|among|to|from)\s+", lead))
    head_end = prep[-1].end() if prep else len(lead) - len(_ADVERBIAL.sub("", lead, count=1))
    head = text[:head_end]
    last_has_verb = _find_verb(text[closes[-2] : opens[-1]]) is not None
    suffix = "" if last_has_verb else text[closes[-1] :].rstrip(".")
    out = []
    for i, g in enumerate(unit.groups):
        value = text[opens[i] : closes[i]]
        if i == 0:
            claim_text = text[: closes[0]] + suffix
        else:
            item = text[closes[i - 1] : opens[i]].strip()
            item = re.sub(r"^(?:,\s*)?(?:and\s+|or\s+)?", "", item)
            if _find_verb(item):
                np = re.search(r"\b(?:by|with|to|of)\s+(?P<np>[^,;]+)$", item)
                claim_text = (np.group("np") if np else item) + " " + value
            else:
                if prep and item.startswith(prep[-1].group().strip() + " "):
                    item = item[len(prep[-1].group().strip()) + 1 :]
                claim_text = f"{head}{item} {value}{suffix}"
        out.append(_Unit(claim_text, unit.start, unit.end, [g]))
    return out


_TO_FROM = re.compile(r"^(?P<head>.*?\b(?P<verb>[a-z]+)\s+to\s+)$")


def _to_from(unit: _Unit) -> list[_Unit] | None:
    """ "Inflation slowed to 3.8% in September from 4% in August": the new level and the level it
    came from are two claims ("Inflation slowed to 3.8% in September", "Inflation was 4% in
    August")."""
    if len(unit.groups) != 2:
        return None
    text = unit.text
    pos = _positions(text, unit.groups)
    if pos is None:
        return None
    (a_s, a_e), (b_s, b_e) = pos
    head = _TO_FROM.match(text[:a_s])
    gap = re.fullmatch(
        r"(?P<when>(?:\s+(?:in|on|at|during)\s+[^,;]{2,30}?)?),?\s+from\s+", text[a_e:b_s]
    )
    if not head or not gap:
        return None
    subject = _subject_np(text)
    if not subject:
        return None
    a, b = unit.groups
    tail = text[b_e:]
    rest = re.match(r"(?P<when>\s+(?:in|on|at|during)\s+[^,;.]{2,30})?(?P<after>.*)$", tail)
    when = rest.group("when") or "" if rest else ""
    after = rest.group("after") if rest else tail
    new = text[:a_e] + gap.group("when") + after
    old = f"{subject} was {text[b_s:b_e]}{when}."
    # each keeps the dates written next to its own value (September, August)
    cut = unit.start + b_s
    return [_Unit(new, unit.start, cut, [a]), _Unit(old, cut, unit.end, [b])]


def _by_to(unit: _Unit) -> list[_Unit] | None:
    """ "rose by 9 cents, or 0.3 percent, to $33.18": the change and the level are two claims."""
    if len(unit.groups) != 2:
        return None
    text = unit.text
    pos = _positions(text, unit.groups)
    if pos is None:
        return None
    (a_s, a_e), (b_s, b_e) = pos
    gap = text[a_e:b_s]
    if not re.fullmatch(r"(?:\s+[a-z]+)?,?\s*to\s+", gap) or not re.search(r"\bby\s+$", text[:a_s]):
        return None
    a, b = unit.groups
    change = text[:a_e] + re.sub(r",?\s*to\s+$", "", gap) + text[b_e:]
    level = re.sub(r"\bby\s+$", "", text[:a_s]) + "to " + text[b_s:]
    return [_Unit(change, unit.start, unit.end, [a]), _Unit(level, unit.start, unit.end, [b])]


_COMPARED = re.compile(
    r"\b(?:well\s+|far\s+|just\s+|slightly\s+)?(?:below|above|under|over|than|compared\s+(?:with|to)|"
    r"up\s+from|down\s+from|versus|vs\.?|against|close\s+to|near)\s+"
)


_OWN_REFERENCE = re.compile(
    r"^(?:the|its|his|her|their)\s+(?P<value>[^,;]+?)\s+(?:that\s+|which\s+)?"
    r"(?:it|they|he|she)\s+(?P<verb>(?:had|has|have)\s+[a-z]+ed|[a-z]+ed)\b(?P<rest>.*)$"
)


def _compared(unit: _Unit) -> list[_Unit] | None:
    """ "spending of $3bn is well below his initial promise of $5bn": the value and the reference
    it is compared with are two claims ("… is well below his initial promise" and the promise)."""
    if len(unit.groups) != 2:
        return None
    text = unit.text
    pos = _positions(text, unit.groups)
    if pos is None:
        return None
    (_, a_e), (b_s, b_e) = pos
    found = list(_COMPARED.finditer(text, a_e, b_s))
    if not found:
        return None
    a, b = unit.groups
    tail = text[b_e:]
    if re.search(r"\w", tail):
        # "…, well below the 2 billion it had budgeted.": the reference goes whole
        first = text[: found[-1].start()].rstrip(" ,;") + "."
    else:
        first = re.sub(r"\s+(?:of|at|by)\s*$", "", text[:b_s].rstrip()) + tail
    subject = _subject_np(text)
    if subject and a.raw in subject:  # "Defense spending of $3bn": the subject without its value
        subject = re.sub(r"\s+(?:of|at)$", "", subject[: subject.index(a.raw)].rstrip()) or None
    reference = text[found[-1].end() :].strip()
    # "the 2 billion it had budgeted" → "The government had budgeted 2 billion"
    own = _OWN_REFERENCE.match(reference)
    if subject and own:
        second = f"{subject} {own.group('verb')} {own.group('value')}{own.group('rest')}"
    else:
        second = f"{subject}: {reference}" if subject else reference
    return [_Unit(first, unit.start, unit.end, [a]), _Unit(second, unit.start, unit.end, [b])]


def _coordinated(unit: _Unit) -> list[_Unit] | None:
    """ "published more than 300 papers along with over 150 works": one claim per coordinated value."""
    text = unit.text
    pos = _positions(text, unit.groups)
    if pos is None or len(unit.groups) < 2:
        return None
    seps = []
    for (_, a_e), (b_s, _) in itertools.pairwise(pos):
        gap = text[a_e:b_s]
        m = _ITEM_SEPARATOR.search(gap)
        if not m or _find_verb(gap):
            return None
        seps.append((a_e + m.start(), a_e + m.end()))
    head = text[: pos[0][0]]
    out = []
    item_start = pos[0][0]
    for i, g in enumerate(unit.groups):
        end = seps[i][0] if i < len(seps) else len(text)
        item = text[item_start:end]
        # each item's own span, so a date inside it stays with it ("300 pupils in 1900 and
        # 1,200 in 1950"); the first item keeps the clause's start
        item_span = (unit.start + (item_start if i else 0), unit.start + end)
        out.append(_Unit(head + item if i else text[:end], *item_span, [g]))
        if i < len(seps):
            item_start = seps[i][1]
    return out


_ATTRIBUTE = re.compile(
    r"(?P<owner>(?:the\s+|The\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*(?:’s|'s))\s+"
    r"(?P<noun>population|area|budget|revenue|revenues|capacity|length|height|debt|deficit|"
    r"workforce|GDP|output|turnover|fortune|net worth|fleet|membership|enrollment|enrolment|"
    r"circulation|endowment|payroll|market value|valuation|territory|coastline)\s+of\s+$"
)


def _attribute(unit: _Unit) -> tuple[_Unit, _Unit] | None:
    """ "About 75% of Kenya's population of roughly 48.5 million work …": the measure stated in
    passing is a claim of its own ("Kenya's population is roughly 48.5 million")."""
    if len(unit.groups) < 2:
        return None
    pos = _positions(unit.text, unit.groups)
    if pos is None:
        return None
    for i, (g, (s, e)) in enumerate(zip(unit.groups, pos, strict=True)):
        m = _ATTRIBUTE.search(unit.text[max(0, s - 80) : s])
        if m is None:
            continue
        owner = m.group("owner")
        owner = owner[:1].upper() + owner[1:]
        # the counted noun goes with the value ("fleet of 200 ships"), up to the verb
        tail = re.match(r"(?:\s+[a-z][\w-]*){0,2}?\s+[a-z]+[^s\W]s\b", unit.text[e:])
        noun = (
            tail.group()
            if tail
            and _find_verb(tail.group()) is None
            and not re.search(
                r"\b(?:in|of|at|to|on|for|the|an?|and|or|with|by|from)\b", tail.group()
            )
            else ""
        )
        own = _Unit(f"{owner} {m.group('noun')} is {g.raw}{noun}.", unit.start, unit.end, [g])
        rest = _Unit(unit.text, unit.start, unit.end, unit.groups[:i] + unit.groups[i + 1 :])
        return own, rest
    return None


def _units(
    text: str, groups: list[_Group], ctx: EnglishContext, offset: int, end: int
) -> list[_Unit]:
    whole = _Unit(text[offset:end], offset, end, groups)
    if len(groups) <= 1:
        return [whole]
    clauses = _split_clauses(whole)
    main_subject = _subject_np(clauses[0].text)
    out: list[_Unit] = []
    for k, clause in enumerate(clauses):
        if not clause.groups:
            continue
        if k:
            lead = clause.text.lstrip(", ")
            comparison = _COMPARISON_LEAD.match(lead) is not None
            predicate = _find_verb(lead)
            first_word = lead.split(" ", 1)[0]
            starts_with_verb = (predicate is not None and predicate.start() == 0) or (
                first_word in _PRESENT_VERBS
            )
            if not comparison and starts_with_verb and main_subject:
                clause.text = f"{main_subject} {lead}"  # "and lowered …": the same subject
            elif comparison or _subject_np(lead) is None:
                lead = _COMPARISON_LEAD.sub("", lead).strip()
                clause.text = f"{main_subject}: {lead}" if main_subject else lead
        attribute = _attribute(clause)
        if attribute is not None:
            out.append(attribute[0])
            clause = attribute[1]
        for sub in _bracket_list(clause):
            pieces = (
                _respectively(sub, ctx)
                or _by_to(sub)
                or _to_from(sub)
                or _bracketed_items(sub)
                or _coordinated(sub)
                or _compared(sub)
            )
            for p in pieces or [sub]:
                # a piece may still hold a change and a level ("increased by 172,000 to 1.6 million")
                out += _by_to(p) or [p]
    return out


def _bracket_list(unit: _Unit, depth: int = 0) -> list[_Unit]:
    """ "Kell Street (4.2m, 1.3/5 in 18-49) held up": a bracket listing several values of what it
    follows states one fact per value (the bracket keeps only that value in each claim)."""
    pos = _positions(unit.text, unit.groups)
    if pos is None or len(unit.groups) < 2 or depth > 3:
        return [unit]
    text = unit.text
    for b in re.finditer(r"\(([^()]*)\)", text):
        members = [i for i, (s, e) in enumerate(pos) if b.start() < s and e <= b.end()]
        if len(members) < 2 or any(
            not re.fullmatch(r",\s*", text[pos[i][1] : pos[j][0]])
            for i, j in itertools.pairwise(members)
        ):
            continue
        if text[b.start() + 1 : pos[members[0]][0]].strip():
            continue  # "(born 1950, 2 sons)": words before the first value, not a plain list
        outside = [g for i, g in enumerate(unit.groups) if i not in members]
        out: list[_Unit] = []
        for k, i in enumerate(members):
            end = pos[members[k + 1]][0] if k + 1 < len(members) else b.end() - 1
            part = text[pos[i][0] : end].rstrip(", ")
            piece = _Unit(
                text[: b.start() + 1] + part + text[b.end() - 1 :],
                unit.start,
                unit.end,
                sorted([unit.groups[i], *(outside if k == 0 else [])], key=lambda g: g.start),
            )
            out += _bracket_list(piece, depth + 1) if k == 0 else [piece]
        return out
    return [unit]


# --- pronouns and subjects -----------------------------------------------------------------------

_EN_PRONOUN = re.compile(
    r"^(?:he|she|it|they|we|his|her|its|their|this|that|these|those|such)\b", re.IGNORECASE
)
_PERSON_PRONOUN = re.compile(r"\b(He|She|he|she)\b(?!')")
_PERSON_POSSESSIVE = re.compile(r"\b(His|Her|his|her)\b(?=\s+[a-z])")
_THING_PRONOUN = re.compile(
    r"^(?:It|They|it|they)\b(?=\s+(?:\w+ed|is|was|are|were|has|had|have|also|will|would|can|"
    r"could|may|might|must|should|did|does|\w+s)\b)"
)
# an "it" that stands for what follows: "It takes three weeks to …", "It was 1990 before …"
_EXPLETIVE_IT = re.compile(
    r"^It\s+(?:(?:takes|took|has\s+taken|will\s+take|costs|cost)\s+(?:[\w$.,-]+\s+){0,6}?to\s+[a-z]+"
    r"|(?:is|was)\s+(?:[\w-]+\s+){0,3}?(?:to\s+[a-z]+|that|before|until|since))\b"
)
# "it was announced that …", "It is reported that …": an impersonal passive of saying or deciding
_IT_REPORTED = re.compile(
    r"^[Ii]t\s+(?:was|is|has\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:announced|reported|said|"
    r"decided|confirmed|revealed|agreed|estimated|expected|believed|thought|claimed|alleged|"
    r"understood|known|feared|noted|learned|rumou?red)\s+that\b"
)
_THING_POSSESSIVE = re.compile(r"^(?:Its|Their|its|their)\b")

# "This cycle of …", "These measures …", "That’s …": a demonstrative opening the subject
_DEMONSTRATIVE_SUBJECT = re.compile(
    r"^(?:This|That|These|Those|this|that|these|those)(?:’s|'s|\s+[a-z]+\b)"
)

# "The company had revenue …" after "Huawei was founded …": a definite common noun standing for the
# thing named before (a name, never a person)
_THE_KIND = re.compile(
    r"^(?:The|the) (?P<noun>company|firm|group|corporation|project|programme|program|bridge|tunnel|"
    r"dam|railway|airport|port|university|college|school|hospital|agency|organization|organisation|"
    r"city|town|country|mission|spacecraft|satellite|telescope|rocket|plant|factory|team|club|"
    r"party|ceremony|festival|tournament|award|law|act|treaty|film|album|book|museum|park|bank|"
    r"fund|council|committee|court|ministry|department|station|hotel|theatre|theater|church|"
    r"cathedral|stadium|river|lake|island|province|region|district|county|village|empire|kingdom|"
    r"republic|institute|foundation|society|association|union|league|network|service|system|"
    r"reserve|survey|report|index|fleet|army|navy|station|centre|center|laboratory|observatory)"
    r"(?P<poss>’s|'s)?\b(?!\s+(?:of|that|which|who)\b)"
)


def _the_kind(head: str, thing: str | None, ctx: EnglishContext) -> str:
    """The project cost … → The Hong Kong-Zhuhai-Macau Bridge project cost …"""
    m = _THE_KIND.match(head)
    if not m or not thing or thing == ctx.last_name or not re.match(r"^(?:The )?[A-Z]", thing):
        return head
    if not _proper_names(thing) or _EN_PRONOUN.match(thing):
        return head
    noun = m.group("noun")
    words = re.findall(r"[\w-]+", thing.lower())
    # only a name that says what it is (the Bank of England → the bank): "The program" after
    # "Angola started a program" is the object, not the subject
    if noun not in words and not (words and words[-1].endswith("-" + noun)):
        return head
    if _strip_adverbials(thing) != thing or re.match(r"^(?:In|On|By|At|From|Since)\s", thing):
        return head
    return thing + (m.group("poss") or "") + head[m.end() :]


_THIS_YEAR = re.compile(r"\b(?P<which>This|this|Last|last|Next|next) year(?P<poss>’s|'s)?")
_YEAR_SHIFT = {"this": 0, "last": -1, "next": 1}


def _proper_names(text: str) -> list[str]:
    """Capitalized names (one or more words) in a text, without sentence-initial function words."""
    out = []
    for m in re.finditer(
        r"(?:[A-Z][\w’'.-]*[a-z][\w’'.-]*)(?:\s+(?:[A-Z][\w’'.-]*|(?:de|van|von|da|al)\b))*", text
    ):
        words = m.group().split()
        while words and (words[0] in _EN_STOP_CAPS or words[0].rstrip("’'s") in _EN_STOP_CAPS):
            words = words[1:]
        name = " ".join(words).rstrip(".’'")
        name = re.sub(r"(?:’s|'s)$", "", name)
        if len(name) >= 2 and name not in _EN_NOT_ENTITIES:
            out.append(name)
    return out


def _names_person(subject: str, person: str | None) -> bool:
    """The subject is the person named last, alone or with others ("Lee and Tom Berg")."""
    if not person:
        return False
    names = re.split(r",\s+|\s+and\s+", subject)
    return person in names and all(_proper_names(n) == [n] for n in names)


def _resolve(text: str, ctx: EnglishContext, ref_year: int | None) -> str:
    """Name the subject instead of a leading pronoun or demonstrative."""
    adverbial_len = len(text) - len(_strip_adverbials(text))
    lead, head = text[:adverbial_len], text[adverbial_len:]
    # "this year" is the publication's: without a published date no year in the text stands for it
    year = ctx.published.year if ctx.published is not None else None
    if year is not None and _THIS_YEAR.search(text):

        def _year(m: re.Match[str]) -> str:
            y = year + _YEAR_SHIFT[m.group("which").lower()]
            if m.group("poss"):
                return f"the {y}"
            # "This year marks …": the year is the subject
            return str(y) if _find_verb(text[m.end() : m.end() + 12]) else f"in {y}"

        text = _THIS_YEAR.sub(_year, text)

        text = re.sub(r"^in (\d{4}),", r"In \1,", text)
        text = re.sub(r"^the (\d{4})", r"The \1", text)
        adverbial_len = len(text) - len(_strip_adverbials(text))
        lead, head = text[:adverbial_len], text[adverbial_len:]
    if _IT_REPORTED.match(head):
        return text  # "it was announced that …": no referring "it"
    person = ctx.last_name
    thing = next((s for s in reversed(ctx.subjects) if not _EN_PRONOUN.match(s)), None)
    if thing and re.match(r"(?:It|it|Its|its)\b", head) and _names_person(thing, person):
        # "Ann Lee and Tom Berg agreed …. It was …": "it" is no person, and what it is lies
        # beyond the subjects we know; the pronoun stays
        thing = None
    if person and re.match(r"^(?:He|She|he|she)\b", head):
        head = re.sub(r"^(?:He|She|he|she)\b", person, head)
    elif person and re.match(r"^(?:His|Her|his|her)\b\s+(?:[a-z]|\d{4}\b)", head):
        head = re.sub(r"^(?:His|Her|his|her)\b", f"{person}’s", head)
    elif thing and _EXPLETIVE_IT.match(head):
        # "It takes three weeks to make 50 statuettes": no referring "it", the context named
        return f"{thing}: {_capitalize(lead + head) if lead else head}"
    elif thing and _THING_PRONOUN.match(head):
        # "Made of bronze, it is …" → "Made of bronze, the Oscar is …"
        named = re.sub(r"^The\s", "the ", thing) if lead else thing
        head = _THING_PRONOUN.sub(named, head)
    elif thing and _THING_POSSESSIVE.match(head):
        head = _THING_POSSESSIVE.sub(f"{thing}’s", head)
    elif thing and _DEMONSTRATIVE_SUBJECT.match(head):
        return f"{thing}: {_capitalize(lead + head) if lead else head}"
    elif thing and _THE_KIND.match(head):
        head = _the_kind(head, thing, ctx)
    out = lead + head
    return out


# --- entities, facts without values --------------------------------------------------------------

_EN_STOP_CAPS = {
    "I", "The", "A", "An", "And", "But", "So", "We", "You", "He", "She", "They", "It", "This",
    "That", "These", "Those", "In", "On", "At", "If", "When", "What", "Why", "How", "Well",
    "Now", "Thank", "Yes", "No", "Oh", "My", "Our", "Your", "His", "Her", "Their", "Its", "Let",
    "OK", "Okay", "Mr", "Mrs", "Ms", "As", "Because", "There", "Here", "Of", "For", "To", "By",
    "Not", "Look", "Just", "Also", "All", "Then", "Applause", "Laughter", "Crosstalk", "About",
    "More", "Less", "Nearly", "Some", "Many", "Most", "During", "After", "Before", "Since", "While",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Today", "Yesterday", "Last", "Next", "Over", "Under", "Only",
    "According", "Critics", "Supporters", "Officials", "Experts", "Analysts", "Residents",
    "Sources", "Observers", "Scientists", "Researchers", "Meanwhile", "However", "Overall",
    "Although", "Though", "Despite", "Following", "Among", "Between", "From", "Until", "Through",
    "Both", "Each", "Every", "Other", "Such", "Within", "Without", "Outside",
    "Historically", "Originally", "Eventually", "Later", "Earlier", "Additionally", "Moreover",
    "Furthermore", "Still", "Even", "Once", "Several", "Two", "Three", "Four", "Five", "One",
    "Prior", "Near", "Around", "Beginning", "Starting", "Rather", "Instead", "Thus", "Where",
    *_PARTICIPLES,
}  # fmt: skip
_EN_NOT_ENTITIES = {"AI", "KPI", "CEO", "OK", "IT", "GDP", "VS"}


def english_entities(text: str) -> list[Entity]:
    """Capitalized names of an English text (no sentence-initial function words, no "According")."""
    out: list[Entity] = []
    for name in _proper_names(text):
        if name not in {e.text for e in out}:
            out.append(Entity(text=name, type="other"))
    return out[:8]


_FACT_CUE = re.compile(
    r"(?<!-)\b(?:born|died|death|married|divorced|founded|founder|established|created|located|based in|"
    r"headquartered|headquarters|capital|president|vice president|prime minister|minister|"
    r"secretary|director|chief|administrator|manager|chairman|chairwoman|ceo|professor|scientist|"
    r"senator|governor|mayor|leader|commander|pilot|champion|winner|won|awarded|elected|appointed|"
    r"selected|named|acquired|bought|signed|developed|invented|discovered|introduced|launched|"
    r"opened|moved|settled|emigrated|joined|defeated|beat|commanded|served|became|citizen|member|"
    r"consists|comprises|includes|ranked|largest|smallest|oldest|youngest|highest|lowest|first|"
    r"only|eliminated|abolished|conquered|occupied|invaded|recovered|held|hosted|reached|lost|"
    r"failed|passed|graduated|studied|attended|enrolled|affiliated|transferred|renounced|"
    r"endorsed|supported|denounced|intends|plans|parents|father|mother|son|daughter|wife|"
    r"husband|brother|sister|children|siblings|grandfather|grandmother|(?-i:producers?)|"
    r"showrunner|convicted|sentenced|acquitted|indicted|arrested|resident)\b"
    # an occupation: "was an accomplished violinist", "is a historian"
    r"|\b(?:is|was|became)\s+an?\s+(?:[a-z]+\s+){0,2}[a-z]{3,}(?:ist|ian)\b",
    re.I,
)
_QUOTE_START = re.compile(r"^[“\"‘']")
# a quotation set off after its verb ("he wrote The job was …" from a block quote, "she said: “…”")
_QUOTATION = re.compile(
    r"\b(?:wrote|writes|said|says|stated|declared|remarked)[:,]?\s+"
    r"(?:[“\"]|(?:The|A|An)\s)"
)
_SAID_OFFICE = re.compile(
    r"(?:said|says|according to)\s+(?:(?P<title1>[a-z][a-z ]{2,40}?)\s+)?"
    r"(?P<name>[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){1,3})"
    r"(?:,\s+(?P<title2>[a-z][^,“”\"]{2,80}?\s+(?:of|at|for|in)\s+[^“”\"]+?)|"
    r"\s+(?P<of>(?:of|at)\s+[A-Z][^“”\"]+?))[.,]?$"
)


def _office_claim(text: str) -> str | None:
    """ "…, said Vanessa Wyche, director of NASA's Johnson Space Center" → "Vanessa Wyche is director of …"."""
    m = _SAID_OFFICE.search(text)
    if not m:
        return None
    name = m.group("name")
    if m.group("title2"):
        if re.match(r"(?:his|her|their|its)\b", m.group("title2")):
            return None  # "said Ann Lee, his wife of 53 years": a kinship of someone else
        return f"{name} is {m.group('title2').strip()}"
    if m.group("title1") and m.group("of"):
        title = m.group("title1").strip()
        article = "an" if title[0] in "aeiou" else "a"
        return f"{name} is {article} {title} {m.group('of').strip()}"
    return None


_OFFICES = (
    r"(?:Speaker|President|Vice[ -]President|Prime Minister|Minister|Secretary|Director|"
    r"Chairman|Chairwoman|Chair|Governor|Mayor|Leader|Chief|Head|CEO|Administrator|Ambassador|"
    r"Commissioner|Chancellor|Senator|Judge|Justice|Commander|Manager|Founder|Editor|Dean|"
    r"Rector|Principal|Captain|Coach|Treasurer|Spokesperson|Spokesman|Spokeswoman)"
)
_NAME = r"[A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]*[a-z]\w*)){1,3}"
_ORG = r"(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+(?:of|and|for|the)?\s*[A-Z][\w’'.&-]*)*"
# "…the new Speaker of the House, Kevin McCarthy." / "Bette Davis, who was a president of the
# Academy …": an office of a named person stated in passing
_OFFICE_APPOSITIVE = re.compile(
    rf"\b(?P<the>the|a|an)\s+(?P<mod>(?:new|former|current|then|incoming|outgoing)\s+)?"
    rf"(?P<title>{_OFFICES})\s+of\s+(?P<org>{_ORG}),\s+(?P<name>{_NAME})(?=\s*[.,;]|\s*$)"
)
_OFFICE_RELATIVE = re.compile(
    rf"(?P<name>{_NAME}),\s+who\s+(?P<verb>was|is|had been|has been|became|served as)\s+"
    rf"(?P<title>(?:a|an|the)\s+(?:[a-z]+\s+)?(?i:{_OFFICES})\s+of\s+{_ORG})"
)


# "SPHL Commissioner, Jim Combs", "Army Chief of Staff Gen. Ann Lee": a title with its body before
# the name (the body in capitals, after no capitalized word: "The Kell Army Chief …" keeps "Kell")
# a role in lowercase after its team or body: "Kell Lions defensive end Ann Lee"
_ROLES = (
    r"(?:[a-z]+\s+){0,2}(?:end|tackle|quarterback|linebacker|receiver|coach|guard|forward|"
    r"striker|goalkeeper|pitcher|spokesman|spokeswoman|spokesperson|owner|correspondent|analyst)"
)
_OFFICE_BEFORE = re.compile(
    rf"(?<![\w’'.&-])(?<![A-Z][\w’'.&-]\s)(?P<org>(?:[A-Z][\w’'.&-]*\s+){{1,3}}?)"
    rf"(?P<title>(?:Vice[ -])?{_OFFICES}(?:\s+of\s+Staff)?|{_ROLES}),?\s+"
    r"(?:(?P<rank>Gen|Lt|Col|Maj|Capt|Adm|Sgt|Dr|Sen|Rep|Gov|Mr|Mrs|Ms|Prof)\.\s+)?"
    rf"(?!General\b|{_OFFICES}\b)(?P<name>{_NAME})(?=[\s.,;:)]|$)"
)


def _named_offices(text: str) -> list[str]:
    """Offices of named people stated in an apposition or a relative clause."""
    out = []
    for m in _OFFICE_BEFORE.finditer(text):
        org = re.sub(r"^(?:The|A|An|In|On|At|By|For|From|With|And|But)\s+", "", m.group("org"))
        if not org or re.search(r"[’']s\b", org):
            continue  # no body, or a possessive ("Kell's Chief …" names whose, not what)
        rank = f"{m.group('rank')}. " if m.group("rank") else ""
        out.append(f"{rank}{m.group('name')} is {org}{m.group('title')}")
    for m in _OFFICE_APPOSITIVE.finditer(text):
        mod = m.group("mod") or ""
        out.append(
            f"{m.group('name')} is {m.group('the')} {mod}{m.group('title')} of {m.group('org')}"
        )
    for m in _OFFICE_RELATIVE.finditer(text):
        out.append(f"{m.group('name')} {m.group('verb')} {m.group('title')}")
    return out


def _named(text: str, ctx: EnglishContext, *, mid_sentence: bool = False) -> list[str]:
    """Names in a text; a capitalized first word counts only when the article names it elsewhere
    mid-sentence ("Carpenter flew …" after "Malcolm S. Carpenter"), not "Complex weather …"."""
    names = _proper_names(text)
    first = re.match(r"\s*([A-Z][\w’'-]*)\s+[a-z]", text)
    if (
        not mid_sentence
        and first
        and names
        and names[0] == first.group(1)
        and first.group(1) not in ctx.known_names
    ):
        names = names[1:]
    return names


def _is_factual(text: str, ctx: EnglishContext, *, mid_sentence: bool = False) -> bool:
    """A sentence without values that still states something checkable about a named thing."""
    if _QUOTE_START.match(text.strip()) or re.search(r"[?？]\s*$", text):
        return False
    verb = _find_verb(text)
    if (
        (verb and _REPORTING.match(text, verb.start()))
        or re.search(r"\b(?:thought|believed|felt|wrote|argued|hoped|feared)\s+that\b", text)
        or _QUOTATION.search(text)
    ):
        return False  # what someone said or thought, not a fact they state
    # (case-sensitive after the first word: "11 May 1930" is a month, not a hedge); a hedging
    # adverb in an aside after the main clause ("X took Y to Z, probably as a curio, where …")
    # leaves its fact
    cut = text.find(", ", verb.end()) if verb else -1
    main = text[:cut] if cut > 0 else text
    if (
        re.search(r"\b(?:may|might|could|would|should|hope|believe|think)\b", text)
        or re.search(r"\b(?:perhaps|probably|likely)\b", main)
        or re.match(r"\s*(?i:may|might|could|would|should|perhaps|probably|likely)\b", main)
    ):
        return False
    body = text.strip()
    if _named(body, ctx, mid_sentence=mid_sentence) and _FACT_CUE.search(body) is not None:
        return True
    return _relation(body) or _DECISION.match(_strip_adverbials(body)) is not None


# a decision announced, not a forecast: a named subject "will change / continue to compete / play /
# move" with a named object ("The club will play its home games at Lee Arena", "The Lions have
# announced that their name will change to the Kell Rangers"); "would", "may", "hopes to" stay out
_DECISION = re.compile(
    r"^(?:The\s+[a-z]+|(?:The\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,4})\s+"
    r"(?:(?:has|have)\s+(?:announced|decided|confirmed)\s+that,?\s+(?:[a-z][\w ]{2,30},\s+)?"
    r"(?:its|their|the)\s+[a-z]+(?:\s+[a-z]+)?\s+)?"
    r"will\s+(?:now\s+|also\s+|continue\s+to\s+)?"
    r"(?:change|move|relocate|play|compete|join|leave|merge|close|open|become|replace|host|"
    r"stay|remain|return|be\s+renamed|be\s+known)\b"
    r"[^.;“”\"]*?\b(?:to|in|at|into|with|as|the|its|their)\s+(?:the\s+)?[A-Z]"
)


# a verb of opinion, wish or appearance states no checkable relation ("The people want change")
_OPINION_VERB = re.compile(
    r"(?:want|wants|wanted|need|needs|needed|like|likes|liked|love|loves|loved|hate|hates|"
    r"hated|seem|seems|seemed|appear|appears|appeared|feel|feels|felt|deserve|deserves|"
    r"expect|expects|expected|agree|agrees|agreed|understand|understands|understood|mean|means|"
    r"meant|know|knows|knew|try|tries|tried|will|would|could|must|should|can|shall|is going|"
    r"are going|has to|have to|had to|was|were|is|are|has|have|had|said|says|wrote|stated|"
    r"thought|argued|claimed|noted|believed|realized|decided|suggests|suggest|suggested|"
    r"show|shows|reveal|reveals|indicate|indicates|asked|asks)$",
    re.I,
)
# a verb in the present ("… commemorates the year …", "… relocates the hero to Ur"): a lowercase
# word in -s after a noun phrase's first words, before an article, a possessive or a name
_PRESENT_VERB = re.compile(
    r"^(?:[A-Z]|the\s|a\s|an\s)[^,;:“”\"()]{2,80}?\s(?P<verb>[a-z]{3,}[^sui\W]s)"
    r"\s+(?:the|a|an|his|her|its|their|[A-Z])\b"
)
_RELATION_SUBJECT_PRONOUN = re.compile(
    r"^(?:I|we|you|they|it|he|she|this|that|these|those|there|one|some|many|most|all|"
    r"everyone|everybody|nobody|somebody|people|what|which|who)(?:\b|[’'])",
    re.I,
)


def _relation(text: str) -> bool:
    """A sentence relating named things by a verb of a factual kind: "The governors of Anlo and
    Bru upheld the claim of Kemi", "A later copy of the Annals relocates the battle to Tarsa".

    The subject is a noun phrase (no pronoun, no quote), the verb is a finite verb other than a
    copula, an auxiliary, a modal or a verb of saying, thinking, wishing or seeming, and a name
    follows the verb. The verb's sentence is a statement, not a question nor a quotation."""
    if re.search(r"\b(?:can|cannot|can’t|can't|will|won’t|won't|must)\b", text):
        return False  # a capability or a prediction, not a relation that holds
    head = re.sub(r"^(?:And|But|So|Yet|Or|Now|Well|Still)\b,?\s*", "", _strip_adverbials(text))
    if re.match(r"(?:As|When|While|If|Because|Although|Though|Since|Until|Once|Whether)\b", head):
        lead = head.split(", ", 1)
        if len(lead) < 2 or _find_verb(lead[0]):
            return False  # a subordinate clause first: its subject is not the sentence's
        head = lead[1]  # "As a parish, Marden is …": a phrase, not a clause
    m = _find_verb(head)
    present = _PRESENT_VERB.search(head)
    if present and (not m or present.start("verb") < m.start()):
        m = re.compile(re.escape(present.group("verb"))).search(head, present.start("verb"))
    if not m or m.start() == 0:
        return False
    subject = head[: m.start()].strip(" ,")
    if (
        _unclosed(subject)
        or _RELATION_SUBJECT_PRONOUN.match(subject)
        or len(subject.split()) > 12
        or not re.match(r"^(?:[A-Z]|the\s|a\s|an\s)", subject)
    ):
        return False
    rest = head[m.end() :]
    # a passive ("is subordinated to …", "was incorporated into …") relates as its verb does;
    # a feeling ("is pleased with", "was disappointed by") does not
    passive = re.match(r"(?:is|are|was|were|has been|have been|had been)$", m.group(), re.I) and (
        re.match(
            r"\s+(?:[a-z]+ly\s+)?(?!(?:pleased|concerned|interested|satisfied|disappointed|"
            r"surprised|worried|excited|tired|committed|determined|convinced|scared|shocked|"
            r"amazed|delighted|frustrated|embarrassed|prepared|supposed|used|considered|believed|"
            r"expected|reported|estimated|alleged|rumored|rumoured|deemed|regarded|claimed|"
            r"assumed|presumed|suspected|predicted|projected)\b)[a-z]{3,}ed\s+"
            r"(?:to|into|within|in|by|from|as|for)\b",
            rest,
        )
        # "was renamed the Lee Prize", "was elected President of …": a name given
        or re.match(
            r"\s+(?:[a-z]+ly\s+)?(?:renamed|named|called|elected|appointed|crowned|declared|"
            r"designated|titled|dubbed)\s+(?:the\s+|a\s+|an\s+)?[A-Z]",
            rest,
        )
    )
    if (_OPINION_VERB.match(m.group()) and not passive) or re.search(
        r"\b(?:not|never|no longer)\s*$", subject
    ):
        return False
    if re.match(r"\s+(?:not|never)\b", rest):
        return False
    obj = rest.split(", ")[0]
    if _proper_names(obj):
        return True
    # a named subject's past act on a thing: "Ann Lee coined the phrase …", "Lee's paper started
    # the field of …"
    named_subject = re.fullmatch(
        r"(?:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'.-]+){0,3})(?:[’']s\s+[a-z]+(?:\s+“[^”]+”|\s+\"[^\"]+\")?)?",
        subject,
    )
    return (
        named_subject is not None
        and not passive
        and re.fullmatch(r"[a-z]{3,}ed|[a-z]+", m.group()) is not None
        and m.group() not in ("is", "are", "has", "have")
        and re.match(r"\s+(?:the|a|an|his|her|its|their)\s", rest) is not None
    )


# --- the sentence --------------------------------------------------------------------------------


def _common_era_year(m: Match[DateValue]) -> bool:
    """A date written with a four-digit year of the common era (1750 BC dates nothing after it)."""
    return re.search(r"\b\d{4}\b", m.raw) is not None and not m.value.value.startswith("-")


def _reference_date(ctx: EnglishContext, paragraph: int) -> dt.date | None:
    if paragraph != ctx.paragraph:
        ctx.paragraph = paragraph
        ctx.paragraph_year = None
        ctx.paragraph_year_dated = False
    year = ctx.paragraph_year
    if year is not None and (ctx.published is None or year != ctx.published.year):
        return dt.date(year, 12, 31)
    if ctx.published is not None:
        return ctx.published
    if ctx.last_year is not None:
        return dt.date(ctx.last_year, 12, 31)
    return None


_MONTH_DAY = re.compile(rf"\b(?:{_MONTH_WORDS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})")


def _kind(
    text: str, quantities: list[Quantity], dates: list[DateValue], rank: Rank | None
) -> ClaimKind:
    if rank is not None:
        return "ranking"
    if quantities and re.search(r"\b(?:more|less|fewer|higher|lower|than|below|above)\b", text):
        return "comparison"
    if quantities:
        return "quantity"
    if dates:
        return "date"
    if re.search(r"\b(?:said|says|according to|told|claimed)\b", text):
        return "attribution"
    if re.search(r"\b(?:born in|located|headquartered|based in|capital)\b", text):
        return "location"
    return "event"


def atomize_english(
    sentence: Sentence,
    ctx: EnglishContext,
    previous: Sentence | None = None,
    following: Sentence | None = None,
) -> list[EnglishDraft]:
    """The claims of one English body sentence; updates ``ctx`` with what it establishes."""
    raw_text = sentence.text
    text = re.sub(r"\s+", " ", raw_text)  # hard-wrapped lines: one space (same words)
    if _CROSS_REFERENCE.match(text.strip()):
        return []
    offset = _dateline_end(text)
    ref = _reference_date(ctx, sentence.paragraph)
    values = read_values(text, language="en", published=ref)
    year_here = next((int(m.value.value[:4]) for m in values.dates if _common_era_year(m)), None)
    if year_here is not None and (ref is None or ref.year != year_here):
        # "In 1961, … between May 2 and June 30", "in 1988 …, by December of that year":
        # months and days after the sentence's own year take it
        first_year = next(m.start for m in values.dates if _common_era_year(m))
        unread = [
            m.start()
            for m in _MONTH_DAY.finditer(text)
            if not any(d.start <= m.start() < d.end for d in values.dates)
        ]
        elsewhere = [
            d.start
            for d in values.dates
            if not re.search(r"\b\d{4}\b", d.raw)
            and d.value.precision in ("month", "day")
            and int(d.value.value[:4]) != year_here
        ]
        later = unread + elsewhere
        if later and all(st > first_year for st in later):
            ref = dt.date(year_here, 12, 31)
            values = read_values(text, language="en", published=ref)
    undated = ctx.published is None and any(_THIS_YEAR.fullmatch(m.raw) for m in values.dates)
    if undated:
        # "this year" without a published date: no year from elsewhere in the text stands for it
        values = replace(
            values, dates=tuple(m for m in values.dates if not _THIS_YEAR.fullmatch(m.raw))
        )
    score = round(
        score_english(
            text,
            previous.text if previous is not None else None,
            following.text if following is not None else None,
        ),
        3,
    )
    dates = [(m.start, m.end, m.value) for m in values.dates if m.start >= offset]
    groups = [g for g in _groups(text, values.quantities, values.ranks) if g.start >= offset]
    ref_year = ref.year if ref is not None else None
    drafts: list[EnglishDraft] = []
    life = _life_dates(text, offset, dates)
    if life is not None:
        name, (p_start, p_end), born, died = life
        for verb, d in (("was born on", born), ("died on", died)):
            if d is not None:
                t = f"{name} {verb} {d.raw}"
                drafts.append(
                    EnglishDraft(t, [], [d], None, english_entities(t), "date", score, name)
                )
        dates = [x for x in dates if not p_start <= x[0] < p_end]
        groups = [g for g in groups if not p_start <= g.start < p_end]
    paren = text[life[1][0] : life[1][1]] if life is not None else None
    if re.match(r"^\(.*\)\.?$", text[offset:].strip()) and not groups:
        return drafts  # a bracketed aside without values: a note, not a claim
    hedged_quote = _QUOTE_START.match(text) is not None and re.search(
        r"\b(?:maybe|perhaps|might|probably|possibly|likely|I think|we think)\b", text, re.I
    )
    if ctx.published is not None:
        # "this year" is the publication's, even in a paragraph about another year
        dates = [(st, en, _relative_to(d, ctx.published)) for st, en, d in dates]
    year_now = ctx.published.year if ctx.published is not None else None
    for m in _THIS_YEAR.finditer(text, offset):
        if year_now is not None and not any(st < m.end() and m.start() < en for st, en, _ in dates):
            y = year_now + _YEAR_SHIFT[m.group("which").lower()]
            dates.append(
                (m.start(), m.end(), DateValue(value=f"{y:04d}", precision="year", raw=m.group()))
            )
    dates.sort(key=lambda x: x[0])

    lead_end = offset + len(text[offset:]) - len(_strip_adverbials(text[offset:]))
    lead_dates = [d for st, _, d in dates if st < lead_end]
    extra = _adverbial_fact(text, offset, lead_end, dates, groups)
    if extra is not None:
        drafts.append(_plain_draft(extra[0], [extra[1]], score))
        dates = [x for x in dates if x[2] is not extra[1]]
        lead_dates = [d for d in lead_dates if d is not extra[1]]
    appositive = (
        _appositive_date(text, offset, dates, groups)
        or _participial_date(text, offset, dates, groups)
        or _relative_date(text, offset, dates, groups)
    )
    if appositive is not None:
        drafts.append(_plain_draft(appositive[0], [appositive[1]], score))
        dates = [x for x in dates if x[2] is not appositive[1]]
    opener = _participle_opener(text, offset, dates, groups)
    if opener is not None:
        drafts.append(_plain_draft(_capitalize(_resolve(opener, ctx, ref_year)), [], score))
    for aside_text, aside_groups in _dash_aside(text, offset, dates, groups):
        quantities = [q for g in aside_groups for q in g.quantities]
        draft = _plain_draft(_resolve(aside_text, ctx, ref_year), [], score)
        draft.quantities = quantities
        draft.kind = _kind(draft.text, quantities, [], None)
        drafts.append(draft)
        groups = [g for g in groups if g not in aside_groups]
    among = _AMONG.match(text, offset)
    if among and not groups and not dates and not hedged_quote:
        # "Among his works are A, B and C" → "His works include A, B and C"
        members = f"{_capitalize(among.group('set'))} include {among.group('items')}"
        drafts.append(_plain_draft(_capitalize(_resolve(members, ctx, ref_year)), [], score))
    core = _bare_predicate(text, offset, dates, groups)
    if core is not None and not hedged_quote:
        drafts.append(_plain_draft(_capitalize(_resolve(core, ctx, ref_year)), [], score))
    every_date = [(m.start, m.end, m.value) for m in values.dates]
    for side, side_groups in _side_facts(text, offset, every_date, groups):
        quantities = [q for g in side_groups for q in g.quantities]
        draft = _plain_draft(side, [], score)
        draft.quantities = quantities
        draft.kind = _kind(draft.text, quantities, [], None)
        drafts.append(draft)
        groups = [g for g in groups if g not in side_groups]
    anchors = [(st, True) for st, _, _ in dates] + [(g.start, False) for g in groups]
    prefixes: dict[int, str] = {}
    later_predicates: set[int] = set()
    sibling_spans: list[tuple[int, int]] = []  # predicate nouns of one subject
    forced_dates: dict[int, list[DateValue]] = {}
    segments: list[tuple[int, int, bool]] = []
    attached: dict[int, tuple[str, list[DateValue] | None]] = {}
    for seg in _segments(text, offset, groups, dates, attached):
        if seg[0] in attached:
            # a clause hung on a noun or event: its own claim, named by its prefix
            prefix, forced = attached[seg[0]]
            segments.append((seg[0], seg[1], False))
            if prefix:
                prefixes[seg[0]] = prefix
            if forced is not None:
                forced_dates[seg[0]] = forced
            continue
        pieces = []
        series: list[tuple[int, int]] = []
        for vp in _verb_phrases(text, seg[0], seg[1], anchors, lead_end, series):
            nominal = _nominal_predicates(text, *vp, anchors)
            if len(nominal) > 1:
                sibling_spans += [(a, b) for a, b, _ in nominal]
            pieces += nominal
        sibling_spans += series
        for k, (p_start, p_end, prefix) in enumerate(pieces):
            segments.append((p_start, p_end, seg[2] or (k > 0 and not series)))
            if k and not series:
                later_predicates.add(p_start)
            if prefix:
                prefixes[p_start] = prefix
    attached_spans = [(st, en) for st, en, _ in segments if st in attached] + sibling_spans
    for seg_start, seg_end, contrast in segments:
        prefix = prefixes.get(seg_start, "")
        seg_groups = [g for g in groups if seg_start <= g.start < seg_end]
        seg_dates = [x for x in dates if seg_start <= x[0] < seg_end]
        inherited = (
            lead_dates
            if contrast
            else [
                d
                for st, _, d in dates
                if not any(a <= st < b for a, b in attached_spans if a != seg_start)
            ]
        )
        if seg_start > offset:
            # "…; she died in December 1936": the subject of the clause before
            person = _person_in(_full_subject(text[offset:seg_start]) or "")
            if person:
                ctx.last_name = person
        if (seg_groups or seg_dates) and not hedged_quote:
            units = (
                _units(text, seg_groups, ctx, seg_start, seg_end)
                if seg_groups
                else _date_items(text, seg_start, seg_end, seg_dates)
            )
            for unit in units:
                own_dates = [d for st, _, d in seg_dates if unit.start <= st < unit.end]
                unit_dates = own_dates or [d for _, _, d in seg_dates] or inherited
                unit_text = unit.text.replace(paren, "").replace("  ", " ") if paren else unit.text
                if prefix and unit.text.startswith(text[seg_start:seg_end].split(" ")[0]):
                    unit_text = prefix + unit_text
                unit_text = _relative(unit_text, text[offset : unit.start])
                claim_text = _capitalize(_resolve(unit_text, ctx, ref_year))
                quantities = [q for g in unit.groups for q in g.quantities]
                ranks = [r for g in unit.groups for r in g.ranks]
                rank = ranks[0] if ranks else None
                drafts.append(
                    EnglishDraft(
                        text=claim_text,
                        quantities=quantities,
                        dates=_unique(unit_dates),
                        rank=rank,
                        entities=english_entities(claim_text),
                        kind=_kind(claim_text, quantities, unit_dates, rank),
                        checkworthy=score,
                        subject=_subject_np(claim_text),
                    )
                )
            continue
        seg_text = prefix + text[seg_start:seg_end]
        resolved = _capitalize(_resolve(seg_text, ctx, ref_year))
        keep_anyway = (
            ctx.min_checkworthy is None
            and score >= MIN_CHECKWORTHY_EN
            and not _QUOTE_START.match(text)
            and not _QUOTATION.search(text)
            and seg_start == offset
        )
        if _is_factual(resolved, ctx, mid_sentence=seg_start > offset) or keep_anyway:
            claim_text = resolved.replace(paren, "").replace("  ", " ") if paren else resolved
            if seg_start in later_predicates:
                # "… was held on May 3, 2019 and hosted by Ann Lee": the event's date
                inherited = [d for st, _, d in dates if st < seg_start]
            if seg_start in forced_dates:
                # "…in 1978, when the vice president took power": the date it hangs on
                inherited = forced_dates[seg_start]
            drafts.append(_plain_draft(claim_text, inherited if seg_start > offset else [], score))
        elif seg_start in forced_dates:
            drafts.append(_plain_draft(resolved, forced_dates[seg_start], score))
    offices = [o for o in [_office_claim(text), *_named_offices(text)] if o]
    for office in dict.fromkeys(offices):
        if any(office.rstrip(".") == d.text.rstrip(".") for d in drafts):
            continue
        drafts.append(
            EnglishDraft(
                text=office,
                quantities=[],
                dates=[],
                rank=None,
                entities=english_entities(office),
                kind="attribution",
                checkworthy=max(score, 0.5),
                subject=office.split(" is ", 1)[0],
            )
        )
    if undated and not drafts and not hedged_quote:
        # "… will celebrate its 30th season this year": a dated statement whose year is unknown
        drafts.append(_plain_draft(_capitalize(_resolve(text[offset:], ctx, ref_year)), [], score))
    frame = _speech_frame(ctx.topic)
    if frame:
        for draft in drafts:
            if _FIRST_PERSON.match(_strip_adverbials(draft.text)):
                draft.text = f"{frame}: {draft.text}"
    _note(text[offset:], values.dates, ctx)
    if ctx.min_checkworthy is not None:
        drafts = [d for d in drafts if d.checkworthy >= ctx.min_checkworthy]
    return drafts


_SPEECH_TITLE = re.compile(
    r"\b(?:Address|Speech|Remarks|Statement|Testimony|Keynote|Lecture|Sermon|Interview|"
    r"Message|Letter|Briefing|Press Conference)\b"
)
_FIRST_PERSON = re.compile(r"^(?:I|(?i:we|our|my|us))(?:[’'][a-z]+)?\b")


def _speech_frame(title: str | None) -> str | None:
    """The document a speech's "I" and "we" belong to, from its title ("State of the Union
    Address, February 7, 2023 (excerpt)" → "State of the Union Address, February 7, 2023"); a
    claim in the speaker's words names it, since the speaker may never be named."""
    if not title or not _SPEECH_TITLE.search(title):
        return None
    return re.sub(
        r"\s*\((?:excerpts?|transcript|full text|abridged)\)\s*$", "", title.strip(), flags=re.I
    )


def _plain_draft(text: str, dates: list[DateValue], score: float) -> EnglishDraft:
    text = _capitalize(text)
    return EnglishDraft(
        text=text,
        quantities=[],
        dates=_unique(dates),
        rank=None,
        entities=english_entities(text),
        kind=_kind(text, [], dates, None),
        checkworthy=score,
        subject=_subject_np(text),
    )


def _relative_to(d: DateValue, published: dt.date) -> DateValue:
    """This/last/next year read against the publication date, whatever the paragraph's year."""
    shift = {"this year": 0, "last year": -1, "next year": 1}.get((d.raw or "").lower())
    if shift is None:
        return d
    return d.model_copy(update={"value": f"{published.year + shift:04d}", "precision": "year"})


_RELATIVE_CUT = re.compile(
    r",?\s+(?P<prep>in|during|at|under|through|from|after|since)\s+which\s+|,\s+(?P<where>where)\s+"
    r"|,\s+(?P<when>when)\s+|\s+(?P<with>with)\s+(?=(?:a|an)\s+(?!(?:[a-z]+\s+)?"
    r"(?:total|sum|value|figure|level|rate|margin|score|record|share|tally|count|average|peak|"
    r"high|low|extent|size|area|combined)\b)[a-z])"
)  # "with a total of N" is the measure of the predicate before it, not a fact of its own
_LEADING_PREP = re.compile(r"^(?P<prep>to|at|in|into|on|from|for)\s+")


def _last_verb(text: str) -> re.Match[str] | None:
    """The last finite verb outside brackets ("advanced to" is a verb there, not an adjective)."""
    masked = re.sub(r"\([^()]*\)", lambda b: " " * len(b.group()), text)
    last = None
    for m in _FINITE_VERB.finditer(masked):
        word = m.group().lower()
        if word not in _NOT_VERBS or re.match(r"\s+(?:to|into)\b", masked[m.end() :]):
            last = m
    return last


def _attached_clauses(
    text: str, offset: int, anchors: list[int], dates: list[tuple[int, int, DateValue]]
) -> list[tuple[int, int, str, list[DateValue] | None]]:
    """Clauses hung on a noun or an event that state a fact of their own: (cut, start of the
    clause, prefix naming what it is about, dates it takes over).

    - "… unleashed two months of violence in which about 1,100 people died" → "In two months of
      violence, about 1,100 people died"; "… advanced to the Aero Lab, where testing took place
      between May 1 and May 9" → "At the Aero Lab, testing took place …" (values on both sides);
    - "… until his death in 1978, when the vice president took power" → "the vice president took
      power" dated 1978 (the date just before "when");
    - "… was held on May 16, 1929 … with an audience of about 270 people" → "<subject> had an
      audience of about 270 people"; "… received calls on April 1 with a letter from X on April 3"
      → "<subject> received a letter from X on April 3" (values or dates on both sides).
    """
    out: list[tuple[int, int, str, list[DateValue] | None]] = []
    for m in _RELATIVE_CUT.finditer(text, offset):
        left = text[offset : m.start()]
        if "(" in left and ")" not in left.split("(")[-1]:
            continue  # inside a bracket
        before = [a for a in anchors if offset <= a < m.start()]
        after = [a for a in anchors if a >= m.end()]
        verb = _find_verb(left)
        if verb is None or not before:
            continue
        if m.group("when"):
            near = [d for st, en, d in dates if m.start() - 3 <= en <= m.start()]
            rest = text[m.end() :]
            if not near or after or _subject_np(rest) is None:
                continue
            out.append((m.start(), m.end(), "", near[-1:]))
            continue
        if not after:
            continue
        if m.group("with"):
            subject = _subject_np(left)
            inner = _find_verb(text, m.end())
            if (
                subject is None
                or _EN_PRONOUN.match(subject)
                or (inner is not None and inner.start() < min(after))
            ):
                continue  # no subject to name, or "with" opens a clause of its own
            aux = _BE_HAVE.match(verb.group()) is not None
            prefix = f"{subject} had " if aux else f"{subject} {verb.group()} "
            out.append((m.start(), m.end(), prefix, None))
            continue
        last = _last_verb(left)
        if last is None:
            continue
        np = left[last.end() :].strip(" ,")
        lead = _LEADING_PREP.match(np)
        if m.group("where"):
            if lead is None:
                continue
            np = np[lead.end() :]
            word = "At" if lead.group("prep") in ("to", "at") else "In"
        else:
            if lead is not None:
                np = np[lead.end() :]
            word = m.group("prep").capitalize()
        if not np or len(np) > 120 or not _find_verb(text[m.end() :]):
            continue
        out.append((m.start(), m.end(), f"{word} {np}, ", None))
    return out


_SEGMENT_CUT = re.compile(
    r";\s+|,\s+(?P<contrast>but|while|whereas|although|though|yet)\s+|,\s+(?:and,?|after|before)\s+"
    r"|\s+(?:revealed|showed|found|confirmed|announced)\s+that\s+"
    r"|,?\s+(?P<until>until)\s+(?=[A-Z])"
)
_SUBORDINATE_LEAD = re.compile(
    r"^(?:While|Although|Though|Whereas|Because|Since|When|After|Before|As)\b[^,]{3,120},\s+"
)


def _segments(
    text: str,
    offset: int,
    groups: list[_Group],
    dates: list[tuple[int, int, DateValue]],
    extras: dict[int, tuple[str, list[DateValue] | None]] | None = None,
) -> list[tuple[int, int, bool]]:
    """Clauses of a sentence that each state their own fact: (start, end, is a contrast clause).

    Cut at ";", ", but/while/whereas …" and "…revealed that …" where a clause with its own subject
    and verb follows, at ", and/after/before" only where values or dates lie on both sides, and
    after a leading "While/Although … ," clause when both sides carry values.
    """
    anchors = sorted([g.start for g in groups] + [st for st, _, _ in dates])
    cuts: list[tuple[int, int, bool]] = []
    lead = _SUBORDINATE_LEAD.match(text, offset)
    if lead and _find_verb(text[lead.start() : lead.end()]) is None:
        lead = None  # "Though only 17, …", "After independence in 1975, …": a phrase, no clause
    if lead and any(a < lead.end() for a in anchors) and any(a >= lead.end() for a in anchors):
        cuts.append((lead.end() - 2, lead.end(), True))
    for m in _SEGMENT_CUT.finditer(text, lead.end() if lead else offset):
        left, right = text[offset : m.start()], text[m.end() :]
        # a verb inside brackets ("the only man to win X (won in 1990)") starts no clause
        unbracketed = re.sub(r"\([^()]*\)", lambda b: " " * len(b.group()), right)
        if _find_verb(left) is None or _subject_np(unbracketed) is None:
            continue
        if m.group("until"):
            # "… a record until Rafael Nadal broke it in 2005": a named subject and its verb
            # before any comma ("until his death in 1978, when …" is a date, not a clause)
            inner = _find_verb(unbracketed)
            if (
                inner is None
                or "," in unbracketed[: inner.start()]
                or len(unbracketed[: inner.start()].split()) > 5
                or re.match(rf"(?:{_MONTH_WORDS})\b", unbracketed)  # "until July 1998 to …"
            ):
                continue
        valued = (
            m.group().strip(" ,;") in ("and", "after", "before", "until") or "that" in m.group()
        )
        if valued and not (
            any(offset <= a < m.start() for a in anchors) and any(a >= m.end() for a in anchors)
        ):
            continue
        if re.search(r"\(", text[: m.start()]) and not re.search(
            r"\)", text[: m.start()].split("(")[-1]
        ):
            continue  # inside a bracket
        cuts.append((m.start(), m.end(), m.group("contrast") is not None))
    if extras is not None:
        for cut, nxt, prefix, forced in _attached_clauses(text, offset, anchors, dates):
            if any(c <= cut < n or cut <= c < nxt for c, n, _ in cuts):
                continue
            cuts.append((cut, nxt, False))
            extras[nxt] = (prefix, forced)
        cuts.sort()
    out: list[tuple[int, int, bool]] = []
    start, contrast = offset, False
    for cut, nxt, is_contrast in cuts:
        if cut > start:
            out.append((start, cut, contrast))
        start, contrast = nxt, is_contrast or contrast
    out.append((start, len(text), contrast))
    return out


_VP_AND = re.compile(
    r",?\s+(?:and|but)\s+(?:(?:then|later|also|first|subsequently)\s+)?(?P<word>[a-z][a-z-]+)\b"
)
_VP_SERIES = re.compile(
    r",\s+(?P<conj>and\s+)?(?:(?:then|later|also|subsequently|eventually|finally)\s+)?"
    r"(?P<word>[a-z][a-z-]+)\b"
)
_IRREGULAR_PARTICIPLES = frozenset(
    [
        "held",
        "won",
        "made",
        "built",
        "sold",
        "shown",
        "known",
        "given",
        "taken",
        "seen",
        "written",
        "born",
        "grown",
        "begun",
        "run",
        "cut",
        "set",
        "put",
        "paid",
        "kept",
        "left",
        "lost",
        "led",
        "brought",
        "bought",
        "taught",
        "told",
        "found",
        "sent",
        "spent",
        "hit",
        "shut",
        "split",
        "broadcast",
    ]
)
# present forms that state a standing fact ("… and employs 500 people"); not those that are
# also common plural nouns (exports, runs, measures)
_PRESENT_VERBS = frozenset(
    [
        "employs",
        "operates",
        "covers",
        "produces",
        "serves",
        "hosts",
        "owns",
        "contains",
        "drains",
        "borders",
        "attracts",
        "generates",
        "comprises",
        "stretches",
        "reaches",
        "seats",
        "weighs",
        "spans",
        "depicts",
        "houses",
        "features",
    ]
)
_BE_HAVE = re.compile(r"^(?:is|are|was|were|has|have|had)(?:\s+been)?$", re.I)
_BY_NAME = re.compile(r"[a-z-]+\s+by\s+(?:the\s+)?[A-Z]")


def _is_verb_word(word: str) -> bool:
    if word in _NOT_VERBS:
        return False
    return (
        word in _IRREGULAR_PARTICIPLES
        or word in _PRESENT_VERBS
        or re.fullmatch(r"(?:[a-z]+-)?[a-z]{2,}(?:ed|en)", word) is not None
        or (_FINITE_VERB.fullmatch(word) is not None and word not in ("will", "would", "could"))
    )


def _verb_phrases(
    text: str,
    start: int,
    end: int,
    anchors: list[tuple[int, bool]],
    lead_end: int = 0,
    series_out: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int, str]]:
    """ "The show was first broadcast in 1930 and televised in 1953": two predicates of one subject
    joined by "and", each with its own date or value (or "… and hosted by Chris Rock", a named
    agent), are two claims; the later ones get the subject (and "was"/"has been") of the first.
    At least one side must carry a date (values alone are cut by ``_split_clauses``). Returns
    (start, end, prefix) pieces; one piece when nothing is cut."""
    whole = [(start, end, "")]
    verb = _find_verb(text, start, end)
    if verb is None:
        return whole
    subject = _subject_np(text[start:end])
    if subject is None or subject.lower() in ("it", "this", "that", "there"):
        return whole
    aux = ""
    after_verb = re.match(
        r"\s+(?:been\s+)?(?:(?:first|also|later|then|originally)\s+)?([a-z-]+)",
        text[verb.end() : end],
    )
    if _BE_HAVE.match(verb.group()) and after_verb and _is_verb_word(after_verb.group(1)):
        been = re.match(r"\s+been\b", text[verb.end() : end])
        aux = verb.group() + (" been" if been else "")
    cuts: list[tuple[int, int]] = []
    for m in _VP_AND.finditer(text, verb.end(), end):
        if not _is_verb_word(m.group("word")):
            continue
        if "(" in text[start : m.start()] and ")" not in text[start : m.start()].split("(")[-1]:
            continue  # inside a bracket
        prev = cuts[-1][1] if cuts else start
        following = _VP_AND.search(text, m.end(), end)
        verb_follows = following is not None and _is_verb_word(following.group("word"))
        piece_end = following.start() if following is not None and verb_follows else end
        left = [d for a, d in anchors if prev <= a < m.start()]
        right = [d for a, d in anchors if m.start("word") <= a < piece_end]
        by_name = _BY_NAME.match(text, m.start("word")) is not None and any(left)
        # "Also in 1990, X helped … in 8 years and won his only Masters Cup": the leading date
        # frames both predicates, each a claim
        framed = (
            any(d for a, d in anchors if start <= a < lead_end)
            and any(lead_end <= a < m.start() for a, _ in anchors)
            and not verb_follows
            and re.match(r"[a-z]+ed\b|won\b|lost\b|beat\b|became\b|made\b", m.group("word"))
            is not None
        )
        # "was created by Ann Lee and developed by Tom Berg": two agents, two claims
        by_both = (
            _BY_NAME.match(text, m.start("word")) is not None
            and re.search(r"\b[a-z]+ed\s+by\s+(?:the\s+)?[A-Z]", text[prev : m.start()]) is not None
            and not verb_follows
        )
        # "will compete in the NHL, and play its games at Lee Arena": each predicate with its own
        # named place or body
        named_both = (
            re.search(r"\b(?:in|at|to|for|with|from)\s+(?:the\s+)?[A-Z]", text[prev : m.start()])
            is not None
            and re.search(
                r"\b(?:in|at|to|for|with|from)\s+(?:the\s+)?[A-Z]", text[m.end() : piece_end]
            )
            is not None
            and not verb_follows
            and "," in text[m.start() : m.start("word")]
        )
        if by_both or named_both:
            cuts.append((m.start(), m.start("word")))
            continue
        if not left or not (right or by_name or framed) or not any(left + right + [framed]):
            continue
        cuts.append((m.start(), m.start("word")))
    # "he held a chair at A, worked as a fellow for B, and later held C": a series of three or
    # more predicates of one subject is one claim each, with or without values
    series = [
        m
        for m in _VP_SERIES.finditer(text, verb.end(), end)
        if _is_verb_word(m.group("word"))
        and not m.group("word").endswith("en")
        and text[start : m.start()].count("(") == text[start : m.start()].count(")")
    ]
    # (a person's: "he", "Ann Lee"; a series with values is read by ``_split_clauses``)
    person = re.fullmatch(
        r"(?:[Hh]e|[Ss]he|[Tt]hey|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'.-]+){0,3})", subject
    )
    quantities = any(not is_date and start <= a < end for a, is_date in anchors)
    if (
        len(series) >= 2
        and series[-1].group("conj")
        and not any(m.group("conj") for m in series[:-1])
        and person
        and not quantities
    ):
        cuts = sorted({*cuts, *((m.start(), m.start("word")) for m in series)})
        if series_out is not None:
            # the predicates' own spans: a date of one is no date of another
            bounds = [start, *(m.start("word") for m in series)]
            ends = [m.start() for m in series] + [end]
            series_out += [(max(a, lead_end), b) for a, b in zip(bounds, ends, strict=True)]
    if not cuts:
        return whole
    out = []
    pos, prefix = start, ""
    for cut, nxt in cuts:
        out.append((pos, cut, prefix))
        word = re.match(r"[a-z-]+", text[nxt:end])
        w = word.group() if word else ""
        participle = (w in _IRREGULAR_PARTICIPLES or w.endswith(("ed", "en"))) and (
            w not in _INTRANSITIVE_PAST  # "was born in Leeds and died in Paris": no "was died"
        )
        prefix = f"{subject} {aux} " if aux and participle else f"{subject} "
        pos = nxt
    out.append((pos, end, prefix))
    return out


_INTRANSITIVE_PAST = frozenset(
    {"died", "lived", "arrived", "retired", "resided", "remained", "stayed", "returned",
     "emigrated", "immigrated", "happened", "occurred", "existed", "collapsed", "vanished"}
)  # fmt: skip
_COPULA = re.compile(r"^(?:is|are|was|were|became|becomes|remains|remained)$", re.I)
_NOMINAL_SEP = re.compile(
    r"(?:,\s+and|,\s+as\s+well\s+as|\s+and|,)\s+(?=(?:(?:a|an)(?!\s+(?:half|quarter|third)\b)|"
    r"one\s+of|the\s+(?:first|last|only|second|third|fourth|fifth|best|most|[a-z]+est))\s)"
    r"|,?\s+as\s+well\s+as\s+(?P<gerund>(?=[a-z]{3,}ing\s))"
)


def _nominal_predicates(
    text: str, start: int, end: int, prefix: str, anchors: list[tuple[int, bool]]
) -> list[tuple[int, int, str]]:
    """ "Lee is a three-time champion and a 2004 Olympic medalist, as well as finishing second in
    five other finals": predicate nouns of one subject, each with a value or date of its own, are
    one claim each ("Lee is a 2004 Olympic medalist"; "Lee: finishing second in …")."""
    whole = [(start, end, prefix)]
    verb = _find_verb(text, start, end)
    if verb is None or not _COPULA.match(verb.group()):
        return whole
    subject = _subject_np(prefix + text[start:end]) if not prefix else prefix.strip()
    if not subject or re.match(
        r"^(?:And|But|Or|So|If|Well|Yes|No|Now|Oh|Then|Because|Although|When|While)\b|.*\bthere$",
        subject,
    ):
        return whole  # no subject a predicate could be said of
    copula = verb.group() if not prefix else ""
    cuts: list[tuple[int, int, bool]] = []
    for m in _NOMINAL_SEP.finditer(text, verb.end(), end):
        before = text[start : m.start()]
        if before.count("(") > before.count(")"):
            continue  # inside a bracket
        cuts.append((m.start(), m.end(), m.group("gerund") is not None))
    if not cuts:
        return whole
    # keep only cuts whose both sides carry a value or date of their own
    kept: list[tuple[int, int, bool]] = []
    for i, cut in enumerate(cuts):
        left_start = kept[-1][1] if kept else start
        right_end = cuts[i + 1][0] if i + 1 < len(cuts) else end
        left = any(left_start <= a < cut[0] for a, _ in anchors)
        right = any(cut[1] <= a < right_end for a, _ in anchors)
        if left and right:
            kept.append(cut)
    if not kept:
        return whole
    out = [(start, kept[0][0], prefix)]
    for i, (_, nxt, gerund) in enumerate(kept):
        piece_end = kept[i + 1][0] if i + 1 < len(kept) else end
        head = f"{subject}: " if gerund else f"{subject} {copula} ".replace("  ", " ")
        out.append((nxt, piece_end, head))
    return out


_DATE_JOINER = re.compile(r"\s*(?:to|until|till|through|–|-|—|and|or|,|, and)\s*")


def _date_items(
    text: str, start: int, end: int, dates: list[tuple[int, int, DateValue]]
) -> list[_Unit]:
    """ "Production began in the Cuanza basin in the 1950s, in the Congo basin in the 1960s, and
    in Cabinda in 1968": one claim per dated item (not "in 1990, 1992 and 1995": one fact)."""
    whole = [_Unit(text[start:end], start, end, [])]
    if len(dates) < 2:
        return whole
    # "from 1990 to 1994", "in 1994 and 1998": dates joined by a bare joiner are one item
    clusters: list[tuple[int, int, DateValue]] = [dates[0]]
    for d in dates[1:]:
        if _DATE_JOINER.fullmatch(text[clusters[-1][1] : d[0]]):
            clusters[-1] = (clusters[-1][0], d[1], clusters[-1][2])
        else:
            clusters.append(d)
    if len(clusters) < 2:
        return whole
    chunks: list[tuple[int, int]] = []
    pos = start
    for (_, a_end, _), (b_start, _, _) in itertools.pairwise(clusters):
        seps = list(re.finditer(r",\s*(?:and\s+)?|\s+and\s+", text[a_end:b_start]))
        if not seps:
            return whole
        sep = seps[-1]
        after = text[a_end + sep.end() : b_start]
        if len(after.split()) < 2 or _find_verb(after):
            return whole  # a bare list of years, or a new clause
        chunks.append((pos, a_end + sep.start()))
        pos = a_end + sep.end()
    chunks.append((pos, end))
    first = text[chunks[0][0] : chunks[0][1]]
    verb = _find_verb(first)
    head = first[: verb.end() + 1] if verb else ""
    det = re.match(r"(?:the|a|an)\s", text[chunks[1][0] : chunks[1][1]])
    if det:
        # "…to win the French Open, in 1999 and the Australian Open (2003)": the item stands
        # for the object before the first date, not for the whole predicate
        first_date = clusters[0][0] - chunks[0][0]
        objects = [
            o.start()
            for o in re.finditer(rf"\b{det.group().strip()}\s", first[:first_date])
            if o.start() > (verb.end() if verb else 0)
        ]
        if objects:
            head = first[: objects[-1]]
    units = [_Unit(first, chunks[0][0], chunks[0][1], [])]
    units += [_Unit(head + text[s:e], s, e, []) for s, e in chunks[1:]]
    return units


def _relative(unit_text: str, before: str) -> str:
    """ "…the Nordic Investment Bank, which lends about €4 billion a year": a relative clause cut
    off as a claim of its own names what it is about (the last name before it)."""
    m = re.match(r"^\s*(?:which|who)\s+", unit_text)
    if not m or not re.search(r",\s*$", before):
        return unit_text
    names = _proper_names(before)
    if not names:
        return unit_text
    name = names[-1]
    if re.search(rf"\bthe\s+{re.escape(name)}", before):
        name = f"the {name}"
    return f"{name} {unit_text[m.end() :]}"


def _adverbial_fact(
    text: str,
    offset: int,
    lead_end: int,
    dates: list[tuple[int, int, DateValue]],
    groups: list[_Group],
) -> tuple[str, DateValue] | None:
    """ "Following the independence of Brazil in 1822, the slave trade was abolished in 1836": the
    leading phrase states a dated fact of its own (Brazil became independent in 1822)."""
    m = re.match(
        r"(?:Following|After|Before|Since|With|Despite|Upon)\s+(?P<np>[^,]+?),\s",
        text[offset:lead_end],
    )
    if not m:
        return None
    inside = [d for st, _, d in dates if offset <= st < lead_end]
    outside = [d for st, _, d in dates if st >= lead_end] + [
        g for g in groups if g.start >= lead_end
    ]
    if len(inside) != 1 or not outside or not re.search(r"\b(?:the|a|an)\s", m.group("np")):
        return None
    return m.group("np"), inside[0]


def _appositive_date(
    text: str, offset: int, dates: list[tuple[int, int, DateValue]], groups: list[_Group]
) -> tuple[str, DateValue] | None:
    """ "… the Lusaka Protocol, a 1994 peace accord that failed …": a dated apposition of a name."""
    m = re.search(
        r"(?P<name>(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*),\s+(?P<app>(?:a|an)\s+[^,;]*)[.]?$",
        text[offset:],
    )
    if not m:
        return None
    start = offset + m.start("app")
    inside = [d for st, _, d in dates if st >= start]
    before = [g for g in groups if g.start < start] + [d for st, _, d in dates if st < start]
    if len(inside) != 1 or not before:
        return None
    return f"{m.group('name')} was {m.group('app').rstrip('.')}", inside[0]


_PARTICIPIAL_DATE = re.compile(
    r"(?P<name>(?:the\s+|The\s+)?[A-Z][\w’'.&-]+(?:\s+[A-Z][\w’'.&-]+)*),\s+"
    r"(?P<app>(?:founded|established|born|built|opened|created|launched|formed|completed|"
    r"incorporated|discovered|published|released)\s+(?:in|on)\s+[^,;]{4,40}),\s"
)


def _participial_date(
    text: str, offset: int, dates: list[tuple[int, int, DateValue]], groups: list[_Group]
) -> tuple[str, DateValue] | None:
    """ "Rocket Lab, founded in 2006, … employs about 2,000 people": the dated participle is a
    claim of its own (Rocket Lab was founded in 2006), the rest keeps its own values."""
    m = _PARTICIPIAL_DATE.search(text, offset)
    if not m:
        return None
    inside = [d for st, _, d in dates if m.start("app") <= st < m.end("app")]
    outside = [g for g in groups if not m.start("app") <= g.start < m.end("app")] + [
        d for st, _, d in dates if not m.start("app") <= st < m.end("app")
    ]
    if len(inside) != 1 or not outside:
        return None
    return f"{m.group('name')} was {m.group('app')}", inside[0]


_AMONG = re.compile(
    r"Among\s+(?P<set>(?:the|his|her|its|their|[A-Z][\w’'-]+[’']s)\s+[^,;]{3,80}?)\s+"
    r"(?:are|were)\s+(?P<items>.{3,}?[,;].+?)\.?$"
)
_DASH_ASIDE = re.compile(r"\s[-–—]\s(?P<aside>[^-–—;]{3,90}?)\s[-–—]\s")


def _dash_aside(
    text: str, offset: int, dates: list[tuple[int, int, DateValue]], groups: list[_Group]
) -> list[tuple[str, list[_Group]]]:
    """ "The estate is 4 blocks of flats - 16 houses for 840 flats - built by …": values in an
    aside between dashes state facts of the noun phrase before it, one claim per value ("4 blocks
    of flats - 16 houses", "16 houses for 840 flats"); the sentence keeps its own values."""
    m = _DASH_ASIDE.search(text, offset)
    if not m:
        return []
    inside = [g for g in groups if m.start("aside") <= g.start < m.end("aside")]
    if not inside or len(inside) > 2 or any(m.start() <= st < m.end() for st, _, _ in dates):
        return []
    before = text[offset : m.start()]
    verb = _find_verb(before)
    head = before[verb.end() :].strip() if verb else ""
    if not head or len(head.split()) > 8:
        return []
    aside = m.group("aside").strip()
    if len(inside) == 1:
        return [(f"{head} - {aside}", inside)]
    a, b = inside
    prep = re.search(r"\s(?:for|with|of|in|holding|containing)\s", text[a.end : b.start])
    if not prep:
        return []
    first = text[m.start("aside") : a.end + prep.start()].strip()
    return [(f"{head} - {first}", [a]), (aside, [b])]


def _bare_predicate(
    text: str, offset: int, dates: list[tuple[int, int, DateValue]], groups: list[_Group]
) -> str | None:
    """ "The Sealand Dynasty, or the 2nd Dynasty of Ur, c. 1732–1460 BC, is a series of kings
    attested in …": the values sit in asides between the subject and its verb, so the sentence's
    claim carries them; what the predicate states of the bare subject is a claim of its own."""
    masked = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", lambda m: " " * len(m.group()), text)
    verb = _find_verb(masked, offset)
    if verb is None or not _COPULA.match(verb.group()):
        return None
    subject = text[offset : verb.start()]
    first = re.match(
        r"(?:The\s+|the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4}(?=\s*[,(])", subject
    )
    if (
        not first
        or ", " not in masked[offset : verb.start()]
        or re.match(r"(?:In|On|At|By|During|After|Before|Since|From|Until|For)\s", first.group())
    ):
        return None  # "In October, it was …": a leading adverbial is no subject
    values_in_subject = any(offset <= st < verb.start() for st, _, _ in dates) or any(
        offset <= g.start < verb.start() for g in groups
    )
    values_after = any(st >= verb.start() for st, _, _ in dates) or any(
        g.start >= verb.start() for g in groups
    )
    predicate = text[verb.start() :].strip()
    if not values_in_subject or values_after or len(predicate.split()) < 4:
        return None
    return f"{first.group()} {predicate}"


_PARTICIPLE_OPENER = re.compile(
    r"(?P<adv>[A-Z][a-z]+ly\s+)?(?P<part>[A-Za-z]{3,}ed\s+(?:by|at|from|to|as|for|with)\b[^,;]{4,90}),"
    r"\s+(?P<subj>he|she|they|(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+(?=[a-z])"
)


def _participle_opener(
    text: str, offset: int, dates: list[tuple[int, int, DateValue]], groups: list[_Group]
) -> str | None:
    """ "Originally employed by the Centre in Leiden, he held a chair at …": the participle phrase
    before the subject states a fact of its own about a named thing ("He was originally employed
    by the Centre in Leiden"); one with a date or value is read elsewhere."""
    m = _PARTICIPLE_OPENER.match(text, offset)
    if not m or m.group("part").split()[0].lower() in _NOT_VERBS:
        return None
    if any(m.start() <= st < m.end("part") for st, _, _ in dates) or any(
        m.start() <= g.start < m.end("part") for g in groups
    ):
        return None
    if not _proper_names(m.group("part").split(None, 1)[1]):
        return None
    subj = m.group("subj")
    verb = "were" if subj.lower() == "they" else "was"
    adv = (m.group("adv") or "").lower()
    part = m.group("part")
    part = part[0].lower() + part[1:]
    return f"{subj} {verb} {adv}{part}"


_SIDE_NAME = r"(?:the\s+)?[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|[IVX]+|en|de|al)\b)*"
# "Tell Abu, around 20 km from Ur,": a distance stated in passing
_APPOSITIVE_MEASURE = re.compile(
    rf"(?P<name>{_SIDE_NAME}),\s+(?P<app>(?:about|around|some|nearly|almost|approximately|"
    r"roughly|over|under|only|just)?\s*\d[\d.,]*\s*(?:km|kilometres|kilometers|miles|mi|metres|"
    r"meters|m)\s+(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+)?"
    r"(?:from|of|away from)\s+[^,;()]+?)(?=,|;|\.|$)"
)
# "An 11-year NFL veteran, Ann Lee died …": what the sentence's subject is, before it
_OPENING_APPOSITIVE = re.compile(
    rf"(?P<app>(?:An?|The)\s+[^,;:“”\"()]{{3,60}}?),\s+(?P<name>{_NAME})\s+(?=[a-z]{{3,}}\b)"
)
# "Ulam-Sin, brother of the king of Ur Kadash II,": a kinship stated in passing
_APPOSITIVE_KIN = re.compile(
    rf"(?P<name>{_SIDE_NAME}),\s+(?P<app>(?:the\s+)?(?:elder\s+|younger\s+|eldest\s+|"
    r"youngest\s+)?(?:brother|sister|son|daughter|father|mother|wife|husband|widow|nephew|niece|"
    r"cousin|grandson|granddaughter|uncle|aunt|heir|successor|predecessor)\s+of\s+"
    r"[^,;()“”\"]+?)(?=,|;|\.|$)"
)
# "… Ulam-Sin, brother of …, who conquered the marsh,": what a named person did, in passing
_RELATIVE_ACT = re.compile(
    rf"(?P<name>{_SIDE_NAME}(?:\s+and\s+{_SIDE_NAME})?),\s+(?:[^,;“”\"]{{3,80}},\s+)?who\s+(?P<rel>(?:[a-z]+ly\s+)?"
    r"(?!(?:was|were|is|are|had|has|have)\b)[a-z]{3,}ed\b[^;]*?)(?=;|\.?$|\.\s)"
)
# "…, the Hurrians having previously deposed the Amorites as rulers in Ur": an absolute clause
_HAVING = re.compile(
    rf",\s+(?P<np>{_SIDE_NAME})\s+having\s+(?P<adv>[a-z]+ly\s+)?(?P<been>been\s+)?"
    r"(?P<verb>[a-z]{3,}ed|held|won|lost|built|left|fought|made|taken|begun|given)\s+"
    r"(?P<rest>[^,;.]+)"
)


def _side_facts(
    text: str, offset: int, dates: list[tuple[int, int, DateValue]], groups: list[_Group]
) -> list[tuple[str, list[_Group]]]:
    """Facts a sentence states in passing about a named thing, each a claim of its own: a
    distance in an apposition, a kinship in an apposition, a relative clause of what a named
    person did, an absolute "having" clause. Returns (text, value groups it takes)."""
    out: list[tuple[str, list[_Group]]] = []
    verb = _find_verb(text, offset)
    now = (
        verb is not None and re.fullmatch(r"is|are|has|have|[a-z]+[^s]s", verb.group()) is not None
    )

    def dated(a: int, b: int) -> bool:
        return any(a <= st < b for st, _, _ in dates)

    def m_in(m: re.Match[str], name: str, g: _Group) -> bool:
        return m.start(name) <= g.start < m.end(name)

    for m in _APPOSITIVE_MEASURE.finditer(text, offset):
        taken = [g for g in groups if m.start("app") <= g.start < m.end("app")]
        if taken and not dated(*m.span("app")):
            out.append((f"{m.group('name')} is {m.group('app').strip()}", taken))
    opening = _OPENING_APPOSITIVE.match(text, offset)
    if opening:
        taken = [g for g in groups if m_in(opening, "app", g)]
        if taken and not dated(*opening.span("app")):
            app = opening.group("app")
            app = app[0].lower() + app[1:]
            out.append((f"{opening.group('name')} {'is' if now else 'was'} {app}", taken))
    for m in _APPOSITIVE_KIN.finditer(text, offset):
        if dated(*m.span("app")) or any(m.start("app") <= g.start < m.end("app") for g in groups):
            continue
        app = m.group("app")
        app = app if app.startswith("the ") else f"the {app}"
        out.append((f"{m.group('name')} {'is' if now else 'was'} {app}", []))
    for m in _RELATIVE_ACT.finditer(text, offset):
        rel_start, rel_end = m.span("rel")
        if m.start() == offset and ", " in m.group("rel"):
            # "Ann Lee, who joined the firm, left it": the sentence's subject, the clause ends
            # at its comma
            rel_end = rel_start + m.group("rel").index(", ")
        if dated(rel_start, rel_end) or any(rel_start <= g.start < rel_end for g in groups):
            continue
        out.append((f"{m.group('name')} {text[rel_start:rel_end].strip()}", []))
    for m in _HAVING.finditer(text, offset):
        if dated(m.start(), m.end()) or any(m.start() <= g.start < m.end() for g in groups):
            continue
        adv = m.group("adv") or ""
        verb_text = (
            f"{'were' if m.group('np').endswith('s') else 'was'} {m.group('verb')}"
            if m.group("been")
            else m.group("verb")
        )
        out.append((f"{m.group('np')} {adv}{verb_text} {m.group('rest').strip()}", []))
    return out


_RELATIVE_DATE = re.compile(
    r"(?P<name>(?:the\s+|The\s+)?[A-Z][\w’'.&-]+(?:\s+[A-Z][\w’'.&-]+)*),\s+who\s+"
    r"(?P<rel>[^,;()]{4,80}),\s"
)


def _relative_date(
    text: str, offset: int, dates: list[tuple[int, int, DateValue]], groups: list[_Group]
) -> tuple[str, DateValue] | None:
    """ "Mary Jones, who joined the firm in 1985, became its chief in 1999": the dated relative
    clause is a claim of its own (Mary Jones joined the firm in 1985), the rest keeps its values."""
    m = _RELATIVE_DATE.search(text, offset)
    if not m or _find_verb(m.group("rel")) is None:
        return None
    inside = [d for st, _, d in dates if m.start("rel") <= st < m.end("rel")]
    outside = [g for g in groups if not m.start("rel") <= g.start < m.end("rel")] + [
        d for st, _, d in dates if not m.start("rel") <= st < m.end("rel")
    ]
    if (
        len(inside) != 1
        or not outside
        or any(m.start("rel") <= g.start < m.end("rel") for g in groups)
    ):
        return None
    return f"{m.group('name')} {m.group('rel')}", inside[0]


# the bracket may hold a pronunciation guide with its own bracket: "(Dutch pronunciation: [..] ( ); …)"
_LIFE = re.compile(
    r"^(?P<name>(?:[A-Z][\w.’'-]+\s+){0,4}[A-Z][\w.’'-]+)\s*(?P<paren>\((?:[^()]|\([^()]*\))*\))"
)


def _life_dates(
    text: str, offset: int, dates: list[tuple[int, int, DateValue]]
) -> tuple[str, tuple[int, int], DateValue | None, DateValue | None] | None:
    """ "Albert Einstein (14 March 1879 – 18 April 1955) was …": the name, the bracket, birth, death."""
    m = _LIFE.match(text, offset)
    if not m:
        return None
    p_start, p_end = m.span("paren")
    inside = [(s, e, d) for s, e, d in dates if p_start <= s < p_end]
    if not inside:
        return None
    born: DateValue | None = None
    died: DateValue | None = None
    if len(inside) >= 2 and re.search(r"[–—-]", text[inside[0][1] : inside[1][0]]):
        born, died = inside[0][2], inside[1][2]
    elif re.search(r"\bborn\b", text[p_start : inside[0][0]]):
        born = inside[0][2]
    elif re.search(r"\b(?:died|d\.)\s*$", text[p_start : inside[0][0]]):
        died = inside[0][2]
    else:
        return None
    return m.group("name"), (p_start, p_end), born, died


def _note(text: str, dates: Sequence[Match[DateValue]], ctx: EnglishContext) -> None:
    """Remember the years named and the subject of this sentence for the sentences that follow."""
    for m in dates:
        if _common_era_year(m):
            year = int(m.value.value[:4])
            ctx.last_year = year
            # the narrative's year is the last month or day date's ("On Jan. 5, 1959, …"); a bare
            # year after it ("Four did apply to the second selection in 1962") is an aside, not
            # the year of the next "April 2"
            dated = m.value.precision != "year"
            if dated or not ctx.paragraph_year_dated:
                ctx.paragraph_year = year
                ctx.paragraph_year_dated = dated
    subject = _subject_np(text)
    for name in re.finditer(r"(?<=[a-z,;(] )[A-Z][\w’'-]+", text):
        ctx.known_names.add(name.group())

    if not subject:
        return
    if (
        not _EN_PRONOUN.match(subject)
        and subject.lower() != "there"
        and not re.match(r"^(?:I|[Yy]ou)\b", subject)  # "I understand that …" is no antecedent
    ):
        ctx.subjects = [*ctx.subjects, subject][-4:]
    person = _person_in(_full_subject(text) or subject)
    if person:
        ctx.last_name = person


def _full_subject(text: str) -> str | None:
    """The words before the first verb, appositions included ("Einstein's wife, Mileva Marić,")."""
    head = _strip_adverbials(text)
    m = _find_verb(head)
    if not m or not m.start():
        return None
    subject = re.sub(r"\s*\b\w+[-–]$", "", head[: m.start()].strip(" ,"))
    return None if _unclosed(subject) else subject


def _unclosed(subject: str) -> bool:
    """A bracket or quote left open: the verb found is inside it ('Quod non [Latin: "Which is not
    true"]'), and the words before it are no subject."""
    if subject.count("[") > subject.count("]") or subject.count("(") > subject.count(")"):
        return True
    return subject.count('"') % 2 == 1 or subject.count("“") > subject.count("”")


def _person_in(subject: str) -> str | None:
    """The person a subject names: an apposition's name, else its first name that is not a
    possessive ("Hermann and Jakob's company" names no person) nor a family ("The Einsteins")."""
    # a bracket after the name (life dates, a pronunciation guide) is no part of it
    subject = _BRACKETED.sub("", subject)
    if re.match(r"^(?:The|the)\s", subject):
        parts = subject.split(", ")
        if len(parts) >= 2 and _proper_names(parts[1]) == [parts[1].strip(" ,")]:
            return parts[1].strip(" ,")
        return None
    parts = subject.split(", ")
    if len(parts) >= 2 and _proper_names(parts[1]) == [parts[1].strip(" ,")]:
        return parts[1].strip(" ,")  # Einstein's future wife, Mileva Marić
    if (
        len(parts) >= 2
        and _proper_names(parts[0]) == [parts[0].strip()]
        and len(parts[0].split()) <= 4
    ):
        return parts[0].strip()  # "Iko-Ma, or Ikoman, the founder of the house," names Iko-Ma
    if re.search(r"[’']s\s+[a-z]", subject):
        return None  # a possessive subject: the thing, not the person
    names = [n for n in _proper_names(subject) if not n.endswith("s") or " " in n]
    return names[0] if names and len(subject.split()) <= len(names[0].split()) + 3 else None


def _unique(dates: list[DateValue]) -> list[DateValue]:
    out: list[DateValue] = []
    for d in dates:
        if d not in out:
            out.append(d)
    return out
