"""The reader's pages in Chromium: every page kind in both languages shows what that kind is for,
the timeline picture runs the reading way (right to left in Arabic) and its marks lead to their
events, and pages print without navigation and with their links written out.

A screenshot of each page kind in each language is kept under test-artifacts/screenshots/
(``pages-<lang>-<kind>.png``) for a person to look at.
"""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from generator.validate import load_and_validate
from tests.conftest import html_pages

from .conftest import LANGUAGES, ROOT, save_screenshot

pytestmark = pytest.mark.browser

# What a reader looks for on each kind of page: selectors that must be visible.
SHOWS = {
    "home": ["article h1", "article a[href*='timeline/']"],
    "page": ["article h1", "article h2"],
    "timeline": ["figure.briefing-picture-timeline > svg", "article h2",
                 "article li .badge.standing", "figure.briefing-picture-timeline figcaption"],
    "event": ["article h1", "article .badge.standing", "article a[href*='sources/']",
              "article a[href*='actors/']", "article hr"],
    "actors": ["figure.briefing-picture-network > svg", "article h2", "article li a"],
    "actor": ["article h1", "article a[href*='events/']"],
    "agreements": ["article table th", "article table .badge.status",
                   "article table a[href*='actors/']"],
    "agreement": ["article h1", "article .badge.status", "article .facts dl",
                  "article a[href*='sources/']"],
    "areas": ["figure.briefing-picture-matrix > svg", "article li a"],
    "area": ["article h1", "article a[href*='events/']"],
    "sources": ["article table th", "article table a"],
    "source": ["article h1", "article .facts dl", "article a[href*='events/']"],
}
PAGES = [(lang, kind) for lang in LANGUAGES for kind in SHOWS]


@pytest.mark.parametrize(("lang", "kind"), PAGES, ids=[f"{lang}-{k}" for lang, k in PAGES])
def test_page_kind_shows_what_it_is_for(page, site, kind_paths, lang, kind):
    response = page.goto(site.at(LANGUAGES[lang] + kind_paths[kind]))
    assert response is not None and response.ok
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    for selector in SHOWS[kind]:
        assert page.locator(selector).first.is_visible(), f"{kind} ({lang}): no {selector}"
    save_screenshot(page, f"pages-{lang}-{kind}")
    assert site.foreign == []


def test_register_has_the_columns_of_an_arms_transfer_register(page, site):
    expected = {"en": ["Date", "Title", "Kind", "Parties", "Signatories", "Areas", "Status",
                       "Reported value", "Sources"],
                "ar": ["التاريخ", "العنوان", "النوع", "الأطراف", "الموقّعون", "المجالات",
                       "الحالة", "القيمة المذكورة", "المصادر"]}
    briefing = load_and_validate(ROOT / "content")
    for lang, heads in expected.items():
        page.goto(site.at(LANGUAGES[lang] + "agreements/"))
        assert page.locator("article table th").all_inner_texts() == heads
        assert page.locator("article table tbody tr").count() == len(briefing.agreements)


def _middles():
    """Each event's place on the time axis: the middle of the days its date allows."""
    briefing = load_and_validate(ROOT / "content")
    middles = {}
    for event_id, event in briefing.events.items():
        when = briefing.when(event)
        first, last = when.start.first_day, when.last_day
        middles[event_id] = first + (last - first) / 2
    return middles


def _mark_centre(page, event_id: str) -> float:
    box = page.locator(f"figure.briefing-picture-timeline a[href='../events/{event_id}/'] "
                       "circle").bounding_box()
    assert box, f"no visible mark for {event_id}"
    return box["x"] + box["width"] / 2


def test_arabic_timeline_picture_runs_right_to_left(page, site):
    middles = _middles()
    earliest, latest = min(middles, key=middles.get), max(middles, key=middles.get)
    assert middles[earliest] < middles[latest]

    page.goto(site.at("ar/timeline/"))
    first_x, last_x = _mark_centre(page, earliest), _mark_centre(page, latest)
    assert first_x > last_x, "in Arabic the earliest event is drawn right of the latest"
    years = page.locator("figure.briefing-picture-timeline > svg text[text-anchor='middle']")
    boxes = {t: b for t, b in zip(years.all_inner_texts(),
                                  (years.nth(i).bounding_box() for i in range(years.count())),
                                  strict=True)}
    ordered = sorted(boxes, key=lambda year: boxes[year]["x"], reverse=True)
    assert ordered == sorted(boxes), "year labels run right to left"
    lane = page.locator("figure.briefing-picture-timeline > svg text", has_text="رسمي").first
    svg = page.locator("figure.briefing-picture-timeline > svg").bounding_box()
    lane_box = lane.bounding_box()
    assert lane_box["x"] > svg["x"] + svg["width"] / 2, "lane labels sit on the right"
    save_screenshot(page, "pages-ar-timeline-picture")

    page.goto(site.at("timeline/"))
    assert _mark_centre(page, earliest) < _mark_centre(page, latest), "English runs left to right"


