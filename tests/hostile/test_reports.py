"""Hostile evidence text through the report path: store → ``factcheck report`` → index.html, report.md.

Every field that comes from outside (claim text, article title and source, evidence quotes, document
titles and URLs, rationales, review notes) gets hostile content: HTML and script injection,
``javascript:``/``data:`` URLs, Markdown links and images, table pipes, backticks and fences, a huge
quote. The report must be inert: the HTML page has one script (the shipped filter), no event-handler
attributes, no link other than http(s) or in-page; report.md, rendered by a CommonMark+GFM-tables
renderer (markdown-it-py), produces no raw HTML, no image, no link but http(s), tables whose rows
keep their column count; and every hostile string is still shown, literally, as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import html.parser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from markdown_it import MarkdownIt

from factcheck.models import Claim, Document, EvidenceRef, Verdict
from factcheck.store import Store

FILTER_JS = (
    Path(__file__).resolve().parents[2] / "factcheck" / "report" / "templates" / "filter.js"
).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    quote: str  # evidence quote (shown in both reports)
    url: str | None = None  # evidence URL
    title: str | None = None  # document title


CASES: list[Case] = [
    Case("script-tag", "<script>window.__pwned=1</script> scripted"),
    Case("script-close-breakout", "</script><script>alert(1)</script></style></textarea>"),
    Case("img-onerror", '<img src=x onerror="window.__pwned=2"> image'),
    Case("svg-onload", "<svg/onload=alert(1)> vector"),
    Case("attribute-breakout", "quote", url='https://example.org/"><script>alert(1)</script>',
         title='" onmouseover="alert(1)" x="'),
    Case("javascript-url", "js link", url="javascript:window.__pwned=4", title="click me"),
    Case("javascript-url-obfuscated", "js link 2", url=" JaVaScRiPt:alert(1)"),
    Case("javascript-url-tab", "js link 3", url="java\tscript:alert(1)"),
    Case("data-url", "data link", url="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    Case("vbscript-url", "vb link", url="vbscript:msgbox(1)"),
    Case("markdown-js-link", "[click here](javascript:alert(1)) and <javascript:alert(2)>"),
    Case("markdown-image", "![pixel](https://tracker.example/p.png) tracked"),
    Case("markdown-reference-link", "[x][1]\n\n[1]: javascript:alert(1)"),
    Case("table-pipes", "| a | b |\n|---|---|\n| c | d |", title="pipe | in | title"),
    Case("backticks-fence", "```\ncode fence\n``` and `inline` and ``double``"),
    Case("heading-and-quote", "# Heading\n> quoted\n- list\n1. ordered"),
    Case("html-comment", "<!-- swallow the rest of the page"),
    Case("entities", "&lt;script&gt; &#x3C;b&#x3E; &amp;amp;"),
    Case("huge-quote", "<b>big</b> " + "lorem ipsum " * 100_000),
]  # fmt: skip

CLAIM_TEXT = '=HYPERLINK("https://evil.example/") <script>alert("claim")</script> | Claim | with `ticks` and [x](javascript:1)'
ARTICLE_TITLE = "<iframe src=javascript:alert(1)></iframe> title"
RATIONALE = '<a href="javascript:alert(1)">because</a> | see `this`'
REVIEW_NOTE = "<script>alert('review')</script> | [x](javascript:alert(3))"


def _claims_yaml() -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "article:",
        "  id: hostile",
        f"  title: {q(ARTICLE_TITLE)}",
        "  source: 'javascript:alert(\"article\")'",
        "claims:",
        "  - id: hostile-text",
        f"    text: {q(CLAIM_TEXT)}",
    ]
    for case in CASES:
        lines += [f"  - id: r-{case.name}", f"    text: Report case {case.name}."]
    return "\n".join(lines) + "\n"


def _claims() -> list[Claim]:
    return [Claim(id="hostile-text", text=CLAIM_TEXT)] + [
        Claim(id=f"r-{c.name}", text=f"Report case {c.name}.") for c in CASES
    ]


def _fill_store(url: str) -> None:
    when = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    with Store.open(url) as store:
        hashes = dict(
            zip(
                [c.id for c in _claims()],
                store.upsert_claims(_claims(), article_id="hostile", file="claims/hostile.yaml"),
                strict=True,
            )
        )
        first = store.start_run(config={}, claims_total=1)
        store.record_verdict(
            first.id,
            Verdict(claim_id="hostile-text", label="supported", confidence=0.6, rationale="ok"),
            claim_hash=hashes["hostile-text"],
        )
        store.finish_run(first.id, status="completed", counts={})
        run = store.start_run(config={}, claims_total=len(hashes))
        docs = [
            Document(id=f"web:{c.name}", url=c.url or "https://example.org/" + c.name,
                     title=c.title, text=c.quote, fetcher="web", retrieved_at=when)
            for c in CASES
        ]  # fmt: skip
        store.record_documents(docs)
        store.record_verdict(
            run.id,
            Verdict(claim_id="hostile-text", label="refuted", confidence=0.7, rationale=RATIONALE),
            claim_hash=hashes["hostile-text"],
        )
        for c in CASES:
            ref = EvidenceRef(
                document_id=f"web:{c.name}", url=c.url, quote=c.quote, stance="refutes"
            )
            verdict = Verdict(
                claim_id=f"r-{c.name}",
                label="refuted",
                confidence=0.8,
                rationale=f"{RATIONALE} [1]",
                evidence=[ref],
            )
            store.record_verdict(run.id, verdict, claim_hash=hashes[f"r-{c.name}"])
        store.finish_run(run.id, status="completed", counts={"verified": len(hashes)})


class _Page(html.parser.HTMLParser):
    """Tags, attributes, script bodies and the visible text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def _parse(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    page.close()
    return page


def _squash(text: str) -> str:
    return " ".join(text.split())


def _link_ok(value: str) -> bool:
    cleaned = "".join(ch for ch in value if ord(ch) > 32).lower()
    scheme = urlsplit(cleaned).scheme
    return scheme in ("", "http", "https") and not cleaned.startswith("//")


_FORBIDDEN = frozenset({"iframe", "object", "embed", "form", "base", "img", "svg", "math"})


def _assert_inert(
    page: _Page,
    *,
    allowed_scripts: list[str],
    where: str,
    allowed_tags: frozenset[str] = frozenset(),
) -> None:
    assert page.scripts == allowed_scripts, f"{where}: unexpected script"
    for tag, attrs in page.tags:
        assert tag not in _FORBIDDEN - allowed_tags, f"{where}: <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"{where}: <{tag} {name}=...>"
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                assert _link_ok(value), f"{where}: <{tag} {name}={value!r}>"
        if tag == "meta":
            equiv = dict(attrs).get("http-equiv") or ""
            assert equiv.lower() != "refresh", f"{where}: meta refresh"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    root = tmp_path_factory.mktemp("hostile-report")
    (root / "claims").mkdir()
    (root / "claims" / "hostile.yaml").write_text(_claims_yaml(), encoding="utf-8")
    _fill_store(f"sqlite:///{root / 'factcheck.db'}")
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    try:
        from factcheck.cli import main

        assert main(["review", "hostile-text", "--label", "mixed", "--note", REVIEW_NOTE,
                     "--by", "<b>mallory</b>"]) == 0  # fmt: skip
        assert main(["report", "-o", str(root / "out")]) == 0
        assert main(["export", "--format", "csv", "-o", str(root / "out" / "run.csv")]) == 0
    finally:
        mp.undo()
    page = (root / "out" / "index.html").read_text(encoding="utf-8")
    md = (root / "out" / "report.md").read_text(encoding="utf-8")
    return page, md, root


@pytest.fixture(scope="module")
def csv_rows(rendered: tuple[str, str, Path]) -> list[dict[str, str]]:
    with (rendered[2] / "out" / "run.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _md_html(md: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(md)


def test_html_report_is_inert(rendered: tuple[str, str, Path]) -> None:
    page = _parse(rendered[0])
    # the page draws its charts as inline SVG; a hostile <svg onload> would fail the on* check
    _assert_inert(
        page, allowed_scripts=[FILTER_JS], where="index.html", allowed_tags=frozenset({"svg"})
    )
    assert "Content-Security-Policy" in rendered[0]


def test_markdown_report_renders_inert(rendered: tuple[str, str, Path]) -> None:
    page = _parse(_md_html(rendered[1]))
    _assert_inert(page, allowed_scripts=[], where="report.md")


def test_markdown_tables_keep_their_columns(rendered: tuple[str, str, Path]) -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse(rendered[1])
    tables = 0
    width: int | None = None
    cells = 0
    for tok in tokens:
        if tok.type == "table_open":
            tables += 1
            width = None
        elif tok.type in ("th_open", "td_open"):
            cells += 1
        elif tok.type == "tr_close":
            if width is None:
                width = cells
            assert cells == width, "a row gained or lost cells: a pipe was not escaped"
            cells = 0
    assert tables >= 1, "the changes table is there (every claim is new)"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_quote_is_shown_literally(case: Case, rendered: tuple[str, str, Path]) -> None:
    want = _squash(case.quote)
    html_text = _squash(" ".join(_parse(rendered[0]).text))
    md_text = _squash(" ".join(_parse(_md_html(rendered[1])).text))
    assert want in html_text, "index.html shows the quote as text"
    assert want in md_text, "report.md shows the quote as text"


@pytest.mark.parametrize(
    "value", [CLAIM_TEXT, ARTICLE_TITLE, RATIONALE, REVIEW_NOTE, "<b>mallory</b>"]
)
def test_other_hostile_fields_are_text(value: str, rendered: tuple[str, str, Path]) -> None:
    html_text = _squash(" ".join(_parse(rendered[0]).text))
    md_text = _squash(" ".join(_parse(_md_html(rendered[1])).text))
    assert _squash(value) in html_text
    assert _squash(value) in md_text


def test_csv_export_defuses_formulas(csv_rows: list[dict[str, str]]) -> None:
    row = next(r for r in csv_rows if r["claim_id"] == "hostile-text")
    assert row["claim"] == "'" + CLAIM_TEXT, "a cell starting with = is prefixed with '"
    for r in csv_rows:
        for value in r.values():
            assert not value.startswith(("=", "+", "@")), value[:40]


HOSTILE_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
    "<title>&lt;img src=x onerror=alert(1)&gt; Index | `title`</title></head><body><article>"
    # one sentence: the verdict quotes the passage that supports the claim, hostile text and all
    "<p>Beijing ranks third in the global innovation hubs index "
    "&lt;script&gt;window.__pwned=1&lt;/script&gt; [click](javascript:alert(1)) | cell | `tick` "
    "Beijing ranks third, the index says again.</p>"
    "<p>This page is made up for factcheck's hostile-input tests; it is not a real source.</p>"
    "</article></body></html>"
)


def test_hostile_page_through_a_real_run_gives_an_inert_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_httpserver import HTTPServer

    from factcheck.cli import main

    server = HTTPServer(host="localhost")
    server.start()
    try:
        server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
        server.expect_request("/page").respond_with_data(HOSTILE_PAGE, content_type="text/html")
        (tmp_path / "factcheck.toml").write_text(
            f'[fetchers]\nenabled = ["web"]\n[http]\nallow_private = ["localhost:{server.port}"]\n',
            encoding="utf-8",
        )
        (tmp_path / "claims").mkdir()
        (tmp_path / "claims" / "p.yaml").write_text(
            "claims:\n  - id: p1\n    text: Beijing ranks third in the global innovation hubs "
            f"index.\n    sources: ['{server.url_for('/page')}']\n",
            encoding="utf-8",
        )
        monkeypatch.chdir(tmp_path)
        assert main(["run", "--json"]) == 0
    finally:
        server.stop()
    assert main(["report", "-o", "out"]) == 0
    capsys.readouterr()
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    with Store.open(f"sqlite:///{tmp_path / 'factcheck.db'}") as store:
        (verdict,) = store.verdicts_for_run(1)
    quotes = " ".join(e.quote for e in verdict.evidence)
    assert "<script>" in quotes, "the hostile text reached the verdict's evidence"
    _assert_inert(
        _parse(page), allowed_scripts=[FILTER_JS], where="index.html",
        allowed_tags=frozenset({"svg"}),
    )  # fmt: skip
    _assert_inert(_parse(_md_html(md)), allowed_scripts=[], where="report.md")
    assert "<script>window.__pwned=1</script>" in " ".join(_parse(page).text)
