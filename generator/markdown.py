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
    flat = one_line(text)
    for char in _SPECIAL:  # replace() of the few characters present, not translate(): in
        if char in flat:  # Arabic text translate() looks up every character, 8x slower here
            flat = flat.replace(char, "\\" + char)
    return Markup(flat)


def forget() -> None:
    """Empty the cache of :func:`inline` (after a render: see ``generator.render``)."""
    _inline.cache_clear()


def paragraphs(text: object) -> Markup:
    """Inert text; blank lines separate paragraphs, other line breaks are spaces."""
    blocks = [b for b in _BLANK_LINES.split(str(text)) if b.strip()]
    return Markup("\n\n".join(inline(b) for b in blocks))


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
