"""Search index, built in Python: what a reader's words meet, and what each language's index holds.

The browser half (same rules in JavaScript, typing into the search box) is in
tests/browser/test_search*.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build import Paths, build
from generator.search.collect import Section, collect
from generator.search.index import (
    SHARD_BYTES,
    WEIGHT,
    IndexState,
    SearchPage,
    build_files,
    code_unit_order,
    decode_numbers,
    encode_numbers,
    page_terms,
    synonym_terms,
)
from generator.search.normalise import normalise, terms, words
from tests.conftest import edit, run_cli


def term_set(text: str) -> set[str]:
    return {term for word in words(text) for term, _ in terms(word)}


def query_meets(query: str, page_text: str) -> bool:
    """What the worker does: every query word has a term equal to one of the page's terms."""
    page = term_set(page_text)
    return all(any(term in page for term, _ in terms(word)) for word in words(query))


@pytest.mark.parametrize(
    ("query", "page_text"),
    [
        ("اسرائيل", "زيارة إلى إسرائيل"),  # alef with hamza below
        ("إسرائيل", "المغرب واسرائيل"),  # bare alef + attached و
        ("وإسرائيل", "مع إسرائيل"),  # the query carries the clitic
        ("افريقيا", "مناورات الأسد الأفريقي في أفريقيا"),  # alef with hamza above
        ("القران", "القرآن"),  # madda
        ("فاروق", "بلخير الفاروق"),  # article
        ("المغرب", "إسرائيل والمغرب"),  # و + article
        ("الطائرات", "وبالطائرات المسيّرة"),  # و + ب + article, shadda
        ("طائرات", "للطائرات"),  # ل + article written لل
        ("للاستعلام", "مجال الاستعلام"),  # query لل, page ال
        ("الاستعلام", "فللاستعلام"),  # ف + لل
        ("كالمغرب", "المغرب"),  # ك
        ("مذكرة", "مذكره"),  # taa marbuta / haa
        ("مذكره", "مُذَكِّرَةٌ"),  # diacritics
        ("الأولى", "الاولي"),  # alef maqsura / yaa
        ("تعاون", "تـــعـــاون"),  # tatweel
        ("الطايرات", "الطائرات"),  # hamza on yaa typed bare
        ("مسوول", "مسؤول"),  # hamza on waw typed bare
        ("2021", "عام ٢٠٢١"),  # Arabic-Indic digits
        ("agreements", "the agreement"),  # plural → singular
        ("agreement", "two agreements"),
        ("Gantz", "Gantz's visit"),  # possessive
        ("gantz", "Gantz’s visit"),  # curly apostrophe, case
        ("DRONES", "a drone"),
        ("companies", "the company"),
        ("taxes", "a tax"),
        ("Societe", "Société"),  # Latin accents
    ],
)
def test_a_reader_word_meets_the_page_word(query, page_text):
    assert query_meets(query, page_text)


@pytest.mark.parametrize(
    ("query", "page_text"),
    [
        ("خير", "بلخير"),  # «بل» is not a clitic pair: a name is not cut
        ("يد", "بيد"),  # a reading must keep three letters
        ("agreed", "agreement"),  # plural rule only, no aggressive stemming
        ("israel", "إسرائيل"),  # no transliteration (aliases do that, see below)
    ],
)
def test_words_that_only_look_alike_do_not_meet(query, page_text):
    assert not query_meets(query, page_text)


def test_normalise_drops_marks_and_invisible_characters():
    assert normalise("مُحَمَّدٌ\u200f ـ") == "محمد "
    assert normalise("ﻻ") == "لا"  # presentation form (NFKC)
    assert words("Gantz's, drones; «إسرائيل»") == ["gantz", "drones", "اسراييل"]


