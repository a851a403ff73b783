"""Per-language full-text search that an Arabic reader can rely on.

Material's built-in search (lunr) ships every page's text to every reader in one index for all
languages and matches Arabic words only in the exact spelling typed. This package keeps
Material's search box, result list and keyboard handling (they talk to a web worker through a
small documented message protocol) and replaces what sits behind them:

- ``normalise``: the one definition of how text becomes search terms (Arabic letter folding,
  diacritics, clitics; English case, possessive, plural). ``search-normalise.js`` in
  ``overrides/assets/javascripts/`` is its line-by-line mirror for the browser, and the tests run
  both over the same words.
- ``collect``: page HTML → sections (Material's own HTML section parser) and the pages it links to.
- ``index``: sections of one language → a sharded index written under ``search/<locale>/``: the
  reader downloads only the term shards of the words typed and the few pages shown.

The MkDocs side (which page belongs to which language, where files go) is in
``generator/search_hooks.py``.
"""

HOOKS = "generator/search_hooks.py"  # the MkDocs hook's key in config.plugins (as in mkdocs.yml)


def collected(config) -> dict | None:
    """The pages the search hook has collected in this build, {locale: {url: entry}} (None
    without the hook). MkDocs loads the hook by path, as a module of its own: it is reached
    through the configuration's plugins, not imported."""
    found = getattr(config.plugins.get(HOOKS), "_collected", None)
    return found if isinstance(found, dict) else None
