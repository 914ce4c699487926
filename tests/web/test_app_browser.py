"""The review app in real headless Chromium (selenium): log in, the queue's order, an override with a
note, the audit trail, a second session, forged posts, a visitor, hostile evidence, 360 px, zh/en.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); skipped otherwise.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, LiveServer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Callable[[], Any]]:
    """A factory of independent browser sessions (each its own profile: its own cookies)."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(
            f"headless browser test needs {CHROMIUM} and {CHROMEDRIVER} "
            "(Debian: apt-get install chromium chromium-driver)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    drivers: list[Any] = []

    def start() -> Any:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        profile = tmp_path / f"profile-{len(drivers)}"
        for flag in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,1200",
            "--lang=en-US",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(
            executable_path=str(CHROMEDRIVER),
            log_output=str(tmp_path / f"driver-{len(drivers)}.log"),
        )
        drv = webdriver.Chrome(service=service, options=options)
        # a form submission returns before the next page is there: look for elements a while
        drv.implicitly_wait(10)
        drivers.append(drv)
        return drv

    try:
        yield start
    finally:
        for drv in drivers:
            drv.quit()
        for path in tmp_path.glob("profile-*"):
            shutil.rmtree(path, ignore_errors=True)


def _login(driver: Any, live: LiveServer, name: str = "ana") -> None:
    from selenium.webdriver.common.by import By

    driver.get(live.url + "/login")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    assert driver.find_element(By.ID, "who").text.startswith(name)


def _queue_ids(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        (el.get_attribute("id") or "")[2:]
        for el in driver.find_elements(By.CSS_SELECTOR, "#queue > li")
    ]


def _fits(driver: Any) -> bool:
    width = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    return bool(width <= inner)


def test_review_flow_in_two_browsers(browser: Callable[[], Any], live: LiveServer) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    ana = browser()
    _login(ana, live)
    # the queue: refuted and needs-review claims first
    ids = _queue_ids(ana)
    assert ids[:2] == ["zgc-c001", "zgc-c002"]
    first = ana.find_element(By.ID, "q-zgc-c001")
    assert "Refuted" in first.text
    assert "Unverified" in ana.find_element(By.ID, "q-zgc-c002").text

    # override a verdict with a note
    first.find_element(By.CSS_SELECTOR, "a.qtext").click()
    form = ana.find_element(By.ID, "form-override")
    Select(form.find_element(By.NAME, "label")).select_by_value("supported")
    form.find_element(By.NAME, "note").send_keys(
        "The registry gives July 2023; the source is wrong."
    )
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "Your change was saved." in ana.find_element(By.ID, "flash").text
    assert "Human review: Supported" in ana.find_element(By.ID, "review").text
    events = ana.find_element(By.ID, "events").text
    assert "ana" in events
    assert "override" in events

    # the audit trail shows it
    ana.find_element(By.LINK_TEXT, "Audit trail").click()
    audit = ana.find_element(By.ID, "audit").text
    assert "The registry gives July 2023; the source is wrong." in audit
    assert "zgc-c001" in audit

    # a second browser session (another person) sees it
    bo = browser()
    _login(bo, live, "bo")
    bo.get(live.url + "/claims/zgc-c001")
    assert (
        "The registry gives July 2023; the source is wrong."
        in bo.find_element(By.ID, "review").text
    )
    bo.get(live.url + "/")
    assert bo.find_element(By.ID, "q-zgc-c001").get_attribute("data-reason") == "reviewed"
    assert _queue_ids(bo)[0] == "zgc-c002"

    # a stale page: bo acts on what ana changed since → refused and explained
    bo.get(live.url + "/claims/zgc-c003")
    ana.get(live.url + "/claims/zgc-c003")
    ana.find_element(By.CSS_SELECTOR, "#form-approve button").click()
    assert "Your change was saved." in ana.find_element(By.ID, "flash").text
    bo.find_element(By.CSS_SELECTOR, "#form-approve button").click()
    assert "Someone else changed this claim" in bo.find_element(By.ID, "conflict").text
    assert [e.actor for e in live.store.review_events("zgc-c003")] == ["ana"]


