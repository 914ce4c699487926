"""Reading Chinese written in traditional characters (pure).

The extraction rules, the jieba dictionary and the value reader are written for simplified
characters (于, 举行, 亿). A text in traditional characters (於, 舉行, 億) is read through a copy
converted one character to one (offsets stay the same), and what the claims quote is put back in
the article's own characters: a claim's sentence is the article's text, its wording the original
wherever it is a piece of the sentence.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["in_original_script", "is_traditional", "to_simplified"]


@cache
def _table() -> dict[int, str]:
    text = resources.files("factcheck.extract").joinpath("data", "t2s_chars.txt").read_text("utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for pair in line.split():
            table[ord(pair[0])] = pair[1]
    return table


def to_simplified(text: str) -> str:
    """``text`` with traditional characters replaced by simplified ones, one for one."""
    return text.translate(_table())


def is_traditional(text: str, *, share: float = 0.1) -> bool:
    """True when at least ``share`` of the Han characters (and five or more) have a simplified
    form of their own. Measured on the 20 real articles of ../shared/data/articles: a traditional
    one has 0.30, simplified ones 0.00-0.006 (a stray 於 or 乾 in a name, a quoted name)."""
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    table = _table()
    converted = sum(ord(ch) in table for ch in han)
    return converted >= 5 and converted >= share * len(han)


def in_original_script(claim_text: str, *sources: tuple[str, str]) -> str:
    """``claim_text`` (written from simplified text) with every run that is a piece of a source's
    simplified text put back as the same piece of its original; ``sources`` are
    ``(simplified, original)`` pairs of equal length, the nearest first (the sentence, then the
    whole article, for a subject named elsewhere)."""
    sources = tuple((s, o) for s, o in sources if s != o)
    if not sources:
        return claim_text
    out: list[str] = []
    i = 0
    while i < len(claim_text):
        best = (0, "")
        for simplified, original in sources:
            length, at = _longest_piece(claim_text, i, simplified)
            if length > best[0]:
                best = (length, original[at : at + length])
        if best[0] == 0:
            out.append(claim_text[i])
            i += 1
        else:
            out.append(best[1])
            i += best[0]
    return "".join(out)


def _longest_piece(text: str, i: int, source: str) -> tuple[int, int]:
    """The longest piece of ``source`` that ``text`` has at ``i``: (length, offset in source)."""
    best_len, best_at = 0, -1
    lo, hi = 1, len(text) - i
    while lo <= hi:  # a piece's prefixes are pieces too: the lengths that are found form a range
        mid = (lo + hi) // 2
        at = source.find(text[i : i + mid])
        if at >= 0:
            best_len, best_at = mid, at
            lo = mid + 1
        else:
            hi = mid - 1
    return best_len, best_at
