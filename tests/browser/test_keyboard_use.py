"""The site with a keyboard only, on a phone (375 px) and a desktop (1280 px), every page kind in
both languages: Tab reaches every control, each one is on screen, uncovered and visibly marked
when it has focus; the skip link jumps past the header and navigation; the language switch and
search work without a mouse."""

from __future__ import annotations

import pytest

from .conftest import LANGUAGES, PAGES, wait_for_answer

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
OTHER = {"en": "ar", "ar": "en"}
QUERY = {"en": "Elbit", "ar": "إلبيت"}  # a company named on several pages in each language
MAX_STOPS = 800  # far more tab stops than any page has: the walk ends by coming round again

# Everything a keyboard can reach in principle: rendered (not display:none, not hidden), enabled,
# not taken out of the tab order. Each gets a number so the walk can tell them apart.
CANDIDATES = """() => {
  const query = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]';
  const found = [];
  document.querySelectorAll(query).forEach((el, i) => {
    el.dataset.kbd = i;
    if (el.tabIndex < 0 || el.disabled || el.closest('[inert]')) return;
    if (!el.checkVisibility({visibilityProperty: true})) return;
    const s = getComputedStyle(el);
    found.push({id: String(i), label: el.tagName + ' ' + (el.getAttribute('href') || el.className),
                style: [s.color, s.backgroundColor, s.textDecorationLine].join('|')});
  });
  return found;
}"""

# The focused element as the reader sees it. The page's own scripts may take a few frames to
# react to focus (the search overlay opens when its box is focused): up to 20 are allowed.
FOCUSED = """() => new Promise(done => {
 let frames = 0;
 const look = () => {
  const el = document.activeElement;
  if (!el || el === document.body) return done(null);
  const shown = el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  if (!shown && frames++ < 20) return requestAnimationFrame(look);
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const box = {left: Math.max(r.left, 0), right: Math.min(r.right, innerWidth),
               top: Math.max(r.top, 0), bottom: Math.min(r.bottom, innerHeight)};
  const onScreen = box.right - box.left >= 1 && box.bottom - box.top >= 1;
  // Not entirely hidden by something drawn over it: some point of a 3 x 3 grid on the part
  // of one of its boxes inside the window (a link broken over two lines has two boxes) shows
  // the element itself.
  const uncovered = [...el.getClientRects()].some(line => {
    const left = Math.max(line.left, 0), right = Math.min(line.right, innerWidth);
    const top = Math.max(line.top, 0), bottom = Math.min(line.bottom, innerHeight);
    if (right - left < 1 || bottom - top < 1) return false;
    return [1, 2, 3].some(i => [1, 2, 3].some(j => {
      const hit = document.elementFromPoint(left + (right - left) * i / 4,
                                            top + (bottom - top) * j / 4);
      return !!hit && (el === hit || el.contains(hit) || hit.contains(el));
    }));
  });
  done({
    id: el.dataset.kbd || null,
    label: el.tagName + ' ' + (el.getAttribute('href') || el.className) + ' '
           + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30),
    drawn: el.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    onScreen: onScreen,
    uncovered: onScreen && uncovered,
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1,
    shadow: s.boxShadow !== 'none',
    style: [s.color, s.backgroundColor, s.textDecorationLine].join('|'),
  });
 };
 requestAnimationFrame(look);
})"""


def _walk(tab) -> tuple[dict, list[dict]]:
    """Tab from the top of the page until focus comes round again; the stops in order."""
    candidates = {c["id"]: c for c in tab.page.evaluate(CANDIDATES)}
    stops: list[dict] = []
    for _ in range(MAX_STOPS):
        tab.page.keyboard.press("Tab")
        stop = tab.page.evaluate(FOCUSED)
        if stop is None or (stops and stop["id"] == stops[0]["id"]):
            break
        stops.append(stop)
    else:
        pytest.fail(f"focus never came round after {MAX_STOPS} presses of Tab")
    return candidates, stops


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_tab_reaches_every_control_and_shows_where_focus_is(reader, kind_paths, lang, kind, width):
    tab = reader(width, inject=True)
    tab.open(lang, kind_paths[kind])
    tab.still()
    candidates, stops = _walk(tab)
    problems = []
    for stop in stops:
        before = candidates.get(stop["id"], {}).get("style")
        marked = stop["outline"] or stop["shadow"] or (before and before != stop["style"])
        for ok, what in (
            (stop["drawn"], "not drawn"),
            (stop["onScreen"], "off screen"),
            (stop["uncovered"], "covered"),
            (marked, "no focus indicator"),
        ):
            if not ok:
                problems.append(f"{what}: {stop['label']}")
    assert problems == [], "\n".join(problems)
    unreached = set(candidates) - {s["id"] for s in stops}
    assert not unreached, "never reached: " + ", ".join(candidates[i]["label"] for i in unreached)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("lang", "kind"), [p for p in PAGES if p[1] != "404"])
