"""Atom feeds of events, one per language, built with feedgen.

``build/docs/<lang>/feed.xml`` becomes ``/feed.xml`` for the default language and
``/<lang>/feed.xml`` for the others (mkdocs-static-i18n copies a file in a language folder to
that language's root). Every page links its feeds from ``<head>``
(overrides/partials/briefing/head-feeds.html), so a feed reader finds them from any address.

Entries are events, newest first by date (the :data:`LIMIT` most recent: a feed is for following
news, the data export holds everything). Atom needs absolute addresses, so links are made from
the site's address (:func:`generator.provenance.site_url`); an entry's id is its page's
address, which never changes because ids never change.

An entry is dated (``updated``) when its record's file last changed in git
(:func:`generator.publish.record_dates`), or when the site was built outside git: a subscriber's
reader then shows an edited or newly added event as new. The event's own date is not an instant
("about December 2025 (uncertain)" read as 2025-12-01T00:00:00): it is in the entry's text, in
words, and the entry has no ``published``.
"""

from __future__ import annotations

import datetime as dt

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from markupsafe import Markup

from . import dates, markdown, publish
from .export import Provenance, page_path, page_url, provenance_of
from .render.context import INDEX_PATHS, Words

LIMIT = 100
FEED_FILE = "feed.xml"


class EntryLinks(BaseEntryExtension):
    """An entry's links with every attribute, through feedgen's extension hook.

    feedgen 1.0.0 writes an entry's ``<link>`` with ``href`` only (python-feedgen issue #135:
    the loop variable is shadowed), so two alternates (one per language) would lose their
    ``hreflang`` and break RFC 4287's one-alternate-per-type-and-language rule. Entries get no
    links from feedgen itself; this extension writes them whole.
    """

    def __init__(self):
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):
        for attributes in self.links:  # unqualified, as feedgen writes its own elements
            etree.SubElement(entry, "link", attributes)
        return entry


def feed_path(briefing, lang: str) -> str:
    """The feed's address relative to the site root: ``feed.xml`` or ``ar/feed.xml``."""
    return FEED_FILE if lang == briefing.languages[0] else f"{lang}/{FEED_FILE}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _content(briefing, event, lang: str, site: str) -> str:
    """The entry's HTML: the summary's paragraphs, then standing, date and sources as links."""
    words = Words.of(lang)
    ui = words.data
    paras = Markup("").join(Markup("<p>{}</p>").format(p)
                            for p in markdown.blocks(getattr(event.summary, lang)))
    sources = Markup(words.comma).join(
        Markup('<a href="{}">{}</a>').format(
            page_url(briefing, lang, "sources", c.id, site),
            getattr(briefing.sources[c.id].title, lang))
        for c in event.sources)
    when = dates.display(dates.parse(event.date), words.locale, ui["dates"])
    facts = Markup("<p><strong>{}:</strong> {} · <strong>{}:</strong> {}</p>").format(
        ui["label"]["date"], when, ui["label"]["standing"], ui["standing"][event.standing])
    cited = Markup("<p><strong>{}:</strong> {}</p>").format(ui["label"]["sources"], sources)
    return str(Markup('<div lang="{}" dir="{}">{}{}{}</div>').format(
        lang, words.dir, paras, facts, cited))


def feed(briefing, lang: str, origin: Provenance | None = None) -> bytes:
    """The Atom document of one language."""
    origin = origin or provenance_of(briefing)
    changed = publish.record_dates(briefing)
    site = origin.site
    title = getattr(briefing.config.title, lang)
    home = site + page_path(briefing, lang, INDEX_PATHS["home"])
    timeline = site + page_path(briefing, lang, INDEX_PATHS["timeline"])
    fg = FeedGenerator()
    fg.id(site + feed_path(briefing, lang))
    fg.title(title)
    fg.subtitle(getattr(briefing.config.description, lang))
    fg.language(lang)
    fg.author({"name": title, "uri": home})
    fg.link(href=site + feed_path(briefing, lang), rel="self", type="application/atom+xml")
    fg.link(href=timeline, rel="alternate", type="text/html", hreflang=lang)
    fg.updated(origin.built)
    fg.generator("briefing-site (python-feedgen)")
    fg.register_extension("links", BaseExtension, EntryLinks, atom=True, rss=False)
    newest = list(briefing.events.values())[::-1][:LIMIT]
    for event in newest:
        last = changed.get(("events", event.id))
        entry = fg.add_entry(order="append")
        entry.id(page_url(briefing, lang, "events", event.id, site))
        entry.title(getattr(event.title, lang))
        for other in (lang, *(x for x in briefing.languages if x != lang)):  # own language first
            entry.links.links.append({
                "href": page_url(briefing, other, "events", event.id, site), "rel": "alternate",
                "type": "text/html", "hreflang": other})
        entry.updated(_midnight(last) if last else origin.built)
        entry.summary(markdown.blocks(getattr(event.summary, lang))[0])
        entry.content(_content(briefing, event, lang, site), type="html")
        for area in event.areas:
            entry.category(term=area, label=getattr(briefing.areas[area].label, lang),
                           scheme=site + page_path(briefing, lang, INDEX_PATHS["areas"]))
    return fg.atom_str(pretty=True)


def feeds(briefing, origin: Provenance | None = None) -> dict[str, bytes]:
    """``<lang>/feed.xml`` (relative to the docs tree) -> Atom bytes, for every language."""
    origin = origin or provenance_of(briefing)
    return {f"{lang}/{FEED_FILE}": feed(briefing, lang, origin) for lang in briefing.languages}

