"""MkDocs hook (listed under ``hooks:`` in mkdocs.yml): small sitemap indexes where Material
looks, the full sitemaps one per language beside them.

Material's JavaScript (bundle.js, ``ui``) fetches ``sitemap.xml`` beside every
``<link rel="alternate">`` of a page on every page view: for our Atom feeds that is
``/sitemap.xml`` on every page and ``/<lang>/sitemap.xml`` on every page of another language.
It reads the ``<url>`` entries to map language-switch clicks, and for a feed link the map is
never used (its key is the feed's address). The full sitemap grows with the content (1.1 MB
at 1,000 events, bench/README.md), so serving it there cost every reader megabytes for
nothing. So those two addresses hold sitemap *indexes* (sitemaps.org ``<sitemapindex>``:
no ``<url>``, a few hundred bytes, Material gets an empty map) and the pages are listed in
``sitemap-pages.xml`` in each language's folder (the protocol wants a sitemap to list only
addresses at or below its own folder): the default language's at the site root, each other
language's in ``<lang>/``. Search engines follow the index (robots.txt names ``/sitemap.xml``);
each entry keeps its hreflang alternates and x-default from overrides/sitemap.xml, which
MkDocs renders as ``sitemap.xml`` and this hook then splits.

MkDocs loads this file by path, not as part of the ``generator`` package.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from mkdocs.plugins import event_priority

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
INDEX = "sitemap.xml"  # the address Material fetches and robots.txt names
PAGES = "sitemap-pages.xml"  # one language's pages, in that language's folder


def _tag(name: str) -> str:
    return f"{{{SITEMAP_NS}}}{name}"


def _write(root: ElementTree.Element, target: Path) -> None:
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    target.parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(root).write(target, encoding="UTF-8", xml_declaration=True)


def split_sitemap(site: Path, base: str, default: str, others: list[str]) -> dict[str, int]:
    """Turn the full ``site/sitemap.xml`` into one ``sitemap-pages.xml`` per language it lists
    (``default`` at the root, each of ``others`` in its folder) and indexes at ``sitemap.xml``
    (every language) and ``<lang>/sitemap.xml`` (that language). Returns the pages listed per
    language; an empty dict when ``sitemap.xml`` is already an index (a language build's
    earlier run). A language the rendering does not list keeps the pages file it has: a
    language built in a process of its own (generator/fork_languages.py) wrote it there."""
    full = site / INDEX
    urlset = ElementTree.parse(full).getroot()
    if urlset.tag != _tag("urlset"):
        return {}
    folders = {lang: f"{lang}/" for lang in others} | {default: ""}
    sets: dict[str, ElementTree.Element] = {}
    for url in urlset:
        loc = url.findtext(_tag("loc")) or ""
        lang = next((lang for lang in others if loc.startswith(f"{base}{lang}/")), default)
        sets.setdefault(lang, ElementTree.Element(_tag("urlset"))).append(url)
    for lang, urls in sets.items():
        urls[-1].tail = "\n"  # as the rendering's last entry, wherever this one stood in it
        _write(urls, site / folders[lang] / PAGES)
    newest = {lang: _newest(sets[lang] if lang in sets else _read(site / folders[lang] / PAGES))
              for lang in folders}

    def index(langs: list[str]) -> ElementTree.Element:
        root = ElementTree.Element(_tag("sitemapindex"))
        for lang in langs:
            entry = ElementTree.SubElement(root, _tag("sitemap"))
            ElementTree.SubElement(entry, _tag("loc")).text = f"{base}{folders[lang]}{PAGES}"
            if newest[lang]:
                ElementTree.SubElement(entry, _tag("lastmod")).text = newest[lang]
        ElementTree.indent(root)
        return root

    _write(index([default, *others]), full)
    for lang in others:
        _write(index([lang]), site / lang / INDEX)
    # MkDocs gzips its rendering beside it; nothing names the copy, and it would be the full
    # sitemap again under the index's name
    (site / f"{INDEX}.gz").unlink(missing_ok=True)
    return {lang: len(urls) for lang, urls in sets.items()}


def _read(pages: Path) -> ElementTree.Element:
    return ElementTree.parse(pages).getroot() if pages.is_file() else ElementTree.Element("none")


def _newest(urls: ElementTree.Element) -> str:
    return max((u.findtext(_tag("lastmod")) or "" for u in urls), default="")


@event_priority(-150)  # after static-i18n has built (or taken) the further languages (-100)
def on_post_build(config, **kwargs):
    # Runs after each language's build (static-i18n builds the others inside the default one's
    # post_build, before this runs there). Each rendering of sitemap.xml is split when its
    # run's hook sees it; a run that finds the index already in place has nothing to do. The
    # last rendering knows every language, and it is split after it.
    site = Path(config.site_dir)
    plugin = config.plugins.get("i18n")
    if plugin is None or not (site / INDEX).is_file():
        return
    languages = [lang for lang in plugin.config.languages if lang.build]
    default = next(lang.locale for lang in languages if lang.default)
    others = [lang.locale for lang in languages if not lang.default]
    split_sitemap(site, config.site_url or "", default, others)
