"""The benchmark runs end to end at N = 100 and reports every figure, so it cannot rot.

No timing is asserted (the machine is shared): only that each figure is measured and printed
beside its baseline, and that the last line is the ratios line the issue asks for.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"\d+(?:\.\d+)?"


def test_benchmark_reports_every_figure(tmp_path):
    run = subprocess.run(
        [sys.executable, "bench/run.py", "--events", "100", "--repeat", "1",
         "--preview-events", "100", "--edits", "1", "--workdir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    lines = out.strip().splitlines()
    assert re.fullmatch(rf"ratios: generator/parse={NUMBER} build/plain-mkdocs={NUMBER}",
                        lines[-1]), lines[-1]
    assert lines[0].startswith("machine: ")
    assert "== 100 events: " in out
    for figure, baseline in [("load", "parse"), ("validate", "parse"), ("render", "parse"),
                             ("generator stages", "parse"),
                             ("MkDocs build (in build)", "plain mkdocs"),
                             ("total build", "plain mkdocs"), ("peak memory", "plain mkdocs"),
                             ("site size", "plain mkdocs")]:
        row = next((line for line in lines if line.startswith(figure + " ")), None)
        assert row is not None, f"no {figure!r} row in:\n{out}"
        assert baseline in row and re.search(rf"{NUMBER}×", row), row
    assert re.search(rf"^parse \(baseline\)\s+{NUMBER}s", out, re.M)
    assert re.search(rf"^  CPU time, all processes\s+{NUMBER}s\s+plain mkdocs {NUMBER}s\s+"
                     rf"{NUMBER}×", out, re.M), out
    assert re.search(rf"^  of it, writing its files\s+{NUMBER}s\s+parse\s+{NUMBER}×", out, re.M)
    event = re.search(rf"^largest event page\s+({NUMBER})KB\s+(\S+)", out, re.M)
    assert event and event.group(2).endswith("index.html")
    for home in ("/ ", "/ar/ "):  # a result found on each language's home, bytes counted
        assert re.search(rf"^first search {re.escape(home)}\s+{NUMBER}KB  gzip; uncompressed "
                         rf"{NUMBER}KB", out, re.M), out
    assert re.search(r"^second render rewrites\s+0\b", out, re.M), out
    preview = re.search(rf"^live preview at 100 events .* median ({NUMBER})s, max ({NUMBER})s"
                        rf".*stale Markdown files vs a full render: (\d+)", out, re.M)
    assert preview, out
    assert re.search(r"search for the new title, English and Arabic preview: found \d of 2",
                     out), out
    # a title edit is a quick update (only the changed pages through MkDocs), not a dirty build
    assert re.search(rf"server's own rebuild times: {NUMBER} s \(quick\)", out), out
