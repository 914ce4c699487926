"""index.html: self-contained, escaped, one hashed inline script, every section and card present."""

from __future__ import annotations

import base64
import hashlib
import re

from bs4 import BeautifulSoup

from factcheck.report.data import ReportData
from factcheck.report.html import render_html

from .conftest import HOSTILE_QUOTE, HOSTILE_URL


def _soup(sample_report: ReportData) -> tuple[str, BeautifulSoup]:
    html = render_html(sample_report, evidence_href="../evidence")
    return html, BeautifulSoup(html, "html.parser")


def test_page_is_self_contained(sample_report: ReportData) -> None:
    html, soup = _soup(sample_report)
    # nothing is loaded from anywhere: no src attributes, no stylesheet links, no imports
    assert soup.find_all(src=True) == []
    assert soup.find_all("link") == []
    assert "@import" not in html
    assert "url(" not in html
    styles = soup.find_all("style")
    assert len(styles) == 1
    assert len(soup.find_all("svg")) == 2  # totals bar chart + confidence histogram


def test_only_the_filter_script_and_csp_allows_only_it(sample_report: ReportData) -> None:
    _html, soup = _soup(sample_report)
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    body = scripts[0].string or ""
    assert "innerHTML" not in body
    assert "insertAdjacentHTML" not in body
    assert "document.write" not in body
    assert "eval(" not in body
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None
    policy = csp["content"]
    assert "default-src 'none'" in policy
    assert f"script-src 'sha256-{digest}'" in policy
    # no handler attributes anywhere (the hostile onerror stays text)
    for tag in soup.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in tag.attrs), tag


def test_hostile_evidence_is_text(sample_report: ReportData) -> None:
    html, soup = _soup(sample_report)
    assert "<script>document.title" not in html
    assert "<img src=x" not in html
    card = soup.find("article", id="claim-zgc-c002")
    assert card is not None
    quote = card.find("q")
    assert quote is not None
    assert quote.get_text() == HOSTILE_QUOTE
    # the javascript: URL is shown as text, never as a link
    assert card.find("a", href=re.compile("^javascript", re.I)) is None
    assert HOSTILE_URL in card.get_text()
    assert all(
        a["href"].startswith(("https://", "../evidence/", "#claim-")) for a in soup.find_all("a")
    ), [a["href"] for a in soup.find_all("a")]


def test_cards_carry_everything(sample_report: ReportData) -> None:
    _, soup = _soup(sample_report)
    cards = soup.find_all("article", class_="card")
    assert [c["id"] for c in cards] == [f"claim-{c.claim_id}" for c in sample_report.cards]
    first = soup.find("article", id="claim-zgc-c001")
    assert first is not None
    assert first["data-label"] == "supported"
    assert first["data-kind"] == "date"
    assert first["data-article"] == "zgc"
    text = first.get_text(" ", strip=True)
    for needle in (
        "北京深度求索公司成立于2023年7月",
        "比杭州公司早两个月",  # the source sentence
        "0.91",
        "The registry record gives July 2023",
        "深度求索于2023年7月17日成立。",
        "2025-01-02",
        "reliability 0.80",
        "carried over",
        "#11 Supported 0.90",
    ):
        assert needle in text, needle
    links = {a.get_text(strip=True): a["href"] for a in first.find_all("a")}
    assert links["archived copy"] == "../evidence/bodies/a1/" + "a1" + "0" * 62
    assert links["深度求索 - 维基百科"].startswith("https://zh.wikipedia.org/")


def test_review_is_shown_with_machine_label(sample_report: ReportData) -> None:
    _, soup = _soup(sample_report)
    card = soup.find("article", id="claim-zgc-c002")
    assert card is not None
    assert card["data-label"] == "mixed"  # the review's label drives display and filtering
    review = card.find(class_="review")
    assert review is not None
    text = review.get_text(" ", strip=True)
    assert "Human review: Mixed" in text
    assert "overrides the machine label Refuted" in text
    assert "alice" in text
    assert "<i>counted</i>" in text
    verdict = card.find(class_="verdict")
    assert verdict is not None
    assert "Refuted" in verdict.get_text()


def test_totals_and_changes(sample_report: ReportData) -> None:
    _, soup = _soup(sample_report)
    for label, count in sample_report.totals.items():
        node = soup.find(id=f"total-{label}")
        assert node is not None
        assert node.get_text(strip=True) == str(count)
    changes = soup.find(id="changes")
    assert changes is not None
    headings = [h.get_text(strip=True) for h in changes.find_all("h3")]
    assert headings == ["Flips (1)", "New claims (2)", "Removed claims (1)"]
    assert "A claim that was <em>deleted</em> | with a `pipe`" in changes.get_text()
