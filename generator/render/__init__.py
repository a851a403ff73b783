"""Stage 3: turn a validated :class:`~generator.briefing.Briefing` into Markdown + MkDocs config.

Output (under ``build/``): ``docs/<lang>/...`` for every language, with the same paths in each,
and ``mkdocs.generated.yml``, which the repository's ``mkdocs.yml`` inherits; the templates as
compiled, for the next render (``compiled-templates/``).
"""

from __future__ import annotations

import gc
import multiprocessing
import re
import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import markdown, progress, publish
from ..child import Child, workers
from ..collector import paused
from ..writer import Writer
from . import context, data
from .context import PageContext, Words
from .data import DataPage, DataRenderer, write_downloads
from .environment import environment, keep_compiled
from .kinds import RENDERERS
from .shares import Shares
from .siteconfig import generated_config


@dataclass
class RenderReport:
    pages: int
    written: int
    unchanged: int
    changed: list[str] = field(default_factory=list, repr=False)  # under docs/: "en/x.md"
    gone: list[str] = field(default_factory=list, repr=False)  # removed, under docs/ too

    @property
    def removed(self) -> int:
        return len(self.gone)


_BEFORE_HEADING = re.compile(r"\n(?=#{1,6} )")
_BLANKS = re.compile(r"\n\n\n+")


def tidy(markdown: str) -> str:
    """One blank line before every heading, never two in a row: templates stay readable.

    Each heading's line break is doubled, then runs of three newlines are cut back to two.
    Both patterns begin with a plain newline, which the regex engine finds by a fast scan; a
    lookbehind and ``\\n{3,}`` made it try every position of every page (0.27 s of a
    1,000-event render, now 0.03 s)."""
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


def _unkept(jobs, keep, docs: Writer) -> list:
    """The jobs whose page ``keep`` does not vouch for; the kept pages' files are marked kept."""
    todo = []
    for lang, page in jobs:
        if keep(page):
            target = docs.target(f"{lang}/{page.path}")
            if target.is_file():
                docs.kept.add(target)
                continue
        todo.append((lang, page))
    return todo


PARALLEL_MIN = 500  # pages (all languages) from which rendering is shared between processes


