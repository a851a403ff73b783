"""The Data page (``/data/`` in every language) and the files it offers for download.

The exports (:mod:`generator.export`) and feeds (:mod:`generator.feeds`) are made once per
briefing and written into the docs tree by :func:`write_downloads`; the page lists the same
files, with their real sizes, so the page and the files cannot disagree.

The exports live once, at the site root (``/data/events.json``), whatever the page's language:
each record holds every language. Markdown links to them would be checked by MkDocs against the
current language's files only (mkdocs-static-i18n builds each language apart), so the page links
them with raw HTML and a relative address computed here; the site tests follow every link.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from functools import cached_property

from babel.units import format_unit
from markupsafe import Markup

from .. import dates, export, feeds, markdown, provenance
from ..problems import ContentError, Problem
from ..writer import Writer
from .base import Page, Renderer
from .context import Words

PAGE = "data.md"
DATE_EXAMPLES = ("2022", "2022-09", "2022-09-12", "2022-09-12/2022-09-15", "2022-07~", "2025-02?",
                 "2025-04%")


@dataclass
class Made:
    """Everything one build offers for download, made once and shared by page and writer."""

    briefing: object
    origin: export.Provenance
    files: list[export.Download]
    feeds: dict[str, bytes]


_last: Made | None = None


def made(briefing) -> Made:
    """The downloads of ``briefing`` (cached for the last briefing: every language's page and
    the writer ask for them within one render)."""
    global _last
    if _last is None or _last.briefing is not briefing:
        origin = export.provenance_of(briefing)
        _last = Made(briefing, origin, export.downloads(briefing, origin),
                     feeds.feeds(briefing, origin))
    return _last


def forget() -> None:
    """Drop the last briefing's downloads (every export file and feed, held for one render)
    and the exported lines of its records."""
    global _last
    _last = None
    export.forget()


def write_downloads(briefing, docs: Writer) -> Writer:
    """Write data/ and each language's feed.xml beside the pages ``docs`` wrote, only when
    their bytes change; marks them kept so ``docs.prune()`` leaves them."""
    out = Writer(docs.root)
    found = made(briefing)
    for item in found.files:
        out.write(item.path, item.text)
    for path, data in found.feeds.items():
        out.write(path, data.decode("utf-8"))
    docs.kept |= out.kept
    return out


def _words(text: str) -> Markup:
    """Inert text that keeps a leading or trailing space (it sits between two slots)."""
    if not text.strip():
        return Markup(" " if text else "")
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return Markup(lead) + markdown.inline(text) + Markup(trail)


def _fill(template: str, **values) -> Markup:
    """A UI sentence with ``{name}`` slots: the words inert, the slots' Markup kept."""
    out = Markup("")
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        value = values[name]
        out += _words(before)
        out += value if isinstance(value, Markup) else markdown.inline(value)
    return out + _words(rest)


class DataRenderer(Renderer):
    kind = "data"

    def pages(self, b):
        if PAGE.removesuffix(".md") in b.pages:
            name = b.files.get(("pages", "data"), "pages/data.yaml")
            raise ContentError([Problem(name, 1, 1, "id", "'data' is the generated Data page's "
                                                          "address; give this page another id")])
        yield Page(PAGE, "data.md.j2", {"data": DataPage(b)})


