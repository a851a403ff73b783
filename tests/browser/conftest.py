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


def save_screenshot(tab, name: str, full_page: bool = False) -> Path:
    """Keep a screenshot under test-artifacts/screenshots/ for a human to look at."""
    target = ARTIFACTS / "screenshots" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(target), full_page=full_page)
    return target


# The top search result, shown, and naming the word (any case).
_TOP_RESULT_SHOWS = """word => {
  const top = document.querySelector('.md-search-result__item a.md-search-result__link');
  return !!top && top.checkVisibility()
    && top.textContent.toLowerCase().includes(word.toLowerCase());
}"""


def wait_for_answer(tab, word: str, timeout: float = 20_000) -> None:
    """Wait, as a reader does, until the top search result names the word typed. Material
    answers every keyup, so the list shown first may be the answer to the first letters ("El"
    for "Elbit"): reading or following it then tests the wrong query."""
    tab.wait_for_function(_TOP_RESULT_SHOWS, arg=word, timeout=timeout)


def copy_site(site_root: Path, target: Path) -> Path:
    shutil.copytree(site_root, target)
    return target


# One page of every kind, in every language --------------------------------------------------

LANGUAGES = {"en": "", "ar": "ar/"}  # language -> folder of the built site (English at /)
KINDS = (
    "home", "page", "timeline", "event", "actors", "actor", "agreements", "agreement",
    "areas", "area", "sources", "source", "404",
)  # fmt: skip
_LISTS = {
    "home": "", "page": "methodology/", "timeline": "timeline/", "actors": "actors/",
    "agreements": "agreements/", "areas": "areas/", "sources": "sources/", "404": "404.html",
}  # fmt: skip
_DETAILS = {
    "event": "events", "actor": "actors", "agreement": "agreements", "area": "areas",
    "source": "sources",
}  # fmt: skip
PAGES = [(lang, kind) for lang in LANGUAGES for kind in KINDS]


@pytest.fixture(scope="session")
def kind_paths(built_site: Path) -> dict[str, str]:
    """Kind -> path of one page of that kind under a language root (the first record by slug)."""
    paths = dict(_LISTS)
    for kind, folder in _DETAILS.items():
        slugs = sorted(p.parent.name for p in (built_site / folder).glob("*/index.html"))
        assert slugs, f"the built site has no {kind} page under {folder}/"
        paths[kind] = f"{folder}/{slugs[0]}/"
    return paths


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser bundle, installed from the npm registry by `npm ci` (see Makefile)."""
    bundle = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
    if not bundle.exists():
        pytest.fail(f"{bundle} is missing: run `npm ci` in tests/browser (make test does)")
    return bundle.read_text(encoding="utf-8")


@dataclass
class Reader:
    """A tab at one viewport width and what it saw: console errors, failed and foreign requests."""

    page: object
    site: Served
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def open(self, lang: str, path: str) -> None:
        self.page.goto(self.site.at(LANGUAGES[lang] + path), wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def still(self) -> None:
        """No transitions or animations, so a style read right after a key press is final
        (needs a tab opened with ``inject=True``)."""
        self.page.add_style_tag(
            content="*,*::before,*::after{transition:none!important;animation:none!important}"
        )


@pytest.fixture
def reader(browser, site: Served):
    """Factory: ``reader(375)`` opens a fresh tab of that width that records what goes wrong
    (``inject=True``: the test may add scripts and styles of its own to the page)."""
    contexts = []
    local = urlsplit(site.url).netloc

    def make(width: int = 1280, height: int = 900, inject: bool = False) -> Reader:
        # inject: let the test add its own script or style (axe-core, no transitions) past the
        # site's Content-Security-Policy; tabs that only read keep the policy in force.
        context = browser.new_context(
            viewport={"width": width, "height": height}, bypass_csp=inject
        )
        contexts.append(context)
        tab = Reader(context.new_page(), site)

        def on_request(request) -> None:
            parts = urlsplit(request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != local:
                tab.foreign.append(request.url)

        def on_response(response) -> None:
            if response.status >= 400:
                tab.failed.append(f"{response.status} {response.url}")

        tab.page.on("request", on_request)
        tab.page.on("response", on_response)
        tab.page.on("requestfailed", lambda r: tab.failed.append(f"{r.failure} {r.url}"))
        tab.page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
        tab.page.on("pageerror", lambda e: tab.errors.append(str(e)))
        return tab

    yield make
    for context in contexts:
        context.close()
