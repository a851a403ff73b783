"""Content text is inert: whatever an editor (or an attacker with commit access to content/)
writes into a YAML value shows as those very characters and never runs.

A copy of the mini briefing gets hostile values in every kind of text field (titles, names,
summaries, notes, quotes, page sections, the site title, area labels): HTML tags, event-handler
attributes, Markdown links to ``javascript:``, stray ``](``, a leading ``#``, ``|`` table cells,
Jinja ``{{ }}``/``{% %}``, Markdown extension syntax (attribute lists, abbreviations,
footnotes, admonitions), quotes that would close an HTML attribute. The site is built and every
page is read in Chromium: no dialog opens, nothing from content runs, no element carries an
event handler or a ``javascript:`` link, and each hostile value is visible as plain text.
Search results, which Material renders from the index, get the same checks.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import Paths, build

from ..conftest import MINI
from .conftest import serve_folder

pytestmark = pytest.mark.browser

# Each one is a single line (titles refuse line breaks) and has no double spaces (text is
# shown with runs of spaces collapsed), so it must appear verbatim in the page's text.
PAYLOADS = [
    "<script>window.__pwned='script';alert('script')</script>",
    "<img src=x onerror=\"window.__pwned='img';alert('img')\">",
    "<svg onload=alert('svg')><circle r=5 /></svg>",
    "<a href=\"javascript:alert('a')\">link</a>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "[click me](javascript:alert('md-link'))",
    "[x](JaVaScRiPt:alert('md-link-case'))",
    "<javascript:alert('autolink')>",
    "](javascript:alert('dangling'))",
    "# not a heading",
    "| a | b |",
    "cell | with | pipes",
    "{{ 7*7 }} and {{ config.site_name }}",
    "{% if true %}jinja{% endif %}",
    "{: onclick=\"alert('attr_list')\" }",
    "*[HTML]: Hyper Text",
    "[^1] and [^1]: footnote",
    "!!! danger \"admonition\"",
    "\" onmouseover=\"alert('quote')\" x=\"",
    "' onfocus='alert(1)' autofocus='",
    "&lt;b&gt;entity&lt;/b&gt; &#60;i&#62; &amp;",
    "**bold** _em_ `code` ~~del~~ ==mark== ^^ins^^",
    "<!-- comment --> <?php echo 1; ?> <![CDATA[x]]>",
    "data:text/html,<script>alert('data')</script>",
    "\\<script\\>alert('backslash')\\</script\\>",
    "<style>body{display:none}</style>",
    "<div markdown=\"1\">**inside**</div>",
    "${alert('template-literal')}",
    "</title><script>alert('title')</script>",
    "\"><script>alert('attribute')</script>",
]
# The site's own name and description (config.yaml) go into the theme's header, <title> and
# attributes: they get the attribute- and element-breaking payloads.
SITE_NAME = "</title><script>alert('site-name')</script>\" onmouseover=\"alert('site-name')\""


def line(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)]


def text_of_all() -> str:
    return "\n\n".join(PAYLOADS)


def hostile_content(target: Path) -> Path:
    """The mini fixture with a hostile value in every text field (read and rewritten as data, so
    the YAML itself stays well-formed and only the values are hostile)."""
    shutil.copytree(MINI, target)
    counter = iter(range(10_000))

    def lines(value):
        return {lang: line(next(counter)) for lang in value}

    def texts(value):
        return {lang: text_of_all() for lang in value}

    def poison(data: dict, line_fields=(), text_fields=()):
        for name in line_fields:
            if isinstance(data.get(name), dict):
                data[name] = lines(data[name])
        for name in text_fields:
            if isinstance(data.get(name), dict):
                data[name] = texts(data[name])

    for path in sorted(target.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        poison(data, ("title", "name", "role", "outlet", "place", "label"),
               ("summary", "description", "notes", "conflicts", "perspective", "intro"))
        if path.name == "config.yaml":
            data["title"] = {lang: SITE_NAME for lang in data["title"]}
        for area in data.get("areas", []) if path.name == "config.yaml" else []:
            poison(area, ("label",), ("description",))
        for item in data.get("quotes", []):
            poison(item, (), ("text",))
        for item in data.get("sources", []):
            if isinstance(item, dict):
                poison(item, (), ("note",))
        for item in data.get("key_points", []):
            poison(item, (), ("text",))
        for item in data.get("sections", []):
            poison(item, ("heading",), ("body",))
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-site")
    content = hostile_content(base / "content")
    build(Paths(content=content, build=base / "build", site=base / "site"))
    server, url = serve_folder(base / "site")
    yield base / "site", url
    server.shutdown()


# What a page must not contain, read from the live DOM after its scripts have run.
DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (attr.name.toLowerCase().startsWith('on')) bad.push(`${el.tagName} ${attr.name}`);
      if (/^(javascript|vbscript|data):/.test(value) && ['href', 'src', 'action',
          'formaction', 'xlink:href', 'data'].includes(attr.name.toLowerCase()))
        bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  for (const s of document.scripts) {
    const src = s.getAttribute('src');
    if (src && new URL(src, location.href).origin !== location.origin) bad.push('script ' + src);
    if (!src && /alert|pwned/.test(s.textContent)) bad.push('inline script ' + s.textContent);
  }
  for (const tag of ['iframe', 'object', 'embed', 'frame', 'base'])
    for (const el of document.getElementsByTagName(tag)) bad.push('element ' + tag);
  for (const el of document.querySelectorAll('.md-content form, .md-content input'))
    bad.push('element in content ' + el.tagName);  // the theme's own search form is outside
  for (const el of document.querySelectorAll('img[src="x"], style'))
    if (el.tagName !== 'STYLE' || /display:\\s*none/.test(el.textContent)) bad.push(el.outerHTML);
  return bad;
}"""


