"""The seed article end to end through the CLI: extract → run (offline, made-up library) → report.

The browser half opens the written report in headless Chromium (skipped without it).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from factcheck.cli import main
from factcheck.store import Store

from .test_report_browser import driver  # noqa: F401  (the headless Chromium fixture)

HOSTILE = (
    "英特尔与AMD这对死对头能在融科资讯中心共处20年"
    "<script>window.__pwned = 1; document.title = 'pwned'</script>"
)


@pytest.fixture
def project(repo_root: Path, tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "seeds").mkdir()
    shutil.copy(repo_root / "seeds" / "zhongguancun-deepseek.zh.txt", tmp_path / "seeds")
    library = tmp_path / "library"
    shutil.copytree(repo_root / "bench" / "demo" / "library", library)
    (library / "hostile.md").write_text(
        "# 恶意文本（测试用，虚构）\n\nMADE-UP test document.\n\n" + HOSTILE + "\n",
        encoding="utf-8",
    )
    (tmp_path / "factcheck.toml").write_text(
        f'contact = "tests@factcheck.invalid"\ndatabase_url = "sqlite:///{tmp_path / "fc.db"}"\n'
        f'[fetchers]\nenabled = ["library"]\n[fetchers.library]\npath = "{library}"\n',
        encoding="utf-8",
    )
    codes = [
        main(["extract", "seeds/zhongguancun-deepseek.zh.txt", "-o",
              "claims/zhongguancun-deepseek.yaml"]),
        main(["claims", "validate"]),
    ]  # fmt: skip
    return {"root": tmp_path, "codes": codes}


def test_extract_run_report(project: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    root: Path = project["root"]
    assert project["codes"] == [0, 0]
    capsys.readouterr()
    assert main(["run", "--offline", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["status"] == "completed"
    assert summary["claims_total"] >= 30
    assert summary["counts"]["verified"] == summary["claims_total"]
    assert summary["labels"]["supported"] > 0
    assert summary["labels"]["refuted"] > 0
    assert main(["report", "-o", "reports"]) == 0
    html = (root / "reports" / "index.html").read_text(encoding="utf-8")
    md = (root / "reports" / "report.md").read_text(encoding="utf-8")
    for label, count in summary["labels"].items():
        assert re.search(rf'id="total-{label}"[^>]*>\s*{count}\s*<', html), label
    assert "<script>window.__pwned" not in html
    assert "<script>window.__pwned" not in md
    with Store.open(f"sqlite:///{root / 'fc.db'}") as store:
        verdicts = {v.claim_id: v for v in store.verdicts_for_run(summary["run_id"])}
    # the made-up library contradicts the article's 41 universities (it says 37)
    refuted = [v for v in verdicts.values() if "41所高等院校" in v.claim_text]
    assert [v.label for v in refuted] == ["refuted"]
    assert "37所高等院校" in refuted[0].rationale


@pytest.mark.browser
def test_seed_report_in_headless_chromium(
    project: dict[str, Any],
    driver: Any,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    from selenium.webdriver.common.by import By

    root: Path = project["root"]
    assert main(["run", "--offline", "--json"]) == 0
    assert main(["report", "-o", "reports"]) == 0
    capsys.readouterr()
    with Store.open(f"sqlite:///{root / 'fc.db'}") as store:
        run = store.latest_run()
        assert run is not None
        counts = store.label_counts(run.id)
        cited_hostile = any(
            "window.__pwned" in e.quote for v in store.verdicts_for_run(run.id) for e in v.evidence
        )
    driver.get((root / "reports" / "index.html").resolve().as_uri())
    for label, count in counts.items():
        assert driver.find_element(By.ID, f"total-{label}").text == str(count)
    cards = driver.find_elements(By.CSS_SELECTOR, "article.card")
    assert len(cards) == sum(counts.values())
    # hostile evidence text is inert: never executed, shown (when cited) as text
    assert driver.execute_script("return window.__pwned === undefined")
    assert driver.title != "pwned"
    assert "<script>window.__pwned" not in driver.page_source
    assert cited_hostile, "the hostile made-up page is quoted as evidence"
    assert "<script>window.__pwned = 1" in driver.find_element(By.TAG_NAME, "body").text
    driver.find_element(By.ID, "f-text").send_keys("高等院校")
    shown = [c for c in cards if c.is_displayed()]
    assert shown
    assert len(shown) < len(cards)
    assert all("高等院校" in c.text for c in shown)
