"""Open the written index.html from file:// in headless Chromium: counts, filter, a card, no script runs.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); skipped otherwise.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.report.data import ReportData
from factcheck.report.exports import write_report

from .conftest import HOSTILE_QUOTE

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[Any]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(
            f"headless browser test needs {CHROMIUM} and {CHROMEDRIVER} "
            "(Debian: apt-get install chromium chromium-driver)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path / "chromium-profile"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(tmp_path / "driver.log"))
    drv = webdriver.Chrome(service=service, options=options)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _visible_cards(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        card.get_attribute("id")
        for card in driver.find_elements(By.CSS_SELECTOR, "article.card")
        if card.is_displayed()
    ]


def test_report_in_headless_chromium(
    driver: Any, sample_report: ReportData, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    html_path, _ = write_report(
        sample_report, tmp_path / "reports", evidence_dir=tmp_path / "evidence"
    )
    driver.get(html_path.resolve().as_uri())

    # the hostile evidence never ran: title untouched, no flag set by script, onerror or link
    assert driver.title == "Fact-check report — run 12"
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.scripts.length") == 1
    assert driver.execute_script("return document.images.length") == 0
    # ... and it is shown as text in its card
    card = driver.find_element(By.ID, "claim-zgc-c002")
    quote = card.find_element(By.CSS_SELECTOR, "ol.evidence q")
    assert quote.get_attribute("textContent") == HOSTILE_QUOTE
    assert "<script>document.title='PWNED';window.__pwned=1</script>" in quote.text
    # nothing was even attempted: the CSP would have logged a refused inline script or handler
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []

    # counts
    for label, count in sample_report.totals.items():
        assert driver.find_element(By.ID, f"total-{label}").text == str(count)
    shown = driver.find_element(By.ID, "f-shown")
    assert shown.text == "5 of 5 claims shown"
    assert len(_visible_cards(driver)) == 5

    # a claim card: claim, sentence, verdict, confidence, review, evidence links, history
    first = driver.find_element(By.ID, "claim-zgc-c001")
    text = first.text
    assert "北京深度求索公司成立于2023年7月" in text
    assert "0.91" in text
    assert "carried over" in text
    assert "#11 Supported 0.90" in text
    archived = first.find_element(By.LINK_TEXT, "archived copy")
    assert archived.get_attribute("href").startswith(html_path.parent.parent.resolve().as_uri())
    review = card.find_element(By.CLASS_NAME, "review").text
    assert "Human review: Mixed" in review
    assert "overrides the machine label Refuted" in review

    # free-text filter hides non-matching cards
    box = driver.find_element(By.ID, "f-text")
    box.send_keys("moon")
    assert _visible_cards(driver) == ["claim-moon-c001", "claim-moon-c002"]
    assert shown.text == "2 of 5 claims shown"
    box.send_keys(" atmosphere")
    assert _visible_cards(driver) == ["claim-moon-c002"]
    box.clear()
    box.send_keys("no-such-claim-anywhere")
    assert _visible_cards(driver) == []
    assert driver.find_element(By.ID, "f-empty").is_displayed()

    # label, kind and article filters (the review's label is what filters)
    driver.find_element(By.ID, "f-reset").click()
    assert len(_visible_cards(driver)) == 5
    Select(driver.find_element(By.ID, "f-label")).select_by_value("mixed")
    assert _visible_cards(driver) == ["claim-zgc-c002", "claim-moon-c002"]
    Select(driver.find_element(By.ID, "f-article")).select_by_value("moon")
    assert _visible_cards(driver) == ["claim-moon-c002"]
    driver.find_element(By.ID, "f-reset").click()
    Select(driver.find_element(By.ID, "f-kind")).select_by_value("quantity")
    assert _visible_cards(driver) == ["claim-zgc-c002", "claim-moon-c001"]
    assert shown.text == "2 of 5 claims shown"
    # clicking a label total filters by it
    driver.find_element(By.ID, "f-reset").click()
    driver.find_element(By.ID, "total-supported").click()
    assert _visible_cards(driver) == ["claim-zgc-c001", "claim-moon-c001"]
    assert driver.execute_script("return typeof window.__pwned") == "undefined"


def test_cli_report_from_a_real_store(driver: Any, tmp_path: Path) -> None:
    """`factcheck report` on a SQLite store: the page shows the store's counts and flip, safely."""
    from selenium.webdriver.common.by import By

    from factcheck.cli import main

    from .conftest import populate_store

    world = populate_store(tmp_path)
    (tmp_path / "factcheck.toml").write_text(
        f'database_url = "{world.db_url}"\nevidence_dir = "{world.evidence_dir}"\n'
        f'claims_dir = "{world.claims_dir}"\n',
        encoding="utf-8",
    )
    assert main(["report", "-o", str(tmp_path / "reports")]) == 0
    page = tmp_path / "reports" / "index.html"
    driver.get(page.resolve().as_uri())
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    # the articles are in Chinese and report.language is "auto": the report is in Chinese
    assert driver.title.startswith("事实核查报告 — 第 2 次")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert "人工结论：部分属实" in driver.find_element(By.CSS_SELECTOR, "#claim-zgc-c002").text
    totals = {
        label: driver.find_element(By.ID, f"total-{label}").text
        for label in ("supported", "refuted", "mixed", "not_enough_evidence")
    }
    assert totals == {"supported": "1", "refuted": "0", "mixed": "1", "not_enough_evidence": "1"}
    flips = driver.find_element(By.CSS_SELECTOR, "table.changes-flip").text
    assert "zgc-c002" in flips
    quote = driver.find_element(By.CSS_SELECTOR, "#claim-zgc-c002 ol.evidence q")
    assert quote.get_attribute("textContent") == HOSTILE_QUOTE
    # the archived copy opens from file:// (relative link into evidence/bodies/)
    link = driver.find_element(By.CSS_SELECTOR, "#claim-zgc-c001 a[href*='bodies/']")
    link.click()
    assert "2023年7月17日" in driver.page_source


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_fits_narrow_screens(
    driver: Any, sample_report: ReportData, tmp_path: Path, lang: str
) -> None:
    """At 360 and 420 px the page has no horizontal scrolling; refuted and mixed come first."""
    from factcheck.report.data import order_cards

    data = sample_report.model_copy(
        update={"language": lang, "cards": order_cards(sample_report.cards, sample_report.changes)}
    )
    html_path, _ = write_report(data, tmp_path / "reports", evidence_dir=tmp_path / "evidence")
    for width in (360, 420):
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 800, "deviceScaleFactor": 2, "mobile": True},
        )
        driver.get(html_path.resolve().as_uri())
        assert driver.execute_script("return window.innerWidth") == width
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= width, f"{lang}: {scroll} px wide at {width} px"
    ids = [_id for _id in _visible_cards(driver)]
    statuses = driver.execute_script(
        "return Array.from(document.querySelectorAll('article.card')).map(c => c.dataset.status)"
    )
    assert statuses[: statuses.count("refuted") + statuses.count("mixed")] == sorted(
        [s for s in statuses if s in ("refuted", "mixed")], key=["refuted", "mixed"].index
    )
    assert ids
    font = driver.execute_script("return getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in font
    assert "PingFang SC" in font
    html_lang = driver.find_element("tag name", "html").get_attribute("lang")
    assert html_lang == ("zh-CN" if lang == "zh" else "en")
    if lang == "zh":
        assert "事实核查报告" in driver.title
        assert "声明" in driver.find_element("id", "f-shown").text
