"""The live preview re-renders only the pages an edit affects, and never leaves one stale.

After each kind of edit an editor makes (a title, a date that reorders the timeline, an actor's
name, a new or deleted event, the site title, a home-page text), the preview's Markdown must be
byte for byte what a full render of the edited content writes, and an ordinary edit must not
rewrite every page.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import pytest

from generator import validate as validation
from generator.child import Child
from generator.serve import IncrementalRender

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth  # noqa: E402

from tests.conftest import edit, tree  # noqa: E402


def test_title_edit_rewrites_only_the_files_that_change(preview, tmp_path):
    content, step = preview
    build = tmp_path / "preview-build"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in build.rglob("*") if p.is_file()}
    event = content / "events" / "event-00020.yaml"
    edit(event, r'^(title:\n  en: ")', r"\1Renamed ")
    edit(event, r'^(  ar: ")', r"\1معدّل ")
    step()
    rewritten = {p for p, (mtime, _) in before.items() if p.stat().st_mtime_ns != mtime}
    differ = {p for p, (_, data) in before.items() if p.read_bytes() != data}
    assert rewritten == differ  # MkDocs' dirty build then rebuilds exactly these pages
    assert build / "docs/en/events/event-00020.md" in rewritten
    assert "Renamed" in (build / "docs/en/events/event-00020.md").read_text("utf-8")
    assert build / "docs/ar/timeline.md" in rewritten
    assert len(rewritten) < len(before) / 3


@pytest.mark.parametrize("child_fails", [False, True])
def test_an_edit_renders_the_other_language_in_a_child_process(preview, monkeypatch,
                                                                child_fails):
    import os

    import generator.render as rendering

    content, step = preview
    parent = os.getpid()
    started = []
    monkeypatch.setattr(rendering, "workers", lambda: 2)
    monkeypatch.setattr(rendering, "Child", lambda work: started.append(1) or Child(work))
    write_pages = rendering._write_pages

    def failing_in_a_child(*args):
        if child_fails and os.getpid() != parent:
            raise RuntimeError("the child dies")
        return write_pages(*args)

    monkeypatch.setattr(rendering, "_write_pages", failing_in_a_child)
    event = content / "events" / "event-00020.yaml"
    edit(event, r'^(title:\n  en: ")', r"\1Renamed ")
    edit(event, r'^(  ar: ")', r"\1معدّل ")
    report = step()  # the Markdown equals a full render's, whether the child worked or not
    assert started == [1]
    assert "ar/events/event-00020.md" in report.changed
    assert "en/events/event-00020.md" in report.changed


def test_date_edit_reorders_timeline_neighbours_and_related(preview):
    content, step = preview
    edit(content / "events" / "event-00005.yaml", r'^date: ".*"$', 'date: "2024-12-30"')
    step()


def test_related_events_are_ranked_again_only_when_dates_or_actors_change(preview,
                                                                         monkeypatch):
    """The preview keeps the last edit's ranking of related events through a title edit and
    ranks again after a date or an actor edit; each step's Markdown, related events included,
    equals a full render's (the fixture checks)."""
    from generator.briefing import Briefing

    content, step = preview
    ranking = []  # the briefings that ranked events: the preview's, then the full render's
    rank = Briefing._rank
    monkeypatch.setattr(Briefing, "_rank", lambda b, *args: ranking.append(b) or rank(b, *args))

    def briefings_ranking_in_a_step(pattern: str, replacement: str) -> int:
        ranking.clear()
        edit(content / "events" / "event-00012.yaml", pattern, replacement)
        step()
        return len({id(b) for b in ranking})

    assert briefings_ranking_in_a_step(r'^(title:\n  en: ")', r"\1Renamed ") == 1
    assert briefings_ranking_in_a_step(r'^date: ".*"$', 'date: "2024-12-30"') == 2
    assert briefings_ranking_in_a_step(r'^(  ar: ")', r"\1معدّل ") == 1
    assert briefings_ranking_in_a_step(r'^actors:\n', 'actors:\n  - "state-5"\n') == 2


def test_an_edit_walks_only_the_records_it_changed(preview, monkeypatch):
    """Which ids a record points at is found once per version of the record, not for every
    record at every edit; each step still equals a full render (the fixture checks)."""
    import generator.serve as serve

    content, step = preview
    walked, depth = [], [0]
    ids_in = serve._ids_in

    def spy(value, out):  # records each walk from its start, not its steps inside the record
        if not depth[0]:
            walked.append(value.id)
        depth[0] += 1
        try:
            ids_in(value, out)
        finally:
            depth[0] -= 1

    monkeypatch.setattr(serve, "_ids_in", spy)
    edit(content / "events" / "event-00020.yaml", r'^(title:\n  en: ")', r"\1Renamed ")
    step()
    assert walked == ["event-00020"]
    walked.clear()
    edit(content / "actors" / "actor-00003.yaml", r'^(name:\n  en: ")', r"\1Renamed ")
    edit(content / "sources" / "src-00002.yaml", r'^(title:\n  en: ")', r"\1Renamed ")
    step()
    assert sorted(walked) == ["actor-00003", "src-00002"]


