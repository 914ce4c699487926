"""The README stays true: generated sections are current, every command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.cli._docs import command_paths


def test_readme_generated_sections_are_current(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cogapp import Cog

    monkeypatch.setenv("COLUMNS", "100")  # as `make docs`: help text wraps at this width
    status = Cog().main(["cog", "--check", str(repo_root / "README.md")])
    assert status == 0, "README is out of date: run `make docs`"


def test_every_command_has_help_and_a_readme_section(repo_root: Path) -> None:
    import typer.main

    from factcheck.cli import app

    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    paths = command_paths()
    assert ["run"] in paths
    assert ["claims", "validate"] in paths
    for path in paths:
        cmd = group
        for part in path:
            cmd = cmd.commands[part]  # type: ignore[attr-defined]
        assert (cmd.help or "").strip(), f"`factcheck {' '.join(path)}` has no help text"
        assert f"### `factcheck {' '.join(path)}`" in readme


def test_readme_names_the_two_setup_commands(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
