"""CSV export (issue 14): a CR or LF inside a cell stays inside its quoted cell; formulas stay
prefixed. ``csv.writer(lineterminator="\\n")`` left a lone CR unquoted, so a note holding
``\\r=cmd|...`` ended the row early and started the next one with a live formula."""

from __future__ import annotations

import csv
import io

import pytest

from factcheck.report.data import ReportData, ReviewInfo
from factcheck.report.exports import CSV_COLUMNS, render_csv

PAYLOAD = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n", "\r\r"], ids=["cr", "lf", "crlf", "cr-cr"])
def test_line_breaks_stay_inside_their_cell(sample_report: ReportData, brk: str) -> None:
    card = sample_report.cards[0]
    review = ReviewInfo.model_validate(
        {**(card.review.model_dump() if card.review else {"label": "supported"}),
         "note": f"fine{brk}{PAYLOAD}", "by": f"ann{brk}{PAYLOAD}"}
    )  # fmt: skip
    hostile = sample_report.model_copy(
        update={
            "cards": [
                card.model_copy(update={"text": f"claim{brk}{PAYLOAD}", "review": review}),
                *sample_report.cards[1:],
            ]
        }
    )
    text = render_csv(hostile)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert len(rows) == 1 + len(hostile.cards), rows
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    row = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert row["claim"] == f"claim{brk}{PAYLOAD}"
    assert row["review_note"] == f"fine{brk}{PAYLOAD}"
    assert row["review_by"] == f"ann{brk}{PAYLOAD}"
    # the break is inside a quoted cell: the payload never starts a record or a cell
    assert f'"fine{brk}{PAYLOAD}"' in text


def test_formula_prefix_is_kept(sample_report: ReportData) -> None:
    card = sample_report.cards[0].model_copy(update={"text": PAYLOAD})
    rows = list(csv.DictReader(io.StringIO(render_csv(
        sample_report.model_copy(update={"cards": [card]})).lstrip("\ufeff"))))  # fmt: skip
    assert rows[0]["claim"] == "'" + PAYLOAD
