"""A failed build never loses the site that was there before.

Three ways a build fails — bad content, an MkDocs error, the process killed mid-build — and each
leaves the previous ``site/`` byte-identical (same files, same bytes, nothing added or removed).
The killed build is a real ``python -m generator build`` process sent SIGKILL while MkDocs is
writing the new site.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import Paths, build

from .conftest import MINI, ROOT, run_cli


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: relative path -> kind and content hash (or link target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = f"link:{os.readlink(path)}"
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = "file:" + hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture(scope="module")
def first_site(tmp_path_factory) -> Path:
    """The mini briefing built once; each test starts from a copy of it."""
    base = tmp_path_factory.mktemp("atomic-first")
    build(Paths(content=MINI, build=base / "build", site=base / "site"))
    return base / "site"


@pytest.fixture
def project(tmp_path, first_site, monkeypatch):
    """(content, build dir, site) in tmp_path; the site is the previous good build."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    shutil.copytree(first_site, tmp_path / "site", symlinks=True)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path / "site")
    assert len(before) > 50 and (tmp_path / "site" / "ar" / "index.html").is_file()
    return content, tmp_path / "build", tmp_path / "site", before


def cli_build(content: Path, build_dir: Path, site: Path):
    return run_cli("build", "--content", str(content), "--build-dir", str(build_dir),
                   "--site", str(site))


def test_bad_content_leaves_site_identical(project):
    content, build_dir, site, before = project
    event = content / "events" / "mou-signed.yaml"
    event.write_text(event.read_text("utf-8").replace('"2021-11-24"', '"2021-02-30"'), "utf-8")

    result = cli_build(content, build_dir, site)

    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "events/mou-signed.yaml:2:7: date: '2021-02-30' is not on the calendar" in result.stderr
    assert result.stderr.endswith("1 problem found; nothing was written.\n")
    assert snapshot(site) == before
    assert leftovers(site) == []


def shell_with(tmp_path: Path, extra_yaml: str = "", partial: str | None = None) -> Path:
    """A copy of the site shell (mkdocs.yml, the theme overrides, the hooks) with one mistake."""
    shell = tmp_path / "shell"
    shell.mkdir()
    (shell / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text("utf-8") + extra_yaml,
                                      "utf-8")
    shutil.copytree(ROOT / "overrides", shell / "overrides")
    (shell / "generator").symlink_to(ROOT / "generator")  # hooks are named relative to the shell
    if partial is not None:
        (shell / "overrides" / "partials" / "briefing" / "head-meta.html").write_text(partial)
    return shell / "mkdocs.yml"


def test_mkdocs_error_leaves_site_identical(project, tmp_path, capsys):
    """A strict-mode MkDocs failure (a nav entry pointing at no page) after the Markdown has
    been generated: MkDocs has started, the new site is abandoned, the old one stays."""
    content, build_dir, site, before = project
    config = shell_with(tmp_path, "\nnav:\n  - missing-page.md\n")

    with pytest.raises(Exception) as failure:
        build(Paths(content=content, build=build_dir, site=site, mkdocs_config=config))

    message = str(failure.value.message)
    assert message.startswith("MkDocs build failed; the site was not changed.")
    assert "strict mode" in message
    assert "'missing-page.md' is included in the 'nav' configuration" in capsys.readouterr().err
    assert (build_dir / "docs" / "en" / "index.md").is_file()  # it did get as far as MkDocs
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_theme_template_error_is_a_message_and_leaves_site_identical(project, tmp_path):
    content, build_dir, site, before = project
    config = shell_with(tmp_path, partial="<meta>\n{% if %}\n")

    with pytest.raises(Exception) as failure:
        build(Paths(content=content, build=build_dir, site=site, mkdocs_config=config))

    message = failure.value.format_message()
    assert message.startswith("MkDocs build failed; the site was not changed.\n")
    assert "partials/briefing/head-meta.html:2: template error: Expected an expression" in message
    assert snapshot(site) == before
    assert leftovers(site) == []


def start_build(content: Path, build_dir: Path, site: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--content", str(content),
         "--build-dir", str(build_dir), "--site", str(site)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_while_writing(content: Path, build_dir: Path, site: Path, files: int) -> int:
    """Start a real build and SIGKILL it once MkDocs has written ``files`` files into its
    staging folder. Returns how many files the staging folder held at the kill."""
    process = start_build(content, build_dir, site)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            staging = list(site.parent.glob(f".{site.name}.new-*"))
            written = sum(1 for s in staging for p in s.rglob("*") if p.is_file())
            if written >= files:
                process.send_signal(signal.SIGKILL)
                process.wait(30)
                return written
            if process.poll() is not None:
                return -1  # finished before we caught it
            time.sleep(0.002)
        raise AssertionError("the build never started writing its staging folder")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)


@pytest.mark.parametrize("files", [1, 40])
def test_killed_build_leaves_site_identical(project, files):
    content, build_dir, site, before = project
    # a content change, so a completed build would have changed the site
    home = content / "pages" / "home.yaml"
    home.write_text(home.read_text("utf-8").replace("What this test", "What this new"), "utf-8")

    backup = site.parent / "backup"
    shutil.copytree(site, backup)
    for _attempt in range(3):  # on a busy machine the build may finish before it is caught
        written = kill_while_writing(content, build_dir, site, files)
        if written >= 0:
            break
        shutil.rmtree(site)
        shutil.copytree(backup, site)
    else:
        pytest.fail("the build finished three times before it could be killed")
    assert written >= files
    assert snapshot(site) == before  # killed mid-build: the previous site, byte for byte
    assert any(name.startswith(f".{site.name}.new-") for name in leftovers(site))

    # the next build cleans up after the killed one and publishes the change
    result = cli_build(content, build_dir, site)
    assert result.exit_code == 0, result.output
    assert leftovers(site) == []
    assert "What this new" in (site / "index.html").read_text("utf-8")


def test_kill_between_the_two_renames_is_recovered(project):
    """``swap_in`` moves the old site aside, then the new one in; a kill between the two leaves
    no ``site/`` at all. The next build — even one that fails on bad content — puts it back."""
    content, build_dir, site, before = project
    aside = site.parent / f".{site.name}.old-killed"
    aside.mkdir()
    os.replace(site, aside / site.name)  # exactly the state such a kill leaves
    event = content / "events" / "mou-signed.yaml"
    event.write_text(event.read_text("utf-8") + "standing: reported\n", "utf-8")

    result = cli_build(content, build_dir, site)

    assert result.exit_code == 1
    assert "duplicate key 'standing'" in result.stderr
    assert snapshot(site) == before
