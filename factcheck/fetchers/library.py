"""A local folder of txt/md/html documents the user provides, searched with BM25.

Off until ``fetchers.library.path`` is set. The index is built once per version of the folder (its
files' (path, mtime, size) signature, fingerprinted with sha256) as an inverted index whose postings
carry each term's precomputed BM25 weight, and persisted with the extracted texts in
``.factcheck-index/`` inside the folder (``fetchers.library.index_dir`` moves it; a read-only
folder keeps it in memory). A new process loads it instead of reading the files; a file added,
removed or modified rebuilds it, re-reading only the changed files. The folder is checked for
changes at most once a second per fetcher. Chinese is tokenized into character bigrams, other text
into lower-case words, so no dictionary is needed. No HTTP: documents carry a ``file://`` URL and
the file's modification time as ``retrieved_at``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

from factcheck._atomic import write_atomic
from factcheck.errors import NotConfigured
from factcheck.fetchers._html import extract_html
from factcheck.fetchers._util import detect_language, make_document, normalize_space
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = [
    "INDEX_DIRNAME",
    "SUFFIXES",
    "LibraryEntry",
    "LibraryFetcher",
    "LibraryHit",
    "LibraryIndex",
    "fingerprint",
    "folder_signature",
    "markdown_to_text",
    "read_library_file",
    "tokenize",
]

logger = logging.getLogger(__name__)

NAME = "library"
SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
INDEX_DIRNAME = ".factcheck-index"
_MANIFEST = "index.json"
_FORMAT = 1  # bump when the persisted layout or the tokenizer changes
_RECHECK_SECONDS = 1.0
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
    """(relative path, mtime ns, size) of every library file under ``folder``, sorted.

    Hidden folders (the index's own ``.factcheck-index`` among them) are not entered.
    """
    entries: list[tuple[str, int, int]] = []
    stack = [("", os.fspath(folder))]
    while stack:
        prefix, directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                for item in it:
                    if item.is_dir():
                        if not item.name.startswith("."):
                            stack.append((f"{prefix}{item.name}/", item.path))
                    elif os.path.splitext(item.name)[1].lower() in SUFFIXES and item.is_file():
                        st = item.stat()
                        entries.append((prefix + item.name, st.st_mtime_ns, st.st_size))
        except OSError as exc:  # removed or unreadable since it was listed
            logger.warning("library: cannot list %s: %s", directory, exc)
    return tuple(sorted(entries))


def fingerprint(signature: tuple[tuple[str, int, int], ...]) -> str:
    """sha256 of a folder signature: equal fingerprints, same files with the same mtime and size."""
    digest = hashlib.sha256()
    for rel, mtime_ns, size in signature:
        digest.update(f"{rel}\0{mtime_ns}\0{size}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass(frozen=True)
class LibraryEntry:
    """One indexed file (its text is read from the index on demand: see ``LibraryIndex.text``)."""

    path: Path
    title: str | None
    sha256: str
    mtime_ns: int
    size: int
    length: int  # tokens


@dataclass(frozen=True)
class LibraryHit:
    """A search result: the file and its extracted text."""

    path: Path
    title: str | None
    sha256: str
    mtime_ns: int
    text: str


class LibraryIndex:
    """BM25 over the files of one folder, as an inverted index with the scores precomputed.

    Each term's postings hold the documents containing it and the term's whole BM25 contribution to
    each (idf x saturated, length-normalised tf), so a query adds up a few array slices. The index of
    one folder version is persisted (``save``/``load``) with the extracted texts, and a rebuild after
    a change re-reads only the files whose mtime or size changed.
    """

    def __init__(
        self,
        folder: Path,
        signature: tuple[tuple[str, int, int], ...],
        entries: list[LibraryEntry],
        terms: dict[str, int],
        indptr: npt.NDArray[np.int64],
        indices: npt.NDArray[np.int32],
        weights: npt.NDArray[np.float32],
        texts: list[str] | None = None,
        text_spans: npt.NDArray[np.int64] | None = None,
    ) -> None:
        self.folder = folder
        self.signature = signature
        self.fingerprint = fingerprint(signature)
        self.entries = entries
        self.terms = terms
        self._indptr = indptr
        self._indices = indices
        self._weights = weights
        self._texts = texts
        self._text_spans = text_spans
        self._text_fd: int | None = None

    def __del__(self) -> None:
        fd = getattr(self, "_text_fd", None)  # None too when __init__ did not finish
        if fd is not None:
            os.close(fd)

    @property
    def average_length(self) -> float:
        return sum(e.length for e in self.entries) / len(self.entries) if self.entries else 0.0

    @classmethod
    def build(
        cls,
        folder: Path,
        previous: LibraryIndex | None = None,
        *,
        signature: _Signature | None = None,
    ) -> LibraryIndex:
        """Read and index every txt/md/html file under ``folder``.

        Files of ``previous`` (an index of the same folder) with unchanged mtime and size keep their
        extracted text; only the others are read again.
        """
        signature = signature if signature is not None else folder_signature(folder)
        known: dict[Path, int] = {}
        if previous is not None and previous.folder == folder:
            known = {e.path: i for i, e in enumerate(previous.entries)}
        entries: list[LibraryEntry] = []
        texts: list[str] = []
        token_lists: list[list[str]] = []
        for rel, mtime_ns, size in signature:
            path = folder / rel
            old = known.get(path)
            prev = previous.entries[old] if previous is not None and old is not None else None
            if (
                previous is not None
                and prev is not None
                and (prev.mtime_ns, prev.size) == (mtime_ns, size)
            ):
                text, title, sha = previous.text(known[path]), prev.title, prev.sha256
            else:
                try:
                    text, title, sha = read_library_file(path)
                except OSError as exc:  # removed or unreadable since the folder was listed
                    logger.warning("library: cannot read %s: %s", path, exc)
                    continue
            if not text:
                continue
            tokens = tokenize(f"{title or ''}\n{text}")
            entries.append(LibraryEntry(path, title, sha, mtime_ns, size, len(tokens)))
            texts.append(text)
            token_lists.append(tokens)
        terms, indptr, indices, weights = _postings(token_lists)
        return cls(folder, signature, entries, terms, indptr, indices, weights, texts)

    def text(self, i: int) -> str:
        """Extracted text of entry ``i``."""
        if self._texts is not None:
            return self._texts[i]
        assert self._text_fd is not None
        assert self._text_spans is not None
        start, end = (int(x) for x in self._text_spans[i])
        return os.pread(self._text_fd, end - start, start).decode("utf-8")

    def top(self, query: str, limit: int) -> list[tuple[float, int]]:
        """(score, entry number) of the best ``limit`` entries with a positive score, best first;
        equal scores in path order."""
        ids = [self.terms[t] for t in dict.fromkeys(tokenize(query)) if t in self.terms]
        if not ids or limit < 1:
            return []
        indptr, indices, weights = self._indptr, self._indices, self._weights
        docs: npt.NDArray[np.integer[Any]]
        if len(ids) == 1:
            start, end = indptr[ids[0]], indptr[ids[0] + 1]
            docs, values = indices[start:end], weights[start:end]
        else:
            scores = np.zeros(len(self.entries), dtype=np.float32)
            for t in ids:
                start, end = indptr[t], indptr[t + 1]
                scores[indices[start:end]] += weights[start:end]
            docs = np.flatnonzero(scores)
            values = scores[docs]
        if len(docs) > limit:
            kth = np.partition(values, len(values) - limit)[len(values) - limit]
            keep = values >= kth  # ties at the cut all stay for the path-order tie break
            docs, values = docs[keep], values[keep]
        order = np.lexsort((docs, -values))[:limit]
        return [(float(values[i]), int(docs[i])) for i in order]

    def search(self, query: str, limit: int) -> list[tuple[float, LibraryHit]]:
        """Best ``limit`` files for ``query``, best first.

        Kept: a positive BM25 score of at least a fifth of the best file's (weaker ones share only
        common words or bigrams with the query).
        """
        top = self.top(query, limit)
        if top:
            floor = top[0][0] * _MIN_RELATIVE_SCORE
            top = [pair for pair in top if pair[0] >= floor]
        hits = []
        for score, i in top:
            e = self.entries[i]
            hits.append((score, LibraryHit(e.path, e.title, e.sha256, e.mtime_ns, self.text(i))))
        return hits

    # -- persistence ---------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write the index to ``directory``: arrays and texts, then the manifest that names them.

        Each file is written atomically (derived data: no fsync); the previous version's files go
        once the new manifest is in place.
        """
        tag = f"{self.fingerprint[:16]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        arrays, texts = f"postings-{tag}.npz", f"texts-{tag}.txt"
        spans = np.zeros((len(self.entries), 2), dtype=np.int64)
        chunks = []
        offset = 0
        for i in range(len(self.entries)):
            data = self.text(i).encode("utf-8")
            chunks.append(data)
            spans[i] = (offset, offset + len(data))
            offset += len(data)
        write_atomic(directory / texts, b"".join(chunks), mode=0o644, durable=False)
        buffer = io.BytesIO()
        np.savez(
            buffer, indptr=self._indptr, indices=self._indices, weights=self._weights, spans=spans
        )
        write_atomic(directory / arrays, buffer.getvalue(), mode=0o644, durable=False)
        manifest = {
            "format": _FORMAT,
            "folder": str(self.folder),
            "fingerprint": self.fingerprint,
            "arrays": arrays,
            "texts": texts,
            "signature": [list(row) for row in self.signature],
            "entries": [
                [e.path.relative_to(self.folder).as_posix(), e.title, e.sha256, e.length]
                for e in self.entries
            ],
            "terms": list(self.terms),
        }
        data = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
        write_atomic(directory / _MANIFEST, data, mode=0o644, durable=False)
        for old in directory.iterdir():  # earlier versions' files
            if old.name.startswith(("postings-", "texts-")) and old.name not in (arrays, texts):
                old.unlink(missing_ok=True)

    @classmethod
    def load(
        cls,
        folder: Path,
        directory: Path | None = None,
        *,
        signature: _Signature | None = None,
        stale_ok: bool = False,
    ) -> LibraryIndex | None:
        """The index persisted in ``directory`` (default: the folder's ``.factcheck-index``).

        None when there is none or it is unreadable, and, unless ``stale_ok``, when ``folder``'s files
        changed since it was built (``signature``: the folder's current one, when known).
        """
        directory = directory if directory is not None else folder / INDEX_DIRNAME
        try:
            manifest = json.loads((directory / _MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("format") != _FORMAT or manifest.get("folder") != str(folder):
                return None
            stored = tuple((str(r), int(m), int(z)) for r, m, z in manifest["signature"])
            if fingerprint(stored) != manifest["fingerprint"]:
                raise ValueError("manifest fingerprint does not match its signature")
            if not stale_ok:
                current = signature if signature is not None else folder_signature(folder)
                if fingerprint(current) != manifest["fingerprint"]:
                    return None
            with np.load(directory / manifest["arrays"], allow_pickle=False) as arrays:
                indptr, indices = arrays["indptr"], arrays["indices"]
                weights, spans = arrays["weights"], arrays["spans"]
            stamps = {rel: (mtime_ns, size) for rel, mtime_ns, size in stored}
            entries = []
            for rel, title, sha, length in manifest["entries"]:
                mtime_ns, size = stamps[rel]
                entries.append(LibraryEntry(folder / rel, title, sha, mtime_ns, size, length))
            terms = {term: i for i, term in enumerate(manifest["terms"])}
            if len(spans) != len(entries) or len(indptr) != len(terms) + 1:
                raise ValueError("arrays do not match the manifest")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            if not isinstance(exc, FileNotFoundError):
                logger.warning("library: ignoring the index in %s: %s", directory, exc)
            return None
        index = cls(folder, stored, entries, terms, indptr, indices, weights, text_spans=spans)
        try:  # opened now: a newer build may replace the file, this index keeps reading its own
            index._text_fd = os.open(directory / manifest["texts"], os.O_RDONLY)
        except OSError as exc:
            logger.warning("library: ignoring the index in %s: %s", directory, exc)
            return None
        return index


_Signature = tuple[tuple[str, int, int], ...]


def _postings(
    token_lists: list[list[str]],
) -> tuple[dict[str, int], npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.float32]]:
    """Term ids and the term-major postings (CSR: indptr, document numbers, BM25 weights)."""
    terms: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    freqs: list[int] = []
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.float64, count=len(token_lists))
    for doc, tokens in enumerate(token_lists):
        for term, count in Counter(tokens).items():
            rows.append(terms.setdefault(term, len(terms)))
            cols.append(doc)
            freqs.append(count)
    row = np.asarray(rows, dtype=np.int64)
    col = np.asarray(cols, dtype=np.int32)
    tf = np.asarray(freqs, dtype=np.float64)
    n = len(token_lists)
    df = np.bincount(row, minlength=len(terms)).astype(np.float64)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    average = float(lengths.mean()) if n else 1.0
    norm = _K1 * (1 - _B + _B * lengths / (average or 1.0))
    weights = (idf[row] * tf * (_K1 + 1) / (tf + norm[col])).astype(np.float32)
    order = np.lexsort((col, row))
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=len(terms)), out=indptr[1:])
    return terms, indptr, col[order], weights[order]


