"""The documentation stays true: generated pages are current, every command is documented, the README
stays short and the site's pages are all in its navigation."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.cli._docs import command_paths

# The pages cog regenerates (`make docs`); keep in step with DOCS_GENERATED in the Makefile.
GENERATED_PAGES = ("docs/cli.md", "docs/configuration.md")
README_MAX_LINES = 200


def docs_text(repo_root: Path) -> str:
    """Every page of the documentation site, concatenated."""
    pages = sorted((repo_root / "docs").rglob("*.md"))
    assert pages, "docs/ has no pages"
    return "\n".join(p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.parametrize("page", GENERATED_PAGES)
def test_generated_pages_are_current(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    from cogapp import Cog

    monkeypatch.setenv("COLUMNS", "100")  # as `make docs`: help text wraps at this width
    status = Cog().main(["cog", "--check", str(repo_root / page)])
    assert status == 0, f"{page} is out of date: run `make docs`"


def test_every_command_has_help_and_a_reference_section(repo_root: Path) -> None:
    import typer.main

    from factcheck.cli import app

    reference = (repo_root / "docs" / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    paths = command_paths()
    assert ["run"] in paths
    assert ["claims", "validate"] in paths
    for path in paths:
        cmd = group
        for part in path:
            cmd = cmd.commands[part]  # type: ignore[attr-defined]
        assert (cmd.help or "").strip(), f"`factcheck {' '.join(path)}` has no help text"
        assert f"### `factcheck {' '.join(path)}`" in reference


def test_readme_names_the_two_setup_commands(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme


def test_readme_stays_short(repo_root: Path) -> None:
    lines = (repo_root / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines (at most {README_MAX_LINES}): reference material goes into docs/"
    )


def test_every_page_is_in_the_navigation(repo_root: Path) -> None:
    import re

    nav = (repo_root / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]
    listed = set(re.findall(r":\s*(\S+\.md)\s*$", nav, flags=re.M))
    pages = {
        p.relative_to(repo_root / "docs").as_posix() for p in (repo_root / "docs").rglob("*.md")
    }
    assert pages == listed, (
        f"pages not in mkdocs.yml nav: {pages - listed}; missing: {listed - pages}"
    )


def test_readme_links_into_docs_resolve(repo_root: Path) -> None:
    """The README's links to docs/ pages name pages and headings that exist (mkdocs checks the pages)."""
    import re

    from markdown.extensions.toc import slugify

    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/[^)#\s]+)(?:#([^)\s]+))?\)", readme)
    assert links, "README links to no docs page"
    for target, anchor in links:
        page = repo_root / target
        assert page.is_file(), f"README links to a missing page: {target}"
        if anchor:
            text = page.read_text(encoding="utf-8")
            heads = re.findall(r"^#{1,6} (.+?)\s*$", text, flags=re.M)
            slugs = {slugify(h.replace("`", ""), "-") for h in heads}
            assert anchor in slugs, f"README links to {target}#{anchor}: no such heading"


def test_modules_over_600_lines_are_explained(repo_root: Path) -> None:
    """The architecture page lists every module over 600 lines and says why (issue 16's acceptance)."""
    page = (repo_root / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page.split("## Large modules", 1)[1]
    large = []
    for path in sorted((repo_root / "factcheck").rglob("*.py")):
        with path.open(encoding="utf-8") as fh:
            if sum(1 for _ in fh) > 600:
                large.append(path.relative_to(repo_root).as_posix())
    missing = [m for m in large if f"`{m}`" not in section]
    assert not missing, f"modules over 600 lines not explained in docs/architecture.md: {missing}"


def test_site_builds_strict(repo_root: Path, tmp_path: Path) -> None:
    """`mkdocs build --strict` (as .ci/run): a broken link or anchor between pages fails here first."""
    import os
    import subprocess
    import sys

    pytest.importorskip("mkdocs", reason="mkdocs is in the dev extras: make install")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(repo_root / "mkdocs.yml")]
    proc = subprocess.run(
        [*cmd, "-d", str(tmp_path / "site")], capture_output=True, text=True, env=env, check=False
    )
    warnings = [ln for ln in proc.stderr.splitlines() if "WARNING" in ln or "ERROR" in ln]
    assert proc.returncode == 0, "mkdocs build --strict failed:\n" + "\n".join(
        warnings or [proc.stderr]
    )
