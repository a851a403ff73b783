"""A build on two CPUs builds the Arabic site in a child process while it builds the English one
(generator/fork_languages.py). Readers must not be able to tell: the site is the same, file
for file, as a build in one process; a child that fails is built again in the parent, and a
mistake that only the Arabic build meets still fails the build with one clear message."""

from __future__ import annotations

import click
import pytest

from generator import fork_languages
from generator.build import Paths, build
from generator.fork_languages import ForkLanguages

from .conftest import MINI
from .test_atomic import leftovers, shell_with, snapshot


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    """The mini briefing built in one process: the reference."""
    base = tmp_path_factory.mktemp("one-process")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_RENDER_WORKERS", "1")
        build(Paths(content=MINI, build=base / "build", site=base / "site"))
    return snapshot(base / "site")


@pytest.fixture
def forked(monkeypatch):
    """Two workers; the languages each build took from a child process, in order."""
    monkeypatch.setenv("BRIEFING_RENDER_WORKERS", "2")
    taken: list[list[str]] = []
    close = ForkLanguages.close

    def recording(self):
        taken.append(list(self.forked))
        close(self)

    monkeypatch.setattr(ForkLanguages, "close", recording)
    return taken


def test_two_processes_build_the_same_site_as_one(tmp_path, one_process, forked, monkeypatch):
    import generator.search.index as index

    learnt = []  # a one-off build writes the search indexes once: nothing to learn for later
    monkeypatch.setattr(index, "_learn", lambda pages, folder, synonyms=None: learnt.append(folder))
    site = tmp_path / "site"
    build(Paths(content=MINI, build=tmp_path / "build", site=site))
    assert learnt == []
    assert forked == [["ar"]]  # the Arabic site did come from the child
    assert snapshot(site) == one_process
    assert leftovers(site) == []


def test_a_child_that_fails_is_built_again_here(tmp_path, one_process, forked, monkeypatch):
    def broken(self, locale, folder, config):
        (folder / locale).mkdir()
        (folder / locale / "index.html").write_text("half a page")
        raise RuntimeError("the child died")

    monkeypatch.setattr(ForkLanguages, "_in_child", broken)
    site = tmp_path / "site"
    build(Paths(content=MINI, build=tmp_path / "build", site=site))
    assert forked == [[]]
    assert snapshot(site) == one_process  # nothing of the broken child's folder is in it
    assert leftovers(site) == []


def test_a_mistake_only_the_arabic_build_meets_fails_the_build_once(tmp_path, forked, capfd):
    """A theme template that breaks on Arabic pages only: the child's build fails, the
    parent's build of Arabic reports it, and no site is published."""
    config = shell_with(tmp_path, partial='{% if config.theme.language == "ar" %}'
                                          "{{ no_such_function() }}{% endif %}\n")
    site = tmp_path / "site"
    with pytest.raises(click.ClickException) as failure:
        build(Paths(content=MINI, build=tmp_path / "build", site=site, mkdocs_config=config))
    message = failure.value.format_message()
    assert message.startswith("MkDocs build failed; the site was not changed.\n")
    assert message.count("'no_such_function' is undefined") == 1
    assert "no_such_function" not in capfd.readouterr().err  # the child said nothing itself
    assert not site.exists()
    assert leftovers(site) == []
    assert forked == [[]]


def test_one_cpu_builds_everything_in_one_process(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_RENDER_WORKERS", "1")
    assert not ForkLanguages.wanted()
    started = []
    monkeypatch.setattr(fork_languages, "Child", lambda *a, **k: started.append(a))
    build(Paths(content=MINI, build=tmp_path / "build", site=tmp_path / "site"))
    assert started == [] and (tmp_path / "site" / "ar" / "index.html").is_file()
