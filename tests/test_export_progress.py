"""A long build shows progress (rendering, then MkDocs per language) and ends with a summary."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from generator.render import render
from generator.validate import load_and_validate

from .conftest import ROOT


def build(content, tmp_path, **env):
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content),
         "--build-dir", str(tmp_path / "build"), "--site", str(tmp_path / "site")],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", **env})


def test_build_reports_progress_of_each_stage_then_a_summary(mini, tmp_path):
    # unbuffered, as CI runs Python: print() would write a line and its newline apart, and the
    # two languages' MkDocs builds (two processes) print at once
    done = build(mini, tmp_path, BRIEFING_PROGRESS_MIN="1", PYTHONUNBUFFERED="1")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    progress = [x for x in lines if "MkDocs (" in x or "Rendering: " in x]
    assert all(re.fullmatch(r"(MkDocs \((en|ar)\)|Rendering): [\d,]+/[\d,]+ pages \(\d+%\)", x)
               for x in progress), done.stderr  # every line whole, none two joined
    rendering = [x for x in lines if x.startswith("Rendering: ")]
    assert rendering[-1].endswith("(100%)")
    percents = [int(re.search(r"\((\d+)%\)", x).group(1)) for x in rendering]
    assert percents == sorted(percents) and len(percents) >= 5
    for lang in ("en", "ar"):
        assert any(re.fullmatch(rf"MkDocs \({lang}\): [\d,]+/[\d,]+ pages \(100%\)", x)
                   for x in lines), lines
    assert lines.index(rendering[-1]) < lines.index(
        next(x for x in lines if x.startswith("MkDocs (en)")))
    assert re.match(r"Built .* from 2 events, .* pages \(.*\) in [\d.]+s \[", done.stdout)


def test_a_small_build_stays_quiet(mini, tmp_path):
    done = build(mini, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Rendering:" not in done.stderr and "MkDocs (" not in done.stderr
    assert done.stdout.startswith("Built ")


def test_thousands_of_pages_report_progress_by_default(mini, tmp_path, monkeypatch, capfd):
    for i in range(520):
        (mini / "events" / f"e{i}.yaml").write_text(
            f'id: e{i}\ndate: "2020-01-{i % 28 + 1:02d}"\n'
            f'title: {{en: "Event {i}", ar: "حدث {i}"}}\n'
            "summary: {en: s, ar: ص}\nstanding: reported\nsources: [src-one]\n", "utf-8")
    monkeypatch.setenv("BRIEFING_PROGRESS", "1")
    monkeypatch.delenv("BRIEFING_PROGRESS_MIN", raising=False)
    report = render(load_and_validate(mini), tmp_path / "build")
    assert report.pages > 1000
    err = capfd.readouterr().err.splitlines()
    assert [x.rsplit("(", 1)[1] for x in err if x.startswith("Rendering: ")] == \
        [f"{p}%)" for p in range(10, 101, 10)]
    assert f"Rendering: {report.pages:,}/{report.pages:,} pages (100%)" in err
