"""The built site as issue 2 defines it, on the small fixture: files, languages, direction,
translated chrome, Arabic anchors, and a build that refuses a page without its translation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from lxml import html as lxml_html

from generator.build import Paths, build, generate, mkdocs_build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory, request):
    from tests.conftest import MINI

    base = tmp_path_factory.mktemp("mini-site")
    paths = Paths(content=MINI, build=base / "build", site=base / "site")
    build(paths)
    return paths.site


def html_tag(path: Path) -> str:
    return re.search(r"<html\b[^>]*>", path.read_text("utf-8")).group(0)


def test_both_languages_and_both_404_pages_exist(built):
    for rel in ("index.html", "ar/index.html", "404.html", "ar/404.html", "sitemap.xml",
                "sitemap-pages.xml", "ar/sitemap.xml", "ar/sitemap-pages.xml",
                "timeline/index.html", "ar/timeline/index.html",
                "events/visit/index.html", "ar/events/visit/index.html"):
        assert (built / rel).is_file(), rel


def test_arabic_pages_are_rtl_on_the_html_element(built):
    assert 'lang="ar"' in html_tag(built / "ar/index.html")
    assert 'dir="rtl"' in html_tag(built / "ar/index.html")
    assert 'dir="rtl"' in html_tag(built / "ar/404.html")
    assert 'lang="en"' in html_tag(built / "index.html")
    assert 'dir="ltr"' in html_tag(built / "404.html")


def test_site_name_navigation_and_footer_are_translated(built):
    arabic = (built / "ar/timeline/index.html").read_text("utf-8")
    english = (built / "timeline/index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", arabic).group(1)
    assert "التعاون بين ألفا وبيتا" in title and "Alpha" not in title
    header = arabic[arabic.index('<header class="md-header'):arabic.index("</header>")]
    assert "التعاون بين ألفا وبيتا" in header and "Alpha–Beta cooperation" not in header
    assert "الخط الزمني" in arabic and "المنهجية" in arabic
    assert "يُسند كل ما يرد في هذا الموقع" in arabic
    assert "Every statement on this site cites" in english
    assert "الخط الزمني" not in english


def test_the_footer_links_to_the_methodology_page_it_names(built):
    """Every page's footer says "see the methodology page for how sources are weighed": the
    words now lead there, to the page of the reader's language."""
    for page, words, methodology in (
            ("events/visit/index.html", "the methodology page", "methodology/index.html"),
            ("ar/events/visit/index.html", "صفحة المنهجية", "ar/methodology/index.html"),
            ("timeline/index.html", "the methodology page", "methodology/index.html")):
        doc = lxml_html.fromstring((built / page).read_bytes())
        links = doc.xpath('//*[contains(@class, "md-copyright")]//a')
        assert [a.text_content() for a in links] == [words], page
        landed = ((built / page).parent / links[0].get("href") / "index.html").resolve()
        assert landed == (built / methodology).resolve() and landed.is_file(), page


def test_each_language_home_is_titled_with_the_site_name_alone(built):
    for page, name in (("index.html", "Alpha–Beta cooperation"),
                       ("ar/index.html", "التعاون بين ألفا وبيتا")):
        title = re.search(r"<title>(.*?)</title>", (built / page).read_text("utf-8")).group(1)
        assert title == name, page
    timeline = (built / "ar/timeline/index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", timeline).group(1)
    assert title.endswith(" - التعاون بين ألفا وبيتا")  # other pages: "page - site"


def test_arabic_pages_use_the_corrected_theme_words(built):
    """The theme's Arabic misspells hamzat al-wasl and the madda («إبحث», «إختر اللغة», «اخر
    تحديث») and counts search results as «17 مستندات»; generator/i18n/ar.yaml's words win."""
    pages = [p.read_text("utf-8") for p in sorted((built / "ar").rglob("index.html"))]
    assert len(pages) > 10
    for wrong in ("إبحث", "إختر اللغة", "اخر تحديث"):  # (the count: in __config, below)
        assert not [p for p in pages if wrong in p], wrong
    home = (built / "ar/index.html").read_text("utf-8")
    assert 'aria-label="ابحث"' in home and 'aria-label="اختر اللغة"' in home
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  home, re.S).group(1))
    assert config["translations"]["search.result.other"] == "عدد الصفحات المطابقة: #"
    # a result's other sections: «أكثر من 2 في هذه الصفحة» said "more than 2"
    more = [config["translations"][f"search.result.more.{n}"] for n in ("one", "other")]
    assert more[1].endswith(": #") and not [m for m in more if "أكثر من" in m], more
    english = (built / "index.html").read_text("utf-8")
    assert 'aria-label="Select language"' in english  # the theme's own words where not corrected


