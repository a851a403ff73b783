"""Long lists of events: each year's events on a page of their own, as a reader follows them.

From ``context.YEAR_PAGES_FROM`` events on (500; lowered here so that the small fixture
reaches it), the timeline keeps its picture and every year's heading, whose ``#year`` anchor
readers cite, with a link to the year's page; each year's page lists that year's events and
leads to the years on either side. An area of cooperation or an actor with that many events
does the same: its page links to one page per year; and so do the sources and the agreements,
whose indexes then link to a page per year, each with the index's table. Below it all stay one
page (the golden files).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.render import all_pages, context, render_page, render_pages
from generator.validate import load_and_validate
from tests.conftest import edit, run_cli
from tests.test_pictures import add_event, figure

EVENT_LINK = re.compile(r'href="\.\./\.\./events/([^/"]+)/"')  # from timeline/<year>/
AREA_EVENT_LINK = re.compile(r'href="\.\./\.\./\.\./events/([^/"]+)/"')  # areas/<a>/<year>/


@pytest.fixture
def long_timeline(mini, monkeypatch):
    """The mini fixture (2021, 2022) plus events in 2019 and 2024: four years, one empty."""
    add_event(mini, "early", "2019-03-02")
    add_event(mini, "late", "2024-06-01")
    add_event(mini, "later", "2024-09~")
    monkeypatch.setattr(context, "YEAR_PAGES_FROM", 5)
    return mini


def heading(page: str) -> str:
    """The page's title, after its front matter if it has one."""
    return next(line[2:] for line in page.splitlines() if line.startswith("# "))


def pages(content, lang: str) -> dict[str, str]:
    return dict(render_pages(load_and_validate(content), lang))


def test_each_year_gets_a_page_listing_exactly_its_events(long_timeline):
    briefing = load_and_validate(long_timeline)
    by_year: dict[str, set[str]] = {}
    for event_id, event in briefing.events.items():
        by_year.setdefault(f"timeline/{briefing.when(event).year}.md", set()).add(event_id)
    for lang in ("en", "ar"):
        found = pages(long_timeline, lang)
        years = {path for path in found if path.startswith("timeline/")}
        assert years == set(by_year) == {"timeline/2019.md", "timeline/2021.md",
                                         "timeline/2022.md", "timeline/2024.md"}
        for path in years:
            assert set(EVENT_LINK.findall(found[path])) == by_year[path], (lang, path)


def test_the_timeline_keeps_each_years_heading_with_a_link_to_its_page(long_timeline):
    text = pages(long_timeline, "en")["timeline.md"]
    assert "<li>" not in text, "no event listed on the timeline itself"
    assert "[2024](<#2024>) (2)" in text, "the years' index still leads to the headings"
    for year, count in (("2024", "2 events"), ("2022", "1 event"), ("2019", "1 event")):
        assert f"\n## {year}\n\n[All {count} of {year}](<timeline/{year}.md>)\n" in text
    assert "<figure" in text, "the picture stays"
    arabic = pages(long_timeline, "ar")["timeline.md"]
    assert "[جميع أحداث 2024 \\(حدثان\\)](<timeline/2024.md>)" in arabic


def test_a_years_page_leads_to_the_years_on_either_side_and_back(long_timeline):
    en, ar = pages(long_timeline, "en"), pages(long_timeline, "ar")
    page = en["timeline/2021.md"]
    assert page.splitlines()[0] == "# Timeline\\: 2021"
    assert ("1 event · [Timeline](<../timeline.md>) · ← Earlier year: [2019](<2019.md>) · "
            "Later year: [2022](<2022.md>) →") in page
    assert "Earlier year" not in en["timeline/2019.md"], "the first year has none before it"
    assert "Later year" not in en["timeline/2024.md"], "nor the last one after it"
    assert ar["timeline/2021.md"].splitlines()[0] == "# الخط الزمني\\: 2021"
    assert ("→ السنة السابقة: [2019](<2019.md>) · السنة التالية: [2022](<2022.md>) ←"
            in ar["timeline/2021.md"])


