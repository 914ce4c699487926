"""`factcheck extract`: file, stdin, HTML from a loopback URL, merge on re-run, errors."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from factcheck.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seed(repo_root: Path, tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    dst = tmp_path / "seeds" / "zhongguancun-deepseek.zh.txt"
    shutil.copy(repo_root / "seeds" / "zhongguancun-deepseek.zh.txt", dst)
    return dst


def test_extract_seed_writes_valid_file_and_rerun_is_noop(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["extract", "seeds/zhongguancun-deepseek.zh.txt"], capsys)
    assert code == 0, err
    out = tmp_path / "claims" / "zhongguancun-deepseek.yaml"
    first = out.read_bytes()
    assert b"zhongguancun-deepseek-c001" in first
    code, _, err = run(["claims", "validate", "claims"], capsys)
    assert code == 0, err
    code, _, err = run(["extract", "seeds/zhongguancun-deepseek.zh.txt"], capsys)
    assert code == 0, err
    assert "0 new" in err
    assert out.read_bytes() == first


def test_extract_json_stdin_and_published(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "海淀区聚集了1.5万名人工智能学者，占到全国总量的30.6%，高居全国第一。今年还将增加。"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, err = run(
        ["extract", "-", "--id", "haidian", "--published", "2024-05-01", "--json", "-o", "x.yaml"],
        capsys,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["article"]["published"] == "2024-05-01"
    assert data["counts"]["claims"] == len(data["claims"])
    values = [q["value"] for c in data["claims"] for q in c.get("quantities", [])]
    assert 15000 in values
    assert 0.306 in values
    assert (tmp_path / "x.yaml").is_file()


def test_extract_html_from_loopback_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], httpserver: object
) -> None:
    html = (
        "<html><head><title>Jobs</title></head><body><article><h1>Jobs</h1>"
        "<p>The economy added 304,000 jobs in January, more than economists expected.</p>"
        "<p>Unemployment rose to 4.0 percent, according to the Labor Department.</p>"
        "</article></body></html>"
    )
    httpserver.expect_request("/news/jobs.html").respond_with_data(  # type: ignore[attr-defined]
        html, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)  # type: ignore[attr-defined]
    url = httpserver.url_for("/news/jobs.html")  # type: ignore[attr-defined]
    (tmp_path / "factcheck.toml").write_text(
        f'[http]\nallow_private = ["{url.split("/news/")[0]}"]\n', encoding="utf-8"
    )
    code, out, err = run(["extract", url, "--json", "--dry-run"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["article"]["id"] == "jobs"
    assert data["article"]["language"] == "en"
    assert any(q["value"] == 304000 for c in data["claims"] for q in c.get("quantities", []))
    assert not (tmp_path / "claims").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "missing.txt"], "no such file"),
        (
            ["extract", "seeds/zhongguancun-deepseek.zh.txt", "--published", "15/03/2025"],
            "ISO date",
        ),
        (["extract", "seeds/zhongguancun-deepseek.zh.txt", "--language", "fr"], "zh or en"),
        (
            ["extract", "seeds/zhongguancun-deepseek.zh.txt", "--id", "Not A Slug"],
            "not a valid article id",
        ),
    ],
)
def test_bad_input_exits_2(
    seed: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert message in err


def test_extract_json_prints_only(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--json without -o writes no claim file (issue 13, 7)."""
    code, out, err = run(["extract", "seeds/zhongguancun-deepseek.zh.txt", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["file"] is None
    assert data["claims"]
    assert not list(tmp_path.rglob("*.yaml")), "nothing written"
