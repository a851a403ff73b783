"""EDITING.md is replayed step by step, as a new editor would follow it, so it cannot drift.

The guide is read as a script:

* a ```` ```console ```` block holds commands (``$ ...``), each followed by the output the editor
  sees. Outputs are compared line by line; ``…`` stands for any text and a number for any number
  (counts grow as the briefing does). A command shown without output is run and must succeed.
* a ```` ```yaml ```` (or ```` ```text ````) block under ``<!-- file: PATH -->`` is what the
  editor saves in PATH.
* ``<!-- break PATH: OLD => NEW -->`` before a console block is the one mistake that block's
  messages come from; the file is restored afterwards.

Everything runs in a private copy of the repository's content (a git repository with its own
"remote"), with ``python -m generator`` pointed at it, so the real content is never touched.
``make`` commands are checked to run the generator command they stand for (``make -n``); what
``make serve`` does is tested by a real preview server at the end of this file.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import MINI, ROOT

GUIDE = ROOT / "EDITING.md"
_BREAK = re.compile(r"<!-- break (\S+?): (.*) =>(?: (.*?))? -->")
_FILE = re.compile(r"<!-- file: (\S+) -->")


@dataclass
class Command:
    line: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Step:
    kind: str  # "console" or "file"
    commands: list[Command] = field(default_factory=list)
    path: str = ""
    text: str = ""
    breaks: tuple[str, str, str] | None = None


def steps(markdown: str) -> list[Step]:
    out: list[Step] = []
    lines = markdown.splitlines()
    pending_file = pending_break = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if m := _FILE.fullmatch(line.strip()):
            pending_file = m.group(1)
        elif m := _BREAK.fullmatch(line.strip()):
            old, new = (g.replace("\\n", "\n") for g in (m.group(2), m.group(3) or ""))
            pending_break = (m.group(1), old, new)
        elif line.startswith("```"):
            lang = line[3:].strip()
            end = lines.index("```", i + 1)
            body = lines[i + 1:end]
            if lang == "console":
                step = Step("console", breaks=pending_break)
                for text in body:
                    if text.startswith("$ "):
                        step.commands.append(Command(text[2:]))
                    else:
                        step.commands[-1].expected.append(text)
                out.append(step)
                pending_break = None
            elif lang in ("yaml", "text") and pending_file:
                out.append(Step("file", path=pending_file, text="\n".join(body) + "\n"))
            pending_file = None
            i = end
        i += 1
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    if len(expected) != len(actual):
        return False
    for want, got in zip(expected, actual, strict=True):
        pattern = "".join(r"\d+" if part.isdigit() else ".*" if part == "…" else re.escape(part)
                          for part in re.split(r"(\d+|…)", want))
        if not re.fullmatch(pattern, got.rstrip()):
            return False
    return True


GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}


def environment() -> dict[str, str]:
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    return env


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=environment(), capture_output=True,
                          text=True, check=True)
    return done.stdout


@pytest.fixture
def workspace(tmp_path) -> Path:
    """The editor's checkout: a copy of content/ in git, with a remote to push to."""
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "content", work / "content")
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "remote.git")
    git(work.parent, "init", "-q", "-b", "main", str(work))
    git(work, "add", "content")
    git(work, "commit", "-q", "-m", "The briefing so far")
    git(work, "remote", "add", "origin", str(tmp_path / "remote.git"))
    git(work, "push", "-q", "-u", "origin", "main")
    return work


