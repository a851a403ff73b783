"""Build the site: read everything, then write; swap the new site in only when all succeeded.

Order (as mkdocs' own ``build()``): load and validate all content first (nothing written on a
content mistake), render Markdown into ``build/``, run MkDocs into a fresh temporary folder next to
the site folder, and only then rename it into place. A failure at any step, or a killed process,
leaves the previous site exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import click

from . import validate as validation
from .render import render

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Paths:
    """Where things are. Every field is a folder or file; defaults suit the repository layout."""

    content: Path = ROOT / "content"  # the curated YAML
    build: Path = ROOT / "build"  # generated Markdown and mkdocs.generated.yml (git-ignored)
    site: Path = ROOT / "site"  # the built site (git-ignored)
    mkdocs_config: Path = ROOT / "mkdocs.yml"  # the theme and plugin settings, inherits build/


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, func, *args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            self.stages[name] = time.perf_counter() - start


class _MkDocsLog(logging.Handler):
    """Echo MkDocs warnings as ``mkdocs build`` would; keep errors for the one final message."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
        else:
            click.echo(f"{record.levelname}: {record.getMessage()}", err=True)


def generate(paths: Paths, timings: Timings | None = None):
    """Load, validate and render. Returns (briefing, render report); raises ContentError."""
    timings = timings or Timings()
    loaded = timings.run("load", validation.load, paths.content)
    briefing = timings.run("validate", validation.validate, loaded)
    report = timings.run("render", render, briefing, paths.build)
    return briefing, report


@contextmanager
def mkdocs_environment(paths: Paths):
    """Point mkdocs.yml at ``paths.build`` (its INHERIT and docs_dir read these variables)."""
    saved = {k: os.environ.get(k) for k in ("BRIEFING_GENERATED_CONFIG", "BRIEFING_DOCS_DIR")}
    os.environ["BRIEFING_GENERATED_CONFIG"] = str(paths.build / "mkdocs.generated.yml")
    os.environ["BRIEFING_DOCS_DIR"] = str(paths.build / "docs")
    cwd = os.getcwd()
    os.chdir(paths.mkdocs_config.parent)
    try:
        yield
    finally:
        os.chdir(cwd)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def mkdocs_build(paths: Paths, site_dir: Path) -> None:
    """Run MkDocs in-process (strict: any warning fails) into ``site_dir``."""
    from jinja2 import TemplateError, TemplateSyntaxError
    from mkdocs.commands.build import build as mkdocs_build_command
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .fork_languages import ForkLanguages
    from .search import HOOKS

    logger = logging.getLogger("mkdocs")
    handler = _MkDocsLog()
    logger.addHandler(handler)
    forks = ForkLanguages(site_dir) if ForkLanguages.wanted() else None
    try:
        with mkdocs_environment(paths), ExitStack() as stack:
            config = load_config(config_file=str(paths.mkdocs_config), site_dir=str(site_dir),
                                 strict=True)
            if forks is not None:  # each further language in a child process meanwhile
                forks.install(config, quiet=partial(logger.removeHandler, handler))
            search = config.plugins.get(HOOKS)
            if search is not None:  # one build, one write of the search indexes; MkDocs
                search.LEARN = False  # loads a hook once per process: put it back after
                stack.callback(setattr, search, "LEARN", True)
            mkdocs_build_command(config)
    except MkDocsException as exc:
        details = "\n".join(handler.errors) or str(exc)
        raise click.ClickException(f"MkDocs build failed; the site was not changed.\n{details}") \
            from None
    except TemplateError as exc:  # a mistake in overrides/: name the template, not a traceback
        where = (f"{exc.filename or exc.name}:{exc.lineno}: "
                 if isinstance(exc, TemplateSyntaxError) else "")
        raise click.ClickException("MkDocs build failed; the site was not changed.\n"
                                   f"{where}template error: {exc.message or exc}") from None
    finally:
        logger.removeHandler(handler)
        if forks is not None:
            forks.close()