def test_a_timeline_mark_leads_to_its_event(page, site):
    middles = _middles()
    latest = max(middles, key=middles.get)
    page.goto(site.at("ar/timeline/"))
    page.locator(f"figure.briefing-picture-timeline a[href='../events/{latest}/']").click()
    page.wait_for_url(f"**/ar/events/{latest}/")
    assert page.locator("article .badge.standing").first.is_visible()


def test_pictures_carry_text_alternatives_in_the_page_language(page, site):
    for lang, path, name in (("ar", "timeline/", "timeline"), ("ar", "actors/", "network"),
                             ("en", "areas/", "matrix"), ("ar", "areas/", "matrix")):
        page.goto(site.at(LANGUAGES[lang] + path))
        svg = page.locator(f"figure.briefing-picture-{name} > svg")
        labelled = svg.get_attribute("aria-labelledby").split()
        texts = [page.locator(f"#{i}").text_content() for i in labelled]
        assert len(texts) == 2 and all(len(t) > 20 for t in texts[1:])
        has_arabic = any("\u0600" <= ch <= "\u06ff" for ch in "".join(texts))
        assert has_arabic == (lang == "ar")


def _full_address(page, link) -> str:
    """How a printed link should write out its address: in full, as a reader can type it, on
    the published site (the page's canonical address, from site_url), not as the relative path
    ("../../actors/x/") the page links with."""
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical.startswith("http")
    return f"<{urljoin(canonical, link.get_attribute('href'))}>"


def test_pages_print_without_navigation_and_with_links_written_out(page, site, kind_paths):
    for lang in LANGUAGES:
        page.goto(site.at(LANGUAGES[lang] + kind_paths["event"]))
        page.emulate_media(media="print")
        for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
            assert not page.locator(chrome).first.is_visible(), f"{chrome} printed ({lang})"
        link = page.locator("article li a[href*='actors/']").first
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert _full_address(page, link) in after, after
        assert len(page.pdf(format="A4")) > 10_000
        page.emulate_media(media="screen")
        assert page.locator(".md-header").first.is_visible()
        assert link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")


def test_a_printed_arabic_page_writes_each_address_in_one_piece(page, site):
    """An address written after an Arabic link is Latin inside a right-to-left line: cut at the
    line's end, it went on at the start of the next line, so the paper showed "<http://loc" at the
    far left of one line and "alhost:8000/ar/…>" in the middle of the next. Read from the PDF in
    reading order, each address written out is whole."""
    page.goto(site.at("ar/events/security-mou-signing-2021/"))
    page.emulate_media(media="print")
    written = page.locator("article a[data-print-href]").evaluate_all(
        "links => links.filter(a => getComputedStyle(a, '::after').content.includes('http'))"
        ".map(a => a.dataset.printHref)")
    assert len(written) > 10  # actors, agreements, sources, related events
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages)).replace("\ufb01", "fi")
    broken = [address for address in written if address not in text]
    assert broken == [], f"{len(broken)} of {len(written)} addresses printed in pieces"


def test_printed_timeline_writes_out_event_links_but_not_the_repeated_area_links(page, site):
    page.goto(site.at("timeline/"))
    page.emulate_media(media="print")
    after = "a => getComputedStyle(a, '::after').content"
    event = page.locator("article li a[href*='events/']").first
    area = page.locator("article li a[href*='areas/']").first
    assert _full_address(page, event) in event.evaluate(after)
    assert area.evaluate(after) in ("none", "normal")
    mark = page.locator("figure.briefing-picture-timeline > svg a").first
    assert mark.evaluate(after) in ("none", "normal")


# For each table of the article: whether it is wider than its box (the reader would have to
# scroll it sideways), and the text of every first-column cell with how many lines it takes.
_TABLES = """() => [...document.querySelectorAll("article table")].map(table => {
  const box = table.closest(".md-typeset__scrollwrap") || table.parentElement
  return {
    overflows: box.scrollWidth > box.clientWidth + 1,
    dates: [...table.querySelectorAll("tbody td:first-child")].map(td => {
      const range = document.createRange()
      range.selectNodeContents(td)
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)))
      return [td.textContent.trim(), tops.size]
    })
  }
})"""


