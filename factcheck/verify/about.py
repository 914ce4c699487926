"""What a claim is about: the names of its subject, and whether a label or a passage names it (pure).

The subject's names are the claim's ``subject`` when it is a name, the claim's entities inside the
subject phrase (融科资讯中心 in 融科资讯中心周边), or — without a subject — the first entity of the
text. A Wikidata item is the claim's subject when one of its labels or aliases (any language) is one
of those names, or the entity's Q-id is the item's; :func:`label_matches` allows generic company
affixes (北京深度求索公司 vs 深度求索) and a name that covers most of the label, never a mere shared
place name (北京 is not 北京海淀区科学院南路).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from factcheck.fetchers.keywords import is_name_like
from factcheck.models import Claim

__all__ = [
    "item_labels",
    "label_matches",
    "mentions_any",
    "norm_name",
    "subject_names",
]

_GENERIC_AFFIX = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|总公司|"
    r"\binc\b\.?|\bltd\b\.?|\bco\b\.?|\bcorp(?:oration)?\b\.?|\bllc\b|\bplc\b|\bgroup\b|\bthe\b)",
    re.IGNORECASE,
)
_PUNCT = re.compile(r"[\s\-_·・.,，。()（）\"'“”’‘]+")


def norm_name(text: str) -> str:
    """Name for comparison: NFKC, case-folded, punctuation and spaces removed."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).casefold())


_PLACE_SUFFIX = re.compile(r"(?<=[\u3400-\u9fff])(?:市|省|自治区|特别行政区|地区)$")


def _core(text: str) -> str:
    core = _GENERIC_AFFIX.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return norm_name(_PLACE_SUFFIX.sub("", core))


def label_matches(label: str, name: str) -> bool:
    """Whether an item ``label`` (or alias) names the same thing as the claim's ``name``."""
    a, b = norm_name(label), norm_name(name)
    if not a or not b:
        return False
    if a == b:
        return True
    ca, cb = _core(label), _core(name)
    if ca and ca == cb:
        return True
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    # one contains the other and covers most of it: 深度求索 / 北京深度求索公司 (core 北京深度求索);
    # never a two-character place: 北京 is not 北京大学
    return len(short) >= 3 and short in long_ and len(short) >= 0.6 * len(long_)


def subject_names(claim: Claim) -> list[str]:
    """Names of the claim's subject, most specific first (may be empty)."""
    names: list[str] = []
    subject = (claim.subject or "").strip()
    inside = sorted(
        (e.text for e in claim.entities if e.text and subject and e.text in subject),
        key=len,
        reverse=True,
    )
    if subject and is_name_like(subject):
        names.append(subject)
    names.extend(inside)
    if not names:
        ordered = sorted(
            (e for e in claim.entities if e.text and e.text in claim.text),
            key=lambda e: claim.text.find(e.text),
        )
        if ordered:
            names.append(ordered[0].text)
    # 亳州市 is written 亳州 as often as not; 北京市 北京 (never a one-character core: 亳县 ≠ 亳)
    cores = [c for n in names if (c := _PLACE_SUFFIX.sub("", n)) != n and len(c) >= 2]
    return [n for n in dict.fromkeys([*names, *cores]) if len(norm_name(n)) >= 2]


def item_labels(structured: Mapping[str, Any]) -> list[str]:
    """Labels and aliases (every language) of a structured item."""
    out: list[str] = []
    for key in ("labels", "aliases"):
        val = structured.get(key)
        if isinstance(val, Mapping):
            for v in val.values():
                out.extend(v if isinstance(v, list) else [v])
        elif isinstance(val, list):
            out.extend(val)
        elif isinstance(val, str):
            out.append(val)
    return [str(x) for x in out if x]


def mentions_any(text: str, names: Iterable[str]) -> bool:
    """Whether ``text`` names one of ``names``. Latin-script names match whole words, and not as
    part of a longer name: "Elsa Einstein" is no mention of "Einstein" (unless Elsa is a word of
    one of ``names``)."""
    names = [n for n in names if n]
    folded = unicodedata.normalize("NFKC", text).casefold()
    allowed = {w.casefold() for n in names for w in re.findall(r"[A-Za-z][A-Za-z'-]*", n)}
    for n in names:
        key = unicodedata.normalize("NFKC", n).casefold()
        if not re.search(r"[a-z]", key):
            if key in folded:
                return True
            continue
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", folded):
            before = re.search(r"([A-Za-z][A-Za-z'-]*)\s+$", text[: m.start()])
            if before is not None:
                word = before.group(1)
                if (
                    word[0].isupper()
                    and word.casefold() not in allowed
                    and word.casefold() not in _NAME_TITLES
                ):
                    continue  # another person of that family name
            return True
    return False


_NAME_TITLES = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "as",
        "to",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "professor",
        "sir",
        "president",
        "physicist",
        "scientist",
        "when",
        "while",
        "after",
        "before",
        "since",
        "during",
    ]
)


def names_in_order(names: Sequence[str]) -> list[str]:
    """Names without duplicates, longest first (so 北京大学 is tried before 北京)."""
    return sorted(dict.fromkeys(n for n in names if n), key=len, reverse=True)