def test_actor_source_agreement_and_home_edits(preview):
    content, step = preview
    edit(content / "actors" / "actor-00003.yaml", r'^(name:\n  en: ")', r"\1Renamed ")
    step()
    edit(content / "sources" / "src-00002.yaml", r'^(title:\n  en: ")', r"\1Renamed ")
    step()
    edit(content / "agreements" / "agreement-00001.yaml",
         r'^(title:\n  en: ".*"\n  ar: ")', r"\1معدّل ")
    step()
    edit(content / "pages" / "home.yaml", r'^(intro:\n  en: ")', r"\1Edited. ")
    step()


def test_added_and_deleted_events(preview):
    content, step = preview
    source = content / "events" / "event-00010.yaml"
    added = content / "events" / "event-99999.yaml"
    added.write_text(source.read_text("utf-8").replace('"event-00010"', '"event-99999"'),
                     "utf-8")
    step()
    (content / "events" / "event-00029.yaml").unlink()
    report = step()
    assert report.removed == 2  # its page in both languages


def test_site_title_edit_rewrites_everything_it_touches(preview):
    content, step = preview
    edit(content / "config.yaml", r'^(title:\n  en: ")', r"\1New ")
    step()


def test_a_content_mistake_keeps_the_last_good_pages(preview, tmp_path):
    content, step = preview
    before = tree(tmp_path / "preview-build")
    edit(content / "events" / "event-00001.yaml", r'^standing: ".*"$', 'standing: "rumour"')
    incremental = IncrementalRender(tmp_path / "preview-build")
    with pytest.raises(validation.ContentError):
        incremental(validation.validate(validation.load(content)))
    assert tree(tmp_path / "preview-build") == before


# -- the preview's site: a quick update writes what a full build writes ------------------------

@pytest.fixture
def live(tmp_path, monkeypatch):
    """A live preview (no server) of a small synthetic briefing, after its first, full build."""
    from mkdocs.config import load_config
    from mkdocs.theme import Theme

    from generator.build import Paths, mkdocs_environment
    from generator.serve import Preview

    monkeypatch.setattr(Theme, "get_env", Theme.get_env)  # the preview patches it; restore
    content = synth.generate(12, tmp_path / "site")
    paths = Paths(content=content, build=tmp_path / "preview-build", site=tmp_path / "unused")
    site = tmp_path / "preview-site"
    site.mkdir()

    def get_config():
        return load_config(config_file=str(paths.mkdocs_config), site_dir=str(site), strict=False)

    environment = mkdocs_environment(paths)
    environment.__enter__()
    preview = None
    try:
        preview = Preview(paths, site, get_config)
        preview.rebuild()
        assert preview.last == "Full"
        yield content, preview, site
    finally:
        environment.__exit__(None, None, None)
        if preview is not None:  # no idle collection left to run, nothing left frozen
            preview.collector.pause()
        gc.unfreeze()
        gc.enable()


