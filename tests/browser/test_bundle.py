"""The offline copy as a reader gets it: `make bundle`'s zip, unzipped and opened from disk.

Chromium opens ``index.html`` by a ``file://`` address, with no server: pages, links, the
language switch, the Arabic typeface and search must all work, with no failed request, no
console error and no request to any network host.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html

from .conftest import ROOT, save_screenshot, wait_for_answer

pytestmark = pytest.mark.browser

BOX = "input[data-md-component=search-query]"
RESULT_LINK = ".md-search-result__list a.md-search-result__link"


@pytest.fixture(scope="module")
def bundle_zip(tmp_path_factory) -> Path:
    """`make bundle`'s command, run as `make` runs it (its own process, from the root)."""
    out = tmp_path_factory.mktemp("dist") / "briefing-offline.zip"
    done = subprocess.run([sys.executable, "-m", "generator.bundle", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert f"open {out.stem}/index.html" in done.stdout
    return out


@pytest.fixture(scope="module")
def unpacked(bundle_zip, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(target)
    return target / bundle_zip.stem


@pytest.fixture
def tab(browser):
    """A tab that records console errors, failed loads and any request that is not a file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []

    def request(req) -> None:
        if urlsplit(req.url).scheme not in ("file", "blob", "data"):
            page.problems.append(f"network request: {req.url}")

    page.on("request", request)
    page.on("requestfailed", lambda req: page.problems.append(
        f"failed: {req.url} {req.failure}"))
    page.on("console", lambda msg: page.problems.append(f"console: {msg.text}")
            if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    yield page
    context.close()


def settle(page) -> list[str]:
    """Problems so far; read before leaving a page (leaving aborts its worker's loads)."""
    page.wait_for_timeout(300)
    found, page.problems[:] = list(page.problems), []
    return found


def test_zip_holds_one_folder_with_the_site(bundle_zip):
    with zipfile.ZipFile(bundle_zip) as archive:
        names = archive.namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {bundle_zip.stem}
    for page in ("index.html", "ar/index.html", "timeline/index.html", "ar/timeline/index.html"):
        assert f"{bundle_zip.stem}/{page}" in names
    # crawler files mean nothing from disk (generator/bundle.py, drop_server_files)
    assert [name for name in names if "sitemap" in name.rsplit("/", 1)[-1]] == []


def test_every_link_in_the_copy_names_a_file_that_exists(unpacked):
    """From disk a folder is not a page: every internal link must name an existing file."""
    broken = []
    for page in sorted(unpacked.rglob("*.html")):
        doc = html.fromstring(page.read_bytes())
        for attr in ("href", "src"):
            for ref in doc.xpath(f"//*[@{attr}]/@{attr}"):
                parts = urlsplit(ref)
                if parts.scheme or parts.netloc or not parts.path or ref.startswith("#"):
                    continue
                target = (page.parent / unquote(parts.path)).resolve()
                if not target.is_file():
                    broken.append(f"{page.relative_to(unpacked)}: {ref}")
    assert broken == []


def test_pages_open_from_disk_and_the_language_switch_works(tab, unpacked):
    tab.goto((unpacked / "timeline" / "index.html").as_uri())
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator("h1").count() == 1
    assert settle(tab) == []
    tab.locator('.md-select a[hreflang="ar"]').first.dispatch_event("click")
    tab.wait_for_url((unpacked / "ar" / "timeline" / "index.html").as_uri())
    assert tab.locator("html").get_attribute("dir") == "rtl"
    tab.evaluate("document.fonts.ready")
    assert tab.evaluate("document.fonts.check('16px \"Briefing Naskh\"', 'عربي')")
    assert tab.evaluate("[...document.fonts].some(f => f.family.includes('Briefing Naskh')"
                        " && f.status === 'loaded')")
    save_screenshot(tab, "bundle-ar-timeline")
    assert settle(tab) == []
    # and a record page reached by following links, as a reader would
    tab.locator("article a[href*='events/']").first.click()
    tab.wait_for_load_state()
    assert "/ar/events/" in tab.url and tab.url.endswith("/index.html")
    assert tab.locator("h1").count() == 1
    assert settle(tab) == []


@pytest.mark.parametrize("lang,query,home", [("en", "Gantz", "index.html"),
                                             ("ar", "غانتس", "ar/index.html")])
def test_search_works_from_disk(tab, unpacked, lang, query, home):
    tab.goto((unpacked / home).as_uri())
    tab.locator(BOX).click()
    tab.keyboard.type(query)
    tab.keyboard.press("End")  # Material reads the box on keyup
    wait_for_answer(tab, query)
    hrefs = tab.locator(RESULT_LINK).evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(unpacked.as_uri() + "/") for h in hrefs)
    if lang == "ar":
        assert all("/ar/" in h for h in hrefs)
    else:
        assert not any("/ar/" in h for h in hrefs)
    assert query in tab.locator(".md-search-result__list").inner_text()
    save_screenshot(tab, f"bundle-search-{lang}")
    assert settle(tab) == []
    tab.locator(RESULT_LINK).first.click()
    tab.wait_for_load_state()
    # results link to folders, as on the web; followed from disk, they open the folder's page
    wanted = urlsplit(hrefs[0]).path
    assert urlsplit(tab.url).path == (wanted + "index.html" if wanted.endswith("/") else wanted)
    assert Path(unquote(urlsplit(tab.url).path)).is_file()
    assert settle(tab) == []
