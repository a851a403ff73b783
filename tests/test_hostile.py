"""The bad-input corpus: every mistake (or attack) an editor's file can carry, one test each.

Each folder under tests/hostile/ holds the files of one case, laid over a copy of the mini
fixture (``content/...`` replaces or adds those files), and ``expected.txt``: the exact message
the editor reads on stderr. The test runs ``build`` the way an editor does and checks the exit
status, the exact message (file:line:col, field, words), that it is not a traceback and that
nothing was written. Folders named ``*-accepted`` must build instead.
"""

from __future__ import annotations

import re
import shutil
import tracemalloc
from pathlib import Path

import pytest

from generator.build import Paths, generate
from generator.loader import load_file

from .conftest import MINI, run_cli

CORPUS = Path(__file__).resolve().parent / "hostile"
REFUSED = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.txt").is_file())
ACCEPTED = sorted(p.name for p in CORPUS.iterdir() if p.name.endswith("-accepted"))
# Problems about a whole file have no field to name; every other message must name one.
WHOLE_FILE = ("file is empty", "only one YAML document per file",
              "expected a record (a mapping of fields) at the top of the file")
LINE = re.compile(r"^content/(?P<file>[\w./-]+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<rest>.+)$")


def lay_out(case: str, tmp_path: Path, monkeypatch) -> Path:
    """mini fixture + the case's files, in tmp_path/content; the working directory is tmp_path
    so messages name ``content/...`` exactly as an editor running from the repository sees."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    shutil.copytree(CORPUS / case / "content", content, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return content


def test_corpus_covers_the_issue_list():
    assert len(REFUSED) >= 25 and len(ACCEPTED) == 2
    assert set(ACCEPTED) == {"bom-accepted", "crlf-accepted"}
    assert not set(REFUSED) & set(ACCEPTED)
    for case in REFUSED + ACCEPTED:
        assert list((CORPUS / case / "content").rglob("*.yaml")), f"{case} holds no content file"


@pytest.mark.parametrize("case", REFUSED)
def test_refused_with_exact_message(case, tmp_path, monkeypatch):
    lay_out(case, tmp_path, monkeypatch)
    expected = (CORPUS / case / "expected.txt").read_text("utf-8")
    result = run_cli("build", "--content", "content", "--build-dir", "build", "--site", "site")

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr == expected
    # every problem line names the file, line, column and (unless about the whole file) a field
    *problems, summary = expected.splitlines()
    assert summary == (f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found; "
                       "nothing was written.")
    changed = {str(p.relative_to(CORPUS / case)) for p in (CORPUS / case).rglob("*.yaml")}
    assert any(name in problem for name in changed for problem in problems), \
        "no message names the file the case broke"
    for problem in problems:
        match = LINE.match(problem)
        assert match, problem
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1
        rest = match["rest"]
        names_field = re.match(r"[\w.\[\]<>-]+: ", rest) or "(field '" in rest
        assert names_field or rest.startswith(WHOLE_FILE), problem
    # nothing was generated: the build stopped before writing
    assert not (tmp_path / "build").exists()
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("case", ACCEPTED)
def test_bom_and_crlf_files_accepted(case, tmp_path, monkeypatch):
    content = lay_out(case, tmp_path, monkeypatch)
    raw = (content / "events" / "mou-signed.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") or b"\r\n" in raw  # the corpus file is as described
    result = run_cli("validate", "--content", "content")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: ") and "0 problems" in result.stdout

    generate(Paths(content=content, build=tmp_path / "build"))
    page = (tmp_path / "build" / "docs" / "en" / "events" / "mou-signed.md").read_text("utf-8")
    assert "Alpha and Beta sign a defence memorandum" in page
    assert "\r" not in page and "\ufeff" not in page


def test_billion_laughs_refused_with_bounded_memory():
    """The exponential file is refused at its first anchor, before any expansion: loading it
    allocates next to nothing, however deep the nesting would have gone."""
    laughs = CORPUS / "billion-laughs" / "content" / "events" / "laughs.yaml"
    problems: list = []
    tracemalloc.start()
    try:
        doc = load_file(laughs, problems)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc is None
    assert [p.line for p in problems] == [1]
    assert "anchors and aliases are not allowed" in problems[0].message
    assert peak < 512 * 1024, f"loading allocated {peak} bytes"