def test_a_short_timeline_stays_one_page(mini):
    found = pages(mini, "en")
    assert not [path for path in found if path.startswith("timeline/")]
    assert found["timeline.md"].count("<li>") == 2, "every event listed on the timeline"


def built_year_page(content, tmp_path, path: str) -> tuple[Path, str, str]:
    """Build the site from ``content``: its folder, and the English and Arabic HTML of the page
    at ``path`` ("timeline/2024"), checked to be right to left in Arabic and to switch to each
    other."""
    site = tmp_path / "site"
    result = run_cli("build", "--content", str(content), "--build-dir",
                     str(tmp_path / "build"), "--site", str(site))
    assert result.exit_code == 0, result.output
    english = (site / path / "index.html").read_text("utf-8")
    arabic = (site / "ar" / path / "index.html").read_text("utf-8")
    up = "../" * (path.count("/") + 1)  # from the page's folder to the site's root
    assert '<html lang="ar" class="no-js" dir="rtl">' in arabic
    assert f'href="{up}ar/{path}/" hreflang="ar"' in english
    assert f'href="../{up}{path}/" hreflang="en"' in arabic
    return site, english, arabic


def test_year_pages_are_built_in_both_languages_and_switch_to_each_other(long_timeline,
                                                                         tmp_path):
    site, english, _ = built_year_page(long_timeline, tmp_path, "timeline/2024")
    assert 'href="../../events/late/"' in english and 'href="../../events/later/"' in english
    timeline = (site / "timeline" / "index.html").read_text("utf-8")
    assert 'id="2024"' in timeline and 'href="2024/"' in timeline


@pytest.fixture
def year_pages(monkeypatch):
    monkeypatch.setattr(context, "YEAR_PAGES_FROM", 10)


def test_the_preview_moves_an_edited_event_to_its_new_years_page(year_pages, preview,
                                                                 tmp_path):
    """Each step of the live preview writes what a full render writes (the fixture checks)."""
    content, step = preview
    briefing = load_and_validate(content)
    years = [briefing.when(event).year for event in briefing.events.values()]
    moved = next(e for e, y in zip(briefing.events, years, strict=True) if years.count(y) > 1)
    old_year = years[list(briefing.events).index(moved)]
    edit(content / "events" / f"{moved}.yaml", r'^date: ".*"$', 'date: "2031-12-30"')
    report = step()
    assert {f"en/timeline/{old_year}.md", f"ar/timeline/{old_year}.md", "en/timeline/2031.md",
            "ar/timeline/2031.md", "en/timeline.md"} <= set(report.changed)
    year_page = tmp_path / "preview-build" / "docs" / "en" / "timeline" / f"{old_year}.md"
    assert f"/{moved}/" not in year_page.read_text("utf-8")


def test_the_preview_removes_the_page_of_a_year_left_without_events(year_pages, preview):
    content, step = preview
    edit(content / "events" / "event-00029.yaml", r'^date: ".*"$', 'date: "2031-12-30"')
    step()
    (content / "events" / "event-00029.yaml").unlink()  # no other record names it
    report = step()
    assert {"en/timeline/2031.md", "ar/timeline/2031.md"} <= set(report.gone)


# --- an area of cooperation with many events ---------------------------------------------------

@pytest.fixture
def long_area(mini, monkeypatch):
    """Training gets six events (2019, 2021 twice, 2024 three times), over the limit of five;
    intelligence keeps its one event."""
    for event_id, date in (("early", "2019-03-02"), ("course", "2021-02-01"),
                           ("late", "2024-06-01"), ("later", "2024-09~"),
                           ("latest", "2024-12-30")):
        add_event(mini, event_id, date)
    monkeypatch.setattr(context, "YEAR_PAGES_FROM", 5)
    return mini


