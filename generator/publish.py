"""What a published page says about itself: description, last update, and the build's identity.

Search engines, link previews and readers who cite a page need three things the page text does
not carry: a one-line description in the page's language and the date its content last
changed. (When the whole site was built, and from which content version, is
:mod:`generator.provenance`'s, shared with the data export and feeds.) Both are written into
each page's YAML front matter (``description``, ``revision_date``, ``updated``),
which the theme reads: Material prints ``description`` as the meta description and
``revision_date`` under the page; overrides/partials/briefing/head-meta.html and
overrides/sitemap.xml use ``updated``. A record's own date, as its page shows it, goes there too
(``dated``), for the search index.

Dates come from the content's git history (the last commit touching the record's file), so a
rebuild does not make every page look new. Outside a git checkout (a tarball, a copy) or for a
file git does not know yet, there is no date and the page simply does not show one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape
from pydantic import BaseModel

from . import dates
from .briefing import record_date

DESCRIPTION_LIMIT = 200  # characters; search engines show about this much
_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)?---\n", re.DOTALL)
_PRIMARY = ("event", "actor", "agreement", "source")  # page data key of a record page
CONFIG = ("config", "")  # key of config.yaml's date among the record dates


# -- git ----------------------------------------------------------------------------------------
def _git(cwd: Path, *args: str) -> str | None:
    """Output of a git command, or None when git or the repository is not there."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_dates(folder: Path) -> dict[Path, dt.date]:
    """{file: date of the last commit that changed it} for every committed file under ``folder``.

    One ``git log`` walk for the whole folder (newest commit first: the first time a file is
    named is its last change). Empty when ``folder`` is not inside a git work tree.
    """
    folder = folder.resolve()
    top = _git(folder, "rev-parse", "--show-toplevel")
    if not top:
        return {}
    root = Path(top.strip())
    log = _git(folder, "-c", "core.quotepath=off", "log", "--format=%x00%cI", "--name-only",
               "--no-renames", "--", ".")
    if log is None:
        return {}
    found: dict[Path, dt.date] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = dt.datetime.fromisoformat(line[1:]).astimezone(dt.UTC).date()
        elif line and when is not None:
            found.setdefault(root / line, when)
    return found


_last_dates: tuple[object, dict] | None = None  # (briefing, its record dates)


def record_dates(briefing) -> dict[tuple[str, str], dt.date]:
    """{(kind, id): last change} for every record whose file git knows.

    Kept for the last briefing asked about: the render and the feeds (generator/feeds.py) both
    need it, and each call walks the git log of the content folder.
    """
    global _last_dates
    if _last_dates is None or _last_dates[0] is not briefing:
        _last_dates = (briefing, _record_dates(briefing))
    return _last_dates[1]


def forget() -> None:
    """Drop the last briefing's record dates (and so the briefing)."""
    global _last_dates
    _last_dates = None


def _record_dates(briefing) -> dict[tuple[str, str], dt.date]:
    """:func:`record_dates`, computed.

    Paths are resolved once, for the folder holding every content file: the loader refuses
    content files that are links out of the content folder, so each file's real path is the
    folder's plus its own name (one ``resolve`` per file was most of the time of this function
    at 1,000 events). Likewise each folder is made absolute once, not each of its files.
    """
    if not briefing.files:
        return {}
    folders = {os.path.dirname(name) for name in briefing.files.values()}
    absolute = {name: os.path.abspath(name) for name in folders}
    base = os.path.commonpath(list(absolute.values()))
    folder = Path(base).resolve()
    by_file = git_dates(folder)
    if not by_file:
        return {}
    out = {}
    if (folder / "config.yaml") in by_file:  # areas are declared there
        out[CONFIG] = by_file[folder / "config.yaml"]
    inside = {name: folder / os.path.relpath(path, base) for name, path in absolute.items()}
    for key, name in briefing.files.items():
        head, tail = os.path.split(name)
        when = by_file.get(inside[head] / tail)
        if when is not None:
            out[key] = when
    return out


