"""Atom feeds, one per language: valid Atom (RELAX NG of RFC 4287 plus its prose rules), events
newest first, in the feed's language, linking to the pages a reader would open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree, html

from generator import dates, feeds
from generator.render import render
from generator.render.context import Words
from generator.validate import load_and_validate

SITE = "https://example.org/briefing/"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RELAX_NG = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas" / "atom.rng")))


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SITE_URL", SITE)


def written_feeds(content: Path, out: Path) -> tuple[object, dict[str, etree._ElementTree]]:
    briefing = load_and_validate(content)
    render(briefing, out)
    docs = out / "docs"
    return briefing, {lang: etree.parse(str(docs / lang / "feed.xml"))
                      for lang in briefing.languages}


def rfc3339(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert moment.tzinfo is not None, f"{text} has no time zone"
    return moment


def assert_valid_atom(doc: etree._ElementTree) -> None:
    """RFC 4287: the grammar, then the rules it states in prose (4.1.1, 4.1.2, 4.2.6, 4.2.7)."""
    assert RELAX_NG.validate(doc), RELAX_NG.error_log
    feed = doc.getroot()
    entries = feed.findall(f"{ATOM}entry")
    if feed.find(f"{ATOM}author") is None:
        assert all(e.find(f"{ATOM}author") is not None for e in entries)
    ids = [feed.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids)), "atom:id values must be unique"
    for value in ids:
        assert urlsplit(value).scheme, f"atom:id {value!r} is not an absolute IRI"
    for element in [feed, *entries]:
        rfc3339(element.findtext(f"{ATOM}updated"))
        alternates = [(link.get("type"), link.get("hreflang"))
                      for link in element.findall(f"{ATOM}link")
                      if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == len(set(alternates)), "duplicate alternate link"
        for link in element.findall(f"{ATOM}link"):
            assert urlsplit(link.get("href")).scheme in ("http", "https")
    for entry in entries:
        has_alternate = any(link.get("rel", "alternate") == "alternate"
                            for link in entry.findall(f"{ATOM}link"))
        assert has_alternate or entry.find(f"{ATOM}content") is not None
    self_links = [link.get("href") for link in feed.findall(f"{ATOM}link")
                  if link.get("rel") == "self"]
    assert len(self_links) == 1


def test_the_schema_used_here_rejects_broken_atom():
    """The validator must be able to fail: no id, a date that is not a date, entries first."""
    broken = [
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
        b"<updated>2020-01-01T00:00:00Z</updated></feed>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><id>urn:x</id><title>t</title>"
        b"<updated>last week</updated></feed>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><id>urn:x</id><title>t</title>"
        b"<updated>2020-01-01T00:00:00Z</updated><entry><id>urn:y</id></entry></feed>",
    ]
    for text in broken:
        assert not RELAX_NG.validate(etree.ElementTree(etree.fromstring(text)))


@pytest.mark.parametrize("content", ["mini", "real"])
def test_every_language_has_a_valid_atom_feed(content, request, env, tmp_path):
    folder = request.getfixturevalue("mini") if content == "mini" else \
        Path(__file__).resolve().parent.parent / "content"
    briefing, found = written_feeds(folder, tmp_path / "build")
    assert set(found) == set(briefing.languages)
    for lang, doc in found.items():
        assert_valid_atom(doc)
        feed = doc.getroot()
        assert feed.get(XML_LANG) == lang
        assert feed.findtext(f"{ATOM}title") == getattr(briefing.config.title, lang)
        self_link = next(link.get("href") for link in feed.findall(f"{ATOM}link")
                         if link.get("rel") == "self")
        assert self_link == SITE + ("feed.xml" if lang == "en" else f"{lang}/feed.xml")
        assert rfc3339(feed.findtext(f"{ATOM}updated")) == \
            dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # the build date


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_entries_are_the_events_newest_first_in_the_feed_language(lang, mini, env, tmp_path):
    briefing, found = written_feeds(mini, tmp_path / "build")
    entries = found[lang].getroot().findall(f"{ATOM}entry")
    newest_first = sorted(briefing.events.values(),
                          key=lambda e: dates.parse(e.date).sort_key, reverse=True)
    assert [e.findtext(f"{ATOM}title") for e in entries] == \
        [getattr(e.title, lang) for e in newest_first]
    prefix = "" if lang == "en" else f"{lang}/"
    for entry, event in zip(entries, newest_first, strict=True):
        links = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{ATOM}link")}
        assert links == {"en": f"{SITE}events/{event.id}/", "ar": f"{SITE}ar/events/{event.id}/"}
        assert entry.findtext(f"{ATOM}id") == f"{SITE}{prefix}events/{event.id}/"
        # an event's date ("about July 2022") is no instant: in the text, not in <published>
        assert entry.find(f"{ATOM}published") is None
        assert dates.display(dates.parse(event.date), Words.of(lang).locale,
                             Words.of(lang).data["dates"]) in entry.findtext(f"{ATOM}content")
        terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
        assert terms == event.areas
        labels = [c.get("label") for c in entry.findall(f"{ATOM}category")]
        assert labels == [getattr(briefing.areas[a].label, lang) for a in event.areas]


def test_entry_content_is_the_summary_as_inert_html_right_to_left_in_arabic(mini, env, tmp_path):
    event = mini / "events" / "visit.yaml"
    event.write_text(event.read_text("utf-8").replace(
        "summary: {en: A visit about two months before another.",
        'summary: {en: "A visit <script>alert(1)</script> & more.\\n\\nSecond paragraph."'),
        "utf-8")
    briefing, found = written_feeds(mini, tmp_path / "build")
    for lang, doc in found.items():
        entry = next(e for e in doc.getroot().findall(f"{ATOM}entry")
                     if e.findtext(f"{ATOM}id").endswith("/events/visit/"))
        assert entry.find(f"{ATOM}content").get("type") == "html"
        body = html.fragment_fromstring(entry.findtext(f"{ATOM}content"))
        assert body.get("lang") == lang and body.get("dir") == ("rtl" if lang == "ar" else "ltr")
        assert not body.xpath("//script")
        paragraphs = [p.text_content() for p in body.findall("p")]
        if lang == "en":
            assert paragraphs[:2] == ["A visit <script>alert(1)</script> & more.",
                                      "Second paragraph."]
        else:
            assert paragraphs[0] == briefing.events["visit"].summary.ar
        source_links = body.xpath("//a/@href")
        prefix = "" if lang == "en" else "ar/"
        assert source_links == [f"{SITE}{prefix}sources/src-two/"]


def test_a_long_briefing_feeds_only_the_newest_events(mini, env, tmp_path):
    for i in range(feeds.LIMIT + 5):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=i)
        (mini / "events" / f"old-{i}.yaml").write_text(
            f'id: old-{i}\ndate: "{day}"\ntitle: {{en: "Old {i}", ar: "قديم {i}"}}\n'
            "summary: {en: s, ar: ص}\nstanding: reported\nsources: [src-one]\n", "utf-8")
    briefing, found = written_feeds(mini, tmp_path / "build")
    entries = found["en"].getroot().findall(f"{ATOM}entry")
    assert len(entries) == feeds.LIMIT
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == briefing.events["visit"].title.en  # 2022: the newest
    assert "Old 0" not in titles and f"Old {feeds.LIMIT + 4}" in titles
    assert_valid_atom(found["en"])


def test_entry_paragraphs_are_the_pages_paragraphs(mini, env, tmp_path):
    """A blank line is a paragraph break on the event's page even when it holds spaces (an
    editor's indentation left on it: generator.markdown.paragraphs). The feed split only on
    "\\n\\n" exactly, so its entry ran both paragraphs into one, and its summary (the first
    paragraph) was the whole text."""
    event = mini / "events" / "visit.yaml"
    event.write_text(event.read_text("utf-8").replace(
        "summary: {en: A visit about two months before another.",
        'summary: {en: "First paragraph.\\n   \\nSecond paragraph."'), "utf-8")
    _, found = written_feeds(mini, tmp_path / "build")
    page = (tmp_path / "build" / "docs" / "en" / "events" / "visit.md").read_text("utf-8")
    assert "First paragraph\\.\n\nSecond paragraph\\." in page  # two paragraphs on the page
    entry = next(e for e in found["en"].getroot().findall(f"{ATOM}entry")
                 if e.findtext(f"{ATOM}id").endswith("/events/visit/"))
    body = html.fragment_fromstring(entry.findtext(f"{ATOM}content"))
    assert [p.text_content() for p in body.findall("p")][:2] == ["First paragraph.",
                                                                 "Second paragraph."]
    assert entry.findtext(f"{ATOM}summary") == "First paragraph."