class DataPage:
    """What data.md.j2 shows, in the language of the page being rendered (``for_lang``).

    The downloads are made when the page is first rendered, not when the pages are listed: a
    full render lists its pages before it forks, and makes the downloads in this process while
    a child renders (``generator.render._render_parallel``)."""

    def __init__(self, briefing):
        self.b = briefing

    @cached_property
    def found(self) -> Made:
        return made(self.b)

    @cached_property
    def by_name(self) -> dict[str, export.Download]:
        return {item.name: item for item in self.found.files}

    def __repr__(self) -> str:
        """Stable while the downloads are: the live preview compares pages' data by repr to skip
        re-rendering, and this page must change whenever a file's size or the build date does."""
        digest = hashlib.sha256(b"".join(item.data for item in self.found.files)).hexdigest()
        return f"DataPage({digest[:16]})"

    def href(self, lang: str, target: str) -> str:
        """``target`` (relative to the site root) relative to this page's address."""
        here = export.page_path(self.b, lang, PAGE)
        return posixpath.relpath(target, here.rstrip("/"))

    def size(self, lang: str, n: int) -> str:
        kb = max(1, round(n / 1000))
        return format_unit(kb, "digital-kilobyte", length="short", format="#,##0",
                           locale=Words.of(lang).locale)

    def file_link(self, lang: str, name: str, with_size: bool = True) -> Markup:
        """A link to one file; the name and the size each isolated (``<bdi>``), so Arabic text
        around them cannot reorder the name's dots or move the size's brackets and number;
        the size stays on one line (``file-size``, overrides/assets/stylesheets/briefing.css)."""
        item = self.by_name[name]
        label = Markup("<bdi>{}</bdi>").format(markdown.inline(name))
        if with_size:
            size = f"({self.size(lang, len(item.data))})"
            label += Markup(' <bdi class="file-size">{}</bdi>').format(markdown.inline(size))
        return Markup('<a href="{}" type="{}">{}</a>').format(
            self.href(lang, item.path), _MEDIA[item.format], label)

    def built(self, lang: str) -> Markup:
        words = Words.of(lang)
        ui = words.data["data_page"]
        day = provenance.iso(self.found.origin.built)[:10]
        shown = dates.display(dates.parse(day), words.locale, words.data["dates"])
        version = self.found.origin.version
        if version:
            return _fill(ui["built"], date=shown,
                         version=Markup('<code dir="ltr">{}</code>').format(version))
        return _fill(ui["built_unversioned"], date=shown)

    def manifest(self, lang: str) -> Markup:
        """What datapackage.json lists: the content version only when it has one (git)."""
        ui = Words.of(lang).data["data_page"]
        key = "manifest" if self.found.origin.version else "manifest_unversioned"
        return _fill(ui[key], link=self.file_link(lang, "datapackage.json", False))

    def tables(self, lang: str) -> list[dict]:
        out = []
        for kind in export.KINDS:
            out.append({
                "kind": kind,
                "records": len(export.table(self.b, kind)),
                "json": self.file_link(lang, f"{kind}.json"),
                "csv": self.file_link(lang, f"{kind}.csv"),
                "schema": self.file_link(lang, f"{kind}.schema.json", False),
            })
        return out

    def feeds(self, lang: str) -> list[Markup]:
        out = []
        for other in self.b.languages:
            name = Words.of(lang).data["language_name"].get(other) or Words.of(other).name
            path = feeds.feed_path(self.b, other)
            out.append(Markup('<a href="{}" type="application/atom+xml" hreflang="{}">{}</a>'
                              ).format(self.href(lang, path), other,
                                       markdown.inline(f"{name}: {path}")))
        return out

    def fields(self, lang: str) -> dict[str, list[tuple[Markup, str]]]:
        """Per kind, (field name, meaning) for every field of the JSON export, in order."""
        meanings = Words.of(lang).data["data_page"]["field"]
        models = export.export_models(self.b.languages)
        out = {}
        for kind in export.KINDS:
            kind_meanings = meanings.get(kind, {})
            rows = []
            for name in models[kind].model_fields:
                meaning = kind_meanings.get(name, meanings["any"].get(name))
                if meaning is None:
                    raise KeyError(f"generator/i18n/{lang}.yaml: data_page.field has no meaning "
                                   f"for {kind}.{name}")
                rows.append((Markup("<code>{}</code>").format(name),
                             _fill(meaning, examples=self.date_examples(lang))))
            out[kind] = rows
        return out

    def date_examples(self, lang: str) -> Markup:
        return Markup(Words.of(lang).comma).join(Markup('<code dir="ltr">{}</code>').format(x)
                                                 for x in DATE_EXAMPLES)

    def fields_intro(self, lang: str) -> Markup:
        example = "{" + ", ".join(f'"{other}": "…"' for other in self.b.languages) + "}"
        return _fill(Words.of(lang).data["data_page"]["fields_intro"],
                     example=Markup('<code dir="ltr">{}</code>').format(example))

    def csv_notes(self, lang: str) -> list[Markup]:
        columns = Markup(Words.of(lang).comma).join(Markup("<code>title_{}</code>").format(other)
                                                    for other in self.b.languages)
        return [_fill(line, columns=columns) if "{columns}" in line else markdown.inline(line)
                for line in Words.of(lang).data["data_page"]["csv"]]


_MEDIA = {"json": "application/json", "csv": "text/csv", "schema": "application/schema+json",
          "manifest": "application/json"}