def run(command: str, work: Path) -> tuple[int, list[str] | None]:
    """Run one command of the guide the way the editor does, in the private checkout."""
    words = shlex.split(command)
    if words[:3] == ["python", "-m", "generator"]:
        argv = [sys.executable, *words[1:], "--content", "content"]
        if words[3] == "build":
            argv += ["--build-dir", "build", "--site", "site"]
        done = subprocess.run(argv, cwd=work, env=environment(), capture_output=True, text=True,
                              timeout=600)
    elif words[0] == "make":
        target = words[1]
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
        assert f"-m generator {target}" in dry.stdout, f"make {target} runs: {dry.stdout}"
        return 0, None  # its generator command is replayed (build) or served (the last test)
    elif command == "source .venv/bin/activate":
        done = subprocess.run(["bash", "-c", 'source .venv/bin/activate && python -c '
                               '"import generator, feedgen, mkdocs"'], cwd=ROOT,
                              capture_output=True, text=True)
    elif words[0] == "git":
        done = subprocess.run(words, cwd=work, env=environment(), capture_output=True,
                              text=True)
    else:
        raise AssertionError(f"EDITING.md shows a command this test cannot replay: {command}")
    lines = (done.stdout + done.stderr).splitlines()
    return done.returncode, [x for x in lines if x.strip()]


def test_the_guide_is_a_walkthrough_this_test_can_follow():
    found = steps(GUIDE.read_text("utf-8"))
    commands = [c.line for s in found if s.kind == "console" for c in s.commands]
    assert "python -m generator new source src-2026-05-14-example-article" in commands
    assert any(c.startswith("python -m generator new event") for c in commands)
    assert {"python -m generator validate", "make serve", "git push"} <= set(commands)
    assert sum(1 for s in found if s.breaks) >= 6  # the kinds of error messages, each shown
    assert [s.path for s in found if s.kind == "file"] == [
        "content/sources/src-2026-05-14-example-article.yaml",
        "content/seeds/src-2026-05-14-example-article.txt",
        "content/events/example-joint-exercise-2026.yaml"]


def test_the_guide_saves_each_new_sources_article_and_publishes_it():
    """tests/test_content.py requires content/seeds/<source id>.txt for every source: an editor
    who follows the guide adds one with each source, and commits it with the records."""
    found = steps(GUIDE.read_text("utf-8"))
    commands = [c.line for s in found if s.kind == "console" for c in s.commands]
    written = [s.path for s in found if s.kind == "file"]
    added = " ".join(c for c in commands if c.startswith("git add"))
    sources = [c.split()[5] for c in commands if c.startswith("python -m generator new source")]
    assert sources
    for source in sources:
        seed = f"content/seeds/{source}.txt"
        assert seed in written, f"the guide never saves {seed}"
        assert seed in added, f"the guide never commits {seed}"


def test_following_the_guide_step_by_step_gives_the_output_it_shows(workspace):
    for step in steps(GUIDE.read_text("utf-8")):
        if step.kind == "file":
            target = workspace / step.path
            if target.suffix == ".yaml":  # a record: `new` starts it, the editor fills it in
                assert target.is_file(), f"the guide fills {step.path} before creating it"
            target.write_text(step.text, "utf-8")
            continue
        saved = None
        if step.breaks:
            path, old, new = step.breaks
            target = workspace / path
            saved = target.read_text("utf-8")
            assert saved.count(old) == 1, f"cannot make the mistake {old!r} in {path}"
            target.write_text(saved.replace(old, new), "utf-8")
        for command in step.commands:
            status, output = run(command.line, workspace)
            if command.expected and output is not None:
                assert matches(command.expected, output), (
                    f"$ {command.line}\nthe guide shows:\n" + "\n".join(command.expected)
                    + "\nbut the editor sees:\n" + "\n".join(output))
            expect_failure = step.breaks is not None
            assert (status != 0) is expect_failure, (command.line, status, output)
        if saved is not None:
            target.write_text(saved, "utf-8")
    # what the guide promises at the end: the event is published, on the remote
    shown = git(workspace.parent / "remote.git", "show", "--stat", "--format=%s", "main")
    assert "Add the example joint exercise" in shown
    assert "content/events/example-joint-exercise-2026.yaml" in shown
    assert "content/seeds/src-2026-05-14-example-article.txt" in shown
    page = workspace / "site" / "events" / "example-joint-exercise-2026" / "index.html"
    assert "Example: a joint exercise" in page.read_text("utf-8")
    assert "example-joint-exercise-2026" in (workspace / "site" / "data" / "events.json"
                                             ).read_text("utf-8")


