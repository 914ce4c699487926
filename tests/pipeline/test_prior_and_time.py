"""Acceptance of issue 8 through the CLI, with sources served on loopback (all pages MADE UP):

* a seed claim whose source page embeds a matching schema.org ClaimReview shows the prior check in
  ``factcheck show`` and in the report (index.html and report.md);
* with ``verify.evidence_before_reference_date`` a page dated after the article is excluded, and the
  run records why (the verdict's rationale, stored with the run);
* the ``claimreview`` fetcher (Fact Check Tools, base URL on loopback, key from the environment)
  brings a prior review into the same run; its key is in no stored file;
* the report shows each quote's date and its source reliability.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.cli import main

# MADE UP: a fact-check page with ClaimReview JSON-LD (publisher, rating, date are fictitious)
REVIEW_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>核查：中关村第一家民营科技企业成立于1980年？</title>
<meta property="article:published_time" content="2021-05-02T08:00:00+08:00">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "ClaimReview",
 "url": "https://factcheck.example/zgc-1980-review",
 "claimReviewed": "中关村第一家民营科技企业成立于1980年",
 "datePublished": "2021-05-01",
 "author": {"@type": "Organization", "name": "示例核查中心"},
 "reviewRating": {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1,
                  "alternateName": "属实"}}
</script></head>
<body><article><h1>核查：中关村第一家民营科技企业成立于1980年？</h1>
<p>1980年10月23日，陈春先在中国科学院物理研究所成立了北京等离子体学会先进技术发展服务部，
这是中关村第一家民营科技机构。经核查，网传说法属实。</p></article></body></html>
"""

# MADE UP: a page published after the article (2025-03-15) that repeats the claim
LATE_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>回顾：中关村四十五年</title>
<meta property="article:published_time" content="2025-06-01T08:00:00+08:00"></head>
<body><article><h1>回顾：中关村四十五年</h1>
<p>中关村第一家民营科技企业成立于1980年，此后中关村成为中国的科技创新中心。</p>
<p>2025年6月，中关村举办了纪念活动。</p></article></body></html>
"""

# MADE UP: a claims:search answer in the documented shape
SEARCH_ANSWER = {
    "_comment": "MADE UP for tests: shape of Fact Check Tools claims:search.",
    "claims": [
        {
            "text": "海淀区有1.5万名人工智能学者",
            "claimant": "某网帖",
            "claimReview": [
                {
                    "publisher": {"name": "示例辟谣平台", "site": "piyao.example"},
                    "url": "https://piyao.example/haidian-ai",
                    "title": "海淀区人工智能学者数量核查",
                    "reviewDate": "2024-11-20T00:00:00Z",
                    "textualRating": "不实",
                    "languageCode": "zh",
                }
            ],
        },
        {
            "text": "火星上发现了长城",
            "claimReview": [
                {
                    "publisher": {"name": "无关"},
                    "url": "https://piyao.example/mars",
                    "reviewDate": "2024-01-01T00:00:00Z",
                    "textualRating": "False",
                }
            ],
        },
    ],
}


@dataclass
class Project:
    root: Path
    server: HTTPServer
    keys: list[str | None] = field(default_factory=list)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def project(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/review.html").respond_with_data(
        REVIEW_PAGE, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/late.html").respond_with_data(
        LATE_PAGE, content_type="text/html; charset=utf-8"
    )
    proj = Project(tmp_path, httpserver)

    def search(request: Request) -> Response:
        proj.keys.append(request.headers.get("X-Goog-Api-Key"))
        return Response(json.dumps(SEARCH_ANSWER), content_type="application/json")

    httpserver.expect_request("/v1alpha1/claims:search").respond_with_handler(search)
    claims = tmp_path / "claims"
    claims.mkdir()
    review, late = httpserver.url_for("/review.html"), httpserver.url_for("/late.html")
    (claims / "zgc.yaml").write_text(
        f"""\
article:
  id: zgc
  title: 中关村的故事
  published: 2025-03-15
  language: zh
claims:
  - id: zgc-c001
    text: 中关村第一家民营科技企业成立于1980年
    kind: date
    subject: 中关村第一家民营科技企业
    dates: [{{value: 1980, precision: year}}]
    sources: ["{review}", "{late}"]
  - id: zgc-c002
    text: 海淀区有1.5万名人工智能学者
    kind: quantity
    subject: 海淀区
    quantities: [{{value: 15000, unit: person}}]
""",
        encoding="utf-8",
    )
    base = httpserver.url_for("/").rstrip("/")
    (tmp_path / "factcheck.toml").write_text(
        f"""\
