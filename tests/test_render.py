"""Rendering writes only what changed, removes what is gone, and keeps content text inert."""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
from pathlib import Path

import pytest

from generator.briefing import Briefing
from generator.render import render
from generator.validate import load_and_validate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth  # noqa: E402  (bench/synth.py: the benchmark's synthetic content)


def test_second_render_rewrites_nothing(mini, tmp_path):
    out = tmp_path / "build"
    first = render(load_and_validate(mini), out)
    assert first.written > 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.md")}
    second = render(load_and_validate(mini), out)
    assert second.written == 0 and second.unchanged == first.pages
    assert stamps == {p: p.stat().st_mtime_ns for p in out.rglob("*.md")}


def test_changed_record_rewrites_its_pages_only_and_removed_record_disappears(mini, tmp_path):
    out = tmp_path / "build"
    render(load_and_validate(mini), out)
    (mini / "events" / "visit.yaml").unlink()
    home = mini / "pages" / "home.yaml"
    report = render(load_and_validate(mini), out)
    assert not (out / "docs" / "en" / "events" / "visit.md").exists()
    assert not (out / "docs" / "ar" / "events" / "visit.md").exists()
    assert report.removed == 2
    assert home.exists()


def test_every_language_has_the_same_pages(mini, tmp_path):
    out = tmp_path / "build"
    render(load_and_validate(mini), out)
    en = {p.relative_to(out / "docs" / "en") for p in (out / "docs" / "en").rglob("*.md")}
    ar = {p.relative_to(out / "docs" / "ar") for p in (out / "docs" / "ar").rglob("*.md")}
    assert en == ar and len(en) > 10


def test_generated_config_lists_sections_not_events(mini, tmp_path):
    import yaml
    out = tmp_path / "build"
    render(load_and_validate(mini), out)
    config = yaml.safe_load((out / "mkdocs.generated.yml").read_text("utf-8"))
    paths = [next(iter(entry.values())) for entry in config["nav"]]
    assert "timeline.md" in paths and "methodology.md" in paths
    assert not any(p.startswith("events/") for p in paths)
    ar = config["plugins"]["i18n"]["languages"][1]
    assert ar["locale"] == "ar" and ar["site_name"] == "التعاون بين ألفا وبيتا"
    assert ar["nav_translations"]["Timeline"] == "الخط الزمني"


# -- dates and counted words, as a reader reads them ----------------------------------------

ARABIC_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                 "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
OTHER_SERIES = ["كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                "تشرين", "يوليوز", "غشت", "شتنبر", "نونبر", "دجنبر", "جانفي", "فيفري", "أفريل",
                "جوان", "جويلية", "أوت", "ماي"]


def _context(briefing, lang):
    from generator.render.context import PageContext
    return PageContext(briefing, lang, "timeline.md")


def test_dates_read_at_the_precision_the_data_has(mini):
    b = load_and_validate(mini)
    en, ar = _context(b, "en"), _context(b, "ar")
    expected = {
        "2022-09": ("September 2022", "سبتمبر 2022"),
        "2022-07~": ("about July 2022", "نحو يوليو 2022"),
        "2021-11-24": ("24 November 2021", "24 نوفمبر 2021"),
        "2022": ("2022", "2022"),
        "2025-02?": ("February 2025 (uncertain)", "فبراير 2025 (تاريخ غير مؤكد)"),
        "2022-09-12/2022-09-15": ("12–15 September 2022", "12–15 سبتمبر 2022"),
    }
    for text, (in_english, in_arabic) in expected.items():
        assert (en.date(text), ar.date(text)) == (in_english, in_arabic)


def test_arabic_months_are_one_series_with_western_digits(mini):
    ar = _context(load_and_validate(mini), "ar")
    assert [ar.date(f"2022-{m:02d}") for m in range(1, 13)] == [
        f"{name} 2022" for name in ARABIC_MONTHS]
    assert ar.date("2023-03-07") == "7 مارس 2023"


