"""Search as a reader uses it, in real Chromium on the real briefing: typing into Material's
search box, in each language.

Playwright types characters that are not on a US keyboard (all of Arabic) as text input without
key events, and Material reads the box on ``keyup``: every query ends with a key press (End).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.search.normalise import terms, words
from generator.validate import load_and_validate

from .conftest import save_screenshot, wait_for_answer

pytestmark = pytest.mark.browser

BOX = "input[data-md-component=search-query]"
RESULTS = ".md-search-result__list"

# (site language, what the reader types, a word one of the results must show). Every rule of
# issue 5 is here at least once; the comment names it.
RECALL = [
    ("ar", "اسرائيل", "إسرائيل"),  # bare alef for أ/إ
    ("ar", "إسرائيل", "وإسرائيل"),  # page writes و + word
    ("ar", "وإسرائيل", "إسرائيل"),  # query carries و
    ("ar", "اسرائيلي", "الإسرائيلي"),  # article on the page, no hamza in the query
    ("ar", "بلخير", "بلخير"),  # a name starting with ب is not cut
    ("ar", "فاروق", "الفاروق"),  # article
    ("ar", "المغرب", "والمغرب"),  # و + article
    ("ar", "الطائرات", "الطائرات"),
    ("ar", "طائرات", "الطائرات"),  # article on the page only
    ("ar", "افريقيا", "أفريقيا"),  # hamza above
    ("ar", "السيبراني", "السيبراني"),
    ("ar", "للاستعلام", "الاستعلام"),  # ل + ال written لل
    ("ar", "وبالمغرب", "المغرب"),  # و + ب + ال
    ("ar", "للتعاون", "التعاون"),  # لل again
    ("ar", "فالتعاون", "التعاون"),  # ف + ال
    ("ar", "مذكره", "مذكرة"),  # ة typed as ه
    ("ar", "الاولي", "الأولى"),  # ى typed as ي, no hamza
    ("ar", "مُذَكِّرَة", "مذكرة"),  # diacritics typed
    ("ar", "تعـــاون", "تعاون"),  # tatweel typed
    ("ar", "الطايرات", "الطائرات"),  # ئ typed as ي
    ("ar", "Elbit", "إلبيت"),  # Latin company name on the Arabic site
    ("ar", "Gantz", "غانتس"),  # Latin person name on the Arabic site
    ("en", "agreements", "agreement"),  # plural finds singular
    ("en", "agreement", "agreements"),  # and the reverse
    ("en", "drones", "drone"),
    ("en", "drone", "drones"),
    ("en", "Gantz", "Gantz"),
    ("en", "gantz's", "Gantz"),  # possessive, case
    ("en", "MOROCCO", "Morocco"),  # case
    ("en", "Israel's drones", "Israel"),  # two words, both required
    ("en", "air defense", "defence"),  # American spelling, British page
    ("en", "organization", "Organisation"),
    ("ar", "طائرة", "الطائرات"),  # singular in ة finds the plural in ات
    ("ar", "طائرة مسيرة", "مسيّرة"),  # the usual phrase for a drone
]


def open_search(tab, url: str) -> None:
    tab.goto(url)
    tab.locator(BOX).click()


def type_query(tab, query: str) -> None:
    """Replace the box's text the way a reader does, ending with a key press (keyup)."""
    tab.locator(BOX).focus()
    tab.keyboard.press("Control+A")
    tab.keyboard.press("Backspace")
    tab.keyboard.type(query)
    tab.keyboard.press("End")


def result_texts(tab) -> list[str]:
    return tab.locator(f"{RESULTS} .md-search-result__item").evaluate_all(
        "items => items.map(item => item.textContent)"
    )


def wait_for_word(tab, word: str, timeout: float = 8000) -> bool:
    try:
        tab.wait_for_function(
            """word => [...document.querySelectorAll('.md-search-result__item')]
                .some(item => item.textContent.includes(word))""",
            arg=word, timeout=timeout,
        )
        return True
    except Exception:  # Playwright's TimeoutError: reported below with the query
        return False


