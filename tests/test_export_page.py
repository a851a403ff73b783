"""The Data page (/data/ in every language): golden Markdown, and what it says matches the files.

To accept an intended change of the page: ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest
tests/test_export_page.py`` then review ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator import export
from generator.render import render, render_page
from generator.render.data import DataRenderer
from generator.validate import load_and_validate

from .conftest import run_cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture
def pinned(monkeypatch):
    """The build date and the site address fixed, as CI pins them for reproducible output."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("SITE_URL", "https://example.org/briefing/")


def data_page(briefing, lang: str) -> str:
    page = next(iter(DataRenderer().pages(briefing)))
    return render_page(briefing, lang, page)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_data_page_matches_golden(lang, mini, pinned):
    text = data_page(load_and_validate(mini), lang)
    golden = GOLDEN / lang / "data.md"
    if UPDATE:
        golden.write_text(text, "utf-8")
    expected = golden.read_text("utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                        str(golden), f"{lang}/data.md"))
    assert not diff, diff


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_data_page_states_the_build_date_in_the_page_language(lang, mini, pinned):
    text = data_page(load_and_validate(mini), lang)
    assert ("1 January 2026" if lang == "en" else "1 يناير 2026") in text


def test_data_page_names_the_content_version_from_git(mini, pinned):
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=mini, check=True)
    subprocess.run([*git, "add", "."], cwd=mini, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "content"], cwd=mini, check=True)
    commit = subprocess.run(["git", "log", "-1", "--format=%h"], cwd=mini, check=True,
                            capture_output=True, text=True).stdout.strip()
    text = data_page(load_and_validate(mini), "en")
    assert f'<code dir="ltr">{commit}</code>' in text
    (mini / "events" / "visit.yaml").write_text(
        (mini / "events" / "visit.yaml").read_text("utf-8").replace("visits", "tours"), "utf-8")
    text = data_page(load_and_validate(mini), "en")
    assert f'<code dir="ltr">{commit}+modified</code>' in text


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_listed_file_exists_with_the_size_shown(lang, mini, pinned, tmp_path):
    briefing = load_and_validate(mini)
    render(briefing, tmp_path / "build")
    docs = tmp_path / "build" / "docs"
    text = (docs / lang / "data.md").read_text("utf-8")
    page_dir = Path("data") if lang == "en" else Path(lang) / "data"
    links = re.findall(r'<a href="([^"]+)" type="[^"]+"><bdi>([^<]+)</bdi>(?: \\\((\d+) )?',
                       text)
    assert len(links) == 1 + 2 * len(export.KINDS) + len(export.KINDS)
    for href, _name, size in links:
        target = Path(os.path.normpath(page_dir / href))
        assert target.parts[0] == "data", href  # one copy, at the site root, for every language
        path = docs / target
        assert path.is_file(), href
        if size:
            assert int(size) == max(1, round(path.stat().st_size / 1000)), href


def test_a_hand_written_page_cannot_take_the_data_address(mini):
    (mini / "pages" / "data.yaml").write_text(
        "id: data\ntitle: {en: Data, ar: بيانات}\n", "utf-8")
    result = run_cli("build", "--content", str(mini), "--build-dir", str(mini.parent / "b"),
                     "--site", str(mini.parent / "s"))
    assert result.exit_code == 1
    assert "data.yaml:1:1: id: 'data' is the generated Data page's address" in result.output
    assert "Traceback" not in result.output
    assert not (mini.parent / "s").exists()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_data_page_explains_every_date_sign_the_briefing_uses(lang):
    """The real briefing writes "2025-04%" (probably 2025, roughly April); the page explained ~
    and ? only, so a reader of the files met a sign the page never mentioned."""
    briefing = load_and_validate(Path(__file__).resolve().parents[1] / "content")
    used = {sign for kind in (briefing.events, briefing.agreements, briefing.sources)
            for record in kind.values() for sign in "~?%" if sign in briefing.when(record).text}
    assert "%" in used
    row = next(line for line in data_page(briefing, lang).splitlines()
               if line.startswith("| <code>date</code> |"))
    for sign in used:
        assert re.search(rf"\\?{re.escape(sign)}(?![^<]*</code>)", row), (sign, row)  # explained
        assert re.search(rf'<code dir="ltr">[^<]*{re.escape(sign)}</code>', row), (sign, row)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_manifest_claims_a_content_version_only_when_it_has_one(lang, mini, pinned):
    """Built outside git, datapackage.json states no version (generator/export.py); the page
    must not say it lists one. Built from git, it says so."""
    version = {"en": "content version", "ar": "نسخة المحتوى"}[lang]

    def manifest_sentence() -> str:
        text = data_page(load_and_validate(mini), lang)
        return next(line for line in text.splitlines() if "datapackage.json" in line)

    assert "SHA" in manifest_sentence() and version not in manifest_sentence()
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=mini, check=True)
    subprocess.run([*git, "add", "."], cwd=mini, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "content"], cwd=mini, check=True)
    assert version in manifest_sentence()