def test_every_arabic_page_of_the_briefing_uses_that_one_series():
    """Outside verbatim quotations (lines starting with >), no other month names appear."""
    from generator.render import render_pages

    from .conftest import ROOT
    b = load_and_validate(ROOT / "content")
    found = []
    for path, text in render_pages(b, "ar"):
        for line in text.splitlines():
            if line.startswith(">"):
                continue
            found += [(path, name) for name in OTHER_SERIES
                      if re.search(rf"(?<!\w){name}(?!\w)", line)]
    assert found == []


def test_counts_follow_each_language_plural_rules(mini):
    b = load_and_validate(mini)
    en, ar = _context(b, "en"), _context(b, "ar")
    assert [en.count("events", n) for n in (1, 2, 11)] == ["1 event", "2 events", "11 events"]
    assert [ar.count("events", n) for n in (0, 1, 2, 3, 11, 100)] == [
        "لا أحداث", "حدث واحد", "حدثان", "3 أحداث", "11 حدثًا", "100 حدث"]
    assert ar.count("agreements", 2) == "اتفاقيتان"


def test_previous_and_next_point_the_reading_way(mini):
    from generator.render import render_pages
    b = load_and_validate(mini)
    en = dict(render_pages(b, "en"))["events/visit.md"]
    ar = dict(render_pages(b, "ar"))["events/visit.md"]
    assert "← Previous event: [Alpha and Beta sign a defence memorandum]" in en
    assert "→ الحدث السابق: [ألفا وبيتا توقعان مذكرة دفاعية]" in ar


def test_links_between_pages_are_the_relative_paths_posixpath_would_give():
    import posixpath

    from generator.render.context import relative
    targets = ["index.md", "timeline.md", "events/a.md", "actors/index.md", "a/b/c.md",
               "events/a", "events"]
    folders = ["", "events", "actors", "x/y", "events/a"]
    for target in targets:
        for folder in folders:
            assert relative(target, folder) == posixpath.relpath(target, folder or ".")


def test_templates_call_and_print_as_jinja_promises():
    """The render's own calls and prints (generator/render/environment.py) keep Jinja2's rules:
    a method marked ``pass_context`` still gets the context, in a loop too; what is printed is
    inert; an empty value prints nothing; a macro's Markdown is printed as made."""
    from jinja2 import pass_context

    from generator.render.environment import environment

    class Helper:
        @pass_context
        def named(self, context, suffix):
            return context["name"] + suffix

        def plain(self, text):
            return text

    template = environment().from_string(
        "{% macro em(x) %}*{{ x }}*{% endmacro %}"
        "{{ h.named('a') }} {% for i in [1] %}{{ h.plain('*b* <i>') }}|{{ h.named('c') }}"
        "{% endfor %}|{{ nothing }}|{{ em('d_e') }}")
    assert template.render(h=Helper(), name="N", nothing=None) == (
        r"Na \*b\* \<i\>|Nc||*d\_e*")


# -- a large render is shared between processes: same files as one process writes -------------

def _tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_lists_of_actors_follow_their_names_in_each_language():
    """The actors index and an actor's members are listed as a reader looks a name up: in the
    alphabetical order of the names shown, not of the ids in the files."""
    from generator.render import render_page
    from generator.render.context import Words
    from generator.render.kinds import ActorIndexRenderer, ActorRenderer

    b = load_and_validate(Path(__file__).resolve().parent.parent / "content")
    index = next(ActorIndexRenderer().pages(b))
    morocco = next(p for p in ActorRenderer().pages(b) if p.path == "actors/morocco.md")
    for lang in b.languages:
        for page in (index, morocco):
            text = render_page(b, lang, page)
            sections = re.split(r"\n## ", text)[1:]
            if page is morocco:  # its members; the actors named with it go most shared first
                members = Words.of(lang).nav["actors"]
                sections = [s for s in sections if s.startswith(members + "\n")]
            listed = [re.findall(r"(?m)^- \[([^\]]+)\]", s) for s in sections]
            listed = [names for names in listed if len(names) > 2]
            assert listed, (lang, page.path)
            for names in listed:
                key = {"en": lambda name: re.sub("^the ", "", name.casefold()),
                       "ar": lambda name: re.sub("[أإآٱ]", "ا", re.sub("^ال(?=.)", "", name))}
                assert names == sorted(names, key=key[lang]), (lang, page.path, names)
    ids = [a.id for a in b.actors.values() if a.country == "morocco" or
           a.affiliation == "morocco"]
    names = [b.actors[i].name.en for i in ids]
    assert names != sorted(names, key=str.casefold)  # the files' order is not the names'


