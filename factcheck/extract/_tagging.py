"""jieba part-of-speech tagging and the named entities read from it (Chinese and mixed text).

The tagger loads jieba once with the user dictionary in ``data/jieba_user.txt`` (organisations
``nt``, places ``ns``, people ``nr``), which keeps names such as 融科资讯中心, 北京深度求索公司 and
粤港澳大湾区 whole and types them; a text's tags are kept (:func:`_tagged`, an LRU cache) because
one sentence is tagged again for each claim drawn from it. :func:`tag_entities` turns the tags into
typed entities, trusting jieba's own dictionary only for likely names.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from importlib import resources
from typing import Any, NamedTuple

from factcheck.models import Entity, EntityType

__all__ = ["build_tagger", "clear_tag_cache", "tag_entities"]

# --- jieba ---------------------------------------------------------------------------------------

_jieba_lock = threading.Lock()
_posseg: Any = None


def _tagger() -> Any:
    """jieba's POS tagger with our user dictionary, built once (jieba's init takes ~1 s)."""
    global _posseg
    with _jieba_lock:
        if _posseg is None:
            _posseg = build_tagger()
        return _posseg


def build_tagger(*, memo_runs: bool = True) -> Any:
    """A new jieba POS tagger with our user dictionary.

    With ``memo_runs`` the HMM's result is kept per run of characters: jieba's HMM (a Viterbi pass
    over each run its dictionary splits into single characters, about 60 % of tagging) depends on
    the run alone, and runs recur in the claims drawn from a sentence.
    """
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with resources.files("factcheck.extract").joinpath("data", "jieba_user.txt").open("rb") as fh:
        tokenizer.load_userdict(fh)
    posseg = jieba.posseg.POSTokenizer(tokenizer)
    if memo_runs:
        posseg._POSTokenizer__cut_detail = _memo_runs(posseg._POSTokenizer__cut_detail)
    return posseg


def _memo_runs(cut_detail: Any) -> Any:
    @functools.lru_cache(maxsize=16384)
    def cached(run: str) -> tuple[Any, ...]:
        return tuple(cut_detail(run))

    return cached


_user_words_cache: dict[str, str] = {}
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤柳"
)
_NS_SUFFIX = re.compile(r"[省市县区州村镇乡路街湾岛港洲]$|(?:大道|新区|园区|科技园)$")
_NT_SUFFIX = re.compile(
    r"(?:大学|学院|公司|集团|研究所|研究院|实验室|银行|医院|委员会|协会|基金会|中心)$"
)


def _user_words() -> dict[str, str]:
    """Words of the user dictionary and their tags (trusted as entities)."""
    if not _user_words_cache:
        raw = (
            resources.files("factcheck.extract")
            .joinpath("data", "jieba_user.txt")
            .read_text("utf-8")
        )
        for line in raw.splitlines():
            parts = line.split()
            if len(parts) >= 3:
                _user_words_cache[parts[0]] = parts[2]
    return _user_words_cache


def _trusted(word: str, flag: str) -> bool:
    """jieba's dictionary tags many common words nr/ns/nz (徐徐, 扎根, 大佬); keep likely names only."""
    if word in _user_words():
        return True
    if flag == "nr":
        return len(word) == 3 and word[0] in _SURNAMES
    if flag == "ns":
        return bool(_NS_SUFFIX.search(word)) and len(word) >= 2
    if flag == "nt":
        return len(word) >= 3 or bool(_NT_SUFFIX.search(word))
    return False


class _Token(NamedTuple):
    word: str
    flag: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return list(_tagged(text))


def clear_tag_cache() -> None:
    """Forget the jieba tags kept per text and per block (benchmarks time extraction without them)."""
    _tagged.cache_clear()
    _block_tags.cache_clear()
    _spans.cache_clear()
    if _posseg is not None:
        _posseg._POSTokenizer__cut_detail.cache_clear()


# jieba's posseg splits a text at this pattern and tags each piece on its own (a run of Han
# characters, Latin letters and digits; the rest one character at a time), so a text's tags are
# its pieces' tags in order: a piece is tagged once whatever text it turns up in.
_BLOCK_RE = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")


@functools.lru_cache(maxsize=16384)
def _block_tags(block: str) -> tuple[tuple[str, str], ...]:
    """jieba's (word, flag) pairs of one piece of text (see :data:`_BLOCK_RE`)."""
    return tuple((pair.word, pair.flag) for pair in _tagger().cut(block))


