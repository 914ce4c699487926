"""Hostile articles through ``factcheck extract PATH -o claims/X.yaml``.

Each article is either refused — exit 2 with a message naming the input, no claim file written, an
existing claim file left byte-for-byte as it was, no temporary file left behind — or extracted into
inert output: exit 0 and a claim file that loads and validates, whose spans index the article text.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck.claims import load_claim_file
from factcheck.extract import read_article_text

from ._common import cli, snapshot

ZH = "中关村聚集了超过1万家高新技术企业，2023年营收达到8.6万亿元。北京深度求索公司成立于2023年7月17日。"
EN = (
    "Haidian District has 15,000 artificial intelligence scholars, 30.6% of the national total. "
    "The company was founded on 23 October 1980. "
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
# lxml refuses character references to control characters and drops raw control bytes
HTML_CONTROLS = (
    "<html><head><title>T</title></head><body><article>"
    + "".join(f"<p>{EN * 2} &#27;[2J wiped &#7; {EN}</p>" for _ in range(4))
    + "</article></body></html>"
).encode()
EXISTING = "claims:\n  - id: keep-me\n    text: A hand-written claim that must survive.\n"


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # article file name (its suffix picks the format)
    content: bytes
    refused: str | None  # message pattern when the article must be refused; None: inert output


CASES: list[Case] = [
    Case("binary-png", "photo.txt", PNG, "not text"),
    Case("random-bytes-with-nul", "noise.txt", random.Random(7).randbytes(4096) + b"\x00",
         "not text|binary data"),
    Case("nul-in-text", "nul.txt", EN.encode() + b"\x00" + EN.encode(), "binary data"),
    Case("empty", "empty.txt", b"", "empty"),
    Case("whitespace-only", "blank.md", b" \n\t\n   \r\n", "empty"),
    Case("huge-20mb", "huge.txt", EN.encode() * 150_000, "larger than"),
    Case("ansi-escapes", "ansi.txt", ("The \x1b[31mcompany\x1b[0m was founded on 23 October 1980. "
                                      * 3).encode(), r"^error: \S+:1: control character U\+001B "),
    Case("bell-and-backspace", "bell.txt", (EN + "\x07\x08" + EN).encode(),
         r"^error: \S+:1: control character U\+0007 "),
    Case("c1-controls", "c1.txt", ("Founded in 1980 with\x9b 15,000 staff. " * 3).encode(),
         r"^error: \S+:1: control character U\+009B "),
    Case("html-control-entities", "entity.html", HTML_CONTROLS, "no main text"),
    Case("html-raw-control-bytes", "raw.html",
         HTML_CONTROLS.replace(b"&#27;", b"\x1b").replace(b"&#7;", b"\x07"), None),
    Case("html-nesting-100k", "nested.html",
         b"<html><body>" + b"<div>" * 100_000 + b"<p>deep</p>" + b"</div>" * 100_000
         + b"</body></html>", "no main text"),
    Case("html-script-only", "script.html",
         b"<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>",
         "no main text"),
    Case("mixed-scripts", "mixed.txt",
         (ZH + EN + "Москва основана в 1147 году. مرحبا 2023 🚀 ").encode() * 3, None),
    Case("zero-width-everywhere", "zw.txt", "\u200b".join(ZH).encode() + "\ufeff\u200d".encode(),
         None),
    Case("rtl-overrides", "rtl.txt", ("\u202e" + EN + "\u202c\u2066" + ZH + "\u2069").encode(),
         None),
    Case("latin1-bytes", "latin1.txt", ("Caf\xe9 r\xe9sum\xe9: " + EN).encode("latin-1"), None),
    Case("utf16-with-bom", "utf16.txt", (EN * 2).encode("utf-16"), None),
    Case("one-megabyte-line", "line.txt", b"a" * 1_000_000, None),
    Case("lt-flood-html", "lt.html", b"<html><body><p>" + b"<" * 100_000 + b"</p></body></html>",
         None),
    Case("cr-only-lines", "cr.txt", EN.replace(". ", ".\r").encode() * 2, None),
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "existing.yaml").write_text(EXISTING, encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    return tmp_path


_SLOW_CASES = {"one-megabyte-line"}  # seconds of extraction: not in `make test-fast`


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.slow) if c.name in _SLOW_CASES else c for c in CASES],
    ids=[c.name for c in CASES],
)
def test_hostile_article(case: Case, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = project / "seeds" / case.file
    article.write_bytes(case.content)
    claims = project / "claims"
    before = snapshot(claims)

    new = cli(["extract", str(article), "-o", str(claims / "new.yaml")], capsys)
    merged = cli(["extract", str(article), "-o", str(claims / "existing.yaml")], capsys)

    if case.refused is not None:
        for result in (new, merged):
            assert result.code == 2, result.err[-2000:]
            assert re.search(case.refused, result.err, re.M), result.err[-2000:]
            assert case.file in result.err, "the message names the input"
            assert "Traceback" not in result.err
        assert snapshot(claims) == before, "no claim file written, the existing one untouched"
        return

    assert new.code == 0, new.err[-2000:]
    assert merged.code == 0, merged.err[-2000:]
    leftovers = sorted(set(snapshot(claims)) - {"existing.yaml", "new.yaml"})
    assert not leftovers, f"temporary files left behind: {leftovers}"
    written = load_claim_file(claims / "new.yaml").model
    kept = load_claim_file(claims / "existing.yaml").model
    assert "keep-me" in {c.id for c in kept.claims}, "the hand-written claim survives the merge"
    text = read_article_text(article.read_bytes(), name=article.name).text
    for claim in written.claims:
        assert claim.text.strip()
        if claim.span is not None:
            start, end = claim.span
            assert text[start:end] == claim.sentence, f"{claim.id}: span does not index the text"


ARG_CASES: list[tuple[str, list[str], str]] = [
    ("id-path-traversal", ["--id", "../../outside"], "not a valid article id"),
    ("output-is-a-directory", ["-o", "claims"], "is a directory"),
    ("output-is-a-broken-claim-file", ["-o", "claims/broken.yaml"], "broken.yaml:2:1: "),
    ("output-is-not-a-claim-file", ["-o", "seeds/notes.txt"], "top level is a str"),
    ("impossible-date", ["--published", "2025-02-30"], "not an ISO date"),
]


@pytest.mark.parametrize(("name", "args", "message"), ARG_CASES, ids=[c[0] for c in ARG_CASES])
def test_hostile_extract_arguments(
    name: str, args: list[str], message: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / "ok.txt").write_text(EN, encoding="utf-8")
    (project / "seeds" / "notes.txt").write_text("just some notes\n", encoding="utf-8")
    (project / "claims" / "broken.yaml").write_text("claims: [\n", encoding="utf-8")
    before = snapshot(project)
    result = cli(["extract", "seeds/ok.txt", *args], capsys)
    assert result.code == 2, result.err[-2000:]
    assert message in result.err
    assert snapshot(project) == before, "nothing written, nothing overwritten"
    assert not (project.parent / "outside.yaml").exists()
