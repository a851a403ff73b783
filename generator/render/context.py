"""What a template may call: language-bound helpers, so templates render and Python decides.

A :class:`PageContext` is made per (language, page). Every helper returns escaped Markdown
(``Markup``); anything a template prints without a helper is escaped by ``finalize`` anyway.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml
from babel import Locale
from babel.numbers import format_currency
from markupsafe import Markup

from .. import dates, markdown, pictures

I18N = Path(__file__).resolve().parent.parent / "i18n"

INDEX_PATHS = {"home": "index.md", "timeline": "timeline.md", "actors": "actors/index.md",
               "agreements": "agreements/index.md", "areas": "areas/index.md",
               "sources": "sources/index.md"}
RECORD_FOLDERS = {"events": "events", "actors": "actors", "agreements": "agreements",
                  "sources": "sources", "areas": "areas"}


def record_path(kind: str, record_id: str) -> str:
    """The Markdown file of a record, relative to the language folder; its URL follows from it."""
    if kind == "pages":
        return "index.md" if record_id == "home" else f"{record_id}.md"
    return f"{RECORD_FOLDERS[kind]}/{record_id}.md"


YEAR_PAGES_FROM = 500
"""From this many records on, a list (the timeline, an area's or an actor's events, the
sources, the agreements) gives each year a page of its own: one list of 10,000 events was 3 MB
of HTML, an area's at 10,000 events 764 KB, the sources' 611 KB (bench/README.md), and the live
preview converted such a list again after an edit to any record on it."""


def has_year_pages(records: int) -> bool:
    """Whether a list of ``records`` records is split into one page per year."""
    return records >= YEAR_PAGES_FROM


@dataclass(frozen=True)
class Listing:
    """A list of records that, when long (:func:`has_year_pages`), has a page per year."""

    folder: str  # where its year pages are: "timeline", "areas/training", "sources/years"
    noun: str  # what it lists, a key of ui.counts and ui.year_page.all: "events", "sources"...
    index: str | None = None  # the list's own page, a key of INDEX_PATHS, or:
    owner: tuple[str, str] | None = None  # the record whose events it lists: (kind, id)

    def path(self, year: int) -> str:
        """"timeline/2024.md", "areas/training/2024.md", "sources/years/2024.md"."""
        return f"{self.folder}/{year}.md"


# The indexes' year pages have a folder of their own: a record's id may be a year.
TIMELINE = Listing("timeline", "events", index="timeline")
SOURCES = Listing("sources/years", "sources", index="sources")
AGREEMENTS = Listing("agreements/years", "agreements", index="agreements")


def events_of(kind: str, record_id: str) -> Listing:
    """The events of one area or actor: year pages beside the record's page
    ("areas/training/2024.md", "actors/alpha/2024.md")."""
    return Listing(record_path(kind, record_id).removesuffix(".md"), "events",
                   owner=(kind, record_id))


_ONE_ALEF = str.maketrans("أإآٱ", "اااا")
_DATE_BREAK = re.compile(r"(?<=–) | (?=\\\()")  # after a dash, before an (escaped) bracket


@lru_cache(maxsize=65536)
def relative(target: str, folder: str) -> str:
    """``target`` (a path under the language folder) as seen from ``folder`` (one too).

    What ``posixpath.relpath`` answers, without its two ``abspath`` calls per link: a page links
    to many records and every page is rendered per language, so this runs for every link.
    """
    to, base = target.split("/") if target else [], folder.split("/") if folder else []
    same = 0
    while same < min(len(to), len(base)) and to[same] == base[same]:
        same += 1
    return "/".join([".."] * (len(base) - same) + to[same:]) or "."


def directory_urls() -> bool:
    """Whether pages are served as folders ("events/x/") or files ("events/x.html").

    The same switch as mkdocs.yml's ``use_directory_urls`` (``BRIEFING_DIRECTORY_URLS``, set to
    false for the offline copy), read here because links inside raw HTML (the pictures) are not
    rewritten by the site builder, so they must name the final URL themselves.
    """
    value = os.environ.get("BRIEFING_DIRECTORY_URLS", "true").strip().lower()
    return value not in ("false", "no", "off", "0")


def page_url(path: str) -> str:
    """The folder URL a Markdown file is served at ("events/x.md" -> "events/x/", "index.md"
    -> "")."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@dataclass(frozen=True)
