"""Every page kind in both languages, as a reader's browser loads it: the right language and
direction, a language switch that round-trips, nothing broken, nothing fetched from elsewhere,
the self-hosted Arabic typeface really drawing Arabic text, and foreign-script text marked with
its own language so screen readers pronounce it and the right font draws it."""

from __future__ import annotations

import pytest

from .conftest import LANGUAGES, PAGES

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
OTHER = {"en": "ar", "ar": "en"}

# Text nodes in a script whose nearest lang attribute does not name a language written in it.
MISLABELLED_SCRIPT = """() => {
  const scripts = {ar: /[\\u0600-\\u06FF\\u0750-\\u077F]/, he: /[\\u0590-\\u05FF]/};
  const found = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, text = node.textContent.trim(), el = node.parentElement;
    if (!text || el.closest('script, style, template, [hidden]')) continue;
    const lang = (el.closest('[lang]') || document.documentElement).getAttribute('lang');
    for (const [code, pattern] of Object.entries(scripts)) {
      if (pattern.test(text) && !lang.startsWith(code)) found.push(`${lang}: ${text.slice(0, 60)}`);
    }
  }
  return found;
}"""


def _counterpart(kind: str, kind_paths: dict, lang: str) -> str:
    """Where the language switch must lead: the same page in the other language (home for 404)."""
    return LANGUAGES[lang] + ("" if kind == "404" else kind_paths[kind])


@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_page_loads_cleanly_in_its_language(reader, kind_paths, lang, kind):
    tab = reader()
    tab.open(lang, kind_paths[kind])
    tab.page.wait_for_load_state("networkidle")  # the search index and worker load late
    html = tab.page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == DIRECTION[lang]
    assert tab.page.evaluate("getComputedStyle(document.body).direction") == DIRECTION[lang]
    assert tab.page.locator("h1").count() == 1, "one main heading per page"
    assert tab.errors == [], "console errors"
    assert tab.failed == [], "failed requests"
    assert tab.foreign == [], "requests to hosts other than the site"
    assert tab.page.evaluate(MISLABELLED_SCRIPT) == [], "text in another script without its lang"


@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_language_switch_round_trips(reader, site, kind_paths, lang, kind):
    tab = reader()
    tab.open(lang, kind_paths[kind])
    start = tab.page.url
    other = OTHER[lang]
    switch = tab.page.locator(f'.md-select a[hreflang="{other}"]').first
    assert switch.get_attribute("lang") == other, "the language's name is marked in its language"
    tab.page.goto(switch.evaluate("a => a.href"))
    assert tab.page.url == site.at(_counterpart(kind, kind_paths, other))
    assert tab.page.locator("html").get_attribute("lang") == other
    back = tab.page.locator(f'.md-select a[hreflang="{lang}"]').first.evaluate("a => a.href")
    tab.page.goto(back)
    expected = start if kind != "404" else site.at(_counterpart(kind, kind_paths, lang))
    assert tab.page.url == expected


def _fonts_drawing(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used to draw the text of the first ``selector`` element."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return fonts


@pytest.mark.parametrize("kind", [k for lang, k in PAGES if lang == "ar"])
def test_arabic_text_is_drawn_in_the_self_hosted_naskh(reader, kind_paths, kind):
    tab = reader()
    tab.open("ar", kind_paths[kind])
    # The title, and the first paragraph, list item or cell of body text mostly in Arabic letters
    # (figures, such as the timeline's list of years, are drawn in the reader's Latin font).
    tab.page.evaluate(r"""() => {
      const body = [...document.querySelectorAll('.md-content :is(p, li, td)')]
        .find(p => {
          const letters = p.textContent.replace(/\s/g, '');
          return letters.replace(/[^\u0600-\u06FF]/g, '').length > letters.length / 2;
        });
      if (body) body.dataset.arabicProbe = '';
    }""")
    for selector in (".md-content h1", "[data-arabic-probe]"):
        assert tab.page.locator(selector).count(), f"no {selector} on the page"
        fonts = _fonts_drawing(tab.page, selector)
        drawn = max(fonts, key=lambda f: f["glyphCount"])
        assert drawn["isCustomFont"], f"{selector} drawn in a system font: {fonts}"
        assert "Naskh" in drawn["familyName"], f"{selector} drawn in {fonts}"
    fetched = tab.page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(name => name.endsWith('.woff2'))"
    )
    assert fetched and all(url.startswith(tab.site.url) for url in fetched), fetched
    assert tab.foreign == []


def test_arabic_name_on_an_english_page_is_drawn_in_naskh(reader, kind_paths):
    """The language switch's "العربية" sits on an English page: its lang brings in the Naskh."""
    tab = reader()
    tab.open("en", kind_paths["home"])
    fonts = _fonts_drawing(tab.page, '.md-select a[hreflang="ar"]')
    assert any(f["isCustomFont"] and "Naskh" in f["familyName"] for f in fonts), fonts
