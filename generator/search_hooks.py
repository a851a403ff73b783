"""MkDocs hooks for per-language search (listed under ``hooks:`` in mkdocs.yml).

Material's search box, result list and keyboard handling stay as they are; they talk to a web
worker whose URL Material writes into each page's ``__config`` JSON. These hooks:

1. Collect every page of every language as it renders (``on_page_context``): sections, links.
2. After the last language is built (``on_post_build``), write one index per language under
   ``search/<locale>/`` (see ``generator/search/index.py``). Each page is also indexed under its
   own title in the other languages, and under those titles of the pages it links to: a Latin
   company name typed on the Arabic site finds the Arabic pages about that company.
3. Point each page's ``__config.search`` at ``assets/javascripts/search-worker.js`` with the
   page's language, instead of Material's lunr worker (``on_post_page``, ``on_post_template`` for
   the 404 pages). Rewriting the one JSON value after rendering is version-independent, where a
   template override would copy Material's ``config`` block. The same JSON gets the sentences
   ``search-count.js`` shows when more pages match than the result list holds, or when no page
   has every word (``search`` in generator/i18n/<locale>.yaml, as ``briefing.search.<key>``).
4. Empty Material's ``search/search_index.json`` down to its ``config``: Material's bundle fetches
   it on every page view (it would hold the full text of every page in every language), and the
   on-page highlighter (``search.highlight``) still reads its separator from there.

MkDocs loads this file by path: the repository root is put on ``sys.path`` so the
``generator.search`` package can be imported when MkDocs is run by itself (``mkdocs build``).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.plugins import event_priority

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from generator.collector import paused  # noqa: E402
from generator.render.context import UnknownLanguage, Words  # noqa: E402
from generator.search.collect import collect  # noqa: E402
from generator.search.index import SearchPage, synonym_terms, write_indexes  # noqa: E402

WORKER = "assets/javascripts/search-worker.js"
_WORKER_SOURCES = ("search-worker.js", "search-normalise.js")
_CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)
_MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[^/]*\.js$")

# Pages collected in this build, per locale: {locale: {url: (title, sections, links)}}
_collected: dict[str, dict[str, tuple]] = {}
_written = False
LEARN = True  # keep the terms of every language's pages for the next write (the live preview);
#               ``python -m generator build`` turns it off: it writes the indexes once
_version = ""  # of the worker's two files, so a new worker is never mixed with an old page


def _languages(config) -> tuple[str, list[tuple[str, str]]]:
    """(default locale, [(locale, URL folder prefix)]) of the languages built."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return config.theme["language"], [(config.theme["language"], "")]
    languages = [lang for lang in plugin.config.languages if lang.build]
    default = next(lang.locale for lang in languages if lang.default)
    return default, [(lang.locale, (lang.link or "/").strip("/")) for lang in languages]


def _locale(config) -> str:
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or config.theme["language"]


def _worker_version() -> str:
    digest = hashlib.sha256()
    folder = _ROOT / "overrides" / "assets" / "javascripts"
    for name in _WORKER_SOURCES:
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:10]


def _search_words(locale: str) -> dict[str, str]:
    """The locale's sentences about search results (generator/i18n/<locale>.yaml, ``search``),
    from the interface words the render reads too."""
    try:
        return dict(Words.of(locale).data.get("search") or {})
    except UnknownLanguage:
        return {}


def on_pre_build(config, **kwargs):
    global _written, _version
    if _locale(config) == _languages(config)[0]:  # the first (outer) language build
        _collected.clear()
        _written = False
        _version = _worker_version()


@event_priority(-50)  # after Material's search plugin has stripped its data-search-* attributes
def on_page_context(context, page, config, nav, **kwargs):
    search = page.meta.get("search") or {}
    if not search.get("exclude"):
        # MkDocs gives a title taken from the page's first heading HTML-escaped ("R&amp;D"); the
        # index holds text, which the worker escapes when it shows it
        title = str(page.meta.get("title") or html.unescape(page.title or ""))
        found = collect(page.content or "", title)
        links = []
        for href in found.links:
            parts = urlsplit(urljoin("http://site/" + page.url, href))
            if parts.netloc == "site":
                links.append(parts.path.lstrip("/"))
        _collected.setdefault(_locale(config), {})[page.url] = (
            found.sections[0].title, found.sections, links, str(page.meta.get("dated") or "")
        )
    return context


def _point_at_our_worker(output: str, locale: str) -> str:
    match = _CONFIG_SCRIPT.search(output)
    if not match:
        return output
    app = json.loads(match.group(2))
    worker = app.get("search")
    if not isinstance(worker, str) or not _MATERIAL_WORKER.search(worker):
        return output
    app["search"] = _MATERIAL_WORKER.sub(
        f"{WORKER}?lang={locale}&v={_version or _worker_version()}", worker
    )
    if isinstance(app.get("translations"), dict):
        for key, sentence in _search_words(locale).items():
            app["translations"][f"briefing.search.{key}"] = sentence
    return output[: match.start(2)] + json.dumps(app) + output[match.end(2):]


@event_priority(50)
def on_post_page(output, page, config, **kwargs):
    return _point_at_our_worker(output, _locale(config))


@event_priority(50)  # before generator/mkdocs_hooks.py keeps each language's 404 page
def on_post_template(output_content, template_name, config, **kwargs):
    if template_name == "404.html":
        return _point_at_our_worker(output_content, _locale(config))
    return output_content


def _key(url: str, prefix: str) -> str:
    """The page's path inside its language folder, the same in every language."""
    if prefix and url.startswith(prefix + "/"):
        return url[len(prefix) + 1:]
    return url


def search_pages(languages: list[tuple[str, str]]) -> dict[str, list[SearchPage]]:
    """Collected pages → index input per locale, with other-language titles as aliases."""
    titles: dict[str, dict[str, str]] = {}  # key → {locale: title}
    for locale, prefix in languages:
        for url, (title, *_) in _collected.get(locale, {}).items():
            titles.setdefault(_key(url, prefix), {})[locale] = title
    result: dict[str, list[SearchPage]] = {}
    for locale, prefix in languages:
        others = {key: [t for loc, t in by_locale.items() if loc != locale]
                  for key, by_locale in titles.items()}  # key → titles in the other languages
        pages = []
        for url, (title, sections, links, dated) in sorted(_collected.get(locale, {}).items()):
            key = _key(url, prefix)
            targets = (_key(link, prefix) for link in links)
            linked = dict.fromkeys(  # in order of first appearance, without duplicates
                t for target in targets if target != key for t in others.get(target, ())
            )
            pages.append(SearchPage(url, title, sections, others.get(key, []), list(linked),
                                    dated))
        result[locale] = pages
    return result


def _empty_material_index(site_dir: Path) -> None:
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("docs"):
        data["docs"] = []
        path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages (-100)
def on_post_build(config, **kwargs):
    global _written
    site_dir = Path(config.site_dir)
    _empty_material_index(site_dir)
    _, languages = _languages(config)
    if _written or any(locale not in _collected for locale, _ in languages):
        return
    synonyms = config.extra.get("search_synonyms") or {}
    with paused():  # the indexes' pages and tables of terms (generator/collector.py)
        write_indexes({site_dir / "search" / locale: pages
                       for locale, pages in search_pages(languages).items()}, learn=LEARN,
                      synonyms={site_dir / "search" / locale: synonym_terms(synonyms.get(locale))
                                for locale, _ in languages})
    _written = True
