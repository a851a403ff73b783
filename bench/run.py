"""Benchmark: every cost of the generator beside a baseline measured in the same run.

    .venv/bin/python bench/run.py                    # N = 100 and 1,000 events, 3 runs each
    .venv/bin/python bench/run.py --events 10000 --repeat 1 --preview-events 0

For each N, synthetic content (bench/synth.py) is written into the work folder and measured:

* load, validate, render (the generator's stages) beside a bare ``CSafeLoader`` parse of the
  same YAML, the floor for loading: ratio ``generator/parse``;
* the whole ``python -m generator build`` beside a plain ``mkdocs build`` of the same generated
  Markdown with no generator in the loop, the floor for our overhead: ratio
  ``build/plain-mkdocs``; peak memory and site size beside the plain build's;
* the bytes of the largest event page and of the heaviest page of any kind (gzipped too), and
  the bytes a reader downloads before the first search result appears (real Chromium, counting
  every response, on the English and the Arabic home);
* a second render with no content change: how many Markdown files it rewrites (target 0);
* between N and 10×N: how time and site size grow (target ≤ 11×);
* live preview (``python -m generator serve``) at ``--preview-events``: one event's YAML is edited
  (its title, in every language), and the clock runs until every page that shows the title
  serves the new text over HTTP; then the preview's search box (Chromium) must find the new
  title in both languages, and the preview's Markdown must equal a full render of the edited
  content (a stale page would differ).

The machine is shared and noisy, so each measured command runs in a fresh process, baseline and
measured runs are interleaved (ABBA order), each is repeated ``--repeat`` times, and the median is
reported. Targets are ratios, never absolute times. The last line is
``ratios: generator/parse=X build/plain-mkdocs=Y`` for the largest N.

Files are made as in a fresh clone: a run first waits (``--settle``) while making a file costs
more than it should (just after many files were deleted), and deletes nothing until it ends.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import stages  # noqa: E402
import synth  # noqa: E402

PY = sys.executable
CHROMIUM = "/usr/bin/chromium"
# The search box and its results, as the site's theme draws them (Material for MkDocs).
SEARCH_INPUT = "input.md-search__input"
SEARCH_RESULT = ".md-search-result__item"
QUERIES = {"": "committee", "ar/": "اللجنة"}  # words every synthetic site contains

TARGETS = {"generator/parse": 3.0, "build/plain-mkdocs": 1.10, "scaling": 11.0,
           "event_page_kb": 30.0, "first_search_kb": 300.0, "preview_s": 2.0,
           "memory_10000_mb": 1536.0}


# --- running things --------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str
    cpu: float = 0.0  # seconds of CPU, the process and every child it waited for


def env() -> dict:
    out = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               PYTHONDONTWRITEBYTECODE="1")
    out.pop("SITE_URL", None)
    return out


_PSS = re.compile(r"^Pss:\s+(\d+) kB", re.M)


def tree_memory(pid: int) -> int:
    """Bytes of memory ``pid`` and every process under it hold, added up: each one's
    proportional set size, so a page that forked processes share is counted once in all."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(_PSS.search(Path(f"/proc/{current}/smaps_rollup").read_text())[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                todo += map(int, Path(f"/proc/{current}/task/{task}/children").read_text().split())
        except (OSError, TypeError):
            continue  # it has just ended
    return total


class TreePeak(threading.Thread):
    """Samples :func:`tree_memory` every 20 ms, or less often when a sample is slow: a build
    that forks (its render workers, a language's MkDocs build) holds the memory of all its
    processes at once, which the largest single process's peak (``ru_maxrss``) does not show.

    A sample is not free: the kernel walks a process's whole memory map to sum its
    ``smaps_rollup`` (17 ms for a 1 GB process on this machine), in this process's time and
    under a lock the measured process needs to map memory. Sampled every 20 ms, the two large
    processes of a 10,000-event build kept this thread busy all the time, on one of the two
    cores the build itself uses, where the one-process plain build left that core free: the
    measurement slowed what it measured, more the larger the heap. So the thread waits
    ``DUTY`` times as long as its last sample took (at least 20 ms): it takes at most a
    twentieth of one core, and a sample still comes every half second at 10,000 events."""

    DUTY = 19  # waits per unit of sampling: 1 / (1 + DUTY) of one core at most

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        wait = 0.02
        while not self.done.wait(wait):
            start = time.perf_counter()
            self.peak = max(self.peak, tree_memory(self.pid))
            wait = max(0.02, self.DUTY * (time.perf_counter() - start))