def test_an_areas_events_are_listed_a_year_per_page_in_both_languages(long_area):
    briefing = load_and_validate(long_area)
    by_year: dict[str, set[str]] = {}
    for event in briefing.events.values():
        if "training" in event.areas:
            by_year.setdefault(f"areas/training/{briefing.when(event).year}.md",
                               set()).add(event.id)
    assert sum(map(len, by_year.values())) == 6
    for lang in ("en", "ar"):
        found = pages(long_area, lang)
        years = {path for path in found if path.startswith("areas/training/")}
        assert years == set(by_year) == {"areas/training/2019.md", "areas/training/2021.md",
                                         "areas/training/2024.md"}
        for path in years:
            assert set(AREA_EVENT_LINK.findall(found[path])) == by_year[path], (lang, path)
        assert not [p for p in found if p.startswith("areas/intelligence/")], \
            "an area with few events stays one page"
        assert "<li>" in found["areas/intelligence.md"]


def test_the_area_page_links_to_its_years_newest_first_and_lists_no_event(long_area):
    page = pages(long_area, "en")["areas/training.md"]
    assert "<li>" not in page and "Events by year" not in page
    events = page.split("\n## Events\n", 1)[1]
    assert events.strip().splitlines() == [
        "- [All 3 events of 2024](<training/2024.md>)",
        "- [All 2 events of 2021](<training/2021.md>)",
        "- [All 1 event of 2019](<training/2019.md>)"]
    assert "## Agreements" in page, "the area's agreements stay on its page"
    arabic = pages(long_area, "ar")["areas/training.md"]
    assert "- [جميع أحداث 2024 \\(3 أحداث\\)](<training/2024.md>)" in arabic


def test_an_areas_year_page_is_named_for_the_area_and_leads_to_its_other_years(long_area):
    en, ar = pages(long_area, "en"), pages(long_area, "ar")
    page = en["areas/training/2021.md"]
    assert heading(page) == "Training\\: 2021"
    assert ("2 events · [Training](<../training.md>) · ← Earlier year: [2019](<2019.md>) · "
            "Later year: [2024](<2024.md>) →") in page
    assert page.index("/course/") < page.index("/mou-signed/"), "oldest first, as on the area"
    assert heading(ar["areas/training/2021.md"]) == "التدريب\\: 2021"
    assert "[التدريب](<../training.md>)" in ar["areas/training/2021.md"]


def matrix_cells(content) -> dict[str, str]:
    """{a cell's title: where it links} in the English areas matrix."""
    return {a.find("title").text: a.get("href")
            for a in figure(content, "en", "areas/index.md").iter("a")
            if a.find("title") is not None}


def test_the_matrix_cells_lead_to_the_areas_year_pages(long_area, monkeypatch):
    cells = matrix_cells(long_area)
    assert cells["Training, 2024: 3 events"] == "training/2024/"
    assert cells["Training, 2019: 1 event"] == "training/2019/"
    assert cells["Intelligence, 2022: 1 event"] == "intelligence/", \
        "an area with few events: its page"
    monkeypatch.setenv("BRIEFING_DIRECTORY_URLS", "false")  # the offline copy: files
    assert matrix_cells(long_area)["Training, 2024: 3 events"] == "training/2024.html"


def test_area_year_pages_are_built_and_switch_language(long_area, tmp_path):
    site, english, _ = built_year_page(long_area, tmp_path, "areas/training/2024")
    assert 'href="../../../events/latest/"' in english
    area = (site / "areas" / "training" / "index.html").read_text("utf-8")
    assert 'href="2024/"' in area


@pytest.fixture
def five_a_page(monkeypatch):
    """Low enough for the preview's 30 synthetic events to split an area's events and the
    sources (7) into year pages (set before the preview's first render)."""
    monkeypatch.setattr(context, "YEAR_PAGES_FROM", 5)


def test_the_preview_moves_an_edited_event_between_an_areas_year_pages(five_a_page,
                                                                       preview, tmp_path):
    """Each step of the live preview writes what a full render writes (the fixture checks)."""
    content, step = preview
    briefing = load_and_validate(content)
    when = briefing.when
    area, moved = next(  # an area with year pages and a year of more than one of its events
        (area, event) for area, events in briefing.events_by["area"].items() if len(events) >= 5
        for event in events if sum(when(e).year == when(event).year for e in events) > 1)
    old_year = when(moved).year  # the area keeps other events that year
    edit(content / "events" / f"{moved.id}.yaml", r'^date: ".*"$', 'date: "2031-12-30"')
    report = step()
    assert {f"en/areas/{area}/{old_year}.md", f"ar/areas/{area}/{old_year}.md",
            f"en/areas/{area}/2031.md", f"ar/areas/{area}/2031.md",
            f"en/areas/{area}.md"} <= set(report.changed)
    year_page = tmp_path / "preview-build" / "docs" / "en" / "areas" / area / f"{old_year}.md"
    assert f"/{moved.id}/" not in year_page.read_text("utf-8")



