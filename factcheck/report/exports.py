"""Exports of a report: schema.org ClaimReview JSON-LD, plain JSON and CSV; atomic file writers.

ClaimReview rating scale (the displayed label: a human review overrides the machine label):

====================  ===========  =============  ==========================
label                 ratingValue  alternateName  note
====================  ===========  =============  ==========================
supported             5            True
mixed                 3            Mixed
refuted               1            False
not_enough_evidence   (omitted)    Unproven       no position on the scale
(needs review)        (omitted)    Unverified     machine confidence below the review threshold
====================  ===========  =============  ==========================

``bestRating`` is 5 and ``worstRating`` 1 on every rating.

Only what people approved is published: by default the ClaimReview export holds the claims with a
standing human review, rated with the person's label, the reviewer's note as ``reviewBody`` and the
organisation from the settings as ``author``. ``include_unreviewed`` adds the machine verdicts, each
marked ``"creativeWorkStatus": "automated"`` with a ``reviewBody`` saying so (local ``file://`` paths
are left out of the machine rationale).

CSV starts with a UTF-8 byte order mark (spreadsheets then read Chinese correctly) and lists each
evidence URL once. CSV cells that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, Literal

from factcheck._atomic import write_text_atomic as _write_text_atomic
from factcheck.config import ReportSettings
from factcheck.report._links import evidence_href_for, safe_http_url
from factcheck.report.data import ClaimCard, ReportData
from factcheck.report.html import render_html
from factcheck.report.markdown import render_markdown

__all__ = [
    "AUTOMATED",
    "BEST_RATING",
    "CSV_BOM",
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "RATING_SCALE",
    "WORST_RATING",
    "ExportFormat",
    "claimreview_items",
    "export_text",
    "render_claimreview",
    "render_csv",
    "render_json",
    "write_export",
    "write_report",
    "write_text_atomic",
]

ExportFormat = Literal["claimreview", "json", "csv"]
EXPORT_FORMATS: tuple[str, ...] = ("claimreview", "json", "csv")

BEST_RATING = 5
WORST_RATING = 1
RATING_SCALE: dict[str, tuple[int | None, str]] = {
    "supported": (5, "True"),
    "mixed": (3, "Mixed"),
    "refuted": (1, "False"),
    "not_enough_evidence": (None, "Unproven"),
}
"""Label → (ratingValue or None, alternateName)."""

CSV_COLUMNS: tuple[str, ...] = (
    "run_id",
    "claim_id",
    "article_id",
    "kind",
    "claim",
    "label",
    "machine_label",
    "confidence",
    "review_label",
    "review_by",
    "review_note",
    "change",
    "previous_label",
    "evidence_count",
    "evidence_urls",
    "rationale",
    "needs_review",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _date(data: ReportData) -> str:
    moment = data.run.finished_at or data.run.started_at or data.generated_at
    return moment.date().isoformat()


UNVERIFIED_RATING: tuple[int | None, str] = (None, "Unverified")
"""The rating of a machine verdict that needs review: no position on the scale."""


def _rating(label: str) -> dict[str, Any]:
    value, name = RATING_SCALE.get(label, UNVERIFIED_RATING)
    rating: dict[str, Any] = {
        "@type": "Rating",
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": name,
    }
    if value is not None:
        rating["ratingValue"] = value
    return rating


def _organization(name: str, url: str | None) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": name}
    safe = safe_http_url(url)
    if safe:
        org["url"] = safe
    return org


def _appearance(card: ClaimCard) -> dict[str, Any] | None:
    if not (card.article_id or card.article_url or card.article_title):
        return None
    work: dict[str, Any] = {"@type": "CreativeWork"}
    url = safe_http_url(card.article_url)
    if url:
        work["url"] = url
    if card.article_title or card.article_id:
        work["headline"] = card.article_title or card.article_id
    if card.article_id:
        work["identifier"] = card.article_id
    if card.article_published:
        work["datePublished"] = card.article_published.isoformat()
    return work


def _review_url(settings: ReportSettings, claim_id: str) -> str | None:
    base = safe_http_url(settings.base_url)
    return f"{base}#claim-{claim_id}" if base else None


AUTOMATED = "automated"
"""``creativeWorkStatus`` of a ClaimReview item that no person reviewed (``include_unreviewed``)."""

_LOCAL_REF = re.compile(r",?\s*file://[^\s)\]]*")
CSV_BOM = "\ufeff"


def _public_rationale(text: str) -> str:
    """A machine rationale without local ``file://`` paths (they mean nothing to readers)."""
    return " ".join(_LOCAL_REF.sub("", text).split())


