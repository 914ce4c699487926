"""Sentences with exact offsets, language detection and article metadata from plain text.

Chinese text is split after 。！？!?；;… (and a closing quote or bracket that follows), never inside
quoted speech (“…”, 「…」), and at every line break. English paragraphs go through pysbd, which
knows abbreviations, decimals and initials; its sentences are located in the original text so
``text[start:end]`` is always the sentence exactly. Lines that are page furniture (read counts,
author blurbs, share buttons) and the article header (title, byline with the date) are marked so
extraction can skip them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "ArticleMeta",
    "Sentence",
    "detect_language",
    "find_article_meta",
    "is_boilerplate",
    "split_sentences",
]

logger = logging.getLogger(__name__)

Role = Literal["body", "heading", "title", "byline", "boilerplate"]


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == source[start:end]``; ``role`` says whether it is body text."""

    start: int
    end: int
    text: str
    paragraph: int
    role: Role = "body"


@dataclass(frozen=True)
class ArticleMeta:
    """What the text itself says about the article (first lines)."""

    title: str | None
    published: dt.date | None
    title_span: tuple[int, int] | None
    byline_span: tuple[int, int] | None


_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> Literal["zh", "en"]:
    """``zh`` when CJK characters make up a fair share of the letters, else ``en``."""
    sample = text[:20000]
    cjk = len(_CJK_RE.findall(sample))
    latin_words = len(re.findall(r"[A-Za-z]+", sample))
    return "zh" if cjk > 0 and cjk >= 0.5 * latin_words else "en"


_BOILERPLATE_RES = [
    re.compile(p)
    for p in (
        r"^\s*\d*\s*(?:阅读|浏览|点赞|评论|转发|收藏|分享)\s*[:：]?\s*[\d.万]+\s*$",
        r"(?:^|\s)(?:阅读|浏览)\s*[:：]\s*[\d.万]+",
        r"^\s*(?:简介|作者简介|责任编辑|编辑|校对|审核|来源|原标题|声明|免责声明|版权声明)\s*[:：]",
        r"^\s*(?:文本|内容|本文|图片|视频)(?:源自|来源|来自)",
        r"^\s*(?:点击|扫码|关注我们|长按|欢迎转发|原文链接|阅读原文|举报|相关推荐)",
        r"感谢(?:大家|您)的(?:关注|阅读|支持)",
        r"^\s*(?:Share|Follow us|Subscribe|Sign up|Advertisement|Related|Read more|Copyright|©)",
        r"^\s*(?:Editor[’']?s [Nn]ote|Correction|Clarification)\b",
    )
]


def is_boilerplate(line: str) -> bool:
    """True for page furniture: read counts, author blurbs, source notes, share prompts."""
    return any(r.search(line) for r in _BOILERPLATE_RES)


_DATETIME_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_EN_DATELINE_RE = re.compile(
    r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>\d{1,2}),?\s+"
    r"(?P<y>(?:19|20)\d\d)"
)
_EN_DMY_RE = re.compile(  # 02 May 2019, 2 Sept. 2019
    r"(?<!\d)(?P<d>\d{1,2})\s+(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+"
    r"(?P<y>(?:19|20)\d\d)"
)
_MONTH_ABBR = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.")
_DATELINE_DATE_RE = re.compile(
    r"^[A-Z][A-Z.'’-]{2,}(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4},\s+"
    r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>\d{1,2}),?\s+"
    r"(?P<y>(?:19|20)\d\d)\s*(?:\([A-Za-z .]{2,30}\))?\s*[—–-]{1,2}\s"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without the newline."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


_EN_NOTE_DATE_RE = re.compile(
    r"^\s*(?:Editor[’']?s [Nn]ote|Updated|Published|Posted|Correction)\b[^:]{0,20}?"
    + _EN_DATELINE_RE.pattern
)