@functools.lru_cache(maxsize=4096)
def _tagged(text: str) -> tuple[_Token, ...]:
    """jieba's tags of a text with offsets, each piece tagged once per process (:func:`_block_tags`):
    a sentence is tagged again for each claim drawn from it (entities, subject, predicate), and a
    claim's text repeats most pieces of its sentence; jieba's HMM is slow on words it does not know."""
    out = []
    base = 0
    for piece in _BLOCK_RE.split(text):
        if not piece:
            continue
        pos = 0
        for word, flag in _block_tags(piece):
            start = piece.find(word, pos)
            if start < 0:
                continue
            out.append(_Token(word, flag, base + start, base + start + len(word)))
            pos = start + len(word)
        base += len(piece)
    return tuple(out)


_EN_TYPES: dict[str, EntityType] = {
    "DeepSeek": "org", "OpenAI": "org", "AMD": "org", "Google": "org", "Apple": "org",
    "Microsoft": "org", "Intel": "org", "Nvidia": "org", "NVIDIA": "org", "Meta": "org",
    "Anthropic": "org", "Grok": "product", "ChatGPT": "product", "MLA": "concept",
}  # fmt: skip
_EN_NOT_ENTITIES = {"AI", "KPI", "DNA", "CEO", "OK", "APP", "App", "IT", "GDP", "PPT", "VS"}
_PLACE_SUFFIX = re.compile(r"(?:中心|大厦|大楼|园区|科技园|广场|写字楼|街|路|区|村|县|市|省|湾区)$")
_ORG_SUFFIX = {
    "公司",
    "大学",
    "学院",
    "研究所",
    "研究院",
    "实验室",
    "集团",
    "银行",
    "医院",
    "物理所",
}
_FLAG_TYPES: dict[str, EntityType] = {"nr": "person", "ns": "place", "nt": "org", "nz": "other"}


def tag_entities(text: str) -> list[tuple[int, int, Entity]]:
    """Named entities of a Chinese (or mixed) text with offsets, in text order."""
    return [(start, end, Entity(text=word, type=etype)) for start, end, word, etype in _spans(text)]


@functools.lru_cache(maxsize=4096)
def _spans(text: str) -> tuple[tuple[int, int, str, EntityType], ...]:
    """(start, end, text, type) of each entity: a text's entities are read once, as its tags."""
    toks = _tokens(text)
    out: list[tuple[int, int, str, EntityType]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        etype: EntityType | None = None
        start, end, word = tok.start, tok.end, tok.word
        if (
            tok.flag in ("nr", "ns", "nrt", "eng")
            and i + 2 < len(toks)
            and toks[i + 1].word in ("・", "·", "•")
            and toks[i + 2].flag in ("nr", "ns", "nrt", "eng")
        ):
            # 埃隆・马斯克: a transliterated name joined by a middle dot
            end = toks[i + 2].end
            out.append((start, end, text[start:end], "person"))
            i += 3
            continue
        if tok.flag in _FLAG_TYPES and _trusted(tok.word, tok.flag):
            etype = _FLAG_TYPES[tok.flag]
            # 北京 + 深度求索 + 公司: a proper name followed by an organisation suffix
            if i + 1 < len(toks) and toks[i + 1].word in _ORG_SUFFIX:
                end = toks[i + 1].end
                word = text[start:end]
                etype = "org"
                i += 1
        elif tok.flag == "eng":
            word = tok.word
            m = re.fullmatch(r"([A-Za-z][A-Za-z]+)(\d{2})", word)
            if m and text[tok.end : tok.end + 1] == "后":  # DeepSeek95后: a generation, not a name
                word = m.group(1)
                end = start + len(word)
            if word in _EN_NOT_ENTITIES or len(word) < 2 or not re.search("[A-Z]", word):
                i += 1
                continue
            base = re.sub(r"V?\d+$", "", word)
            etype = _EN_TYPES.get(word) or (
                "product" if base in _EN_TYPES and base != word else None
            )
            etype = etype or _EN_TYPES.get(base) or "other"
        if etype is not None and len(word) >= 2:
            if (
                etype in ("org", "other")
                and _PLACE_SUFFIX.search(word)
                and not word.endswith("公司")
            ):
                etype = (
                    "place" if word.endswith(("中心", "大厦", "大楼", "广场", "写字楼")) else etype
                )
            out.append((start, end, word, etype))
        i += 1
    return tuple(out)
