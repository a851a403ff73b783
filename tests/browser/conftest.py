"""Browser fixtures: the real briefing, built once per session and served over HTTP on 127.0.0.1,
read in Debian's headless Chromium driven by Playwright (``playwright install`` cannot download
here, so the browser is always ``/usr/bin/chromium``).

Any request to a host other than the local server is recorded: tests assert the list stays empty
(no CDN, no web fonts, no analytics).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build import Paths, build

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output readable
        pass


@dataclass
class Served:
    """A built site folder and the URL it is served at (ends with '/')."""

    root: Path
    url: str
    foreign: list[str] = field(default_factory=list)  # requests to any other host

    def at(self, path: str) -> str:
        return self.url + path.lstrip("/")


def serve_folder(folder: Path):
    """Serve ``folder`` on a free port in a daemon thread; returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content/ built into a private site folder (the repository's site/ is untouched)."""
    base = tmp_path_factory.mktemp("browser-site")
    paths = Paths(build=base / "build", site=base / "site")
    build(paths)
    return paths.site


@pytest.fixture(scope="session")
def site(built_site: Path):
    server, url = serve_folder(built_site)
    yield Served(built_site, url)
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site: Served):
    """A fresh desktop-sized tab (1280 px) that records requests leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    site.foreign.clear()
    local = urlsplit(site.url).netloc

    def watch(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != local:
            site.foreign.append(request.url)

    tab.on("request", watch)
    yield tab
    context.close()


def save_screenshot(tab, name: str) -> Path:
    """Keep a screenshot under test-artifacts/screenshots/ for a human to look at."""
    target = ARTIFACTS / "screenshots" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(target), full_page=False)
    return target


def copy_site(site_root: Path, target: Path) -> Path:
    shutil.copytree(site_root, target)
    return target