def claimreview_items(
    data: ReportData, settings: ReportSettings, *, include_unreviewed: bool = False
) -> list[dict[str, Any]]:
    """One schema.org ``ClaimReview`` object per reviewed claim (see the module docstring);
    ``include_unreviewed`` adds the machine verdicts, marked as automated."""
    published = _date(data)
    items: list[dict[str, Any]] = []
    for card in data.cards:
        if card.review is None and not include_unreviewed:
            continue
        claim: dict[str, Any] = {"@type": "Claim", "name": card.text}
        appearance = _appearance(card)
        if appearance is not None:
            claim["appearance"] = appearance
            if card.article_published:
                claim["datePublished"] = card.article_published.isoformat()
        item: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": card.claim_id,
            "claimReviewed": card.text,
            "datePublished": published,
            "reviewRating": _rating(card.status),
            "itemReviewed": claim,
            "author": _organization(settings.author, settings.publisher_url),
            "publisher": _organization(settings.publisher, settings.publisher_url),
        }
        if card.review is not None:
            if card.review.note.strip():
                item["reviewBody"] = card.review.note.strip()
        else:
            item["creativeWorkStatus"] = AUTOMATED
            body = "Automated verdict, not reviewed by a person."
            rationale = _public_rationale(card.rationale)
            item["reviewBody"] = f"{body} {rationale}" if rationale else body
        url = _review_url(settings, card.claim_id)
        if url:
            item["url"] = url
        items.append(item)
    return items


def render_claimreview(
    data: ReportData, settings: ReportSettings, *, include_unreviewed: bool = False
) -> str:
    """ClaimReview JSON-LD: a JSON array of ClaimReview objects, each with its ``@context``."""
    items = claimreview_items(data, settings, include_unreviewed=include_unreviewed)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_json(data: ReportData) -> str:
    """The whole report model as JSON (the :class:`ReportData` fields)."""
    return data.model_dump_json(indent=2) + "\n"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def render_csv(data: ReportData) -> str:
    """One row per claim with :data:`CSV_COLUMNS`; ``evidence_urls``: each URL once, space-separated."""
    changes = {c.claim_id: c for c in data.changes}
    buffer = io.StringIO()
    # RFC 4180 CRLF: the writer quotes a cell holding any line-terminator character, so a lone CR
    # in a note or a claim stays inside its quoted cell instead of ending the row
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for card in data.cards:
        change = changes.get(card.claim_id)
        row = [
            data.run.id,
            card.claim_id,
            card.article_id,
            card.kind,
            card.text,
            card.label,
            card.machine_label,
            f"{card.confidence:.4f}",
            card.review.label if card.review else None,
            card.review.by if card.review else None,
            card.review.note if card.review else None,
            change.kind if change else None,
            change.before if change else None,
            len(card.evidence),
            " ".join(dict.fromkeys(e.url for e in card.evidence if e.url)),
            card.rationale,
            "yes" if card.is_unverified else "",
        ]
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def export_text(
    data: ReportData, fmt: str, settings: ReportSettings, *, include_unreviewed: bool = False
) -> str:
    """Render ``data`` in one of :data:`EXPORT_FORMATS`; raises ``ValueError`` on another name.

    ``include_unreviewed`` only matters for ClaimReview; CSV gets its byte order mark here.
    """
    if fmt == "claimreview":
        return render_claimreview(data, settings, include_unreviewed=include_unreviewed)
    if fmt == "json":
        return render_json(data)
    if fmt == "csv":
        return CSV_BOM + render_csv(data)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def write_text_atomic(path: Path, text: str) -> None:
    """Write a report or export (UTF-8, readable by all: 0644) atomically."""
    _write_text_atomic(path, text, mode=0o644)


def write_export(
    path: Path,
    data: ReportData,
    fmt: str,
    settings: ReportSettings,
    *,
    include_unreviewed: bool = False,
) -> Path:
    """Write an export to ``path`` atomically; returns ``path``."""
    write_text_atomic(path, export_text(data, fmt, settings, include_unreviewed=include_unreviewed))
    return path


def write_report(
    data: ReportData, out_dir: Path, *, evidence_dir: Path, publish_evidence: bool = False
) -> tuple[Path, Path]:
    """Write ``index.html`` and ``report.md`` into ``out_dir`` atomically; returns both paths.

    Archived-copy links point at ``evidence_dir`` relative to ``out_dir`` so they work from file://.
    ``publish_evidence`` (for a report in a web root): the archived bodies the report links to are
    written as plain text into ``out_dir/evidence/`` and linked there, so every link stays inside
    the folder and no archived page is ever served as HTML.
    """
    if publish_evidence:
        from factcheck.report.archived import PUBLISHED_SUFFIX, publish_archived

        wanted = [e.archive_path for c in data.cards for e in c.evidence if e.archive_path]
        published = publish_archived(wanted, evidence_dir, out_dir / "evidence")
        cards = [
            card.model_copy(
                update={
                    "evidence": [
                        e.model_copy(
                            update={
                                "archive_path": e.archive_path + PUBLISHED_SUFFIX
                                if e.archive_path in published
                                else None
                            }
                        )
                        for e in card.evidence
                    ]
                }
            )
            for card in data.cards
        ]
        data = data.model_copy(update={"cards": cards})
        href = "evidence"
    else:
        href = evidence_href_for(evidence_dir, out_dir)
    html_path = out_dir / "index.html"
    md_path = out_dir / "report.md"
    write_text_atomic(html_path, render_html(data, evidence_href=href))
    write_text_atomic(md_path, render_markdown(data, evidence_href=href))
    return html_path, md_path
