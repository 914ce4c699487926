"""Reports and exports: the morning report (HTML + Markdown) and ClaimReview / JSON / CSV exports.

Build a :class:`ReportData` once from the store with :func:`build_report_data`, then render or write it:
:func:`write_report` (``index.html`` + ``report.md``), :func:`export_text` / :func:`write_export`.
"""

from __future__ import annotations

from factcheck.report.build import (
    build_report_data,
    find_runs,
    load_claim_context,
    load_report_data,
)
from factcheck.report.data import ClaimCard, ReportData, assemble_report
from factcheck.report.exports import (
    EXPORT_FORMATS,
    RATING_SCALE,
    claimreview_items,
    export_text,
    write_export,
    write_report,
)
from factcheck.report.html import render_html
from factcheck.report.markdown import escape_markdown, render_markdown

__all__ = [
    "EXPORT_FORMATS",
    "RATING_SCALE",
    "ClaimCard",
    "ReportData",
    "assemble_report",
    "build_report_data",
    "claimreview_items",
    "escape_markdown",
    "export_text",
    "find_runs",
    "load_claim_context",
    "load_report_data",
    "render_html",
    "render_markdown",
    "write_export",
    "write_report",
]
