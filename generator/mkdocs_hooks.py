"""MkDocs hooks for the briefing site (listed under `hooks:` in mkdocs.yml).

MkDocs loads this file by path, not as part of the `generator` package, so it must not import
from `generator`. It does three things that the theme and mkdocs-static-i18n do not:

1. Refuse to build when a page lacks its translation. With `docs_structure: folder` every page
   lives once per language (`en/timeline.md`, `ar/timeline.md`, ...). static-i18n would silently
   fall back to the default language (or, with `fallback_to_default: false`, silently drop the
   page); we raise PluginError naming every missing file instead.
2. Put `dir` on the `<html>` element. Material writes `lang` on `<html>` but the direction only
   on `<body>`. The `<html>` tag in Material's base.html sits outside any template block, so a
   template override would mean copying the whole of base.html and keeping it in step with every
   Material release; rewriting the one tag after rendering is version-independent.
3. Give every language its own 404 page. MkDocs renders the theme's 404.html once per language
   build, always to `site_dir/404.html`, so the last language built would overwrite the default
   one. We keep the default language's page at `site/404.html` and move each other language's
   rendering (translated theme strings, site name, nav, `dir="rtl"`) to `site/<lang>/404.html`.
4. Drop the `<link rel="alternate" hreflang=...>` tags from page heads. Material's JavaScript
   fetches `sitemap.xml` below every such link, expecting language roots; static-i18n points
   them at each page's counterpart, so every page view made two failing requests. The same
   hreflang alternates are in the sitemaps (overrides/sitemap.xml, split one per language by
   generator/publish_hooks.py), which search engines accept.
5. Write redirect stubs for renamed pages (`former_ids`), in every language. The generated config
   lists them once, language-neutral, as `extra.redirects: {old page: new page}` with paths as
   inside a language folder (`events/old-id.md: events/new-id.md`). (mkdocs-redirects does not
   understand static-i18n's folder layout: it writes the default language's stubs under `/en/`
   or points them at `/en/...`.)
"""

from __future__ import annotations

import html
import logging
import os
import re
from copy import deepcopy
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.briefing")

_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_BODY_DIR = re.compile(r"<body\b[^>]*?\bdir=\"(ltr|rtl)\"", re.IGNORECASE)
_HAS_DIR = re.compile(r"\sdir=", re.IGNORECASE)
_HREFLANG_LINK = re.compile(
    r"[ \t]*<link rel=\"alternate\" href=\"[^\"]*\" hreflang=\"[^\"]*\">\n?"
)

# 404 pages rendered so far in this build, per language: {locale: html}
_not_found_pages: dict[str, str] = {}


