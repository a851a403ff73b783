"""Live preview: regenerate and rebuild when a content file, template or theme file changes.

This is ``mkdocs serve`` with the generator in front of every rebuild, made to do only the work
an edit needs, since a full rebuild of a briefing of thousands of events takes minutes
(``bench/run.py`` times an edit, from saving the file to every affected page being served):

1. Load: only YAML files whose size or modification time changed are parsed again.
2. Render: every record is compared with its previous version, and only the pages that show a
   changed record (or whose list of records changed: order, neighbours, related events) are
   rendered again (:class:`IncrementalRender`). The writer skips Markdown whose bytes are equal.
3. MkDocs: only the files step 2 rewrote are converted and written again, through MkDocs' own
   page functions with the objects the last build made (:class:`QuickBuild`), so the timeline
   and every index that lists an edited record are rebuilt with it (plain ``mkdocs serve
   --dirty`` leaves those stale), and the site's search indexes are written again from every
   page. A file MkDocs does not know yet (a new record) needs a *dirty* build instead: it
   renders only the Markdown files newer than their HTML; the search indexes, which a dirty
   build would write for the rebuilt pages only, keep every other page (:class:`SearchPages`
   for the site's own per-language search, :class:`SearchIndexes` for Material's).

On two CPUs an edit's languages are rendered, converted and indexed side by side: each further
language in a forked child process (:class:`generator.child.Child`), and Python's garbage
collection waits until the rebuild is done (:class:`_Collector`).

A removed record's pages are deleted from the site, then a dirty build follows. A full build
runs instead at start-up and whenever the result could differ elsewhere: the generated MkDocs
config changed (site title, navigation), or a theme file, template, interface-words file, hook
or ``mkdocs.yml`` changed.

A content mistake does not stop the server: the problems are printed (the same
``file:line:col`` lines as ``validate``) and the last good pages stay on screen until the editor
fixes the file. A mistake already there at start-up does not stop it either: the preview prints
the problems and waits, watching the content, and starts as soon as the content is valid.

The terminal shows what an editor acts on (:class:`_PreviewLog`): the serving line, each
rebuild, content problems and MkDocs' real warnings. Ctrl+C, ``kill`` (SIGTERM) and closing the
terminal (SIGHUP) all stop the preview the same way, removing its temporary site.
"""

from __future__ import annotations

import errno
import gc
import json
import logging
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import click
from pydantic import BaseModel

from . import publish
from . import validate as validation
from .build import ROOT, Paths, mkdocs_environment
from .child import Child, workers
from .problems import ContentError
from .render import RenderReport, render
from .search import HOOKS, collected
from .writer import Writer

log = logging.getLogger("mkdocs.briefing.serve")

# What, besides content/, changes the built pages (a change here means a full rebuild). Python
# code (the generator, the MkDocs hooks) is not reloaded: restart the preview after changing it.
SHELL = ("overrides", "generator/templates", "generator/i18n")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# --- incremental render ----------------------------------------------------------------------

def _is_record(value) -> bool:
    return isinstance(value, BaseModel) and isinstance(getattr(value, "id", None), str)


