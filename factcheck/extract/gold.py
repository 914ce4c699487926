"""Score extracted claims against a hand-written gold list of an article's facts (pure).

A gold file (``tests/extract/gold/``; format and conventions in ``tests/extract/gold/articles/
README.md``) lists *required* facts and *optional* ones (checkable but minor), each with an
``anchor`` (a verbatim substring of the article; any run of whitespace matches any run), a
self-contained ``text`` and the normalized values the fact states.

Definitions (one article; pooled scores add the counts):

- A claim *states* a fact when its span overlaps the fact's anchor and it carries every number of the
  fact: quantity values and rank positions compared as numbers (relative tolerance 1e-3), dates as ISO
  strings. Extra numbers are allowed. Claims and facts are matched one to one by a maximum matching
  that first covers as many required facts as possible, then optional ones; facts with values go
  first, and a fact's claims are tried exact normalizations first, then fewest other numbers.

- **recall** = required facts matched / required facts; **value recall** the same over required facts
  that carry at least one value.
- **precision** = claims matched to a required or optional fact / claims.
- **normalization** = matched required facts whose values agree in full / matched required facts. In
  full: every gold quantity has a claim quantity with the same value, upper bound, approx and unit
  (when the gold gives one; Chinese classifiers such as 个/家 and no unit count as the same, a bare
  count); every gold date has a claim date with the same value and precision; a gold rank has the
  same position and approx.
- **atomic**: a claim carries one checkable value or relation. Measured on its quantity values and
  rank position (dates say when, they do not count): a matched claim is atomic when all of them are
  numbers of its fact (its values or ``also``); an unmatched claim when it has at most one.
- **self-contained**: the claim text names its subject. Measured on the text: after leading
  adverbials (time and place phrases such as "In March 2023," / "2023年，", connectives such as
  "However,") are removed, the text does not open with a pronoun or demonstrative (he, she, it,
  they, we, this, these, …; 他, 她, 它, 其, 该, 此, 这, 那, 上述, …) nor, in Chinese, with a predicate
  (增长, 达到, 占, 位列, 是, 也是, …, a subject-less clause); an English text does not open with a
  lowercase word (a fragment); a Chinese text contains no anaphoric determiner anywhere (本届/本屆,
  该X, 这X, 那X, 上述).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from factcheck.extract.segment import split_sentences
from factcheck.models import Claim
from factcheck.values import read_values

__all__ = [
    "ArticleScore",
    "GoldArticle",
    "GoldError",
    "GoldFact",
    "digit_sentence_claims",
    "is_atomic",
    "is_exact",
    "is_self_contained",
    "parse_gold",
    "read_gold_article",
    "score_claims",
    "states",
]


class GoldError(ValueError):
    """A gold file that does not fit its article (anchor missing or ambiguous, bad field)."""


Number = float | str  # a quantity value or rank position, or an ISO date


@dataclass(frozen=True)
class GoldFact:
    """One fact of the article: where it is stated and the values it states."""

    anchor: str
    span: tuple[int, int]
    text: str
    required: bool = True
    quantities: tuple[Mapping[str, Any], ...] = ()
    dates: tuple[Mapping[str, Any], ...] = ()
    rank: Mapping[str, Any] | None = None
    also: tuple[float, ...] = ()

    @property
    def numbers(self) -> list[Number]:
        """Its values as numbers (quantities, rank) and ISO strings (dates)."""
        out: list[Number] = [float(q["value"]) for q in self.quantities]
        out += [str(d["value"]) for d in self.dates]
        if self.rank is not None:
            out.append(float(self.rank["position"]))
        return out

    @property
    def has_values(self) -> bool:
        return bool(self.quantities or self.dates or self.rank)


@dataclass(frozen=True)
class GoldArticle:
    """A gold file: the article it is about and its facts, required first."""

    facts: tuple[GoldFact, ...]
    article: str | None = None
    language: str | None = None
    published: dt.date | None = None
    published_in_text: bool = False
    split: str = "dev"

    @property
    def required(self) -> list[GoldFact]:
        return [f for f in self.facts if f.required]


@dataclass
class ArticleScore:
    """Counts for one article (or a pool of articles: add them with ``+``)."""

    required: int = 0
    value_required: int = 0
    matched: int = 0
    value_matched: int = 0
    normalized: int = 0
    claims: int = 0
    claims_matched: int = 0
    atomic: int = 0
    self_contained: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    inexact: list[str] = field(default_factory=list)
    non_atomic: list[str] = field(default_factory=list)
    not_self_contained: list[str] = field(default_factory=list)

    def __add__(self, other: ArticleScore) -> ArticleScore:
        return ArticleScore(
            **{
                name: getattr(self, name) + getattr(other, name)
                for name in self.__dataclass_fields__
            }
        )

    @property
    def recall(self) -> float:
        return self.matched / self.required if self.required else 1.0

    @property
    def value_recall(self) -> float:
        return self.value_matched / self.value_required if self.value_required else 1.0

    @property
    def precision(self) -> float:
        return self.claims_matched / self.claims if self.claims else 1.0

    @property
    def normalization(self) -> float:
        return self.normalized / self.matched if self.matched else 0.0

    @property
    def atomic_share(self) -> float:
        return self.atomic / self.claims if self.claims else 1.0

    @property
    def self_contained_share(self) -> float:
        return self.self_contained / self.claims if self.claims else 1.0

    def summary(self) -> dict[str, float | int]:
        """The rates (rounded) and the counts they come from."""
        return {
            "recall": round(self.recall, 3),
            "value_recall": round(self.value_recall, 3),
            "precision": round(self.precision, 3),
            "normalization": round(self.normalization, 3),
            "self_contained": round(self.self_contained_share, 3),
            "atomic": round(self.atomic_share, 3),
            "required": self.required,
            "matched": self.matched,
            "claims": self.claims,
        }


# --- reading a gold file -------------------------------------------------------------------------

_FACT_KEYS = {"anchor", "text", "quantities", "dates", "rank", "also"}
_TOP_KEYS = {
    "article",
    "source",
    "language",
    "published",
    "published_in_text",
    "split",
    "claims",
    "optional",
}


def _locate(anchor: str, article: str) -> tuple[int, int]:
    pattern = r"\s+".join(re.escape(w) for w in anchor.split())
    found = [m.span() for m in re.finditer(pattern, article)]
    if not found:
        raise GoldError(f"gold anchor not in the article: {anchor!r}")
    if len(found) > 1:
        raise GoldError(f"gold anchor occurs {len(found)} times in the article: {anchor!r}")
    return found[0]


def _fact(item: Mapping[str, Any], article: str, *, required: bool) -> GoldFact:
    unknown = set(item) - _FACT_KEYS
    if unknown:
        raise GoldError(f"unknown gold fields {sorted(unknown)} at {item.get('anchor')!r}")
    anchor = str(item["anchor"])
    return GoldFact(
        anchor=anchor,
        span=_locate(anchor, article),
        text=str(item["text"]),
        required=required,
        quantities=tuple(dict(q) for q in item.get("quantities") or []),
        dates=tuple({**d, "value": str(d["value"])} for d in item.get("dates") or []),
        rank=dict(item["rank"]) if item.get("rank") else None,
        also=tuple(float(x) for x in item.get("also") or []),
    )


def parse_gold(yaml_text: str, article: str) -> GoldArticle:
    """Read a gold file's text against its article's text; :class:`GoldError` when they disagree."""
    data = YAML(typ="safe").load(yaml_text)
    if not isinstance(data, Mapping) or "claims" not in data:
        raise GoldError("a gold file is a mapping with a `claims` list")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise GoldError(f"unknown gold file fields {sorted(unknown)}")
    facts = [_fact(i, article, required=True) for i in data["claims"]]
    facts += [_fact(i, article, required=False) for i in data.get("optional") or []]
    published = data.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    return GoldArticle(
        facts=tuple(facts),
        article=data.get("article"),
        language=data.get("language"),
        published=published,
        published_in_text=bool(data.get("published_in_text", False)),
        split=str(data.get("split", "dev")),
    )


def read_gold_article(root: Path, article_path: str) -> str:
    """The text a gold file's ``article`` names, relative to the articles folder ``root``.

    A ``.txt`` path is the article itself. A ``.json`` path is a MediaWiki API response
    (``action=query&prop=extracts``) kept elsewhere in the shared data, e.g.
    ``../api-fixtures/mediawiki/wikipedia-client/Innopolis.json``: the text is the ``extract`` of
    its one page under ``query.pages``. A ``.jsonl`` path with ``#N`` names the record on line N
    (counted from 1) of a WiCE file, e.g. ``../stance-extra/wice/test.jsonl#482``: the text is its
    ``evidence`` sentences in order, one per line (joined with ``"\n"``). :class:`GoldError` when
    the response has no such page or the file no such record.
    """
    path_part, hash_mark, fragment = article_path.partition("#")
    path = root / path_part
    if hash_mark or path.suffix == ".jsonl":
        return _wice_evidence(path, article_path, fragment)
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".json":
        return text
    data = json.loads(text)
    pages = data.get("query", {}).get("pages", {}) if isinstance(data, dict) else {}
    extracts = [
        p["extract"]
        for p in (pages.values() if isinstance(pages, dict) else pages)
        if isinstance(p, dict) and isinstance(p.get("extract"), str)
    ]
    if len(extracts) != 1:
        raise GoldError(
            f"{article_path}: a MediaWiki response with one page extract expected, "
            f"found {len(extracts)}"
        )
    return str(extracts[0])


def _wice_evidence(path: Path, article_path: str, fragment: str) -> str:
    """The evidence sentences of line ``fragment`` (from 1) of a WiCE ``.jsonl``, one per line."""
    if path.suffix != ".jsonl" or not fragment.isdigit() or int(fragment) < 1:
        raise GoldError(
            f"{article_path}: a WiCE record is named as <file>.jsonl#<line number from 1>"
        )
    lines = path.read_text(encoding="utf-8").splitlines()
    number = int(fragment)
    if number > len(lines):
        raise GoldError(f"{article_path}: the file has {len(lines)} lines, no line {number}")
    record = json.loads(lines[number - 1])
    evidence = record.get("evidence") if isinstance(record, dict) else None
    if (
        not isinstance(evidence, list)
        or not evidence
        or not all(isinstance(s, str) for s in evidence)
    ):
        raise GoldError(
            f"{article_path}: a WiCE record with an `evidence` list of sentences expected"
        )
    return "\n".join(evidence)


# --- matching ------------------------------------------------------------------------------------


def _claim_numbers(c: Claim) -> list[Number]:
    out: list[Number] = [float(q.value) for q in c.quantities]
    out += [d.value for d in c.dates]
    if c.rank is not None:
        out.append(float(c.rank.position))
    return out


def _same(x: Number, y: Number) -> bool:
    if isinstance(x, str) or isinstance(y, str):
        return x == y
    return math.isclose(x, y, rel_tol=1e-3, abs_tol=1e-9)


def _contains(have: Sequence[Number], need: Iterable[Number]) -> bool:
    """Every number of ``need`` is in ``have`` (as multisets)."""
    rest = list(have)
    for x in need:
        for i, y in enumerate(rest):
            if _same(x, y):
                del rest[i]
                break
        else:
            return False
    return True


def _overlaps(c: Claim, f: GoldFact) -> bool:
    return c.span is not None and c.span[0] < f.span[1] and f.span[0] < c.span[1]


def states(claim: Claim, fact: GoldFact) -> bool:
    """The claim is about the fact's place in the text and carries all the fact's values."""
    return _overlaps(claim, fact) and _contains(_claim_numbers(claim), fact.numbers)


# Counters name what is counted, not a unit of measure: 41所 and 41 are the same count.
_COUNTERS = frozenset(
    [
        "个",
        "家",
        "所",
        "次",
        "件",
        "部",
        "支",
        "站",
        "项",
        "座",
        "条",
        "种",
        "位",
        "名",
        "篇",
        "本",
        "台",
        "辆",
        "艘",
        "架",
        "颗",
        "枚",
        "只",
        "场",
        "届",
        "批",
        "份",
        "例",
        "户",
        "处",
        "县",
        "镇",
    ]
)


def _unit(u: str | None) -> str | None:
    return None if u is None or u in _COUNTERS else u


def is_exact(claim: Claim, fact: GoldFact) -> bool:
    """The claim's normalized values agree with every value of the fact in full."""
    for gq in fact.quantities:
        if not any(
            math.isclose(float(gq["value"]), q.value, rel_tol=1e-4, abs_tol=1e-9)
            and (gq.get("upper") is None) == (q.upper is None)
            and (q.upper is None or math.isclose(float(gq["upper"]), q.upper, rel_tol=1e-4))
            and ("unit" not in gq or _unit(gq["unit"]) == _unit(q.unit))
            and gq.get("approx", "exact") == q.approx
            for q in claim.quantities
        ):
            return False
    for gd in fact.dates:
        if not any(
            gd["value"] == d.value and gd.get("precision", "day") == d.precision
            for d in claim.dates
        ):
            return False
    if fact.rank is not None:
        r = claim.rank
        return (
            r is not None
            and r.position == int(fact.rank["position"])
            and r.approx == fact.rank.get("approx", "exact")
        )
    return True