def test_every_command_the_guide_mentions_exists():
    text = GUIDE.read_text("utf-8")
    from click.testing import CliRunner

    from generator.cli import main

    for command in sorted(set(re.findall(r"python -m generator (\w+)", text))):
        assert CliRunner().invoke(main, [command, "--help"]).exit_code == 0, command
    for target in sorted(set(re.findall(r"`make (\w+)`", text)) | {"build", "serve"}):
        assert subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True
                              ).returncode == 0, target
    for link in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (ROOT / link).exists(), link


# --- make serve --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(check, what: str, timeout: float = 240.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what} after {timeout:.0f}s")


# What the preview itself says after each save: a change seen, how the site was rebuilt,
# browsers reloaded.
PREVIEW_LINES = (r"INFO +- +\[[\d:]+\] (Detected file changes|Reloading browsers)",
                 r"INFO +- +(Full|Partial|Quick) build: \d+ Markdown files written, \d+ removed, "
                 r"in [\d.]+s",
                 r"INFO +- +No page changed\.")


def test_the_preview_shows_each_saved_change_and_keeps_the_last_good_site(tmp_path):
    """Section 5: what `make serve` (python -m generator serve) does while an editor works."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content),
             "--build-dir", str(tmp_path / "build"), "--port", str(port)],
            cwd=tmp_path, env={**environment(), "PYTHONUNBUFFERED": "1"}, stdout=out,
            stderr=subprocess.STDOUT)
    page = f"http://127.0.0.1:{port}/events/visit/"
    event = content / "events" / "visit.yaml"
    shown = next(c.expected for s in steps(GUIDE.read_text("utf-8")) if s.kind == "console"
                 for c in s.commands if c.line == "make serve")
    try:
        wait_for(lambda: f"Serving on http://127.0.0.1:{port}/" in log.read_text(), "the server")
        said = log.read_text().splitlines()
        started = next(i for i, line in enumerate(said) if line.startswith("Serving on")) + 1
        # what the editor sees until the preview serves: the guide's line(s), nothing else
        assert matches(shown, [x.replace(str(port), "8000") for x in said[:started]]), said
        assert "A delegation from Beta visits Alpha" in wait_for(lambda: fetch(page), "the page")
        original = event.read_text("utf-8")
        event.write_text(original.replace("visits Alpha", "tours Alpha"), "utf-8")
        wait_for(lambda: "A delegation from Beta tours Alpha" in fetch(page), "the change")

        # a new file (MkDocs' dirty build): the preview's own lines, no routine MkDocs log
        added = content / "events" / "visit-again.yaml"
        added.write_text(original.replace("id: visit\n", "id: visit-again\n"), "utf-8")
        wait_for(lambda: re.search(r"Partial build: .*\n.*Reloading browsers", log.read_text()),
                 "the rebuild")  # (asked for sooner, the page would be a 404, rightly logged)
        assert fetch(f"http://127.0.0.1:{port}/events/visit-again/")
        since = log.read_text().splitlines()[started:]
        assert since and all(any(re.fullmatch(own, line) for own in PREVIEW_LINES)
                             for line in since), "\n".join(since)

        event.write_text(original.replace('date: "2022-07~"', 'date: "July 2022"'), "utf-8")
        validate = subprocess.run(
            [sys.executable, "-m", "generator", "validate", "--content", str(content)],
            cwd=tmp_path, env=environment(), capture_output=True, text=True)
        message = validate.stderr.splitlines()[0]
        assert ":2:7: date: 'July 2022' is not a date" in message
        wait_for(lambda: message in log.read_text(), "the same message in the terminal")
        assert "the preview keeps the last good pages" in log.read_text()
        assert "A delegation from Beta tours Alpha" in fetch(page)  # the last good page stays

        event.write_text(original.replace("visits Alpha", "calls on Alpha"), "utf-8")
        wait_for(lambda: "A delegation from Beta calls on Alpha" in fetch(page), "the fix")
        assert server.poll() is None, "the preview must keep running through a mistake"
    finally:
        server.terminate()
        server.wait(timeout=30)