def test_lists_mark_the_records_whose_sources_differ():
    """The briefing promises to show where the sources disagree: each event in the timeline and
    each agreement in a list says so beside its standing when its page has a section on it, and
    only then, in the page's language, with what it means in its tooltip."""
    from generator.render import render_page
    from generator.render.kinds import ActorRenderer, TimelineRenderer

    b = load_and_validate(Path(__file__).resolve().parent.parent / "content")
    differ = {"en": ("Sources differ", "the sources give different accounts"),
              "ar": ("المصادر تختلف", "تختلف روايات المصادر")}
    timeline = next(TimelineRenderer().pages(b))
    morocco = next(p for p in ActorRenderer().pages(b) if p.path == "actors/morocco.md")
    for lang, (word, help_text) in differ.items():
        text = render_page(b, lang, timeline)
        for event in b.events.values():
            item = re.search(rf'<li>.*?href="[^"]*events/{event.id}/".*?</li>', text)
            assert item, (lang, event.id)
            marked = re.search(rf'<span class="badge differ" title="{help_text}[^"]*"[^>]*>'
                               rf"{word}</span>", item.group(0))
            assert bool(marked) == bool(event.conflicts), (lang, event.id, item.group(0))
        lines = [line for line in render_page(b, lang, morocco).splitlines()
                 if re.search(r"\]\(<\.\./agreements/", line)]
        assert lines, lang
        for line in lines:
            agreement = re.search(r"\.\./agreements/([^/>]+)\.md", line).group(1)
            assert (word in line) == bool(b.agreements[agreement].conflicts), (lang, line)
    assert any(e.conflicts for e in b.events.values())
    assert any(a.conflicts for a in b.agreements.values())


def test_arabic_lists_file_a_name_under_its_word_not_its_article():
    """As Arabic indexes and the United Nations' lists of states do, «ال» at the start of a
    name is passed over: Bahrain «البحرين» is under ب, between Iran «إيران» and Algeria
    «الجزائر», not among the alefs with Israel «إسرائيل»."""
    from generator.render import render_page
    from generator.render.kinds import ActorIndexRenderer

    b = load_and_validate(Path(__file__).resolve().parent.parent / "content")
    text = render_page(b, "ar", next(ActorIndexRenderer().pages(b)))
    states = [name for name in re.findall(r"(?m)^- \[([^\]]+)\]", text)
              if name in {"إسرائيل", "الإمارات العربية المتحدة", "إيران", "البحرين", "الجزائر",
                          "السودان", "مصر", "المغرب", "الولايات المتحدة"}]
    assert states == ["إسرائيل", "الإمارات العربية المتحدة", "إيران", "البحرين", "الجزائر",
                      "السودان", "مصر", "المغرب", "الولايات المتحدة"]


def test_arabic_paragraphs_isolate_notations_and_stay_inert():
    """In right-to-left text a date notation or an address is set left to right on its own
    (a ``<bdi>``, so copying it copies no hidden character); everything else stays inert text,
    and left-to-right text is left as it was."""
    import markdown as python_markdown

    from generator import markdown

    text = "كُتب <b>2022-09-12/2022-09-15</b> و[x](javascript:1) و/events/a-2021/ و50% وElbit."
    made = python_markdown.Markdown(extensions=["pymdownx.escapeall"], extension_configs={
        "pymdownx.escapeall": {"hardbreak": False, "nbsp": False}}).convert(
        markdown.paragraphs(text, rtl=True))
    assert made == ('<p>كُتب &lt;b&gt;<bdi dir="ltr">2022-09-12/2022-09-15</bdi>&lt;/b&gt; '
                    'و[x](javascript:1) و<bdi dir="ltr">/events/a-2021/</bdi> و50% وElbit.</p>')
    assert markdown.paragraphs(text) == markdown.inline(text)
    assert markdown.paragraphs("عام 2022\n\nفي 12 سبتمبر", rtl=True) == "عام 2022\n\nفي 12 سبتمبر"


