"""`factcheck claims validate|list|schema` (placeholder module; filled by the foundation work)."""

from __future__ import annotations

import typer

from factcheck.cli._app import app

claims_app = typer.Typer(help="Validate, list and describe claim files.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")