def full_site(content: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    from generator.build import Paths, build

    site = tmp_path / f"{name}-site"
    build(Paths(content=content, build=tmp_path / f"{name}-build", site=site))
    return tree(site)


@pytest.mark.parametrize("what, file, pattern, replacement", [
    ("event title", "events/event-00005.yaml", r'^(title:\n  en: ")', r"\1Renamed "),
    ("event date", "events/event-00003.yaml", r'^date: ".*"$', 'date: "2031-02-03"'),
    ("actor name", "actors/actor-00001.yaml", r'^(name:\n  en: ")', r"\1New "),
    ("Arabic name", "actors/actor-00002.yaml", r'^(name:\n  en: ".*"\n  ar: ")', r"\1جديد "),
])
def test_quick_update_writes_what_a_full_build_writes(live, tmp_path, what, file, pattern,
                                                      replacement):
    content, preview, site = live
    edit(content / file, pattern, replacement)
    preview.rebuild()
    assert preview.last == "Quick", what
    assert tree(site) == full_site(content, tmp_path, "full"), what


BOTH_TITLES = (r'^(title:\n  en: ")(.*"\n  ar: ")', r"\1Both \2كلاهما ")


def test_a_bilingual_edit_builds_one_language_in_a_child_process(live, tmp_path, monkeypatch):
    import generator.serve

    monkeypatch.setattr(generator.serve, "workers", lambda: 2)
    content, preview, site = live
    edit(content / "events/event-00006.yaml", *BOTH_TITLES)
    preview.rebuild()
    assert preview.last == "Quick"
    assert len(preview.quick.forked) == 1  # the other language was built here meanwhile
    assert tree(site) == full_site(content, tmp_path, "full")


def test_a_failed_child_is_redone_by_the_preview(live, tmp_path, monkeypatch):
    import generator.serve
    from generator.serve import QuickBuild

    def dies(self, *args):
        raise RuntimeError("the child dies")

    monkeypatch.setattr(generator.serve, "workers", lambda: 2)
    monkeypatch.setattr(QuickBuild, "_in_child", dies)
    content, preview, site = live
    edit(content / "events/event-00006.yaml", *BOTH_TITLES)
    preview.rebuild()
    assert preview.last == "Quick"
    assert preview.quick.forked == []
    assert tree(site) == full_site(content, tmp_path, "full")


def test_a_new_page_falls_back_to_a_dirty_build_then_quick_again(live, tmp_path):
    content, preview, site = live
    new = content / "events" / "event-00099.yaml"
    new.write_text((content / "events" / "event-00004.yaml").read_text("utf-8")
                   .replace("event-00004", "event-00099"), "utf-8")
    preview.rebuild()
    assert preview.last == "Partial"  # MkDocs must place the new page
    edit(new, r'^(title:\n  en: ")', r"\1Then ")
    preview.rebuild()
    assert preview.last == "Quick"
    assert tree(site) == full_site(content, tmp_path, "full")


def unreferenced_event(content: Path) -> str:
    """An event no other record names, so deleting it leaves valid content."""
    others = "".join(p.read_text("utf-8") for p in content.rglob("*.yaml")
                     if p.parent.name != "events")
    return next(p.stem for p in sorted((content / "events").glob("*.yaml"))
                if f'"{p.stem}"' not in others)


def test_a_removed_record_leaves_no_page_behind_without_a_full_build(live, tmp_path):
    content, preview, site = live
    gone = unreferenced_event(content)
    assert (site / "events" / gone / "index.html").is_file()
    (content / "events" / f"{gone}.yaml").unlink()
    preview.rebuild()
    assert preview.last == "Partial"  # its pages deleted, then a dirty build: not a full one
    assert not (site / "events" / gone).exists()
    assert not (site / "ar" / "events" / gone).exists()
    assert tree(site) == full_site(content, tmp_path, "full")  # the search indexes included
    edit(content / "events/event-00006.yaml", *BOTH_TITLES)
    preview.rebuild()
    assert preview.last == "Quick"
    assert tree(site) == full_site(content, tmp_path, "again")


def test_garbage_is_collected_when_the_preview_is_idle_not_during_an_edit(live, monkeypatch):
    from generator.serve import _Collector

    def soon(condition) -> bool:
        deadline = time.monotonic() + 10
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.05)
        return condition()

    monkeypatch.setattr(_Collector, "IDLE", 0.2)
    content, preview, site = live
    # once idle after the full build: collected, and its objects frozen out of later collections
    assert soon(lambda: gc.get_freeze_count() > 0 and gc.isenabled())
    collections = []
    gc.callbacks.append(record := lambda phase, info: collections.append(phase))
    try:
        edit(content / "events/event-00006.yaml", *BOTH_TITLES)
        preview.rebuild()
        assert preview.last == "Quick"
        assert collections == [] and not gc.isenabled()  # none while the edit was rebuilt
        assert soon(gc.isenabled) and collections  # then one, once idle
    finally:
        gc.callbacks.remove(record)


def test_edits_that_never_pause_still_get_their_garbage_collected(live, monkeypatch):
    from generator.serve import _Collector

    monkeypatch.setattr(_Collector, "IDLE", 60.0)  # never idle long enough
    content, preview, site = live
    preview.collector.timer.cancel()  # the full build's own idle collection, not this test's
    collected = []
    gc.callbacks.append(record := lambda phase, info: collected.append(phase))
    try:
        edit(content / "events/event-00006.yaml", *BOTH_TITLES)
        preview.rebuild()
        assert collected == []  # owed, not yet due
        monkeypatch.setattr(_Collector, "LONGEST", 0.0)
        edit(content / "events/event-00007.yaml", *BOTH_TITLES)
        preview.rebuild()
        assert "start" in collected and preview.collector.owed is not None  # the next is owed
    finally:
        gc.callbacks.remove(record)


# -- the preview as a command: start-up and stop -----------------------------------------------

