"""MkDocs hook (listed under ``hooks:`` in mkdocs.yml): a sitemap in every language's folder.

Material's JavaScript fetches ``sitemap.xml`` beside every ``<link rel="alternate">`` of a page
(the Atom feeds are such links), so each Arabic page asks for ``/ar/sitemap.xml``: without one,
every page view of a non-default language made a request that failed with 404. The sitemap
protocol also wants a sitemap to list only addresses below its own folder, so
``<lang>/sitemap.xml`` holds that language's entries (with their hreflang alternates) out of
the site's full ``sitemap.xml`` (overrides/sitemap.xml).

MkDocs loads this file by path, not as part of the ``generator`` package.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def language_sitemap(full: Path, target: Path, prefix: str) -> int:
    """Write ``target`` with the entries of ``full`` whose address starts with ``prefix``."""
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    tree = ElementTree.parse(full)
    urlset = tree.getroot()
    kept = 0
    for url in list(urlset):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc") or ""
        if loc.startswith(prefix):
            kept += 1
        else:
            urlset.remove(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    tree.write(target, encoding="UTF-8", xml_declaration=True)
    return kept


def on_post_build(config, **kwargs):
    # Runs after each language's build (static-i18n builds the others inside the default one's
    # post_build); the last run sees the full sitemap, and each run rewrites every copy.
    site = Path(config.site_dir)
    full = site / "sitemap.xml"
    plugin = config.plugins.get("i18n")
    if plugin is None or not full.is_file():
        return
    base = config.site_url or ""
    for language in plugin.config.languages:
        if language.build and not language.default:
            language_sitemap(full, site / language.locale / "sitemap.xml",
                             f"{base}{language.locale}/")
