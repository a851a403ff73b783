"""Reading a built site's sitemaps as a search engine does: from the index robots.txt names
(``sitemap.xml``) to the per-language sitemaps it lists (generator/publish_hooks.py).

Shared by the tests that check what the sitemaps list (tests/test_publish.py,
tests/test_redirects.py).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def local_file(site: Path, site_url: str, url: str) -> Path:
    """The file of ``site`` that a server at ``site_url`` answers ``url`` with."""
    assert url.startswith(site_url), f"{url} is not on the site ({site_url})"
    return site / url[len(site_url):]


def sitemap_files(site: Path, site_url: str, index: str = "sitemap.xml") -> list[str]:
    """The sitemap addresses listed by the index at ``site/index`` (which must be an index)."""
    root = ElementTree.parse(site / index).getroot()
    assert root.tag == f"{{{NS['s']}}}sitemapindex", f"{index} is not a sitemap index"
    assert root.findall(".//s:url", NS) == []
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def sitemap_entries(site: Path, site_url: str, index: str = "sitemap.xml") -> dict[str, dict]:
    """Every page listed by the sitemaps the index at ``site/index`` leads to: address ->
    ``lastmod`` and hreflang ``alternates``. Each listed sitemap must be a file of the site, list
    only addresses at or below its own folder (the sitemap protocol's rule), and no page may be
    listed twice."""
    entries: dict[str, dict] = {}
    for address in sitemap_files(site, site_url, index):
        path = local_file(site, site_url, address)
        assert path.is_file(), f"{index} lists {address}, not in the built site"
        folder = address.rsplit("/", 1)[0] + "/"
        for url in ElementTree.parse(path).getroot().findall("s:url", NS):
            loc = url.findtext("s:loc", namespaces=NS)
            assert loc.startswith(folder), f"{address} lists {loc}, outside its folder"
            assert loc not in entries, f"{loc} listed twice"
            entries[loc] = {
                "lastmod": url.findtext("s:lastmod", namespaces=NS),
                "alternates": {link.get("hreflang"): link.get("href")
                               for link in url.findall("x:link", NS)},
            }
    return entries
