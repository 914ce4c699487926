"""Command-line interface: a thin typer app. One module per command group; errors map to exit codes here."""

from __future__ import annotations

import sys

from factcheck.cli import (  # noqa: F401  (registers commands)
    _bench,
    _claims,
    _doctor,
    _extract,
    _fetch,
    _nightly,
    _report,
    _run,
    _serve,
    _worker,
)
from factcheck.cli._app import app, err_console
from factcheck.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    ClaimFileErrors,
    FactcheckError,
    exit_code_for,
)

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map factcheck errors to DESIGN's exit codes (2 bad input, 3 internal/store)."""
    import typer

    try:
        rv = app(args=argv, prog_name="factcheck", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        err_console().print("aborted", style="red")
        return EXIT_INTERNAL
    except typer.TyperException as exc:  # usage errors: unknown option, bad value
        show = getattr(exc, "show", None)
        if callable(show):
            show(file=sys.stderr)
        else:
            sys.stderr.write(f"error: {exc.format_message()}\n")
        return EXIT_BAD_INPUT
    except ClaimFileErrors as exc:
        for err in exc.errors:
            sys.stderr.write(err.format() + "\n")
        sys.stderr.write(f"{len(exc.errors)} error(s)\n")
        return EXIT_BAD_INPUT
    except FactcheckError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return exit_code_for(exc)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_INTERNAL
    except Exception as exc:  # last resort: never a bare traceback with locals
        sys.stderr.write(f"internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_INTERNAL
    return rv if isinstance(rv, int) else 0


def _entry() -> None:
    sys.exit(main())
