"""The Content-Security-Policy meta tag, on the real briefing in real Chromium: every page carries
it, the site works under it (Material's scripts, search, the language switch) with no violation
reported in either language, and it does refuse what it should.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from generator.csp import PLACEHOLDER, inline_scripts, source_hash

from .conftest import wait_for_answer

pytestmark = pytest.mark.browser

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
SAME_ORIGIN = {"style-src": "'self'", "font-src": "'self'", "connect-src": "'self'",
               "worker-src": "'self'", "img-src": "'self' data:", "default-src": "'none'"}
# Records every violation the page reports, from the first byte of every document.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  [e.violatedDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber, e.sample].join(' | ')));
"""
BOX = "input[data-md-component=search-query]"
RESULT = ".md-search-result__item"


def directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in (p.strip() for p in policy.split(";")) if part}


def test_every_page_carries_a_strict_policy_hashing_exactly_its_inline_scripts(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text("utf-8")
        found = META.findall(html)
        assert len(found) == 1, f"{page}: {len(found)} CSP meta tags"
        policy = directives(found[0])
        for name, value in SAME_ORIGIN.items():
            assert policy.get(name) == value, (page, name, policy.get(name))
        script = policy["script-src"].split()
        assert script[0] == "'self'" and PLACEHOLDER not in script, (page, script)
        assert all(s.startswith("'sha256-") for s in script[1:]), (page, script)
        # exactly the page's executable inline scripts, each once: no more, no fewer
        assert sorted(script[1:]) == sorted({source_hash(s) for s in inline_scripts(html)}), page
        assert html.index("Content-Security-Policy") < html.index("<body")


def watch(tab):
    tab.context.add_init_script(WATCH)
    console = []
    tab.on("console", lambda message: console.append(message.text)
           if "Content Security Policy" in message.text else None)
    return console


def assert_clean(tab, console, where: str) -> None:
    assert tab.evaluate("window.__violations") == [], where
    assert console == [], where


def first(built_site: Path, folder: str) -> str:
    return sorted(p.name for p in (built_site / folder).iterdir() if p.is_dir())[0]


def reader_pages(built_site: Path) -> list[str]:
    paths = ["", "timeline/", "actors/", "agreements/", "sources/", "areas/", "methodology/",
             "404.html"]
    for folder in ("events", "actors", "agreements", "sources", "areas"):
        paths.append(f"{folder}/{first(built_site, folder)}/")
    return paths


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pages_run_the_theme_scripts_with_no_violation(page, site, built_site, lang):
    console = watch(page)
    prefix = "" if lang == "en" else "ar/"
    for path in reader_pages(built_site):
        page.goto(site.at(prefix + path))
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == lang
        # Material's inline bootstrap and its bundle both ran under the policy
        assert page.evaluate("typeof __md_get === 'function' && typeof document$ === 'object'"), \
            path
        assert_clean(page, console, prefix + path)
    assert site.foreign == []


def search(tab, query: str) -> list[str]:
    tab.locator(BOX).click()
    tab.keyboard.type(query)
    tab.keyboard.press("End")  # Material reads the box on keyup
    wait_for_answer(tab, query)
    return tab.locator(RESULT).all_inner_texts()


def test_search_and_language_switch_work_under_the_policy(page, site):
    console = watch(page)
    page.goto(site.at("/"))
    assert any("Elbit" in text for text in search(page, "Elbit"))
    assert_clean(page, console, "English search")

    page.keyboard.press("Escape")
    href = page.locator('.md-select a[hreflang="ar"]').first.get_attribute("href")
    page.goto(page.evaluate("href => new URL(href, location.href).href", href))
    assert page.locator("html").get_attribute("lang") == "ar"
    assert any("إلبيت" in text for text in search(page, "إلبيت"))
    assert_clean(page, console, "Arabic search after the language switch")
    assert site.foreign == []


def test_language_switch_by_click_has_no_violation(page, site):
    console = watch(page)
    page.goto(site.at("/timeline/"))
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('.md-select a[hreflang="ar"]').first.click()
    page.wait_for_url(re.compile(r"/ar/"))
    assert page.locator("html").get_attribute("lang") == "ar"
    page.locator('.md-select').first.hover()
    page.locator('.md-select a[hreflang="en"]').first.click()
    page.wait_for_url(lambda url: "/ar/" not in url)
    assert page.locator("html").get_attribute("lang") == "en"
    assert_clean(page, console, "language switch")


def test_policy_refuses_injected_scripts_and_foreign_loads(page, site):
    """The control: the same watch does see violations, and what the policy forbids does not
    happen (an inline script added to the page, an inline handler, a picture from elsewhere)."""
    watch(page)
    page.goto(site.at("/"))
    page.evaluate("""() => {
      window.__ran = false;
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
      const b = document.createElement('button');
      b.setAttribute('onclick', 'window.__ran = true');
      document.body.append(b);
      b.click();
      const i = document.createElement('img');
      i.src = 'http://192.0.2.1/pixel.png';
      document.body.append(i);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is False
    seen = " ".join(page.evaluate("window.__violations"))
    assert "script-src" in seen and "img-src" in seen, seen


def live_reload_served(site_dir: Path):
    """``site_dir`` served by MkDocs' live-reload server, which adds its inline script to every
    HTML page as it serves it (what ``python -m generator serve`` does)."""
    import threading

    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(site_dir), shutdown_delay=0)
    server.watch(str(site_dir))
    threading.Thread(target=server.serve, daemon=True).start()
    for _ in range(1000):  # serve() binds the socket (port 0: a free one) in its thread
        if getattr(server, "server_port", 0):
            break
        time.sleep(0.01)
    return server, f"http://127.0.0.1:{server.server_port}/"


@pytest.mark.parametrize("preview", [True, False])
def test_live_preview_policy_lets_the_reload_script_run(browser, tmp_path, monkeypatch, preview):
    """``serve`` builds with BRIEFING_LIVE_PREVIEW=1: the live-reload script runs there. A built
    site keeps refusing it (the control: the same page, served the same way)."""
    from generator.build import Paths, build

    from ..conftest import MINI

    if preview:
        monkeypatch.setenv("BRIEFING_LIVE_PREVIEW", "1")
    else:
        monkeypatch.delenv("BRIEFING_LIVE_PREVIEW", raising=False)
    build(Paths(content=MINI, build=tmp_path / "build", site=tmp_path / "site"))
    policy = directives(META.search((tmp_path / "site" / "index.html").read_text("utf-8"))[1])
    server, url = live_reload_served(tmp_path / "site")
    context = browser.new_context()
    try:
        tab = context.new_page()
        console = watch(tab)
        tab.goto(url)
        tab.wait_for_load_state("load")
        reloads = tab.evaluate("typeof livereload === 'function'")
        if preview:
            assert policy["script-src"] == "'self' 'unsafe-inline'"
            assert reloads is True
            assert_clean(tab, console, "live preview")
        else:
            assert "'unsafe-inline'" not in policy["script-src"]
            assert reloads is False
            assert any("script-src" in v for v in tab.evaluate("window.__violations"))
        assert policy["default-src"] == "'none'" and policy["img-src"] == "'self' data:"
    finally:
        context.close()
        server.shutdown()
