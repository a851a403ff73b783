"""The language switch keeps the reader's place (overrides/assets/javascripts/language-place.js):
switching half way down a page opens the other language at the same section, with that
language's own id for it in the address; switching at the top opens the other page at its top.
Each reader opens the header's language menu as a person does (hovers it on a desktop, taps it
on a phone, or Tabs to it) and follows the other language's link."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Where the reader is: the address (its #fragment decoded), how far down the page, where the
# header ends, and where each heading of the article is drawn, in page order.
WHERE = """() => ({
  path: location.pathname,
  hash: decodeURIComponent(location.hash.slice(1)),
  scrolled: scrollY,
  header: document.querySelector('.md-header').getBoundingClientRect().bottom,
  headings: [...document.querySelectorAll('article :is(h2, h3, h4, h5, h6)[id]')]
    .map(h => ({id: h.id, text: h.textContent.replace('¶', '').trim(),
                top: h.getBoundingClientRect().top})),
})"""

# Scroll so that the heading with this id has just passed under the header, as a reader does who
# has read its first lines: no #fragment is followed.
READ_INTO = """id => {
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom
  const heading = document.getElementById(id)
  scrollTo(0, scrollY + heading.getBoundingClientRect().top - header + 40)
}"""


def visit(tab, url: str) -> None:
    """Open the page and wait for its typefaces, which move its headings as they arrive."""
    tab.goto(url, wait_until="load")
    tab.evaluate("document.fonts.ready.then(() => true)")


def where(tab) -> dict:
    tab.wait_for_load_state("load")
    tab.evaluate("document.fonts.ready.then(() => true)")
    tab.wait_for_timeout(400)  # the theme's own scroll tracking settles (it waits 250 ms)
    return tab.evaluate(WHERE)


def heading(place: dict, id_or_text: str) -> dict:
    found = [h for h in place["headings"] if id_or_text in (h["id"], h["text"])]
    assert found, f"no heading {id_or_text!r} on {place['path']}: {place['headings']}"
    return found[0]


def at_top_of_view(place: dict, found: dict) -> bool:
    """The heading is the first thing read under the header (a link to it puts it 20 px below)."""
    return place["header"] - 1 <= found["top"] <= place["header"] + 80


# The link's centre once the menu has opened (its list unfolds under the button): the reader
# sees it whole and a press there reaches it; null until then.
OPENED = """link => {
  const box = link.getBoundingClientRect()
  const x = box.left + box.width / 2, y = box.top + box.height / 2
  const list = link.closest('.md-select__inner').getBoundingClientRect()
  const whole = box.height > 0 && box.top >= list.top && box.bottom <= list.bottom
  const hit = document.elementFromPoint(x, y)
  return whole && getComputedStyle(link.closest('.md-select__inner')).opacity === '1'
    && !!hit && link.contains(hit) ? [x, y] : null
}"""


def switch(tab, lang: str, how: str = "mouse") -> None:
    """Open the header's language menu and follow the link to ``lang``, as a reader does: press
    where the link is drawn (Playwright's own click would first scroll the half-open, clipped
    menu into view, which scrolls the page under the sticky header to its top)."""
    menu = tab.locator(".md-header .md-select")
    link = menu.locator(f'a.md-select__link[hreflang="{lang}"]')
    there = link.evaluate("a => a.href")
    if how == "mouse":
        menu.locator("button").hover()
    elif how == "touch":
        menu.locator("button").tap()
    if how in ("mouse", "touch"):
        x, y = tab.wait_for_function(OPENED, arg=link.element_handle()).json_value()
    # the other page's load; not the theme rewriting this page's #fragment as it scrolls
    with tab.expect_navigation(url=lambda url: url.split("#")[0] == there):
        if how == "mouse":
            tab.mouse.click(x, y)
        elif how == "touch":
            tab.touchscreen.tap(x, y)
        else:  # keyboard: Tab from the menu's button to the link, then Enter
            menu.locator("button").focus()
            for _ in range(4):
                tab.keyboard.press("Tab")
                if tab.evaluate("document.activeElement.hreflang") == lang:
                    break
            assert tab.evaluate("document.activeElement.hreflang") == lang
            tab.keyboard.press("Enter")


def test_timeline_year_opens_at_the_same_year_in_arabic(page, site):
    visit(page, site.at("/timeline/#2022"))
    before = where(page)
    assert before["scrolled"] > 1000, "the English timeline did not open at 2022"
    switch(page, "ar")
    place = where(page)
    assert place["path"] == "/ar/timeline/"
    assert page.url.endswith("#2022"), page.url
    assert at_top_of_view(place, heading(place, "2022")), place
    # the place was used once: opening the page again starts at its top
    visit(page, site.at("/ar/timeline/"))
    again = where(page)
    assert again["scrolled"] == 0 and again["hash"] == ""
    assert site.foreign == []


def test_event_read_down_to_its_sources_opens_the_arabic_sources(page, site):
    visit(page, site.at("/events/negev-summit-2022/"))
    page.evaluate(READ_INTO, "sources")
    assert where(page)["scrolled"] > 0
    switch(page, "ar")
    place = where(page)
    assert place["path"] == "/ar/events/negev-summit-2022/"
    sources = heading(place, "المصادر")
    assert place["hash"] == sources["id"], place
    assert at_top_of_view(place, sources), place


def test_arabic_methodology_read_on_a_phone_opens_the_english_section(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True,
                                  is_mobile=True)
    try:
        tab = context.new_page()
        visit(tab, site.at("/ar/methodology/"))
        tab.evaluate(READ_INTO, "التواريخ-المستنتجة")  # "inferred dates", the fourth section
        where(tab)
        switch(tab, "en", how="touch")
        place = where(tab)
        assert place["path"] == "/methodology/"
        inferred = heading(place, "inferred-dates")
        assert place["hash"] == "inferred-dates", place
        assert at_top_of_view(place, inferred), place
    finally:
        context.close()


def test_switch_followed_with_the_keyboard_keeps_the_place(page, site):
    visit(page, site.at("/ar/events/negev-summit-2022/"))
    page.evaluate(READ_INTO, "المجالات")  # "areas"
    where(page)
    switch(page, "en", how="keyboard")
    place = where(page)
    assert place["path"] == "/events/negev-summit-2022/"
    assert place["hash"] == "areas", place
    assert at_top_of_view(place, heading(place, "areas")), place


def test_a_page_read_from_its_top_opens_the_other_at_its_top(page, site):
    # First a switch from lower down, so the reader's place has been carried once ...
    visit(page, site.at("/timeline/"))
    page.evaluate(READ_INTO, "2023")
    where(page)
    switch(page, "ar")
    place = where(page)
    assert place["hash"] == "2023" and at_top_of_view(place, heading(place, "2023")), place
    # ... then back to the top of the Arabic timeline: the English one opens at its top
    page.evaluate("scrollTo(0, 0)")
    where(page)
    switch(page, "en")
    place = where(page)
    assert place["path"] == "/timeline/"
    assert place["scrolled"] == 0 and place["hash"] == "", place
    assert page.url == site.at("/timeline/")
    # and so does the Arabic one, switched to from the English top
    switch(page, "ar")
    place = where(page)
    assert place["path"] == "/ar/timeline/"
    assert place["scrolled"] == 0 and place["hash"] == "", place