def settled_hrefs(tab) -> list[str]:
    """Result links once the list stops changing (the worker answers as the reader types)."""
    tab.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.trim().length > 0"
    )
    previous = None
    for _ in range(20):
        tab.wait_for_timeout(150)
        hrefs = tab.locator(f"{RESULTS} a.md-search-result__link").evaluate_all(
            "links => links.map(a => a.href)"
        )
        if hrefs == previous:
            return hrefs
        previous = hrefs
    return previous or []


def test_recall_every_query_finds_a_result_with_its_word(page, site):
    missed = []
    for lang in ("ar", "en"):
        open_search(page, site.at("/ar/" if lang == "ar" else "/"))
        for query_lang, query, word in RECALL:
            if query_lang != lang:
                continue
            type_query(page, query)
            if not wait_for_word(page, word):
                missed.append((lang, query, word, [t[:80] for t in result_texts(page)[:3]]))
    found = len(RECALL) - len(missed)
    report = Path(__file__).resolve().parents[2] / "test-artifacts" / "search-recall.json"
    report.parent.mkdir(exist_ok=True)
    report.write_text(json.dumps({"queries": len(RECALL), "found": found, "missed": missed},
                                 ensure_ascii=False, indent=1), "utf-8")
    assert missed == [], f"recall {found}/{len(RECALL)}"


LEAK_QUERIES = ["المغرب", "إسرائيل", "Gantz", "Elbit", "Morocco", "2021", "agreement", "دفاع"]


@pytest.mark.parametrize(("lang", "home"), [("ar", "/ar/"), ("en", "/")])
def test_results_never_cross_into_the_other_language(page, site, lang, home):
    open_search(page, site.at(home))
    seen = 0
    for query in LEAK_QUERIES:
        type_query(page, query)
        hrefs = settled_hrefs(page)
        seen += len(hrefs)
        crossing = [h for h in hrefs if h.startswith(site.at("/ar/")) != (lang == "ar")]
        assert crossing == [], (query, crossing)
    assert seen > 0  # the queries did find pages
    assert site.foreign == []


def test_keyboard_alone_rtl_results_highlight_and_the_right_page(page, site):
    page.goto(site.at("/ar/timeline/"))
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    assert page.evaluate("box => document.activeElement.matches(box)", BOX)
    page.keyboard.type("بلخير")
    page.keyboard.press("End")
    wait_for_answer(page, "بلخير")  # the first result is the one read and followed below
    results = page.locator(".md-search-result")
    assert results.evaluate("el => getComputedStyle(el).direction") == "rtl"
    first = page.locator(f"{RESULTS} .md-search-result__item").first
    assert "بلخير" in first.locator("mark").first.inner_text()
    title = first.locator("h1").inner_text()
    save_screenshot(page, "search-ar-results")
    page.keyboard.press("ArrowDown")  # from the box to the first result
    focused = page.evaluate("document.activeElement.href")
    assert focused and "/ar/" in focused
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("?")[0] == focused.split("?")[0]
    landed = page.locator("article h1").first.inner_text().replace("¶", "").strip()
    assert landed == title.strip()
    # search.highlight: the word is marked on the page the reader lands on
    page.wait_for_selector("article mark[data-md-highlight]")
    marked = page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert any("بلخير" in text for text in marked)
    assert site.foreign == []


def test_enter_in_the_box_opens_the_best_english_result(page, site):
    open_search(page, site.at("/"))
    type_query(page, "Gantz")
    wait_for_answer(page, "Gantz")
    first = page.locator(f"{RESULTS} a.md-search-result__link").first.get_attribute("href")
    page.locator(BOX).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("?")[0] == first.split("?")[0]
    assert not page.url.startswith(site.at("/ar/"))
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"