def _match(facts: Sequence[GoldFact], claims: Sequence[Claim]) -> dict[int, int]:
    """Maximum one-to-one matching fact → claim, required facts first (Kuhn's augmenting paths)."""
    edges: dict[int, list[int]] = {}
    for fi, f in enumerate(facts):
        cands = [ci for ci, c in enumerate(claims) if states(c, f)]
        # exact normalizations first, then claims carrying fewer numbers besides the fact's
        cands.sort(key=lambda ci: (not is_exact(claims[ci], f), len(_claim_numbers(claims[ci]))))
        edges[fi] = cands
    claim_of: dict[int, int] = {}  # claim index → fact index

    def augment(fi: int, seen: set[int]) -> bool:
        for ci in edges[fi]:
            if ci in seen:
                continue
            seen.add(ci)
            if ci not in claim_of or augment(claim_of[ci], seen):
                claim_of[ci] = fi
                return True
        return False

    # Augmenting paths never unmatch a matched fact, so required facts keep their claims when
    # optional ones are added afterwards. Facts with values go first: a claim carrying a value
    # then goes to the fact stating it rather than to a fact without values in the same sentence
    # (both matchings have the same size; this one does not depend on the order of the gold file).
    order = sorted(
        range(len(facts)), key=lambda i: (not facts[i].required, not facts[i].has_values)
    )

    for fi in order:
        augment(fi, set())
    return {fi: ci for ci, fi in claim_of.items()}


