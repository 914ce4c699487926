"""`factcheck doctor`: which fetchers are configured and reachable, and whether the store opens."""

from __future__ import annotations

import sys
from typing import Any

import typer

from factcheck.cli._app import app, echo_json, get_settings
from factcheck.errors import StoreError

__all__ = ["doctor"]


@app.command("doctor")
def doctor(
    fetcher: list[str] | None = typer.Option(
        None, "--fetcher", "-f", help="Check only this fetcher (repeatable)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
) -> None:
    """Check the set-up: each fetcher configured or not (and why), its service reachable, the store.

    Exit 0 when every enabled fetcher answered and the store opened, else 1.
    """
    from factcheck.fetchers.doctor import check_fetchers
    from factcheck.http import HttpClient, run_sync
    from factcheck.store import Store

    settings = get_settings()

    async def _go() -> list[Any]:
        async with HttpClient(settings) as client:
            return await check_fetchers(settings, client, fetcher or None)

    statuses = run_sync(_go())
    try:
        with Store.open(settings.database_url):
            store = {"url": _masked(settings.database_url), "state": "ok", "detail": "opened"}
    except StoreError as exc:
        store = {"url": _masked(settings.database_url), "state": "error", "detail": str(exc)}
    failed = store["state"] != "ok" or any(s.state == "unreachable" for s in statuses)
    if as_json:
        echo_json(
            {
                "fetchers": [
                    {
                        "name": s.name,
                        "state": s.state,
                        "detail": s.detail,
                        "url": s.url,
                        "elapsed_ms": s.elapsed_ms,
                    }
                    for s in statuses
                ],
                "store": store,
                "ok": not failed,
            }
        )
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="fetchers")
        for col in ("fetcher", "state", "detail", "ms"):
            table.add_column(col, overflow="fold")
        for s in statuses:
            ms = f"{s.elapsed_ms:.0f}" if s.elapsed_ms is not None else ""
            table.add_row(s.name, s.state, s.detail, ms)
        console = Console(file=sys.stdout)
        console.print(table)
        console.print(
            f"store {store['url']}: {store['state']} ({store['detail']})",
            markup=False,
            highlight=False,
        )
    if failed:
        raise typer.Exit(1)


def _masked(url: str) -> str:
    from factcheck.store import mask_secrets

    masked = mask_secrets({"url": url})["url"]
    return str(masked)