def swap_in(new: Path, site: Path) -> None:
    """Replace ``site`` by ``new`` with two renames (the old site exists until the last moment)."""
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
        os.replace(site, old / site.name)
    os.replace(new, site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def check_paths(paths: Paths) -> None:
    """Refuse output folders whose replacement would destroy what is not ours.

    The build replaces the whole site folder and prunes the build folder of every file it did
    not generate, so ``--site content``, ``--build-dir ~`` or a folder holding the project would
    be deleted. An output folder must be new, empty, or an earlier output of this command.
    """
    content, build, site = (p.resolve() for p in (paths.content, paths.build, paths.site))
    project = paths.mkdocs_config.resolve().parent

    def refuse(message: str):
        raise click.ClickException(f"{message}; nothing was written.")

    def overlap(a: Path, b: Path) -> bool:
        return a == b or a in b.parents or b in a.parents

    if paths.site.is_symlink():
        refuse(f"the site folder {paths.site} is a symbolic link: give the real folder (the "
               "build replaces the folder itself, not what a link points to)")
    for option, folder in (("--site", site), ("--build-dir", build)):
        if overlap(folder, content):
            refuse(f"{option} {folder} overlaps the content folder {content}")
        if folder == project or folder in project.parents:
            refuse(f"{option} {folder} holds the project itself ({paths.mkdocs_config.name})")
    if overlap(site, build):
        refuse(f"--site {site} and --build-dir {build} overlap; use two separate folders")
    markers = ((site, "--site", ("index.html", "404.html")),
               (build, "--build-dir", ("mkdocs.generated.yml", "docs")))
    for folder, option, marker in markers:
        if folder.exists() and not folder.is_dir():
            refuse(f"{option} {folder} is a file, not a folder")
        if folder.is_dir() and any(folder.iterdir()) and not any(
                (folder / name).exists() for name in marker):
            refuse(f"{option} {folder} is not empty and is not an earlier build (no "
                   f"{' or '.join(marker)}): choose another folder or empty it first")


def recover(site: Path) -> None:
    """Put the previous site back if a build was killed between ``swap_in``'s two renames (the
    only moment ``site`` does not exist); run before anything else, even before validation."""
    if site.exists() or site.is_symlink():
        return
    for old in sorted(site.parent.glob(f".{site.name}.old-*")):
        if (old / site.name).is_dir():
            os.replace(old / site.name, site)
            return


def clean_leftovers(site: Path) -> None:
    """Remove temporary folders a killed build may have left next to the site."""
    recover(site)
    for pattern in (f".{site.name}.new-*", f".{site.name}.old-*"):
        for leftover in site.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def addresses(site: Path) -> set[str]:
    """Every page address a built site serves (``/events/x/``): each ``index.html`` in it."""
    if not site.is_dir():
        return set()
    return {"/" + "".join(f"{part}/" for part in Path(os.path.relpath(folder, site)).parts
                          if part != ".")
            for folder, _, names in os.walk(site) if "index.html" in names}


SHOWN = 5  # removed addresses listed by name; the rest are counted


def removed_warning(removed: set[str]) -> str:
    """The warning for addresses the previous site served and the new one does not.

    Addresses are permanent (readers cite them): a record renamed without ``former_ids`` loses
    its address with no error, since deleting a record is legitimate. So the build names them.
    """
    listed = sorted(removed)
    shown = ", ".join(listed[:SHOWN])
    more = f" and {len(listed) - SHOWN} more" if len(listed) > SHOWN else ""
    return (f"WARNING: this build removed {len(listed)} published "
            f"address{'es' if len(listed) != 1 else ''}: {shown}{more}\n"
            "If a record was renamed, add its old id under former_ids to keep the address "
            "working.")


def build(paths: Paths, timings: Timings | None = None):
    timings = timings or Timings()
    recover(paths.site)
    check_paths(paths)
    briefing, report = generate(paths, timings)
    paths.site.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(paths.site)
    staging = Path(tempfile.mkdtemp(prefix=f".{paths.site.name}.new-", dir=paths.site.parent))
    try:
        timings.run("mkdocs", mkdocs_build, paths, staging)
        # Compared with the site being replaced, not with the render's count of removed
        # Markdown: build/ is shared with the live preview, which has usually pruned a renamed
        # record's Markdown already, and a renamed record with former_ids keeps its address
        # (a redirect page) although its Markdown is gone.
        removed = addresses(paths.site) - addresses(staging)
        swap_in(staging, paths.site)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if removed:
        click.echo(removed_warning(removed), err=True)
    return briefing, report
