"""Exports: ClaimReview JSON-LD validated against a schema of the fields used, JSON, CSV, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import jsonschema
import pytest

from factcheck.config import ReportSettings
from factcheck.report.data import ReportData
from factcheck.report.exports import (
    CSV_COLUMNS,
    RATING_SCALE,
    claimreview_items,
    export_text,
    render_csv,
    write_export,
    write_report,
    write_text_atomic,
)

SCHEMA = json.loads(
    (Path(__file__).resolve().parent / "claimreview.schema.json").read_text(encoding="utf-8")
)


def _settings(**kw: object) -> ReportSettings:
    base: dict[str, object] = {
        "publisher": "Example Checks",
        "publisher_url": "https://checks.example.org",
        "author": "Night desk",
        "base_url": "https://checks.example.org/report/",
    }
    base.update(kw)
    return ReportSettings(**base)  # type: ignore[arg-type]


def test_claimreview_validates_against_schema(sample_report: ReportData) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    items = json.loads(export_text(sample_report, "claimreview", _settings()))
    jsonschema.validate(items, SCHEMA)
    assert len(items) == sum(1 for c in sample_report.cards if c.review is not None)
    everything = json.loads(
        export_text(sample_report, "claimreview", _settings(), include_unreviewed=True)
    )
    jsonschema.validate(everything, SCHEMA)
    assert len(everything) == len(sample_report.cards)


def test_claimreview_without_reviews_is_empty_by_default(sample_report: ReportData) -> None:
    unreviewed = sample_report.model_copy(
        update={"cards": [c.model_copy(update={"review": None}) for c in sample_report.cards]}
    )
    assert claimreview_items(unreviewed, _settings()) == []
    assert export_text(unreviewed, "claimreview", _settings()) == "[]\n"


def test_claimreview_with_a_review_carries_the_note_and_author(sample_report: ReportData) -> None:
    [item] = claimreview_items(sample_report, _settings())
    assert item["identifier"] == "zgc-c002"
    review = sample_report.cards[1].review
    assert review is not None
    assert item["reviewBody"] == review.note, "the reviewer's note, not the rationale"
    assert item["author"] == {
        "@type": "Organization",
        "name": "Night desk",
        "url": "https://checks.example.org",
    }
    assert item["reviewRating"]["alternateName"] == "Mixed"
    assert "creativeWorkStatus" not in item


def test_unreviewed_items_are_marked_automated_without_local_paths(
    sample_report: ReportData,
) -> None:
    card = sample_report.cards[0].model_copy(
        update={
            "rationale": "Supported (confidence 0.91). “quote” (library:ab12, "
            "file:///srv/factcheck/library/secret.txt)."
        }
    )
    data = sample_report.model_copy(update={"cards": [card]})
    [item] = claimreview_items(data, _settings(), include_unreviewed=True)
    assert item["creativeWorkStatus"] == "automated"
    assert item["reviewBody"].startswith("Automated verdict, not reviewed by a person.")
    assert "file://" not in item["reviewBody"]
    assert "(library:ab12)" in item["reviewBody"]
    jsonschema.validate([item], SCHEMA)


def test_claimreview_without_optional_settings_still_validates(sample_report: ReportData) -> None:
    items = json.loads(
        export_text(sample_report, "claimreview", ReportSettings(), include_unreviewed=True)
    )
    jsonschema.validate(items, SCHEMA)
    assert all("url" not in item for item in items)
    assert all("url" not in item["publisher"] for item in items)


def test_schema_rejects_a_wrong_rating(sample_report: ReportData) -> None:
    items = claimreview_items(sample_report, _settings(), include_unreviewed=True)
    items[0]["reviewRating"]["ratingValue"] = 4  # "True" must be 5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(items, SCHEMA)
    items = claimreview_items(sample_report, _settings(), include_unreviewed=True)
    unproven = next(i for i in items if i["reviewRating"]["alternateName"] == "Unproven")
    unproven["reviewRating"]["ratingValue"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(items, SCHEMA)


def test_claimreview_fields(sample_report: ReportData) -> None:
    items = {
        i["identifier"]: i
        for i in claimreview_items(sample_report, _settings(), include_unreviewed=True)
    }
    first = items["zgc-c001"]
    assert first["claimReviewed"] == "北京深度求索公司成立于2023年7月"
    assert first["datePublished"] == "2026-11-25"  # the run's finish date
    assert first["url"] == "https://checks.example.org/report/#claim-zgc-c001"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "True",
        "ratingValue": 5,
    }
    assert first["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://example.org/zgc",
        "headline": "中关村的一天",
        "identifier": "zgc",
        "datePublished": "2025-03-15",
    }
    assert first["author"] == {
        "@type": "Organization",
        "name": "Night desk",
        "url": "https://checks.example.org",
    }
    assert first["publisher"]["name"] == "Example Checks"
    # the human review (mixed) overrides the machine label (refuted) in the published rating
    assert items["zgc-c002"]["reviewRating"]["alternateName"] == "Mixed"
    assert items["zgc-c002"]["reviewRating"]["ratingValue"] == 3
    nee = items["zgc-c003"]["reviewRating"]
    assert nee["alternateName"] == "Unproven"
    assert "ratingValue" not in nee
    assert set(RATING_SCALE) == {"supported", "refuted", "mixed", "not_enough_evidence"}


def test_json_export_round_trips(sample_report: ReportData) -> None:
    text = export_text(sample_report, "json", ReportSettings())
    assert ReportData.model_validate_json(text) == sample_report


def test_csv_has_a_byte_order_mark_and_each_url_once(sample_report: ReportData) -> None:
    text = export_text(sample_report, "csv", ReportSettings())
    assert text.startswith("\ufeff")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbfrun_id,")
    card = sample_report.cards[0]
    repeated = card.evidence[0]
    doubled = card.model_copy(update={"evidence": [repeated] * 4})
    data = sample_report.model_copy(update={"cards": [doubled]})
    row = next(csv.DictReader(io.StringIO(render_csv(data))))
    assert row["evidence_urls"] == repeated.url
    assert row["evidence_count"] == "4"


def test_csv_rows_and_formula_guard(sample_report: ReportData) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(sample_report))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["claim_id"] for r in rows] == [c.claim_id for c in sample_report.cards]
    reviewed = next(r for r in rows if r["claim_id"] == "zgc-c002")
    assert reviewed["label"] == "mixed"
    assert reviewed["machine_label"] == "refuted"
    assert reviewed["review_by"] == "alice"
    assert reviewed["change"] == "flip"
    assert reviewed["previous_label"] == "supported"
    assert reviewed["confidence"] == "0.7400"
    moon = next(r for r in rows if r["claim_id"] == "moon-c001")
    assert moon["evidence_count"] == "2"
    assert moon["evidence_urls"].split() == [
        "https://en.wikipedia.org/wiki/Moon",
        "https://www.wikidata.org/wiki/Q405",
    ]
    hostile = sample_report.model_copy(
        update={
            "cards": [
                sample_report.cards[0].model_copy(update={"text": '=HYPERLINK("http://x")'}),
            ]
        }
    )
    row = next(csv.DictReader(io.StringIO(render_csv(hostile))))
    assert row["claim"] == '\'=HYPERLINK("http://x")'


def test_unknown_format_is_refused(sample_report: ReportData) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_text(sample_report, "xml", ReportSettings())


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out" / "x.json"
    write_text_atomic(target, "one")
    write_text_atomic(target, "two ✓")
    assert target.read_text(encoding="utf-8") == "two ✓"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.json"]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.csv"
    target.write_text("old", encoding="utf-8")

    def boom(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_write_report_links_evidence_relative_to_output(
    sample_report: ReportData, tmp_path: Path
) -> None:
    evidence = tmp_path / "evidence"
    out = tmp_path / "site" / "reports"
    html_path, md_path = write_report(sample_report, out, evidence_dir=evidence)
    assert (html_path.name, md_path.name) == ("index.html", "report.md")
    html = html_path.read_text(encoding="utf-8")
    assert 'href="../../evidence/bodies/a1/' in html
    assert "(<../../evidence/bodies/a1/" in md_path.read_text(encoding="utf-8")
    written = write_export(tmp_path / "cr.json", sample_report, "claimreview", ReportSettings())
    jsonschema.validate(json.loads(written.read_text(encoding="utf-8")), SCHEMA)
