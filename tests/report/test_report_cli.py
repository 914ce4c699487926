"""`factcheck report` and `factcheck export` end to end on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from factcheck.cli import main

from .conftest import populate_store

SCHEMA = json.loads(
    (Path(__file__).resolve().parent / "claimreview.schema.json").read_text(encoding="utf-8")
)


@pytest.fixture
def world(tmp_path: Path) -> object:
    w = populate_store(tmp_path)
    # the hygiene fixture runs each test in tmp_path: this factcheck.toml is what the CLI reads
    (tmp_path / "factcheck.toml").write_text(
        f'database_url = "{w.db_url}"\n'
        f'evidence_dir = "{w.evidence_dir}"\n'
        f'claims_dir = "{w.claims_dir}"\n'
        'reports_dir = "out/reports"\n'
        "[report]\n"
        'language = "en"\n'
        'publisher = "Example Checks"\n'
        'base_url = "https://checks.example.org/"\n',
        encoding="utf-8",
    )
    return w


def test_report_writes_both_files(world: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    html = Path("out/reports/index.html")
    md = Path("out/reports/report.md")
    assert str(html) in out
    assert str(md) in out
    assert "report of run 2 (3 claims)" in out
    page = html.read_text(encoding="utf-8")
    assert 'id="claim-zgc-c002"' in page
    assert "<script>document.title" not in page
    # archived copy linked relative to the report folder
    assert 'href="../../evidence/bodies/' in page
    text = md.read_text(encoding="utf-8")
    assert "## Changes since run 1" in text
    assert "比杭州公司早两个月" in text


def test_report_to_folder_as_json(
    world: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--run", "1", "-o", str(tmp_path / "r1"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["run"] == 1
    assert payload["claims"] == 3
    assert Path(payload["html"]).is_file()


def test_unknown_run_exits_2(world: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--run", "42"]) == 2
    assert "no run 42" in capsys.readouterr().err
    assert main(["export", "--format", "xml"]) == 2


def test_export_claimreview_to_stdout(world: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "claimreview"]) == 0
    items = json.loads(capsys.readouterr().out)
    jsonschema.validate(items, SCHEMA)
    assert [i["identifier"] for i in items] == ["zgc-c002"], "only what a person reviewed"
    assert items[0]["reviewRating"]["alternateName"] == "Mixed"
    assert items[0]["reviewBody"] == "Depends on the year."
    assert main(["export", "--format", "claimreview", "--include-unreviewed"]) == 0
    items = json.loads(capsys.readouterr().out)
    jsonschema.validate(items, SCHEMA)
    by_id = {i["identifier"]: i for i in items}
    assert by_id["zgc-c002"]["reviewRating"]["alternateName"] == "Mixed"
    assert "creativeWorkStatus" not in by_id["zgc-c002"]
    assert by_id["zgc-c001"]["creativeWorkStatus"] == "automated"
    assert by_id["zgc-c001"]["url"] == "https://checks.example.org/#claim-zgc-c001"
    assert by_id["zgc-c001"]["publisher"]["name"] == "Example Checks"
    assert by_id["zgc-c001"]["itemReviewed"]["appearance"]["url"] == "https://example.org/zgc"


def test_export_csv_and_json_files(
    world: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "csv", "--run", "1", "-o", str(tmp_path / "x.csv")]) == 0
    assert "wrote csv export of run 1" in capsys.readouterr().out
    raw = (tmp_path / "x.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for spreadsheets"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted(r["claim_id"] for r in rows) == ["zgc-c001", "zgc-c002", "zgc-c009"]
    assert main(["export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["run"]["id"] == 2
    assert [c["claim_id"] for c in data["cards"]] == ["zgc-c002", "zgc-c001", "zgc-c003"]


def test_report_since_run(
    world: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--since-run", "2", "-o", str(tmp_path / "r"), "--json"]) == 0
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "Compared with run 2" in md
    assert main(["report", "--since-run", "7"]) == 2
    assert "--since-run: no run 7" in capsys.readouterr().err
