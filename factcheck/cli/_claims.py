"""`factcheck claims validate|list|schema`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from factcheck.cli._app import app, echo_json, get_settings
from factcheck.vocab import CLAIM_KINDS

__all__ = ["claims_app"]

claims_app = typer.Typer(help="Validate, list and describe claim files.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")


def _paths(paths: list[Path] | None) -> list[Path]:
    return list(paths) if paths else [get_settings().claims_dir]


@claims_app.command("validate")
def validate(
    paths: list[Path] | None = typer.Argument(
        None, help="Claim files or folders (default: the claims folder)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Check claim files; print every error as file:line:col: field: message (exit 2 if any)."""
    from factcheck.claims import load_claim_files

    roots = get_settings().article_roots
    files = load_claim_files(_paths(paths), article_roots=roots)  # ClaimFileErrors -> exit 2
    n_claims = sum(len(f.model.claims) for f in files)
    if as_json:
        echo_json({"ok": True, "files": len(files), "claims": n_claims})
    else:
        typer.echo(f"ok: {len(files)} file(s), {n_claims} claim(s)")


@claims_app.command("list")
def list_claims(
    paths: list[Path] | None = typer.Argument(None, help="Claim files or folders."),
    kind: str | None = typer.Option(
        None, "--kind", help=f"Only this kind: {', '.join(CLAIM_KINDS)}."
    ),
    article: str | None = typer.Option(None, "--article", help="Only claims of this article id."),
    as_json: bool = typer.Option(False, "--json", help="Print claims as JSON."),
) -> None:
    """List claims as a table (or JSON)."""
    from factcheck.claims import iter_claims, load_claim_files
    from factcheck.errors import InputError

    if kind is not None and kind not in CLAIM_KINDS:
        raise InputError(f"--kind: {kind!r} is not one of {', '.join(CLAIM_KINDS)}")
    files = load_claim_files(_paths(paths), article_roots=get_settings().article_roots)
    rows = []
    for lf, claim in iter_claims(files):
        art = lf.model.article.id if lf.model.article else None
        if kind and claim.kind != kind:
            continue
        if article and art != article:
            continue
        rows.append((lf, art, claim))
    if as_json:
        echo_json(
            [
                {
                    "file": str(lf.path),
                    "article": art,
                    **claim.model_dump(mode="json", exclude_none=True),
                }
                for lf, art, claim in rows
            ]
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} claim(s)", show_lines=False)
    for col in ("id", "kind", "claim", "values", "cw"):
        table.add_column(col, overflow="fold")
    for _, _, claim in rows:
        values = [q.raw or f"{q.value:g}" for q in claim.quantities]
        values += [d.value for d in claim.dates]
        if claim.rank:
            values.append(f"#{claim.rank.position}")
        cw = "" if claim.checkworthy is None else f"{claim.checkworthy:.2f}"
        text = claim.text + (" [stale]" if claim.status == "stale" else "")
        table.add_row(claim.id, claim.kind, text, ", ".join(values), cw)
    Console(soft_wrap=False).print(table)


@claims_app.command("schema")
def schema(
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Folder to write claim-file.schema.json (default: the claims folder).",
    ),
    no_write: bool = typer.Option(False, "--no-write", help="Only print; write no file."),
) -> None:
    """Print the JSON Schema of the claim file and write it beside the claim files for editors."""
    from factcheck.claims import claim_file_schema, write_schema

    typer.echo(json.dumps(claim_file_schema(), ensure_ascii=False, indent=2))
    if not no_write:
        target = write_schema(output or get_settings().claims_dir)
        typer.echo(f"wrote {target}", err=True)
