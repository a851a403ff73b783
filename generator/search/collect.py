"""Page HTML → what search needs: sections (heading id, heading, plain text) and linked pages.

A page is split at every heading that has an ``id`` (the anchors MkDocs' ``toc`` writes), so a
result can link to the section that matched. Text inside ``script``/``style``/``svg``, permalink
anchors (``a.headerlink``), a table's header row and anything marked ``data-search-exclude``
are left out, like Material's own indexer does. Inline elements (links, emphasis) do not separate
words, so «Gantz’s» stays one word. Block elements do, and the text is what a result's excerpt
shows, so it keeps where one block ended: paragraphs, list items and table rows read as
sentences (". " where a block ends without its own stop), cells of a row are set apart by " · ",
a term of a description list leads its definition as "Kind: Memorandum", and a badge reads in
brackets. A list of events was "… with Morocco Media report 24 November
2021 · Benny Gantz …"; it is "… with Morocco (Media report). 24 November 2021 · Benny Gantz …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "svg", "template", "noscript", "object", "thead"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    *_HEADINGS,
}
_CELLS = {"td", "th"}  # blocks (in _BLOCK) that the text sets apart as cells of a row
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


# What the parser writes between two blocks, between two cells and after a term (<dt>): control
# characters no page text keeps, which Python counts as whitespace, turned into what a reader
# sees by _clean.
_BLOCK_MARK, _CELL_MARK, _TERM_MARK = "\x1e", "\x1f", "\x1d"
_MARKED = re.compile(r"\s*[\x1d-\x1f][\s\x1d-\x1f]*")  # a run of whitespace with a mark in it
_STOPS = frozenset(".!?…:;؟؛”»")  # a block that ends in one of these needs no added full stop


@dataclass(frozen=True)
class Section:  # frozen: part of the key under which generator/search/index.py keeps page terms
    anchor: str  # heading id; "" for the top of the page
    title: str
    text: str


@dataclass
class Collected:
    sections: list[Section]
    links: list[str] = field(default_factory=list)  # href values, in order, without duplicates


class _Sectioner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, list[str], list[str]]] = [("", [], [])]
        self.stack: list[tuple[str, bool, str]] = []  # (tag, skipped, text written at its end)
        self.heading: str | None = None  # tag of the open heading that starts a section
        self.links: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = (
            self.skipping
            or tag in _SKIP
            or "data-search-exclude" in attributes
            or (tag == "a" and "headerlink" in (attributes.get("class") or "").split())
        )
        if tag == "a" and not skipped and attributes.get("href"):
            if attributes["href"] not in self.links:
                self.links.append(attributes["href"])
        if tag in _BLOCK:
            self._break(tag)
        closing = ""
        if not skipped and "badge" in (attributes.get("class") or "").split():
            self._write("(")
            closing = ")"
        if tag in _HEADINGS and not skipped and attributes.get("id") and self.heading is None:
            self.sections.append((attributes["id"], [], []))
            self.heading = tag
        if tag not in _VOID:
            self.stack.append((tag, skipped, closing))

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _, _ in self.stack):
            return
        while self.stack:
            open_tag, _, closing = self.stack.pop()
            if closing:
                self._write(closing)
            if open_tag == tag:
                break
        if tag == self.heading:
            self.heading = None
        if tag == "dt" and not self.skipping:
            self._write(_TERM_MARK)
        if tag in _BLOCK:
            self._break(tag)

    def handle_data(self, data):
        if not self.skipping:
            self._write(data)

    def _write(self, data: str) -> None:
        _, title, text = self.sections[-1]
        (title if self.heading else text).append(data)

    def _break(self, tag: str) -> None:
        # a heading's text is one line: its blocks only separate words
        self._write(" " if self.heading else _CELL_MARK if tag in _CELLS else _BLOCK_MARK)


def _joint(match: re.Match) -> str:
    gap, before = match.group(), match.string[match.start() - 1]
    if _TERM_MARK in gap:
        return " " if before in _STOPS else ": "
    if _BLOCK_MARK in gap:
        return " " if before in _STOPS else ". "
    return " · "


def _clean(parts: list[str]) -> str:
    """The text as one line, each run of whitespace one space, and blocks and cells set apart
    as the module says (nothing added at either end). Only the runs with a mark go through
    :func:`_joint`: a callback for every space cost a whole build's worth of calls."""
    text = "".join(parts).strip()  # the marks are whitespace to str.strip and str.split
    return " ".join(_MARKED.sub(_joint, text).split())


def collect(html: str, page_title: str) -> Collected:
    """Split rendered page content into sections; the first carries the page title.

    The page title comes from MkDocs (front matter or first heading), so a page whose ``h1`` has
    an id does not get an untitled first section: the ``h1`` section becomes the top section.
    """
    parser = _Sectioner()
    parser.feed(html)
    parser.close()
    raw = parser.sections
    sections: list[Section] = []
    top_text = _clean(raw[0][2])
    rest = raw[1:]
    if rest and not top_text and _clean(rest[0][1]) == page_title.strip():
        # The h1 itself: its text is the top of the page.
        top_text = _clean(rest[0][2])
        rest = rest[1:]
    sections.append(Section("", page_title.strip(), top_text))
    for anchor, title, text in rest:
        sections.append(Section(anchor, _clean(title), _clean(text)))
    return Collected(sections, parser.links)