def test_render_shared_between_processes_writes_the_same_files(mini, tmp_path, monkeypatch):
    import generator.render as rendering

    briefing = load_and_validate(mini)
    one = render(briefing, tmp_path / "one", processes=1)
    monkeypatch.setattr(rendering, "PARALLEL_MIN", 1)  # the mini briefing is small
    monkeypatch.setattr(rendering, "_can_fork", lambda: True)  # other tests' threads may linger
    ran = []
    real = rendering._render_parallel
    monkeypatch.setattr(rendering, "_render_parallel", lambda *a: ran.append(1) or real(*a))
    shared = render(briefing, tmp_path / "shared", processes=2)
    assert ran  # the shared path did run
    assert _tree(tmp_path / "one") == _tree(tmp_path / "shared")
    assert (shared.pages, shared.written, shared.unchanged) == (one.pages, one.written, 0)
    # again with nothing changed: nothing rewritten; then a removed record's pages are pruned
    again = render(briefing, tmp_path / "shared", processes=2)
    assert (again.written, again.unchanged) == (0, one.pages)
    (mini / "events" / "visit.yaml").unlink()
    pruned = render(load_and_validate(mini), tmp_path / "shared", processes=2)
    assert pruned.removed == 2
    assert not (tmp_path / "shared" / "docs" / "en" / "events" / "visit.md").exists()


def test_processes_keep_to_their_language_and_share_the_rest():
    """Pages are listed language by language: two processes going at the same pace render one
    language each; one that runs out takes the second half of what the other has left."""
    from generator.render.shares import Shares

    even = Shares(10, 2)
    first, second = even.claims(0), even.claims(1)
    taken = {0: [], 1: []}
    for a, b in itertools.zip_longest(first, second):
        taken[0] += [a] if a is not None else []
        taken[1] += [b] if b is not None else []
    assert taken == {0: [0, 1, 2, 3, 4], 1: [5, 6, 7, 8, 9]}

    busy = Shares(10, 2)  # the parent writes the downloads first: the child goes on alone
    child = busy.claims(1)
    assert [next(child) for _ in range(5)] == [5, 6, 7, 8, 9]  # its language
    parent = busy.claims(0)
    assert [next(parent), next(parent)] == [0, 1]
    assert next(child) == 3  # out of its own: the second half of 2-4, which the parent left
    assert next(parent) == 2
    assert next(child) == 4
    assert list(parent) == list(child) == []  # every page claimed, each once
    assert busy.taken_by(0) == [0, 1, 2] and busy.taken_by(1) == [3, 4, 5, 6, 7, 8, 9]


def test_a_render_child_that_dies_has_its_share_rendered_here(mini, tmp_path, monkeypatch):
    """A child killed halfway (out of memory, say) leaves part of its share written; the
    parent renders the whole share again and the files are those of a one-process render."""
    import generator.render as rendering

    briefing = load_and_validate(mini)
    render(briefing, tmp_path / "one", processes=1)
    monkeypatch.setattr(rendering, "PARALLEL_MIN", 1)
    monkeypatch.setattr(rendering, "_can_fork", lambda: True)
    real = rendering._write_pages

    def dies_halfway(briefing, jobs, updated, root, counter=None, meter=None):
        if meter is None and counter is not None:  # a child's share
            jobs = iter(jobs)
            real(briefing, itertools.islice(jobs, 3), updated, root)
            lang, page = next(jobs)
            (root / lang / page.path).write_text("half-written")  # a file cut short
            os._exit(9)
        return real(briefing, jobs, updated, root, counter, meter)

    monkeypatch.setattr(rendering, "_write_pages", dies_halfway)
    redone = []
    taken_by = rendering.Shares.taken_by
    monkeypatch.setattr(rendering.Shares, "taken_by",
                        lambda self, k: redone.append(taken_by(self, k)) or redone[-1])
    render(briefing, tmp_path / "shared", processes=2)
    assert len(redone) == 1 and len(redone[0]) == 4  # the child's pages, rendered again here
    assert _tree(tmp_path / "one") == _tree(tmp_path / "shared")



