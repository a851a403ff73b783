"""MkDocs hook: values from content that Material prints without escaping are escaped first
(listed under ``hooks:`` in mkdocs.yml).

MkDocs renders theme templates with autoescaping off, and Material prints some values raw:
``config.site_name`` (header, navigation, ``aria-label="..."``, ``<title>``) and
``config.site_description`` (``<meta name="description" content="...">``), both written from
content/config.yaml; and ``page.title | striptags`` in ``<title>``, where ``striptags`` turns the
title's ``&lt;`` back into ``<`` (a title holding ``</title><script>`` would leave the element).

Navigation titles are printed raw as well (``{{ nav_item.title }}``); they come from content
page titles through the generated ``nav`` and each language's ``nav_translations``. They are
escaped once, in ``on_config``, before MkDocs builds the navigation and before
mkdocs-static-i18n translates it. (The site name and description cannot be escaped there:
mkdocs-static-i18n only overrides options whose value is exactly a ``str``.)

Then, just before each page or theme template renders (after mkdocs-static-i18n has set the
language's own site name): the two config values become ``Markup`` holding their escaped text
(printed raw they are escaped once; a template's ``| e`` leaves ``Markup`` as it is, so nothing is
escaped twice), and each page gets ``meta.title``, which Material prints as it is, set to the
page's title, already escaped text from its first heading.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from mkdocs.plugins import event_priority

ESCAPED = ("site_name", "site_description", "site_author", "copyright")


def escape_config(config) -> None:
    for key in ESCAPED:
        value = config.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            config[key] = escape(value)


def escape_nav(items):
    """The ``nav`` setting with every title escaped (paths and structure unchanged)."""
    if isinstance(items, list):
        return [escape_nav(item) for item in items]
    if isinstance(items, dict):
        return {text(title): escape_nav(value) for title, value in items.items()}
    return items


class _Escaped(dict):
    """nav_translations already escaped (on_config runs again for each language's build)."""


class _EscapedNav(list):
    """A nav already escaped."""


def text(value: str) -> str:
    return str(escape(value))  # plain str: mkdocs-static-i18n checks option types exactly


@event_priority(100)  # before mkdocs-static-i18n's on_config (-100) reads its languages
def on_config(config, **kwargs):
    if config.get("nav") and not isinstance(config["nav"], _EscapedNav):
        config["nav"] = _EscapedNav(escape_nav(config["nav"]))
    i18n = config.plugins.get("i18n")
    for language in getattr(getattr(i18n, "config", None), "languages", None) or []:
        found = language.get("nav_translations")
        if found and not isinstance(found, _Escaped):
            language["nav_translations"] = _Escaped({text(k): text(v) for k, v in found.items()})
    return config


@event_priority(-100)  # after mkdocs-static-i18n (50) has set this language's values
def on_page_context(context, page, config, nav, **kwargs):
    escape_config(config)
    if page.title and not page.is_homepage and not page.meta.get("title"):
        page.meta["title"] = Markup(page.title)  # MkDocs' title: the heading's escaped text
    return context


@event_priority(-100)
def on_template_context(context, template_name, config, **kwargs):
    escape_config(config)
    return context
