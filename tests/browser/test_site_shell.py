"""The site as a reader first meets it: both languages, direction, language switch, no CDN."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_english_home_is_left_to_right_and_loads_nothing_foreign(page, site):
    page.goto(site.at("/"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert site.foreign == []


def test_arabic_home_is_right_to_left_in_the_arabic_typeface(page, site):
    page.goto(site.at("/ar/"))
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Briefing Naskh\"', 'عربي')")
    assert site.foreign == []


def test_language_switch_lands_on_the_counterpart_page(page, site):
    page.goto(site.at("/timeline/"))
    href = page.locator('.md-select a[hreflang="ar"]').first.get_attribute("href")
    page.goto(page.evaluate("href => new URL(href, location).href", href))
    assert page.url.endswith("/ar/timeline/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    back = page.locator('.md-select a[hreflang="en"]').first.get_attribute("href")
    page.goto(page.evaluate("href => new URL(href, location).href", back))
    assert page.url == site.at("/timeline/")


# Where each character of ``needle`` is drawn, in reading order: (line top, centre x) per
# character of its first occurrence in the page's article.
_DRAWN = """needle => {
  const walker = document.createTreeWalker(document.querySelector("article"),
                                           NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.data.indexOf(needle)
    if (at < 0) continue
    return [...needle].map((_, i) => {
      const range = document.createRange()
      range.setStart(node, at + i)
      range.setEnd(node, at + i + 1)
      const box = range.getBoundingClientRect()
      return [Math.round(box.top), box.left + box.width / 2]
    })
  }
  return null
}"""


@pytest.mark.parametrize(("path", "notations"), [
    ("/ar/methodology/", ["2022-03", "2021-11-24", "2022-09-12/2022-09-15", "2025-02?",
                          "2025-04%", "2021~/2023-01", "/events/security-mou-signing-2021/"]),
    ("/ar/sources/src-2025-israeli-industry-contacts/", ["2025-08?/2025-12?"]),
    ("/ar/data/", ["2022-09-12/2022-09-15", "2022-07~", "2025-02?", "2022-09"]),
])
def test_arabic_text_shows_dates_and_addresses_as_written(page, site, path, notations):
    """Arabic running text that quotes a date notation or an address shows it left to right,
    character by character as written, on one line: the bidi algorithm alone shows «2022-03»
    as «03-2022», and a line break inside «2022-09-12/2022-09-15» scatters it."""
    page.goto(site.at(path))
    for notation in notations:
        drawn = page.evaluate(_DRAWN, notation)
        assert drawn, f"{notation!r} is not on {path}"
        assert len({top for top, _ in drawn}) == 1, f"{notation!r} on {path} is split"
        out_of_order = [notation[i:i + 2] for i in range(len(drawn) - 1)
                        if drawn[i][0] == drawn[i + 1][0] and drawn[i][1] >= drawn[i + 1][1]]
        assert out_of_order == [], f"{notation!r} on {path} is drawn out of order"
