"""Count the hostile cases per entry point and print the table (``pytest -s`` or the ``-rA`` report).

Acceptance of issue 7: at least 40 hostile inputs across every entry point. Run alone with
``pytest tests/hostile/test_count.py -s`` to see the table.
"""

from __future__ import annotations

import pytest

from . import (
    test_articles,
    test_claim_files,
    test_cli_arguments,
    test_http_responses,
    test_reports,
)

ENTRY_POINTS = {
    "claim files (claims validate + run)": len(test_claim_files.CASES),
    "articles and arguments (extract)": len(test_articles.CASES) + len(test_articles.ARG_CASES),
    "HTTP responses (run_claims, fetch, extract URL)": len(test_http_responses.CASES)
    + len(test_http_responses.JSON_CASES)
    + len(test_http_responses.XML_CASES)
    + len(test_http_responses.SSRF_SOURCES)
    + 1,  # JSON-LD nested too deep inside a page
    "evidence text in reports (report)": len(test_reports.CASES),
    "arguments, settings files, environment (every command)": len(test_cli_arguments.CASES),
}


def test_print_case_count(capsys: pytest.CaptureFixture[str]) -> None:
    total = sum(ENTRY_POINTS.values())
    width = max(map(len, ENTRY_POINTS))
    lines = [f"{name:<{width}}  {n:>3}" for name, n in ENTRY_POINTS.items()]
    lines.append(f"{'total':<{width}}  {total:>3}")
    with capsys.disabled():
        print("\nhostile inputs per entry point:\n" + "\n".join(lines))
    assert all(n >= 5 for n in ENTRY_POINTS.values()), ENTRY_POINTS
    assert total >= 40
