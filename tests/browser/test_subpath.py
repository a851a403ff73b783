"""The site served under a project path, as GitHub Pages serves it (https://USER.github.io/REPO/).

The real briefing is built with ``SITE_URL=http://127.0.0.1:PORT/briefing/`` and served from a
folder whose ``briefing/`` holds the site, so nothing answers at ``/`` itself: a link, asset,
language switch or search result that forgot the sub-path fails here. One event also carries a
``former_ids`` entry, so the redirect from its old address is checked under the sub-path too.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from lxml import html

from generator.build import Paths, build
from tests.conftest import html_pages

from .conftest import (
    _DETAILS,
    _LISTS,
    KINDS,
    LANGUAGES,
    ROOT,
    save_screenshot,
    serve_folder,
    wait_for_answer,
)

pytestmark = pytest.mark.browser

PREFIX = "/briefing/"
BOX = "input[data-md-component=search-query]"
RESULT_LINK = ".md-search-result__list a.md-search-result__link"
ASSET_ATTRS = {"link": "href", "script": "src", "img": "src", "source": "src"}
CSS_URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")


class SubSite:
    def __init__(self, root: Path, origin: str, renamed: tuple[str, str]):
        self.root, self.origin, self.renamed = root, origin, renamed
        self.url = origin.rstrip("/") + PREFIX

    def at(self, path: str) -> str:
        return self.url + path.lstrip("/")


@pytest.fixture(scope="module")
def sub(tmp_path_factory):
    base = tmp_path_factory.mktemp("subpath")
    content = base / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("seeds"))
    event = sorted((content / "events").glob("*.yaml"))[0]
    old = "renamed-" + event.stem
    event.write_text(event.read_text("utf-8").rstrip("\n") + f"\nformer_ids: [{old}]\n", "utf-8")
    served = base / "www"
    served.mkdir()
    server, origin = serve_folder(served)
    saved = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = origin.rstrip("/") + PREFIX
    try:
        build(Paths(content=content, build=base / "build", site=served / PREFIX.strip("/")))
    finally:
        if saved is None:
            os.environ.pop("SITE_URL", None)
        else:
            os.environ["SITE_URL"] = saved
    yield SubSite(served / PREFIX.strip("/"), origin, (old, event.stem))
    server.shutdown()


def local(sub: SubSite, url: str) -> bool:
    return urlsplit(url).netloc == urlsplit(sub.origin).netloc


def test_every_page_and_asset_resolves_under_the_sub_path(sub):
    """Follow every link, stylesheet, script, image and font from both home pages and the 404s."""
    session = requests.Session()
    starts = [sub.url, sub.at("ar/"), sub.at("404.html"), sub.at("ar/404.html")]
    queue, seen, problems, pages = deque(starts), set(starts), [], 0
    while queue:
        url = queue.popleft()
        response = session.get(url, timeout=10)
        if response.status_code != 200:
            problems.append(f"{response.status_code} {url}")
            continue
        kind = response.headers.get("Content-Type", "")
        refs: list[tuple[str, bool]] = []  # (reference, must be on this host)
        if "text/html" in kind:
            pages += 1
            doc = html.fromstring(response.content)
            refs += [(h, False) for h in doc.xpath("//a/@href")]
            refs += [(v, True) for tag, attr in ASSET_ATTRS.items()
                     for v in doc.xpath(f"//{tag}/@{attr}")]
        elif "text/css" in kind:
            refs += [(v, True) for v in CSS_URL.findall(response.text)]
        for ref, asset in refs:
            if ref.startswith(("data:", "mailto:", "#", "javascript:")):
                continue
            target = urljoin(url, ref).split("#")[0]
            if not local(sub, target):
                if asset:
                    problems.append(f"{url}: asset from another host {target}")
                continue
            if not urlsplit(target).path.startswith(PREFIX):
                problems.append(f"{url}: {ref} leaves {PREFIX}")
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert problems == []
    assert pages >= len(html_pages(sub.root)), "some pages are reachable by no link"


@pytest.fixture
def tab(browser, sub):
    """A tab that records failed requests, error responses and requests outside the sub-path."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []

    def response(resp) -> None:
        if resp.status >= 400:
            page.problems.append(f"{resp.status} {resp.url}")

    def request(req) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in ("http", "https") and (
                not local(sub, req.url) or not parts.path.startswith(PREFIX)):
            page.problems.append(f"outside {PREFIX}: {req.url}")

    page.on("response", response)
    page.on("request", request)
    # A request the browser cancels because the test moved on to the next page (ERR_ABORTED) is
    # no fault of the site; a missing file is a 404 above, any other failure is recorded.
    page.on("requestfailed", lambda req: req.failure == "net::ERR_ABORTED"
            or page.problems.append(f"failed {req.url}: {req.failure}"))
    page.on("pageerror", lambda exc: page.problems.append(f"page error {exc}"))
    yield page
    context.close()


