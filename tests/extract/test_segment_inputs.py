"""Sentence splitting with exact offsets, language detection, metadata, and input formats."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.errors import ArticleError
from factcheck.extract import detect_language, read_article_text, slugify, split_sentences
from factcheck.extract.segment import find_article_meta, is_boilerplate


def _texts(text: str, language: str | None = None) -> list[str]:
    sentences = split_sentences(text, language)
    for s in sentences:
        assert text[s.start : s.end] == s.text
    return [s.text for s in sentences if s.role == "body"]


def test_chinese_terminators_and_closing_quotes() -> None:
    text = "他说：“今年增长了30%。我们很满意！”随后离开。真的吗？是的；没错……结束"
    assert _texts(text, "zh") == [
        "他说：“今年增长了30%。我们很满意！”",
        "随后离开。",
        "真的吗？",
        "是的；",
        "没错……",
        "结束",
    ]


def test_chinese_lines_are_boundaries() -> None:
    text = (
        "第一段的第一句话在这里。第二句也在这里。\n\n第二段只有一句话，而且没有句号但很长很长很长"
    )
    assert _texts(text, "zh") == [
        "第一段的第一句话在这里。",
        "第二句也在这里。",
        "第二段只有一句话，而且没有句号但很长很长很长",
    ]


def test_english_abbreviations_decimals_initials() -> None:
    text = (
        "Dr. J. R. Smith said unemployment fell to 4.1 percent in Jan. 2018. "
        "The U.S. economy grew 2.3% last year! Did it?"
    )
    assert _texts(text, "en") == [
        "Dr. J. R. Smith said unemployment fell to 4.1 percent in Jan. 2018.",
        "The U.S. economy grew 2.3% last year!",
        "Did it?",
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("中关村聚集了41所高等院校。", "zh"),
        ("DeepSeek的MLA架构由北大和北邮的毕业生主导研发。", "zh"),
        ("The unemployment rate is 4.1 percent.", "en"),
        ("OpenAI 发布了 GPT-4", "zh"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_seed_metadata_and_roles() -> None:
    text = "标题在这里\n\n作者名 2025-03-15 21:52:43\n\n正文第一句。\n\n0 阅读:18\n\n简介:感谢大家的关注"
    meta = find_article_meta(text)
    assert meta.title == "标题在这里"
    assert meta.published == dt.date(2025, 3, 15)
    roles = {s.text: s.role for s in split_sentences(text, "zh")}
    assert roles["标题在这里"] == "title"
    assert roles["作者名 2025-03-15 21:52:43"] == "byline"
    assert roles["正文第一句。"] == "body"
    assert roles["0 阅读:18"] == "boilerplate"
    assert roles["简介:感谢大家的关注"] == "boilerplate"


@pytest.mark.parametrize(
    "line",
    [
        "0 阅读:18",
        "阅读 1.2万",
        "简介:感谢大家的关注",
        "文本源自@智谷趋势视频内容。",
        "责任编辑：张三",
    ],
)
def test_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


def test_not_boilerplate() -> None:
    assert not is_boilerplate("海淀区聚集了1.5万名人工智能学者。")


def test_english_dateline() -> None:
    meta = find_article_meta("Jobs report\nBy A. Writer, March 3, 2024\n\nThe economy added jobs.")
    assert meta.published == dt.date(2024, 3, 3)


def test_read_html_main_text() -> None:
    html = (
        "<html><head><title>融科资讯中心</title>"
        '<meta property="article:published_time" content="2025-03-15T21:52:43+08:00"></head>'
        "<body><nav>首页 | 科技 | 登录</nav><article><h1>融科资讯中心</h1>"
        "<p>融科资讯中心周边聚集了41所高等院校、206家研究所、67个国家重点实验室，"
        "形成了密集的科研资源。这里是DeepSeek真正的发源地，入驻的跨国企业达到了80%。</p>"
        "<p>放眼整个海淀区，这里足足聚集了1.5万名人工智能学者，占到全国总量的30.6%，"
        "高居全国第一，是名副其实的人才高地。</p></article>"
        "<footer>版权所有 © 2025</footer></body></html>"
    )
    article = read_article_text(html.encode("utf-8"), name="page.html")
    assert article.format == "html"
    assert "41所高等院校" in article.text
    assert "30.6%" in article.text
    assert "登录" not in article.text
    assert article.title == "融科资讯中心"
    assert article.published == dt.date(2025, 3, 15)


def test_read_gbk_text_and_markdown() -> None:
    gbk = "海淀区聚集了1.5万名人工智能学者。".encode("gb18030")
    assert read_article_text(gbk, name="a.txt").text == "海淀区聚集了1.5万名人工智能学者。"
    md = read_article_text("# Title\n\nSome *text*.\n", name="a.md")
    assert md.format == "markdown"
    assert md.text == "# Title\n\nSome *text*.\n"


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02binary"])
def test_unusable_input(data: bytes) -> None:
    with pytest.raises(ArticleError):
        read_article_text(data, name="x.txt")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("seeds/zhongguancun-deepseek.zh.txt", "zhongguancun-deepseek"),
        ("https://example.org/news/2025/ai-report.html?x=1", "ai-report"),
        ("My Article.md", "my-article"),
        ("文章.txt", None),
    ],
)
def test_slugify(name: str, slug: str | None) -> None:
    got = slugify(name)
    if slug is None:
        assert got.startswith("article-")
    else:
        assert got == slug


def test_title_furniture_fused_with_the_body_is_split_off() -> None:
    # issue 12: a one-line scraped article starting "原标题：…" was dropped whole as furniture
    text = (
        "原标题：北京软件业收入增长10%  本报讯（记者 王小明）2018年北京软件和信息服务业实现营业收入"
        "1万亿元。同比增长10%，其中软件出口增长5%。"
    )
    sentences = split_sentences(text, "zh")
    assert next((s.role, s.text) for s in sentences) == (
        "boilerplate",
        "原标题：北京软件业收入增长10%",
    )
    body = [s.text for s in sentences if s.role == "body"]
    assert body[0].startswith("本报讯（记者 王小明）2018年北京软件")
    assert len(body) == 2
    # without a space or news lead, the title ends with its first sentence
    fused = "原标题：软件百家企业名单发布。北京市经信委日前发布2018年软件百家企业名单，企业收入合计增长10%。"
    roles = [(s.role, s.text) for s in split_sentences(fused, "zh")]
    assert roles[0] == ("boilerplate", "原标题：软件百家企业名单发布。")
    assert roles[1][0] == "body"
    # a short furniture line stays furniture
    assert [s.role for s in split_sentences("原标题：北京软件业收入增长10%", "zh")] == [
        "boilerplate"
    ]


def test_reference_sections_are_no_body_text() -> None:
    text = (
        "Greyport is a village in the Marsh County of Eastland, founded in 1820.\n\n"
        "== History ==\n"
        "The mill was built in 1851 and closed in 1902.\n\n"
        "== References ==\n\n"
        "=== Sources ===\n"
        "Smith, J. Law No. 12 of 3 May 1999 on the Borders of the County. Published 1999, p. 44.\n"
        "Official website\n"
        "Jones, K. The Marsh Villages, vol. 2, 2004.\n\n"
        "== Economy ==\n"
        "About 300 people worked in the mill in 1890.\n\n"
        "External links\n"
        "Greyport at the county register, 2010 edition"
    )
    roles = {s.text: s.role for s in split_sentences(text, "en")}
    assert roles["The mill was built in 1851 and closed in 1902."] == "body"
    assert roles["== References =="] == "heading"
    assert not [
        t for t, r in roles.items() if r == "body" and ("1999" in t or "2004" in t or "2010" in t)
    ]
    # a section after the apparatus is body text again
    assert roles["About 300 people worked in the mill in 1890."] == "body"