def test_normalise_folds_rare_letters_and_marks_beyond_the_common_plane():
    # ۀ is folded although it decomposes to another letter plus hamza; combining marks outside
    # the Basic Multilingual Plane (a musical tremolo, a variation selector) are dropped too.
    assert normalise("خانۀ x\U0001d167y\U000e0100z Ḱ Café’s") == "خانه xyz k cafe"


def test_the_word_as_written_is_flagged_apart_from_readings():
    assert terms("وبالطايرات")[0] == ("وبالطايرات", True)
    assert {t for t, written in terms("وبالطايرات") if not written} == {
        "بالطايرات", "الطايرات", "طايرات", "طايره"  # the last: the singular, «طائرة»
    }


def test_collect_splits_sections_and_keeps_words_whole():
    html = (
        '<p>Intro with <a href="../x/">Gantz</a>’s visit</p>'
        '<h2 id="notes">Notes<a class="headerlink" href="#notes">¶</a></h2>'
        "<table><tr><td>2021</td><td>Event</td></tr></table>"
        '<div data-search-exclude><p>hidden words</p></div><script>var secret</script>'
    )
    found = collect(html, "Title")
    assert [(s.anchor, s.title) for s in found.sections] == [("", "Title"), ("notes", "Notes")]
    assert found.sections[0].text == "Intro with Gantz’s visit"
    assert found.sections[1].text == "2021 · Event"
    assert found.links == ["../x/"]  # the permalink anchor is not a link to another page


def test_collect_keeps_where_blocks_end_so_an_excerpt_reads_as_sentences():
    # what a search result shows under its title: a list of events was "… Morocco Media report
    # 24 November 2021 · Benny Gantz …", a register's header row and its rows one run of words
    html = (
        "<p><strong>Kind:</strong> State</p><p>Morocco's neighbour.</p>"
        '<ul><li>2021 · <a href="e/">Ties cut</a> <span class="badge standing">Media report</span>'
        '</li><li>2022 · <a href="f/">Memorandum</a> <span class="badge">Official</span></li></ul>'
        "<blockquote><p>«A new chapter»</p><p>— Ministry</p></blockquote>"
        "<table><thead><tr><th>Date</th><th>Title</th></tr></thead>"
        "<tbody><tr><td>2020</td><td>Accords</td></tr><tr><td>2021</td><td>Memorandum</td></tr>"
        "</tbody></table>"
        "<dl><dt>Parties</dt><dd>Morocco, Israel</dd><dt>Date</dt><dd>2021</dd></dl>"
    )
    assert collect(html, "T").sections[0].text == (
        "Kind: State. Morocco's neighbour. 2021 · Ties cut (Media report). "
        "2022 · Memorandum (Official). «A new chapter» — Ministry. "
        "2020 · Accords. 2021 · Memorandum. Parties: Morocco, Israel. Date: 2021"
    )


def test_collect_uses_the_h1_as_the_top_of_the_page():
    found = collect('<h1 id="t">Title</h1><p>Body</p><h2 id="a">A</h2><p>More</p>', "Title")
    assert [(s.anchor, s.title, s.text) for s in found.sections] == [
        ("", "Title", "Body"), ("a", "A", "More")
    ]


def _decode(code: str) -> dict[int, int]:
    postings = decode_numbers(code)
    page, out = 0, {}
    for gap, weight in zip(postings[::2], postings[1::2], strict=True):
        page += gap
        out[page] = weight
    return out


def test_postings_digits_read_back_every_number():
    numbers = [0, 1, 31, 32, 255, 1023, 1024, 10_011, 2**40]
    code = encode_numbers(numbers)
    assert code.isascii() and '"' not in code and "\\" not in code
    assert decode_numbers(code) == numbers
    assert len(encode_numbers([1, 20])) == 2  # a dense posting: gap and weight, one digit each


def _pages(n: int) -> list[SearchPage]:
    return [
        SearchPage(
            f"ar/p{i}/",
            f"عنوان {i}",
            [Section("", f"عنوان {i}", f"نص رقم {i} عن المغرب وإسرائيل كلمة{i}"),
             Section("s", "قسم", "والطائرات" if i % 2 else "طائرة")],
            aliases=[f"Title {i}"],
        )
        for i in range(n)
    ]


