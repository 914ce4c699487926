"""Control characters in evidence (issue 14): C1 codes such as CSI (U+009B) are cleaned where
evidence enters, so nothing a source wrote reaches ``show``, a terminal, reports or the CSV as an
escape sequence. Claim files refuse the same characters outright."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from factcheck.fetchers._util import clean_text, make_document

from ._common import cli

# CSI (U+009B) + "2J" clears a terminal; U+0085 is NEXT LINE; ESC (U+001B) starts ANSI codes
HOSTILE = "Haidian gathered 15,000 AI scholars\x9b2J in 2024\x85 says the\x1b[31m report\r\nagain."
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def test_clean_text_removes_every_control_but_tab_and_newline() -> None:
    assert clean_text(HOSTILE) == (
        "Haidian gathered 15,000 AI scholars 2J in 2024  says the [31m report\nagain."
    )
    everything = "".join(chr(c) for c in range(0xA0))
    cleaned = clean_text(everything)
    assert not _CONTROLS.search(cleaned)
    assert "\t" in cleaned
    assert "\n" in cleaned
    assert "\r" not in cleaned
    assert clean_text("plain 中文 text") == "plain 中文 text"


def test_documents_are_cleaned_on_the_way_in() -> None:
    doc = make_document(
        fetcher="web",
        url="https://example.invalid/x",
        text=HOSTILE,
        title="Title\x9b",
        structured={"P571": [{"value": "1980\x9b", "label": "x\x85"}]},
    )
    for value in (doc.text, doc.title or "", json.dumps(doc.structured, ensure_ascii=False)):
        assert not _CONTROLS.search(value), repr(value)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "haidian.md").write_text(
        "# Haidian\x9b report\n\n" + HOSTILE + "\n\nThis page is made up for tests.\n",
        encoding="utf-8",
    )
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "c.yaml").write_text(
        "claims:\n  - id: haidian-c001\n    text: Haidian gathered 15,000 AI scholars in 2024\n"
        "    kind: quantity\n    quantities: [{value: 15000}]\n",
        encoding="utf-8",
    )
    (tmp_path / "factcheck.toml").write_text(
        'contact = "tests@factcheck.invalid"\n[fetchers]\nenabled = ["library"]\n'
        '[fetchers.library]\npath = "library"\n',
        encoding="utf-8",
    )
    return tmp_path


def test_control_characters_from_evidence_reach_no_output(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = cli(["run", "--offline", "--json"], capsys)
    assert run.code == 0, run.err
    assert json.loads(run.out)["counts"]["verified"] == 1
    show = cli(["show", "haidian-c001"], capsys)
    assert show.code == 0, show.err
    assert "Haidian gathered" in show.out, "the evidence is shown"
    assert not _CONTROLS.search(show.out), repr(show.out)
    out = project / "export.csv"
    export = cli(["export", "--format", "csv", "-o", str(out)], capsys)
    assert export.code == 0, export.err
    text = out.read_text(encoding="utf-8-sig")
    assert not _CONTROLS.search(text.replace("\r\n", "\n")), repr(text)
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2, rows
