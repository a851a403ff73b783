"""Compiled templates are kept in the build folder from one build to the next
(``render.environment.CompiledTemplates``).

What an editor or a developer would check: the second build compiles no template and writes the
same pages; an edited template shows on the next build; templates compiled by another version
of Jinja2 (or of the generator's environment), a damaged cache or one that cannot be written
never changes a page nor fails a build.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import jinja2
import pytest

from generator import validate
from generator.render import render

# the module (the package's ``environment`` is the function of the same name)
env_module = importlib.import_module("generator.render.environment")


@pytest.fixture(autouse=True)
def fresh_environment():
    env_module.environment.cache_clear()
    yield
    env_module.environment.cache_clear()  # later tests get an environment of their own


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja2 compiles from their source."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        names.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def build(content: Path, build_dir: Path) -> dict[str, str]:
    """Render ``content`` into ``build_dir`` as a new build process would: no template in
    memory, every Markdown file written again (the build folder itself is kept)."""
    env_module.environment.cache_clear()
    shutil.rmtree(build_dir / "docs", ignore_errors=True)
    render(validate.validate(validate.load(content)), build_dir, processes=1)
    return {p.relative_to(build_dir).as_posix(): p.read_text("utf-8")
            for p in sorted((build_dir / "docs").rglob("*.md"))}


def test_the_second_build_compiles_no_template_and_writes_the_same_pages(
        mini, tmp_path, compiled):
    first = build(mini, tmp_path / "build")
    assert "event.md.j2" in compiled and "timeline.md.j2" in compiled
    cache = tmp_path / "build" / "compiled-templates"
    assert len(list(cache.iterdir())) == len(set(compiled))  # a file per compiled template
    compiled.clear()
    second = build(mini, tmp_path / "build")
    assert compiled == []
    assert second == first and len(first) > 20


def test_an_edited_template_shows_on_the_next_build(mini, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(env_module.TEMPLATES, templates)
    monkeypatch.setattr(env_module, "TEMPLATES", templates)
    before = build(mini, tmp_path / "build")
    timeline = templates / "timeline.md.j2"
    timeline.write_text(timeline.read_text("utf-8").replace(
        '{{ c.picture("timeline") }}', 'Edited by hand.\n\n{{ c.picture("timeline") }}'),
        "utf-8")
    after = build(mini, tmp_path / "build")
    for lang in ("en", "ar"):
        assert "Edited by hand." not in before[f"docs/{lang}/timeline.md"]
        assert "Edited by hand." in after[f"docs/{lang}/timeline.md"]


def test_templates_compiled_by_another_jinja2_are_not_used(mini, tmp_path, compiled,
                                                           monkeypatch):
    """Jinja2 checks a cached template against its source only; code compiled by another
    version (or by the environment module with other settings, such as the ``finalize`` that
    escapes content) must not be run."""
    version = jinja2.__version__
    monkeypatch.setattr(jinja2, "__version__", "0.0-another")
    first = build(mini, tmp_path / "build")
    monkeypatch.setattr(jinja2, "__version__", version)
    compiled.clear()
    second = build(mini, tmp_path / "build")
    assert "event.md.j2" in compiled
    assert second == first
    cache = tmp_path / "build" / "compiled-templates"
    assert len(list(cache.iterdir())) == 2 * len(set(compiled))  # both versions', apart


def test_a_damaged_cache_is_compiled_again(mini, tmp_path, compiled):
    first = build(mini, tmp_path / "build")
    magic = jinja2.bccache.bc_magic
    cache = tmp_path / "build" / "compiled-templates"
    for i, path in enumerate(sorted(cache.iterdir())):  # cut short, or garbage after the magic
        path.write_bytes(magic + (b"\x80\x04junk" if i % 2 else b""))
    compiled.clear()
    second = build(mini, tmp_path / "build")
    assert second == first
    assert "event.md.j2" in compiled


def test_a_cache_that_cannot_be_written_costs_a_compile_not_a_build(mini, tmp_path, compiled):
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    (build_dir / "compiled-templates").write_text("a file where the folder would go")
    first = build(mini, build_dir)
    second = build(mini, build_dir)
    assert second == first and len(first) > 20
    assert compiled.count("event.md.j2") == 2  # compiled by each build: nothing was kept
