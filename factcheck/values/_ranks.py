"""Ranks: 第三, 排名第6, 排首位, 分列第2和5名, 前15名, top 10, not in the top 15, third-busiest."""

from __future__ import annotations

import re

from factcheck.models import Approx, Rank
from factcheck.values._match import Match, without_overlaps
from factcheck.values._numbers import cn_int
from factcheck.values._text import prepare, resolve_language

__all__ = ["find_ranks"]

_RANK_VERBS = (
    r"(?:分别位列|分别排名|分别排在|分别居|分列|分居|位列|排名|排行|名列|位居|高居|居于|居|排在|排|"
    r"列|位于|荣登|跃居|稳居|跻身|位次)"
)
_RANK_SCOPES = (
    r"(?:全国|全球|世界|全世界|国内|国际|亚洲|全省|全市|中国|全美|欧洲|同行业|行业|榜单|榜上|"
    r"全区|全网)"
)
_CN_ORDINAL = r"(?:\d+|[一二三四五六七八九十百]+)"
_CN_RANK_RE = re.compile(
    rf"(?:(?P<verb>{_RANK_VERBS})(?P<scope>{_RANK_SCOPES})?|(?P<scope2>{_RANK_SCOPES}))?"
    rf"第(?P<pos>{_CN_ORDINAL})(?P<suffix>名|位)?"
)
# 第2和5名, 第三、第五位: the ordinals after a rank continue it
_CN_RANK_MORE_RE = re.compile(
    rf"(?:和|与|及|以及|、|，|,)第?(?P<pos>{_CN_ORDINAL})(?P<suffix>名|位)?"
)
# 第三大经济体, 第二高峰: an ordinal before a superlative adjective (not 第五大道, 第三大队)
_CN_SUPERLATIVE_RE = re.compile(
    rf"第(?P<pos>{_CN_ORDINAL})(?:大|高|多|长|深|快|强|富)"
    r"(?!道|街|队|学|会|厅|楼|桥|类|师|区|段|章|节|项|题|批|洲|洋|陆)"
)
# 排首位, 位居全国首位, 居榜首, 登上榜首: position 1
_CN_FIRST_RE = re.compile(
    rf"(?P<verb>{_RANK_VERBS}|登上|占据|问鼎|夺得|稳坐|坐上)(?P<scope>{_RANK_SCOPES})?"
    r"(?:首位|榜首|(?<=居)首(?![都府次个批家届位]))"
)
_CN_TOP_NEG = r"(?:没能|没有|未能|未|没|无缘|难以|不能|无法|跌出|未曾|未进|落后于)"
_CN_TOP_RE = re.compile(
    rf"(?P<neg>{_CN_TOP_NEG}(?:进入|进|跻身|入围|挤进|闯入|入)?)?"
    rf"(?P<verb>{_RANK_VERBS}|进入|跻身|入围|挤进|闯入)?(?P<scope>{_RANK_SCOPES})?"
    rf"前(?P<pos>\d+|[一二三四五六七八九十百]+)(?P<suffix>名|位|强)?"
)
# a negation a few characters before 前N in the same clause: 未能再次进入前十, 不在全国前十
_CN_NEG_BEFORE_RE = re.compile(r"(?:没|未|无缘|跌出|掉出|退出|不在|不再)[^，,。；;！!？?\d]{0,8}$")
_EN_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "twentieth": 20,
}  # fmt: skip
_EN_ORD = r"(?:\d+(?:st|nd|rd|th)|" + "|".join(_EN_ORDINALS) + r")"
_EN_RANK_RE = re.compile(
    rf"(?<![\w])(?:"
    rf"(?P<verb>ranked|ranks|rank|ranking|placed|places|finished|came|comes|is|was|are|were|be|been)\s+"
    rf"(?:(?:at\s+)?(?:No\.|number|#)\s*(?P<pos_no>\d+)(?:st|nd|rd|th)?|(?P<pos_ord>{_EN_ORD}))"
    rf"(?:\s+(?:in|among|on|of)\s+(?:the\s+)?(?P<scope>(?:world|country|nation|US|U\.S\.|"
    rf"Europe|Asia|state|league|list|index|ranking)))?"
    rf"|(?:fell|rose|dropped|slipped|climbed|sank|jumped|moved|returned|slid|tumbled)\s+(?:back\s+)?to\s+"
    rf"(?:(?:No\.|number|#)\s*(?P<pos_mv>\d+)(?:st|nd|rd|th)?|(?P<pos_mv_ord>{_EN_ORD}))"
    rf"(?=\s+(?:in|among|on|of|place|position|spot)\b|\s*[.,;]|$)"
    rf"|(?:No\.|number)\s*(?P<pos_no2>\d+)\s+(?:in|among|on)\s+(?:the\s+)?(?P<scope2>[A-Za-z.]+)"
    rf"|(?P<scope3>world)\s+(?:No\.|number)\s*(?P<pos_no3>\d+)"
    # "the No. 1 pick", "the No. 3 seed", "No. 2 overall": a place in a draft, seeding or list
    rf"|(?:No\.|number|#)\s*(?P<pos_no4>\d+)(?=\s+(?:overall\b|(?:overall\s+|draft\s+)?"
    rf"(?:pick|seed|selection|draft\s+pick|ranked|spot|position|place)s?\b))"
    rf"|(?:ranked|ranks|ranking|placed|came|finished)\s+(?P<pos_of>\d+)(?=\s+(?:out\s+of|of|among)\s+\d)"
    rf"|(?P<neg>not|n't|never|failed to (?:make|reach|enter|crack)|(?:missed|outside))?\s*"
    rf"(?:(?:be|make|reach|crack|enter|get into|in|among|into|of)\s+)?(?:the\s+)?"
    rf"top[\s-](?P<top>\d+|ten|five|three|twenty|fifty|hundred)"
    rf")(?![\w])",
    re.IGNORECASE,
)
# third-busiest, second largest, 5th most populous, fourth-ranked
_EN_SUPERLATIVE_RE = re.compile(
    rf"(?<![\w-])(?P<ord>{_EN_ORD})[\s-]+(?:(?:most|least)\s+[a-z]+|ranked|[a-z]{{2,}}est)(?![\w-])",
    re.IGNORECASE,
)
_NOT_SUPERLATIVE = frozenset(
    [
        "interest",
        "forest",
        "west",
        "test",
        "request",
        "harvest",
        "protest",
        "rest",
        "guest",
        "chest",
        "nest",
        "suggest",
        "contest",
        "invest",
        "arrest",
        "digest",
        "manifest",
        "honest",
        "modest",
        "quest",
        "crest",
        "pest",
        "vest",
        "zest",
    ]
)
# "ranked 2nd and 5th", "third, fourth and sixth": ordinals continuing a rank
_EN_RANK_MORE_RE = re.compile(
    rf"(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s+and\s+)(?P<ord>{_EN_ORD})\b", re.I
)
# a negation earlier in the clause: "has not been in the top 10", "was never among the top five"
_EN_NEG_BEFORE_RE = re.compile(
    r"(?:\b(?:not|never|no longer|failed to|(?:dropped|fell|slipped|crashed|tumbled) out(?: of)?|"
    r"outside(?: of)?)\b|n't)(?!\s+only\b)[^.,;:!?\d]{0,30}$",
    re.IGNORECASE,
)
_EN_TOP_WORDS = {"ten": 10, "five": 5, "three": 3, "twenty": 20, "fifty": 50, "hundred": 100}


