"""Every page kind in both languages on a phone (375 px) and a desktop (1280 px): nothing makes
the page scroll sideways, no text runs off the screen, and the whole navigation is on screen
(behind the menu button on a phone). A full-page screenshot of each is kept under
test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import pytest

from .conftest import LANGUAGES, PAGES, save_screenshot

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
SECTIONS = ("home", "timeline", "agreements", "actors", "areas", "sources", "page")

# Elements of the article that stick out of the viewport, unless a scrollable box (a wide table
# in Material's scroll wrapper) holds them: those the reader can scroll within the box.
OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || (r.left >= -1 && r.right <= width + 1)) continue;
    let box = el.parentElement, held = false;
    while (box && box !== document.body) {
      if (/auto|scroll/.test(getComputedStyle(box).overflowX)) { held = true; break; }
      box = box.parentElement;
    }
    if (!held) out.push(`${el.tagName} ${Math.round(r.left)}..${Math.round(r.right)}: `
                        + (el.textContent || '').trim().slice(0, 40));
  }
  return out.slice(0, 10);
}"""

# Links of the primary navigation the reader can see: on screen, drawn, and not covered.
NAV_ON_SCREEN = """() => {
  const w = innerWidth, h = innerHeight;
  return [...document.querySelectorAll('.md-nav--primary a.md-nav__link')].filter(a => {
    const r = a.getBoundingClientRect();
    if (!r.width || r.left < 0 || r.right > w || r.top < 0 || r.bottom > h) return false;
    if (!a.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && a.contains(hit);
  }).map(a => a.href);
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_fits_the_screen_and_every_section_is_a_tap_away(
    reader, site, kind_paths, lang, kind, width
):
    tab = reader(width, inject=True)
    tab.open(lang, kind_paths[kind])
    tab.still()
    save_screenshot(tab.page, f"{lang}-{kind}-{width}", full_page=True)
    scroll, client = tab.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"the page scrolls sideways: {scroll}px wide in a {client}px window"
    assert tab.page.evaluate(OFF_SCREEN) == [], "content runs off the screen"

    menu = tab.page.locator('.md-header label[for="__drawer"]')
    # every section but the one the reader is on (on a phone that entry opens its contents)
    sections = {site.at(LANGUAGES[lang] + kind_paths[s]) for s in SECTIONS} - {tab.page.url}
    if width < 1220:  # Material's drawer breakpoint (76.25em): the menu button opens it
        assert menu.is_visible(), "no menu button on a phone"
        assert not sections & set(tab.page.evaluate(NAV_ON_SCREEN)), "drawer open before asked"
        menu.click()
    else:
        assert not menu.is_visible(), "desktop hides the navigation behind a button"
    visible = set(tab.page.evaluate(NAV_ON_SCREEN))
    assert sections <= visible, f"not on screen: {sorted(sections - visible)}"
    target = site.at(LANGUAGES[lang] + kind_paths["sources" if kind != "sources" else "actors"])
    x, y = tab.page.evaluate(
        """href => {
          const a = [...document.querySelectorAll('.md-nav--primary a.md-nav__link')]
            .find(a => a.href === href);
          const r = a.getBoundingClientRect();
          return [r.left + r.width / 2, r.top + r.height / 2];
        }""",
        target,
    )
    tab.page.mouse.click(x, y)  # a real click where the reader sees the link
    tab.page.wait_for_url(target)
    assert tab.page.locator("h1").count() == 1
