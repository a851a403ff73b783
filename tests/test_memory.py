"""generator/memory_hooks.py frees pages as they are written: the site must not change by a byte.

The small fixture is built as ``generator build`` builds it (with the hook), then the same
Markdown is built again by MkDocs with every hook of mkdocs.yml except that one; both trees must
hold the same files with the same bytes (complete page HTML, tables of contents, navigation,
previous/next links, sitemaps, Material's ``search_index.json`` and our own search index).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.build import Paths, build, mkdocs_environment

from .conftest import MINI

pytestmark = pytest.mark.slow

HOOK = "generator/memory_hooks.py"


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    base = tmp_path_factory.mktemp("memory")
    paths = Paths(content=MINI, build=base / "build", site=base / "with")
    build(paths)
    without = base / "without"
    with mkdocs_environment(paths):
        config = load_config(config_file=str(paths.mkdocs_config), site_dir=str(without),
                             strict=True)
        hooks = [name for name in config["hooks"] if name != HOOK]
        assert len(hooks) == len(config["hooks"]) - 1, f"{HOOK} is not in mkdocs.yml's hooks"
        mkdocs_build(load_config(config_file=str(paths.mkdocs_config), site_dir=str(without),
                                 strict=True, hooks=hooks))
    return files(paths.site), files(without)


def test_the_site_is_the_same_without_the_memory_hook(sites):
    with_hook, without_hook = sites
    assert sorted(with_hook) == sorted(without_hook)
    changed = [name for name in with_hook if with_hook[name] != without_hook[name]]
    assert not changed, f"{len(changed)} files differ, e.g. {changed[:5]}"


def test_pages_keep_their_content_toc_and_neighbours(sites):
    """What the hook frees is read by the page's own template only: it is all still written."""
    with_hook, _ = sites
    page = with_hook["ar/methodology/index.html"].decode("utf-8")
    assert 'id="المصادر"' in page  # the page's HTML (its headings)
    assert 'class="md-nav md-nav--secondary"' in page  # its table of contents
    assert "md-footer__link--prev" in page or "md-footer__link--next" in page


def test_materials_search_index_keeps_its_config_for_the_theme(sites):
    with_hook, _ = sites
    index = with_hook["search/search_index.json"].decode("utf-8")
    assert index.startswith('{"config":{"lang":["en","ar"]') and index.endswith('"docs":[]}')
