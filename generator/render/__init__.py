"""Stage 3: turn a validated :class:`~generator.briefing.Briefing` into Markdown + MkDocs config.

Output (under ``build/``): ``docs/<lang>/...`` for every language, with the same paths in each,
and ``mkdocs.generated.yml``, which the repository's ``mkdocs.yml`` inherits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .context import PageContext, Words
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


def render_pages(briefing, lang: str):
    """Yield (path, markdown) for every page in one language."""
    env = environment()
    for renderer in RENDERERS:
        for page in renderer.pages(briefing):
            template = env.get_template(page.template)
            c = PageContext(briefing, lang, page.path)
            text = template.render(c=c, ui=c.ui, lang=lang, b=briefing, **page.data)
            yield page.path, tidy(text)


def render(briefing, build_dir: Path) -> RenderReport:
    for lang in briefing.languages:
        Words.of(lang)  # fail early for a language the generator has no words for
    docs = Writer(build_dir / "docs")
    pages = 0
    for lang in briefing.languages:
        for path, text in render_pages(briefing, lang):
            docs.write(f"{lang}/{path}", text)
            pages += 1
    removed = docs.prune()
    config = Writer(build_dir)
    config.write("mkdocs.generated.yml", generated_config(briefing))
    return RenderReport(pages, docs.written + config.written, docs.unchanged, removed)
