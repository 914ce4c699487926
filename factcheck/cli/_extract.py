"""`factcheck extract PATH|URL|-`: an article → ``claims/<article-id>.yaml`` (merged, ids stable).

Reads a file, stdin (``-``) or a URL (downloaded through :class:`factcheck.http.HttpClient`), turns
HTML into its main text, extracts claims with :func:`factcheck.extract.extract_article` and merges
them into the existing claim file, if any, so hand edits and hand-added claims survive and ids never
change. A second run on an unchanged article leaves the file byte-identical.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import typer

from factcheck.cli._app import app, echo_json, err_console, get_settings
from factcheck.errors import ArticleError, InputError

__all__ = ["extract_command"]

_TEXT_PREVIEW = 60


def _read_input(source: str) -> tuple[bytes, str | None, str | None]:
    """(bytes, name for format sniffing, content type) of a path, ``-`` or an http(s) URL."""
    if source == "-":
        return sys.stdin.buffer.read(), None, None
    if source.startswith(("http://", "https://")):
        from factcheck.http import HttpClient, run_sync

        async def _get() -> Any:
            async with HttpClient(get_settings()) as client:
                return await client.get(source, fetcher="extract")

        response = run_sync(_get())
        return response.content, response.final_url, response.headers.get("content-type")
    path = Path(source)
    if not path.is_file():
        raise ArticleError(f"{source}: no such file")
    try:
        return path.read_bytes(), path.name, None
    except OSError as exc:
        raise ArticleError(f"{source}: cannot read: {exc}") from exc


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"--published {value!r} is not an ISO date (YYYY-MM-DD)") from exc


@app.command("extract")
def extract_command(
    source: str = typer.Argument(
        ..., help="Article: a .txt/.md/.html file, an http(s) URL, or - for stdin."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Claim file to write or merge into (default: <claims_dir>/<id>.yaml).",
    ),
    article_id: str | None = typer.Option(
        None, "--id", help="Article id (default: slug of the file name or URL)."
    ),
    published: str | None = typer.Option(
        None, "--published", help="Publication date YYYY-MM-DD (default: from the text or HTML)."
    ),
    title: str | None = typer.Option(
        None, "--title", help="Article title (default: from the text)."
    ),
    language: str | None = typer.Option(None, "--language", help="zh or en (default: detected)."),
    min_checkworthy: float | None = typer.Option(
        None,
        "--min-checkworthy",
        min=0.0,
        max=1.0,
        help="Leave out claims scoring below this (default: keep every claim stating a value).",
    ),
    json_out: bool = typer.Option(
        False,
        "--json",
        help="Print the claim file as JSON on stdout; writes a file only when -o is given.",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Extract and print; write nothing."),
) -> None:
    """Extract atomic, normalized, check-worthy claims from an article into a claim file."""
    from factcheck.claims import load_claim_file, save_claim_file
    from factcheck.extract import extract_article, merge_claim_files, read_article_text, slugify

    if language is not None and language not in ("zh", "en"):
        raise InputError(f"--language {language!r}: use zh or en")
    if json_out and output is None:
        dry_run = True  # --json prints; writing needs an explicit -o
    settings = get_settings()
    data, name, content_type = _read_input(source)
    article = read_article_text(data, name=name, content_type=content_type)
    if article_id is None:
        if source == "-":
            raise InputError("reading stdin: give the article id with --id")
        article_id = slugify(source)
    try:
        from factcheck.models import Article

        Article(id=article_id)
    except ValueError as exc:
        raise InputError(f"--id {article_id!r} is not a valid article id: {exc}") from exc
    extracted = extract_article(
        article.text,
        article_id=article_id,
        published=_parse_date(published) or article.published,
        title=title or article.title,
        source=None if source == "-" else source,
        language=language,
        min_checkworthy=min_checkworthy,
    )
    out = output or Path(settings.claims_dir) / f"{article_id}.yaml"
    previous = load_claim_file(out) if out.exists() else None
    merged = (
        merge_claim_files(previous.model, extracted, article_text=article.text)
        if previous is not None
        else extracted
    )
    if not dry_run:
        out.parent.mkdir(parents=True, exist_ok=True)
        save_claim_file(out, merged, previous=previous)
    old_ids = {c.id for c in previous.model.claims} if previous is not None else set()
    counts = {
        "claims": len(merged.claims),
        "new": sum(1 for c in merged.claims if c.id not in old_ids),
        "stale": sum(1 for c in merged.claims if c.status == "stale"),
    }
    if json_out:
        echo_json(
            {
                "file": None if dry_run else str(out),
                "counts": counts,
                **merged.model_dump(mode="json", exclude_none=True),
            }
        )
        return
    _print_table(merged, counts, None if dry_run else out)


def _print_table(model: Any, counts: dict[str, int], out: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("id", "kind", "cw", "values", "text"):
        table.add_column(col, overflow="fold")
    for c in model.claims:
        values = [q.raw or f"{q.value:g}" for q in c.quantities] + [d.value for d in c.dates]
        if c.rank is not None:
            values.append(c.rank.raw or f"#{c.rank.position}")
        text = c.text if len(c.text) <= _TEXT_PREVIEW else c.text[: _TEXT_PREVIEW - 1] + "…"
        if c.status == "stale":
            text = f"[stale] {text}"
        cw = "" if c.checkworthy is None else f"{c.checkworthy:.2f}"
        table.add_row(c.id, c.kind, cw, ", ".join(values), text)
    Console().print(table)
    where = f"wrote {out}" if out is not None else "dry run, nothing written"
    err_console().print(
        f"{counts['claims']} claims ({counts['new']} new, {counts['stale']} stale); {where}"
    )
