"""A local folder of txt/md/html documents the user provides, searched with BM25.

Off until ``fetchers.library.path`` is set. The index lives in memory and is rebuilt whenever a
file is added, removed or modified (the folder's (path, mtime, size) signature changes). Chinese is
tokenized into character bigrams, other text into lower-case words, so no dictionary is needed.
No HTTP: documents carry a ``file://`` URL and the file's modification time as ``retrieved_at``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Self

from factcheck.errors import NotConfigured
from factcheck.fetchers._html import extract_html
from factcheck.fetchers._util import detect_language, make_document, normalize_space
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = [
    "SUFFIXES",
    "LibraryFetcher",
    "LibraryIndex",
    "folder_signature",
    "markdown_to_text",
    "read_library_file",
    "tokenize",
]

logger = logging.getLogger(__name__)

NAME = "library"
SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
_K1 = 1.5
_B = 0.75
# Character bigrams make almost every Chinese file share a few terms with any query ("中国", "科技");
# a file scoring under this fraction of the best file's score is such an accidental match.
_MIN_RELATIVE_SCORE = 0.2
_WORD_RE = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK_RE = re.compile(r"^[ \t]{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)", re.MULTILINE)
_MD_EMPH_RE = re.compile(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1")


def tokenize(text: str) -> list[str]:
    """Lower-case words and CJK character bigrams (a lone CJK character stays a unigram)."""
    lowered = text.lower()
    tokens = _WORD_RE.findall(_CJK_RUN_RE.sub(" ", lowered))
    for run in _CJK_RUN_RE.findall(lowered):
        if len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def markdown_to_text(markdown: str) -> str:
    """Markdown without its markup: links become their text, headings and list marks go."""
    text = _MD_LINK_RE.sub(r"\1", markdown)
    text = _MD_MARK_RE.sub("", text)
    text = _MD_EMPH_RE.sub(r"\2", text)
    return normalize_space(text)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("utf-8", errors="replace")


def read_library_file(path: Path) -> tuple[str, str | None, str]:
    """(text, title, sha256 of the bytes) of one library file."""
    raw = path.read_bytes()
    content = _decode(raw)
    sha = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        info = extract_html(content, path.as_uri())
        return str(info["text"]), info["title"] or path.stem, sha
    if suffix in (".md", ".markdown"):
        heading = re.search(r"^\s{0,3}#\s+(.+)$", content, re.MULTILINE)
        return markdown_to_text(content), heading.group(1).strip() if heading else path.stem, sha
    return normalize_space(content), path.stem, sha


def folder_signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """(relative path, mtime ns, size) of every library file under ``folder``, sorted."""
    entries = []
    for path in folder.rglob("*"):
        if path.suffix.lower() in SUFFIXES and path.is_file():
            st = path.stat()
            entries.append((path.relative_to(folder).as_posix(), st.st_mtime_ns, st.st_size))
    return tuple(sorted(entries))


@dataclass
class _Entry:
    path: Path
    text: str
    title: str | None
    sha256: str
    mtime_ns: int
    length: int
    counts: Counter[str] = field(default_factory=Counter)


@dataclass
class LibraryIndex:
    """BM25 over the files of one folder."""

    folder: Path
    signature: tuple[tuple[str, int, int], ...]
    entries: list[_Entry]
    document_frequency: Counter[str]
    average_length: float

    @classmethod
    def build(cls, folder: Path) -> LibraryIndex:
        """Read and index every txt/md/html file under ``folder``."""
        signature = folder_signature(folder)
        entries: list[_Entry] = []
        df: Counter[str] = Counter()
        for rel, mtime_ns, _size in signature:
            path = folder / rel
            try:
                text, title, sha = read_library_file(path)
            except OSError as exc:  # removed or unreadable since the folder was listed
                logger.warning("library: cannot read %s: %s", path, exc)
                continue
            if not text:
                continue
            tokens = tokenize(f"{title or ''}\n{text}")
            counts = Counter(tokens)
            df.update(counts.keys())
            entries.append(_Entry(path, text, title, sha, mtime_ns, len(tokens), counts))
        average = sum(e.length for e in entries) / len(entries) if entries else 0.0
        return cls(folder, signature, entries, df, average)

    def search(self, query: str, limit: int) -> list[tuple[float, _Entry]]:
        """Best ``limit`` entries for ``query``, best first.

        Kept: a positive BM25 score of at least a fifth of the best entry's (weaker ones share only
        common words or bigrams with the query).
        """
        terms = list(dict.fromkeys(tokenize(query)))
        n = len(self.entries)
        scored: list[tuple[float, _Entry]] = []
        for entry in self.entries:
            score = 0.0
            for term in terms:
                tf = entry.counts.get(term, 0)
                if not tf:
                    continue
                df = self.document_frequency[term]
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                norm = _K1 * (1 - _B + _B * entry.length / (self.average_length or 1.0))
                score += idf * tf * (_K1 + 1) / (tf + norm)
            if score > 0:
                scored.append((score, entry))
        scored.sort(key=lambda pair: (-pair[0], pair[1].path.as_posix()))
        if scored:
            floor = scored[0][0] * _MIN_RELATIVE_SCORE
            scored = [pair for pair in scored if pair[0] >= floor]
        return scored[:limit]


class LibraryFetcher(BaseFetcher):
    """Search the user's document folder with the claim's names and queries."""

    name: ClassVar[str] = NAME

    def __init__(self, folder: Path, *, max_results: int = 5, max_queries: int = 3) -> None:
        self.folder = folder
        self.max_results = max_results
        self.max_queries = max_queries
        self._index: LibraryIndex | None = None

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        section = settings.fetchers.library
        if section.path is None:
            raise NotConfigured("library: set fetchers.library.path")
        folder = Path(section.path).expanduser()
        if not folder.is_dir():
            raise NotConfigured(f"library: fetchers.library.path {str(folder)!r} is not a folder")
        return cls(
            folder.resolve(),
            max_results=section.max_results,
            max_queries=settings.fetchers.max_queries,
        )

    def index(self) -> LibraryIndex:
        """The folder's index, rebuilt when a file changed since the last call."""
        if self._index is None or self._index.signature != folder_signature(self.folder):
            self._index = LibraryIndex.build(self.folder)
        return self._index

    def search(self, plan: QueryPlan) -> list[Document]:
        """Documents for the plan's queries and names (synchronous; reads the folder)."""
        index = self.index()
        found: dict[Path, tuple[_Entry, str]] = {}
        for query in list(dict.fromkeys([*plan.queries, *plan.entities]))[: self.max_queries + 1]:
            for _score, entry in index.search(query, self.max_results):
                found.setdefault(entry.path, (entry, query))
        docs = []
        for entry, query in list(found.values())[: self.max_results]:
            docs.append(
                make_document(
                    fetcher=NAME,
                    url=entry.path.as_uri(),
                    title=entry.title,
                    text=entry.text,
                    language=detect_language(entry.text),
                    retrieved_at=dt.datetime.fromtimestamp(entry.mtime_ns / 1e9, tz=dt.UTC),
                    content_sha256=entry.sha256,
                    query=query,
                )
            )
        return docs

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        return FetchResult(documents=await asyncio.to_thread(self.search, plan))