# --- atomicity and self-containment ----------------------------------------------------------


def is_atomic(claim: Claim, fact: GoldFact | None) -> bool:
    """One checkable value: its quantities and rank are the fact's numbers (≤ 1 when unmatched)."""
    nums: list[float] = [float(q.value) for q in claim.quantities]
    if claim.rank is not None:
        nums.append(float(claim.rank.position))
    if fact is None:
        return len(nums) <= 1
    allowed = [n for n in fact.numbers if not isinstance(n, str)] + list(fact.also)
    return all(any(_same(n, a) for a in allowed) for n in nums)


_EN_LEAD = re.compile(
    r"^(?:(?:In|On|At|By|During|After|Before|Since|From|Until|Between|Over|Following|Through|"
    r"Throughout|As of|Beginning|Starting|Within|Outside|Among|For|According to)\b[^,]{0,60},\s*"
    r"|(?:Meanwhile|However|Overall|Also|Additionally|Moreover|Furthermore|Today|Yesterday|Later|"
    r"Then|Now|Historically|Nevertheless|Still|Indeed|Instead|Similarly|Likewise|Thus|"
    r"Consequently|Finally|First|Second|Third|Again|Earlier|Currently|Originally|Eventually),?\s+)+"
)
_EN_ANAPHOR = re.compile(
    r"^(?:he|she|it|they|we|i|you|his|her|its|their|our|my|your|him|them|this|that|these|those|"
    r"such|the latter|the former)\b",
    re.IGNORECASE,
)
_ZH_LEAD = re.compile(
    r"^(?:(?:(?:在|于|从|自|至|到|截至|直至)?(?:\d{1,4}|[〇零一二三四五六七八九十]{2,4}|今|去|前|明|同|次|当|上|近|本)"
    r"[^，,。]{0,12}?(?:年|月|日|时|期间|以来|之后|以后|之前|以前|初|末|底|间)(?:[^，,。]{0,6}?(?:期间|以来|之后|以后|后|时))?"
    r"[，,]?)|(?:此外|另外|同时|与此同时|然而|但是|不过|而且|并且|因此|所以|其实|事实上|目前|当前|如今|"
    r"至今|截至目前|据悉|据报道)[，,]?)+"
)
_ZH_ANAPHOR_LEAD = re.compile(
    r"^(?:他|她|它|其(?![他它实余次])|该|此(?![外])|这|那(?![么样])|上述|前者|后者|两者|对方)"
)
# single characters count only where they are the verb (居世界第三, not 居民; 有3个, not 有关)
_ZH_PREDICATE_LEAD = re.compile(
    r"^(?:增长|下降|上涨|下跌|增加|减少|提高|降低|达到|达(?=\d)|占|位列|位居|居(?=[世全第首前中国])|"
    r"排名|排在|名列|是|也是|为(?![了何])|成为|共有|共(?=\d)|有(?=\d|[一二三四五六七八九十])|拥有|"
    r"其中|比上年|同比|环比|较|实现|获得|出生|生于|担任|发布|开发|进入|移居|退伍|回到|宣布|成立|设立|"
    r"改为|下辖|属于|位于|毗邻|创建|收购|完成|超过|突破|约(?=\d)|近(?=\d)|仅|并|还|又|也|都|均|分别|"
    r"服役|参与|主要|曾|于(?=\d))"
)
# a demonstrative anywhere, except right after the name it stands in apposition to (Git这个项目)
_ZH_ANAPHOR_ANYWHERE = re.compile(
    r"本届|本屆|(?<![应應])[该該](?=[\u4e00-\u9fff])|(?<![这這A-Za-z0-9）)])[这這](?=[\u4e00-\u9fff])|"
    r"那(?=[个些位家所座种项次年里])|上述"
)