def start_preview(content: Path, tmp_path: Path, port: int):
    """``python -m generator serve`` in a process of its own, its temporary folder under
    ``tmp_path/tmp``; returns (process, log file)."""
    import subprocess

    from tests.test_editing_guide import environment

    (tmp_path / "tmp").mkdir(exist_ok=True)
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content),
             "--build-dir", str(tmp_path / "build"), "--port", str(port)],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
            env={**environment(), "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp_path / "tmp")})
    return process, log


def stop(process) -> int:
    import signal
    import subprocess

    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def test_a_port_in_use_is_one_message_before_anything_is_built(mini, tmp_path):
    import socket
    import subprocess

    from tests.test_editing_guide import environment

    with socket.socket() as taken:  # another program (an earlier preview) listens there
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--content", str(mini),
             "--build-dir", str(tmp_path / "build"), "--port", str(port)],
            cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=300)
    said = (done.stdout + done.stderr).strip().splitlines()
    assert done.returncode != 0
    assert len(said) == 1, said  # one line, no traceback
    assert f"port {port} is already in use" in said[0]
    assert "--port" in said[0] and "make serve PORT=" in said[0]
    assert not (tmp_path / "build").exists()  # it said so before building


def test_started_on_a_content_mistake_the_preview_waits_for_the_fix(mini, tmp_path):
    from tests.test_editing_guide import fetch, free_port, wait_for

    event = mini / "events" / "visit.yaml"
    original = event.read_text("utf-8")
    event.write_text(original.replace('date: "2022-07~"', 'date: "July 2022"'), "utf-8")
    port = free_port()
    process, log = start_preview(mini, tmp_path, port)
    try:
        wait_for(lambda: "Waiting for the content to be fixed" in log.read_text()
                 or process.poll() is not None, "the preview's message")
        assert process.poll() is None, log.read_text()  # still there, waiting
        said = log.read_text()
        assert ":2:7: date: 'July 2022' is not a date" in said
        assert "Serving on" not in said
        event.write_text(original, "utf-8")  # the editor fixes the file: the preview starts
        page = wait_for(lambda: fetch(f"http://127.0.0.1:{port}/events/visit/"), "the page")
        assert "A delegation from Beta visits Alpha" in page
        assert f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)" in log.read_text()
    finally:
        assert stop(process) == 0, log.read_text()  # Ctrl+C still stops it cleanly
    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP"])
def test_kill_or_a_closed_terminal_cleans_up_as_ctrl_c_does(mini, tmp_path, how):
    """``kill`` sends SIGTERM; closing the terminal, SIGHUP. Either used to leave the preview's
    temporary site (megabytes) in /tmp each time."""
    import signal

    from tests.test_editing_guide import free_port, wait_for

    process, log = start_preview(mini, tmp_path, free_port())
    try:
        wait_for(lambda: "Serving on" in log.read_text() or process.poll() is not None,
                 "the server")
        assert process.poll() is None, log.read_text()
        assert list((tmp_path / "tmp").glob("briefing-serve-*"))  # its site, while it runs
        process.send_signal(getattr(signal, how))
        assert process.wait(timeout=60) == 0, log.read_text()
    finally:
        stop(process)
    assert list((tmp_path / "tmp").iterdir()) == []
    assert "Traceback" not in log.read_text()


def test_the_preview_shows_real_warnings_and_not_mkdocs_routine():
    """Its terminal drops MkDocs' routine (tests/test_editing_guide.py watches a real one), and
    never what an editor must act on: a broken link, a content problem, a failed rebuild."""
    import logging

    from generator.serve import _PreviewLog

    def shown(logger: str, level: int, message: str) -> bool:
        record = logging.LogRecord(logger, level, __file__, 1, message, None, None)
        return _PreviewLog().filter(record)

    assert shown("mkdocs.structure.pages", logging.WARNING,
                 "Doc file 'en/index.md' contains a link 'events/gone.md', but the target "
                 "'en/events/gone.md' is not found among documentation files.")
    assert shown("mkdocs.briefing.serve", logging.ERROR,
                 "content/events/visit.yaml:2:7: date: 'July 2022' is not a date")
    assert shown("mkdocs.livereload", logging.ERROR, "[10:00:00] An error happened during "
                 "the rebuild. The server will appear stuck until build errors are resolved.")
    assert shown("mkdocs.livereload", logging.WARNING, '[10:00:00] "GET /x/ HTTP/1.1" code 404')
    assert shown("mkdocs.briefing.serve", logging.INFO, "Quick build: 2 Markdown files written")
    assert not shown("mkdocs.commands.build", logging.WARNING,
                     "A 'dirty' build is being performed, this will likely lead to inaccurate "
                     "navigation and other links within your site.")
    assert not shown("mkdocs.structure.nav", logging.INFO, "The following pages exist in the "
                     'docs directory, but are not included in the "nav" configuration:')
    assert not shown("mkdocs.plugins.static_i18n", logging.INFO,
                     "mkdocs_static_i18n: Building 'en' documentation to directory: /tmp/x")
    assert not shown("mkdocs.livereload", logging.INFO, "[10:00:00] Browser connected: "
                     "http://127.0.0.1:8000/")