def test_a_translated_quotation_shows_the_words_it_translates(built):
    """The methodology promises official quotations with the original wording as printed and
    our translation: on the English page, both, the translation said to be ours and the
    original marked as Arabic; on the Arabic page, the article's own words alone."""
    english = (built / "events/mou-signed/index.html").read_text("utf-8")
    quote = english[english.index("<blockquote>"):english.index("</blockquote>")]
    assert "“A new chapter.” (our translation; the original as printed follows)" in quote
    assert re.search(r'<p (?=[^>]*dir="rtl")(?=[^>]*lang="ar")[^>]*>«فصل جديد.»</p>', quote)
    arabic = (built / "ar/events/mou-signed/index.html").read_text("utf-8")
    quote = arabic[arabic.index("<blockquote>"):arabic.index("</blockquote>")]
    assert "«فصل جديد.»" in quote and "ترجمتنا" not in quote and "A new chapter" not in quote


def test_a_record_page_says_what_its_standing_means_in_words(built):
    """A badge in a list explains itself in a tooltip (its title), which a touch screen never
    shows: a record's own page says it in words after the badge, in its language."""
    pages = [("events/mou-signed", "Official stated by a government or armed force"),
             ("events/visit", "Media report reported by the media"),
             ("agreements/mou-2021", "Official stated by a government or armed force"),
             ("ar/events/mou-signed", "رسمي أعلنته حكومة أو قوات مسلحة"),
             ("ar/events/visit", "تقرير إعلامي أوردته وسائل الإعلام")]
    for page, words in pages:
        html = (built / page / "index.html").read_text("utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        paragraph = re.search(r"<p>(?:(?!</p>).)*badge standing(?:(?!</p>).)*</p>", article, re.S)
        assert paragraph, page
        text = " ".join(re.sub(r"<[^>]+>", " ", paragraph.group(0)).split())
        assert words in text, (page, text)


def test_the_agreements_register_names_each_source_by_its_publication_date(built):
    """The register's sources were links "1 2 3": a screen reader read "link, 1", and 1 was
    another article on the next row. Each link now reads the date its source page gives as
    published, the way the briefing names its articles."""
    for lang, published in (("", "Published"), ("ar/", "تاريخ النشر")):
        html = (built / lang / "agreements" / "index.html").read_text("utf-8")
        links = re.findall(r'<a href="\.\./sources/([^/"]+)/">([^<]+)</a>', html)
        assert links, lang
        for source, label in links:
            page = (built / lang / "sources" / source / "index.html").read_text("utf-8")
            row = re.search(rf"<dt>{published}</dt>\s*<dd>([^<]+)</dd>", page)
            assert row, (lang, source)
            assert label == row.group(1), (lang, source, label)


def test_heading_links_are_titled_in_the_page_language(built):
    """The link beside each heading says what it is in the page's language (its tooltip)."""
    for page, title in (("ar/methodology/index.html", "رابط دائم"),
                        ("methodology/index.html", "Permanent link")):
        titles = re.findall(r'class="headerlink" href="[^"]*" title="([^"]*)"',
                            (built / page).read_text("utf-8"))
        assert titles and set(titles) == {title}, page


def test_arabic_404_page_is_in_arabic(built):
    page = (built / "ar/404.html").read_text("utf-8")
    assert "التعاون بين ألفا وبيتا" in page


def test_the_404_page_every_host_serves_also_speaks_the_other_language(built):
    """GitHub Pages, like most hosts, serves /404.html for every missing address, /ar/… too:
    an Arabic reader got an English page only. It says it in Arabic as well, right to left,
    with a link to the Arabic home page (and the Arabic page in English)."""
    for page, lang, direction, title, home in (
            ("404.html", "ar", "rtl", "الصفحة غير موجودة", "/ar/"),
            ("ar/404.html", "en", "ltr", "Page not found", "/")):
        doc = lxml_html.fromstring((built / page).read_bytes())
        other = doc.xpath(f'//article//*[@lang="{lang}"]')
        assert other, page
        assert other[0].get("dir") == direction
        assert title in other[0].text_content()
        assert [a.get("href") for a in other[0].iter("a")] == [home]


def test_arabic_headings_get_readable_arabic_anchors(built):
    page = (built / "ar/methodology/index.html").read_text("utf-8")
    assert 'id="المصادر"' in page


def test_individual_events_stay_out_of_the_sidebar(built):
    page = (built / "index.html").read_text("utf-8")
    sidebar = page[page.index("md-sidebar--primary"):page.index("md-sidebar--secondary")]
    links = re.findall(r'href="([^"#]+)"', sidebar)
    assert "timeline/" in links and "sources/" in links
    assert not [link for link in links if "events/" in link]


def test_a_page_missing_its_translation_fails_the_build(tmp_path):
    from tests.conftest import MINI

    paths = Paths(content=MINI, build=tmp_path / "build", site=tmp_path / "site")
    generate(paths)
    (paths.build / "docs" / "ar" / "events" / "visit.md").unlink()
    with pytest.raises(click.ClickException) as caught:
        mkdocs_build(paths, tmp_path / "out")
    assert "ar/events/visit.md is missing" in caught.value.message
    assert not (tmp_path / "out" / "index.html").exists()


def test_the_translation_check_names_every_page_out_of_place(tmp_path):
    """Every problem at once, in a stable order: a language folder missing, pages missing in one
    language (each naming where it exists), pages outside the language folders; files MkDocs
    skips (a name starting with a dot, or inside such a folder) are not pages."""
    from generator.mkdocs_hooks import check_translations

    docs = tmp_path / "docs"
    for page in ["en/index.md", "ar/index.md", "en/events/a.md", "ar/events/a.md",
                 "en/events/b.md", "en/a-b/c.md", "en/a/z.md", "ar/events/c.md",
                 "notes.md", "data/readme.md", "data/x.csv", "en/.draft.md",
                 "ar/.hidden/d.md", ".cache/e.md", "en/events/sketch.txt", "data-x/y.md",
                 "data/z/w.md"]:
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# x\n", "utf-8")
    assert check_translations(docs, ["en", "ar", "fr"]) == [
        f"{docs / 'fr'}/ (the whole 'fr' folder) is missing",
        "en/events/c.md is missing (present: ar/events/c.md)",
        "ar/a-b/c.md is missing (present: en/a-b/c.md)",
        "ar/a/z.md is missing (present: en/a/z.md)",
        "ar/events/b.md is missing (present: en/events/b.md)",
        "fr/a-b/c.md is missing (present: en/a-b/c.md)",
        "fr/a/z.md is missing (present: en/a/z.md)",
        "fr/events/a.md is missing (present: en/events/a.md, ar/events/a.md)",
        "fr/events/b.md is missing (present: en/events/b.md)",
        "fr/events/c.md is missing (present: ar/events/c.md)",
        "fr/index.md is missing (present: en/index.md, ar/index.md)",
        "data/readme.md is outside the language folders ['en', 'ar', 'fr']",
        "data/z/w.md is outside the language folders ['en', 'ar', 'fr']",
        "data-x/y.md is outside the language folders ['en', 'ar', 'fr']",
        "notes.md is outside the language folders ['en', 'ar', 'fr']",
    ]
    assert check_translations(docs / "en" / "events", []) == [
        "a.md is outside the language folders []", "b.md is outside the language folders []"]


def test_every_page_says_how_to_cite_it_in_its_language(built):
    """A researcher cites the permanent address: under each page's content, its title (as the
    browser's tab names it) in the language's quotation marks, the briefing's name, the last
    update the page shows, and the very address the page declares canonical, as a link."""
    marks = {"": ("Cite this page:", "“", "”", "Last updated"),
             "ar/": ("للاستشهاد بهذه الصفحة:", "«", "»", "آخر تحديث")}
    from tests.conftest import html_pages

    pages = html_pages(built)
    assert len(pages) > 20
    for page in pages:
        path = built / page / "index.html"
        lang = "ar/" if page.startswith("ar/") else ""
        label, left, right, updated = marks[lang]
        tree = lxml_html.fromstring(path.read_text("utf-8"))
        cite = tree.xpath('//article//p[@class="briefing-cite"]')
        assert len(cite) == 1, path
        text = " ".join(cite[0].text_content().split())
        site_name = tree.xpath('//meta[@property="og:site_name"]/@content')[0]
        title = tree.xpath("//title")[0].text_content()  # as the browser's tab names the page
        if title == site_name:  # a home page: the briefing itself
            assert text.startswith(f"{label} {site_name}. "), (path, text)
        else:
            assert title.endswith(f" - {site_name}"), (path, title)
            name = title.removesuffix(f" - {site_name}")
            assert text.startswith(f"{label} {left}{name}{right}. {site_name}. "), (path, text)
        canonical = tree.xpath('//link[@rel="canonical"]/@href')[0]
        assert cite[0].xpath(".//a/@href") == [canonical], path
        assert text.endswith(canonical), (path, text)
        shown = tree.xpath('//aside[contains(@class, "md-source-file")]')
        if shown:  # the date the page shows under its content, when it has one
            date = " ".join(shown[0].text_content().split())
            assert updated in date and f"{date}." in text, (path, date, text)