def _ids_in(value, out: set[str]) -> None:
    """Every slug-like string inside a record: the ids it points at (actors, sources, ...)."""
    if isinstance(value, str):
        if _SLUG.match(value):
            out.add(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _ids_in(getattr(value, name), out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _ids_in(item, out)


class RecordIds:
    """Each record's id and the ids it points at (:func:`_ids_in`), kept from one edit to the
    next: the records of unchanged files are the very objects of the last edit (validation
    keeps each file's record while the file is unchanged), so an edit walks only the records
    it changed, not all of them twice (for the pages and for :func:`referrers`). Records are
    looked up by identity and held while remembered, so an address is never taken for another
    record; what the last edit's briefing held and this one's does not is let go."""

    def __init__(self) -> None:
        self.last: dict[int, tuple[object, frozenset[str]]] = {}
        self.now: dict[int, tuple[object, frozenset[str]]] = {}

    def __call__(self, record) -> frozenset[str]:
        key = id(record)
        hit = self.now.get(key) or self.last.get(key)
        if hit is None or hit[0] is not record:
            out = {record.id}
            _ids_in(record, out)
            hit = (record, frozenset(out))
        self.now[key] = hit
        return hit[1]

    def next_edit(self) -> None:
        self.last, self.now = self.now, {}


def page_inputs(page, ids_of: RecordIds) -> tuple[tuple, frozenset[str]]:
    """(shape, ids) of what a page shows.

    ``shape`` is the page's data with every record replaced by its id: it changes when a list
    gains, loses or reorders records, or when a neighbour or related event changes. ``ids`` are
    the records the page shows plus the records those point at (an event page prints its actors'
    names): the page must be rendered again when any of them changed.
    """
    ids: set[str] = set()

    def shape(value):
        if _is_record(value):
            ids.update(ids_of(value))
            return ("record", type(value).__name__, value.id)
        if isinstance(value, dict):
            return tuple((key, shape(item)) for key, item in value.items())
        if isinstance(value, (list, tuple)):
            return tuple(shape(item) for item in value)
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        return repr(value)

    return (page.template, shape(page.data)), frozenset(ids)


KINDS = ("sources", "actors", "agreements", "events", "pages")


def referrers(briefing, ids_of: RecordIds) -> dict[str, set[str]]:
    """{id: ids of the records that point at it}. A page may show what points at a record (a
    source's count of events) without listing those records, so a record counts as changed
    when what points at it changed."""
    out: dict[str, set[str]] = {}
    for kind in KINDS:
        for record in getattr(briefing, kind).values():
            for target in ids_of(record):
                if target != record.id:
                    out.setdefault(target, set()).add(record.id)
    return out


def changed_ids(old, new, old_refs=None, new_refs=None) -> set[str] | None:
    """Ids of records added, removed, edited or pointed at differently between two briefings;
    None if every page may change (configuration: title, areas; languages)."""
    if old is None or old.config != new.config or old.languages != new.languages:
        return None
    changed: set[str] = set()
    for kind in KINDS:
        before, after = getattr(old, kind), getattr(new, kind)
        for record_id in before.keys() | after.keys():
            if before.get(record_id) != after.get(record_id):
                changed.add(record_id)
    if old_refs is not None and new_refs is not None:
        for record_id in old_refs.keys() | new_refs.keys():
            if old_refs.get(record_id) != new_refs.get(record_id):
                changed.add(record_id)
    return changed


class IncrementalRender:
    """Render only the pages an edit affects. Same output as :func:`generator.render.render`.

    tests/test_serve.py checks that claim: after each kind of edit, the Markdown equals a full
    render of the edited content, byte for byte.
    """

    def __init__(self, build_dir: Path):
        self.build_dir = build_dir
        self.briefing = None
        self.inputs: dict[str, tuple[tuple, frozenset[str]]] = {}  # page path -> page_inputs
        self.updated: dict | None = None
        self.refs: dict[str, set[str]] | None = None
        self.ids_of = RecordIds()

    def __call__(self, briefing) -> RenderReport:
        updated = publish.record_dates(briefing)
        ids_of = self.ids_of
        ids_of.next_edit()
        refs = referrers(briefing, ids_of)
        changed = (changed_ids(self.briefing, briefing, self.refs, refs)
                   if updated == self.updated else None)
        if self.briefing is not None:
            briefing.reuse_related(self.briefing)
        inputs: dict[str, tuple[tuple, frozenset[str]]] = {}

        def keep(page) -> bool:
            if page.path not in inputs:
                inputs[page.path] = page_inputs(page, ids_of)
            previous = self.inputs.get(page.path)
            shape, ids = inputs[page.path]
            return (changed is not None and previous is not None and previous[0] == shape
                    and not ids & changed)

        report = render(briefing, self.build_dir, keep=keep, updated=updated)
        self.briefing, self.inputs, self.updated, self.refs = briefing, inputs, updated, refs
        return report


# --- search index -----------------------------------------------------------------------------

class SearchIndexes:
    """Keep every ``search/search_index.json`` of the site whole across dirty builds.

    A dirty build indexes only the pages it rebuilt. After a full build we remember each index;
    after a dirty one we put the rebuilt pages' entries in place of their old ones.
    """

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.full: dict[Path, dict] = {}

    def _indexes(self):
        return sorted(self.site_dir.rglob("search/search_index.json"))

    def remember(self) -> None:
        self.full = {}
        for path in self._indexes():
            try:
                self.full[path] = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                continue

    def merge(self) -> None:
        for path, whole in self.full.items():
            try:
                fresh = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            docs = fresh.get("docs")
            if not isinstance(docs, list) or not isinstance(whole.get("docs"), list):
                continue
            rebuilt = {doc["location"].split("#")[0] for doc in docs}
            kept = [doc for doc in whole["docs"] if doc["location"].split("#")[0] not in rebuilt]
            whole = {**whole, "docs": kept + docs}
            self.full[path] = whole
            path.write_text(json.dumps(whole, ensure_ascii=False, separators=(",", ":")),
                            encoding="utf-8")


def _locale(config) -> str:
    """The language MkDocs is building (mkdocs-static-i18n builds one after the other)."""
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or config.theme["language"]


class SearchPages:
    """Keep the per-language search (generator/search_hooks.py) whole across dirty builds.

    That hook collects every page as it renders and writes each language's index after the last
    language is built. A dirty build renders only the changed pages, so before each language's
    dirty build we hand the hook the pages it collected last time; the rebuilt pages then replace
    their own entries; a removed page's entry is dropped first (:meth:`Preview._forget`).
    """

    def __init__(self):
        self.saved: dict[str, dict] = {}

    def remember(self, config) -> None:
        found = collected(config)
        self.saved = {locale: dict(pages) for locale, pages in (found or {}).items()}

    def install(self, config) -> None:
        """Register the restoring step to run after the hook's own ``on_pre_build``."""
        from mkdocs.plugins import event_priority

        found = collected(config)
        if found is None:
            return
        saved = self.saved

        class Restore:
            @event_priority(-100)
            def on_pre_build(self, config, **kwargs):
                locale = _locale(config)
                if locale in saved:
                    found[locale] = dict(saved[locale])

        config.plugins["briefing-preview-search"] = Restore()


class QuickBuild:
    """Rebuild only the changed files' HTML with the last build's MkDocs objects.

    A dirty MkDocs build still lists, re-localises (mkdocs-static-i18n) and checks every file
    of every language, seconds per edit at 1,000 events whatever the edit. Here the objects the
    last build made (per language: its files, navigation and theme environment, captured by
    :meth:`install`) are kept; after an edit each changed Markdown file is converted and written
    again through MkDocs' own page functions, with the language's configuration set exactly as
    its build sets it (the plugins' ``on_config``), each changed download is copied, and the
    site's search indexes are written again. What MkDocs cannot place this way (a new page, a
    file it does not know) makes :meth:`update` return False: the caller runs a dirty build.
    tests/test_serve.py checks that the pages it writes equal a full build's.
    """

    MEMORY = "generator/memory_hooks.py"

    def __init__(self):
        self.config = None
        self.languages: dict[str, tuple] = {}  # locale -> (files, nav, env)
        self.forked: list[str] = []  # the languages the last update built in a child process

    def install(self, config) -> None:
        """Capture, during this build, each language's files, navigation and environment."""
        from mkdocs.plugins import event_priority

        self.config, self.languages = config, {}
        languages = self.languages

        class Capture:
            @event_priority(-1000)  # the navigation as mkdocs-static-i18n left it
            def on_nav(self, nav, config, files, **kwargs):
                languages[_locale(config)] = (files, nav, None)
                return nav

            @event_priority(-1000)
            def on_env(self, env, config, files, **kwargs):
                locale = _locale(config)
                languages[locale] = (files, languages[locale][1], env)
                return env

        config.plugins["briefing-preview-capture"] = Capture()

    def forget(self) -> None:
        self.config, self.languages = None, {}

    def update(self, changed: list[str]) -> bool:
        config = self.config
        if config is None or not changed:
            return False
        todo: dict[str, list] = {}
        for path in changed:
            for locale, (files, _, env) in self.languages.items():
                found = files.get_file_from_path(path)
                if found is not None and env is not None:
                    todo.setdefault(locale, []).append(found)
                    break
            else:
                return False  # a file the last build did not have
        *others, last = todo
        # Each further language in a forked process while this one does the last: on two CPUs
        # a bilingual edit takes half the time. A child that fails or hangs is redone here.
        children = ({locale: Child(partial(self._in_child, locale, todo[locale], config))
                     for locale in others} if workers() > 1 else {})
        for locale in [*(locale for locale in others if locale not in children), last]:
            config = self._language(locale, todo[locale], config)
        self.forked = []
        for locale, child in children.items():
            result = child.result()
            if result is None:
                config = self._language(locale, todo[locale], config)
            else:
                self._adopt(locale, result, config)
                self.forked.append(locale)
        search = config.plugins.get(HOOKS)
        if search is not None:
            search._written = False  # write each language's index again, with the new pages
            search.on_post_build(config)
        self.config = config
        return True

    def _language(self, locale: str, found: list, config):
        """Convert and write ``found`` (one language's changed files); return the config as
        this language's build sets it."""
        from mkdocs.commands.build import _build_page, _populate_page

        files, nav, env = self.languages[locale]
        plugin = config.plugins.get("i18n")
        if plugin is not None:
            plugin.current_language = locale
        config = config.plugins.on_config(config)  # the language's settings, as its build
        memory = config.plugins.get(self.MEMORY)
        if memory is not None:  # Material's fresh index then indexes nothing, as in a build
            memory.on_pre_build(config)
        pages = [file for file in found if file.is_documentation_page()]
        for file in found:
            if not file.is_documentation_page():
                file.copy_file()
        for file in pages:
            _populate_page(file.page, config, files)
        documentation = files.documentation_pages()
        for file in pages:
            _build_page(file.page, config, documentation, nav, env)
        return config

    def _in_child(self, locale: str, found: list, config) -> tuple:
        """:meth:`_language` in a child process; returns what :meth:`_adopt` needs."""
        config = self._language(locale, found, config)
        pages = [file.page for file in found if file.is_documentation_page()]
        search = (collected(config) or {}).get(locale, {})
        return ([(page.file.src_uri, page._title_from_render, page.meta) for page in pages],
                {page.url: search[page.url] for page in pages if page.url in search})

    def _adopt(self, locale: str, result, config) -> None:
        """Take over what a child changed in its copy of the pages: their titles and metadata
        (other pages' navigation shows them) and their search entries."""
        pages, entries = result
        files = self.languages[locale][0]
        for src_uri, title, meta in pages:
            page = files.get_file_from_path(src_uri).page
            page._title_from_render, page.meta = title, meta
        search = collected(config)
        if search is not None:
            search.setdefault(locale, {}).update(entries)


class _ThemeCaches:
    """Keep what MkDocs recomputes for the theme on every build, between the preview's builds.

    Each MkDocs build makes a new Jinja environment for the theme, so every Material template is
    compiled again and the theme's thousands of files are listed again: seconds per language,
    whatever the edit. The compiled code is cached in memory (Jinja checks each template's
    source checksum, so an edited template is compiled afresh); the listing is kept until the
    next full build (which a change under ``overrides/`` causes).
    """

    def __init__(self):
        import jinja2

        class Bytecode(jinja2.BytecodeCache):
            def __init__(self):
                self.codes: dict[str, bytes] = {}

            def load_bytecode(self, bucket):
                if bucket.key in self.codes:
                    bucket.bytecode_from_string(self.codes[bucket.key])

            def dump_bytecode(self, bucket):
                self.codes[bucket.key] = bucket.bytecode_to_string()

        listings: dict[tuple, list[str]] = {}

        class Loader(jinja2.FileSystemLoader):
            def list_templates(self):
                key = tuple(self.searchpath)
                if key not in listings:
                    listings[key] = super().list_templates()
                return list(listings[key])

        self.bytecode = Bytecode()
        self.listings = listings
        self.loader = Loader

    def install(self) -> None:
        from mkdocs.theme import Theme

        original = Theme.get_env
        caches = self

        def get_env(theme):
            env = original(theme)
            env.loader = caches.loader(theme.dirs)
            env.bytecode_cache = caches.bytecode
            return env

        Theme.get_env = get_env

    def forget_listings(self) -> None:
        self.listings.clear()


# --- the preview -------------------------------------------------------------------------------

def _shell_signature() -> tuple:
    """Modification times of the theme, templates, words and hooks, to notice a change."""
    found = []
    for name in (*SHELL, "mkdocs.yml"):
        path = ROOT / name
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        found.extend((str(f), f.stat().st_mtime_ns) for f in files if f.is_file())
    return tuple(found)


@contextmanager
def _dirty_languages(dirty: bool):
    """mkdocs-static-i18n builds each further language with ``dirty`` read from sys.argv."""
    added = dirty and "--dirty" not in sys.argv
    if added:
        sys.argv.append("--dirty")
    try:
        yield
    finally:
        if added:
            sys.argv.remove("--dirty")


class _Collector:
    """Python's collection of cyclic garbage, moved out of an edit's way.

    The preview holds every object of the last MkDocs build (millions at 1,000 events). A full
    collection that falls during a rebuild scans them all: 0.1-0.3 s of an edit's 2 s, measured.
    So collection pauses while an edit is rebuilt, and runs ``IDLE`` seconds after it, when
    the browser has the new pages. What a full build made, kept until the next full build, is
    then frozen out of later collections (and let go of again at the next full build). Edits
    that keep coming faster than ``IDLE`` would postpone it for ever: after ``LONGEST`` seconds
    owed, the next rebuild collects first.
    """

    IDLE = 1.0
    LONGEST = 30.0

    def __init__(self):
        self.timer: threading.Timer | None = None
        self.owed: float | None = None  # since when a collection has been waiting (monotonic)
        self.full = False  # whether a full build happened since the last collection

    def pause(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.owed is not None and time.monotonic() - self.owed > self.LONGEST:
            self._collect()
        gc.disable()

    def resume(self) -> None:
        gc.enable()

    def later(self, full: bool) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.owed is None:
            self.owed = time.monotonic()
        self.full = self.full or full  # a timer cancelled by the next edit must not lose it
        self.timer = threading.Timer(self.IDLE, self._collect)
        self.timer.daemon = True
        self.timer.start()

    def _collect(self) -> None:
        full, self.full = self.full, False
        if full:
            gc.unfreeze()  # the previous full build's objects, mostly garbage by now
        gc.collect()
        if full:
            gc.freeze()
        self.owed = None
        gc.enable()


class Preview:
    """The state a rebuild needs from the previous one."""

    def __init__(self, paths: Paths, site_dir: Path, get_config):
        self.paths = paths
        self.site_dir = site_dir
        self.get_config = get_config
        self.files: dict = {}  # validate.load's cache
        self.render = IncrementalRender(paths.build)
        self.search = SearchIndexes(site_dir)
        self.search_pages = SearchPages()
        self.theme = _ThemeCaches()
        self.theme.install()
        self.quick = QuickBuild()
        self.shell: tuple | None = None
        self.built = False
        self.collector = _Collector()
        self.last = ""  # how the last rebuild went: "Full", "Partial" (dirty MkDocs) or "Quick"

    def generate(self) -> RenderReport:
        loaded = validation.load(self.paths.content, cache=self.files)
        return self.render(validation.validate(loaded))

    def rebuild(self, config=None, say: bool = True) -> None:
        """Rebuild what changed. ``say``: log how; the start-up build does not (the serving
        line that follows says it, and its count of files written is not an edit's)."""
        if self.built:
            self.collector.pause()
        done = ""
        try:
            done = self._rebuild(config, say)
        finally:
            self.collector.later(full=done == "Full")

    def _rebuild(self, config=None, say: bool = True) -> str:
        """Rebuild what changed; returns how ("Full", "Partial", "Quick"), or "" for nothing."""
        from mkdocs.exceptions import Abort, MkDocsException

        started = time.perf_counter()
        generated = self.paths.build / "mkdocs.generated.yml"
        before = generated.read_bytes() if generated.is_file() else None
        try:
            report = self.generate()
        except ContentError as problems:
            for line in str(problems.message).splitlines():
                log.error(line)
            log.error("Content has problems: the preview keeps the last good pages.")
            return ""
        shell = _shell_signature()
        full = not self.built or shell != self.shell or generated.read_bytes() != before
        if not full and report.written == 0:
            log.info("No page changed.")
            return ""
        kind = "Full" if full else "Quick"
        if full:
            self.collector.resume()  # a whole build's garbage must not wait
        try:
            if not full and not report.gone and self.quick.update(report.changed):
                self.search_pages.remember(self.quick.config)  # for a later dirty build
            else:
                kind = "Full" if full else "Partial"
                if not full:
                    self._forget(report.gone)
                self._mkdocs(config, full)
        except (Abort, MkDocsException) as exc:
            log.error("MkDocs build failed: %s", exc)
            self.built = False  # the next change gets a full build
            self.quick.forget()
            return ""
        self.built, self.shell, self.last = True, shell, kind
        if say:
            log.info("%s build: %d Markdown files written, %d removed, in %.2fs",
                     kind, report.written, report.removed, time.perf_counter() - started)
        return kind

    def _forget(self, gone: list[str]) -> None:
        """Before a dirty build: remove the pages of removed Markdown files from the site (the
        dirty build only writes) and from the search entries it is handed again."""
        site = Writer(self.site_dir)
        for path in gone:
            for locale, (files, _, _) in self.quick.languages.items():
                found = files.get_file_from_path(path)
                if found is None:
                    continue
                site.remove(found.dest_uri)
                if found.is_documentation_page():
                    self.search_pages.saved.get(locale, {}).pop(found.url, None)

    def _mkdocs(self, config, full: bool) -> None:
        """A whole MkDocs build (full), or a dirty one (only Markdown newer than its HTML)."""
        from mkdocs.commands.build import build as mkdocs_build

        if full:
            self.theme.forget_listings()
        config = config or self.get_config()
        if not full:
            self.search_pages.install(config)
        self.quick.install(config)
        with _dirty_languages(not full):
            mkdocs_build(config, serve_url=config.site_url, dirty=not full)
        if full:
            self.search.remember()
        else:
            self.search.merge()
        self.search_pages.remember(config)


def serve(paths: Paths, host: str = "127.0.0.1", port: int = 8000,
          open_in_browser: bool = False) -> None:
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    check_port(host, port)  # before minutes of building, not after
    site_dir = tempfile.mkdtemp(prefix="briefing-serve-")
    environment = mkdocs_environment(paths)
    environment.__enter__()  # for the server's lifetime: rebuilds read the same variables

    def get_config():
        config = load_config(config_file=str(paths.mkdocs_config), site_dir=site_dir,
                             dev_addr=f"{host}:{port}", strict=False)
        config.site_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
        return config

    server = None
    try:
        with _stopped_like_ctrl_c():
            try:
                preview = Preview(paths, Path(site_dir), get_config)
                _wait_for_valid_content(preview, paths.content)
                config = get_config()
                mount_path = urlsplit(config.site_url).path
                server = LiveReloadServer(builder=preview.rebuild, host=host, port=port,
                                          root=site_dir, mount_path=mount_path)
                _use_native_watcher(server)
                preview.rebuild(config, say=False)
                for watched in (paths.content, paths.mkdocs_config,
                                *(ROOT / name for name in SHELL)):
                    if watched.exists():
                        server.watch(str(watched))
                _announce_when_bound(server, host, port, config.site_url)
                server.serve(open_in_browser=open_in_browser)
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                if server is not None:
                    server.shutdown()
    finally:
        environment.__exit__(None, None, None)
        shutil.rmtree(site_dir, ignore_errors=True)


def _port_problem(host: str, port: int, exc: OSError) -> str:
    """One line saying why the preview cannot listen, and what to do instead."""
    other = "choose another port: python -m generator serve --port N (or make serve PORT=N)"
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} is already in use (is another preview running?): stop that "
                f"program, or {other}")
    if exc.errno == errno.EACCES:
        return f"port {port} needs administrator rights: {other}, with N above 1023"
    return (f"cannot listen on {host}:{port}: {exc.strerror or exc}: check --host, or "
            f"{other}")


def check_port(host: str, port: int) -> None:
    """Fail at once, with a message, if the server could not listen on ``host:port``.

    The server binds only once the first build is done: a port in use (a preview still running
    in another terminal) used to cost a whole build, then a traceback. The probe binds as the
    server will (``SO_REUSEADDR``, so a port a stopped preview just left is not refused).
    """
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET  # as the server chooses
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:  # a host name that does not resolve too (socket.gaierror)
        raise click.ClickException(_port_problem(host, port, exc)) from None
    except OverflowError:
        raise click.ClickException(f"port {port} does not exist: ports go from 1 to 65535; "
                                   "choose one with --port") from None


def _announce_when_bound(server, host: str, port: int, url: str) -> None:
    """Print the serving line once the server holds its port, and turn a port taken since
    :func:`check_port` (during the first build) into the same message, not a traceback."""
    bind = server.server_bind

    def server_bind():
        try:
            bind()
        except OSError as exc:
            raise click.ClickException(_port_problem(host, port, exc)) from None
        click.echo(f"Serving on {url} (Ctrl+C to stop)")

    server.server_bind = server_bind


@contextmanager
def _stopped_like_ctrl_c():
    """Stop on SIGTERM (``kill``) and SIGHUP (the terminal closed) as on Ctrl+C.

    Python dies of those signals at once, skipping every ``finally``: the preview's temporary
    site (megabytes under /tmp) stayed behind each time. Raised as KeyboardInterrupt in the main
    thread, they take Ctrl+C's path out, cleanup included. (Forked children end with the
    parent: :mod:`generator.child`.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise KeyboardInterrupt

    saved = {number: signal.signal(number, stop)
             for number in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if number}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def _wait_for_valid_content(preview: Preview, content: Path) -> None:
    """Return once the content is valid; until then, print its problems after each change.

    An editor who starts the preview on content with a mistake fixes it with the preview's
    messages in view, as while it runs; exiting would make them start it again after every fix.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()

    class Changes(FileSystemEventHandler):
        # not "opened" or "closed_no_write": reading the content (below) must not count
        WRITES = {"created", "deleted", "modified", "moved", "closed"}

        def on_any_event(self, event):
            if event.event_type in self.WRITES:
                changed.set()

    observer = None
    shown = recheck = None
    try:
        while True:
            try:
                preview.generate()
                return
            except ContentError as problems:
                if not (recheck and problems.message == shown):
                    for line in str(problems.message).splitlines():
                        log.error(line)
                    log.error("Waiting for the content to be fixed: the preview starts as soon "
                              "as it is valid (Ctrl+C to stop).")
                shown, recheck = problems.message, False
            if observer is None:
                observer = Observer()
                observer.schedule(Changes(), str(content), recursive=True)
                observer.start()
                # a fix saved while the observer started would be missed: look once more (and
                # say nothing if nothing changed)
                changed.set()
                recheck = True
            while not changed.wait(0.25):  # short waits: Ctrl+C is handled between them
                pass
            while changed.wait(0.2):  # an editor's save can be several writes: let them end
                changed.clear()
    finally:
        if observer is not None:
            observer.stop()
            observer.join()


def _use_native_watcher(server) -> None:
    """Use inotify (Linux) instead of MkDocs' polling observer, which looks at every file twice a
    second: an edit is seen at once and the machine stays idle between edits.

    Only changes count. inotify also reports a file being opened and closed unwritten, and MkDocs
    rebuilds on any event: every program reading the theme or the content (an editor, a test run,
    another build, the preview's own rebuild reading the theme) would start a rebuild and reload
    every open tab, wiping what a reader was typing into the search box, again and again.
    """
    from watchdog import events
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver:
        return
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
               events.FileMovedEvent, events.FileClosedEvent, events.FileAttribEvent]
    observer = Observer(timeout=0.05)
    schedule = observer.schedule

    def changes_only(handler, path, **options):
        return schedule(handler, path, **{"event_filter": changes, **options})

    observer.schedule = changes_only
    server.observer = observer


class _PreviewLog(logging.Filter):
    """What the preview's terminal shows: its own lines and what is wrong, nothing routine.

    MkDocs logs every build at length: plugin settings, "Cleaning site directory", and each
    dirty build's warning that navigation may be inaccurate (the preview keeps every page
    current itself: :class:`QuickBuild`, :class:`IncrementalRender`). Among that, a content
    problem or a broken link went unseen. So INFO lines come only from the preview and from the
    live-reload server (a change seen, browsers reloaded), less the server's routine: its
    start-up lines (the preview's own "Serving on" line says it) and a line per page a browser
    opens. Every warning and error is shown but that one.
    """

    OWN = ("mkdocs.briefing.serve", "mkdocs.livereload")
    ROUTINE = ("Watching paths for changes", "Serving on ", "Browser connected")
    STALE_NAVIGATION = "A 'dirty' build is being performed"

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            return not message.startswith(self.STALE_NAVIGATION)
        return (record.levelno >= logging.INFO and record.name in self.OWN
                and not message.split("] ", 1)[-1].startswith(self.ROUTINE))


def configure_logging() -> None:
    """Show the preview's lines and every real warning (:class:`_PreviewLog`)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(_PreviewLog())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
