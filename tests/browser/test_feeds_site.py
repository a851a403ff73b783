"""Feeds as a feed reader finds them: discovery links in every page's head, in real Chromium,
pointing at each language's Atom feed, whose entries open built pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from lxml import etree

from .conftest import LANGUAGES, PAGES

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize("lang, kind", PAGES)
def test_every_page_announces_both_feeds_its_own_language_first(page, site, kind_paths, lang,
                                                                 kind):
    response = page.goto(site.at(LANGUAGES[lang] + kind_paths[kind]))
    assert response.status == 200  # the 404 page is opened by its own address
    found = page.eval_on_selector_all(
        "head link[rel=alternate][type='application/atom+xml']",
        "els => els.map(l => [l.href, l.hreflang, l.title])")
    assert [hreflang for _, hreflang, _ in found] == [lang, "en" if lang == "ar" else "ar"]
    for href, hreflang, title in found:
        assert urlsplit(href).path == ("/feed.xml" if hreflang == "en" else f"/{hreflang}/feed.xml")
        assert title.strip()
        feed = page.request.get(href)
        assert feed.status == 200
        root = etree.fromstring(feed.body())
        assert root.tag == f"{ATOM}feed" and root.get(XML_LANG) == hreflang
    assert not site.foreign


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_feed_entry_opens_a_built_page(site, built_site, lang):
    body = requests.get(site.at(LANGUAGES[lang] + "feed.xml"), timeout=30).content
    root = etree.fromstring(body)
    home = root.findtext(f"{ATOM}author/{ATOM}uri")  # the site's home in this language
    homepage = home[: len(home) - len(LANGUAGES[lang])] if LANGUAGES[lang] else home
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for link in entry.findall(f"{ATOM}link"):
            path = link.get("href")[len(homepage):]
            assert (built_site / path / "index.html").is_file(), link.get("href")
