"""Make content text inert in Markdown: it shows as typed, it never becomes markup.

Every ASCII punctuation character that Markdown, HTML or the enabled extensions could read as
syntax is backslash-escaped (``pymdownx.escapeall`` lets a backslash escape any character), so a
title like ``[x](javascript:…)``, ``<script>``, ``| cell``, ``# heading`` or ``{{ x }}`` renders as
those very characters. Line breaks inside a paragraph become spaces: a title cannot open a new
block. Templates get this by default (see ``render.environment``'s ``finalize``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

# The backslash first: the escapes added for the other characters must not be escaped again.
_SPECIAL = "\\`*_{}[]()#+-.!|<>&~^=:$@"
_BLANK_LINES = re.compile(r"\n\s*\n")


def one_line(text: str) -> str:
    r"""``text`` with each run of whitespace (what the regex ``\s+`` matches, checked over all
    of Unicode) made one space, and none at either end: ``str.split`` finds them three times
    faster than the regex does in an event's summary."""
    return " ".join(text.split())


def inline(text: object) -> Markup:
    """One line of inert text."""
    return _inline(text if type(text) is str else str(text))


@lru_cache(maxsize=65536)
def _inline(text: str) -> Markup:
    """Cached: the same names, labels and dates recur on thousands of pages."""
    return _escaped(one_line(text))


def _escaped(flat: str) -> Markup:
    for char in _SPECIAL:  # replace() of the few characters present, not translate(): in
        if char in flat:  # Arabic text translate() looks up every character, 8x slower here
            flat = flat.replace(char, "\\" + char)
    return Markup(flat)


def forget() -> None:
    """Empty the cache of :func:`inline` (after a render: see ``generator.render``)."""
    _inline.cache_clear()


def blocks(text: object) -> list[str]:
    """The paragraphs of a text, as raw text: a blank line (even one holding spaces) ends one.
    The pages (:func:`paragraphs`) and the feeds split a text the same way."""
    return [b.strip() for b in _BLANK_LINES.split(str(text)) if b.strip()]


def paragraphs(text: object, rtl: bool = False) -> Markup:
    """Inert text; blank lines separate paragraphs, other line breaks are spaces. In
    right-to-left text, notations written left to right are isolated (:func:`isolated`)."""
    return Markup("\n\n".join(isolated(b) if rtl else inline(b) for b in blocks(text)))


# A word of Latin letters and digits joined by the marks of dates, addresses and file names
# (EDTF "2022-09-12/2022-09-15", "2025-02?", "2021~/2023-01"; "/events/x-2021/"), ending on a
# letter, digit or one of those marks but never on a full stop: the sentence's own.
_LTR_RUN = re.compile(r"[/~]?[0-9A-Za-z][0-9A-Za-z._~%?/-]*[0-9A-Za-z~%?/]")
_REORDERED = re.compile(r"[-/~?]")  # what the bidi algorithm moves in Arabic text (below)


def isolated(text: str) -> Markup:
    """One line of inert right-to-left text whose left-to-right notations show as written.

    In Arabic text the Unicode bidi algorithm takes digits for Arabic numbers, and a hyphen
    or a slash between them for neutral: «2022-03» shows as «03-2022», «2025-02?» as
    «?02-2025». Each word holding one of those marks is wrapped in ``<bdi dir="ltr">``, which
    the browser lays out by itself, left to right. Copying the text copies no extra character
    (isolating Unicode controls would). Plain numbers and Latin names need no isolation."""
    if not _REORDERED.search(text):
        return _inline(text)  # most text: as :func:`inline` makes it
    flat = one_line(text)
    out, last = [], 0
    for match in _LTR_RUN.finditer(flat):
        word = match.group()
        if _REORDERED.search(word):
            out += [_escaped(flat[last:match.start()]), '<bdi dir="ltr">', _escaped(word),
                    "</bdi>"]
            last = match.end()
    out.append(_escaped(flat[last:]))
    return Markup("".join(out))


def link(label: object, target: str) -> Markup:
    """A Markdown link; ``target`` is built by the generator (never taken raw from content)."""
    return Markup(f"[{inline(label)}](<{target}>)")


def html(text: object) -> Markup:
    """One line of inert text for raw HTML that the generator writes where Markdown would cost
    too much to convert (lists of events). Escaped as Python-Markdown writes what
    :func:`inline` escaped (``&``, ``<`` and ``>``; quotes as they are), so the page is the
    same either way."""
    flat = one_line(str(text))
    return Markup(flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def attr(text: object) -> str:
    """Text for an HTML attribute value inside raw HTML that the generator writes."""
    return (str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("'", "&#39;"))