def pages_of(site: Path) -> list[str]:
    found = []
    for page in sorted(site.rglob("index.html")):
        rel = page.parent.relative_to(site).as_posix()
        found.append("" if rel == "." else rel + "/")
    return found


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", refuse)
    page.dialogs = dialogs
    yield page
    context.close()


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_hostile_values_show_as_text_and_run_nothing(tab, hostile_site):
    site, url = hostile_site
    pages = pages_of(site)
    assert len(pages) > 30 and "ar/" in pages
    seen = ""
    for path in pages:
        tab.goto(url + path)
        tab.wait_for_load_state("load")
        tab.wait_for_timeout(50)  # onerror/onload handlers fire right after load
        assert tab.dialogs == [], path
        assert tab.evaluate("typeof window.__pwned") == "undefined", path
        assert tab.evaluate(DOM_CHECK) == [], path
        seen += normalise(tab.locator("body").inner_text()) + "\n"
    missing = [p for p in [*PAYLOADS, SITE_NAME] if normalise(p) not in seen]
    assert missing == [], "shown altered or not at all"
    # Jinja never evaluated content: the expression shows, its value does not
    assert "{{ 7*7 }}" in seen and "49 and" not in seen


def test_hostile_values_stay_text_in_the_page_title_and_headings(tab, hostile_site):
    site, url = hostile_site
    event = next(p for p in pages_of(site) if p.startswith("events/") and p != "events/")
    tab.goto(url + event)
    heading = tab.locator("article h1").first.inner_text().removesuffix("¶").strip()
    assert heading in PAYLOADS
    assert tab.title() == f"{heading} - {SITE_NAME}"  # the whole title, as text
    assert tab.locator(".md-header__topic").first.inner_text().strip() == SITE_NAME
    description = tab.locator('meta[name="description"]').get_attribute("content")
    assert description.startswith(PAYLOADS[0])
    assert tab.evaluate(DOM_CHECK) == []


@pytest.mark.parametrize("query", ["script", "onerror", "javascript", "pwned", "alert"])
def test_search_results_show_hostile_text_as_text(tab, hostile_site, query):
    site, url = hostile_site
    tab.goto(url)
    tab.locator("input[data-md-component=search-query]").click()
    tab.keyboard.type(query)
    tab.keyboard.press("End")
    tab.locator(".md-search-result__item").first.wait_for(timeout=15000)
    tab.wait_for_timeout(300)
    assert tab.locator(".md-search-result__item").count() > 0
    assert tab.dialogs == []
    assert tab.evaluate("typeof window.__pwned") == "undefined"
    assert tab.evaluate(DOM_CHECK) == []
