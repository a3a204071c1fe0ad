"""A browser that dies is launched again for the next test instead of failing all later ones."""

import os
import signal
import time
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def _descendants(pid):
    """Process ids below pid (children, grandchildren …), read from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _browser_process(pids):
    """The main Chromium process among pids: the one not started with --type=… (renderer, GPU …)."""
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"chrom" in Path(command[0].decode(errors="replace")).name.encode() and not any(arg.startswith(b"--type=") for arg in command):
            return pid
    return None


def test_a_killed_browser_is_relaunched_and_the_next_page_works(chromium, browser, live_server, small_book):
    page = browser.new_page()
    page.goto(live_server.url + reverse("book"))
    assert page.locator("h1").count() == 1

    victim = _browser_process(_descendants(os.getpid()))
    assert victim is not None, "Chromium-Prozess nicht gefunden"
    os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would
    deadline = time.monotonic() + 10
    while browser.is_connected() and time.monotonic() < deadline:
        try:
            page.title()  # lets Playwright notice the closed pipe
        except Exception:  # noqa: BLE001 (any error of the dead browser will do)
            pass
        time.sleep(0.1)
    assert not browser.is_connected()

    launches = chromium.launches
    again = chromium.alive()  # what the `browser` fixture of the next test does
    assert again is not browser and chromium.launches == launches + 1
    fresh = again.new_page()
    fresh.goto(live_server.url + reverse("book"))
    assert fresh.locator("h1").count() == 1
    fresh.close()
    assert chromium.alive() is again  # a living browser is kept