class LibraryFetcher(BaseFetcher):
    """Search the user's document folder with the claim's names and queries."""

    name: ClassVar[str] = NAME
    inputs_are_responses: ClassVar[bool] = False  # it reads the folder, not HTTP

    def __init__(
        self,
        folder: Path,
        *,
        max_results: int = 5,
        max_queries: int = 3,
        index_dir: Path | None = None,
        recheck_seconds: float = _RECHECK_SECONDS,
    ) -> None:
        self.folder = folder
        self.max_results = max_results
        self.max_queries = max_queries
        self.index_dir = index_dir if index_dir is not None else folder / INDEX_DIRNAME
        self.recheck_seconds = recheck_seconds
        self._index: LibraryIndex | None = None
        self._checked = 0.0
        self._persist = True
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        section = settings.fetchers.library
        if section.path is None:
            raise NotConfigured("library: set fetchers.library.path")
        folder = Path(section.path).expanduser()
        if not folder.is_dir():
            raise NotConfigured(f"library: fetchers.library.path {str(folder)!r} is not a folder")
        index_dir = section.index_dir.expanduser().resolve() if section.index_dir else None
        return cls(
            folder.resolve(),
            max_results=section.max_results,
            max_queries=settings.fetchers.max_queries,
            index_dir=index_dir,
        )

    def index(self) -> LibraryIndex:
        """The folder's index: the persisted one while the folder is unchanged, else rebuilt.

        The folder is listed at most once per ``recheck_seconds``.
        """
        with self._lock:
            return self._current_index()

    def _current_index(self) -> LibraryIndex:
        now = time.monotonic()
        if self._index is not None and now - self._checked < self.recheck_seconds:
            return self._index
        signature = folder_signature(self.folder)
        self._checked = now
        if self._index is not None and self._index.signature == signature:
            return self._index
        previous = self._index
        if previous is None:
            previous = LibraryIndex.load(self.folder, self.index_dir, stale_ok=True)
            if previous is not None and previous.signature == signature:
                self._index = previous
                return previous
        started = time.perf_counter()
        self._index = LibraryIndex.build(self.folder, previous, signature=signature)
        logger.info(
            "library: indexed %d files of %s in %.2f s",
            len(self._index.entries),
            self.folder,
            time.perf_counter() - started,
        )
        if self._persist:
            try:
                self._index.save(self.index_dir)
            except OSError as exc:  # a read-only folder: the index stays in memory
                logger.info("library: index kept in memory (%s)", exc)
                self._persist = False
        return self._index

    def search(self, plan: QueryPlan) -> list[Document]:
        """Documents for the plan's queries and names (synchronous; reads the folder)."""
        index = self.index()
        found: dict[Path, tuple[LibraryHit, str]] = {}
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