# -- per page -----------------------------------------------------------------------------------
def _key(briefing, record) -> tuple[str, str]:
    for kind, cls in briefing.models.kinds.items():
        if isinstance(record, cls):
            return kind, record.id
    return CONFIG  # areas (and anything else not in a record file) live in config.yaml


def _records(value: Any):
    """Every content record reachable in a template's data (lists, dicts, nested)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _records(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _records(item)
    elif isinstance(value, BaseModel) and hasattr(value, "id"):
        yield value


def page_updated(briefing, data: dict, updated: dict[tuple[str, str], dt.date]) -> dt.date | None:
    """When a page's content last changed.

    A record's page follows its own file (neighbouring events it links to do not count); a
    hand-written page its own file; a list or the home page the newest record it shows; a page
    showing no record (the data downloads) the newest change of all.
    """
    primary = [data[k] for k in _PRIMARY if data.get(k) is not None]
    page = data.get("page")
    if page is not None and page.id != "home":
        primary.append(page)
    records = primary or list(_records(data))
    if not records:  # a page about the whole briefing (data, downloads): its newest change
        return max(updated.values(), default=None)
    found = [updated.get(_key(briefing, r)) for r in records]
    found = [d for d in found if d is not None]
    return max(found) if found else None


def _shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:،؛")
    return cut + "…"


def page_description(data: dict, lang: str) -> str | None:
    """One line about the page in its language: the record's summary, or the page's intro.

    None for list pages: the theme then uses the site description (also in the page's language).
    """
    for key in _PRIMARY:
        record = data.get(key)
        if record is None:
            continue
        text = getattr(record, "summary", None) or getattr(record, "description", None)
        if text is None and key == "actor":
            text = record.role
        if text is not None:
            return _shorten(getattr(text, lang).split("\n\n")[0])
        return None
    area = data.get("area")
    if area is not None and area.description is not None:
        return _shorten(getattr(area.description, lang).split("\n\n")[0])
    page = data.get("page")
    if page is not None and page.id != "home" and page.intro is not None:
        return _shorten(getattr(page.intro, lang).split("\n\n")[0])
    return None


def page_dated(data: dict, words) -> str | None:
    """The date of the record a page is about, as the page shows it ("March 2022"); None for a
    page about no dated record.

    The search index weighs it like a heading (generator/search/index.py): a year typed found
    the methodology page, which writes "2022" thirteen times explaining dates, before the events
    of 2022, which write it two or three times in passing, as any page naming them does.
    """
    for key in ("event", "agreement", "source"):
        record = data.get(key)
        if record is not None:
            return dates.display(record_date(record), words.locale, words.dates)
    return None


def page_meta(data: dict, lang: str, words, when: dt.date | None) -> dict[str, str]:
    """Front matter keys for one page in one language.

    Values are HTML-escaped here: MkDocs renders theme templates without autoescaping, and
    Material prints ``description`` and ``revision_date`` as they are, into an attribute and
    into the page. Content text such as ``"><script>`` must stay text.
    """
    meta: dict[str, str] = {}
    description = page_description(data, lang)
    if description:
        meta["description"] = str(escape(description))
    dated = page_dated(data, words)
    if dated:
        meta["dated"] = dated  # read by the search index only, never printed by the theme
    if when is not None:
        shown = dates.display(dates.parse(when.isoformat()), words.locale, words.dates)
        meta["revision_date"] = str(escape(words.last_updated.format(date=shown)))
        meta["updated"] = when.isoformat()
    return meta


def with_front_matter(markdown: str, meta: dict[str, str]) -> str:
    """Add ``meta`` to the page's YAML front matter (creating it, or merging into a template's)."""
    if not meta:
        return markdown
    found = _FRONT_MATTER.match(markdown)
    existing = yaml.load(found.group(1) or "", Loader=yaml.CSafeLoader) if found else None
    merged = {**(existing or {}), **meta}
    body = markdown[found.end():] if found else markdown
    # libyaml's emitter (the same output as PyYAML's pure-Python one, ten times faster): this
    # runs for every page in every language.
    head = yaml.dump(merged, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False,
                     width=10_000)
    return f"---\n{head}---\n\n{body.lstrip(chr(10))}"
