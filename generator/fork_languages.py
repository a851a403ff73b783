"""Build the further languages in forked processes while this one builds the first.

mkdocs-static-i18n builds the default language, then each further language from inside the
default one's ``on_post_build``, one after the other in one process: half of a bilingual
build waits for the other half, whatever the CPUs. A language's build reads the configuration
and its own Markdown only, so :class:`ForkLanguages` starts each further language's build in a
child process (:class:`~generator.child.Child`) as soon as the default language's build has
begun, into a folder of its own. When static-i18n's loop comes to that language, the child's
language folder is moved into the site and its search entries are handed to
generator/search_hooks.py, which writes every language's index. What the child wrote at the
site root is left out: the theme's files are the first build's too, the 404 page there is the
default language's (generator/mkdocs_hooks.py), and the sitemap is split after the loop, from
the first build's rendering and the pages file each language folder holds
(generator/publish_hooks.py). A child that failed (a
warning in strict mode, say) is built again here, by static-i18n's own call, so the error is
reported as in a build without children. tests/test_fork_languages.py checks that the site
is the same, file for file, either way.

Only ``python -m generator build`` uses it: the live preview keeps every language's MkDocs
objects in its own process (generator/serve.py).
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path

from mkdocs.plugins import event_priority

from .child import Child, workers
from .collector import paused
from .search import collected


class ForkLanguages:
    """A plugin object for one MkDocs build (:meth:`install`); :meth:`close` after it."""

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir)
        self.children: dict[str, tuple[Child, Path]] = {}
        self.forked: list[str] = []  # the languages whose child's build was taken
        self.in_child = False
        self._restore = None

    @staticmethod
    def wanted() -> bool:
        return workers() > 1 and hasattr(os, "fork")

    def install(self, config, quiet) -> None:
        """Register on ``config``; ``quiet()`` is run in each child first (it stops the
        child's echo of MkDocs' messages: a child that fails is built again here, which
        reports them)."""
        import mkdocs_static_i18n.plugin as i18n_module

        self.quiet = quiet
        config.plugins["briefing-fork-languages"] = self
        real = i18n_module.build
        self._restore = partial(setattr, i18n_module, "build", real)
        i18n_module.build = partial(self._build, real)

    @event_priority(-1000)  # after every other hook's (they reset their state for the build)
    def on_pre_build(self, config, **kwargs):
        plugin = config.plugins.get("i18n")
        if plugin is None or self.in_child or self.children or plugin.building:
            return  # a further language's own build, inside the first
        others = [lang.locale for lang in plugin.config.languages
                  if lang.build and lang.locale != plugin.current_language]
        gc.collect()
        gc.freeze()  # children do not copy what they inherit by collecting it
        for locale in others[: max(workers() - 1, 0)]:
            # named as the site's staging folder, so a killed build's is cleaned up as it is
            folder = Path(tempfile.mkdtemp(prefix=f"{self.site_dir.name}-{locale}-",
                                           dir=self.site_dir.parent))
            self.children[locale] = (Child(partial(self._in_child, locale, folder, config),
                                           timeout=None), folder)

    def _in_child(self, locale: str, folder: Path, config):
        """static-i18n's loop for ``locale``, into ``folder``; returns its search entries
        (in a list: a child's None means it failed)."""
        from mkdocs.commands.build import build

        self.quiet()
        plugin = config.plugins["i18n"]
        plugin.current_language, plugin.building = locale, True
        self.in_child = True  # this build's own on_pre_build forks nothing
        config["site_dir"] = str(folder)
        build(config)
        return [(collected(config) or {}).get(locale)]

    def _build(self, real, config, dirty: bool = False):
        """Stands for ``mkdocs.commands.build.build`` in static-i18n's loop."""
        locale = config.plugins["i18n"].current_language
        child, folder = self.children.pop(locale, (None, None))
        if child is None:
            return real(config, dirty=dirty)
        result = child.result()
        with paused():  # thousands of files moved, then their folder removed
            if result is not None:
                self._take(folder, locale, result[0], config)
            shutil.rmtree(folder, ignore_errors=True)
        if result is None:  # the child failed: this build reports why
            return real(config, dirty=dirty)
        self.forked.append(locale)
        return None

    def _take(self, folder: Path, locale: str, entries, config) -> None:
        """Move the child's language folder into the site; hand its search entries to the
        search hook."""
        mine = folder / locale
        for parent, _, names in os.walk(mine):
            into = self.site_dir / locale / os.path.relpath(parent, mine)
            into.mkdir(parents=True, exist_ok=True)
            for name in names:
                os.replace(os.path.join(parent, name), into / name)
        search = collected(config)
        if entries is not None and search is not None:
            search[locale] = entries

    def close(self) -> None:
        """Stop children not yet collected (the first build failed), remove their folders."""
        if self._restore is not None:
            self._restore()
            self._restore = None
        for child, folder in self.children.values():
            child.kill()
            shutil.rmtree(folder, ignore_errors=True)
        self.children = {}
        gc.unfreeze()
