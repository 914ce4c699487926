"""`factcheck fetch CLAIM_ID | --text "..."`: the documents the fetchers find for one claim.

Builds the evidence archive and the HTTP client here (the archive plugs into the client), plans the
claim's queries, runs the fetchers concurrently and prints documents (a table, or JSON with
``--json``). Nothing is stored but the evidence archive; no verdict is decided.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import typer

from factcheck.cli._app import app, echo_json, err_console, get_settings
from factcheck.errors import EXIT_ERRORED, FetchError, InputError, NotConfigured

__all__ = ["ClaimNotFoundError", "fetch_command"]

_PREVIEW_CHARS = 100


class ClaimNotFoundError(InputError):
    """No claim file under the claims folder holds the requested claim id."""


def _find_claim(claim_id: str, claims_dir: Path) -> tuple[Any, Any]:
    from factcheck.claims import iter_claims, load_claim_files

    if not claims_dir.exists():
        raise ClaimNotFoundError(f"claims folder {str(claims_dir)!r} does not exist")
    files = load_claim_files([claims_dir])
    for loaded, claim in iter_claims(files):
        if claim.id == claim_id:
            return claim, loaded.model.article
    raise ClaimNotFoundError(f"claim {claim_id!r} not found under {str(claims_dir)!r}")


def _adhoc_claim(text: str) -> Any:
    from pydantic import ValidationError

    from factcheck.models import Claim

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    try:
        return Claim(id=f"adhoc-{digest}", text=text)
    except ValidationError as exc:  # empty text, control characters: bad input, not a crash
        raise InputError(f"--text: {exc.errors()[0]['msg']}") from exc


def _error_row(err: FetchError) -> dict[str, Any]:
    return {
        "fetcher": err.fetcher,
        "kind": getattr(err, "kind", "fetch"),
        "url": err.url,
        "status": getattr(err, "status", None),
        "message": err.message,
    }


@app.command("fetch")
def fetch_command(
    claim_id: str | None = typer.Argument(None, help="Id of a claim in the claim files."),
    text: str | None = typer.Option(
        None, "--text", help="Fetch for this ad-hoc claim text instead."
    ),
    fetcher: list[str] | None = typer.Option(
        None, "--fetcher", "-f", help="Use only this fetcher (repeatable)."
    ),
    offline: bool = typer.Option(
        False, "--offline", help="Replay the evidence archive; never open a socket."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
    explain: bool = typer.Option(
        False, "--explain", help="Also show every search sent: fetcher, query, round, hits."
    ),
    claims: Path | None = typer.Option(
        None, "--claims", help="Claim files folder (default: setting claims_dir)."
    ),
) -> None:
    """Fetch the documents for one claim (archived under evidence/), without deciding a verdict.

    Exits 4 when every request failed (no document, only errors)."""
    from factcheck.fetchers import fetch_documents, plan_queries
    from factcheck.http import run_sync
    from factcheck.pipeline import open_sources

    if (claim_id is None) == (text is None):
        raise InputError("give either a CLAIM_ID or --text (not both)")
    settings = get_settings()
    if text is not None:
        claim, article = _adhoc_claim(text), None
    else:
        assert claim_id is not None
        claim, article = _find_claim(claim_id, claims or settings.claims_dir)
    plan = plan_queries(claim, article)
    offline = offline or settings.run.offline

    searches: list[Any] = []

    async def _go() -> tuple[list[Any], list[FetchError], dict[str, str], dict[str, int]]:
        async with open_sources(settings, offline=offline, fetchers=fetcher or ()) as sources:
            client, fetchers, disabled = sources.client, sources.fetchers, sources.disabled
            if fetcher:
                for name in fetcher:
                    if name in disabled:
                        raise NotConfigured(disabled[name].removeprefix("disabled: "))
            console = err_console()
            if console.is_terminal and not json_out:
                names = ", ".join(f.name for f in fetchers)
                with console.status(f"fetching {claim.id} with {names}…"):
                    docs, errors = await fetch_documents(claim, plan, fetchers, searches=searches)
            else:
                docs, errors = await fetch_documents(claim, plan, fetchers, searches=searches)
            return docs, errors, disabled, dict(client.stats)

    docs, errors, disabled, stats = run_sync(_go())
    if json_out:
        echo_json(
            {
                "claim_id": claim.id,
                "offline": offline,
                "plan": plan.model_dump(mode="json"),
                "documents": [d.model_dump(mode="json") for d in docs],
                "errors": [_error_row(e) for e in errors],
                "disabled": disabled,
                "http": stats,
                "searches": [_search_row(r) for r in searches],
            }
        )
        _exit_when_all_failed(docs, errors)
        return
    if explain:
        _print_plan(plan, searches)
    _print_table(claim.id, docs)
    console = err_console()
    for name, reason in disabled.items():
        console.print(f"{name}: {reason}", style="dim", markup=False, highlight=False)
    for err in errors:
        console.print(f"error: {err.fetcher}: {err}", style="red", markup=False, highlight=False)
    console.print(
        f"{len(docs)} document(s), {len(errors)} error(s)" + (" (offline)" if offline else ""),
        markup=False,
        highlight=False,
    )
    _exit_when_all_failed(docs, errors)


def _exit_when_all_failed(docs: list[Any], errors: list[FetchError]) -> None:
    """Exit 4 (as a run with unchecked claims) when requests were made and every one failed."""
    if errors and not docs:
        raise typer.Exit(EXIT_ERRORED)


def _search_row(record: Any) -> dict[str, Any]:
    return {
        "fetcher": record.fetcher,
        "query": record.query,
        "round": record.round,
        "hits": record.hits,
        "failed": record.failed,
    }


def _print_plan(plan: Any, searches: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout)
    console.print(f"language: {plan.language}", markup=False, highlight=False)
    console.print(f"names: {' | '.join(plan.entities) or '—'}", markup=False, highlight=False)
    console.print(f"queries: {' | '.join(plan.queries) or '—'}", markup=False, highlight=False)
    console.print(f"properties: {' '.join(plan.properties) or '—'}", markup=False, highlight=False)
    table = Table(title="searches sent", show_lines=False)
    for col in ("fetcher", "round", "query", "hits"):
        table.add_column(col, overflow="fold")
    for r in sorted(searches, key=lambda r: (r.fetcher, r.round)):
        table.add_row(r.fetcher, str(r.round), r.query, "failed" if r.failed else str(r.hits))
    console.print(table)
    zero = sum(1 for r in searches if not r.failed and r.hits == 0)
    console.print(f"{len(searches)} search(es), {zero} with no hit", markup=False, highlight=False)


def _print_table(claim_id: str, docs: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"documents for {claim_id}", show_lines=False)
    for col in ("id", "fetcher", "title", "url", "text"):
        table.add_column(col, overflow="fold")
    for doc in docs:
        preview = " ".join(doc.text.split())[:_PREVIEW_CHARS]
        table.add_row(doc.id, doc.fetcher, doc.title or "", doc.url, preview)
    Console(file=sys.stdout).print(table)
