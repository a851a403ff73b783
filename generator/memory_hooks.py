"""MkDocs hooks that let go of what a large build no longer needs (listed in mkdocs.yml).

MkDocs converts every page of a language to HTML before it writes any, and keeps each page's
Markdown, HTML and table of contents until the build ends. mkdocs-static-i18n builds each further
language from inside the first language's ``on_post_build``, so all English pages are still held
while the whole Arabic build runs (in one process; on two CPUs the Arabic build runs beside the
English one in a child, generator/fork_languages.py, and both hold their pages at once). At
10,000 events (28,000 pages) that is most of the build's peak memory (bench/README.md). These
hooks free it as soon as nothing reads it any more:

1. A page's Markdown once it is converted to HTML (``on_page_content``): only ``render()``
   reads it. It becomes "" rather than None, as MkDocs' ``Page.title`` treats None as "not read".
2. A page's HTML and table of contents once its file is written (``on_post_page``, after every
   other hook): the templates read them for the page itself only; the navigation, the footer's
   previous/next links, the sitemaps and the language switcher use titles and URLs, and the
   anchor check at the end of the build uses ``present_anchor_ids``, which is kept. The title
   stays what it was (from the metadata or the first heading, both kept).
3. Material's search index entries (``on_pre_build``): Material's search plugin copies the text
   of every page of every language into a list, and mkdocs-static-i18n keeps one more copy of
   it, only for generator/search_hooks.py to empty that index to its ``config`` (our own search
   has its own collection). With that hook present, Material is told not to index pages at
   all; it still writes ``search/search_index.json`` with its ``config`` and no entries,
   which is what the theme reads (``search.highlight``). Without that hook nothing is changed.

The built site is byte-for-byte the same (tests/test_memory.py builds it with and without).
"""

from __future__ import annotations

from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc

SEARCH_HOOKS = "generator/search_hooks.py"  # its key in config.plugins (as in mkdocs.yml)


def _skip_indexing(page) -> None:
    """Stands in for Material's ``SearchIndex.add_entry_from_context``: index nothing."""


@event_priority(-1000)  # after every other on_pre_build
def on_pre_build(config, **kwargs):
    if SEARCH_HOOKS not in config.plugins:
        return
    for name in ("material/search", "search"):
        index = getattr(config.plugins.get(name), "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context"):
            # Material's on_config makes a new index for each language build: patch each one.
            index.add_entry_from_context = _skip_indexing


@event_priority(-1000)  # after every other on_page_content
def on_page_content(html, page, config, files, **kwargs):
    page.markdown = ""
    return html


@event_priority(-1000)  # after every other on_post_page (generator/csp.py reads page.content)
def on_post_page(output, page, config, **kwargs):
    page.content = ""
    page.toc = get_toc([])
    return output