contact = "tests@factcheck.invalid"
database_url = "sqlite:///{(tmp_path / "fc.db").as_posix()}"
evidence_dir = "{(tmp_path / "evidence").as_posix()}"
claims_dir = "{claims.as_posix()}"
reports_dir = "{(tmp_path / "reports").as_posix()}"

[http]
allow_private = ["{base}"]
per_host_rate = 1000.0

[fetchers]
enabled = ["web", "claimreview"]

[fetchers.claimreview]
base_url = "{base}/v1alpha1/claims:search"

[verify]
evidence_before_reference_date = true
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("FACTCHECK_FETCHERS__CLAIMREVIEW__API_KEY", "secret-test-key")
    monkeypatch.setenv("COLUMNS", "2000")  # `show` prints through rich: no wrapping
    monkeypatch.chdir(tmp_path)
    return proj


def test_prior_check_and_reference_date_through_the_cli(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, server = project.root, project.server
    config = str(root / "factcheck.toml")
    code, out = _cli(capsys, "--config", config, "run", "--json")
    assert code == 0, out
    summary = json.loads(out)
    assert summary["counts"]["verified"] == 2
    assert summary["counts"]["excluded_after_reference_date"] == 1  # counted on the run too
    assert "claimreview" not in summary["disabled_fetchers"]

    # factcheck show: the prior check from the page's JSON-LD, and why the late page was left out
    code, out = _cli(capsys, "--config", config, "show", "zgc-c001")
    assert code == 0
    out = " ".join(out.split())
    assert "Previously checked by 示例核查中心 on 2021-05-01: 属实." in out
    late = server.url_for("/late.html")
    assert (
        "1 document published after the reference date 2025-03-15 was excluded: "
        f"{late} (2025-06-01)." in out
    )
    code, out = _cli(capsys, "--config", config, "show", "zgc-c001", "--json")
    shown = json.loads(out)
    assert shown["label"] == "supported"
    assert shown["evidence"][0]["url"] == "https://factcheck.example/zgc-1980-review"
    assert shown["evidence"][0]["source"] == "prior:web"
    assert all(e["url"] != late for e in shown["evidence"])

    # the claimreview fetcher's review (the unrelated one is filtered out by similarity)
    code, out = _cli(capsys, "--config", config, "show", "zgc-c002", "--json")
    other = json.loads(out)
    assert other["label"] == "refuted"
    assert "Previously checked by 示例辟谣平台 on 2024-11-20: 不实." in other["rationale"]
    assert [e["url"] for e in other["evidence"] if e["source"] == "prior:claimreview"] == [
        "https://piyao.example/haidian-ai"
    ]
    assert "piyao.example/mars" not in out

    # the report: the prior check, each quote's date and reliability, in both formats
    code, out = _cli(
        capsys, "--config", config, "report", "--lang", "en", "-o", str(root / "out"), "--json"
    )
    assert code == 0, out
    html = (root / "out" / "index.html").read_text(encoding="utf-8")
    md = (root / "out" / "report.md").read_text(encoding="utf-8")
    for text in (html, md):
        assert "Previously checked by 示例核查中心 on 2021-05-01: 属实." in text
        assert "Previously checked by 示例辟谣平台 on 2024-11-20: 不实." in text
        assert "2021-05-01" in text
        assert "excluded" in text
        assert "reliability 0.50" in text  # unrated domains get the table's default

    # the API key went in a header only: it is in no stored file
    assert project.keys
    assert set(project.keys) == {"secret-test-key"}
    stored = [p for p in (root / "evidence").rglob("*") if p.is_file()]
    assert stored
    for p in [*stored, root / "fc.db"]:
        assert b"secret-test-key" not in p.read_bytes(), p

    # the same evidence under the same settings is carried over; under another evidence policy the
    # claims are verified again (the late page is then evidence, and nothing is excluded)
    code, out = _cli(capsys, "--config", config, "run", "--json")
    assert json.loads(out)["counts"]["carried_over"] == 2
    monkeypatch.setenv("FACTCHECK_VERIFY__EVIDENCE_BEFORE_REFERENCE_DATE", "false")
    code, out = _cli(capsys, "--config", config, "run", "--json")
    counts = json.loads(out)["counts"]
    assert counts["verified"] == 2
    assert "excluded_after_reference_date" not in counts
    code, out = _cli(capsys, "--config", config, "show", "zgc-c001", "--json")
    assert late in [e["url"] for e in json.loads(out)["evidence"]]
    assert "excluded" not in json.loads(out)["rationale"]
