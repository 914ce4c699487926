"""Extraction: article text → atomic, normalized, check-worthy claim records (Chinese and English).

Pure: no network, no disk writes, no clock. :func:`extract_article` turns a text into a
:class:`~factcheck.models.ClaimFile` whose claims carry spans into that text exactly;
:func:`merge_claim_files` folds a fresh extraction into an existing, possibly hand-edited file
with stable ids. Input formats (HTML, Markdown) are turned into text by
:func:`factcheck.extract.inputs.read_article_text`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from factcheck.extract._script import in_original_script, is_traditional, to_simplified
from factcheck.extract.atomize import (
    ClaimDraft,
    DiscourseContext,
    atomize_chinese,
    note_heading,
    warm_up,
)
from factcheck.extract.english import EnglishContext, atomize_english
from factcheck.extract.inputs import ArticleText, read_article_text, slugify
from factcheck.extract.merge import merge_claim_files
from factcheck.extract.segment import detect_language, find_article_meta, split_sentences
from factcheck.models import CONTROL_CHARS, Article, Claim, ClaimFile

__all__ = [
    "ArticleText",
    "detect_language",
    "extract_article",
    "merge_claim_files",
    "read_article_text",
    "slugify",
    "split_sentences",
    "warm_up",
]

logger = logging.getLogger(__name__)


def extract_article(
    text: str,
    *,
    article_id: str,
    published: dt.date | None = None,
    title: str | None = None,
    source: str | None = None,
    language: str | None = None,
    min_checkworthy: float | None = None,
) -> ClaimFile:
    """Extract the claims of an article; ``published`` and ``title`` default to what the text says.

    Claim ids are ``<article_id>-cNNN`` in text order; ``span`` indexes ``text`` exactly and
    ``sentence == text[span[0]:span[1]]`` (control characters, which no claim may hold, read as
    spaces). Every sentence stating a checkable value (a number, a
    date, a rank) becomes claims, and so does one naming an office, a place or another fact about
    a named thing; ``checkworthy`` scores each claim (0..1) for ordering and filtering. With
    ``min_checkworthy`` claims scoring below it are left out (0 keeps every candidate).
    """
    # control characters (mojibake such as U+0080) are no part of any claim: read as spaces, one
    # for one, so spans still index the text
    text = CONTROL_CHARS.sub(" ", text)
    lang = language or detect_language(text)
    original = text
    if lang == "zh" and is_traditional(text):
        text = to_simplified(text)  # read in simplified characters, quoted in the article's own
        title = to_simplified(title) if title else title
    meta = find_article_meta(text)
    published = published or meta.published
    title = title or meta.title
    sentences = split_sentences(text, lang)
    drafts: list[ClaimDraft] = []
    body = [s for s in sentences if s.role == "body"]
    if lang == "zh":
        ctx = DiscourseContext(
            published=published, min_checkworthy=min_checkworthy, topic=_topic(title)
        )
        for sentence in sentences:
            if sentence.role == "heading":
                note_heading(sentence, ctx)
            elif sentence.role == "body":
                drafts += atomize_chinese(sentence, ctx)
    else:
        en = EnglishContext(published=published, min_checkworthy=min_checkworthy, topic=title)
        if title and re.fullmatch(r"[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,3}", title.strip()):
            en.last_name = title.strip()  # a biography: "He" is its subject until another is named
        for i, sentence in enumerate(body):
            previous = body[i - 1] if i else None
            following = body[i + 1] if i + 1 < len(body) else None
            for d in atomize_english(sentence, en, previous, following):
                drafts.append(
                    ClaimDraft(
                        text=d.text,
                        sentence=sentence,
                        kind=d.kind,
                        subject=d.subject,
                        quantities=d.quantities,
                        dates=d.dates,
                        rank=d.rank,
                        entities=d.entities,
                        checkworthy=d.checkworthy,
                    )
                )
    claims = [
        _claim(f"{article_id}-c{i:03d}", d, (text, original)) for i, d in enumerate(drafts, start=1)
    ]
    logger.info("extracted %d claims from %d sentences (%s)", len(claims), len(sentences), lang)
    article = Article(
        id=article_id,
        title=in_original_script(title, (text, original)) if title else title,
        source=source,
        published=published,
        language="zh" if lang == "zh" else "en",
    )
    return ClaimFile(article=article, claims=claims)


def _topic(title: str | None) -> str | None:
    """A Chinese title that is a name (林纳斯·托瓦兹（节选）→ 林纳斯·托瓦兹): what the article is about."""
    if not title:
        return None
    name = re.sub(r"[（(][^）)]*[）)]", "", title).strip()
    if not 2 <= len(name) <= 14 or re.search(r"[\s,，。:：!！?？;；、\"“”]", name):
        return None
    # a document (工作报告, 公报, 讲话 …) is not what its sentences are about
    if re.search(
        r"(?:报告|公报|讲话|声明|通知|意见|决定|规划|纲要|白皮书|综述|回顾|简报|新闻|情况|概况|"
        r"分析|调查|总结|动态|快讯|要闻|解读|数据|统计|简介|展望|述评|评论|观察)$",
        name,
    ):
        return None
    # a headline about a period (今年一季度…, 2023年…) is no name either
    if re.search(
        r"今年|去年|明年|季度|上半年|下半年|\d{1,2}月|[一二三四五六七八九十]月|年度", name
    ):
        return None
    return name


def _claim(claim_id: str, d: ClaimDraft, article: tuple[str, str]) -> Claim:
    """The claim of a draft; ``article`` is the text read and the article's own (the same unless
    it is written in traditional characters): sentence and wording quote the article's own."""
    sentence = article[1][d.sentence.start : d.sentence.end]
    return Claim(
        id=claim_id,
        text=in_original_script(d.text, (d.sentence.text, sentence), article),
        sentence=sentence,
        span=(d.sentence.start, d.sentence.end),
        kind=d.kind,
        subject=d.subject,
        predicate=d.predicate,
        object=d.object,
        quantities=d.quantities,
        dates=d.dates,
        rank=d.rank,
        entities=d.entities,
        checkworthy=round(d.checkworthy, 3),
    )