def _i18n(config):
    """Return (default_locale, [built locales]) from the mkdocs-static-i18n plugin config."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("briefing hooks: the 'i18n' plugin (mkdocs-static-i18n) is not enabled")
    languages = [lang for lang in plugin.config.languages if lang.build]
    defaults = [lang.locale for lang in languages if lang.default]
    if not languages or len(defaults) != 1:
        raise PluginError(
            "briefing hooks: plugins.i18n.languages must list the languages to build, "
            "exactly one of them with 'default: true'"
        )
    return defaults[0], [lang.locale for lang in languages]


def _current_locale(config) -> str:
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or config.theme["language"]


def _markdown_pages(docs_dir: Path) -> list[str]:
    """Every Markdown page under ``docs_dir``, as a relative POSIX path. Skips what MkDocs skips:
    files and folders whose name starts with a dot. One ``os.walk`` on strings: a 10,000-event
    site has 28,000 pages, and two ``rglob`` walks building Path objects took 0.8 s of the
    build's serial start."""
    pages = []
    for folder, folders, names in os.walk(docs_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        rel = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        pages += [prefix + name for name in names
                  if name.endswith(".md") and not name.startswith(".")]
    return pages


def check_translations(docs_dir: Path, locales: list[str]) -> list[str]:
    """Return a sorted list of problems: pages missing in a language, pages outside a language.

    Every Markdown page must exist under every language folder with the same relative path.
    """
    pages: dict[str, set[str]] = {locale: set() for locale in locales}
    outside: list[str] = []
    for path in _markdown_pages(docs_dir):
        top, _, rest = path.partition("/")
        if rest and top in pages:
            pages[top].add(rest)
        else:
            outside.append(path)
    problems = [f"{docs_dir / locale}/ (the whole '{locale}' folder) is missing"
                for locale in locales if not (docs_dir / locale).is_dir()]
    every = set().union(*pages.values())
    for locale in locales:
        for rel in sorted(every - pages[locale]):
            have = ", ".join(f"{loc}/{rel}" for loc in locales if rel in pages[loc])
            problems.append(f"{locale}/{rel} is missing (present: {have})")
    problems += [f"{rel} is outside the language folders {locales}"
                 for rel in sorted(outside, key=lambda rel: rel.split("/"))]
    return problems


def on_config(config, **kwargs):
    # Runs as each language's build starts (and as the live preview's quick update turns to a
    # language): the heading links' title in that language ("Permanent link" on every Arabic
    # page before), from generator/i18n through the generated config.
    title = (config.extra.get("permalink_title") or {}).get(_current_locale(config))
    if title and isinstance(config.mdx_configs.get("toc"), dict):
        config.mdx_configs["toc"]["permalink_title"] = title
    return config


def on_pre_build(config, **kwargs):
    # Runs once per language build; the first (the default language's, which starts the build)
    # checks the tree, which cannot change while the further languages build inside it.
    default, locales = _i18n(config)
    if _current_locale(config) != default:
        return
    problems = check_translations(Path(config.docs_dir), locales)
    if problems:
        raise PluginError(
            f"Missing translations in {config.docs_dir} (every page must exist in every language: "
            + ", ".join(locales)
            + "):\n  - "
            + "\n  - ".join(problems)
        )
    _not_found_pages.clear()


def _set_html_dir(output: str) -> str:
    body = _BODY_DIR.search(output)
    html = _HTML_TAG.search(output)
    if not body or not html or _HAS_DIR.search(html.group(0)):
        return output
    tag = html.group(0)
    new_tag = tag[:-1].rstrip() + f' dir="{body.group(1).lower()}">'
    return output[: html.start()] + new_tag + output[html.end() :]


def on_post_page(output, page, config, **kwargs):
    return _HREFLANG_LINK.sub("", _set_html_dir(output))


def on_template_context(context, template_name, config, **kwargs):
    # static-i18n points the language switcher (config.extra.alternate) at the counterpart of
    # each page as it renders it, and does not reset it for theme templates: the 404 page would
    # offer the last page's counterparts. Point it at the language home pages instead.
    if template_name == "404.html":
        plugin = config.plugins.get("i18n")
        alternate = getattr(plugin, "extra_alternate", None)
        if alternate:
            # static-i18n sets it as an attribute, which Jinja reads before the item
            config.extra["alternate"] = deepcopy(alternate)
            config.extra.alternate = config.extra["alternate"]
    return context


def on_post_template(output_content, template_name, config, **kwargs):
    if template_name == "404.html":
        return _HREFLANG_LINK.sub("", _set_html_dir(output_content))
    return output_content


_REFRESH = '<meta http-equiv="refresh"'  # what only a redirect stub has
_REDIRECT_PAGE = """<!doctype html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
{security}
<title>{url}</title>
<link rel="canonical" href="{url}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={url}">
</head>
<body><a href="{url}">{url}</a></body>
</html>
"""


def _security_tags(config) -> str:
    """The security tags every page of the theme carries (Content-Security-Policy, referrer:
    overrides/partials/briefing/head-security.html, one place for the policy), for the redirect
    stubs, which the theme does not render. A stub runs no script: the placeholder that
    generator/csp.py fills with the hashes of a page's inline scripts is left out."""
    if not config.theme.custom_dir:
        return ""
    partial = Path(config.theme.custom_dir) / "partials" / "briefing" / "head-security.html"
    if not partial.is_file():
        return ""
    tags = partial.read_text(encoding="utf-8").split("-#}", 1)[-1]
    return re.sub(r" '[a-z-]+-inline-script-hashes'", "", tags).strip()


def write_redirects(config, locale: str, prefix: str) -> None:
    """Write `extra.redirects` stubs for one language whose pages live under site/<prefix>."""
    redirects = config.extra.get("redirects") or {}
    if not isinstance(redirects, dict):
        raise PluginError("extra.redirects must be a mapping {old page.md: new page.md}")
    site_dir = Path(config.site_dir)
    problems = []
    security = _security_tags(config) if redirects else ""
    for old, new in sorted(redirects.items()):
        old_file = File(str(old), "", "", config.use_directory_urls)
        new_file = File(str(new), "", "", config.use_directory_urls)
        if not old_file.is_documentation_page() or not new_file.is_documentation_page():
            problems.append(f"{old} -> {new}: both must be Markdown page paths")
            continue
        old_out = site_dir / prefix / old_file.dest_uri
        new_out = site_dir / prefix / new_file.dest_uri
        if not new_out.is_file():
            problems.append(f"{old} -> {new}: no page {prefix}{new_file.dest_uri} was built")
            continue
        if old_out.exists() and _REFRESH not in old_out.read_text(encoding="utf-8"):
            # a stub of an earlier build into the same folder (the live preview's) is rewritten
            problems.append(f"{old} -> {new}: {prefix}{old_file.dest_uri} is a real page")
            continue
        url = new_file.url_relative_to(old_file)
        direction = "rtl" if locale.split("-")[0].split("_")[0] in _RTL else "ltr"
        old_out.parent.mkdir(parents=True, exist_ok=True)
        old_out.write_text(
            _REDIRECT_PAGE.format(lang=locale, dir=direction, url=html.escape(url),
                                  security=security),
            encoding="utf-8",
        )
    if problems:
        raise PluginError(f"Bad extra.redirects for '{locale}':\n  - " + "\n  - ".join(problems))


_RTL = {"ar", "fa", "he", "ur", "ps", "ku", "dv", "yi"}


def on_post_build(config, **kwargs):
    default, _ = _i18n(config)
    locale = _current_locale(config)
    site_dir = Path(config.site_dir)
    write_redirects(config, locale, "" if locale == default else f"{locale}/")
    rendered = site_dir / "404.html"
    if not rendered.is_file():
        return
    _not_found_pages[locale] = rendered.read_text(encoding="utf-8")
    if locale != default:
        target = site_dir / locale / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_not_found_pages[locale], encoding="utf-8")
    # static-i18n builds the default language first and the others from inside its own
    # post_build; put the default language's page back after each of them.
    if default in _not_found_pages:
        rendered.write_text(_not_found_pages[default], encoding="utf-8")