def test_render_workers_follow_the_environment(monkeypatch):
    import generator.render as rendering

    monkeypatch.setenv("BRIEFING_RENDER_WORKERS", "1")
    assert rendering.workers() == 1
    monkeypatch.setenv("BRIEFING_RENDER_WORKERS", "3")
    assert rendering.workers() == 3
    monkeypatch.setenv("BRIEFING_RENDER_WORKERS", "many")
    assert rendering.workers() >= 1


# -- lists of events are raw HTML: what Markdown made of the same entries ----------------------

def served(link: str, page: str) -> str:
    """The URL MkDocs makes of a Markdown link (``link`` + ".md") on ``page``: folder URLs."""
    import posixpath

    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link))
    return posixpath.relpath(f"/{target}/", f"/{page.removesuffix('.md')}/") + "/"


def test_event_lists_are_the_html_markdown_makes_of_their_entries(mini):
    """Pages list events as HTML (long lists' Markdown was slow to convert in the live
    preview); each entry must read exactly as its Markdown did, hostile text included."""
    import markdown as python_markdown

    from generator import markdown
    from generator.render import render_pages
    from generator.render.context import PageContext

    visit = mini / "events" / "visit.yaml"
    hostile = "A & B <script>x</script> &amp; *star* [a](javascript:x) \\back_1_ {{ 7 }}"
    visit.write_text(visit.read_text("utf-8").replace(
        '"A delegation from Beta visits Alpha"', json.dumps(hostile)), "utf-8")
    b = load_and_validate(mini)
    assert b.events["visit"].title.en == hostile
    convert = python_markdown.Markdown(extensions=["pymdownx.escapeall", "attr_list"],
                                       extension_configs={"pymdownx.escapeall": {
                                           "hardbreak": False, "nbsp": False}})
    newest_first = list(b.events.values())[::-1]
    area = b.events["visit"].areas[0]
    lists = {"timeline.md": (newest_first, True),  # (events, with their areas)
             f"areas/{area}.md": (b.events_by["area"][area], False)}
    for lang in ("en", "ar"):
        pages = dict(render_pages(b, lang))
        for path, (events, areas) in lists.items():
            c = PageContext(b, lang, path)
            entries = "\n".join(
                f"- **{markdown.inline(c.date(e))}** · {c.link('events', e.id)} "
                f"{c.standing(e.standing)}{c.differ(e)}"
                + (f" · {c.links('areas', e.areas)}" if areas and e.areas else "")
                for e in events)
            made = convert.reset().convert(entries)  # MkDocs then makes each .md link a URL
            made = re.sub(r'href="([^"]+)\.md"', lambda m, p=path: f'href="{served(m[1], p)}"',
                          made)
            written = re.findall(r"(?m)^<li>.*</li>$", pages[path])
            assert written == re.findall(r"(?m)^<li>.*</li>$", made), (lang, path)
            assert len(written) == len(events) > 0
        if lang == "en":
            assert ('">A &amp; B &lt;script&gt;x&lt;/script&gt; &amp;amp; *star* '
                    '[a](javascript:x) \\back_1_ {{ 7 }}</a>') in pages["timeline.md"]