def _note_date(line: str) -> dt.date | None:
    """The date of an English editor's note or update line near the top ("Editor's note, April 16, 2024:")."""
    m = _EN_NOTE_DATE_RE.match(line)
    if not m:
        return None
    try:
        return dt.date(int(m["y"]), _MONTHS[m["mon"][:3].lower()], int(m["d"]))
    except ValueError:
        return None


def find_article_meta(text: str) -> ArticleMeta:
    """Title (first short line without final punctuation) and publication date (a byline near the top).

    Without a byline, the date of an editor's note or update line among the first lines is used.
    """
    title: str | None = None
    title_span: tuple[int, int] | None = None
    published: dt.date | None = None
    byline_span: tuple[int, int] | None = None
    non_empty = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    for idx, (s, e) in enumerate(non_empty[:6]):
        line = text[s:e].strip()
        if (
            idx == 0
            and len(non_empty) > 1
            and len(line) <= 120
            and not re.search(r"[。！？.!?]$", line)
        ):
            title = line.lstrip("# ").strip()
            title_span = (s, e)
            continue
        m = _DATETIME_RE.search(line)
        date: dt.date | None = None
        if m:
            try:
                date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                date = None
        else:
            me = _EN_DATELINE_RE.search(line) or _EN_DMY_RE.search(line)
            if me and len(line) < 120:
                try:
                    date = dt.date(int(me["y"]), _MONTHS[me["mon"][:3].lower()], int(me["d"]))
                except ValueError:
                    date = None
        # A byline is short and mostly the date (plus author): not a sentence of the body.
        if (
            date is not None
            and len(line) <= 80
            and not re.search(r"[。！？!?]", line)
            # an English sentence ends so (not "Aug." nor "a.m." in "Published 4:35 a.m. ET Aug. 1")
            and not re.search(r"[a-z]{2}\.(?:\s|$)", _MONTH_ABBR.sub("", line))
        ):
            published = date
            byline_span = (s, e)
            break
    if published is None:
        # a dateline opening the body: "OSLO, March 3, 2024 — Norway's largest …"
        for s, e in non_empty[1:3]:
            md = _DATELINE_DATE_RE.match(text[s:e].strip())
            if md:
                try:
                    published = dt.date(int(md["y"]), _MONTHS[md["mon"][:3].lower()], int(md["d"]))
                except ValueError:
                    continue
                break
    if published is None and title is not None:
        # a dated document's title: "State of the Union Address, February 7, 2023"
        mt = _EN_DATELINE_RE.search(title)
        if mt:
            try:
                published = dt.date(int(mt["y"]), _MONTHS[mt["mon"][:3].lower()], int(mt["d"]))
            except ValueError:
                published = None
    if published is None:
        for s, e in non_empty[1:6]:
            note = _note_date(text[s:e])
            if note is not None:
                published = note
                break
    return ArticleMeta(
        title=title, published=published, title_span=title_span, byline_span=byline_span
    )


_ZH_TERMINATORS = "。！？!?；;…"
_CLOSERS = "”’」』）)》】\"'"
_OPEN_QUOTES = {"“": "”", "「": "」", "『": "』"}


