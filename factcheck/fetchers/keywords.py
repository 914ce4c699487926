"""Words of a claim for searching and for choosing what it is about (pure, cached).

Chinese text is cut by jieba's part-of-speech tagger (loaded once per process, on first use);
Latin-script runs inside it and English text are split into words. :func:`claim_words` is what the
query planner and the structured comparators read: each word with its tag, whether it is a content
word, and whether it belongs to the *counted phrase* after a number (国家重点实验室 in
67个国家重点实验室), which names what is counted and never the attribute the claim is about.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["EN_STOPWORDS", "Word", "content_words", "is_name_like", "keyword_string", "words"]

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z]|\d+(?:[.,]\d+)*")
_DIGIT = re.compile(r"[0-9０-９]")
_CN_COUNT = re.compile(r"[零〇一二两三四五六七八九十百千万亿几数]+[年月日天个家所名位项次倍届]")
_ZH_PHRASE = re.compile(r"[的了是在就还把被]")
_CJK_DIGIT = re.compile(r"[0-9０-９][\u3400-\u9fff%％]|[\u3400-\u9fff][0-9０-９]")
_ORDINAL = re.compile(
    r"(?:第|前|top\s*)[零〇一二两三四五六七八九十百千0-9]+|^[零〇一二两三四五六七八九十百千万亿]+$",
    re.I,
)

# Tags of jieba's tagger that carry content (nouns, names, verbs, English words, idioms).
_CONTENT_TAGS = frozenset(
    {"n", "nr", "nr1", "nr2", "nrj", "nrf", "ns", "nsf", "nt", "nz", "nl", "ng", "vn", "v", "eng",
     "j", "l", "i", "an", "s"}
)  # fmt: skip
_NOUN_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "eng", "j", "l"})
_NUMERAL_TAGS = frozenset({"m", "q", "mq"})


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ZH_STOP = _wordset(
    "的 了 是 在 和 与 及 或 也 都 就 还 又 被 把 对 从 向 于 为 以 这 那 其 该 此 有 没有 要 会 能 将 已 "
    "已经 仍 仍然 才 再 等 等等 之 个 位 名 家 所 年 月 日 多 余 近 约 超过 达到 达 占 成为 进行 位列 "
    "位居 可谓 堪称 一个 一些 这个 那个 这些 那些 我们 他们 它们 人们 其中 以及 而且 但是 然而 "
    "如果 因为 所以 目前 如今 至今 今年 去年 当年 同时 很多 一大 大部分 部分 非常 十分 截至 截止 "
    "包括 显示 表明 指出 称 据 根据 通过 作为 之一 方面 情况 相关"
)
_EN_STOP = _wordset(
    "a an the of in on at to for by with from and or but as is are was were be been being has have "
    "had do does did it its this that these those he she they them his her their there here which who "
    "whom whose what when where why how not no than then so such into over under about after before "
    "between during since until up down out also only more most less least very much many some any "
    "each every all both other another first second third per i we you our your according said says "
    "say will would can could may might must shall should approximately nearly almost around roughly"
)
EN_STOPWORDS = _EN_STOP
"""English function words (never search terms, never attributes)."""

_EN_SCALE = _wordset(
    "hundred thousand million billion trillion dozen bn mn one two three four five six seven eight "
    "nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty "
    "thirty forty fifty sixty seventy eighty ninety half"
)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: ``text[start:end] == word``."""

    word: str
    tag: str
    start: int
    end: int
    content: bool
    counted: bool = False  # part of the noun phrase counted by a preceding number

    @property
    def is_noun(self) -> bool:
        return self.tag in _NOUN_TAGS


_lock = threading.Lock()
_tagger: Any = None


def _jieba_posseg() -> Any:
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                import jieba
                import jieba.posseg

                jieba.setLogLevel(60)
                _tagger = jieba.posseg
    return _tagger