class Original:
    """A quotation in the language its source printed it in (:meth:`PageContext.original`)."""

    text: Markup
    lang: str
    dir: str


class UnknownLanguage(Exception):
    pass


class Words:
    """The generator's interface words for one language (generator/i18n/<lang>.yaml)."""

    _cache: dict[str, Words] = {}

    def __init__(self, lang: str):
        path = I18N / f"{lang}.yaml"
        if not path.is_file():
            raise UnknownLanguage(lang)
        self.lang = lang
        self.data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        self.locale = Locale.parse(self.data["babel_locale"])
        self.dir = self.data["dir"]
        # the comma between the items of a list: Arabic's own "،" in right-to-left text
        self.comma = "، " if self.dir == "rtl" else ", "
        self._plurals: dict[int, str] = {}

    def plural(self, n: int) -> str:
        """The CLDR plural category of ``n`` ("one", "few"…), kept: Babel evaluates the rules
        on every call (5 µs), and an actor page counts each of its connections."""
        if n not in self._plurals:
            self._plurals[n] = self.locale.plural_form(n)
        return self._plurals[n]

    @classmethod
    def of(cls, lang: str) -> Words:
        if lang not in cls._cache:
            cls._cache[lang] = cls(lang)
        return cls._cache[lang]

    def __getattr__(self, name: str):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None


def forget(briefing) -> None:
    """Drop what rendering cached for ``briefing`` (its list lines and their words, relative
    links): held past the render, it would sit in memory through the whole MkDocs build."""
    briefing.__dict__.pop("_rendered_lines", None)
    briefing.__dict__.pop("_rendered_words", None)
    relative.cache_clear()