PARITY_TEXTS = [
    "وإسرائيل اسرائيلي بلخير الطائرات افريقيا السيبراني للاستعلام وبالمغرب فللاستعلام",
    "مُذَكِّرَةٌ تـــعاون الأولى إلى آمن ٱلله مسؤول مسئول جزء ﻻ ٢٠٢١ ۲۰۲۱ ک ی",
    "Gantz's drones’ agreements companies taxes Société İstanbul ΣΟΦΟΣ naïve",
    "defense defenses organizations organized organizing quiz citizens Aziz",
    "الطائرات والمسيرات قوات ذات طائرة للاتفاقيات",
    "\u200fنص\u200e مع\u200c علامات\u0640 مخفية\ufeff",
]


def test_browser_and_build_turn_text_into_the_same_terms(page, site):
    """The index is built in Python, queries are read in JavaScript: same words, same terms."""
    content = Path(__file__).resolve().parents[2] / "content"
    samples = list(PARITY_TEXTS)
    for path in sorted(content.rglob("*.yaml"))[:40]:
        samples.append(path.read_text("utf-8"))
    page.goto(site.at("/"))
    page.add_script_tag(url=site.at("/assets/javascripts/search-normalise.js"))
    browser_side = page.evaluate(
        "texts => texts.map(t => BriefingSearch.words(t).map(w => [w, BriefingSearch.terms(w)]))",
        samples,
    )
    python_side = [[[w, [list(t) for t in terms(w)]] for w in words(text)] for text in samples]
    for text, js, py in zip(samples, browser_side, python_side, strict=True):
        assert js == py, text[:80]


@pytest.mark.parametrize(("home", "query", "start"), [
    ("/ar/", "المغرب", "أفضل 30 من الصفحات المطابقة، وعددها "),
    ("/", "Morocco", "The best 30 of "),
])
def test_the_count_above_results_is_the_real_number_of_matching_pages(page, site, home, query,
                                                                      start):
    open_search(page, site.at(home))
    type_query(page, query)
    page.wait_for_function(
        "start => document.querySelector('.md-search-result__meta').textContent.startsWith(start)",
        arg=start,
    )
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(meta[len(start):].split()[0].replace(",", ""))
    assert total > 30  # nearly every page of this briefing names the country
    # fewer than 30 pages: Material's own count stays
    few, shown = ("للاستعلام", "الاستعلام") if home == "/ar/" else ("Steadicopter", "Steadicopter")
    type_query(page, few)
    assert wait_for_word(page, shown)
    page.wait_for_function(
        "start => !document.querySelector('.md-search-result__meta').textContent.startsWith(start)",
        arg=start,
    )
    assert page.locator(f"{RESULTS} [data-search-total]").count() == 0
    # ... in the site's own words, with Arabic number agreement ("17 مستندات" was the theme's)
    meta = page.locator(".md-search-result__meta").inner_text()
    said = re.fullmatch(r"عدد الصفحات المطابقة: (\d+)|صفحة (واحدة) مطابقة" if home == "/ar/"
                        else r"(\d+) matching pages|(1) matching page", meta)
    assert said, meta
    shown = page.locator(f"{RESULTS} > li").count()  # the theme shows 10, more on scrolling
    assert int(said[1] or 1) >= shown > 0
    type_query(page, "zqxjv")
    page.wait_for_function("() => !document.querySelector('.md-search-result__list > li')")
    none = "لا توجد صفحات مطابقة" if home == "/ar/" else "No matching pages"
    page.wait_for_function(
        "none => document.querySelector('.md-search-result__meta').textContent === none",
        arg=none)


def test_an_excerpt_opens_at_the_entry_of_its_match(page, site):
    """A list's text keeps its entries apart ("… development. about July 2022 · IDF Chief of
    Staff Aviv Kochavi visits …"): an excerpt starts at the entry the match is in, not at the
    end of the entry before it, nor in the middle of a word or a date."""
    open_search(page, site.at("/"))
    type_query(page, "Kochavi")
    assert wait_for_word(page, "Kochavi")
    settled_hrefs(page)
    excerpts = page.locator(f"{RESULTS} .md-search-result__article p").all_inner_texts()
    midway = [text for text in excerpts if text.startswith("…")]
    assert midway, excerpts  # the timeline's year lists the visit after other events
    entry = re.compile(r"^… [^.…]+ · [^.…]*Kochavi")
    assert any(entry.match(text) for text in midway), midway
    save_screenshot(page, "search-excerpt-entry")