def find_ranks(text: str, *, language: str | None = None) -> list[Match[Rank]]:
    """Find rank statements (第三, 排名第6, 前15名, not in the top 15), in text order."""
    text, norm = prepare(text)
    language = resolve_language(text, language)
    found: list[Match[Rank]] = []
    if language != "en":
        found += _find_cn_ranks(norm, text)
    if language != "zh":
        found += _find_en_ranks(norm, text)
    return without_overlaps(found)


def _rank(
    text: str, start: int, end: int, pos: int, scope: str | None = None, approx: Approx = "exact"
) -> Match[Rank]:
    return Match(start, end, Rank(position=pos, scope=scope, approx=approx, raw=text[start:end]))


def _find_cn_ranks(norm: str, text: str) -> list[Match[Rank]]:
    out: list[Match[Rank]] = []
    for m in _CN_RANK_RE.finditer(norm):
        pos = cn_int(m.group("pos"))
        if not pos:
            continue
        after = norm[m.end() : m.end() + 1]
        has_context = bool(m.group("verb") or m.group("scope2") or m.group("suffix"))
        more = list(_continued_cn_ranks(norm, text, m.end()))
        if more and not has_context and not more[-1][2]:
            more = []  # 第三、第四 with no rank word: an enumeration
        has_context = has_context or bool(more)
        if not has_context and after and after not in "，,。；;、）)！!？?\n ":
            continue  # 第三方, 第二次: an ordinal modifying a noun, not a rank
        if not has_context:
            before = norm[max(0, m.start() - 1) : m.start()]
            if not before or before in "，,。；;、（(":
                continue  # "第三，" opening a clause is an enumeration, not a rank
        scope = m.group("scope") or m.group("scope2")
        out.append(_rank(text, m.start(), m.end(), pos, scope))
        out += [_rank(text, s, e, p, scope) for s, e, _, p in more]
    for m in _CN_SUPERLATIVE_RE.finditer(norm):
        pos = cn_int(m.group("pos"))
        if pos:
            out.append(_rank(text, m.start(), m.end(), pos))
    for m in _CN_FIRST_RE.finditer(norm):
        out.append(_rank(text, m.start(), m.end(), 1, m.group("scope")))
    for m in _CN_TOP_RE.finditer(norm):
        pos = cn_int(m.group("pos"))
        if not pos:
            continue
        neg = m.group("neg") or _CN_NEG_BEFORE_RE.search(norm[max(0, m.start() - 10) : m.start()])
        if not (neg or m.group("verb") or m.group("suffix") or m.group("scope")):
            continue  # 前15 without context could be "before 15"
        if m.group("suffix") == "强" and not (neg or m.group("verb")):
            continue  # 前500强 as a name
        approx: Approx = "more_than" if neg else "at_most"
        out.append(_rank(text, m.start(), m.end(), pos, m.group("scope"), approx))
    return out


