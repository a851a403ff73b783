"""Paths: odd folder names build fine, nothing is written outside the output folders, the site
holds no symbolic links, and no option can make the build replace or prune someone else's files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import Paths, build
from generator.writer import Writer

from .conftest import MINI, ROOT, run_cli
from .test_atomic import snapshot

ODD = "a folder with spaces/مجلد عربي/ünï'cødé #1 %20 [x] (y) & z"


def test_odd_paths_build_and_write_only_the_output_folders(tmp_path):
    """A real ``build`` process, with content, build and site under a path full of spaces,
    Arabic, quotes and URL-special characters; its working, temporary and home folders are
    watched too. Afterwards only the build and site folders have anything new in them."""
    base = tmp_path / ODD
    content = base / "content"
    shutil.copytree(MINI, content)
    watched = {name: base / name for name in ("cwd", "tmp", "home", "cache")}
    for folder in watched.values():
        folder.mkdir()
    before = snapshot(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "TMPDIR": str(watched["tmp"]), "HOME": str(watched["home"]),
           "XDG_CACHE_HOME": str(watched["cache"]), "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": str(ROOT)}

    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content),
         "--build-dir", str(base / "out" / "build"), "--site", str(base / "out" / "site")],
        cwd=watched["cwd"], env=env, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    after = snapshot(tmp_path)
    new = {path for path in after if path not in before}
    out = str((base / "out").relative_to(tmp_path))
    assert new and all(p == out or p.startswith(out + "/") for p in new), sorted(new)[:10]
    assert {p for p in before if after.get(p) != before[p]} == set()  # content etc. untouched
    site = base / "out" / "site"
    assert (site / "index.html").is_file() and (site / "ar" / "index.html").is_file()
    assert "Alpha and Beta sign a defence memorandum" in (
        site / "events" / "mou-signed" / "index.html").read_text("utf-8")


def test_site_holds_no_symbolic_links(tmp_path):
    """Even when the theme's own files are symbolic links, the site gets real files."""
    shell = tmp_path / "shell"
    shell.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", shell / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", shell / "overrides")
    (shell / "generator").symlink_to(ROOT / "generator")
    css = shell / "overrides" / "assets" / "stylesheets" / "briefing.css"
    css.unlink()
    css.symlink_to(ROOT / "overrides" / "assets" / "stylesheets" / "briefing.css")
    site = tmp_path / "site"

    build(Paths(content=MINI, build=tmp_path / "build", site=site,
                mkdocs_config=shell / "mkdocs.yml"))

    links = [str(p) for p in [site, *site.rglob("*")] if p.is_symlink()]
    assert links == []
    copied = site / "assets" / "stylesheets" / "briefing.css"
    assert copied.is_file() and not copied.is_symlink()
    assert copied.read_bytes() == css.read_bytes()
    assert len(list(site.rglob("*.html"))) > 20


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINI, folder)
    monkeypatch.chdir(tmp_path)
    return folder


def test_symbolic_links_in_content_are_refused(content, tmp_path):
    """A linked file would be read from outside the content folder; a linked folder's files
    would be silently skipped. Both are named, with what to do."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yaml").write_text("id: secret\n", "utf-8")
    (content / "events" / "secret.yaml").symlink_to(outside / "secret.yaml")
    (content / "events" / "more").symlink_to(outside, target_is_directory=True)
    (content / "actors" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")

    result = run_cli("validate", "--content", "content")

    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == (
        "content/actors/gone.yaml:1:1: is a broken symbolic link; remove it\n"
        "content/events/more:1:1: is a symbolic link to a folder, whose files are not read; "
        "move them into the content folder\n"
        "content/events/secret.yaml:1:1: is a symbolic link to a file outside the content "
        "folder; copy the file in instead\n"
        "3 problems found; nothing was written.\n")


def test_symbolic_link_inside_the_content_folder_is_read(content):
    shared = content / "shared"
    shared.mkdir()
    (content / "events" / "visit.yaml").rename(shared / "visit.yaml")
    (content / "events" / "visit.yaml").symlink_to(shared / "visit.yaml")
    result = run_cli("validate", "--content", "content")
    assert result.exit_code == 0, result.output
    assert "2 events" in result.stdout


def test_a_folder_that_cannot_be_read_is_a_problem(content, monkeypatch):
    """Its files would be left out of the briefing without a word. (This machine's tests run
    as root, whom no permission stops, so the refusal is made by hand.)"""
    archive = content / "events" / "archive"
    archive.mkdir()
    (content / "events" / "visit.yaml").rename(archive / "visit.yaml")
    scandir = os.scandir

    def refuse(path):
        if Path(path).name == "archive":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr("generator.validate.os.scandir", refuse)
    result = run_cli("validate", "--content", "content")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert ("content/events/archive:1:1: is a folder that cannot be read (Permission denied)\n"
            in result.stderr)


def cli_build(content: Path, site: Path, build_dir: Path):
    return run_cli("build", "--content", str(content), "--site", str(site),
                   "--build-dir", str(build_dir))


@pytest.mark.parametrize("site,build_dir,message", [
    ("content", "out/build", "--site {t}/content overlaps the content folder {t}/content"),
    (".", "out/build", "--site {t} overlaps the content folder {t}/content"),
    ("content/events", "out/build",
     "--site {t}/content/events overlaps the content folder {t}/content"),
    ("out/site", "content", "--build-dir {t}/content overlaps the content folder {t}/content"),
    ("out/site", "out/site/build", "--site {t}/out/site and --build-dir {t}/out/site/build "
                                   "overlap; use two separate folders"),
    ("out/site", "precious", "--build-dir {t}/precious is not empty and is not an earlier build "
                             "(no mkdocs.generated.yml or docs): choose another folder or "
                             "empty it first"),
    ("precious", "out/build", "--site {t}/precious is not empty and is not an earlier build (no "
                              "index.html or 404.html): choose another folder or empty it first"),
    ("precious/notes.txt", "out/build", "--site {t}/precious/notes.txt is a file, not a folder"),
    (str(ROOT), "out/build", f"--site {ROOT} holds the project itself (mkdocs.yml)"),
])
def test_output_folders_that_would_destroy_files_are_refused(content, tmp_path, site, build_dir,
                                                             message):
    """The build replaces the site folder and prunes the build folder: pointed at the content,
    the project or an unrelated folder, it would delete files. It refuses, and writes nothing."""
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("not generated\n", "utf-8")
    before = snapshot(tmp_path)

    result = cli_build(content, Path(site), Path(build_dir))

    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    expected = message.format(t=tmp_path.resolve())
    assert result.stderr == f"Error: {expected}; nothing was written.\n"
    assert snapshot(tmp_path) == before


def test_site_folder_that_is_a_symbolic_link_is_refused(content, tmp_path):
    real = tmp_path / "real-site"
    real.mkdir()
    (real / "index.html").write_text("<p>published</p>", "utf-8")
    (tmp_path / "site").symlink_to(real, target_is_directory=True)
    before = snapshot(tmp_path)

    result = cli_build(content, Path("site"), Path("build"))

    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the site folder {tmp_path / 'site'} is a symbolic link: give the real folder "
        "(the build replaces the folder itself, not what a link points to); nothing was "
        "written.\n")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("relative", ["../outside.md", "/tmp/absolute.md", "en/../../x.md",
                                      "."])
def test_writer_refuses_paths_outside_its_folder(tmp_path, relative):
    writer = Writer(tmp_path / "build")
    with pytest.raises(ValueError, match="refusing to write outside"):
        writer.write(relative, "x")
    assert not (tmp_path / "outside.md").exists() and not (tmp_path / "x.md").exists()