# Every mark the theme left on the page, with the letters that run up to it and on from it.
_MARKS = """() => [...document.querySelectorAll("article mark[data-md-highlight]")].map(mark => {
  const text = node => node && node.nodeType === Node.TEXT_NODE ? node.data : ""
  return [(text(mark.previousSibling).match(/[\\p{L}\\p{N}\\p{M}]+$/u) || [""])[0],
          mark.textContent,
          (text(mark.nextSibling).match(/^[\\p{L}\\p{N}\\p{M}]+/u) || [""])[0]]
})"""


@pytest.mark.parametrize(("home", "query", "word", "inside"), [
    ("/", "El Farouk", "Farouk", "Israeli"),  # "El" was marked in Isra|el|i, h|el|d, fi|el|ds
    ("/ar/", "تل أبيب", "أبيب", "الاختلاف"),  # «تل» in «الاخ|تل|اف»
])
def test_a_page_opened_from_a_result_marks_whole_words_only(page, site, home, query, word,
                                                             inside):
    open_search(page, site.at(home))
    type_query(page, query)
    wait_for_answer(page, word)
    settled_hrefs(page)  # the answer to the whole query, not to its first letters
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("article mark[data-md-highlight]")
    page.wait_for_timeout(300)  # the theme marks the page in one go; let this page settle
    marks = page.evaluate(_MARKS)
    assert any(word in text for _, text, _ in marks), (page.url, marks)
    glued = [m for m in marks if m[0] and m[0] not in ("و", "ف", "ب", "ال", "وال", "بال", "لل")]
    assert glued == [], f"marks inside words: {glued[:8]}"
    text = page.locator("article").inner_text()
    assert inside in text  # the page has the word the letters were marked in


@pytest.mark.parametrize(("home", "query"), [("/", "Elbit"), ("/", "African Lion"),
                                             ("/ar/", "كوخافي")])
def test_every_result_shows_the_words_it_matched(page, site, home, query):
    """A match far down a long section (the home page's, an actor's description) had no
    excerpt: the result read "Home" over an empty line. Each page shows a match, in its title
    or its excerpt."""
    open_search(page, site.at(home))
    type_query(page, query)
    wait_for_answer(page, query.split()[0])
    settled_hrefs(page)
    pages = page.locator(f"{RESULTS} > .md-search-result__item > a > article").evaluate_all(
        "articles => articles.map(a => [a.querySelector('h1').textContent,"
        " (a.querySelector('p') || {textContent: ''}).textContent,"
        " a.querySelectorAll('h1 mark, p mark').length])"
    )
    assert len(pages) >= 2, pages
    blind = [(title, text[:60]) for title, text, marks in pages if not marks]
    assert blind == [], f"results whose excerpt shows no match for {query!r}: {blind}"


@pytest.mark.parametrize(("home", "query", "shown", "said"), [
    ("/", "Gantz Netanyahu", "Gantz", r"No page has every word; pages with some of them: (\d+)"),
    ("/ar/", "غانتس نتنياهو", "غانتس",
     r"لا توجد صفحة تضم كل الكلمات؛ الصفحات التي تضم بعضها: (\d+)"),
])
def test_when_no_page_has_every_word_the_count_says_so(page, site, home, query, shown, said):
    """No page names Netanyahu: the pages shown name Gantz only, each marked "Missing:
    Netanyahu" by the theme, and the count above them read "34 matching pages"."""
    open_search(page, site.at(home))
    type_query(page, query)
    assert wait_for_word(page, shown)
    settled_hrefs(page)
    page.wait_for_function(
        "said => new RegExp(said).test(document.querySelector('.md-search-result__meta')"
        ".textContent)", arg=f"^{said}$", timeout=10_000)
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(re.fullmatch(said, meta)[1])
    assert total >= page.locator(f"{RESULTS} > li").count() > 0