@pytest.mark.parametrize("path", ["agreements/", "ar/agreements/", "sources/", "ar/sources/"])
def test_index_tables_fit_a_desktop_and_never_break_a_date(page, site, path):
    """On a desktop every column of the agreements and sources indexes is in view, and a
    single date ("24 November 2021") stays on one line; only a range or a qualifier wraps."""
    page.goto(site.at(path))
    tables = page.evaluate(_TABLES)
    assert tables and all(table["dates"] for table in tables)
    assert [t for t in tables if t["overflows"]] == [], f"a table on {path} is cut off"
    single = [(text, lines) for t in tables for text, lines in t["dates"]
              if "–" not in text and "(" not in text]
    assert single, f"no single date on {path}"
    assert [(text, lines) for text, lines in single if lines > 1] == []


# The register's titles (second column): words and lines of each.
_TITLES = """() => [...document.querySelectorAll("article table tbody td:nth-child(2)")].map(td => {
  const range = document.createRange()
  range.selectNodeContents(td)
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)))
  return [td.textContent.trim().split(/\\s+/).length, tops.size]
})"""


@pytest.mark.parametrize("path", ["agreements/", "ar/agreements/", "sources/", "ar/sources/"])
def test_on_a_phone_index_titles_read_in_lines_of_a_few_words(page, site, path):
    """On a phone the agreements and sources indexes scroll sideways, and their titles had the
    narrowest column: two words a line, eight lines a title. They keep room for a few words."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site.at(path))
    titles = page.evaluate(_TITLES)
    assert len(titles) >= 3, titles
    words, lines = sum(w for w, _ in titles), sum(n for _, n in titles)
    assert words / lines >= 3, f"{words} words on {lines} lines: {titles}"
    save_screenshot(page, f"index-phone-{path.replace('/', '-').strip('-')}")


# Each field of a register's rows as drawn: its text, the name written before it (the cell's
# ::before), and whether it lies whole on the screen.
_FIELDS = """() => [...document.querySelectorAll("article .register table tbody td")]
  .filter(td => td.textContent.trim())
  .map(td => {
    const box = td.getBoundingClientRect()
    return [td.textContent.trim().slice(0, 30), getComputedStyle(td, "::before").content,
            box.width > 0 && box.left >= 0 && box.right <= document.documentElement.clientWidth]
  })"""


@pytest.mark.parametrize(("path", "names"), [
    ("agreements/", ["Kind", "Parties", "Areas", "Status", "Sources"]),
    ("ar/agreements/", ["النوع", "الأطراف", "المجالات", "الحالة", "المصادر"]),
    ("sources/", ["Outlet", "Language", "Events"]),
    ("data/", ["Number", "JSON", "CSV", "JSON Schema"]),
    ("ar/data/", ["العدد", "JSON", "CSV", "مخطط JSON"]),
])
def test_on_a_phone_a_register_shows_every_field_named(page, site, path, names):
    """On a phone the agreements index scrolled sideways: its standing, its sources and most
    fields were off screen; the data page's downloads did too, the CSV and schema columns past
    the edge. Each row is a card: every field on screen, after its name."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site.at(path))
    fields = page.evaluate(_FIELDS)
    assert len(fields) > 10, fields
    off = [text for text, _, seen in fields if not seen]
    assert off == [], f"fields off screen on {path}: {off[:5]}"
    written = {label.strip('"').rstrip(": ") for _, label, _ in fields}
    assert set(names) <= written, written
    save_screenshot(page, f"register-phone-{path.replace('/', '-').strip('-')}")


@pytest.mark.parametrize(("path", "names"), [
    ("agreements/security-mou-2021/", ["Kind", "Date", "Parties", "Signatories", "Areas"]),
    ("ar/agreements/security-mou-2021/", ["النوع", "التاريخ", "الأطراف", "الموقّعون", "المجالات"]),
    ("sources/src-2022-09-12-belkhir-visit/", ["Outlet", "Published", "Language",
                                               "Original article"]),  # "no web address known"
])
def test_a_record_facts_are_read_with_their_names(page, site, path, names):
    """Assistive technology reads each fact of a record (kind, date, parties; an article's outlet,
    date, language, and its address or that none is known) with its name: the names were cells
    of a table whose header row was empty and hidden, a table without headers. Seen, each name
    sits beside its value, the first one at the top of the facts (no empty strip above them)."""
    page.goto(site.at(path))
    article = page.locator("article")
    terms, values = article.get_by_role("term"), article.get_by_role("definition")
    assert terms.all_inner_texts() == names
    assert values.count() == len(names)
    assert all(text.strip() for text in values.all_inner_texts())
    assert article.get_by_role("table").count() == 0
    for n in range(len(names)):
        name, value = terms.nth(n).bounding_box(), values.nth(n).bounding_box()
        assert abs(name["y"] - value["y"]) < 2, names[n]  # on the same line
        beside = value["x"] >= name["x"] + name["width"] if not path.startswith("ar/") else (
            value["x"] + value["width"] <= name["x"])
        assert beside, names[n]
    block = terms.first.locator("xpath=..").bounding_box()
    assert terms.first.bounding_box()["y"] - block["y"] < 3, "an empty strip above the facts"


