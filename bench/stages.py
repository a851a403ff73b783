"""Stages the benchmark times in a fresh process each (so imports, caches and memory start cold).

    python bench/stages.py parse CONTENT          -> {"parse": s}
    python bench/stages.py generate CONTENT BUILD -> {"load": s, "validate": s, "render": s,
                                                      "rerender": s, "rewritten": n, "pages": n,
                                                      "write": s}

Imports happen before the clock starts: both figures time the work, not Python's start-up.
``parse`` is the floor for loading: PyYAML's ``CSafeLoader`` reading every file, nothing else.
``generate`` renders into an empty BUILD folder, then renders again with nothing changed; the
second run must rewrite no file (``rewritten``). ``write`` times writing the same files alone,
into BUILD-write. Folders in the way are deleted, but the benchmark moves them aside first: a
file made just after thousands were deleted costs ten times as much (bench/README.md).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse(content: Path) -> dict:
    import yaml

    files = sorted(content.rglob("*.yaml"))
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return {"parse": time.perf_counter() - start, "files": len(files)}


def generate(content: Path, build: Path) -> dict:
    from generator import validate as validation
    from generator.render import render

    shutil.rmtree(build, ignore_errors=True)
    out = {}
    start = time.perf_counter()
    loaded = validation.load(content)
    out["load"] = time.perf_counter() - start
    start = time.perf_counter()
    briefing = validation.validate(loaded)
    out["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    report = render(briefing, build)
    out["render"] = time.perf_counter() - start
    out["pages"] = report.pages
    start = time.perf_counter()
    again = render(briefing, build)
    out["rerender"] = time.perf_counter() - start
    out["rewritten"] = again.written
    out["write"] = write_floor(build / "docs", write_folder(build))
    return out


def write_folder(build: Path) -> Path:
    """Where ``write`` writes its copy of BUILD's files (bench/run.py sets it aside too)."""
    return build.with_name(build.name + "-write")


def write_floor(docs: Path, into: Path) -> float:
    """Seconds to write the render's files (read into memory first) into an empty folder with
    the render's own Writer: the part of the render that no template work can remove."""
    from generator.writer import Writer

    files = {p.relative_to(docs).as_posix(): p.read_bytes()
             for p in sorted(docs.rglob("*")) if p.is_file()}
    shutil.rmtree(into, ignore_errors=True)
    start = time.perf_counter()
    out = Writer(into)
    for relative, data in files.items():
        out.write(relative, data)
    return time.perf_counter() - start  # the folder is left for the caller (bench/run.py)


def main() -> None:
    stage, *args = sys.argv[1:]
    if stage == "parse":
        result = parse(Path(args[0]))
    elif stage == "generate":
        result = generate(Path(args[0]), Path(args[1]))
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
