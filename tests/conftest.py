"""Shared test helpers: a small bilingual content tree that tests copy and break on purpose."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import validate as validation
from generator.cli import main
from generator.render import render
from generator.serve import IncrementalRender

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/mini, free to edit."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


def run_cli(*args: str):
    """Run the command line in-process; returns click's Result (exit_code, output)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the compiled templates, a cache written by whichever
    render compiles them first in this process (generator/render/environment.py)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file() and "compiled-templates" not in p.parts}


@pytest.fixture
def preview(tmp_path):
    """Synthetic content (30 events) in the live preview's render: ``step()`` renders an edit
    and checks the preview's Markdown against a full render of the edited content."""
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    content = synth.generate(30, tmp_path / "site")
    cache: dict = {}
    incremental = IncrementalRender(tmp_path / "preview-build")

    def step():
        report = incremental(validation.validate(validation.load(content, cache)))
        full = tmp_path / "full-build"
        shutil.rmtree(full, ignore_errors=True)
        render(validation.load_and_validate(content), full)
        assert tree(tmp_path / "preview-build") == tree(full)
        return report

    step()
    return content, step


def html_pages(site: Path) -> list[str]:
    """Every real page (not a redirect stub, not the 404 pages) as a URL path from the root."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        text = path.read_text("utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        rel = path.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text("utf-8")
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1, f"{pattern!r} not in {path}"
    path.write_text(new, "utf-8")
