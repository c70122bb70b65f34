"""The web dashboard in a real headless browser: Debian's chromium driven by Selenium.

Needs the Debian packages `chromium` and `chromium-driver` and the `selenium` package (dev
extras); skips with a message when any is missing. The driver path is given explicitly so
Selenium Manager never runs (it would try to download a browser). The clock and snapshot
tests change the whole state, so they run on a server of their own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.server import CLIENT_SECRET, ServerProcess
from support.users import create_user

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = os.environ.get("ZOOMSTACK_SCREENSHOTS", "")
DASHBOARD = "/_zoomstack/dashboard"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[dev]')")
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            pytest.skip(
                f"{path} not found: apt-get install -y chromium chromium-driver ({package})"
            )
    profile = tempfile.mkdtemp(prefix="zs-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def own() -> Iterator[ServerProcess]:
    proc = ServerProcess.for_current_store().start()
    yield proc
    proc.stop()


def _open(driver: Any, url: str) -> None:
    """Navigate; a renderer that stalls on a loaded machine gets a second chance."""
    from selenium.common.exceptions import WebDriverException

    for attempt in range(3):
        try:
            driver.get(url)
            return
        except WebDriverException:
            if attempt == 2:
                raise


def _shot(driver: Any, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(SCREENSHOTS) / f"{name}.png"))


def _wait(driver: Any, check: Any, timeout: float = 30) -> Any:
    """Wait for `check(driver)`. Live regions are replaced on every refresh, so an element
    found a moment ago may be gone: the check finds what it needs each time, and a stale
    reference just means "not yet"."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(check)


def _clock_ms(driver: Any) -> int:
    from selenium.webdriver.common.by import By

    return int(driver.find_element(By.ID, "clock-now").get_attribute("data-now-ms"))


def test_advance_the_clock_from_the_overview(own: ServerProcess, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, own.base_url + DASHBOARD)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Overview"
    # Frozen, the clock moves by exactly what the buttons say.
    browser.find_element(By.ID, "freeze").click()
    _wait(browser, lambda d: d.find_element(By.ID, "unfreeze").is_displayed())
    before = _clock_ms(browser)
    _shot(browser, "dashboard-1-overview")
    browser.find_element(By.ID, "advance-hours").click()
    _wait(browser, lambda d: _clock_ms(d) == before + 3_600_000)
    assert "clock" in browser.find_element(By.ID, "flash").text
    with own.control() as c:
        assert c.get("/clock").json()["now_ms"] == before + 3_600_000
    # The shown time is the clock's.
    shown = browser.find_element(By.ID, "clock-now").text
    assert shown == httpx.get(own.base_url + "/_zoomstack/clock").json()["now"]
    browser.find_element(By.ID, "unfreeze").click()
    _wait(browser, lambda d: d.find_element(By.ID, "freeze").is_displayed())
    # Secrets stay masked until revealed.
    box = browser.find_element(By.ID, "dev-client-secret")
    value = box.find_element(By.CSS_SELECTOR, ".value")
    assert not value.is_displayed()
    browser.find_element(By.CSS_SELECTOR, '[data-reveal="dev-client-secret"]').click()
    assert value.is_displayed() and value.text == CLIENT_SECRET


def test_start_a_meeting_and_add_someone(
    server: ServerProcess, api: httpx.Client, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    host = create_user(api, first_name="Browser", last_name="Host")
    topic = f"Browser demo {uuid.uuid4().hex[:6]}"
    _open(browser, server.base_url + DASHBOARD + "/meetings")
    browser.find_element(By.ID, "new-topic").send_keys(topic)
    browser.find_element(By.ID, "new-host").send_keys(host["email"])
    browser.find_element(By.ID, "new-meeting").click()
    row = f"//table[@id='scheduled-table']//tr[td[contains(., '{topic}')]]"
    _wait(browser, lambda d: d.find_element(By.XPATH, row).is_displayed())
    _shot(browser, "dashboard-2-scheduled")
    browser.find_element(By.XPATH, row + "//button[text()='Start']").click()

    card = f"//div[contains(@class, 'live-meeting')][.//h3[contains(., '{topic}')]]"
    card_id = _wait(browser, lambda d: d.find_element(By.XPATH, card).get_attribute("id"))
    assert "live" in browser.find_element(By.XPATH, card + "//h3").text
    browser.find_element(By.ID, f"{card_id}-name").send_keys("Ada <Lovelace>")
    browser.find_element(By.ID, f"{card_id}-join").click()
    _wait(browser, lambda d: "Ada <Lovelace>" in d.find_element(By.ID, card_id).text)
    _shot(browser, "dashboard-3-live")
    number = browser.find_element(By.ID, card_id).get_attribute("data-meeting")
    with server.control() as c:
        state = c.get(f"/sim/meetings/{number}").json()
    assert state["status"] == "started"
    assert sorted(p["name"] for p in state["participants"]) == ["Ada <Lovelace>", "Browser Host"]

    browser.find_element(By.ID, f"{card_id}-end").click()
    _wait(browser, lambda d: topic in d.find_element(By.ID, "ended-table").text)
    assert not browser.find_elements(By.ID, card_id)


def _accept(driver: Any) -> None:
    from selenium.webdriver.support import expected_conditions

    _wait(driver, expected_conditions.alert_is_present()).accept()


def test_save_and_restore_a_snapshot(own: ServerProcess, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    name = f"browser-{uuid.uuid4().hex[:6]}"
    _open(browser, own.base_url + DASHBOARD + "/snapshots")
    browser.find_element(By.ID, "snapshot-name").send_keys(name)
    browser.find_element(By.ID, "snapshot-save").click()
    _wait(browser, lambda d: d.find_element(By.ID, f"restore-{name}").is_displayed())
    with own.api() as api:
        user = create_user(api, first_name="Ephemeral")
    browser.find_element(By.ID, f"restore-{name}").click()
    _accept(browser)  # the confirm
    _wait(browser, lambda d: "Restore: done" in d.find_element(By.ID, "flash").text)
    _shot(browser, "dashboard-4-snapshots")
    with own.api() as api:
        assert api.get(f"/users/{user['id']}").status_code == 404
    # Delete is a DELETE request (data-method), also confirmed first.
    browser.find_element(By.ID, f"delete-snapshot-{name}").click()
    _accept(browser)
    _wait(browser, lambda d: not d.find_elements(By.ID, f"restore-{name}"))
    with own.control() as c:
        assert name not in [s["name"] for s in c.get("/snapshots").json()["snapshots"]]
