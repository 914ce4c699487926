"""report.md: golden output for a fixed report, and hostile evidence text staying literal."""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from factcheck.report.data import ReportData
from factcheck.report.markdown import escape_markdown, render_markdown

# Read at import: the autouse hygiene fixture clears FACTCHECK_* variables before each test.
UPDATE_GOLDEN = os.environ.get("FACTCHECK_UPDATE_GOLDEN") == "1"
GOLDEN = Path(__file__).resolve().parent / "golden" / "report.md"


def _gfm() -> MarkdownIt:
    """A CommonMark renderer with GFM tables and strikethrough, raw HTML allowed (as GitHub does)."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def test_markdown_matches_golden(sample_report: ReportData) -> None:
    text = render_markdown(sample_report, evidence_href="../evidence")
    if UPDATE_GOLDEN:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    if not GOLDEN.is_file():
        pytest.fail(f"{GOLDEN} missing; create it with FACTCHECK_UPDATE_GOLDEN=1")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "report.md changed; if intended, rerun with FACTCHECK_UPDATE_GOLDEN=1 and review the diff"
    )


def test_markdown_has_every_section_and_card(sample_report: ReportData) -> None:
    text = render_markdown(sample_report)
    for heading in (
        "## Totals",
        "## Confidence distribution",
        "## Changes since run 11",
        "## Claims",
    ):
        assert heading in text
    assert text.index("### Flips") < text.index("### New claims") < text.index("### Removed claims")
    for card in sample_report.cards:
        assert f"### `{card.claim_id}`" in text
    assert "- **Human review:** Mixed by alice on 2026-11-25" in text
    assert "- **Machine verdict:** Refuted, confidence 0.74" in text
    assert "run 11 Supported (0.55) → run 12 Refuted (0.74)" in text
    assert "[archived copy](<../evidence/bodies/a1/" in text


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "![img](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "a | b | c",
        "`code` and ``more``",
        "**bold** _em_ ~~strike~~",
        "&lt;script&gt; &#60;b&#62;",
        "# heading\n> quote\n- item\n1. item\n---",
        "- starts a list",
        "12) ordered",
        "<https://example.org> <javascript:alert(1)>",
        "\\[escaped\\](javascript:x)",
    ],
)
def test_escaped_text_renders_literally(hostile: str) -> None:
    escaped = escape_markdown(hostile)
    assert "\n" not in escaped
    html = _gfm().render(escaped)
    inner = re.fullmatch(r"<p>(.*)</p>\n", html, flags=re.DOTALL)
    assert inner is not None, html  # one plain paragraph: no heading, list, quote, rule or table
    body = inner.group(1)
    assert "<" not in body.replace("&lt;", "")  # no element of any kind, only text
    assert unescape(body) == " ".join(hostile.split())


def test_hostile_evidence_in_report_produces_no_markup(sample_report: ReportData) -> None:
    html = _gfm().render(render_markdown(sample_report))
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html.replace("javascript:window.__pwned", "")  # only as text
    assert 'href="javascript' not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs, "expected the safe links to render"
    assert all(h.startswith(("https://", "../evidence/")) for h in hrefs), hrefs
    # pipes in hostile text do not add table cells: every row has as many cells as its header
    tables = re.findall(r"<table>(.*?)</table>", html, flags=re.DOTALL)
    assert len(tables) == 5  # totals, confidence, flips, new, removed
    for table in tables:
        widths = {
            len(re.findall(r"<t[dh][ >]", row))
            for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.DOTALL)
        }
        assert len(widths) == 1, table


def test_hostile_claim_id_cannot_break_structure(sample_report: ReportData) -> None:
    card = sample_report.cards[0].model_copy(update={"claim_id": "x`\n# pwned | <script>"})
    change = sample_report.changes[0].model_copy(update={"claim_id": "y\n| a | b |"})
    data = sample_report.model_copy(update={"cards": [card], "changes": [change]})
    html = _gfm().render(render_markdown(data))
    assert "<h1>pwned" not in html
    assert "<script" not in html
    flips = re.findall(r"<table>(.*?)</table>", html, flags=re.DOTALL)[2]
    rows = re.findall(r"<tr>(.*?)</tr>", flips, flags=re.DOTALL)
    assert len(rows) == 2  # header + the one flip: the newline in the id added no row