def test_arabic_downloads_show_each_size_whole_after_its_file(page, site):
    """On the Arabic Data page a download reads name, then size: the size «(87 كيلوبايت)»
    sits left of the name, on one line, its brackets around it, not split across lines."""
    page.goto(site.at("ar/data/"))
    links = page.locator("article table a:has(.file-size)")
    assert links.count() >= 10
    for i in range(links.count()):
        name, size = links.nth(i).locator("bdi").nth(0), links.nth(i).locator(".file-size")
        drawn = size.evaluate("""el => {
          const range = document.createRange()
          range.selectNodeContents(el)
          const rects = [...range.getClientRects()]
          return {lines: new Set(rects.map(r => Math.round(r.top))).size,
                  text: el.textContent}
        }""")
        assert drawn["lines"] == 1, f"{drawn['text']} is split across lines"
        named, sized = name.bounding_box(), size.bounding_box()
        below = sized["y"] >= named["y"] + named["height"] - 1  # wrapped to the next line
        left = sized["x"] + sized["width"] <= named["x"] + 1
        assert below or left, f"{drawn['text']} is not after its file name"


@pytest.mark.parametrize("path", ["actors/", "ar/actors/"])
def test_names_in_the_network_are_underlined_only_when_pointed_at(page, site, path):
    """An underline through the network's small labels cut the Arabic letters that dip below
    the line: names are plain until hovered or focused; links in the text stay underlined."""
    page.goto(site.at(path))
    name = page.locator("figure.briefing-picture-network svg a").first
    # an underline drawn through the link or its text (SVG text takes it from either)
    decoration = """el => [el, el.querySelector('text')]
                     .map(e => getComputedStyle(e).textDecorationLine).join(' ')"""
    assert name.evaluate(decoration) == "none none"
    name.hover()
    assert "underline" in name.evaluate(decoration)
    text_link = page.locator("article li a").first
    assert text_link.evaluate("el => getComputedStyle(el).textDecorationLine") == "underline"


@pytest.mark.parametrize("path", ["data/", "ar/data/"])
def test_the_data_page_names_each_field_whole(page, site, path):
    """A field name ("former_ids", "date_start") is what a reader types into code: it is never
    split across two lines of its table cell."""
    page.goto(site.at(path))
    names = page.locator("article td:first-child > code")
    assert names.count() > 20
    split = names.evaluate_all("""codes => codes.filter(code => {
      const range = document.createRange()
      range.selectNodeContents(code)
      return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1
    }).map(code => code.textContent)""")
    assert split == []


# A page's title, its lines of words and its height: the heading's permanent link ("¶", shown on
# hover) wrapped onto a line of its own under a title that filled its last line.
_TITLE_LINES = """() => {
  const h1 = document.querySelector('article h1');
  const range = document.createRange();
  range.selectNodeContents(h1.firstChild);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return {lines: tops.size, height: h1.getBoundingClientRect().height,
          line: parseFloat(getComputedStyle(h1).lineHeight)};
}"""


def test_a_title_takes_no_more_lines_than_its_words(page, site):
    """A long title filling its last line got an empty line under it, 40 px before the badge, on
    ten pages of the desktop site."""
    tall = []
    for url in html_pages(site.root):
        page.goto(site.at(url), wait_until="domcontentloaded")
        if not page.locator("article h1").count():
            continue
        title = page.evaluate(_TITLE_LINES)
        if title["height"] > title["lines"] * title["line"] + 2:
            tall.append((url, title))
    assert tall == []


@pytest.mark.parametrize("path", ["agreements/", "ar/agreements/", "timeline/", "ar/timeline/"])
def test_a_badge_is_as_legible_as_the_smallest_text_around_it(page, site, path):
    """A badge's word (Signed, Official, Media report) was 0.75 of its table's 12.8-px text:
    9.6 px on the agreements register, the smallest text of the site."""
    page.goto(site.at(path))
    sizes = page.locator("article .badge").evaluate_all(
        "badges => badges.map(b => parseFloat(getComputedStyle(b).fontSize))")
    assert sizes and min(sizes) >= 11, sorted(set(sizes))