# --- an actor in many events -------------------------------------------------------------------

def test_an_actors_events_are_listed_a_year_per_page(long_area, tmp_path):
    """Alpha takes part in six events of the long_area fixture (five added, one signing);
    Jane Roe, in two, keeps them on her page."""
    en, ar = pages(long_area, "en"), pages(long_area, "ar")
    events = en["actors/alpha.md"].split("\n## Events\n", 1)[1].split("\n## ", 1)[0]
    assert events.strip().splitlines() == [
        "- [All 3 events of 2024](<alpha/2024.md>)",
        "- [All 2 events of 2021](<alpha/2021.md>)",
        "- [All 1 event of 2019](<alpha/2019.md>)"]
    assert "- [جميع أحداث 2021 \\(حدثان\\)](<alpha/2021.md>)" in ar["actors/alpha.md"]
    assert "## Agreements" in en["actors/alpha.md"], "the rest of the actor's page stays"
    year = en["actors/alpha/2021.md"]
    assert heading(year) == "Alpha\\: 2021"
    assert ("2 events · [Alpha](<../alpha.md>) · ← Earlier year: [2019](<2019.md>) · "
            "Later year: [2024](<2024.md>) →") in year
    assert set(AREA_EVENT_LINK.findall(year)) == {"course", "mou-signed"}
    assert heading(ar["actors/alpha/2021.md"]) == "ألفا\\: 2021"
    assert not [p for p in en if p.startswith("actors/jane-roe/")]
    assert en["actors/jane-roe.md"].count("<li>") == 2
    _, english, _ = built_year_page(long_area, tmp_path, "actors/alpha/2024")
    assert 'href="../../../events/latest/"' in english


# --- the sources and the agreements ----------------------------------------------------------

@pytest.fixture
def long_registers(mini, monkeypatch):
    """Three agreements (two in 2021, one in 2023) and the two sources (2021, 2022), over a
    limit of two; each area keeps at most two events (no year pages)."""
    agreement = (mini / "agreements" / "mou-2021.yaml").read_text("utf-8")
    for new_id, date in (("deal-2021", "2021-03-01"), ("deal-2023", "2023-05~")):
        (mini / "agreements" / f"{new_id}.yaml").write_text(
            agreement.replace("id: mou-2021", f"id: {new_id}")
            .replace('date: "2021-11-24"', f'date: "{date}"'), "utf-8")
    monkeypatch.setattr(context, "YEAR_PAGES_FROM", 2)
    return mini


RECORD_LINK = re.compile(r"\]\(<\.\./([a-z0-9-]+)\.md>\)")  # a record of the index's folder


@pytest.mark.parametrize("kind, expected", [
    ("agreements", {2021: {"deal-2021", "mou-2021"}, 2023: {"deal-2023"}}),
    ("sources", {2021: {"src-one"}, 2022: {"src-two"}}),
])
def test_a_long_index_has_a_page_per_year_with_its_table(long_registers, kind, expected):
    for lang in ("en", "ar"):
        found = pages(long_registers, lang)
        years = sorted(p for p in found if p.startswith(f"{kind}/years/"))
        assert years == [f"{kind}/years/{year}.md" for year in sorted(expected)], lang
        for year, ids in expected.items():
            page = found[f"{kind}/years/{year}.md"]
            assert "<tbody" in page, "the index's table, for that year"
            assert set(RECORD_LINK.findall(page.split("<tbody", 1)[1])) == ids, (lang, year)