def test_index_files_shard_terms_in_javascript_order_and_point_at_pages():
    files = build_files(_pages(400))
    meta = json.loads(files["meta.json"])
    assert meta["pages"] == 400
    assert len(meta["shards"]) > 1
    terms_seen: list[str] = []
    for number, first in enumerate(meta["shards"]):
        shard = json.loads(files[f"t/{number}.json"])
        assert next(iter(shard)) == first
        assert len(files[f"t/{number}.json"]) <= SHARD_BYTES or len(shard) == 1
        terms_seen += list(shard)
    assert terms_seen == sorted(terms_seen, key=code_unit_order)
    assert len(terms_seen) == len(set(terms_seen))
    postings = {}
    for number in range(len(meta["shards"])):
        postings.update(json.loads(files[f"t/{number}.json"]))
    # «الطائرات» (with و) sits in odd pages: as a reading, weighted lower than where written
    stripped = _decode(postings["الطايرات"])
    assert set(stripped) == set(range(1, 400, 2))
    assert _decode(postings["كلمه7"]) == {7: WEIGHT["text"]}  # once, in a short text
    assert set(_decode(postings["title"])) == set(range(400))  # other-language title, alias
    page7 = json.loads(files["p/7.json"])
    assert page7["u"] == "ar/p7/" and page7["s"][1][0] == "s"


def test_a_page_titled_with_the_name_outranks_pages_that_name_it_in_passing():
    # searching a person's name showed the events that named them, in their long titles and
    # their text, before the person's own page
    person = SearchPage("actors/gantz/", "Benny Gantz", [Section("", "Benny Gantz", "Minister.")])
    events = [SearchPage(f"events/{n}/", f"Benny Gantz visits Rabat and signs memorandum {n}",
                         [Section("", "x", "Gantz met Loudiyi. Gantz signed. Gantz left.")])
              for n in range(3)]
    weights = page_terms(person)["gantz"], [page_terms(event)["gantz"] for event in events]
    assert all(weights[0] > other for other in weights[1])


def test_a_record_dated_in_a_year_outranks_a_long_page_that_writes_the_year_often():
    # the methodology page, explaining dates in 989 words, writes "2022" thirteen times; an event
    # of 2022 writes it two or three times, as any page that lists the event does
    filler = " ".join(["dates and sources"] * 320)
    methodology = SearchPage("methodology/", "Methodology", [Section(
        "", "Methodology", " ".join(f"An example: 2022-0{n % 9 + 1}." for n in range(13)) + filler
    )])
    event = SearchPage("events/visit/", "A delegation visits Rabat",
                       [Section("", "A delegation visits Rabat",
                                "Date: March 2022. The delegation arrived in March 2022.")],
                       dated="March 2022")
    mention = SearchPage("actors/x/", "Someone", [Section(
        "", "Someone", "March 2022 · A delegation visits Rabat. September 2022 · Another visit."
    )])
    weights = {page.url: page_terms(page)["2022"] for page in (methodology, event, mention)}
    assert weights["events/visit/"] > weights["methodology/"]
    assert weights["events/visit/"] > weights["actors/x/"]


def test_a_word_counts_less_each_time_it_comes_back_and_less_in_a_longer_page():
    def weight(text: str) -> int:
        return page_terms(SearchPage("p/", "Page", [Section("", "Page", text)]))["drone"]

    once, twice, often = (weight(" ".join(["a drone flew"] * n)) for n in (1, 2, 13))
    assert once < twice < often < 3 * once
    short = weight("a drone flew. " + "calm words " * 50)
    long = weight("a drone flew. " + "calm words " * 500)
    assert long < short