def _split_chinese_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    sent_start = start
    depth: list[str] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in _OPEN_QUOTES:
            depth.append(_OPEN_QUOTES[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
            if not depth and i > start and text[i - 1] in _ZH_TERMINATORS:
                j = i + 1
                while j < end and text[j] in _CLOSERS:
                    j += 1
                spans.append((sent_start, j))
                sent_start = j
                i = j
                continue
        elif ch in _ZH_TERMINATORS and not depth:
            j = i + 1
            while j < end and (text[j] in _ZH_TERMINATORS or text[j] in "…"):
                j += 1
            while j < end and text[j] in _CLOSERS:
                j += 1
            spans.append((sent_start, j))
            sent_start = j
            i = j
            continue
        i += 1
    if sent_start < end:
        spans.append((sent_start, end))
    return spans


_segmenter_lock = threading.Lock()
_segmenter: Any = None


def _english_segmenter() -> Any:
    global _segmenter
    with _segmenter_lock:
        if _segmenter is None:
            import pysbd

            _segmenter = pysbd.Segmenter(language="en", clean=False)
        return _segmenter


def _split_english_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = re.sub(r"[\r\n]", " ", text[start:end])
    spans = []
    pos = 0
    for sent in _english_segmenter().segment(chunk):
        stripped = sent.strip()
        if not stripped:
            continue
        found = chunk.find(stripped, pos)
        if found < 0:  # pysbd changed the text; fall back to the rest of the line
            logger.debug("pysbd sentence not found verbatim; keeping the rest of the line")
            spans.append((start + pos, end))
            return spans
        last = text[spans[-1][0] : spans[-1][1]] if spans else ""
        if spans and (
            _CIRCA_END.search(last) or (_CLOCK_END.search(last) and _GOES_ON.match(stripped))
        ):
            spans[-1] = (spans[-1][0], start + found + len(stripped))  # "c. 1732 BC": no end
        else:
            spans.append((start + found, start + found + len(stripped)))
        pos = found + len(stripped)
    return spans


# circa before a date is no sentence end (pysbd cuts "ruled c. 1732–1460 BC" after "c."), nor is a
# time of day before its zone or a lower-case word ("at 4:35 a.m. ET on July 31")
_CIRCA_END = re.compile(r"(?:^|[\s(])(?:c|ca|circa)\.$")
_CLOCK_END = re.compile(r"\d\s*[ap]\.m\.$")
_GOES_ON = re.compile(r"(?:[A-Z]{1,2}T|GMT|UTC|[a-z0-9(])")


def _blocks(text: str, lang: str) -> list[tuple[int, int]]:
    """Lines, with hard-wrapped English lines joined into their paragraph.

    An English line continues on the next one (no blank line between) when it is long (a wrapped
    line, not a heading) and the next line is not a heading, nor an item of a list: after a line
    ending with ``:``, or after a line ending with a bracket (``Fellow of the Society (1971)``).
    """
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    if lang == "zh":
        return lines
    wrapped = _hard_wrapped(text, lines)
    out: list[tuple[int, int]] = []
    for s, e in lines:
        if out:
            ps, pe = out[-1]
            prev_last = text[ps:pe].splitlines()[-1].strip()
            nxt = text[s:e].strip()
            contiguous = "\n\n" not in text[pe:s].replace("\r", "")
            item = prev_last.endswith((":", ")", ").")) and nxt[:1].isupper()
            if contiguous and (
                # a line going on in lower case continues the one before, wrapped or not
                (nxt[:1].islower() and len(prev_last) >= 30 and not prev_last.endswith((".", ":")))
                or (wrapped and len(prev_last) >= 50 and not _is_heading(nxt, lang) and not item)
            ):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether the text is hard-wrapped prose (a statistical release at 80 columns) rather than
    one sentence, heading or item per line (web text): among long lines followed directly by
    another line, a quarter or more break mid-sentence (the next line goes on in lower case)."""
    long_pairs = breaks = 0
    for (ps, pe), (s, _e) in itertools.pairwise(lines):
        prev = text[ps:pe].strip()
        if len(prev) < 50 or "\n\n" in text[pe:s].replace("\r", ""):
            continue
        long_pairs += 1
        nxt = text[s:_e].strip()
        if nxt[:1].islower() or not re.search(r"[.!?:;”\"')\]]$", prev):
            breaks += 1 if nxt[:1].islower() else 0
    return long_pairs > 0 and breaks / long_pairs >= 0.25


# 原标题：… fused with the body on one scraped line: the title ends at a space, at a news lead
# (本报讯, 新华社 …, a reporter credit) or at the end of its first sentence.
_TITLE_FURNITURE = re.compile(r"^\s*(?:原标题|标题)\s*[:：]\s*")
_NEWS_LEAD = re.compile(
    r"\s|本报讯|新华社|中新社|中新网|人民网|央视网|新华网|（记者|\(记者|【|记者[\u4e00-\u9fff]{2,3}(?:报道|摄)"
)


def _furniture_end(text: str, start: int, end: int) -> int | None:
    """End of a title-furniture prefix that is fused with body text on the same line (else None)."""
    line = text[start:end]
    m = _TITLE_FURNITURE.match(line)
    if not m:
        return None
    rest = line[m.end() :]
    lead = _NEWS_LEAD.search(rest)
    stop = re.search(r"[。！？!?]", rest)
    cut = lead.start() if lead and lead.start() <= 60 else (stop.end() if stop else None)
    if cut is None or cut < 4 or len(line[m.end() + cut :].strip()) < 10:
        return None

    return start + m.end() + cut


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets index ``text`` exactly (whitespace trimmed)."""
    lang = language or detect_language(text)
    meta = find_article_meta(text)
    out: list[Sentence] = []
    paragraph = -1
    apparatus: int | None = None  # level of the references/sources heading we are under
    for ls, le in _blocks(text, lang):
        line = text[ls:le]
        paragraph += 1
        role: Role = "body"
        heading = _is_heading(line, lang)
        if heading:
            level = _heading_level(line)
            # a marked-up section ends at a marked-up heading of its level or above (a short
            # citation line such as "Official website" looks like a plain heading); a Chinese
            # citation line always does, so a plain 参考资料 runs to the end
            ends = (
                level <= apparatus and (level > 0 or (apparatus == 0 and lang == "en"))
                if apparatus is not None
                else False
            )
            if ends and not _APPARATUS.match(line):
                apparatus = None
            elif apparatus is None and _APPARATUS.match(line):
                apparatus = level
        if apparatus is not None and (not heading or (lang == "zh" and not _APPARATUS.match(line))):
            role = "boilerplate"  # a citation list: no statement of the article
        elif meta.title_span == (ls, le):
            role = "title"
        elif meta.byline_span == (ls, le):
            role = "byline"
        elif is_boilerplate(line):
            cut = _furniture_end(text, ls, le)
            if cut is not None:
                s, e = _trim(text, ls, cut)
                out.append(Sentence(s, e, text[s:e], paragraph, "boilerplate"))
                ls = cut
            else:
                role = "boilerplate"
        elif _is_heading(line, lang):
            role = "heading"
        if role != "body":
            s, e = _trim(text, ls, le)
            out.append(Sentence(s, e, text[s:e], paragraph, role))
            continue
        pieces = (
            _split_chinese_line(text, ls, le) if lang == "zh" else _split_english_line(text, ls, le)
        )
        for s, e in pieces:
            s, e = _trim(text, s, e)
            if s < e:
                out.append(Sentence(s, e, text[s:e], paragraph, "body"))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Section headings after which the lines are the article's apparatus (citations, links), not its
# statements: "== References ==", "=== Sources ===", "External links", "Further reading", 参考资料
_APPARATUS = re.compile(
    r"^\s*(?:=+|#+)?\s*(?:references?|sources?|notes?|footnotes|citations?|bibliography|"
    r"works cited|further reading|external links?|see also|notes and references|"
    r"references and notes|sources and (?:notes|references|further reading)|"
    r"参考资料|参考文献|参考来源|外部链接|外部連結|注释|註釋|脚注|腳註|延伸阅读|延伸閱讀|相关条目|"
    r"相關條目|参见|參見|引用|扩展阅读)\s*(?:=+)?\s*$",
    re.IGNORECASE,
)


def _heading_level(line: str) -> int:
    """Depth of a marked-up heading (``==`` / ``##`` = 2, ``===`` = 3); 0 for a plain line."""
    m = re.match(r"\s*(=+|#+)", line)
    return len(m.group(1)) if m else 0


def _is_heading(line: str, language: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("#"):
        return True
    if language == "zh":
        return len(stripped) <= 20 and not re.search(r"[。！？!?；;…:：]$", stripped)
    return (
        len(stripped.split()) <= 8
        and not stripped[:1].islower()
        and not re.search(r"[.!?:;,\"”)]$", stripped)
    )