def test_an_actor_named_with_many_lists_the_most_shared_and_counts_the_others(tmp_path,
                                                                              monkeypatch):
    """A country named with nearly every actor lists those it shares most events and
    agreements with, up to the limit, and says how many others there are, in both languages;
    an actor with no more partners than the limit lists them all."""
    from collections import Counter

    from generator.render.kinds import ActorRenderer

    briefing = load_and_validate(synth.generate(300, tmp_path))
    groups = [set(e.actors) for e in briefing.events.values()] + [
        {*a.parties, *a.signatories} for a in briefing.agreements.values()]

    def shared_with(actor: str) -> list[str]:  # the rule, counted here from the records
        counts = Counter(other for group in groups if actor in group
                         for other in group - {actor})
        return sorted(counts, key=lambda other: (-counts[other], other))

    partners = shared_with("state-0")
    few = min((a for a in briefing.actors if a.startswith("actor-")),
              key=lambda a: (len(shared_with(a)), a))
    limit = len(shared_with(few))
    assert len(partners) > limit + 5
    monkeypatch.setattr(ActorRenderer, "PARTNERS_LISTED", limit)
    render(briefing, tmp_path / "build", processes=1)

    def section(lang: str, actor: str) -> str:  # as read: the Markdown's escapes undone
        page = (tmp_path / "build" / "docs" / lang / "actors" / f"{actor}.md").read_text("utf-8")
        heading = ("Named in the same events or agreements" if lang == "en"
                   else "فاعلون ذُكروا في الأحداث أو الاتفاقيات نفسها")
        return re.sub(r"\\(.)", r"\1",
                      page.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0])

    def listed(lang: str, actor: str) -> list[str]:
        return re.findall(r"\(<([^>]+)\.md>\)", section(lang, actor))

    assert listed("en", "state-0") == listed("ar", "state-0") == partners[:limit]
    others = len(partners) - limit
    assert (f"Not listed here: the other actors named with Aldoria less often ({others} "
            "actors); each one's page lists its connections.") in section("en", "state-0")
    assert 3 <= others <= 99  # Arabic counts 3-10 with a plural, 11-99 with a singular
    counted = f"{others} فاعلين" if others <= 10 else f"{others} فاعلًا"
    assert (f"لا يُدرج هنا بقية الفاعلين الأقل ذكرًا مع ألدوريا ({counted})؛"
            in section("ar", "state-0"))
    assert listed("en", few) == listed("ar", few) == shared_with(few)
    assert "Not listed here" not in section("en", few)


def test_related_events_are_those_sharing_most_actors_then_nearest_in_time(tmp_path):
    """Checked against the rule written out in full (every other event ranked) on a synthetic
    briefing whose big actors take part in most events, so counts tie often."""
    assert_related_ranked_in_full(load_and_validate(synth.generate(300, tmp_path)))


@pytest.mark.parametrize("heavy", [64, 3])
@pytest.mark.parametrize("days", [None, 7])
def test_related_events_when_two_countries_are_in_every_event(tmp_path, monkeypatch, heavy,
                                                              days):
    """As in a real briefing, where both countries take part in nearly every event: their
    events are not counted one by one (Briefing.HEAVY), and the ranking stays the same. With
    the limit at 3, most actors are heavy and most rankings come from the walk in time; with
    every event on one of seven days, most candidates tie on distance."""
    content = synth.generate(300, tmp_path)
    for path in (content / "events").glob("*.yaml"):
        text = path.read_text("utf-8")
        head, rest = text.split("actors:\n", 1)
        listed = re.match(r'((?:  - "[^"]+"\n)+)', rest)[1]
        actors = {*re.findall(r'"([^"]+)"', listed), "state-0", "state-1"}
        if days:
            n = int(path.stem.rsplit("-", 1)[1])
            head = re.sub(r'(?m)^date: ".*"$', f'date: "2020-01-0{n % days + 1}"', head)
        path.write_text(head + "actors:\n" + "".join(f'  - "{a}"\n' for a in sorted(actors))
                        + rest[len(listed):], "utf-8")
    monkeypatch.setattr(Briefing, "HEAVY", heavy)
    briefing = load_and_validate(content)
    assert len(briefing.events_by["actor"]["state-0"]) == len(briefing.events) == 300
    assert not days or len(set(briefing._day.values())) == days
    assert_related_ranked_in_full(briefing)


def assert_related_ranked_in_full(briefing) -> None:
    day = briefing._day
    for event in briefing.events.values():
        shared = {other.id: sum(a in other.actors for a in event.actors)
                  for other in briefing.events.values() if other.id != event.id}
        ranked = sorted((i for i, n in shared.items() if n),
                        key=lambda i: (-shared[i], abs(day[i] - day[event.id]), i))
        for limit in (3, 5):
            assert [e.id for e in briefing.related(event, limit)] == ranked[:limit], event.id