def _continued_cn_ranks(norm: str, text: str, end: int) -> list[tuple[int, int, bool, int]]:
    """(start, end, has_suffix, position) of the ordinals continuing a rank at ``end``."""
    out: list[tuple[int, int, bool, int]] = []
    while True:
        m = _CN_RANK_MORE_RE.match(norm, end)
        if not m:
            return out
        pos = cn_int(m.group("pos"))
        if not pos:
            return out
        out.append(
            (
                m.start("pos") - (norm[m.start("pos") - 1] == "第"),
                m.end(),
                bool(m.group("suffix")),
                pos,
            )
        )
        if m.group("suffix"):
            return out
        end = m.end()


def _ordinal(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text[:-2].isdigit():
        return int(text[:-2])
    return _EN_ORDINALS[text.lower()]


_SHARE_AFTER = re.compile(r"[.,]\d|\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)


def _find_en_ranks(norm: str, text: str) -> list[Match[Rank]]:
    out: list[Match[Rank]] = []
    for m in _EN_RANK_RE.finditer(norm):
        g = m.groupdict()
        start = m.start()
        if g["top"]:
            top = g["top"].lower()
            pos = int(top) if top.isdigit() else _EN_TOP_WORDS[top]
            if pos < 1 or _SHARE_AFTER.match(norm, m.end()):
                continue  # "the top 0.1 percent", "the top 10% of earners": a share, not a rank
            neg = g["neg"]
            if not neg:
                # Leading whitespace may have been consumed by the optional negation group.
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
                cue = _EN_NEG_BEFORE_RE.search(norm[max(0, start - 40) : start])
                if cue:
                    neg = cue.group()
                    start -= len(cue.group())
            approx: Approx = "more_than" if neg else "at_most"
            out.append(_rank(text, start, m.end(), pos, approx=approx))
            continue
        pos_text = (
            g["pos_no"]
            or g["pos_ord"]
            or g["pos_no2"]
            or g["pos_of"]
            or g["pos_no3"]
            or g["pos_no4"]
            or g["pos_mv"]
            or g["pos_mv_ord"]
        )
        if pos_text is None:
            continue
        verb = (g["verb"] or "").lower()
        if (
            verb in ("is", "was", "are", "were", "be", "been")
            and not g["scope"]
            and not g["pos_no"]
        ):
            continue  # "is first" without a ranking scope is too vague
        scope = g["scope"] or g["scope2"] or g["scope3"]
        if _ordinal(pos_text) < 1:
            continue  # "No. 0", "#0": no place in a ranking
        out.append(_rank(text, start, m.end(), _ordinal(pos_text), scope))
        end = m.end()
        while more := _EN_RANK_MORE_RE.match(norm, end):
            out.append(
                _rank(text, more.start("ord"), more.end(), _ordinal(more.group("ord")), scope)
            )
            end = more.end()
    for m in _EN_SUPERLATIVE_RE.finditer(norm):
        last = m.group().split()[-1].split("-")[-1].lower()
        if last in _NOT_SUPERLATIVE:
            continue
        out.append(_rank(text, m.start(), m.end(), _ordinal(m.group("ord"))))
    return out