def is_self_contained(text: str, language: str) -> bool:
    """The text names its subject: no leading pronoun, demonstrative or (zh) bare predicate."""
    t = text.strip()
    if language == "zh":
        if _ZH_ANAPHOR_ANYWHERE.search(t):
            return False
        head = _ZH_LEAD.sub("", t, count=1).lstrip("，, ")
        return bool(head) and not (_ZH_ANAPHOR_LEAD.match(head) or _ZH_PREDICATE_LEAD.match(head))
    head = _EN_LEAD.sub("", t, count=1).lstrip(",;:—– ")
    return bool(head) and not _EN_ANAPHOR.match(head) and not t[0].islower()


# --- scoring -------------------------------------------------------------------------------------


def score_claims(gold: GoldArticle, claims: Sequence[Claim], language: str) -> ArticleScore:
    """Recall, precision, normalization, atomicity and self-containment of ``claims``."""
    facts = gold.facts
    matched = _match(facts, claims)
    fact_of_claim = {ci: fi for fi, ci in matched.items()}
    s = ArticleScore(claims=len(claims))
    for fi, f in enumerate(facts):
        if not f.required:
            continue
        s.required += 1
        s.value_required += f.has_values
        if fi not in matched:
            s.missed.append(f.text)
            continue
        s.matched += 1
        s.value_matched += f.has_values
        c = claims[matched[fi]]
        if is_exact(c, f):
            s.normalized += 1
        else:
            s.inexact.append(f"{f.text} ~ {c.text} {_values_repr(c)}")
    for ci, c in enumerate(claims):
        fact = facts[fact_of_claim[ci]] if ci in fact_of_claim else None
        if fact is not None:
            s.claims_matched += 1
        else:
            s.spurious.append(f"{c.text} {_values_repr(c)}")
        if is_atomic(c, fact):
            s.atomic += 1
        else:
            s.non_atomic.append(c.text)
        if is_self_contained(c.text, language):
            s.self_contained += 1
        else:
            s.not_self_contained.append(c.text)
    return s


def _values_repr(c: Claim) -> str:
    parts = [f"{q.value:g}{q.unit or ''}/{q.approx}" for q in c.quantities]
    parts += [f"{d.value}/{d.precision}" for d in c.dates]
    if c.rank is not None:
        parts.append(f"#{c.rank.position}/{c.rank.approx}")
    return "[" + ", ".join(parts) + "]"


# --- the naive baseline --------------------------------------------------------------------------

_DIGIT = re.compile(r"[0-9０-９]")


def digit_sentence_claims(
    text: str, language: str, published: dt.date | None = None
) -> list[Claim]:
    """The naive baseline: every sentence with a digit is a claim, values read by the same reader."""
    out: list[Claim] = []
    for s in split_sentences(text, language):
        if not _DIGIT.search(s.text):
            continue
        values = read_values(s.text, language=language, published=published)
        out.append(
            Claim(
                id=f"baseline-c{len(out) + 1:03d}",
                text=s.text,
                sentence=s.text,
                span=(s.start, s.end),
                quantities=[m.value for m in values.quantities],
                dates=[m.value for m in values.dates],
                rank=values.ranks[0].value if values.ranks else None,
            )
        )
    return out
