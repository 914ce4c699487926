"""Generate docs fragments (docs/cli.md, docs/configuration.md) from the code, for cog (`make docs`)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

from factcheck.config import settings_fields

__all__ = ["cli_reference", "command_paths", "settings_table"]


def command_paths() -> list[list[str]]:
    """Every command as its argv path (groups expanded), in registration order."""
    import typer.main

    from factcheck.cli import app

    group = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: object, prefix: list[str]) -> None:
        sub = getattr(cmd, "commands", None)
        if not sub:
            paths.append(prefix)
            return
        for name in sorted(sub):
            walk(sub[name], [*prefix, name])

    walk(group, [])
    return paths


def _help(path: list[str]) -> str:
    from factcheck.cli import main

    buf = io.StringIO()
    with redirect_stdout(buf):
        main([*path, "--help"])
    return buf.getvalue().rstrip()


def cli_reference() -> str:
    """Markdown: one section per command with its --help text."""
    out = ["\n"]
    for path in command_paths():
        out.append(f"### `factcheck {' '.join(path)}`\n\n```\n{_help(path)}\n```\n\n")
    return "".join(out)


def settings_table() -> str:
    """Markdown table of every setting: name, environment variable, default, description."""
    rows = ["\n| setting | environment | default | description |", "|---|---|---|---|"]
    for name, env, default, desc in settings_fields():
        cell = desc.replace("|", "\\|")
        rows.append(f"| `{name}` | `{env}` | `{default}` | {cell} |")
    return "\n".join(rows) + "\n\n"