def measure(cmd: list[str], extra_env: dict | None = None) -> Run:
    """Run ``cmd`` from the repository root; wall time and peak resident memory: the larger
    of the largest process's own peak and the sampled sum over it and its child processes."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err,
                                env={**env(), **(extra_env or {})})
        sampler = TreePeak(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stdout}\n{stderr}")
    return Run(seconds, max(usage.ru_maxrss / 1024, sampler.peak / 2**20), stdout,
               usage.ru_utime + usage.ru_stime)


def median(values) -> float:
    return statistics.median(values)


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def set_aside(path: Path, work: Path) -> None:
    """Move a folder the benchmark is done with into ``work/trash``, emptied when the run ends
    (:func:`empty_trash`). Deleting it here would slow what is measured next: on this
    machine's file system a file made in the minute after thousands were deleted costs up to
    ten times as much kernel time (0.25-0.6 ms instead of 0.03-0.08 ms, bench/README.md),
    which a build in a fresh clone never pays."""
    if path.exists():
        trash = work / "trash"
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{time.time_ns()}-{path.name}")


def empty_trash(work: Path) -> None:
    shutil.rmtree(work / "trash", ignore_errors=True)


SETTLED_MS = 0.15  # kernel time to make one file, below which the file system has settled


def file_cost_ms(work: Path, files: int = 1000) -> float:
    """Kernel milliseconds to make one small file, from ``files`` made in a fresh folder (set
    aside after: deleting them would unsettle what this measures)."""
    folder = work / f"probe-{time.time_ns()}"
    folder.mkdir()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    for i in range(files):
        (folder / str(i)).write_bytes(b"x" * 4096)
    cost = (resource.getrusage(resource.RUSAGE_SELF).ru_stime - before) / files * 1000
    set_aside(folder, work)
    return cost


def settle(work: Path, longest: float) -> tuple[float, float]:
    """Wait, up to ``longest`` seconds, until making a file costs what it does in a fresh clone:
    a run started just after many files were deleted (an earlier run's folder, a test run's)
    would have its first repeat pay for them (bench/README.md, the eleventh round). Returns the
    seconds waited and the last cost measured."""
    start = time.monotonic()
    cost = file_cost_ms(work)
    while cost > SETTLED_MS and time.monotonic() - start < longest:
        time.sleep(10)
        cost = file_cost_ms(work)
    return time.monotonic() - start, cost


# --- one N ----------------------------------------------------------------------------------

@dataclass
class Result:
    events: int
    files: int = 0
    pages: int = 0
    stages: dict[str, list[float]] = field(default_factory=dict)
    peak_mb: list[float] = field(default_factory=list)
    plain_peak_mb: list[float] = field(default_factory=list)
    rewritten: int = -1
    site_bytes: int = 0
    plain_site_bytes: int = 0
    event_page: tuple[int, str] = (0, "")
    heaviest_page: tuple[int, int, str] = (0, 0, "")  # bytes, gzipped, path: any HTML page
    first_search: dict[str, dict | None] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.stages.setdefault(name, []).append(value)

    def m(self, name: str) -> float:
        return median(self.stages[name])

    @property
    def generator(self) -> float:
        return self.m("load") + self.m("validate") + self.m("render")


def bench_one(events: int, work: Path, repeat: int) -> Result:
    folder = work / f"n{events}"
    set_aside(folder / "content", work)
    content = synth.generate(events, folder)
    build, site, plain_site = folder / "build", folder / "site", folder / "plain-site"
    result = Result(events)
    mkdocs_env = {"BRIEFING_GENERATED_CONFIG": str(build / "mkdocs.generated.yml"),
                  "BRIEFING_DOCS_DIR": str(build / "docs")}

    def parse():
        data = json.loads(measure([PY, str(BENCH / "stages.py"), "parse", str(content)]).stdout)
        result.files = data["files"]
        result.add("parse", data["parse"])

    def generate():
        stage_build = folder / "stage-build"
        for path in (stage_build, stages.write_folder(stage_build)):
            set_aside(path, work)
        data = json.loads(measure([PY, str(BENCH / "stages.py"), "generate", str(content),
                                   str(stage_build)]).stdout)
        for key in ("load", "validate", "render", "write"):
            result.add(key, data[key])
        result.pages, result.rewritten = data["pages"], data["rewritten"]

    def whole():
        for path in (build, site):  # cold, as in a fresh clone: every file is written
            set_aside(path, work)
        run = measure([PY, "-m", "generator", "build", "--content", str(content),
                       "--build-dir", str(build), "--site", str(site)])
        result.add("build", run.seconds)
        result.add("build cpu", run.cpu)
        stages = dict(re.findall(r"(\w+)=([\d.]+)s", run.stdout))
        result.add("mkdocs (in build)", float(stages["mkdocs"]))
        result.peak_mb.append(run.peak_mb)

    def plain():
        if not (build / "docs").is_dir():
            whole()  # the plain build needs the generated Markdown
        set_aside(plain_site, work)
        run = measure([PY, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(plain_site)],
                      mkdocs_env)
        result.add("plain mkdocs", run.seconds)
        result.add("plain cpu", run.cpu)
        result.plain_peak_mb.append(run.peak_mb)

    order = [parse, generate, whole, plain]
    for i in range(repeat):
        for step in (order if i % 2 == 0 else order[::-1]):  # ABBA: drift hits both sides
            step()
    result.site_bytes, result.plain_site_bytes = tree_bytes(site), tree_bytes(plain_site)
    sizes = {p: p.stat().st_size for p in site.rglob("*.html")}  # one walk of the site
    events = [p for p in sizes if p.name == "index.html" and p.parent.parent.name == "events"]
    biggest = max(events, key=sizes.get)
    result.event_page = (sizes[biggest], str(biggest.relative_to(site)))
    heaviest = max(sizes, key=sizes.get)
    body = heaviest.read_bytes()
    result.heaviest_page = (len(body), len(gzip.compress(body, 6)),
                            str(heaviest.relative_to(site)))
    result.first_search = first_search_bytes(site)
    return result


# --- first search ----------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


COMPRESSIBLE = ("text/", "javascript", "json", "xml", "svg")


def first_search_bytes(site: Path) -> dict[str, dict | None]:
    """Bytes a fresh browser fetches from opening the home page to the first search result on
    screen, per language home: ``raw`` as this plain server sends them (headers + bodies,
    uncompressed), ``gzip`` as a reader downloads them from a server that compresses text, as
    GitHub Pages does (each text body gzipped at level 6; fonts and images as they are)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-background-networking"])
            for prefix, query in QUERIES.items():
                context = browser.new_context()
                fetched: list = []
                context.on("requestfinished", lambda request, into=fetched: into.append(request))
                page = context.new_page()
                page.goto(base + prefix, wait_until="load")
                page.locator(SEARCH_INPUT).click()  # on a desktop-wide window, in the header
                page.locator(SEARCH_INPUT).press_sequentially(query, delay=20)
                # Letters off the US keyboard (Arabic) are inserted without key events, and the
                # theme reads the box on keyup: a last key a reader would press too.
                page.keyboard.press("End")
                try:
                    page.locator(SEARCH_RESULT).first.wait_for(state="visible", timeout=60_000)
                except PlaywrightTimeout:
                    out[prefix or "en/"] = None  # reported as a miss, never as a size
                else:
                    raw = packed = 0
                    for request in list(fetched):
                        sizes = request.sizes()
                        raw += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                        packed += sizes["responseHeadersSize"] + _gzipped(request)
                    out[prefix or "en/"] = {"raw": raw, "gzip": packed}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def _gzipped(request) -> int:
    response = request.response()
    body = response.body() if response else b""
    kind = (response.headers.get("content-type", "") if response else "").lower()
    return len(gzip.compress(body, 6)) if any(k in kind for k in COMPRESSIBLE) else len(body)