def _latin_words(text: str, offset: int) -> list[Word]:
    out: list[Word] = []
    for m in _LATIN_WORD.finditer(text):
        w = m.group()
        if w[0].isdigit():
            out.append(Word(w, "m", offset + m.start(), offset + m.end(), False))
            continue
        low = w.lower()
        if low in _EN_SCALE:
            out.append(Word(w, "m", offset + m.start(), offset + m.end(), False))
            continue
        content = low not in _EN_STOP and len(w) > 1
        tag = "eng" if not w[0].isupper() else "nz"
        out.append(Word(w, tag, offset + m.start(), offset + m.end(), content))
    return out


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` with tags; Chinese by jieba, Latin-script runs by a word pattern."""
    if not _CJK.search(text):
        found = _latin_words(text, 0)
    else:
        found = []
        pos = 0
        for pair in _jieba_posseg().cut(text):
            w, tag = pair.word, pair.flag
            start = text.find(w, pos)
            if start < 0:
                continue
            end = start + len(w)
            pos = end
            if not w.strip():
                continue
            if tag == "eng" or (not _CJK.search(w) and re.search(r"[A-Za-z]", w)):
                content = w.lower() not in _EN_STOP and len(w) > 1
                found.append(Word(w, "eng", start, end, content))
                continue
            if _DIGIT.search(w) or tag in _NUMERAL_TAGS:
                found.append(Word(w, "m", start, end, False))
                continue
            content = tag in _CONTENT_TAGS and w not in _ZH_STOP and len(w) > 1
            found.append(Word(w, tag, start, end, content))
    return tuple(_mark_counted(found))


def _mark_counted(found: list[Word]) -> list[Word]:
    """Mark the nouns right after a number (and its classifier) as the counted phrase."""
    out = list(found)
    i = 0
    while i < len(out):
        if out[i].tag == "m":
            j = i + 1
            while j < len(out) and out[j].tag in _NUMERAL_TAGS:
                j += 1
            k = j
            # adjectives/attributive words may open the phrase (10家大型企业)
            while k < len(out) and (out[k].is_noun or out[k].tag in ("a", "b", "f")):
                gap = out[k].start - out[k - 1].end
                latin = out[k].tag in ("eng", "nz")
                if gap > (1 if latin else 0) or (latin and out[k].word.lower() in _EN_STOP):
                    break  # punctuation (or, in Chinese, a space) ends the phrase
                out[k] = Word(
                    out[k].word, out[k].tag, out[k].start, out[k].end, out[k].content, True
                )
                k += 1
            i = max(k, i + 1)
        else:
            i += 1
    return out


def content_words(text: str) -> list[str]:
    """Content words in text order, each once (nouns, names, verbs; no stop words, no numbers)."""
    return list(dict.fromkeys(w.word for w in words(text) if w.content))


def keyword_string(parts: list[str], *, language: str) -> str:
    """Join search terms the way the language writes them (spaces between every term)."""
    del language  # both MediaWiki and search engines split terms on spaces, in any language
    return " ".join(p for p in dict.fromkeys(p.strip() for p in parts) if p)


def is_name_like(text: str | None, *, max_chars: int = 24) -> bool:
    """Whether ``text`` could be looked up as a name: short, no digits, no clause punctuation."""
    if not text:
        return False
    t = text.strip()
    if not t or (len(t) > max_chars and _CJK.search(t)) or len(t) > 80:
        return False
    if (
        _CJK_DIGIT.search(t)
        or _ORDINAL.search(t)
        or _CN_COUNT.search(t)
        or not re.search(r"[^\d\s.,%]", t)
    ):
        return False  # 杭州1000公里之外, 第六, 前15名, 2023: values, not names (Grok3 is a name)
    if re.search(r"[，,。；;：:！!？?、（）()]", t):
        return False
    if _CJK.search(t):
        # a Chinese name is short and has no particles joining a phrase (杭州的相关主体…成立了)
        return len(t) <= 14 and not _ZH_PHRASE.search(t[1:-1])
    parts = [w for w in re.split(r"\s+", t) if w.lower() not in _EN_STOP]
    # an English name capitalizes its words: Peking University, not "graduates of Peking University"
    return 0 < len(parts) <= 6 and all(w[:1].isupper() or w[:1].isdigit() for w in parts)
