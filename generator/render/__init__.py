"""Stage 3: turn a validated :class:`~generator.briefing.Briefing` into Markdown + MkDocs config.

Output (under ``build/``): ``docs/<lang>/...`` for every language, with the same paths in each,
and ``mkdocs.generated.yml``, which the repository's ``mkdocs.yml`` inherits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import progress, publish
from .context import PageContext, Words
from .data import DataRenderer, write_downloads
from .environment import environment
from .kinds import RENDERERS
from .siteconfig import generated_config
from .writer import Writer


@dataclass
class RenderReport:
    pages: int
    written: int
    unchanged: int
    removed: int


_BEFORE_HEADING = re.compile(r"(?<=[^\n])\n(?=#{1,6} )")
_BLANKS = re.compile(r"\n{3,}")


def tidy(markdown: str) -> str:
    """One blank line before every heading, never two in a row: templates stay readable."""
    return _BLANKS.sub("\n\n", _BEFORE_HEADING.sub("\n\n", markdown)).strip("\n") + "\n"


def render_pages(briefing, lang: str, updated: dict | None = None):
    """Yield (path, markdown) for every page in one language.

    ``updated`` ({(kind, id): date}, from :func:`publish.record_dates`) adds "last updated";
    without it pages carry no date (golden files stay independent of git history).
    """
    for page in all_pages(briefing):
        yield page.path, render_page(briefing, lang, page, updated)


def all_pages(briefing) -> list:
    """Every page (the same in every language): computed once, rendered once per language."""
    return [page for renderer in (*RENDERERS, DataRenderer())
            for page in renderer.pages(briefing)]


def render_page(briefing, lang: str, page, updated: dict | None = None) -> str:
    """One page's Markdown. The live preview calls it for the pages an edit affects."""
    template = environment().get_template(page.template)
    c = PageContext(briefing, lang, page.path)
    text = template.render(c=c, ui=c.ui, lang=lang, b=briefing, **page.data)
    when = publish.page_updated(briefing, page.data, updated) if updated else None
    meta = publish.page_meta(page.data, lang, Words.of(lang), when)
    return publish.with_front_matter(tidy(text), meta)


def render(briefing, build_dir: Path, keep=None) -> RenderReport:
    """Write every page, the downloads and the MkDocs config into ``build_dir``.

    ``keep(page)`` (the live preview's, see ``generator/serve.py``) says a page is unchanged since
    the last render: its existing files are kept without rendering it again.
    """
    for lang in briefing.languages:
        Words.of(lang)  # fail early for a language the generator has no words for
    docs = Writer(build_dir / "docs")
    pages = 0
    updated = publish.record_dates(briefing)
    every = all_pages(briefing)
    meter = progress.Meter("Rendering", len(every) * len(briefing.languages))
    for lang in briefing.languages:
        for page in every:
            pages += 1
            meter.update(pages)
            if keep is not None and keep(page):
                target = docs.target(f"{lang}/{page.path}")
                if target.is_file():
                    docs.kept.add(target)
                    continue
            docs.write(f"{lang}/{page.path}", render_page(briefing, lang, page, updated))
    downloads = write_downloads(briefing, docs)  # data/ exports and feeds, beside the pages
    removed = docs.prune()
    config = Writer(build_dir)
    config.write("mkdocs.generated.yml", generated_config(briefing))
    return RenderReport(pages, docs.written + config.written + downloads.written, docs.unchanged,
                        removed)