@pytest.mark.parametrize(("home", "query"), [("/", "Elbit"), ("/ar/", "إلبيت")])
def test_a_pasted_query_searches_without_a_key_press(page, site, home, query):
    """Pasted with the mouse or dictated, a query reaches the box with no key released, and the
    theme searches on key release: the results waited for the reader's next key press."""
    open_search(page, site.at(home))
    page.locator(BOX).fill(query)  # an input event, as a paste makes; no key events
    assert wait_for_word(page, query, timeout=10_000), result_texts(page)[:3]


@pytest.mark.parametrize(("home", "query", "found", "said"), [
    ("/", "memorandom", "memorandum",
     "No page has “memorandom”; showing “memorandum”. "),
    ("/", "Kochavy", "Kochavi", "No page has “Kochavy”; showing “Kochavi”. "),
    # the press's spelling of the name; the articles write «غانتس»
    ("/ar/", "غانتز", "غانتس", "لا توجد صفحة تضم «غانتز»؛ وهذه نتائج «غانتس». "),
])
def test_a_misspelt_word_finds_the_word_it_nearly_is_and_says_so(page, site, home, query,
                                                                  found, said):
    """A word on no page found nothing ("No matching pages" for "memorandom"): it is read as
    the nearest word the pages have, one or two letters away, and the sentence above the
    results says which word was searched instead."""
    open_search(page, site.at(home))
    type_query(page, query)
    assert wait_for_word(page, found, timeout=10_000), result_texts(page)[:3]
    settled_hrefs(page)
    page.wait_for_function(
        "said => document.querySelector('.md-search-result__meta').textContent.startsWith(said)",
        arg=said, timeout=10_000)
    marked = page.locator(f"{RESULTS} > .md-search-result__item > a > article").evaluate_all(
        "articles => articles.map(a => [...a.querySelectorAll('h1 mark, p mark')]"
        ".map(mark => mark.textContent))")
    assert len(marked) >= 2, marked
    assert all(any(found.lower() in mark.lower() for mark in marks) for marks in marked), marked
    # what follows the correction is the count of the pages shown
    assert re.search(r"\d", page.locator(".md-search-result__meta").inner_text()[len(said):])


@pytest.mark.parametrize(("home", "letters", "count"), [
    ("/", "Ga", r"(\d+) matching pages|The best 30 of (\d+) matching pages"),
    ("/ar/", "غا", r"عدد الصفحات المطابقة: (\d+)|أفضل 30 من الصفحات المطابقة، وعددها (\d+)"),
])
def test_the_first_letter_typed_is_not_told_that_nothing_matches(page, site, home, letters,
                                                                  count):
    """Words are looked up as beginnings from two letters on: the first key press found no page
    and the theme said "No matching pages" while the reader was still typing."""
    open_search(page, site.at(home))
    prompts = ["Type to start searching", "اكتب لبدء البحث"]
    # the theme empties the line for a moment while its search starts: wait for its prompt
    page.wait_for_function(
        "prompts => prompts.includes(document.querySelector('.md-search-result__meta')"
        ".textContent.trim())", arg=prompts, timeout=10_000)
    placeholder = page.locator(".md-search-result__meta").inner_text()
    assert placeholder in prompts
    with page.expect_response(lambda response: "/t/" in response.url):  # the worker's lookup
        page.keyboard.type(letters[0])
        page.keyboard.press("End")
    texts = []
    for _ in range(8):  # the answer arrives a few milliseconds after its term file
        page.wait_for_timeout(100)
        texts.append(page.locator(".md-search-result__meta").inner_text())
    assert set(texts) == {placeholder}, texts
    page.keyboard.type(letters[1])
    page.keyboard.press("End")
    page.wait_for_function(
        "count => new RegExp(count).test(document.querySelector('.md-search-result__meta')"
        ".textContent)", arg=f"^({count})$", timeout=10_000)