# --- live preview ----------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def _url_of(markdown: Path, docs: Path, default: str) -> str:
    rel = markdown.relative_to(docs).as_posix()
    lang, _, rest = rel.partition("/")
    prefix = "" if lang == default else f"{lang}/"
    rest = rest[: -len(".md")]
    rest = "" if rest == "index" else rest[: -len("index")] if rest.endswith("/index") \
        else rest + "/"
    return prefix + rest


@dataclass
class Preview:
    events: int
    latencies: list[float] = field(default_factory=list)
    pages_checked: list[int] = field(default_factory=list)
    stale: int = -1
    startup: float = 0.0
    search: list[float | None] = field(default_factory=list)  # seconds until search finds it
    log: str = ""


def bench_preview(events: int, work: Path, edits: int) -> Preview:
    folder = work / f"preview-n{events}"
    full = folder / "full-build"
    for path in (folder / "content", folder / "build", full, stages.write_folder(full)):
        set_aside(path, work)
    content = synth.generate(events, folder)
    build = folder / "build"
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = folder / "serve.log"
    result = Preview(events)
    target = sorted((content / "events").glob("*.yaml"))[events // 2]
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen([PY, "-m", "generator", "serve", "--content", str(content),
                                 "--build-dir", str(build), "--port", str(port)],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env={**env(), "SITE_URL": base})
        try:
            event_url = base + f"events/{target.stem}/"
            while _get(event_url) is None:
                if proc.poll() is not None or time.perf_counter() - started > 1800:
                    raise SystemExit(f"preview did not start:\n{log_path.read_text()}")
                time.sleep(0.2)
            result.startup = time.perf_counter() - started
            time.sleep(1.0)  # let the watcher settle
            for k in range(edits):
                token = f"benchedit{k}q{os.getpid()}"
                text = target.read_text("utf-8")
                text = re.sub(r'^(title:\n  en: ")', rf"\1{token} ", text, count=1, flags=re.M)
                text = re.sub(r'^(  ar: ")', rf"\1{token} ", text, count=1, flags=re.M)
                partial = target.with_name(f".{target.name}.saving")  # saved as editors do:
                partial.write_text(text, "utf-8")  # write a copy, then rename it into place
                os.replace(partial, target)
                saved = time.perf_counter()
                latency, checked = _wait_for(token, base, build / "docs", saved,
                                             f"events/{target.stem}/")
                result.latencies.append(latency)
                result.pages_checked.append(checked)
                for prefix in ("", "ar/"):
                    found = search_finds(base + prefix + f"events/{target.stem}/", token)
                    result.search.append(None if found is None else time.perf_counter() - saved)
                time.sleep(0.5)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    result.log = log_path.read_text("utf-8", "replace")
    # A stale page would show as Markdown that differs from a full render of the same content,
    # made for the same address as the preview's (the data exports and feeds carry full URLs).
    measure([PY, str(BENCH / "stages.py"), "generate", str(content), str(full)],
            {"SITE_URL": base})
    result.stale = _differences(full / "docs", build / "docs")
    return result


def search_finds(url: str, word: str) -> bool | None:
    """Type ``word`` into the search box of ``url`` in Chromium; True once a result shows it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.goto(url, wait_until="load")
            page.locator(SEARCH_INPUT).click()
            page.locator(SEARCH_INPUT).press_sequentially(word, delay=20)
            page.locator(SEARCH_RESULT, has_text=word).first.wait_for(state="visible",
                                                                      timeout=30_000)
            return True
        except PlaywrightTimeout:
            return None
        finally:
            browser.close()


CHECKERS = 4  # pages asked for at once while the clock runs


def _wait_for(token: str, base: str, docs: Path, saved: float, first: str) -> tuple[float, int]:
    """Seconds from ``saved`` until every page whose Markdown shows ``token`` serves it over
    HTTP; and how many URLs were checked.

    Until the edited page itself (``first``) serves the token, only that URL is asked for (the
    preview's server holds every request while it rebuilds, so this one returns when the
    rebuild is done): by then the Markdown that shows the token is complete, and it is read
    once. The pages that show it are then asked for side by side, as a browser's tabs would,
    until each serves it. (Reading every Markdown file and asking for every page 20 times a
    second from the start, as this did before, took a good part of this 2-core machine from
    the preview it was timing; asking for the pages one after the other added their sum.)
    """
    deadline = saved + 120
    pending: set[str] | None = None
    needle = token.encode()
    with ThreadPoolExecutor(CHECKERS) as pool:
        while time.perf_counter() < deadline:
            if pending is None and token in (_get(base + first) or ""):
                found = [p for p in docs.rglob("*.md") if needle in p.read_bytes()]
                pending = {_url_of(p, docs, "en") for p in found}
                checked = len(pending)
                pending |= {f"search/{p.relative_to(docs).parts[0]}/" for p in found}
            if pending is not None:
                asked = sorted(pending)
                served = pool.map(lambda url: _serves(base, url, token), asked)
                pending = {url for url, ok in zip(asked, served, strict=True) if not ok}
                if not pending:
                    return time.perf_counter() - saved, checked
            time.sleep(0.05)
    raise SystemExit(f"preview: {token} not served within 120 s (still stale: {pending})")


def _serves(base: str, url: str, token: str) -> bool:
    """Whether ``url`` serves ``token``; for ``search/<locale>/``, whether that language's
    search index has the token as a term (as the search worker looks it up: the last shard
    whose first term is not after it)."""
    if not url.startswith("search/"):
        return token in (_get(base + url) or "")
    try:
        shards = json.loads(_get(base + url + "meta.json") or "{}").get("shards") or []
        number = max(i for i, first in enumerate(shards) if first <= token)
        return token in json.loads(_get(f"{base}{url}t/{number}.json") or "{}")
    except ValueError:
        return False


def _differences(expected: Path, actual: Path) -> int:
    a = {p.relative_to(expected): p for p in expected.rglob("*") if p.is_file()}
    b = {p.relative_to(actual): p for p in actual.rglob("*") if p.is_file()}
    return sum(1 for rel in a.keys() | b.keys()
               if rel not in a or rel not in b or a[rel].read_bytes() != b[rel].read_bytes())


# --- report ---------------------------------------------------------------------------------

def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISSED"


def scaling(small: Result, big: Result) -> str:
    """The growth from ``small`` to ``big`` (10× the events), the target's verdict on wall
    time, and the baselines' own growth between the same two measurements.

    The two sizes are measured minutes apart on a shared machine, so this is the one figure
    with no baseline taken beside it; the plain MkDocs build and the bare parse grow under the
    same conditions, and how much more the build grew than plain MkDocs is what the code
    decides (a build that only got unlucky grows as much as its baseline did)."""
    def grew(name: str) -> float:
        return big.m(name) / small.m(name)

    t, s = grew("build"), big.site_bytes / small.site_bytes
    g = big.generator / small.generator
    return (f"scaling {small.events} → {big.events} events (×10): build time ×{t:.2f}, "
            f"generator ×{g:.2f}, site size ×{s:.2f} (target ≤ ×11: "
            f"{verdict(max(t, s), TARGETS['scaling'])})\n"
            f"  the baselines in the same runs: plain MkDocs ×{grew('plain mkdocs'):.2f}, "
            f"bare parse ×{grew('parse'):.2f}; CPU time of all the build's processes "
            f"×{grew('build cpu'):.2f} (plain ×{grew('plain cpu'):.2f}); the build grew "
            f"{t / grew('plain mkdocs'):.2f}× as much as plain MkDocs\n"
            f"  pages: the largest event page ×{big.event_page[0] / small.event_page[0]:.2f}, "
            f"the heaviest page ×{big.heaviest_page[0] / small.heaviest_page[0]:.2f} "
            f"({big.heaviest_page[2]}; no target)")


def report(results: list[Result], previews: list[Preview], repeat: int,
           settled: tuple[float, float] | None = None) -> None:
    waited = "" if settled is None else (
        f" · making a file {settled[1]:.2f} ms of kernel time, after waiting {settled[0]:.0f} s")
    print(f"machine: {platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
          f"Python {platform.python_version()} · load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}{waited}")
    for r in results:
        gen, parse = r.generator, r.m("parse")
        build, plain = r.m("build"), r.m("plain mkdocs")
        print(f"\n== {r.events} events: {r.files} YAML files, {r.pages} Markdown pages "
              f"(median of {repeat}) ==")
        print(f"{'figure':<26}{'value':>12}  {'baseline':<28}{'ratio':>8}  target")
        print(f"{'parse (baseline)':<26}{parse:>11.2f}s")
        for key in ("load", "validate", "render"):
            print(f"{key:<26}{r.m(key):>11.2f}s  {'parse':<28}{r.m(key) / parse:>7.2f}×")
        print(f"{'  of it, writing its files':<26}{r.m('write'):>11.2f}s  {'parse':<28}"
              f"{r.m('write') / parse:>7.2f}×")
        print(f"{'generator stages':<26}{gen:>11.2f}s  {'parse ' + format(parse, '.2f') + 's':<28}"
              f"{gen / parse:>7.2f}×  ≤ {TARGETS['generator/parse']}× "
              f"{verdict(gen / parse, TARGETS['generator/parse'])}")
        mk = r.m("mkdocs (in build)")
        print(f"{'MkDocs build (in build)':<26}{mk:>11.2f}s  {'plain mkdocs':<28}"
              f"{mk / plain:>7.2f}×")
        print(f"{'total build':<26}{build:>11.2f}s  "
              f"{'plain mkdocs ' + format(plain, '.2f') + 's':<28}{build / plain:>7.2f}×  "
              f"≤ {TARGETS['build/plain-mkdocs']}× "
              f"{verdict(build / plain, TARGETS['build/plain-mkdocs'])}")
        cpu, plain_cpu = r.m("build cpu"), r.m("plain cpu")
        print(f"{'  CPU time, all processes':<26}{cpu:>11.2f}s  "
              f"{'plain mkdocs ' + format(plain_cpu, '.2f') + 's':<28}{cpu / plain_cpu:>7.2f}×")
        peak, plain_peak = max(r.peak_mb), max(r.plain_peak_mb)
        base = f"plain mkdocs {plain_peak:.0f}MB"
        line = f"{'peak memory':<26}{peak:>10.0f}MB  {base:<28}{peak / plain_peak:>7.2f}×"
        if r.events >= 10000:
            line += f"  ≤ 1536 MB {verdict(peak, TARGETS['memory_10000_mb'])}"
        print(line)
        print(f"{'site size':<26}{r.site_bytes / 1e6:>10.1f}MB  "
              f"{'plain mkdocs ' + format(r.plain_site_bytes / 1e6, '.1f') + 'MB':<28}"
              f"{r.site_bytes / r.plain_site_bytes:>7.2f}×")
        kb = r.event_page[0] / 1024
        print(f"{'largest event page':<26}{kb:>10.1f}KB  {r.event_page[1]:<28}{'':>8}  "
              f"≤ 30 KB {verdict(kb, TARGETS['event_page_kb'])}")
        heavy, packed, path = r.heaviest_page
        print(f"{'heaviest page':<26}{heavy / 1024:>10.1f}KB  {path:<28}{'':>8}  "
              f"gzip {packed / 1024:.1f}KB")
        for lang, size in r.first_search.items():
            name = "first search /" + (lang if lang != "en/" else "")
            if size is None:
                query = QUERIES[lang.replace("en/", "")]
                print(f"{name:<26}{'no result':>12}  {'in 60 s for ' + query:<28}{'':>8}  MISSED")
                continue
            kb = size["gzip"] / 1024
            target = f"≤ 300 KB {verdict(kb, TARGETS['first_search_kb'])}" \
                if r.events == 1000 else ""
            raw = f"gzip; uncompressed {size['raw'] / 1024:.0f}KB"
            print(f"{name:<26}{kb:>10.1f}KB  {raw:<28}{'':>8}  {target}")
        print(f"{'second render rewrites':<26}{r.rewritten:>10d}   "
              f"{'Markdown files':<28}{'':>8}  = 0 {'ok' if r.rewritten == 0 else 'MISSED'}")
    by_n = {r.events: r for r in results}
    for r in results:
        big = by_n.get(r.events * 10)
        if big:
            print("\n" + scaling(r, big))
    for p in previews:
        lat = ", ".join(f"{x:.2f}" for x in p.latencies)
        print(f"\nlive preview at {p.events} events (start-up {p.startup:.1f}s): edit one event "
              f"title → served on all {max(p.pages_checked)} pages that show it + search index: "
              f"median {median(p.latencies):.2f}s, max {max(p.latencies):.2f}s [{lat}] "
              f"(target ≤ 2 s {verdict(max(p.latencies), TARGETS['preview_s'])}); "
              f"stale Markdown files vs a full render: {p.stale} "
              f"({'ok' if p.stale == 0 else 'MISSED'})")
        found = [x for x in p.search if x is not None]
        print(f"  search for the new title, English and Arabic preview: found {len(found)} of "
              f"{len(p.search)}" + (f", at most {max(found):.1f}s after saving (browser start-up "
                                    "included)" if found else "")
              + (" ok" if len(found) == len(p.search) else " MISSED"))
        rebuilds = re.findall(r"(Quick|Partial) build: .*? in ([\d.]+)s", p.log)
        if rebuilds:
            print("  server's own rebuild times: "
                  + ", ".join(f"{seconds} s ({kind.lower()})" for kind, seconds in rebuilds))
    last = max(results, key=lambda r: r.events)
    print(f"ratios: generator/parse={last.generator / last.m('parse'):.2f} "
          f"build/plain-mkdocs={last.m('build') / last.m('plain mkdocs'):.2f}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, action="append",
                        help="number of events (repeatable); default 100 and 1000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--preview-events", type=int, default=1000,
                        help="N for the live-preview measurement; 0 to skip")
    parser.add_argument("--edits", type=int, default=3, help="edits timed in the preview")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "briefing-bench")
    parser.add_argument("--settle", type=float, default=180.0,
                        help="seconds to wait at most, before measuring, for the file system "
                             "to recover from recent deletions; 0 not to wait")
    args = parser.parse_args(argv)
    events = sorted(set(args.events or [100, 1000]))
    args.workdir.mkdir(parents=True, exist_ok=True)
    empty_trash(args.workdir)  # an interrupted run's
    settled = None
    if args.settle > 0:
        print("waiting for the file system to settle…", file=sys.stderr, flush=True)
        settled = settle(args.workdir, args.settle)
    results = []
    for n in events:
        print(f"measuring {n} events…", file=sys.stderr, flush=True)
        results.append(bench_one(n, args.workdir, args.repeat))
        (args.workdir / f"result-{n}.json").write_text(json.dumps(asdict(results[-1])))
    previews = []
    if args.preview_events:
        print(f"measuring the live preview at {args.preview_events} events…", file=sys.stderr,
              flush=True)
        previews.append(bench_preview(args.preview_events, args.workdir, args.edits))
        (args.workdir / "preview.json").write_text(json.dumps(asdict(previews[-1])))
    empty_trash(args.workdir)
    report(results, previews, args.repeat, settled)


if __name__ == "__main__":
    main()