def switch_to(tab, lang: str) -> str:
    href = tab.locator(f'.md-select a[hreflang="{lang}"]').first.get_attribute("href")
    return tab.evaluate("href => new URL(href, location).href", href)


def kind_path(sub: SubSite, kind: str) -> str:
    """One page of ``kind`` under a language root (as the shared browser fixtures pick it)."""
    if kind in _LISTS:
        return _LISTS[kind]
    folder = _DETAILS[kind]
    return f"{folder}/{sorted(p.parent.name for p in (sub.root / folder).glob('*/index.html'))[0]}/"


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "404"])
def test_each_page_kind_loads_and_switches_language_under_the_sub_path(tab, sub, kind):
    """English page, its switch to Arabic followed, and the Arabic page's switch back."""
    path = kind_path(sub, kind)
    (first, first_folder), (second, second_folder) = list(LANGUAGES.items())[:2]
    tab.goto(sub.at(first_folder + path))
    assert tab.locator("html").get_attribute("lang") == first
    target = switch_to(tab, second)
    assert target == sub.at(second_folder + path), (kind, target)
    tab.goto(target)
    assert tab.locator("html").get_attribute("lang") == second
    assert switch_to(tab, first) == sub.at(first_folder + path)
    tab.wait_for_timeout(200)  # late requests (search worker, sitemap) are seen too
    assert tab.problems == []


def test_not_found_pages_link_home_under_the_sub_path(tab, sub):
    for lang, folder in LANGUAGES.items():
        tab.goto(sub.at(folder + "404.html"))
        home = tab.locator("article a:not([hreflang])").last.get_attribute("href")
        assert tab.evaluate("href => new URL(href, location).href", home) == sub.at(folder)
        # the same message in the other language leads to that language's home
        for other, there in LANGUAGES.items():
            if other != lang:
                link = tab.locator(f"article a[hreflang={other}]").get_attribute("href")
                assert tab.evaluate("href => new URL(href, location).href", link) == sub.at(there)
    assert tab.problems == []


@pytest.mark.parametrize("lang,query", [("en", "Gantz"), ("ar", "غانتس")])
def test_search_results_resolve_under_the_sub_path(tab, sub, lang, query):
    tab.goto(sub.at(LANGUAGES[lang]))
    tab.locator(BOX).click()
    tab.keyboard.type(query)
    tab.keyboard.press("End")  # Material reads the box on keyup
    wait_for_answer(tab, query)
    hrefs = tab.locator(RESULT_LINK).evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(sub.at(LANGUAGES[lang])) for h in hrefs), hrefs
    save_screenshot(tab, f"subpath-search-{lang}")
    for href in dict.fromkeys(h.split("?")[0].split("#")[0] for h in hrefs):
        assert requests.get(href, timeout=10).status_code == 200, href
    tab.locator(RESULT_LINK).first.click()
    tab.wait_for_load_state()
    assert tab.url.split("?")[0].split("#")[0] == hrefs[0].split("?")[0].split("#")[0]
    assert tab.problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_renamed_record_redirects_under_the_sub_path(tab, sub, lang):
    old, new = sub.renamed
    tab.goto(sub.at(f"{LANGUAGES[lang]}events/{old}/"))
    tab.wait_for_url(sub.at(f"{LANGUAGES[lang]}events/{new}/"), timeout=10_000)
    assert tab.locator("html").get_attribute("lang") == lang
    assert tab.problems == []