@pytest.mark.parametrize("home", ["/", "/ar/"])
def test_a_year_lists_the_records_of_that_year_before_pages_that_mention_it(page, site, home):
    """A year typed ("2022"): the events, agreements and articles the briefing dates in it come
    first. The methodology page, which writes "2022" thirteen times explaining how dates are
    written, came before all of them; the events of 2022 write it two or three times, as every
    page that lists them does."""
    briefing = load_and_validate(Path(__file__).resolve().parents[2] / "content")
    dated = {f"{home}{kind}/{record_id}/"
             for kind, records in (("events", briefing.events), ("agreements", briefing.agreements),
                                   ("sources", briefing.sources))
             for record_id, record in records.items() if "2022" in briefing.when(record).text}
    open_search(page, site.at(home))
    type_query(page, "2022")
    wait_for_answer(page, "2022")  # not the one letter "2", which leaves the list empty
    # the pages shown (the theme shows ten; a page's matching sections link under it)
    shown = list(dict.fromkeys(urlsplit(href).path for href in settled_hrefs(page)))
    assert len(shown) == 10
    assert shown[:5] == [path for path in shown[:5] if path in dated], shown
    assert f"{home}methodology/" not in shown


@pytest.mark.parametrize(("home", "query", "short", "longer"), [
    ("/", "memorandum of understanding", "of", "official"),
    ("/ar/", "مذكرة من التفاهم", "من", "المناورات"),  # «من» read as the start of «مناورات»
])
def test_a_short_word_before_the_last_stands_for_itself(page, site, home, query, short, longer):
    """Only the word being typed is read as the start of longer words. "memorandum of
    understanding" took "of" for the start of "official", "office", "offer": the 2022
    delegation's page, opened from its result, marked every "official" (9 times)."""
    open_search(page, site.at(home))
    type_query(page, query)
    # the answer to the whole query: "of" is the last word of "memorandum of", as it is typed
    opened = page.wait_for_function("""last => [...document.querySelectorAll(
        '.md-search-result__list a.md-search-result__link')].map(a => a.href).find(href =>
        href.includes('/events/idf-delegation-visit-morocco-2022/')
        && (new URL(href).searchParams.get('h') || '').includes(last))""",
        arg=query.split()[-1], timeout=20_000).json_value()
    page.goto(opened)
    page.wait_for_selector("article mark[data-md-highlight]")
    page.wait_for_timeout(300)
    marked = {word for _, text, _ in page.evaluate(_MARKS) for word in words(text)}
    assert words(short)[0] in marked, (opened, marked)
    assert longer in page.locator("article").inner_text()  # there to be wrongly marked
    typed = words(short)[0]
    readings = {word: {term for term, _ in terms(word)} for word in marked}
    wrong = [word for word, found in readings.items()  # read as typed + more letters
             if typed not in found and any(term.startswith(typed) for term in found)]
    assert wrong == [], (opened, marked)


@pytest.mark.parametrize(("home", "query", "written", "said"), [
    ("/", "UAV", "drone", "No page has “UAV”; showing “"),
    ("/", "cybersecurity", "cyber", "No page has “cybersecurity”; showing “"),
    ("/ar/", "درون", "مسيّرة", "لا توجد صفحة تضم «درون»؛ وهذه نتائج «"),
])
def test_a_word_no_page_writes_finds_the_word_the_briefing_gives_for_it(page, site, home, query,
                                                                         written, said):
    """"UAV", "cybersecurity", «درون»: words researchers type that no page writes found nothing
    ("No matching pages"), though the drones and cyber pages are there. The briefing's search
    synonyms (content/config.yaml) lead to the word the pages write, and the sentence says so."""
    open_search(page, site.at(home))
    type_query(page, query)
    page.wait_for_function(
        "said => document.querySelector('.md-search-result__meta').textContent.startsWith(said)",
        arg=said, timeout=20_000)
    top = page.locator(f"{RESULTS} .md-search-result__item").first
    marked = top.locator("mark").all_inner_texts()
    assert any(written.lower() in mark.lower() for mark in marked), marked
