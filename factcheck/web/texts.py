"""Texts the app shows around a claim: archived evidence as inert text, the article with claim spans.

Pure functions return :class:`Segment` lists (plain text pieces, some marked); templates escape every
piece, so nothing from an archived page or an article is ever interpreted as HTML. File reading is
limited to the evidence archive and the claim files' local article sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import ArticleError, ClaimFileErrors, InputError

__all__ = [
    "MAX_SHOWN_CHARS",
    "ArticleView",
    "Segment",
    "excerpt",
    "highlight_quote",
    "highlight_spans",
    "load_article",
]

MAX_SHOWN_CHARS = 400_000
"""Longest text shown on one page (an archived body is cut there, with a note)."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text; ``mark`` names what it highlights (a claim id, ``quote``) or is ``None``."""

    text: str
    mark: str | None = None


def highlight_quote(text: str, quote: str) -> tuple[list[Segment], bool]:
    """Split ``text`` around the first place ``quote`` appears (whitespace-insensitive).

    Returns the segments and whether the quote was found. Long quotes are matched on their first
    30 words (a passage may be cut differently from the archived copy).
    """
    words = quote.split()[:30]
    if not words:
        return [Segment(text)], False
    pattern = re.compile(
        r"\s*".join(re.escape(w) for w in words)
        if _is_cjk(quote)
        else r"\s+".join(re.escape(w) for w in words)
    )
    match = pattern.search(text)
    if match is None:
        return [Segment(text)], False
    return [
        Segment(text[: match.start()]),
        Segment(text[match.start() : match.end()], "quote"),
        Segment(text[match.end() :]),
    ], True


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def highlight_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Segment]:
    """Split ``text`` at the ``(start, end, claim_id)`` spans; overlapping spans are skipped."""
    out: list[Segment] = []
    pos = 0
    for start, end, claim_id in sorted(spans):
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], claim_id))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def excerpt(text: str, span: tuple[int, int], *, context: int = 300) -> list[Segment]:
    """The span with up to ``context`` characters around it (cut at line breaks when possible)."""
    start, end = span
    if not (0 <= start < end <= len(text)):
        return []
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    before = text[lo:start]
    after = text[end:hi]
    if lo > 0 and "\n" in before:
        before = before[before.index("\n") + 1 :]
    if hi < len(text) and "\n" in after:
        after = after[: after.rindex("\n")]
    return [
        Segment(("…" if lo > 0 and before == text[lo:start] else "") + before),
        Segment(text[start:end], "claim"),
        Segment(after + ("…" if hi < len(text) and after == text[end:hi] else "")),
    ]


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as the claim files describe it, with its text when the source is a local file."""

    article_id: str
    title: str | None
    source: str | None
    language: str | None
    text: str | None


def load_article(claim_file: str | None, article_id: str, *, root: Path) -> ArticleView | None:
    """Read the article of a claim file: metadata from the file, text from a local source.

    ``root`` is the folder relative paths are taken from (the project folder). Returns ``None``
    when the claim file is gone or does not describe ``article_id``; ``text`` is ``None`` when the
    source is a URL or cannot be read.
    """
    from factcheck.claims import load_claim_files
    from factcheck.extract.inputs import read_article_text

    if not claim_file:
        return None
    path = Path(claim_file)
    if not path.is_absolute():
        path = root / path
    try:
        [loaded] = load_claim_files([path])
    except (ClaimFileErrors, InputError, OSError, ValueError):
        return None
    article = loaded.model.article
    if article is None or article.id != article_id:
        return None
    text: str | None = None
    source = article.source
    if source and not re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        src = Path(source)
        if not src.is_absolute():
            src = root / src
        try:
            data = src.read_bytes()
            text = read_article_text(data, name=src.name).text
        except (OSError, ArticleError):
            text = None
    return ArticleView(
        article_id=article.id,
        title=article.title,
        source=source,
        language=article.language,
        text=text,
    )
