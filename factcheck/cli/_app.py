"""The typer application object and helpers shared by command modules.

Command modules (``factcheck/cli/<group>.py``) import :data:`app` and register their commands;
``factcheck/cli/__init__.py`` imports them all. Each command builds settings with :func:`get_settings`,
calls one library function, and renders a rich table or JSON. Errors are mapped to exit codes in one
place, :func:`factcheck.cli.main`.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from factcheck.__about__ import __version__

if TYPE_CHECKING:
    from factcheck.config import Settings

__all__ = ["app", "echo_json", "err_console", "get_settings", "state"]

app = typer.Typer(
    name="factcheck",
    help="Fact-checking pipeline: extract claims, fetch evidence, decide verdicts, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # never print local variables (secrets) in tracebacks
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _State:
    """Global options of one CLI invocation."""

    def __init__(self) -> None:
        self.config_file: Path | None = None
        self.verbosity: int = 0
        self._settings: Settings | None = None

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


state = _State()


def get_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Load settings once per invocation; flags given as ``overrides`` win over every other layer."""
    from factcheck.config import load_settings  # pydantic-settings: only for commands that run

    if overrides:
        return load_settings(config_file=state.config_file, overrides=overrides)
    if state._settings is None:
        state._settings = load_settings(config_file=state.config_file)
    return state._settings


def err_console() -> Any:
    """A rich console on stderr (imported lazily: rich is heavy)."""
    from rich.console import Console

    return Console(stderr=True)


def echo_json(data: Any) -> None:
    """Write JSON data to stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Print the version."
    ),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="Settings file (TOML); default factcheck.toml or pyproject."
    ),
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help="More log output (-vv: debug)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
) -> None:
    """Fact-checking pipeline: extract claims, fetch evidence, decide verdicts, report."""
    state.reset()
    state.config_file = config
    state.verbosity = -1 if quiet else verbose
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(
        state.verbosity, logging.DEBUG
    )
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("factcheck").setLevel(level)
