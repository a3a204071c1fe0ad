"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Screenshots for a person to look at; tests/run_suites.sh gives each database run a folder of its
# own (TEST_ARTIFACTS), so the runs side by side do not write over each other.
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts")
ARTIFACTS.mkdir(parents=True, exist_ok=True)
# Flags that keep Chromium from reaching for the network it does not have here.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"kein Chromium unter {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _transactional(transactional_db):
    """Browser tests talk to a live server in another thread: their data must be committed.

    The flush after each test empties the roles too; post_migrate brings them back."""


class Chromium:
    """One Chromium for the whole session of a test process, launched again when it died.

    On a loaded machine Chromium can crash or be killed; without a new one every later
    browser test would error and hide what else went wrong."""

    def __init__(self, playwright):
        self.playwright = playwright
        self.current = None
        self.launches = 0

    def alive(self):
        """The running browser, or a new one if the last one is gone."""
        if self.current is not None and self._answers():
            return self.current
        self.current = self.playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                       args=CHROMIUM_ARGS)
        self.launches += 1
        return self.current

    def _answers(self):
        from playwright.sync_api import Error

        if not self.current.is_connected():
            return False
        try:  # a crash is only noticed on the next call over the pipe
            self.current.new_context().close()
        except Error:
            return False
        return True

    def close(self):
        if self.current is not None and self.current.is_connected():
            self.current.close()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = Chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def browser(chromium):
    return chromium.alive()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sideways_overflow(page) -> int:
    """CSS pixels by which the page is wider than the screen (0 or less: it fits).

    Measured against the width the viewport meta sets (documentElement.clientWidth), not
    window.innerWidth: a mobile browser widens its layout viewport to content that sticks out,
    so innerWidth grows with the overflow and hid it (the search tabs on a phone)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