def _can_fork() -> bool:
    """Forked children inherit the validated briefing without copying it. A full render forks
    only from a process of one thread (a lock another thread held at the fork would stay held
    in the child); the live preview, whose server runs threads, renders an edit's few dozen
    pages with one :class:`~generator.child.Child` instead (see :func:`render`)."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _write_pages(briefing, jobs, updated, root: Path, counter=None,
                 meter=None) -> tuple[list[str], list[str], int]:
    """Render and write ``jobs`` (in this process or a child): what it wrote, for
    :meth:`Writer.merge`. ``counter``, shared by the processes of one render, counts pages
    done; ``meter`` (this process's) reports it."""
    docs = Writer(root)
    for lang, page in jobs:
        docs.write(f"{lang}/{page.path}", render_page(briefing, lang, page, updated))
        if counter is not None:
            with counter.get_lock():
                counter.value += 1
            if meter is not None:
                meter.update(counter.value)
    return [str(path) for path in docs.kept], docs.changed, docs.unchanged


def _render_parallel(briefing, jobs, updated, docs: Writer, meter, processes: int) -> Writer:
    """Share the pages between this process and ``processes - 1`` forked children, each
    claiming pages from its own part of the list (:class:`~generator.render.shares.Shares`);
    this one first writes the downloads (returned, as :func:`write_downloads` does).

    Each process ends up holding what it reads of the briefing (reading an object writes its
    reference count, which copies its memory page) and its own caches, so this process takes a
    share rather than waiting beside a pool: at 10,000 events a pool of two beside it held
    1.5 GB (bench/README.md). The children write their own files (Markdown is most of what a
    render produces, no need to send it back); each returns the paths it wrote for
    ``docs.prune``. A child that fails has the pages it took rendered here.
    """
    env = environment()
    for name in {page.template for _, page in jobs}:
        env.get_template(name)  # compiled once here, inherited by every child
    counter = multiprocessing.get_context("fork").Value("q", 0)
    # The pages that show the downloads are this process's: it makes them (seconds at 10,000
    # events) for write_downloads anyway, while the children render.
    total, mine, theirs = len(jobs), [], []
    for job in jobs:
        (mine if isinstance(job[1].data.get("data"), DataPage) else theirs).append(job)
    jobs = theirs
    shares = Shares(len(jobs), processes)
    # The children's collections leave what they inherit alone: not copied. No collection
    # first: the stages before leave no cyclic garbage (generator/collector.py), and at 10,000
    # events one took 0.35-0.4 s here to free nothing.
    gc.freeze()
    try:
        children = {k: Child(partial(_write_pages, briefing, _claimed(jobs, shares, k), updated,
                                     docs.root, counter), timeout=None)
                    for k in range(1, processes)}
        docs.merge(*_write_pages(briefing, mine, updated, docs.root, counter, meter))
        downloads = write_downloads(briefing, docs)
        docs.merge(*_write_pages(briefing, _claimed(jobs, shares, 0), updated, docs.root,
                                 counter, meter))
        for k, child in children.items():
            while not child.ready(0.2):
                meter.update(counter.value)
            written = child.result()
            if written is None:
                written = _write_pages(briefing, [jobs[i] for i in shares.taken_by(k)],
                                       updated, docs.root)
            docs.merge(*written)
        meter.update(total)
    finally:
        gc.unfreeze()
    return downloads


def _claimed(jobs, shares: Shares, process: int):
    """The jobs ``process`` claims, as it goes."""
    return (jobs[i] for i in shares.claims(process))


def render(briefing, build_dir: Path, keep=None, processes: int | None = None,
           updated: dict | None = None) -> RenderReport:
    """Write every page, the downloads and the MkDocs config into ``build_dir``.

    ``keep(page)`` (the live preview's, see ``generator/serve.py``) says a page is unchanged since
    the last render: its existing files are kept without rendering it again. A full render of
    many pages is shared between ``processes`` (default :func:`workers`); the files written are
    the same either way (tests/test_render.py compares the two). ``updated``: the record dates
    of :func:`publish.record_dates`, when the caller has them already.
    """
    for lang in briefing.languages:
        Words.of(lang)  # fail early for a language the generator has no words for
    keep_compiled(build_dir / "compiled-templates")
    docs = Writer(build_dir / "docs")
    with paused(aged=True):  # every page's data, made at once (generator/collector.py)
        updated = publish.record_dates(briefing) if updated is None else updated
        every = all_pages(briefing)
        jobs = [(lang, page) for lang in briefing.languages for page in every]
    pages = len(jobs)
    processes = workers() if processes is None else processes
    if keep is None and processes > 1 and len(jobs) >= PARALLEL_MIN and _can_fork():
        meter = progress.Meter("Rendering", len(jobs))
        downloads = _render_parallel(briefing, jobs, updated, docs, meter, processes)
    else:
        if keep is not None:
            jobs = _unkept(jobs, keep, docs)
        child = None
        if keep is not None and processes > 1:
            # The live preview: an edit's pages in the other languages are rendered by a child
            # process meanwhile (a few dozen pages; at 1,000 events 0.3 s in all, timelines).
            theirs = [job for job in jobs if job[0] != briefing.languages[0]]
            if theirs and len(theirs) < len(jobs):
                child = Child(partial(_write_pages, briefing, theirs, updated, docs.root))
                jobs = [job for job in jobs if job[0] == briefing.languages[0]]
        meter = progress.Meter("Rendering", len(jobs))
        for done, (lang, page) in enumerate(jobs, 1):
            meter.update(done)
            docs.write(f"{lang}/{page.path}", render_page(briefing, lang, page, updated))
        downloads = write_downloads(briefing, docs)
        if child is not None:
            written = child.result()
            if written is None:  # the child failed: render its pages here
                written = _write_pages(briefing, theirs, updated, docs.root)
            docs.merge(*written)
    docs.prune()
    if keep is None:  # a build: the render's caches would sit in memory through MkDocs' build
        data.forget()
        context.forget(briefing)
        markdown.forget()
        publish.forget()
    # (the live preview keeps them: its next edit re-renders a few pages of the same records)
    config = Writer(build_dir)
    config.write("mkdocs.generated.yml", generated_config(briefing))
    return RenderReport(pages, docs.written + config.written + downloads.written,
                        docs.unchanged, sorted(docs.changed + downloads.changed),
                        sorted(docs.removed))
