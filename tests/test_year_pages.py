"""Long lists of events: each year's events on a page of their own, as a reader follows them.

From ``context.YEAR_PAGES_FROM`` events on (500; lowered here so that the small fixture
reaches it), the timeline keeps its picture and every year's heading, whose ``#year`` anchor
readers cite, with a link to the year's page; each year's page lists that year's events and
leads to the years on either side. An area of cooperation with that many events does the same:
its page links to one page per year. Below it both stay one page (the golden files).
"""

from __future__ import annotations

import re

import pytest

from generator.render import context, render_pages
from generator.validate import load_and_validate
from tests.conftest import edit, run_cli
from tests.test_pictures import add_event, figure

EVENT_LINK = re.compile(r'href="\.\./\.\./events/([^/"]+)/"')  # from timeline/<year>/
AREA_EVENT_LINK = re.compile(r'href="\.\./\.\./\.\./events/([^/"]+)/"')  # areas/<area>/<year>/


@pytest.fixture
def long_timeline(mini, monkeypatch):
    """The mini fixture (2021, 2022) plus events in 2019 and 2024: four years, one empty."""
    add_event(mini, "early", "2019-03-02")
    add_event(mini, "late", "2024-06-01")
    add_event(mini, "later", "2024-09~")
    monkeypatch.setattr(context, "YEAR_PAGES_FROM", 5)
    return mini


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


def test_year_pages_are_built_in_both_languages_and_switch_to_each_other(long_timeline,
                                                                         tmp_path):
    site = tmp_path / "site"
    result = run_cli("build", "--content", str(long_timeline), "--build-dir",
                     str(tmp_path / "build"), "--site", str(site))
    assert result.exit_code == 0, result.output
    english = (site / "timeline" / "2024" / "index.html").read_text("utf-8")
    arabic = (site / "ar" / "timeline" / "2024" / "index.html").read_text("utf-8")
    assert '<html lang="ar" class="no-js" dir="rtl">' in arabic
    assert 'href="../../ar/timeline/2024/" hreflang="ar"' in english
    assert 'href="../../../timeline/2024/" hreflang="en"' in arabic
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
    assert page.split("\n# ", 1)[1].splitlines()[0] == "Training\\: 2021"
    assert ("2 events · [Training](<../training.md>) · ← Earlier year: [2019](<2019.md>) · "
            "Later year: [2024](<2024.md>) →") in page
    assert page.index("/course/") < page.index("/mou-signed/"), "oldest first, as on the area"
    assert ar["areas/training/2021.md"].split("\n# ", 1)[1].splitlines()[0] == \
        "التدريب\\: 2021"
    assert "[التدريب](<../training.md>)" in ar["areas/training/2021.md"]


def test_the_matrix_cells_lead_to_the_areas_year_pages(long_area):
    cells = {a.find("title").text: a.get("href")
             for a in figure(long_area, "en", "areas/index.md").iter("a")
             if a.find("title") is not None}
    assert cells["Training, 2024: 3 events"] == "training/2024/"
    assert cells["Training, 2019: 1 event"] == "training/2019/"
    assert cells["Intelligence, 2022: 1 event"] == "intelligence/", \
        "an area with few events: its page"


def test_area_year_pages_are_built_and_switch_language(long_area, tmp_path):
    site = tmp_path / "site"
    result = run_cli("build", "--content", str(long_area), "--build-dir",
                     str(tmp_path / "build"), "--site", str(site))
    assert result.exit_code == 0, result.output
    english = (site / "areas" / "training" / "2024" / "index.html").read_text("utf-8")
    arabic = (site / "ar" / "areas" / "training" / "2024" / "index.html").read_text("utf-8")
    assert '<html lang="ar" class="no-js" dir="rtl">' in arabic
    assert 'href="../../../ar/areas/training/2024/" hreflang="ar"' in english
    assert 'href="../../../../areas/training/2024/" hreflang="en"' in arabic
    assert 'href="../../../events/latest/"' in english
    area = (site / "areas" / "training" / "index.html").read_text("utf-8")
    assert 'href="2024/"' in area


@pytest.fixture
def area_year_pages(monkeypatch):
    """Low enough for an area of the preview's 30 synthetic events (set before its render)."""
    monkeypatch.setattr(context, "YEAR_PAGES_FROM", 5)


def test_the_preview_moves_an_edited_event_between_an_areas_year_pages(area_year_pages,
                                                                       preview, tmp_path):
    """Each step of the live preview writes what a full render writes (the fixture checks)."""
    content, step = preview
    briefing = load_and_validate(content)
    area, events = max(briefing.events_by["area"].items(), key=lambda item: len(item[1]))
    assert len(events) >= 5, "the synthetic content has an area with year pages"
    years = [briefing.when(event).year for event in events]
    moved = next(e for e, y in zip(events, years, strict=True) if years.count(y) > 1)
    old_year = briefing.when(moved).year  # the area keeps other events that year
    edit(content / "events" / f"{moved.id}.yaml", r'^date: ".*"$', 'date: "2031-12-30"')
    report = step()
    assert {f"en/areas/{area}/{old_year}.md", f"ar/areas/{area}/{old_year}.md",
            f"en/areas/{area}/2031.md", f"ar/areas/{area}/2031.md",
            f"en/areas/{area}.md"} <= set(report.changed)
    year_page = tmp_path / "preview-build" / "docs" / "en" / "areas" / area / f"{old_year}.md"
    assert f"/{moved.id}/" not in year_page.read_text("utf-8")