class PageContext:
    """Helpers for one page in one language; links are made relative to ``path``."""

    def __init__(self, briefing, lang: str, path: str):
        self.b = briefing
        self.lang = lang
        self.path = path
        self.words = Words.of(lang)
        self.ui = self.words.data
        self.folder = posixpath.dirname(path)  # what the page's Markdown links are relative to
        # and its URL's folder (raw HTML links): both asked for every link, so found once here
        self._url_base = page_url(path).rstrip("/") if directory_urls() else None

    # -- text ---------------------------------------------------------------------------
    def t(self, text) -> str:
        """The text of a bilingual value in this page's language (raw: finalize escapes it)."""
        return getattr(text, self.lang) if text is not None else ""

    def paras(self, text) -> Markup:
        return markdown.paragraphs(self.t(text), rtl=self.words.dir == "rtl")

    def original(self, quote) -> Original | None:
        """A quotation as its source printed it, when that is another language than this page's:
        the reader of a translation sees the words it translates (the methodology promises
        both). None when the page is in the source's language, or the briefing has no text in
        that language."""
        lang = self.b.sources[quote.source].language
        if lang == self.lang or lang not in self.b.languages:
            return None
        words = Words.of(lang)
        text = words.data["label"]["quoted"].format(text=getattr(quote.text, lang))
        return Original(markdown.inline(text), lang, words.dir)

    def md(self, value) -> Markup:
        return markdown.inline(value)

    # -- dates, numbers -------------------------------------------------------------------
    def date(self, record_or_text) -> str:
        when = (dates.parse(record_or_text) if isinstance(record_or_text, str)
                else self.b.when(record_or_text))
        return dates.display(when, self.words.locale, self.ui["dates"])

    def date_cell(self, record_or_text) -> Markup:
        """A date opening a table row: it may wrap after a range's dash or before a qualifier
        ("(uncertain)"), never inside one date (no-break spaces). The column is then as wide as
        one date, not a whole range, and leaves the other columns room on the screen."""
        parts = _DATE_BREAK.split(markdown.inline(self.date(record_or_text)))
        return Markup(" ".join(part.replace(" ", "&nbsp;") for part in parts))

    def count(self, noun: str, n: int) -> str:
        """"3 events" with the language's plural rules (Arabic has six forms, via Babel)."""
        forms = self.ui["counts"][noun]
        form = self.words.plural(n)
        return forms.get(form, forms["other"]).format(n=n)

    def year(self, record) -> int:
        return self.b.when(record).year

    def value(self, value) -> str:
        amount = format_currency(value.amount, value.currency, format=self.ui["currency_format"],
                                 locale=self.words.locale, currency_digits=False)
        return self.ui["value"][value.qualifier].format(amount=amount)

    # -- links ----------------------------------------------------------------------------
    def href(self, target: str) -> str:
        return relative(target, self.folder)

    def link(self, kind: str, record_id: str, label=None) -> Markup:
        record = self.record(kind, record_id)
        if label is None:
            label = self.label(kind, record)
        return markdown.link(label, self.href(record_path(kind, record_id)))

    def external(self, url: str) -> Markup:
        """A link to an http(s) URL (validated by the model), labelled with its host."""
        parts = urlsplit(url)
        safe = quote(url, safe=":/?#@!$&'*+,;=%~")
        return markdown.link(parts.netloc + parts.path.rstrip("/"), safe)

    def url(self, kind: str, record_id: str) -> str:
        """A record's URL relative to this page's URL, for links inside raw HTML (pictures)."""
        self.record(kind, record_id)  # an unknown id fails here, not as a broken link
        return self.url_of(record_path(kind, record_id))

    def url_of(self, target: str) -> str:
        """The URL of the page ``target`` (a Markdown path) relative to this page's URL."""
        if self._url_base is not None:
            return relative(page_url(target).rstrip("/"), self._url_base) + "/"
        return relative(target.removesuffix(".md") + ".html", self.folder)

    def area_year_url(self, area: str, year: int) -> str:
        """Where an area's events of ``year`` are listed: the page of that year if the area's
        events are listed a year per page, else the area's page (for links in pictures)."""
        if has_year_pages(len(self.b.events_by["area"].get(area, []))):
            return self.url_of(events_of("areas", area).path(year))
        return self.url("areas", area)

    def year_link(self, year: int) -> Markup:
        """A link to the year's heading on the same page (its anchor is the year itself)."""
        return markdown.link(year, f"#{year}")

    def year_page_link(self, year: int, listing: Listing, count: int | None = None) -> Markup:
        """A link to the page of one year of ``listing``, labelled with the year, or with how
        many records it lists ("All 312 events of 2024")."""
        label = year if count is None else self.ui["year_page"]["all"][listing.noun].format(
            count=self.count(listing.noun, count), year=year)
        return markdown.link(label, self.href(listing.path(year)))

    def year_title(self, year: int, listing: Listing) -> str:
        """The heading of one year's page ("Timeline: 2024", "Training: 2024")."""
        if listing.owner is None:
            name = self.ui["nav"][listing.index]
        else:
            kind, record_id = listing.owner
            name = self.label(kind, self.record(kind, record_id))
        return self.ui["year_page"]["title"].format(name=name, year=year)

    def listing_link(self, listing: Listing) -> Markup:
        """A link back to the list a year's page belongs to (the timeline, the area...)."""
        if listing.owner is None:
            return self.index_link(listing.index)
        return self.link(*listing.owner)

    def index_link(self, name: str) -> Markup:
        return markdown.link(self.ui["nav"][name], self.href(INDEX_PATHS[name]))

    def record(self, kind: str, record_id: str):
        table = self.b.areas if kind == "areas" else getattr(self.b, kind)
        return table[record_id]

    def label(self, kind: str, record) -> str:
        if kind == "areas":
            return self.t(record.label)
        return self.t(vars(record).get("name") or record.title)  # vars(): see Briefing.when

    def by_name(self, kind: str, records) -> list:
        """``records`` in the alphabetical order of their names in this page's language, as a
        reader looks one up in a list ("Mohammed VI" under M in English, «محمد السادس» under م
        in Arabic); their files' ids would sort them by a transliteration the reader never
        sees. The page's data is shared by its languages, so the order is decided here.
        The language's article at the start of a name is passed over (its words'
        ``sort_ignores``: «البحرين» under ب, as in Arabic indexes and the United Nations' lists
        of states), and the forms of alef (أ إ آ ا) sort as one letter, as in Arabic
        dictionaries."""
        articles = self.ui.get("sort_ignores", ())

        def key(record) -> str:
            name = self.label(kind, record).casefold()
            for article in articles:
                if name.startswith(article) and len(name) > len(article):
                    name = name[len(article):]
                    break
            return name.translate(_ONE_ALEF)

        return sorted(records, key=key)

    def links(self, kind: str, ids) -> Markup:
        return Markup(self.sep.join(self.link(kind, i) for i in ids))

    # -- one-line summaries of records ------------------------------------------------------
    def event_items(self, events, areas: bool = False) -> Markup:
        """Events as HTML list items, one per line (``m.event_list``): **date** · title
        (linked), its standing badge and, with ``areas``, its areas linked. The very ``<li>``
        Python-Markdown made of the Markdown entry these lists had; raw HTML passes through
        MkDocs unconverted, and converting the long lists (a timeline, an area's events) was
        most of what the live preview spent on Markdown after an edit (bench/README.md).
        Joined here rather than looped over in the template: a timeline lists hundreds."""
        return Markup("\n".join([self.event_item(event, areas) for event in events]))

    def event_item(self, event, areas: bool = False) -> str:
        """One event's ``<li>`` (see :meth:`event_items`), made once per language and folder.

        Only the links depend on the folder: the date, the title, the badge and the areas'
        names are made once per language (:meth:`_words_of`) and reused in every folder."""
        def make() -> str:
            date, label, badge, names = self._words_of(event)
            linked = (self.sep.join(f'<a href="{self.url("areas", i)}">{name}</a>'
                                    for i, name in zip(event.areas, names, strict=True))
                      if areas else "")
            return (f"<li><strong>{date}</strong> · <a href=\"{self.url('events', event.id)}\">"
                    f"{label}</a> {badge}{' · ' + linked if linked else ''}</li>")

        return self._line("events+areas" if areas else "events", event, make)

    def _words_of(self, event) -> tuple[str, str, str, list[str]]:
        """An event's date, title, badges (its standing; whether its sources differ) and areas'
        names as HTML, in this language."""
        cache = self.b.__dict__.setdefault("_rendered_words", {})
        key = (event.id, self.lang)
        if key not in cache:
            cache[key] = (markdown.html(self.date(event)),
                          markdown.html(self.label("events", event)),
                          self.standing(event.standing, markdown.html)
                          + self.differ(event, markdown.html),
                          [markdown.html(self.label("areas", self.b.areas[i]))
                           for i in event.areas])
        return cache[key]

    def agreement_line(self, agreement) -> Markup:
        """**date** · title (linked) · kind and its status badge: how lists name an agreement."""
        return self._line("agreements", agreement, lambda: Markup(
            f"**{markdown.inline(self.date(agreement))}** · "
            f"{self.link('agreements', agreement.id)} · "
            f"{markdown.inline(self.ui['agreement_kind'][agreement.kind])} "
            f"{self.status(agreement.status)}{self.differ(agreement)}"))

    def outlet(self, source, in_line: bool = False) -> Markup:
        """The outlet that published a source, or (in italics) that the article names none:
        "not named in the article" under the heading Outlet, "outlet not named…" ``in_line``,
        after a source's title, where no heading says what is not named."""
        if source.outlet:
            return markdown.inline(self.t(source.outlet))
        unknown = self.ui["label"]["outlet_unknown_line" if in_line else "outlet_unknown"]
        return Markup(f"_{markdown.inline(unknown)}_")

    def source_line(self, source) -> Markup:
        """title (linked) · outlet, date: how a record's sources name one (``m.citations``)."""
        def make() -> Markup:
            return Markup(f"{self.link('sources', source.id)} · {self.outlet(source, True)}"
                          f"{self.sep}{markdown.inline(self.date(source.published))}")

        return self._line("sources", source, make)

    def actor_line(self, actor) -> Markup:
        """name (linked) · kind · role: how an event lists the actors in it."""
        def make() -> Markup:
            role = f" · {markdown.inline(self.t(actor.role))}" if actor.role else ""
            return Markup(f"{self.link('actors', actor.id)} · "
                          f"{markdown.inline(self.ui['actor_kind'][actor.kind])}{role}")

        return self._line("actors", actor, make)

    def _line(self, kind: str, record, make) -> Markup:
        """Made once per language and folder: the same line recurs on many pages (timeline,
        actors, areas, sources, related events), and only the folder changes its links. A
        folder's index page is served one folder up from its other pages (``actors/`` beside
        ``actors/x/``), so its raw HTML links differ: it has lines of its own."""
        cache = self.b.__dict__.setdefault("_rendered_lines", {})
        key = (kind, record.id, self.lang, self.folder, self._url_base == self.folder)
        if key not in cache:
            cache[key] = make()
        return cache[key]

    # -- pictures -------------------------------------------------------------------------
    def picture(self, name: str) -> Markup:
        """A picture (inline SVG figure) for this page, or nothing when there is nothing to draw."""
        draw = {"timeline": pictures.timeline, "network": pictures.actor_network,
                "matrix": pictures.area_matrix}[name]
        return draw(self.b, self) or Markup("")

    # -- badges ---------------------------------------------------------------------------
    def standing(self, standing: str, text=markdown.inline, tooltip: bool = True) -> Markup:
        """The standing badge; its word made by ``text`` (Markdown, or :func:`markdown.html`),
        what it means in its tooltip unless ``tooltip`` is false."""
        title = (f' title="{markdown.attr(self.ui["standing_help"][standing])}"'
                 if tooltip else "")
        return Markup(f'<span class="badge standing standing-{standing}"{title}>'
                      f"{text(self.ui['standing'][standing])}</span>")

    def differ(self, record, text=markdown.inline) -> Markup:
        """After a record's standing in a list, when its sources differ (its page has a section
        saying where): the briefing promises to show where its sources disagree, and a reader
        scanning the timeline sees which events are contested without opening each. Kept out
        of search excerpts: the record's page, which says where they differ, is found instead."""
        if not record.conflicts:
            return Markup("")
        words = self.ui["differ"]
        return Markup(f' <span class="badge differ" title="{markdown.attr(words["help"])}" '
                      f'data-search-exclude="">{text(words["badge"])}</span>')

    def standing_explained(self, standing: str) -> Markup:
        """The standing badge of a record's own page, followed by what it means in words: in a
        list the badge explains itself in a tooltip, which a touch screen never shows. The words
        stay out of search excerpts, where they pushed the record's own text aside."""
        return Markup(f'{self.standing(standing, tooltip=False)} <span class="standing-help" '
                      f'data-search-exclude="">'
                      f"{markdown.inline(self.ui['standing_help'][standing])}</span>")

    def source_dates(self, cited) -> Markup:
        """A record's sources as links named by the day each article was published (a register's
        column), as the briefing names its articles ("the article of 30 March 2022"). Numbered
        1, 2, 3, they said nothing until followed, a screen reader read "link, 1", and 1 was
        another article on the next row. Kept out of search excerpts, which show the record's
        own words. Oldest first; a date may wrap, which keeps the column narrow."""
        sources = sorted((self.record("sources", s.id) for s in cited),
                         key=lambda s: self.b.when(s).sort_key)
        links = self.sep.join(self.link("sources", s.id, self.date(s)) for s in sources)
        return Markup(f'<span data-search-exclude="">{links}</span>')

    def attr(self, text: object) -> Markup:
        """Plain text for an HTML attribute or element that the templates write as HTML."""
        return Markup(markdown.attr(text))

    def status(self, status: str) -> Markup:
        return Markup(f'<span class="badge status status-{status}">'
                      f"{markdown.inline(self.ui['status'][status])}</span>")

    @cached_property
    def sep(self) -> str:
        """The list comma of the language ("، " in Arabic), for joining text in Python."""
        return self.words.comma

    @cached_property
    def comma(self) -> Markup:
        """The same comma for templates (``finalize`` would trim a bare string's space)."""
        return Markup(self.sep)