def test_a_page_that_writes_the_word_outranks_one_with_a_clitic():
    pages = [SearchPage(f"ar/{n}/", "عنوان", [Section("", "عنوان", text)])
             for n, text in enumerate(["زيارة إلى إسرائيل", "المغرب وإسرائيل"])]
    files = build_files(pages)
    shard = {}
    for number in range(len(json.loads(files["meta.json"])["shards"])):
        shard.update(json.loads(files[f"t/{number}.json"]))
    weights = _decode(shard["اسراييل"])
    assert set(weights) == {0, 1}
    assert weights[0] > weights[1]


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("search-mini")
    paths = Paths(content=Path(__file__).parent / "fixtures" / "mini", build=base / "build",
                  site=base / "site")
    build(paths)
    return paths.site


def _index_urls(site: Path, locale: str) -> list[str]:
    meta = json.loads((site / "search" / locale / "meta.json").read_text("utf-8"))
    return [json.loads((site / "search" / locale / "p" / f"{i}.json").read_text("utf-8"))["u"]
            for i in range(meta["pages"])]


def test_each_language_has_its_own_index_of_its_own_pages(mini_site):
    english, arabic = _index_urls(mini_site, "en"), _index_urls(mini_site, "ar")
    assert english and arabic and len(english) == len(arabic)
    assert all(url.startswith("ar/") for url in arabic)
    assert not any(url.startswith("ar/") for url in english)
    assert "events/mou-signed/" in english and "ar/events/mou-signed/" in arabic


def test_pages_use_the_search_worker_of_their_language(mini_site):
    for page, locale in [("index.html", "en"), ("ar/index.html", "ar"),
                         ("ar/events/mou-signed/index.html", "ar"), ("ar/404.html", "ar"),
                         ("404.html", "en")]:
        html = (mini_site / page).read_text("utf-8")
        assert f"search-worker.js?lang={locale}&" in html, page
        assert "workers/search." not in html, page
    assert (mini_site / "assets" / "javascripts" / "search-worker.js").is_file()
    assert (mini_site / "assets" / "javascripts" / "search-normalise.js").is_file()


def test_material_index_fetched_on_every_page_is_empty(mini_site):
    data = json.loads((mini_site / "search" / "search_index.json").read_text("utf-8"))
    assert data["docs"] == []
    assert data["config"]["separator"]  # still read by the on-page highlighter


def _postings(site: Path, locale: str) -> dict[str, str]:
    """Every term of a built language's index with its postings."""
    files_dir = site / "search" / locale
    meta = json.loads((files_dir / "meta.json").read_text("utf-8"))
    postings = {}
    for number in range(len(meta["shards"])):
        postings.update(json.loads((files_dir / "t" / f"{number}.json").read_text("utf-8")))
    return postings


def _top_text(site: Path, locale: str, url: str) -> str:
    """The text a search result shows for the top of the page at ``url`` (its page file)."""
    number = _index_urls(site, locale).index(url)
    page = json.loads((site / "search" / locale / "p" / f"{number}.json").read_text("utf-8"))
    return page["s"][0][2]


def test_a_latin_name_on_the_arabic_site_is_indexed_through_the_english_title(mini_site):
    postings = _postings(mini_site, "ar")
    urls = _index_urls(mini_site, "ar")
    found = {urls[page] for page in _decode(postings["roe"])}  # actor "Jane Roe"
    assert "ar/actors/jane-roe/" in found  # the page itself (its English title)
    assert "ar/events/mou-signed/" in found  # a page that links to it


