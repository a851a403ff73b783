"""The three pictures on a phone (390 x 844) and a desktop (1280 px), in both languages, as a
reader sees them.

On a phone the pictures are wider than the column and scroll sideways inside their figure. The
timeline (/timeline/) runs from the oldest year at the reading start (left in English, right in
Arabic), so it opens scrolled to the other end: the newest year is on screen, and a shadow on the
edge the older years lie past says the picture goes on there. Scrolled back to the start, the
shadow moves to the other edge. The areas x years matrix (/areas/) names its rows at its start:
it opens there, with a shadow on the far edge. The actors network (/actors/) right-aligns its
names in a column ending at its nodes, with the arcs beyond: it opens with its nodes on screen,
so that the states' names are whole, their nodes and the arcs' start in view, and a shadow on
each edge (long names go on past the start, the widest arcs past the end). On a desktop the
pictures fit: nothing is scrolled and no shadow is drawn. Printing lays the pictures out whole,
with no shadow and no scroll (tests/browser/test_print_pdf.py prints the pages).

A shadow is measured as a reader sees it: the edges of the picture as drawn on screen, against
the same screen with the figure's own background (where the shadows are painted, see
overrides/assets/stylesheets/pictures.css) taken away. Screenshots of every case are kept under
test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml

from .conftest import save_screenshot

pytestmark = pytest.mark.browser

PHONE = (390, 844)
DESKTOP = (1280, 900)
TIMED = {"timeline": "timeline/"}  # pictures that open at their newest year -> page
AT_START = {"matrix": "areas/"}  # pictures that open at their start
AT_NODES = {"network": "actors/"}  # pictures that open at their node column
LANGS = ("en", "ar")
EDGE = 4  # px: the strip along each edge of the figure where a shadow is looked for
SHADOW = 10.0  # a shadow darkens its strip by at least this much (0-255, mean of R, G, B)
NONE = 2.0  # no shadow: the strip is at most this much darker (text anti-aliasing noise)

# The figure as the reader sees it: how far it can and does scroll, its direction, and the
# oldest and newest year labels of its picture, each with whether it lies whole inside the
# visible part of the figure's box.
SEEN = """fig => {
  const box = fig.getBoundingClientRect();
  const inside = r => r.width > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5
    && r.left >= 0 && r.right <= document.documentElement.clientWidth + 0.5;
  const years = [...fig.querySelectorAll(':scope > svg text')]
    .filter(t => /^\\d{4}$/.test(t.textContent.trim()))
    .map(t => ({year: +t.textContent.trim(), rect: t.getBoundingClientRect()}))
    .sort((a, b) => a.year - b.year);
  const label = y => y && {year: y.year, seen: inside(y.rect), left: y.rect.left,
                           right: y.rect.right};
  return {
    rtl: getComputedStyle(fig).direction === 'rtl',
    overflow: fig.scrollWidth - fig.clientWidth,
    scrolled: Math.abs(fig.scrollLeft),
    width: box.width,
    oldest: label(years[0]),
    newest: label(years[years.length - 1]),
  };
}"""

# Where to look for shadows: the picture's part of the figure (not the legend under it), as far
# as it is on screen below the site's header, in viewport pixels.
AREA = """fig => {
  const box = fig.getBoundingClientRect();
  const pic = fig.querySelector(':scope > svg').getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const top = Math.max(box.top, pic.top, header) + 1;
  const bottom = Math.min(box.bottom, pic.bottom, innerHeight) - 1;
  return {x: Math.ceil(box.left), y: Math.ceil(top),
          width: Math.floor(box.right) - Math.ceil(box.left),
          height: Math.floor(bottom) - Math.ceil(top)};
}"""

# How much darker the first and last `edge` columns of the first image are than the second's.
DARKER = """async ([drawn, bare, edge]) => {
  const pixels = async data => {
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, image.width, image.height);
  };
  const [a, b] = [await pixels(drawn), await pixels(bare)];
  const strip = (from, to) => {
    let sum = 0, n = 0;
    for (let y = 0; y < a.height; y++) for (let x = from; x < to; x++) {
      const i = (y * a.width + x) * 4;
      for (let c = 0; c < 3; c++) sum += b.data[i + c] - a.data[i + c];
      n += 3;
    }
    return sum / n;
  };
  return [strip(0, edge), strip(a.width - edge, a.width)];
}"""

BARE = ".md-typeset .briefing-picture { background: none !important; }"

# The timeline's lane names (generator/i18n/<lang>.yaml, "standing"), as drawn: whether each lies
# whole inside the visible part of the figure's box, and whether what a finger on its middle
# touches is the name itself, not a mark drawn over it.
LANE_NAMES = """(fig, names) => {
  const box = fig.getBoundingClientRect();
  return [...fig.querySelectorAll(':scope > svg text')]
    .filter(t => names.includes(t.textContent.trim()))
    .map(t => {
      const r = t.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {name: t.textContent.trim(), left: r.left, right: r.right,
              inside: r.width > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
              onTop: hit === t || t.contains(hit)};
    });
}"""


def _standing_words(lang: str) -> list[str]:
    words = yaml.safe_load((Path(__file__).parents[2] / "generator" / "i18n" / f"{lang}.yaml")
                           .read_text("utf-8"))
    return list(words["standing"].values())


def _open(reader, size: tuple[int, int], lang: str, path: str):
    tab = reader(*size, inject=True)  # inject: the shadow measure adds a style to the page
    tab.open(lang, path)
    figure = tab.page.locator("figure.briefing-picture").first
    return tab, figure


def _into_view(tab, figure) -> None:
    """Bring the figure to the top of the window, below the header (the page scrolls, not the
    figure)."""
    figure.evaluate(
        "fig => window.scrollTo(0, window.scrollY + fig.getBoundingClientRect().top"
        " - document.querySelector('.md-header').offsetHeight - 16)"
    )


def _shadows(tab, figure, lang: str) -> dict[str, float]:
    """How much each edge of the figure is darkened by its shadows: {'start': n, 'end': n} in the
    reading direction (start is left in English, right in Arabic)."""
    _into_view(tab, figure)
    area = figure.evaluate(AREA)
    assert area["width"] > 2 * EDGE and area["height"] > 20, area
    drawn = tab.page.screenshot(clip=area)
    style = tab.page.add_style_tag(content=BARE)
    bare = tab.page.screenshot(clip=area)
    style.evaluate("s => s.remove()")
    left, right = tab.page.evaluate(
        DARKER,
        [base64.b64encode(drawn).decode(), base64.b64encode(bare).decode(), EDGE],
    )
    return {"start": right, "end": left} if lang == "ar" else {"start": left, "end": right}


def _shaded_at_the_end_only(tab, figure, lang: str, shot: str, hidden: str) -> None:
    """A figure scrolled to its start: a shadow on its far edge, where ``hidden``, none at the
    start; a screenshot kept as ``pictures-phone-<lang>-<shot>``; the page loaded cleanly."""
    shade = _shadows(tab, figure, lang)
    save_screenshot(tab.page, f"pictures-phone-{lang}-{shot}")
    assert shade["end"] >= SHADOW, f"no shadow where {hidden}: {shade}"
    assert shade["start"] <= NONE, f"a shadow at the start, where nothing is hidden: {shade}"
    _clean(tab)


def _clean(tab) -> None:
    assert tab.errors == [], tab.errors
    assert tab.failed == [], tab.failed
    assert tab.foreign == [], tab.foreign


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("picture", TIMED)
def test_on_a_phone_the_picture_opens_at_its_newest_year(reader, lang, picture):
    tab, figure = _open(reader, PHONE, lang, TIMED[picture])
    assert f"briefing-picture-{picture}" in figure.get_attribute("class")
    seen = figure.evaluate(SEEN)
    assert seen["overflow"] > 0, f"the {picture} fits a phone: nothing to scroll ({seen})"
    assert seen["rtl"] == (lang == "ar"), seen
    assert seen["newest"]["seen"], f"the newest year is off screen: {seen}"
    assert seen["scrolled"] >= seen["overflow"] - 1, f"not scrolled to the newest end: {seen}"
    years_span = seen["newest"]["right"] - seen["oldest"]["left"]
    if lang == "ar":
        years_span = seen["oldest"]["right"] - seen["newest"]["left"]
    if years_span > seen["width"]:  # the years alone are wider than the box: the oldest is out
        assert not seen["oldest"]["seen"], f"the oldest year still shows: {seen}"

    # a shadow on the edge past which the older years lie, none on the newest edge
    shade = _shadows(tab, figure, lang)
    save_screenshot(tab.page, f"pictures-phone-{lang}-{picture}-390")
    assert shade["start"] >= SHADOW, f"no shadow where older years are hidden: {shade}"
    assert shade["end"] <= NONE, f"a shadow on the end, where nothing is hidden: {shade}"

    # scrolled back to the oldest year, the shadow is on the other side
    figure.evaluate("f => { f.scrollLeft = 0; }")
    tab.page.wait_for_function("f => f.scrollLeft === 0", arg=figure.element_handle())
    back = figure.evaluate(SEEN)
    assert back["oldest"]["seen"] and not back["newest"]["seen"], back
    _shaded_at_the_end_only(tab, figure, lang, f"{picture}-390-start", "newer years are hidden")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("picture", AT_START)
def test_on_a_phone_the_matrix_keeps_its_start_and_shows_it_goes_on(reader, lang, picture):
    tab, figure = _open(reader, PHONE, lang, AT_START[picture])
    assert f"briefing-picture-{picture}" in figure.get_attribute("class")
    seen = figure.evaluate(SEEN)
    assert seen["overflow"] > 0, f"the {picture} fits a phone: nothing to scroll ({seen})"
    assert seen["scrolled"] == 0, f"the {picture} does not open at its start: {seen}"
    if picture == "matrix":  # its rows' names, at the start, are on screen
        names = figure.locator(":scope > svg a:not(:has(rect)) > text")
        assert names.count() > 5
        assert figure.evaluate(
            """fig => {
              const box = fig.getBoundingClientRect();
              return [...fig.querySelectorAll(':scope > svg a:not(:has(rect)) > text')]
                .every(t => { const r = t.getBoundingClientRect();
                              return r.left >= box.left - 0.5 && r.right <= box.right + 0.5; });
            }"""), "a row's name is off screen"
    _shaded_at_the_end_only(tab, figure, lang, f"{picture}-390", f"the {picture} goes on")


# The network's states named below (content/actors), as a reader of each language reads them.
STATES = {"en": ("Morocco", "Israel"), "ar": ("المغرب", "إسرائيل")}

# The network as the reader sees it: for each actor named, whether its name and its node lie
# whole inside the visible part of the figure's box, and how many arcs start inside it (where
# each path begins, on screen).
NETWORK_SEEN = """(fig, names) => {
  const box = fig.getBoundingClientRect();
  const inside = r => r.width > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5
    && r.left >= 0 && r.right <= document.documentElement.clientWidth + 0.5;
  const svg = fig.querySelector(':scope > svg');
  const actors = [...svg.querySelectorAll('a')].map(a => [a, a.querySelector('text')])
    .filter(([a, t]) => t && names.includes(t.textContent.trim()))
    .map(([a, t]) => ({name: t.textContent.trim(), name_seen: inside(t.getBoundingClientRect()),
                       node_seen: inside(a.querySelector('circle').getBoundingClientRect())}));
  const starts = [...svg.querySelectorAll('path')]
    .map(p => p.getPointAtLength(0).matrixTransform(p.getScreenCTM()));
  return {
    overflow: fig.scrollWidth - fig.clientWidth,
    scrolled: fig.scrollLeft,
    actors,
    arcs: starts.length,
    arcs_seen: starts.filter(s => s.x >= Math.max(box.left, 0)
      && s.x <= Math.min(box.right, document.documentElement.clientWidth)
      && s.y >= box.top && s.y <= box.bottom).length,
  };
}"""


def _network_shows_the_states(figure, lang: str) -> dict:
    seen = figure.evaluate(NETWORK_SEEN, list(STATES[lang]))
    assert seen["overflow"] > 0, f"the network fits a phone: nothing to scroll ({seen})"
    assert sorted(a["name"] for a in seen["actors"]) == sorted(STATES[lang]), seen
    for actor in seen["actors"]:
        assert actor["name_seen"], f"{actor['name']}'s name is cut off: {seen}"
        assert actor["node_seen"], f"{actor['name']}'s node is off screen: {seen}"
    assert seen["arcs"] > 0 and seen["arcs_seen"] > 0, f"no arc starts on screen: {seen}"
    return seen


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_network_opens_at_its_nodes(reader, lang):
    """Opened at its start, the network showed a phone only the start of its longest names: no
    name whole, no node, no arc. It opens at its node column instead: the states' names are
    whole, their nodes on screen and the arcs starting beside them; a shadow on each edge says
    the picture goes on both ways (long names before, the widest arcs after)."""
    tab, figure = _open(reader, PHONE, lang, AT_NODES["network"])
    assert "briefing-picture-network" in figure.get_attribute("class")
    _network_shows_the_states(figure, lang)
    shade = _shadows(tab, figure, lang)
    save_screenshot(tab.page, f"pictures-phone-{lang}-network-390")
    assert shade["start"] >= SHADOW, f"no shadow where long names go on: {shade}"
    assert shade["end"] >= SHADOW, f"no shadow where the arcs go on: {shade}"

    # turned on its side and back, it is at its nodes again (the reader had not scrolled it)
    tab.page.set_viewport_size({"width": PHONE[1], "height": PHONE[0]})
    tab.page.wait_for_function("f => f.scrollWidth <= f.clientWidth", arg=figure.element_handle())
    tab.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    tab.page.wait_for_function("f => f.scrollWidth > f.clientWidth && f.scrollLeft !== 0",
                               arg=figure.element_handle())
    _network_shows_the_states(figure, lang)

    # scrolled to its start by the reader, it stays there as the box resizes
    figure.evaluate("f => { f.scrollLeft = 0; }")
    tab.page.wait_for_function("f => f.scrollLeft === 0", arg=figure.element_handle())
    tab.page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
    tab.page.set_viewport_size({"width": PHONE[0] - 30, "height": PHONE[1]})
    tab.page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                      "requestAnimationFrame(() => r())))")
    assert figure.evaluate("f => f.scrollLeft") == 0, "moved back, against the reader's scroll"
    _clean(tab)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", [*TIMED.values(), *AT_START.values(), *AT_NODES.values()])
def test_on_a_desktop_the_pictures_fit_unscrolled_with_no_shadow(reader, lang, path):
    tab, figure = _open(reader, DESKTOP, lang, path)
    seen = figure.evaluate(SEEN)
    assert seen["overflow"] <= 0, f"the picture does not fit a desktop: {seen}"
    assert seen["scrolled"] == 0, seen
    if seen["newest"]:
        assert seen["oldest"]["seen"] and seen["newest"]["seen"], seen
    shade = _shadows(tab, figure, lang)
    assert shade["start"] <= NONE and shade["end"] <= NONE, (
        f"a shadow on a picture that fits: {shade}"
    )
    _clean(tab)


@pytest.mark.parametrize("lang", LANGS)
def test_a_phone_turned_and_back_still_shows_the_newest_year(reader, lang):
    """Turned on its side the column is wide enough for the timeline; turned back it is not, and
    the timeline is again at its newest year (the reader had not scrolled it elsewhere)."""
    tab, figure = _open(reader, PHONE, lang, TIMED["timeline"])
    tab.page.set_viewport_size({"width": PHONE[1], "height": PHONE[0]})
    tab.page.wait_for_function("f => f.scrollWidth <= f.clientWidth", arg=figure.element_handle())
    tab.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    tab.page.wait_for_function(
        "f => f.scrollWidth > f.clientWidth"
        " && Math.abs(f.scrollLeft) >= f.scrollWidth - f.clientWidth - 1",
        arg=figure.element_handle(),
    )
    assert figure.evaluate(SEEN)["newest"]["seen"]
    _clean(tab)


@pytest.mark.parametrize("lang", LANGS)
def test_printed_pictures_are_whole_with_no_shadow(reader, lang):
    """What the phone's screen scrolled does not carry over to paper: printed, the figure does
    not scroll, starts at its start and paints no shadow."""
    tab, figure = _open(reader, PHONE, lang, TIMED["timeline"])
    assert figure.evaluate("f => Math.abs(f.scrollLeft)") > 0  # scrolled on screen
    tab.page.emulate_media(media="print")
    printed = figure.evaluate(
        """f => { const s = getComputedStyle(f), box = f.getBoundingClientRect();
                  const pic = f.querySelector(':scope > svg').getBoundingClientRect();
                  // from the figure's reading start to the picture's
                  const offset = s.direction === 'rtl' ? box.right - pic.right
                                                       : pic.left - box.left;
                  return [s.overflowX, s.backgroundImage, f.scrollLeft, offset]; }"""
    )
    assert printed[:3] == ["visible", "none", 0], printed
    assert abs(printed[3]) < 1, f"the printed picture does not start at its start: {printed}"
    _clean(tab)


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_timeline_lanes_stay_named_wherever_it_is_scrolled(reader, lang):
    """The lanes are named at the timeline's start, which is off screen when it opens at its
    newest years: the names stay at the box's reading start, on top of the marks, at the newest
    end, half way and back at the start."""
    tab, figure = _open(reader, PHONE, lang, TIMED["timeline"])
    _into_view(tab, figure)
    overflow = figure.evaluate("f => f.scrollWidth - f.clientWidth")
    assert overflow > 0
    sign = -1 if lang == "ar" else 1
    for where, scroll in [("at the newest end", None), ("half way", sign * overflow / 2),
                          ("at the start", 0)]:
        if scroll is not None:
            figure.evaluate("(f, x) => { f.scrollLeft = x; }", scroll)
            tab.page.wait_for_function("([f, x]) => Math.abs(f.scrollLeft - x) < 1",
                                       arg=[figure.element_handle(), scroll])
            tab.page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        names = figure.evaluate(LANE_NAMES, _standing_words(lang))
        assert len(names) >= 2, names
        assert all(n["inside"] for n in names), f"a lane's name off screen, {where}: {names}"
        assert all(n["onTop"] for n in names), f"a mark covers a lane's name, {where}: {names}"
    save_screenshot(tab.page, f"pictures-phone-{lang}-timeline-lanes")
    _clean(tab)
