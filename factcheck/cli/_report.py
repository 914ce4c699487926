"""`factcheck report` (index.html + report.md) and `factcheck export` (ClaimReview, JSON, CSV)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from factcheck.cli._app import app, echo_json, get_settings
from factcheck.errors import InputError

__all__ = ["export", "report"]

_FORMATS = ("claimreview", "json", "csv")


@app.command("report")
def report(
    run: int | None = typer.Option(
        None, "--run", help="Run id to report (default: the latest completed nightly run)."
    ),
    since_run: int | None = typer.Option(
        None, "--since-run", help="Compare with this run (default: the nightly run before it)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Folder to write into (default: the reports_dir setting)."
    ),
    lang: str | None = typer.Option(
        None, "--lang", help="en | zh | auto (default: report.language; auto: the articles')."
    ),
    publish_evidence: bool | None = typer.Option(
        None,
        "--publish-evidence/--link-evidence",
        help="Copy the linked archived pages beside the report as plain text (for a web root); "
        "default: report.publish_evidence.",
    ),
    min_checkworthy: float | None = typer.Option(
        None,
        "--min-checkworthy",
        min=0.0,
        max=1.0,
        help="Leave out claims whose checkworthy score is below this (0..1; claims without a "
        "score stay).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the written paths as JSON."),
) -> None:
    """Write the report of a run: a self-contained index.html and report.md.

    Claims come refuted first, then mixed, flipped and unverified, the most check-worthy first
    within each; claims the run could not check are listed with their errors."""
    from factcheck.report import load_report_data, write_report

    if lang is not None and lang not in ("en", "zh", "auto"):
        raise InputError(f"--lang: {lang!r} is not one of en, zh, auto")
    settings = get_settings({"report": {"language": lang}} if lang else None)
    data = load_report_data(settings, run, since_run=since_run, min_checkworthy=min_checkworthy)
    out_dir = output if output is not None else settings.reports_dir
    publish = settings.report.publish_evidence if publish_evidence is None else publish_evidence
    html_path, md_path = write_report(
        data, out_dir, evidence_dir=settings.evidence_dir, publish_evidence=publish
    )
    if as_json:
        echo_json(
            {
                "run": data.run.id,
                "claims": len(data.cards),
                "html": str(html_path),
                "markdown": str(md_path),
            }
        )
    else:
        typer.echo(f"report of run {data.run.id} ({len(data.cards)} claims):")
        typer.echo(f"  {html_path}")
        typer.echo(f"  {md_path}")


@app.command("export")
def export(
    fmt: str = typer.Option(
        "claimreview", "--format", "-f", help="claimreview (schema.org JSON-LD) | json | csv."
    ),
    run: int | None = typer.Option(
        None, "--run", help="Run id to export (default: the latest completed run)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (atomically); default: standard output."
    ),
    include_unreviewed: bool = typer.Option(
        False,
        "--include-unreviewed",
        help="ClaimReview: also machine verdicts no person reviewed, marked as automated.",
    ),
) -> None:
    """Export a run's verdicts as ClaimReview JSON-LD, JSON or CSV.

    ClaimReview holds only the claims a person reviewed (with the reviewer's note), unless
    --include-unreviewed. CSV starts with a UTF-8 byte order mark for spreadsheets."""
    from factcheck.report import export_text, load_report_data, write_export

    if fmt not in _FORMATS:
        raise InputError(f"--format: {fmt!r} is not one of {', '.join(_FORMATS)}")
    settings = get_settings()
    data = load_report_data(settings, run)
    if output is None:
        sys.stdout.write(
            export_text(data, fmt, settings.report, include_unreviewed=include_unreviewed)
        )
        return
    write_export(output, data, fmt, settings.report, include_unreviewed=include_unreviewed)
    typer.echo(f"wrote {fmt} export of run {data.run.id} ({len(data.cards)} claims) to {output}")
