"""The benchmark runs end to end at N = 100 and reports every figure, so it cannot rot.

No timing is asserted (the machine is shared): only that each figure is measured and printed
beside its baseline, and that the last line is the ratios line the issue asks for.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"\d+(?:\.\d+)?"


@pytest.mark.slow
@pytest.mark.browser
def test_benchmark_reports_every_figure(tmp_path):
    run = subprocess.run(
        [sys.executable, "bench/run.py", "--events", "100", "--repeat", "1",
         "--preview-events", "100", "--edits", "1", "--settle", "5", "--workdir",
         str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    lines = out.strip().splitlines()
    assert re.fullmatch(rf"ratios: generator/parse={NUMBER} build/plain-mkdocs={NUMBER}",
                        lines[-1]), lines[-1]
    assert lines[0].startswith("machine: ")
    assert re.search(rf" · making a file {NUMBER} ms of kernel time, after waiting \d+ s$",
                     lines[0]), lines[0]
    assert not (tmp_path / "trash").exists()  # what it set aside, deleted once measured
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
    heaviest = re.search(rf"^heaviest page\s+({NUMBER})KB\s+(\S+)\s+gzip ({NUMBER})KB", out,
                         re.M)
    assert heaviest and heaviest.group(2).endswith(".html"), out
    assert float(heaviest.group(1)) >= float(event.group(1))  # event pages are pages too
    assert float(heaviest.group(3)) < float(heaviest.group(1))  # gzipped, HTML shrinks
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


@functools.cache
def _bench_run():
    """bench/run.py as a module (bench/ is a folder of scripts, not a package), loaded once."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_scaling_line_puts_the_baselines_growth_beside_the_builds():
    """Measured minutes apart on a shared machine, growth has no baseline beside it unless the
    report gives the baselines' own growth between the same two measurements."""
    bench = _bench_run()

    def result(events, build, plain, parse, cpu, plain_cpu, site, heaviest=(0, 0, "")):
        r = bench.Result(events, site_bytes=site, plain_site_bytes=site,
                         event_page=(26_000, "events/e/index.html"), heaviest_page=heaviest)
        for name, value in [("build", build), ("plain mkdocs", plain), ("parse", parse),
                            ("build cpu", cpu), ("plain cpu", plain_cpu), ("load", parse),
                            ("validate", parse), ("render", parse)]:
            r.add(name, value)
        return r

    small = result(1000, 20.0, 27.0, 0.2, 32.0, 28.0, 100, (640_000, 60_000, "timeline/index.html"))
    big = result(10000, 236.0, 286.2, 2.1, 342.4, 288.4, 968,
                 (6_144_000, 480_000, "ar/timeline/index.html"))
    head, baselines, pages = bench.scaling(small, big).splitlines()
    assert head == ("scaling 1000 → 10000 events (×10): build time ×11.80, generator ×10.50, "
                    "site size ×9.68 (target ≤ ×11: MISSED)")
    assert baselines == ("  the baselines in the same runs: plain MkDocs ×10.60, bare parse "
                         "×10.50; CPU time of all the build's processes ×10.70 (plain ×10.30); "
                         "the build grew 1.11× as much as plain MkDocs")
    assert pages == ("  pages: the largest event page ×1.00, the heaviest page ×9.60 "
                     "(ar/timeline/index.html; no target)")
    quick = result(10000, 209.0, 286.2, 2.1, 342.4, 288.4, 968)
    assert "(target ≤ ×11: ok)" in bench.scaling(small, quick)


def test_memory_sampler_takes_at_most_a_twentieth_of_a_core(monkeypatch):
    """Sampling a large process's memory is slow (the kernel walks its memory map); sampled
    every 20 ms regardless, the sampler took a core from the build it measured. It now waits
    19 times as long as a sample took, and still records the peak."""
    import time

    bench = _bench_run()
    calls = []

    def slow_sample(pid):  # as long as sampling a process of ~600 MB takes
        calls.append(pid)
        time.sleep(0.01)
        return 1000 * len(calls)

    monkeypatch.setattr(bench, "tree_memory", slow_sample)
    sampler = bench.TreePeak(12345)
    sampler.start()
    time.sleep(1.0)
    sampler.done.set()
    sampler.join()
    # every 20 ms regardless, a second holds ~33 such samples; at most a twentieth of it, 5
    # (each 10 ms sample then 190 ms of waiting), and the first after 20 ms: 6 at most
    assert 1 <= len(calls) <= 6, len(calls)
    assert sampler.peak == 1000 * len(calls) and set(calls) == {12345}


def test_a_run_waits_for_the_file_system_to_settle(tmp_path, monkeypatch):
    """Files made just after many were deleted cost up to ten times as much here: the run
    waits until making files is cheap again, but not forever."""
    bench = _bench_run()
    costs = iter([0.57, 0.26, 0.04, 0.03])
    monkeypatch.setattr(bench, "file_cost_ms", lambda work: next(costs))
    slept = []
    monkeypatch.setattr(bench.time, "sleep", slept.append)
    waited, cost = bench.settle(tmp_path, longest=60)
    assert cost == 0.04 and len(slept) == 2  # measured three times, the third quick

    clock = iter(range(0, 1000, 10))  # 10 s more at each look at the clock
    monkeypatch.setattr(bench.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(bench, "file_cost_ms", lambda work: 0.5)  # never settles
    waited, cost = bench.settle(tmp_path, longest=30)
    assert cost == 0.5 and 30 <= waited <= 40


def test_the_probe_measures_files_made_and_sets_them_aside(tmp_path):
    bench = _bench_run()
    cost = bench.file_cost_ms(tmp_path, files=50)
    assert 0 <= cost < 50  # milliseconds a file: a sane figure
    (probe,) = (tmp_path / "trash").iterdir()  # nothing deleted while measuring
    assert len(list(probe.iterdir())) == 50 and not list(tmp_path.glob("probe-*"))