def test_forged_posts_are_refused(
    browser: Callable[[], Any], live: LiveServer, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    driver = browser()
    _login(driver, live)
    # same origin, a form without the token (selenium injects it: the page's CSP allows no script,
    # and blocks fetch() as well)
    driver.execute_script(
        """
        const f = document.createElement("form");
        f.method = "post"; f.action = "/claims/zgc-c001";
        for (const [k, v] of [["action", "approve"], ["version", "0"]]) {
          const i = document.createElement("input"); i.name = k; i.value = v; f.appendChild(i);
        }
        document.body.appendChild(f); f.submit();
        """
    )
    assert "Your session expired or the form is stale" in driver.find_element(By.ID, "error").text
    # another site posting a form to the app: SameSite keeps the session cookie home
    attacker = tmp_path / "attacker.html"
    attacker.write_text(
        f'<form id="f" method="post" action="{live.url}/claims/zgc-c001">'
        '<input name="action" value="approve"><input name="version" value="0"></form>'
        '<script>document.getElementById("f").submit()</script>',
        encoding="utf-8",
    )
    driver.get(attacker.as_uri())
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(lambda d: d.current_url.startswith(live.url))
    assert driver.find_element(By.ID, "error").text == "Forbidden"
    assert live.store.review_events() == []


def test_a_visitor_sees_nothing(browser: Callable[[], Any], live: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    driver = browser()
    for path in ("/", "/claims/zgc-c001", "/audit", "/articles/zgc", "/runs"):
        driver.get(live.url + path)
        assert driver.current_url.startswith(live.url + "/login")
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "北京深度求索公司" not in body
        assert "Refuted" not in body
        assert 'id="queue"' not in driver.page_source


def test_hostile_evidence_stays_inert(browser: Callable[[], Any], live: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    driver = browser()
    _login(driver, live)
    for path in ("/claims/zgc-c001", "/claims/zgc-c001/evidence/0"):
        driver.get(live.url + path)
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        assert "PWNED" not in driver.title
        assert driver.execute_script("return document.scripts.length") == 0
        assert driver.execute_script("return document.images.length") == 0
        links = [a.get_attribute("href") or "" for a in driver.find_elements(By.TAG_NAME, "a")]
        assert not [h for h in links if h.lower().startswith("javascript:")]
    doc = driver.find_element(By.ID, "doc").text
    assert "<script>window.__pwned=4</script> is shown as text." in doc
    assert driver.find_element(By.ID, "quote").text.startswith("Registry: the company")
    driver.get(live.url + "/claims/zgc-c001")
    quotes = [q.text for q in driver.find_elements(By.CSS_SELECTOR, "#evidence q")]
    assert "<script>window.__pwned=6</script>" in quotes
    severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_pages_fit_360_px_in_both_languages(browser: Callable[[], Any], live: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    driver = browser()
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )
    driver.get(live.url + "/login")
    assert driver.execute_script("return window.innerWidth") == 360
    assert _fits(driver), "login page"
    _login(driver, live)
    for lang in ("en", "zh"):
        for path in (
            f"/?lang={lang}",
            "/claims/zgc-c001",
            "/claims/zgc-c001/evidence/0",
            "/articles/zgc",
            "/audit",
            "/runs",
        ):
            driver.get(live.url + path)
            assert _fits(driver), f"{path} is wider than 360 px"
    driver.get(live.url + "/?lang=zh")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert driver.find_element(By.LINK_TEXT, "队列")
    assert "不实" in driver.find_element(By.ID, "q-zgc-c001").text
    assert "未核实" in driver.find_element(By.ID, "q-zgc-c002").text
    font = driver.execute_script("return getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in font
    driver.get(live.url + "/?lang=en")
    assert driver.find_element(By.LINK_TEXT, "Queue")
    assert "Refuted" in driver.find_element(By.ID, "q-zgc-c001").text