def test_skip_link_jumps_to_the_content(reader, kind_paths, lang, kind, width):
    tab = reader(width, inject=True)
    tab.open(lang, kind_paths[kind])
    tab.still()
    tab.page.keyboard.press("Tab")
    skip = tab.page.locator("a.md-skip")
    assert skip.evaluate("a => a === document.activeElement"), "Tab does not start at the skip link"
    stop = tab.page.evaluate(FOCUSED)
    assert stop["drawn"] and stop["onScreen"] and stop["uncovered"], stop
    target = skip.get_attribute("href")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_function("hash => decodeURI(location.hash) === hash", arg=target)
    tab.page.keyboard.press("Tab")
    inside = tab.page.evaluate("document.activeElement.closest('.md-content') !== null")
    assert inside, f"after the skip link, Tab went to {tab.page.evaluate(FOCUSED)['label']}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_language_switch_by_keyboard(reader, site, kind_paths, lang, kind, width):
    tab = reader(width, inject=True)
    tab.open(lang, kind_paths[kind])
    tab.still()
    other = OTHER[lang]
    for _ in range(30):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate(f"document.activeElement.matches('.md-select a[hreflang={other}]')"):
            break
    else:
        pytest.fail("Tab never reached the language switch")
    stop = tab.page.evaluate(FOCUSED)
    assert stop["drawn"] and stop["onScreen"] and stop["uncovered"], stop
    tab.page.keyboard.press("Enter")
    counterpart = LANGUAGES[other] + ("" if kind == "404" else kind_paths[kind])
    tab.page.wait_for_url(site.at(counterpart))
    assert tab.page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_by_keyboard(reader, site, kind_paths, lang, width):
    tab = reader(width, inject=True)
    tab.open(lang, kind_paths["timeline"])
    tab.still()
    for _ in range(30):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("document.activeElement.matches('input.md-search__input')"):
            break
    else:
        pytest.fail("Tab never reached the search box")
    stop = tab.page.evaluate(FOCUSED)
    assert stop["drawn"] and stop["onScreen"] and stop["uncovered"], stop
    # Arabic is typed as text input without key events; Material reads the box on keyup
    tab.page.keyboard.type(QUERY[lang])
    tab.page.keyboard.press("End")
    wait_for_answer(tab.page, QUERY[lang])
    tab.page.keyboard.press("ArrowDown")
    focused = tab.page.evaluate(FOCUSED)
    in_results = tab.page.evaluate("document.activeElement.closest('.md-search-result') !== null")
    assert in_results, f"ArrowDown focused {focused['label']}"
    assert focused["drawn"] and focused["onScreen"] and focused["uncovered"], focused
    start = tab.page.url
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(lambda url: url.split("#")[0] != start)
    arabic = tab.page.url.startswith(site.at(LANGUAGES["ar"]))
    assert arabic == (lang == "ar"), f"search left the language: {tab.page.url}"
    assert QUERY[lang] in tab.page.locator("article").inner_text()


# The focus ring of the focused element, and the box of each ancestor that clips what it draws
# outside itself: the ring must lie inside every one of them.
RING_CLIPPED = """() => {
  const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
  const out = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth);
  const ring = {left: r.left - out, right: r.right + out, top: r.top - out, bottom: r.bottom + out};
  const clips = [];
  for (let box = el.parentElement; box; box = box.parentElement) {
    const o = getComputedStyle(box);
    if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
    const b = box.getBoundingClientRect();
    if (ring.left < b.left - 0.5 || ring.right > b.right + 0.5 || ring.top < b.top - 0.5
        || ring.bottom > b.bottom + 0.5) clips.push(box.className);
  }
  return clips;
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_language_links_focus_ring_is_drawn_whole(page, site, lang):
    """In the language menu, the focused link's ring was cut to one line between the two
    links by the menu's box: focused «العربية» looked like an underlined "English"."""
    page.goto(site.at(LANGUAGES[lang]))
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('.md-select a[hreflang={OTHER[lang]}]')"):
            break
    else:
        pytest.fail("Tab never reached the language switch")
    page.wait_for_timeout(300)  # the menu opens as focus enters it
    assert page.evaluate(RING_CLIPPED) == []
