"""Golden Markdown: each page kind, rendered from tests/fixtures/mini, diffed against tests/golden.

To accept an intended change: ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py``
then review ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from generator.render import render_pages
from generator.render.kinds import RENDERERS
from generator.validate import load_and_validate

from .conftest import MINI

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    briefing = load_and_validate(MINI)
    return {f"{lang}/{path}": text for lang in briefing.languages
            for path, text in render_pages(briefing, lang)}


def kind_paths(kind: str) -> list[str]:
    briefing = load_and_validate(MINI)
    renderer = next(r for r in RENDERERS if r.kind == kind)
    return [f"{lang}/{page.path}" for lang in briefing.languages
            for page in renderer.pages(briefing)]


@pytest.mark.parametrize("kind", [r.kind for r in RENDERERS])
def test_page_kind_matches_golden(kind, rendered):
    paths = kind_paths(kind)
    assert paths, f"renderer {kind} produced no page for the fixture"
    for path in paths:
        golden = GOLDEN / path
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(rendered[path], "utf-8")
        assert golden.exists(), f"no golden file {golden}; run with UPDATE_GOLDEN=1"
        expected = golden.read_text("utf-8")
        diff = "".join(difflib.unified_diff(expected.splitlines(True),
                                            rendered[path].splitlines(True), str(golden), path))
        assert not diff, diff


def test_golden_tree_has_no_strays(rendered):
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert on_disk == set(rendered), "golden tree and rendered tree differ in files"