def test_a_long_index_links_to_its_years_newest_first_instead_of_a_table(long_registers):
    en, ar = pages(long_registers, "en"), pages(long_registers, "ar")
    assert en["agreements/index.md"].split("# Agreements\n", 1)[1].strip().splitlines() == [
        "- [All 1 agreement of 2023](<years/2023.md>)",
        "- [All 2 agreements of 2021](<years/2021.md>)"]
    assert en["sources/index.md"].split("# Sources\n", 1)[1].strip().splitlines() == [
        "- [All 1 source of 2022](<years/2022.md>)",
        "- [All 1 source of 2021](<years/2021.md>)"]
    assert "|" not in en["sources/index.md"].split("# Sources", 1)[1]
    assert "- [جميع اتفاقيات 2021 \\(اتفاقيتان\\)](<years/2021.md>)" in ar["agreements/index.md"]
    assert "- [جميع مصادر 2022 \\(مصدر واحد\\)](<years/2022.md>)" in ar["sources/index.md"]


def test_an_index_years_page_is_named_for_it_and_leads_back_and_on(long_registers):
    en, ar = pages(long_registers, "en"), pages(long_registers, "ar")
    page = en["agreements/years/2021.md"]
    assert heading(page) == "Agreements\\: 2021"
    assert ("2 agreements · [Agreements](<../index.md>) · Later year: [2023](<2023.md>) →"
            in page)
    assert "Earlier year" not in page, "no agreement before 2021"
    assert "← Earlier year: [2021](<2021.md>)" in en["sources/years/2022.md"]
    assert heading(ar["sources/years/2021.md"]) == "المصادر\\: 2021"
    assert "مصدر واحد · [المصادر](<../index.md>)" in ar["sources/years/2021.md"]


def test_an_index_years_pages_are_built_and_switch_language(long_registers, tmp_path):
    site, english, _ = built_year_page(long_registers, tmp_path, "sources/years/2021")
    assert 'href="../../src-one/"' in english, "the source's own page"
    register = (site / "agreements" / "index.html").read_text("utf-8")
    assert 'href="years/2023/"' in register


def test_the_preview_moves_an_edited_source_to_its_new_years_page(five_a_page, preview):
    """Each step of the live preview writes what a full render writes (the fixture checks)."""
    content, step = preview
    briefing = load_and_validate(content)
    assert len(briefing.sources) >= 5, "the synthetic sources have year pages"
    source = next(iter(briefing.sources.values()))
    old_year = briefing.when(source).year
    assert [briefing.when(s).year for s in briefing.sources.values()].count(old_year) == 1
    edit(content / "sources" / f"{source.id}.yaml", r'^published: ".*"$',
         'published: "2031-01-02"')
    report = step()
    assert {"en/sources/years/2031.md", "ar/sources/years/2031.md", "en/sources/index.md",
            "ar/sources/index.md"} <= set(report.changed)
    assert {f"en/sources/years/{old_year}.md", f"ar/sources/years/{old_year}.md"} <= \
        set(report.gone), "the year left without a source has no page"


def test_a_long_lists_page_is_dated_by_the_newest_record_it_counts(long_area, monkeypatch):
    """"Last updated" under a list that links to its years follows the records it counts."""
    monkeypatch.setattr(context, "YEAR_PAGES_FROM", 2)  # the sources (two) as well
    briefing = load_and_validate(long_area)
    updated = {("events", event): dt.date(2025, 1, 1) for event in briefing.events}
    updated |= {("events", "latest"): dt.date(2026, 3, 1), ("sources", "src-one"):
                dt.date(2025, 2, 1), ("sources", "src-two"): dt.date(2025, 4, 1)}
    every = {page.path: page for page in all_pages(briefing)}
    assert every["areas/training.md"].data["year_pages"]
    assert every["sources/index.md"].data["year_pages"]
    for path, newest in (("areas/training.md", "2026-03-01"),
                         ("sources/index.md", "2025-04-01")):
        text = render_page(briefing, "en", every[path], updated)
        front_matter = text.split("\n---\n", 1)[0].splitlines()
        assert f"updated: '{newest}'" in front_matter, path
