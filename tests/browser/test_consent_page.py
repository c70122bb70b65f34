"""The OAuth consent page in a real headless browser: Debian's chromium driven by Selenium.

Needs the Debian packages `chromium` and `chromium-driver` and the `selenium` package (dev
extras); skips with a message when any is missing. The driver path is given explicitly so
Selenium Manager never runs (it would try to download a browser).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from support.auth import REDIRECT, create_app, exchange
from support.server import ServerProcess

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
OWNER_EMAIL = "owner@example.com"
OWNER_PASSWORD = "zoomstack"
SCREENSHOTS = os.environ.get("ZOOMSTACK_SCREENSHOTS", "")

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
        "--window-size=1000,900",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


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


def _app(server: ServerProcess) -> dict[str, Any]:
    # The browser lands on the server's own landing page: no traffic leaves loopback.
    return create_app(
        server,
        type="user",
        name="Browser Test App",
        scopes=["user:read", "meeting:read", "meeting:write"],
        redirect_uris=[server.base_url + "/", REDIRECT],
    )


def _authorize_url(server: ServerProcess, app: dict[str, Any], state: str) -> str:
    params = {
        "response_type": "code",
        "client_id": app["client_id"],
        "redirect_uri": server.base_url + "/",
        "state": state,
    }
    return f"{server.base_url}/oauth/authorize?{urlencode(params)}"


def _sign_in(driver: Any, email: str, password: str) -> None:
    """Submit the form and wait until the next document has loaded.

    The old page is tagged with a window property before the click; the wait ends when a
    document without it is complete. Checking the old button for staleness instead races
    with the navigation (Chrome may answer "Node ... does not belong to the document").
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.execute_script("window.__zsOldPage = true;")
    driver.find_element(By.ID, "signin").click()
    WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return !window.__zsOldPage && document.readyState === 'complete';"
        )
    )


def test_approve_in_a_browser(server: ServerProcess, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    app = _app(server)
    _open(browser, _authorize_url(server, app, "browser-state-1"))
    assert browser.find_element(By.ID, "app-name").text == "Browser Test App"
    _shot(browser, "1-sign-in")
    _sign_in(browser, OWNER_EMAIL, "wrong password")
    assert "Incorrect email or password." in browser.find_element(By.ID, "error").text
    browser.find_element(By.ID, "email").clear()
    _sign_in(browser, OWNER_EMAIL, OWNER_PASSWORD)
    scopes = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "li.scope")]
    assert scopes == ["user:read", "meeting:read", "meeting:write"]
    assert browser.find_element(By.ID, "user-email").text == OWNER_EMAIL
    _shot(browser, "2-consent")
    browser.find_element(By.ID, "allow").click()
    WebDriverWait(browser, 30).until(lambda d: "code=" in d.current_url)
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query["state"] == ["browser-state-1"]
    tokens = exchange(
        server, {**app, "redirect_uris": [server.base_url + "/"]}, query["code"][0]
    ).json()
    assert tokens["scope"] == "user:read meeting:read meeting:write"
    me = httpx.get(
        server.base_url + "/v2/users/me",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert me.status_code == 200 and me.json()["email"] == OWNER_EMAIL


def test_decline_in_a_browser(server: ServerProcess, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    app = _app(server)
    _open(browser, _authorize_url(server, app, "browser-state-2"))
    _sign_in(browser, OWNER_EMAIL, OWNER_PASSWORD)
    browser.find_element(By.ID, "deny").click()
    WebDriverWait(browser, 30).until(lambda d: "error=" in d.current_url)
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query == {"error": ["access_denied"], "state": ["browser-state-2"]}


def test_error_page_in_a_browser(server: ServerProcess, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    app = _app(server)
    params = {
        "response_type": "code",
        "client_id": app["client_id"],
        "redirect_uri": "https://not-registered.example.org/cb",
    }
    _open(browser, f"{server.base_url}/oauth/authorize?{urlencode(params)}")
    text = browser.find_element(By.ID, "error").text
    assert "Invalid redirect: https://not-registered.example.org/cb" in text
    assert "(4,709)" in text
    _shot(browser, "3-error")
