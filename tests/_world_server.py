"""A loopback imitation of the services our online fetchers talk to, serving a *world* of MADE-UP
documents (``bench/e2e_world/<name>/``): every document it serves was written for the end-to-end
bench; none is a real source.

One threaded ``http.server`` on 127.0.0.1 (random port) answers, with the shapes of the real services
(checked against ``../shared/data/api-fixtures``):

* ``/{lang}/w/api.php`` — MediaWiki Action API of a Wikipedia: ``list=search`` (CirrusSearch-like:
  every term must occur in the title or text; Chinese runs are cut into words with jieba and each word
  is matched as a substring, English words by a light stem; ``"phrases"``, ``intitle:`` and ``-not``),
  ``list=prefixsearch``, ``action=opensearch``, ``prop=extracts`` (plain or HTML, ``exintro``,
  ``exsectionformat``, ``exchars``/``exsentences``, whole-article extracts for one page per request
  as TextExtracts does), ``prop=info`` (``inprop=url``), ``prop=pageprops``, redirects and title
  normalization, ``formatversion`` 1 and 2;
* ``/{lang}/wiki/<title>`` — the article as an HTML page in a Wikipedia-like skin (navigation,
  footer, disclaimer), for search results that point at Wikipedia;
* ``/{lang}/api/rest_v1/page/summary/<title>`` — REST lead summary;
* ``/w/api.php`` — Wikibase: ``wbsearchentities`` (prefix or exact match on labels and aliases in the
  requested language and its fallbacks, as the real one: a whole clause finds nothing),
  ``wbgetentities`` (``ids`` or ``sites``+``titles``; ``props``, ``languages``,
  ``languagefallback``; statements with real datavalue shapes, qualifiers and references) and
  ``list=search`` over items;
* ``/sparql`` — Wikidata Query Service JSON for label queries (``VALUES ?x { wd:Q… }`` +
  ``rdfs:label`` + ``FILTER(LANG(...) IN (...))`` or ``langMatches``); anything else: no rows;
* ``/searx/search`` — SearXNG JSON (``format=json``): news pages and Wikipedia pages of the world
  ranked by idf-weighted term overlap, result URLs pointing back at this server;
* ``/arxiv/api/query`` and ``/openalex/<entity>`` — empty answers of the right shape (the worlds
  hold no papers);
* every news page at its own path, ``/robots.txt``; anything else 404.

Every request is logged (:class:`LogEntry`: service, kind, path, query, hits, status) so a bench can
report zero-hit rates per service.

Import as ``from _world_server import WorldServer, load_world`` (``tests/`` is on ``sys.path`` in
tests; benches insert it).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import yaml
from _loopback import QuietHandler, ThreadedServer, api_urls

__all__ = [
    "MADE_UP_MARK",
    "Item",
    "LogEntry",
    "Page",
    "World",
    "WorldServer",
    "load_world",
    "parse_document",
    "search_terms",
]

MADE_UP_MARK = "MADE-UP"
"""Every world file starts with a comment line containing this mark (checked by a test)."""

_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD_RE = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*", re.IGNORECASE)
_PUNCT_RE = re.compile(r"^[\W_]+$", re.UNICODE)
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "which",
        "with",
    ]
)
_WD_ENTITY = "http://www.wikidata.org/entity/"
_GREGORIAN = "http://www.wikidata.org/entity/Q1985727"
_PRECISION = {"day": 11, "month": 10, "year": 9, "decade": 8, "century": 7}
_ZH_FALLBACK = [
    "zh",
    "zh-hans",
    "zh-cn",
    "zh-sg",
    "zh-my",
    "zh-hant",
    "zh-tw",
    "zh-hk",
    "mul",
    "en",
]


# --------------------------------------------------------------------------------------------
# The world: documents read from a folder
# --------------------------------------------------------------------------------------------


@dataclass
class Page:
    """A made-up document: a Wikipedia article (``kind='wiki'``) or a web page (``kind='news'``)."""

    kind: str
    title: str
    lang: str
    body: str
    path: str = ""  # URL path on the server (news pages); wiki pages live at /{lang}/wiki/<title>
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # file it was read from

    @property
    def published(self) -> str | None:
        value = self.meta.get("published")
        return str(value) if value else None

    @property
    def plain(self) -> str:
        """Body without the ``== heading ==`` marks (what a search engine indexes)."""
        return re.sub(r"^=+\s*(.*?)\s*=+\s*$", r"\1", self.body, flags=re.MULTILINE)


@dataclass
class Item:
    """A made-up Wikidata item, as written in ``wikidata.yaml`` (compact statements)."""

    id: str
    labels: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    claims: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sitelinks: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    """Everything a world serves: wiki pages per language, news pages, items and labels."""

    name: str
    root: Path
    wiki: dict[str, dict[str, Page]] = field(default_factory=dict)  # lang → title → page
    redirects: dict[str, dict[str, str]] = field(default_factory=dict)  # lang → from → to
    news: dict[str, Page] = field(default_factory=dict)  # path → page
    items: dict[str, Item] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # id → lang → label
    spec: dict[str, Any] = field(default_factory=dict)  # world.yaml

    def merge(self, other: World) -> None:
        for lang, pages in other.wiki.items():
            self.wiki.setdefault(lang, {}).update(pages)
        for lang, red in other.redirects.items():
            self.redirects.setdefault(lang, {}).update(red)
        self.news.update(other.news)
        self.items.update(other.items)
        for ident, by_lang in other.labels.items():
            self.labels.setdefault(ident, {}).update(by_lang)


def parse_document(text: str, source: str = "") -> tuple[dict[str, Any], str]:
    """Split a world document into its header (``key: value`` lines before ``---``) and body.

    The first line must be a comment (``<!-- … -->`` or ``# …``) carrying :data:`MADE_UP_MARK`.
    """
    lines = text.splitlines()
    if not lines or MADE_UP_MARK not in lines[0]:
        raise ValueError(f"{source}: first line must say {MADE_UP_MARK}")
    header: dict[str, Any] = {}
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            body = "\n".join(lines[i + 1 :]).strip("\n")
            return header, body
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{source}:{i + 1}: expected 'key: value' or '---'")
        header[key.strip()] = yaml.safe_load(value.strip()) if value.strip() else None
    raise ValueError(f"{source}: no '---' line ends the header")


def load_world(root: Path) -> World:
    """Read a world folder: ``world.yaml``, ``wiki/<lang>/*.txt``, ``pages/*.txt``, ``wikidata.yaml``."""
    world = World(name=root.name, root=root)
    spec_path = root / "world.yaml"
    if spec_path.is_file():
        world.spec = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
    for lang_dir in sorted((root / "wiki").glob("*")):
        if not lang_dir.is_dir():
            continue
        lang = lang_dir.name
        for path in sorted(lang_dir.glob("*.txt")):
            header, body = parse_document(path.read_text(encoding="utf-8"), str(path))
            title = str(header.pop("title"))
            page = Page("wiki", title, lang, body, meta=header, source=str(path))
            world.wiki.setdefault(lang, {})[title] = page
            for alias in header.get("redirects") or []:
                world.redirects.setdefault(lang, {})[str(alias)] = title
    for path in sorted((root / "pages").glob("*.txt")):
        header, body = parse_document(path.read_text(encoding="utf-8"), str(path))
        page = Page(
            "news",
            str(header.pop("title")),
            str(header.pop("lang", "zh")),
            body,
            path=str(header.pop("url")),
            meta=header,
            source=str(path),
        )
        world.news[page.path] = page
    wd_path = root / "wikidata.yaml"
    if wd_path.is_file():
        first = wd_path.read_text(encoding="utf-8").splitlines()[:1]
        if not first or MADE_UP_MARK not in first[0]:
            raise ValueError(f"{wd_path}: first line must say {MADE_UP_MARK}")
        data = yaml.safe_load(wd_path.read_text(encoding="utf-8")) or {}
        for raw in data.get("items") or []:
            item = Item(
                id=str(raw["id"]),
                labels=dict(raw.get("labels") or {}),
                descriptions=dict(raw.get("descriptions") or {}),
                aliases={k: list(v) for k, v in (raw.get("aliases") or {}).items()},
                claims=dict(raw.get("claims") or {}),
                sitelinks=dict(raw.get("sitelinks") or {}),
            )
            world.items[item.id] = item
            world.labels.setdefault(item.id, {}).update(item.labels)
        for ident, by_lang in (data.get("labels") or {}).items():
            world.labels.setdefault(str(ident), {}).update(by_lang)
    for lang, pages in world.wiki.items():  # sitelinks from the pages' `wikidata:` header
        for title, page in pages.items():
            qid = page.meta.get("wikidata")
            if qid and qid in world.items:
                world.items[qid].sitelinks.setdefault(f"{lang}wiki", title)
    return world


# --------------------------------------------------------------------------------------------
# Text matching shared by the search imitations
# --------------------------------------------------------------------------------------------


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "es", "s", "ed", "ing", "ly"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _cut(text: str) -> list[str]:
    import jieba

    return [t for t in jieba.lcut(text) if t.strip() and not _PUNCT_RE.match(t)]


def search_terms(query: str) -> list[str]:
    """The terms a query requires: jieba words of Chinese runs, stemmed English words."""
    terms: list[str] = []
    for chunk in query.split():
        if _CJK_RE.search(chunk):
            for token in _cut(chunk):
                if _CJK_RE.search(token):
                    terms.append(token)
                else:
                    terms.extend(w.lower() for w in _WORD_RE.findall(token))
        else:
            terms.extend(
                _stem(w) if not w[0].isdigit() else w
                for w in (m.lower() for m in _WORD_RE.findall(chunk))
                if w not in _EN_STOP
            )
    return list(dict.fromkeys(terms))


@dataclass
class _Indexed:
    title: str
    text: str  # lowercased title + text, spaces squeezed (substring matching)
    words: frozenset[str]  # stems of its English words and its numbers

    @classmethod
    def of(cls, title: str, text: str) -> _Indexed:
        whole = f"{title}\n{text}".lower()
        words = frozenset(
            _stem(w) if not w[0].isdigit() else w for w in _WORD_RE.findall(whole)
        ) | frozenset(_WORD_RE.findall(whole))
        return cls(title, re.sub(r"\s+", " ", whole), words)

    def has(self, term: str) -> bool:
        if _CJK_RE.search(term):
            return term in self.text
        return term in self.words or (not term.isascii() and term in self.text)

    def count(self, term: str) -> int:
        return self.text.count(term) if _CJK_RE.search(term) else max(1, self.text.count(term))


@dataclass
class _Query:
    terms: list[str]
    phrases: list[str]
    intitle: list[str]
    excluded: list[str]

    @classmethod
    def parse(cls, raw: str) -> _Query:
        phrases = [p.lower() for p in re.findall(r'"([^"]+)"', raw)]
        rest = re.sub(r'"[^"]*"', " ", raw)
        intitle = [m.lower() for m in re.findall(r"\bintitle:(\S+)", rest)]
        rest = re.sub(r"\bintitle:\S+", " ", rest)
        excluded = [m.lower() for m in re.findall(r"(?:^|\s)-(\S+)", rest)]
        rest = re.sub(r"(?:^|\s)-\S+", " ", rest)
        rest = re.sub(r"\b(?:AND|OR|NOT)\b", " ", rest)
        return cls(search_terms(rest), phrases, intitle, excluded)

    def matches(self, doc: _Indexed) -> bool:
        if not (self.terms or self.phrases or self.intitle):
            return False
        if any(p not in doc.text for p in self.phrases):
            return False
        if any(t not in doc.title.lower() for t in self.intitle):
            return False
        if any(doc.has(t) for t in self.excluded):
            return False
        return all(doc.has(t) for t in self.terms)

    def score(self, doc: _Indexed) -> float:
        title = doc.title.lower()
        score = sum(math.log1p(doc.count(t)) for t in self.terms)
        score += sum(3.0 for t in [*self.terms, *self.phrases] if t in title)
        return score


def _snippet(text: str, terms: Iterable[str], width: int = 90) -> str:
    """A search snippet: text around the first matched term, matches wrapped as CirrusSearch does."""
    lowered = text.lower()
    found = [(lowered.find(t), t) for t in terms if t and lowered.find(t) >= 0]
    start = max(0, min(found)[0] - width // 3) if found else 0
    piece = text[start : start + width].replace("\n", " ")
    out = html.escape(piece)
    for _, term in sorted(found, key=lambda x: -len(x[1])):
        out = re.sub(
            re.escape(html.escape(term)),
            lambda m: f'<span class="searchmatch">{m.group(0)}</span>',
            out,
            count=1,
            flags=re.IGNORECASE,
        )
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？!?])|(?<=[.!?])\s+", text) if s.strip()]


# --------------------------------------------------------------------------------------------
# Request log
# --------------------------------------------------------------------------------------------


@dataclass
class LogEntry:
    """One request the server answered."""

    service: str  # wikipedia | wikidata | sparql | searxng | web | robots | arxiv | openalex
    kind: str  # search | extracts | entities | labels | page | summary | other
    path: str
    query: str | None
    hits: int | None
    status: int
    lang: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "kind": self.kind,
            "path": self.path,
            "query": self.query,
            "hits": self.hits,
            "status": self.status,
            "lang": self.lang,
        }


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def _sections(body: str) -> list[tuple[str | None, int, list[str]]]:
    """(heading or None for the lead, level, paragraphs) of a wiki body."""
    out: list[tuple[str | None, int, list[str]]] = [(None, 0, [])]
    for line in body.splitlines():
        m = re.match(r"^(=+)\s*(.*?)\s*=+\s*$", line)
        if m:
            out.append((m.group(2), len(m.group(1)), []))
        elif line.strip():
            out[-1][2].append(line.strip())
    return out


def _extract_plain(page: Page, fmt: str, intro: bool) -> str:
    parts: list[str] = []
    for i, (heading, level, paras) in enumerate(_sections(page.body)):
        if intro and i > 0:
            break
        if heading is not None:
            if fmt == "wiki":
                marks = "=" * level
                parts.append(f"\n\n{marks} {heading} {marks}")
            else:  # plain/raw: the heading alone on its line after blank lines
                parts.append(f"\n\n{heading}")
        parts.append("\n".join(paras))
    return "\n".join(p for p in parts if p).strip("\n") if intro else "\n".join(parts).strip()


def _extract_html(page: Page, intro: bool) -> str:
    parts: list[str] = []
    for i, (heading, level, paras) in enumerate(_sections(page.body)):
        if intro and i > 0:
            break
        if heading is not None:
            anchor = html.escape(heading.replace(" ", "_"), quote=True)
            parts.append(f'<h{level}><span id="{anchor}">{html.escape(heading)}</span></h{level}>')
        parts.extend(f"<p>{html.escape(p)}</p>" for p in paras)
    return "\n".join(parts)


def _truncate(text: str, chars: int | None, sentences: int | None) -> str:
    if sentences:
        text = "".join(_sentences(text)[:sentences])
    if chars and len(text) > chars:
        text = text[:chars].rstrip() + "…"
    return text


_WIKI_SKIN = {
    "zh": {
        "jump": "跳转到导航 跳转到搜索",
        "from": "维基百科，自由的百科全书",
        "nav": "首页 分类索引 特色内容 新闻动态 最近更改 随机条目 资助维基百科",
        "tools": "链入页面 相关更改 上传文件 特殊页面 固定链接 页面信息 引用本页 维基数据项目",
        "footer": "本页面最后修订于{touched}。本站的全部文字在知识共享 署名-相同方式共享 4.0协议之条款下"
        "提供，附加条款亦可能应用。（请参阅使用条款）",
        "disclaimer": "隐私政策 关于维基百科 免责声明 行为准则 开发者 统计 Cookie声明 手机版视图",
        "title": "{title} - 维基百科，自由的百科全书",
    },
    "en": {
        "jump": "Jump to navigation Jump to search",
        "from": "From Wikipedia, the free encyclopedia",
        "nav": "Main page Contents Current events Random article About Wikipedia Contact us Donate",
        "tools": "What links here Related changes Upload file Special pages Permanent link "
        "Page information Cite this page Wikidata item",
        "footer": "This page was last edited on {touched}. Text is available under the Creative "
        "Commons Attribution-ShareAlike License 4.0; additional terms may apply.",
        "disclaimer": "Privacy policy About Wikipedia Disclaimers Contact Wikipedia Code of Conduct "
        "Developers Statistics Cookie statement Mobile view",
        "title": "{title} - Wikipedia",
    },
}


def _wiki_html(page: Page, touched: str) -> str:
    skin = _WIKI_SKIN.get(page.lang, _WIKI_SKIN["en"])
    title = html.escape(page.title)
    return f"""<!DOCTYPE html>
<html class="client-nojs" lang="{page.lang}" dir="ltr">
<head><meta charset="UTF-8"><title>{html.escape(skin["title"].format(title=page.title))}</title>
<link rel="canonical" href="/{page.lang}/wiki/{quote(page.title.replace(" ", "_"))}"></head>
<body class="mediawiki ltr skin-vector">
<a class="mw-jump-link" href="#mw-head">{skin["jump"]}</a>
<div id="mw-navigation"><nav id="p-navigation"><ul><li>{skin["nav"]}</li></ul></nav>
<nav id="p-tb"><ul><li>{skin["tools"]}</li></ul></nav></div>
<div id="content" class="mw-body" role="main">
<h1 id="firstHeading" class="firstHeading">{title}</h1>
<div id="bodyContent"><div id="siteSub">{skin["from"]}</div>
<div id="mw-content-text" class="mw-body-content"><div class="mw-parser-output">
{_extract_html(page, intro=False)}
</div></div></div></div>
<footer id="footer"><ul id="footer-info"><li id="footer-info-lastmod">{skin["footer"].format(touched=touched)}</li></ul>
<ul id="footer-places"><li>{skin["disclaimer"]}</li></ul></footer>
</body></html>"""


def _date_meta(page: Page) -> tuple[str, str, str]:
    """(head tags, JSON-LD, visible date line) for a news page per its ``date_style``."""
    published = page.published
    style = str(page.meta.get("date_style", "meta" if published else "none"))
    if not published or style == "none":
        return "", "", ""
    time_part = str(page.meta.get("time", "09:30"))
    iso = f"{published}T{time_part}:00+08:00"
    head = ""
    jsonld = ""
    visible = f"{published} {time_part}"
    if style == "meta":
        head = f'<meta property="article:published_time" content="{iso}">'
    elif style == "jsonld":
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": page.title,
            "datePublished": iso,
            "publisher": {"@type": "Organization", "name": page.meta.get("site", "")},
        }
        jsonld = (
            '<script type="application/ld+json">'
            + json.dumps(data, ensure_ascii=False)
            + "</script>"
        )
    elif style == "text":
        visible = f"{published.replace('-', '年', 1).replace('-', '月', 1)}日 {time_part}"
    return head, jsonld, visible


_NEWS_NAV = {
    "zh": "首页 | 要闻 | 时政 | 地方 | 经济 | 社会 | 文化 | 旅游 | 图片 | 视频 | 专题",
    "en": "Home | News | Politics | Business | World | Science | Travel | Opinion | Video",
}
_NEWS_FOOTER = {
    "zh": "关于我们 | 联系我们 | 广告服务 | 版权声明 | 网站地图<br>"
    "未经授权禁止转载、摘编、复制或建立镜像。如有违反，追究法律责任。<br>"
    "违法和不良信息举报电话：0000-00000000 备案号：示例ICP备00000000号",
    "en": "About us | Contact | Advertise | Terms of use | Privacy | Cookie settings<br>"
    "© All rights reserved. Reproduction without permission is prohibited.",
}
_SHARE = {
    "zh": "分享到： 微信 微博 QQ空间 【字体：大 中 小】 打印本页",
    "en": "Share: Facebook X Email Print",
}
_RELATED = {"zh": "相关阅读", "en": "Related"}


def _news_html(page: Page, related: list[Page]) -> str:
    lang = page.lang if page.lang in _NEWS_NAV else "en"
    site = html.escape(str(page.meta.get("site", "")))
    head, jsonld, visible = _date_meta(page)
    source = page.meta.get("source_line")
    byline_parts = [visible] if visible else []
    if source:
        byline_parts.append(html.escape(str(source)))
    if page.meta.get("author"):
        byline_parts.append(html.escape(str(page.meta["author"])))
    byline = "&nbsp;&nbsp;".join(byline_parts)
    paras = "\n".join(
        f"<p>{html.escape(p.strip())}</p>" for p in page.body.split("\n") if p.strip()
    )
    links = "\n".join(
        f'<li><a href="{html.escape(r.path)}">{html.escape(r.title)}</a></li>' for r in related[:4]
    )
    template = str(page.meta.get("template", "portal"))
    title = html.escape(page.title)
    if template == "gov":
        return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}_{site}</title>
<meta name="SiteName" content="{site}">{head}{jsonld}</head>
<body><div class="top">{site} | 无障碍浏览 | 长者模式 | English</div>
<div class="nav">首页 | 政务公开 | 政务服务 | 互动交流 | 走进{site[:2]} | 专题专栏</div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 统计信息</div>
<table class="xxgk"><tr><td>索引号：</td><td>0000000000/2021-00000</td><td>发布机构：</td><td>{site}</td></tr>
<tr><td>发布日期：</td><td>{html.escape(page.published or "")}</td><td>主题分类：</td><td>统计信息</td></tr></table>
<div class="article"><h1>{title}</h1>
<div class="info">{byline}</div>
<div class="content">{paras}</div></div>
<div class="share">{_SHARE["zh"]}</div>
<div class="footer">主办：{site} 网站标识码：0000000000 {_NEWS_FOOTER["zh"]}</div>
</body></html>"""
    if template == "blog":
        return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - {site}</title>{head}{jsonld}</head>
<body><header><div class="logo">{site}</div><nav>{"首页 随笔 归档 标签 关于" if lang == "zh" else "Home Posts Archive Tags About"}</nav></header>
<main><article class="post"><h1 class="post-title">{title}</h1>
<div class="post-meta">{byline}</div>
<div class="post-content">{paras}</div></article>
<section class="comments"><h3>{"评论" if lang == "zh" else "Comments"}</h3>
<p>{"暂无评论，快来抢沙发吧！" if lang == "zh" else "No comments yet."}</p></section></main>
<aside><h3>{_RELATED[lang]}</h3><ul>{links}</ul></aside>
<footer>{"Powered by 示例博客程序" if lang == "zh" else "Powered by an example blog engine"}</footer>
</body></html>"""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}_{site}</title>
<meta name="description" content="{html.escape(page.meta.get("summary", page.title))}">
{head}{jsonld}</head>
<body><div class="topbar">{site} {"登录 注册 客户端" if lang == "zh" else "Sign in Subscribe"}</div>
<div class="nav">{_NEWS_NAV[lang]}</div>
<div class="crumb">{"您的位置：首页 &gt; 地方 &gt; 正文" if lang == "zh" else "You are here: Home &gt; News"}</div>
<div class="main"><h1>{title}</h1>
<div class="source">{byline}</div>
<div class="article-content">{paras}</div>
<div class="editor">{"【责任编辑：示例】" if lang == "zh" else ""}</div>
<div class="share">{_SHARE[lang]}</div></div>
<div class="side"><h3>{_RELATED[lang]}</h3><ul>{links}</ul></div>
<div class="footer">{_NEWS_FOOTER[lang]}</div>
</body></html>"""


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------

ROBOTS_PERMISSIVE = "User-agent: *\nDisallow: /trap/\nDisallow: /admin/\n"
ROBOTS_WIKIMEDIA = (
    "# like the Wikimedia sites' robots.txt (API paths under /w/ are disallowed for crawlers)\n"
    "User-agent: *\nAllow: /w/api.php?action=mobileview&\nAllow: /w/load.php?\n"
    "Disallow: /w/\nDisallow: /api/\nDisallow: /trap/\n"
)


def _pageid(lang: str, title: str) -> int:
    return int(hashlib.sha1(f"{lang}:{title}".encode()).hexdigest()[:7], 16) + 1000


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x00".join(map(str, parts)).encode()).hexdigest()


class WorldServer:
    """Serve one or more worlds on 127.0.0.1 (random port) in a thread; log every request.

    Use as a context manager; :attr:`base` is ``http://127.0.0.1:PORT``. ``robots`` is the text of
    ``/robots.txt`` (:data:`ROBOTS_PERMISSIVE` by default; :data:`ROBOTS_WIKIMEDIA` reproduces the
    Wikimedia rule that disallows ``/w/`` to crawlers).
    """

    def __init__(self, *worlds: World, robots: str = ROBOTS_PERMISSIVE) -> None:
        self.world = World(name="+".join(w.name for w in worlds), root=Path("."))
        for w in worlds:
            self.world.merge(w)
        self.robots = robots
        self.log: list[LogEntry] = []
        self._lock = threading.Lock()
        self._server: ThreadedServer | None = None
        self.base = ""
        self._index_wiki: dict[str, dict[str, _Indexed]] = {
            lang: {t: _Indexed.of(t, p.plain) for t, p in pages.items()}
            for lang, pages in self.world.wiki.items()
        }
        # the web search index: news pages and wiki pages (as /{lang}/wiki/<title>)
        self._web: list[tuple[str, Page, _Indexed]] = []
        for path, page in self.world.news.items():
            self._web.append((path, page, _Indexed.of(page.title, page.body)))
        for lang, pages in self.world.wiki.items():
            for title, page in pages.items():
                path = f"/{lang}/wiki/{quote(title.replace(' ', '_'))}"
                self._web.append((path, page, _Indexed.of(title, page.plain)))
        self._items_index = {
            qid: _Indexed.of(
                " ".join(item.labels.values()),
                " ".join(
                    [*item.descriptions.values(), *(a for v in item.aliases.values() for a in v)]
                ),
            )
            for qid, item in self.world.items.items()
        }

    # lifecycle -------------------------------------------------------------------------------

    def __enter__(self) -> WorldServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._server = ThreadedServer(_make_handler(self))
        self.base = self._server.base
        self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    # configuration a user would write --------------------------------------------------------

    def fetcher_settings(self) -> dict[str, Any]:
        """The ``fetchers`` settings pointing every online fetcher at this server."""
        return api_urls(self.base)

    def toml(self, *, searxng: bool = True) -> str:
        """A ``factcheck.toml`` fragment: the fetcher base URLs and loopback-friendly HTTP limits."""
        lines = [
            "[http]",
            f'allow_private = ["{self.base.removeprefix("http://")}"]',
            "per_host_rate = 500.0",
            "per_host_concurrency = 8",
            "backoff_s = 0.05",
            "retries = 1",
            "",
        ]
        for name, values in self.fetcher_settings().items():
            lines.append(f"[fetchers.{name}]")
            for key, value in values.items():
                lines.append(f"{key} = {json.dumps(value)}")
            if name == "searxng" and not searxng:
                lines.append("enabled = false")
            lines.append("")
        return "\n".join(lines)

    # log -------------------------------------------------------------------------------------

    def record(self, entry: LogEntry) -> None:
        with self._lock:
            self.log.append(entry)

    def entries(self, service: str | None = None, kind: str | None = None) -> list[LogEntry]:
        with self._lock:
            return [
                e
                for e in self.log
                if (service is None or e.service == service) and (kind is None or e.kind == kind)
            ]

    def zero_hit_rates(self) -> dict[str, dict[str, Any]]:
        """Per service: searches answered, how many found nothing, and the share."""
        out: dict[str, dict[str, Any]] = {}
        for e in self.entries(kind="search"):
            row = out.setdefault(e.service, {"searches": 0, "zero_hit": 0})
            row["searches"] += 1
            row["zero_hit"] += 1 if not e.hits else 0
        for row in out.values():
            row["zero_hit_rate"] = round(row["zero_hit"] / row["searches"], 4)
        return out

    # MediaWiki (Wikipedia) ---------------------------------------------------------------------

    def _resolve(self, lang: str, title: str) -> tuple[str, str | None, str | None]:
        """(title after normalization and redirects, normalized-from, redirected-from)."""
        norm = title.replace("_", " ").strip()
        if norm and lang == "en":
            norm = norm[0].upper() + norm[1:]
        normalized_from = title if norm != title else None
        target = self.world.redirects.get(lang, {}).get(norm)
        return (target or norm), normalized_from, (norm if target else None)

    def wiki_search(self, lang: str, raw: str) -> list[str]:
        query = _Query.parse(raw)
        pages = self._index_wiki.get(lang, {})
        hits = [t for t, doc in pages.items() if query.matches(doc)]
        # redirects are searchable by their titles too
        for source, target in self.world.redirects.get(lang, {}).items():
            if target in pages and target not in hits:
                alias = _Indexed.of(source, "")
                if query.terms and all(alias.has(t) for t in query.terms):
                    hits.append(target)
        exact = raw.strip().lower()
        hits.sort(
            key=lambda t: (
                t.lower() != exact,
                -query.score(pages[t]),
                t,
            )
        )
        return hits

    def mediawiki(self, lang: str, args: Mapping[str, str]) -> tuple[dict[str, Any], LogEntry]:
        v2 = args.get("formatversion") == "2"
        action = args.get("action", "")
        path = f"/{lang}/w/api.php"
        if lang not in self.world.wiki and lang not in ("zh", "en"):
            err = {"error": {"code": "unknown-wiki", "info": f"No wiki for language {lang}"}}
            return err, LogEntry("wikipedia", "other", path, None, None, 404, lang)
        if action == "opensearch":
            term = args.get("search", "")
            pages = self.world.wiki.get(lang, {})
            titles = [t for t in pages if t.lower().startswith(term.lower())] if term else []
            titles += [
                tgt
                for src, tgt in self.world.redirects.get(lang, {}).items()
                if term and src.lower().startswith(term.lower()) and tgt not in titles
            ]
            titles = titles[: int(args.get("limit", "10") or 10)]
            urls = [f"{self.base}/{lang}/wiki/{quote(t.replace(' ', '_'))}" for t in titles]
            body: Any = [term, titles, ["" for _ in titles], urls]
            return body, LogEntry("wikipedia", "search", path, term, len(titles), 200, lang)
        if action != "query":
            err = {
                "error": {
                    "code": "badvalue",
                    "info": f'Unrecognized value for parameter "action": {action}.',
                    "*": "See /w/api.php for API usage.",
                },
                "servedby": "mw-api-loopback",
            }
            return err, LogEntry("wikipedia", "other", path, None, None, 200, lang)
        lists = set(filter(None, args.get("list", "").split("|")))
        props = set(filter(None, args.get("prop", "").split("|")))
        out: dict[str, Any] = {"batchcomplete": True if v2 else ""}
        query: dict[str, Any] = {}
        entry = LogEntry("wikipedia", "other", path, None, None, 200, lang)
        if "search" in lists:
            raw = args.get("srsearch", "")
            limit = min(int(args.get("srlimit", "10") or 10), 500)
            offset = int(args.get("sroffset", "0") or 0)
            hits = self.wiki_search(lang, raw)
            srprop = set(args.get("srprop", "size|wordcount|timestamp|snippet").split("|"))
            terms = _Query.parse(raw).terms
            rows = []
            for title in hits[offset : offset + limit]:
                page = self.world.wiki[lang][title]
                row: dict[str, Any] = {"ns": 0, "title": title, "pageid": _pageid(lang, title)}
                if "size" in srprop:
                    row["size"] = len(page.body.encode())
                if "wordcount" in srprop:
                    row["wordcount"] = len(page.body) if lang == "zh" else len(page.body.split())
                if "snippet" in srprop:
                    row["snippet"] = _snippet(page.plain, terms)
                if "timestamp" in srprop:
                    row["timestamp"] = self._touched(page)
                rows.append(row)
            query["searchinfo"] = {"totalhits": len(hits)}
            query["search"] = rows
            if offset + limit < len(hits):
                out["continue"] = {"sroffset": offset + limit, "continue": "-||"}
            entry = LogEntry("wikipedia", "search", path, raw, len(hits), 200, lang)
        if "prefixsearch" in lists:
            term = args.get("pssearch", "")
            titles = (
                [t for t in self.world.wiki.get(lang, {}) if t.startswith(term)] if term else []
            )
            query["prefixsearch"] = [
                {"ns": 0, "title": t, "pageid": _pageid(lang, t)}
                for t in titles[: int(args.get("pslimit", "10") or 10)]
            ]
            entry = LogEntry("wikipedia", "search", path, term, len(titles), 200, lang)
        titles_arg = args.get("titles")
        if titles_arg is not None and (props or not lists):
            pages_out, extra = self._query_pages(lang, titles_arg.split("|"), props, args, v2)
            query.update(extra.pop("query", {}))
            out.update(extra)
            query["pages"] = (
                pages_out
                if v2
                else {str(p.get("pageid", -1 - i)): p for i, p in enumerate(pages_out)}
            )
            found = sum(1 for p in pages_out if "missing" not in p)
            if entry.kind != "search":
                entry = LogEntry("wikipedia", "extracts", path, titles_arg, found, 200, lang)
        if query:
            out["query"] = query
        return out, entry

    def _touched(self, page: Page) -> str:
        return str(page.meta.get("touched", "2024-03-18T06:21:44Z"))

    def _query_pages(
        self,
        lang: str,
        titles: list[str],
        props: set[str],
        args: Mapping[str, str],
        v2: bool,
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        extra: dict[str, Any] = {}
        q: dict[str, Any] = {}
        normalized: list[dict[str, Any]] = []
        redirects: list[dict[str, str]] = []
        pages_out: list[dict[str, Any]] = []
        follow = "redirects" in args and args.get("redirects") not in ("0", "false")
        whole_extracts = 0
        for raw in titles[:50]:
            norm = raw.replace("_", " ").strip()
            if lang == "en" and norm:
                norm = norm[0].upper() + norm[1:]
            if norm != raw:
                normalized.append({"fromencoded": False, "from": raw, "to": norm})
            title = norm
            target = self.world.redirects.get(lang, {}).get(norm)
            if target and follow:
                redirects.append({"from": norm, "to": target})
                title = target
            page = self.world.wiki.get(lang, {}).get(title)
            if page is None:
                pages_out.append({"ns": 0, "title": title, "missing": True if v2 else ""})
                continue
            row: dict[str, Any] = {"pageid": _pageid(lang, title), "ns": 0, "title": title}
            if "extracts" in props:
                intro = "exintro" in args and args.get("exintro") not in ("0", "false")
                if not intro:
                    whole_extracts += 1
                if intro or whole_extracts == 1:
                    if "explaintext" in args and args.get("explaintext") not in ("0", "false"):
                        text = _extract_plain(page, args.get("exsectionformat", "wiki"), intro)
                    else:
                        text = _extract_html(page, intro)
                    chars = int(args["exchars"]) if args.get("exchars") else None
                    sents = int(args["exsentences"]) if args.get("exsentences") else None
                    row["extract"] = _truncate(text, chars, sents)
            if "info" in props:
                url = f"{self.base}/{lang}/wiki/{quote(title.replace(' ', '_'))}"
                row.update(
                    {
                        "contentmodel": "wikitext",
                        "pagelanguage": lang,
                        "pagelanguagehtmlcode": "zh-CN" if lang == "zh" else lang,
                        "pagelanguagedir": "ltr",
                        "touched": self._touched(page),
                        "lastrevid": _pageid(lang, title) * 7 + 13,
                        "length": len(page.body.encode()),
                    }
                )
                if "url" in args.get("inprop", "").split("|"):
                    row.update(
                        {
                            "fullurl": url,
                            "editurl": f"{self.base}/{lang}/w/index.php?title="
                            f"{quote(title.replace(' ', '_'))}&action=edit",
                            "canonicalurl": url,
                        }
                    )
            if "pageprops" in props and page.meta.get("wikidata"):
                row["pageprops"] = {"wikibase_item": str(page.meta["wikidata"])}
            pages_out.append(row)
        if whole_extracts > 1:
            extra["warnings"] = {
                "extracts": {
                    "warnings": '"exlimit" was too large for a whole article extracts request, '
                    "lowered to 1."
                }
                if v2
                else {
                    "*": '"exlimit" was too large for a whole article extracts request, '
                    "lowered to 1."
                }
            }
            extra["continue"] = {"excontinue": 1, "continue": "||info"}
        if normalized:
            q["normalized"] = normalized
        if redirects:
            q["redirects"] = redirects
        if q:
            extra["query"] = q
        return pages_out, extra

    def rest_summary(self, lang: str, raw_title: str) -> tuple[int, dict[str, Any]]:
        title, _, _ = self._resolve(lang, unquote(raw_title))
        page = self.world.wiki.get(lang, {}).get(title)
        if page is None:
            return 404, {
                "type": "https://mediawiki.org/wiki/HyperSwitch/errors/not_found",
                "title": "Not found.",
                "method": "get",
                "detail": "Page or revision not found.",
                "uri": f"/{lang}/api/rest_v1/page/summary/{raw_title}",
            }
        lead = _extract_plain(page, "plain", intro=True)
        url = f"{self.base}/{lang}/wiki/{quote(title.replace(' ', '_'))}"
        return 200, {
            "type": "standard",
            "title": title,
            "displaytitle": title,
            "pageid": _pageid(lang, title),
            "lang": lang,
            "dir": "ltr",
            "timestamp": self._touched(page),
            "description": page.meta.get("description", ""),
            "content_urls": {"desktop": {"page": url}, "mobile": {"page": url}},
            "extract": lead,
            "extract_html": "".join(f"<p>{html.escape(p)}</p>" for p in lead.split("\n")),
        }

    # Wikibase (Wikidata) ------------------------------------------------------------------------

    def _lang_chain(self, language: str) -> list[str]:
        if language.startswith("zh"):
            return [language, *[x for x in _ZH_FALLBACK if x != language]]
        return [language, "mul", "en"] if language != "en" else ["en", "mul"]

    def wikibase(self, args: Mapping[str, str]) -> tuple[dict[str, Any], LogEntry]:
        action = args.get("action", "")
        if action == "wbsearchentities":
            return self._wbsearch(args)
        if action == "wbgetentities":
            return self._wbget(args)
        if action == "query" and args.get("list") == "search":
            raw = args.get("srsearch", "")
            query = _Query.parse(raw)
            hits = [q for q, doc in self._items_index.items() if query.matches(doc)]
            hits.sort(key=lambda q: -query.score(self._items_index[q]))
            limit = int(args.get("srlimit", "10") or 10)
            body = {
                "batchcomplete": "",
                "query": {
                    "searchinfo": {"totalhits": len(hits)},
                    "search": [
                        {"ns": 0, "title": q, "pageid": _pageid("wd", q), "snippet": ""}
                        for q in hits[:limit]
                    ],
                },
            }
            return body, LogEntry("wikidata", "search", "/w/api.php", raw, len(hits), 200)
        err = {
            "error": {
                "code": "badvalue",
                "info": f'Unrecognized value for parameter "action": {action}.',
                "*": "See /w/api.php for API usage.",
            },
            "servedby": "mw-api-loopback",
        }
        return err, LogEntry("wikidata", "other", "/w/api.php", None, None, 200)

    def _wbsearch(self, args: Mapping[str, str]) -> tuple[dict[str, Any], LogEntry]:
        search = args.get("search", "")
        language = args.get("language", "en")
        uselang = args.get("uselang", language)
        strict = args.get("strictlanguage") not in (None, "", "0", "false")
        limit = min(int(args.get("limit", "7") or 7), 50)
        offset = int(args.get("continue", "0") or 0)
        langs = [language] if strict else self._lang_chain(language)
        needle = re.sub(r"\s+", " ", search).strip().lower()
        results: list[tuple[int, int, str, dict[str, Any]]] = []
        if needle:
            for order, (qid, item) in enumerate(self.world.items.items()):
                best: tuple[int, str, str, str] | None = None  # (rank, type, lang, text)
                if needle == qid.lower():
                    best = (0, "entityId", language, qid)
                for lang in langs:
                    candidates = [("label", item.labels.get(lang))] + [
                        ("alias", a) for a in item.aliases.get(lang, [])
                    ]
                    for kind, text in candidates:
                        if not text:
                            continue
                        norm = re.sub(r"\s+", " ", text).strip().lower()
                        if norm == needle:
                            rank = 1 if kind == "label" else 2
                        elif norm.startswith(needle):
                            rank = 3 if kind == "label" else 4
                        else:
                            continue
                        if best is None or rank < best[0]:
                            best = (rank, kind, lang, text)
                if best is None:
                    continue
                label_lang, label = self._pick_term(item.labels, uselang)
                desc_lang, desc = self._pick_term(item.descriptions, uselang)
                row: dict[str, Any] = {
                    "id": qid,
                    "title": qid,
                    "pageid": _pageid("wd", qid),
                    "display": {},
                    "repository": "wikidata",
                    "url": f"//{self.base.split('//', 1)[1]}/wiki/{qid}",
                    "concepturi": f"{_WD_ENTITY}{qid}",
                }
                if label is not None:
                    row["label"] = label
                    row["display"]["label"] = {"value": label, "language": label_lang}
                if desc is not None:
                    row["description"] = desc
                    row["display"]["description"] = {"value": desc, "language": desc_lang}
                row["match"] = {"type": best[1], "language": best[2], "text": best[3]}
                if best[1] == "alias":
                    row["aliases"] = [best[3]]
                results.append((best[0], order, qid, row))
        results.sort(key=lambda r: (r[0], r[1]))
        rows = [r[3] for r in results]
        body: dict[str, Any] = {
            "searchinfo": {"search": search},
            "search": rows[offset : offset + limit],
        }
        if offset + limit < len(rows):
            body["search-continue"] = offset + limit
        body["success"] = 1
        return body, LogEntry("wikidata", "search", "/w/api.php", search, len(rows), 200, language)

    def _pick_term(self, terms: Mapping[str, str], language: str) -> tuple[str | None, str | None]:
        for lang in self._lang_chain(language):
            if terms.get(lang):
                return lang, terms[lang]
        return None, None

    def _wbget(self, args: Mapping[str, str]) -> tuple[dict[str, Any], LogEntry]:
        ids = [i for i in args.get("ids", "").split("|") if i]
        if not ids and args.get("sites") and args.get("titles"):
            site = args["sites"]
            for title in args["titles"].split("|"):
                qid = next(
                    (q for q, it in self.world.items.items() if it.sitelinks.get(site) == title),
                    None,
                )
                ids.append(qid or f"-{len(ids) + 1}")
        props = set(
            filter(
                None,
                args.get(
                    "props", "info|sitelinks|aliases|labels|descriptions|claims|datatype"
                ).split("|"),
            )
        )
        languages = [lang for lang in args.get("languages", "").split("|") if lang] or None
        fallback = "languagefallback" in args
        entities: dict[str, Any] = {}
        found = 0
        for ident in ids[:50]:
            if not re.match(r"^[QP][1-9]\d*$", ident):
                if ident.startswith("-"):
                    entities[ident] = {
                        "site": args.get("sites"),
                        "title": args.get("titles"),
                        "missing": "",
                    }
                    continue
                return (
                    {
                        "error": {
                            "code": "no-such-entity",
                            "info": f'Could not find an entity with the ID "{ident}".',
                            "id": ident,
                        },
                        "servedby": "mw-api-loopback",
                    },
                    LogEntry("wikidata", "entities", "/w/api.php", ident, 0, 200),
                )
            item = self.world.items.get(ident)
            if item is None:
                entities[ident] = {"id": ident, "missing": ""}
                continue
            found += 1
            entities[ident] = self._entity_json(item, props, languages, fallback)
        body = {"entities": entities, "success": 1}
        return body, LogEntry("wikidata", "entities", "/w/api.php", "|".join(ids), found, 200)

    def _terms_json(
        self,
        terms: Mapping[str, Any],
        languages: list[str] | None,
        fallback: bool,
        many: bool = False,
    ) -> dict[str, Any]:
        def one(lang: str, value: str) -> dict[str, Any]:
            return {"language": lang, "value": value}

        if languages is None:
            return {
                lang: [one(lang, v) for v in val] if many else one(lang, val)
                for lang, val in terms.items()
            }
        out: dict[str, Any] = {}
        for lang in languages:
            if lang in terms:
                val = terms[lang]
                out[lang] = [one(lang, v) for v in val] if many else one(lang, val)
            elif fallback and not many:
                for other in self._lang_chain(lang)[1:]:
                    if other in terms:
                        out[lang] = {"language": other, "value": terms[other], "for-language": lang}
                        break
        return out

    def _entity_json(
        self, item: Item, props: set[str], languages: list[str] | None, fallback: bool
    ) -> dict[str, Any]:
        entity: dict[str, Any] = {}
        if "info" in props:
            entity.update(
                {
                    "pageid": _pageid("wd", item.id),
                    "ns": 0,
                    "title": item.id,
                    "lastrevid": _pageid("wd", item.id) * 3 + 1,
                    "modified": "2024-05-02T11:08:51Z",
                }
            )
        entity["type"] = "item"
        entity["id"] = item.id
        if "labels" in props:
            entity["labels"] = self._terms_json(item.labels, languages, fallback)
        if "descriptions" in props:
            entity["descriptions"] = self._terms_json(item.descriptions, languages, fallback)
        if "aliases" in props:
            entity["aliases"] = self._terms_json(item.aliases, languages, fallback, many=True)
        if "claims" in props:
            entity["claims"] = {
                pid: [self._statement(item.id, pid, st) for st in statements]
                for pid, statements in item.claims.items()
            }
        if "sitelinks" in props:
            entity["sitelinks"] = {
                site: {"site": site, "title": title, "badges": []}
                for site, title in item.sitelinks.items()
            }
        return entity

    def _snak(self, pid: str, spec: Mapping[str, Any]) -> dict[str, Any]:
        """A value snak from a compact spec (item / time / quantity / string / text / coord)."""
        if "novalue" in spec:
            return {"snaktype": "novalue", "property": pid, "hash": _hash(pid, "novalue")}
        datavalue: dict[str, Any]
        if "item" in spec:
            qid = str(spec["item"])
            datavalue = {
                "value": {"entity-type": "item", "numeric-id": int(qid[1:]), "id": qid},
                "type": "wikibase-entityid",
            }
            datatype = "wikibase-item"
        elif "time" in spec:
            raw = str(spec["time"])
            precision = str(spec.get("precision", {4: "year", 7: "month"}.get(len(raw), "day")))
            year, _, rest = raw.partition("-")
            month, _, day = rest.partition("-")
            stamp = f"+{int(year):04d}-{month or '00'}-{day or '00'}T00:00:00Z"
            datavalue = {
                "value": {
                    "time": stamp,
                    "timezone": 0,
                    "before": 0,
                    "after": 0,
                    "precision": _PRECISION[precision],
                    "calendarmodel": _GREGORIAN,
                },
                "type": "time",
            }
            datatype = "time"
        elif "quantity" in spec:
            amount = spec["quantity"]
            unit = spec.get("unit")
            value: dict[str, Any] = {
                "amount": f"{'+' if float(amount) >= 0 else ''}{amount}",
                "unit": f"{_WD_ENTITY}{unit}" if unit else "1",
            }
            for key, name in (("upper", "upperBound"), ("lower", "lowerBound")):
                if key in spec:
                    bound = spec[key]
                    value[name] = f"{'+' if float(bound) >= 0 else ''}{bound}"
            datavalue = {"value": value, "type": "quantity"}
            datatype = "quantity"
        elif "coord" in spec:
            lat, lon = spec["coord"]
            datavalue = {
                "value": {
                    "latitude": lat,
                    "longitude": lon,
                    "altitude": None,
                    "precision": 0.0001,
                    "globe": f"{_WD_ENTITY}Q2",
                },
                "type": "globecoordinate",
            }
            datatype = "globe-coordinate"
        elif "text" in spec:
            datavalue = {
                "value": {"text": str(spec["text"]), "language": str(spec.get("language", "zh"))},
                "type": "monolingualtext",
            }
            datatype = "monolingualtext"
        else:
            datavalue = {"value": str(spec["string"]), "type": "string"}
            datatype = str(spec.get("datatype", "external-id"))
        return {
            "snaktype": "value",
            "property": pid,
            "hash": _hash(pid, json.dumps(datavalue, sort_keys=True)),
            "datavalue": datavalue,
            "datatype": datatype,
        }

    def _statement(self, qid: str, pid: str, spec: Mapping[str, Any]) -> dict[str, Any]:
        st: dict[str, Any] = {
            "mainsnak": self._snak(pid, spec),
            "type": "statement",
            "id": f"{qid}${uuid.UUID(_hash(qid, pid, json.dumps(spec, sort_keys=True, default=str))[:32])}",
            "rank": str(spec.get("rank", "normal")),
        }
        qualifiers = spec.get("qualifiers") or {}
        if qualifiers:
            st["qualifiers"] = {
                qp: [self._snak(qp, q) for q in (qs if isinstance(qs, list) else [qs])]
                for qp, qs in qualifiers.items()
            }
            st["qualifiers-order"] = list(qualifiers)
        refs = spec.get("references") or []
        if refs:
            st["references"] = []
            for ref in refs:
                snaks = {rp: [self._snak(rp, rv)] for rp, rv in ref.items()}
                st["references"].append(
                    {
                        "hash": _hash(json.dumps(ref, sort_keys=True, default=str)),
                        "snaks": snaks,
                        "snaks-order": list(ref),
                    }
                )
        return st

    # SPARQL ------------------------------------------------------------------------------------

    def sparql(self, query: str) -> tuple[dict[str, Any], LogEntry]:
        select = re.search(r"SELECT\s+(.*?)\s+WHERE", query, re.IGNORECASE | re.DOTALL)
        variables = re.findall(r"\?(\w+)", select.group(1)) if select else []
        rows: list[dict[str, Any]] = []
        values = re.search(r"VALUES\s+\?(\w+)\s*\{([^}]*)\}", query, re.IGNORECASE)
        label = re.search(r"\?(\w+)\s+rdfs:label\s+\?(\w+)", query)
        if values and label and label.group(1) == values.group(1):
            var, label_var = values.group(1), label.group(2)
            langs = re.findall(r'"([a-z-]+)"', query[query.upper().find("FILTER") :]) or ["en"]
            langs += re.findall(r"'([a-z-]+)'", query[query.upper().find("FILTER") :])
            for ident in re.findall(r"wd:([QP][1-9]\d*)", values.group(2)):
                for lang in dict.fromkeys(langs):
                    text = self.world.labels.get(ident, {}).get(lang)
                    if text:
                        rows.append(
                            {
                                var: {"type": "uri", "value": f"{_WD_ENTITY}{ident}"},
                                label_var: {"xml:lang": lang, "type": "literal", "value": text},
                            }
                        )
        body = {"head": {"vars": variables}, "results": {"bindings": rows}}
        return body, LogEntry("sparql", "labels", "/sparql", None, len(rows), 200)

    # SearXNG -----------------------------------------------------------------------------------

    def searx(self, args: Mapping[str, str]) -> tuple[dict[str, Any], LogEntry]:
        q = args.get("q", "")
        terms = search_terms(q)
        n = len(self._web) or 1
        df = {t: sum(1 for _, _, doc in self._web if doc.has(t)) for t in terms}
        idf = {t: math.log((n + 1) / (df[t] + 0.5)) for t in terms}
        total = sum(max(v, 0.0) for v in idf.values()) or 1.0
        scored: list[tuple[float, str, Page, _Indexed]] = []
        for path, page, doc in self._web:
            matched = [t for t in terms if doc.has(t)]
            mass = sum(max(idf[t], 0.0) for t in matched)
            if not matched or mass < 0.3 * total:
                continue
            title_bonus = sum(0.5 * max(idf[t], 0.0) for t in matched if t in doc.title.lower())
            scored.append((mass + title_bonus, path, page, doc))
        scored.sort(key=lambda r: (-r[0], r[1]))
        results = []
        for pos, (score, path, page, _) in enumerate(scored[:10], start=1):
            url = f"{self.base}{path}"
            title = (
                page.title
                if page.kind == "news"
                else _WIKI_SKIN.get(page.lang, _WIKI_SKIN["en"])["title"].format(title=page.title)
            )
            text = page.plain if page.kind == "wiki" else page.body
            content = re.sub(r"</?span[^>]*>", "", _snippet(text, terms, width=160))
            engines = ["bing", "duckduckgo"] if pos % 2 else ["bing"]
            row: dict[str, Any] = {
                "url": url,
                "title": title,
                "content": html.unescape(content),
                "engine": engines[0],
                "parsed_url": ["http", self.base.split("//", 1)[1], path, "", "", ""],
                "template": "default.html",
                "engines": engines,
                "positions": [pos] * len(engines),
                "score": round(score, 4),
                "category": "general",
                "publishedDate": None,
            }
            if page.kind == "news" and page.published and page.meta.get("date_style") != "none":
                row["publishedDate"] = f"{page.published}T00:00:00"
            results.append(row)
        body = {
            "query": q,
            "number_of_results": 0,
            "results": results,
            "answers": [],
            "corrections": [],
            "infoboxes": [],
            "suggestions": [],
            "unresponsive_engines": [],
        }
        return body, LogEntry("searxng", "search", "/searx/search", q, len(results), 200)

    def related(self, page: Page) -> list[Page]:
        return [p for p in self.world.news.values() if p is not page and p.lang == page.lang][:4]


_EMPTY_ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/loopback</id>
  <title>arXiv Query: search_query={q}&amp;id_list=&amp;start=0&amp;max_results=5</title>
  <updated>2024-05-02T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query" type="application/atom+xml"/>
  <opensearch:itemsPerPage>5</opensearch:itemsPerPage>
  <opensearch:totalResults>0</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
</feed>
"""


def _make_handler(server: WorldServer) -> type[QuietHandler]:
    class Handler(QuietHandler):
        server_version = "loopback-world/1"

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            headers = {"Content-Type": content_type, "Cache-Control": "private, max-age=0"}
            self.send_body(status, body, headers)

        def _json(
            self, data: Any, entry: LogEntry, content_type: str = "application/json; charset=utf-8"
        ) -> None:
            server.record(entry)
            self._send(entry.status, json.dumps(data, ensure_ascii=False).encode(), content_type)

        def _args(self, extra: bytes = b"") -> dict[str, str]:
            parsed = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            if extra:
                for k, v in parse_qs(
                    extra.decode("utf-8", "replace"), keep_blank_values=True
                ).items():
                    parsed.setdefault(k, v)
            return {k: v[-1] for k, v in parsed.items()}

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._route(self.rfile.read(length) if length else b"")

        def do_GET(self) -> None:
            self._route(b"")

        def _route(self, body: bytes) -> None:
            path = unquote(urlsplit(self.path).path)
            args = self._args(body)
            m = re.match(r"^/([a-z]{2,3})/w/api\.php$", path)
            if m:
                data, entry = server.mediawiki(m.group(1), args)
                return self._json(data, entry)
            if path == "/w/api.php":
                data, entry = server.wikibase(args)
                return self._json(data, entry)
            if path == "/sparql":
                data, entry = server.sparql(args.get("query", ""))
                return self._json(data, entry, "application/sparql-results+json; charset=utf-8")
            if path == "/searx/search":
                if args.get("format") != "json":
                    server.record(LogEntry("searxng", "other", path, args.get("q"), None, 403))
                    return self._send(403, b"Forbidden", "text/plain")
                data, entry = server.searx(args)
                return self._json(data, entry)
            m = re.match(r"^/([a-z]{2,3})/api/rest_v1/page/summary/(.+)$", path)
            if m:
                status, data = server.rest_summary(m.group(1), m.group(2))
                entry = LogEntry(
                    "wikipedia", "summary", path, m.group(2), int(status == 200), status
                )
                return self._json(data, entry)
            m = re.match(r"^/([a-z]{2,3})/wiki/(.+)$", path)
            if m:
                lang = m.group(1)
                title, _, _ = server._resolve(lang, m.group(2))
                page = server.world.wiki.get(lang, {}).get(title)
                if page is not None:
                    server.record(LogEntry("web", "page", path, None, 1, 200, lang))
                    doc = _wiki_html(page, server._touched(page))
                    return self._send(200, doc.encode(), "text/html; charset=UTF-8")
            if path == "/robots.txt":
                server.record(LogEntry("robots", "other", path, None, None, 200))
                return self._send(200, server.robots.encode(), "text/plain; charset=utf-8")
            if path == "/arxiv/api/query":
                server.record(LogEntry("arxiv", "search", path, args.get("search_query"), 0, 200))
                atom = _EMPTY_ATOM.format(q=html.escape(args.get("search_query", "")))
                return self._send(200, atom.encode(), "application/atom+xml; charset=utf-8")
            if path.startswith("/openalex/"):
                entry = LogEntry(
                    "openalex", "search", path, args.get("search") or args.get("filter"), 0, 200
                )
                data = {
                    "meta": {
                        "count": 0,
                        "db_response_time_ms": 9,
                        "page": 1,
                        "per_page": 25,
                        "groups_count": None,
                    },
                    "results": [],
                    "group_by": [],
                }
                return self._json(data, entry)
            page = server.world.news.get(path)
            if page is not None:
                server.record(LogEntry("web", "page", path, None, 1, 200, page.lang))
                doc = _news_html(page, server.related(page))
                return self._send(200, doc.encode(), "text/html; charset=utf-8")
            server.record(LogEntry("web", "page", path, None, 0, 404))
            return self._send(
                404,
                b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>404</h1></body></html>",
                "text/html; charset=utf-8",
            )

    return Handler


def iter_documents(world: World) -> Iterator[Page]:
    """Every page of a world (wiki pages of all languages, then news pages)."""
    for pages in world.wiki.values():
        yield from pages.values()
    yield from world.news.values()