def test_a_name_does_not_find_the_pages_that_only_list_it_beside_another(mini_site):
    # "Named in the same events or agreements", related events and the previous/next links lead
    # to other pages: a search for a name found every page that listed it there
    postings = _postings(mini_site, "en")
    urls = _index_urls(mini_site, "en")
    roe = {urls[page] for page in _decode(postings["roe"])}  # actor "Jane Roe"
    assert {"actors/jane-roe/", "events/mou-signed/", "events/visit/"} <= roe
    assert "actors/beta/" not in roe  # Beta's page names her only among its connections
    beta = (mini_site / "actors" / "beta" / "index.html").read_text("utf-8")
    assert 'href="../jane-roe/"' in beta  # where she is listed, still linked
    memorandum = {urls[page] for page in _decode(postings["memorandum"])}
    assert "events/mou-signed/" in memorandum
    visit = (mini_site / "events" / "visit" / "index.html").read_text("utf-8")
    assert "Alpha and Beta sign a defence memorandum" in visit  # listed as related, next event
    assert "events/visit/" not in memorandum


def test_a_register_excerpt_has_no_bare_citation_numbers(mini_site):
    # the agreements index cites its sources as numbered links ("1 2"): in a search excerpt
    # they read "(Signed) (Official) · 1 2", numbers that say nothing without their links
    text = _top_text(mini_site, "en", "agreements/")
    assert "Alpha–Beta defence memorandum" in text
    assert not re.search(r"· \d+(?: \d+)*(?:\.|$)", text), text


def test_an_event_excerpt_opens_on_its_facts_not_on_what_its_badge_means(mini_site):
    # the page says what its standing means after the badge, for readers; in a search
    # excerpt those words came before the date and the event's own text
    text = _top_text(mini_site, "en", "events/mou-signed/")
    assert text.startswith("(Official). Date: 24 November 2021"), text


def test_a_title_with_an_ampersand_or_a_bracket_reaches_the_index_as_written(mini, tmp_path):
    # MkDocs gives a page's title HTML-escaped ("R&amp;D"); the worker escapes what it shows, so
    # a result read "R&amp;D and &lt;5 deals", and "amp" was indexed as a word of the title
    edit(mini / "events" / "visit.yaml", r'en: "A delegation from Beta visits Alpha"',
         'en: "R&D delegation from Beta visits Alpha with <5 deals"')
    paths = Paths(content=mini, build=tmp_path / "build", site=tmp_path / "site")
    build(paths)
    urls = _index_urls(paths.site, "en")
    page = json.loads((paths.site / "search" / "en" / "p" / f"{urls.index('events/visit/')}.json")
                      .read_text("utf-8"))
    assert page["s"][0][1] == "R&D delegation from Beta visits Alpha with <5 deals"
    for locale in ("en", "ar"):  # the Arabic page is indexed under its English title too
        assert not {"amp", "lt"} & set(_postings(paths.site, locale)), locale


def test_search_synonyms_reach_the_index_as_the_terms_typed_and_written():
    # content/config.yaml's search_synonyms, folded as search folds what is typed and written
    synonyms = synonym_terms({"MoU": "memorandum", "UAVs": "drones", "درون": "مسيّرة"})
    assert synonyms == {"mou": ["memorandum"], "uav": ["drone"], "درون": ["مسيره"]}
    state = IndexState()
    state.synonyms = synonyms
    meta = json.loads(build_files(_pages(3), state)["meta.json"])
    assert meta["syn"] == synonyms
    assert "syn" not in json.loads(build_files(_pages(3))["meta.json"])  # none: not a byte


def test_a_search_synonym_of_several_words_or_an_unknown_language_is_refused(mini):
    config = mini / "config.yaml"
    config.write_text(config.read_text("utf-8") + "search_synonyms:\n  en:\n"
                      "    MoU: memorandum of understanding\n"
                      f"    UAV: {'d' * 41}\n  fr:\n    x: y\n", "utf-8")
    result = run_cli("validate", "--content", str(mini))
    assert result.exit_code == 1
    assert "config.yaml:" in result.output
    assert "search_synonyms.en.MoU: 'memorandum of understanding' is more than one word" \
        in result.output
    assert "search_synonyms.fr: unknown language 'fr'" in result.output
    assert "search_synonyms.en.UAV: is 41 characters long; at most 40" in result.output
    assert "title or name" not in result.output
