"""Ranks: 第三, 排名第6, 前15名, top 10, not in the top 15, ranked third in the world."""

from __future__ import annotations

import re

from factcheck.models import Approx, Rank
from factcheck.values._match import Match, without_overlaps
from factcheck.values._numbers import cn_int
from factcheck.values._text import prepare

__all__ = ["find_ranks"]

_RANK_VERBS = r"(?:位列|排名|排行|名列|位居|高居|居于|居|排在|排|列|位于|荣登|跃居|稳居|跻身|位次)"
_RANK_SCOPES = (
    r"(?:全国|全球|世界|全世界|国内|国际|亚洲|全省|全市|中国|全美|欧洲|同行业|行业|榜单|榜上|"
    r"全区|全网)"
)
_CN_ORDINAL = r"(?:\d+|[一二三四五六七八九十百]+)"
_CN_RANK_RE = re.compile(
    rf"(?:(?P<verb>{_RANK_VERBS})(?P<scope>{_RANK_SCOPES})?|(?P<scope2>{_RANK_SCOPES}))?"
    rf"第(?P<pos>{_CN_ORDINAL})(?P<suffix>名|位)?"
)
_CN_TOP_NEG = r"(?:没能|没有|未能|未|没|无缘|难以|不能|无法|跌出|未曾|未进|落后于)"
_CN_TOP_RE = re.compile(
    rf"(?P<neg>{_CN_TOP_NEG}(?:进入|进|跻身|入围|挤进|闯入|入)?)?"
    rf"(?P<verb>{_RANK_VERBS}|进入|跻身|入围|挤进|闯入)?(?P<scope>{_RANK_SCOPES})?"
    rf"前(?P<pos>\d+|[一二三四五六七八九十百]+)(?P<suffix>名|位|强)?"
)
_EN_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "twentieth": 20,
}  # fmt: skip
_EN_ORD = r"(?:\d+(?:st|nd|rd|th)|" + "|".join(_EN_ORDINALS) + r")"
_EN_RANK_RE = re.compile(
    rf"(?<![\w])(?:"
    rf"(?P<verb>ranked|ranks|rank|ranking|placed|places|finished|came|comes|is|was|are|were)\s+"
    rf"(?:(?:at\s+)?(?:No\.|number)\s*(?P<pos_no>\d+)|(?P<pos_ord>{_EN_ORD}))"
    rf"(?:\s+(?:in|among|on|of)\s+(?:the\s+)?(?P<scope>(?:world|country|nation|US|U\.S\.|"
    rf"Europe|Asia|state|league|list|index|ranking)))?"
    rf"|(?:No\.|number)\s*(?P<pos_no2>\d+)\s+(?:in|among|on)\s+(?:the\s+)?(?P<scope2>[A-Za-z.]+)"
    rf"|(?P<neg>not|n't|never|failed to (?:make|reach|enter|crack)|(?:missed|outside))?\s*"
    rf"(?:(?:be|make|reach|crack|enter|get into|in|among|into|of)\s+)?(?:the\s+)?"
    rf"top[\s-](?P<top>\d+|ten|five|three|twenty|fifty|hundred)"
    rf")(?![\w])",
    re.IGNORECASE,
)
_EN_TOP_WORDS = {"ten": 10, "five": 5, "three": 3, "twenty": 20, "fifty": 50, "hundred": 100}


def find_ranks(text: str, *, language: str | None = None) -> list[Match[Rank]]:
    """Find rank statements (第三, 排名第6, 前15名, not in the top 15), in text order."""
    text, norm = prepare(text)
    found: list[Match[Rank]] = []
    if language != "en":
        found += _find_cn_ranks(norm, text)
    if language != "zh":
        found += _find_en_ranks(norm, text)
    return without_overlaps(found)


def _find_cn_ranks(norm: str, text: str) -> list[Match[Rank]]:
    out: list[Match[Rank]] = []
    for m in _CN_RANK_RE.finditer(norm):
        pos = cn_int(m.group("pos"))
        if not pos:
            continue
        after = norm[m.end() : m.end() + 1]
        has_context = bool(m.group("verb") or m.group("scope2") or m.group("suffix"))
        if not has_context and after and not re.match(r"[，,。；;、）)！!？?\s]|$", after):
            continue  # 第三方, 第二次: an ordinal modifying a noun, not a rank
        if not has_context and after and after not in "，,。；;、）)！!？?\n ":
            continue
        if not has_context:
            before = norm[max(0, m.start() - 1) : m.start()]
            if not before or before in "，,。；;、（(":
                continue  # "第三，" opening a clause is an enumeration, not a rank
        scope = m.group("scope") or m.group("scope2")
        out.append(
            Match(
                m.start(), m.end(), Rank(position=pos, scope=scope, raw=text[m.start() : m.end()])
            )
        )
    for m in _CN_TOP_RE.finditer(norm):
        pos = cn_int(m.group("pos"))
        if not pos:
            continue
        neg = m.group("neg")
        if not (neg or m.group("verb") or m.group("suffix") or m.group("scope")):
            continue  # 前15 without context could be "before 15"
        if m.group("suffix") == "强" and not (neg or m.group("verb")):
            continue  # 前500强 as a name
        approx: Approx = "more_than" if neg else "at_most"
        out.append(
            Match(
                m.start(),
                m.end(),
                Rank(
                    position=pos,
                    scope=m.group("scope"),
                    approx=approx,
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    return out


def _find_en_ranks(norm: str, text: str) -> list[Match[Rank]]:
    out: list[Match[Rank]] = []
    for m in _EN_RANK_RE.finditer(norm):
        g = m.groupdict()
        start = m.start()
        if g["top"]:
            top = g["top"].lower()
            pos = int(top) if top.isdigit() else _EN_TOP_WORDS[top]
            neg = g["neg"]
            if not neg:
                # Leading whitespace may have been consumed by the optional negation group.
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            approx: Approx = "more_than" if neg else "at_most"
            out.append(
                Match(start, m.end(), Rank(position=pos, approx=approx, raw=text[start : m.end()]))
            )
            continue
        pos_text = g["pos_no"] or g["pos_ord"] or g["pos_no2"]
        if pos_text is None:
            continue
        verb = (g["verb"] or "").lower()
        if verb in ("is", "was", "are", "were") and not g["scope"] and not g["pos_no"]:
            continue  # "is first" without a ranking scope is too vague
        if pos_text.isdigit():
            pos = int(pos_text)
        elif pos_text[:-2].isdigit():
            pos = int(pos_text[:-2])
        else:
            pos = _EN_ORDINALS[pos_text.lower()]
        scope = g["scope"] or g["scope2"]
        out.append(
            Match(start, m.end(), Rank(position=pos, scope=scope, raw=text[start : m.end()]))
        )
    return out
