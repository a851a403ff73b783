"""The build-time pictures, read as a reader (and a screen reader) would read the SVG.

Each test renders pages from a copy of the mini fixture, sometimes with events added, and parses
the figure the page carries. What is checked is what a reader would check: one mark per event,
each linking to that event; time running left to right in English and right to left in Arabic;
approximate and uncertain dates drawn differently from firm ones; colours following the area;
titles and descriptions present; hostile titles shown as text, never markup.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator.pictures import network
from generator.pictures.palette import AREA_COLOURS, SHADES, area_colours, contrast
from generator.render import render_page, render_pages
from generator.render.context import Words
from generator.render.kinds import RENDERERS
from generator.validate import load_and_validate

SVG = "http://www.w3.org/2000/svg"
FIGURE = re.compile(r"^<figure class=\"briefing-picture.*?^</figure>$", re.S | re.M)


def add_event(content, event_id: str, date: str, *, title: str | None = None,
              areas=("training",), actors=("alpha",), standing="reported") -> None:
    title = title or f"Event {event_id}"
    (content / "events" / f"{event_id}.yaml").write_text(
        f"id: {event_id}\n"
        f"date: {date!r}\n"
        f"title: {{en: {title!r}, ar: {('حدث ' + event_id)!r}}}\n"
        "summary: {en: Something happened., ar: حدث شيء.}\n"
        f"standing: {standing}\n"
        f"actors: [{', '.join(actors)}]\n"
        f"areas: [{', '.join(areas)}]\n"
        "sources: [src-one]\n", "utf-8")


def page_text(content, lang: str, path: str) -> str:
    """One page's Markdown, rendered as the build renders it."""
    briefing = load_and_validate(content)
    page = next(p for r in RENDERERS for p in r.pages(briefing) if p.path == path)
    return render_page(briefing, lang, page)


def figure(content, lang: str, page: str) -> ET.Element:
    """The one picture on ``page`` in ``lang``, parsed as XML (it must be well-formed)."""
    found = FIGURE.findall(page_text(content, lang, page))
    assert len(found) == 1, f"expected one picture on {lang}/{page}, found {len(found)}"
    return ET.fromstring(found[0].replace(f' xmlns="{SVG}"', ""))  # plain tag names


def marks(fig: ET.Element) -> dict[str, ET.Element]:
    """Timeline marks by the event URL they link to."""
    svg = fig.find("svg")
    links = svg.find("g[@class='marks']").findall("a")
    return {a.get("href"): a for a in links}


def cx(mark: ET.Element) -> float:
    return float(mark.find("circle").get("cx"))


@pytest.fixture
def spread(mini):
    """The mini fixture plus events across six years with every kind of date."""
    add_event(mini, "early", "2019-03-02", areas=("intelligence",))
    add_event(mini, "approx", "2023-05~")
    add_event(mini, "unsure", "2024-02?")
    add_event(mini, "whole-year", "2024")
    add_event(mini, "span", "2024-09-10/2024-09-20")
    add_event(mini, "late", "2025-12-30", areas=("intelligence", "training"))
    return mini


def test_every_event_has_one_mark_linking_to_its_page(spread):
    briefing = load_and_validate(spread)
    fig = figure(spread, "en", "timeline.md")
    found = marks(fig)
    assert set(found) == {f"../events/{e}/" for e in briefing.events}
    for event_id, event in briefing.events.items():
        title = found[f"../events/{event_id}/"].find("title").text
        assert event.title.en in title


def test_timeline_marks_leave_keyboard_and_screen_readers_to_the_list(spread):
    """Hundreds of marks would be hundreds of tab stops before the list that names the same
    events; the picture's description points to that list instead."""
    fig = figure(spread, "en", "timeline.md")
    group = fig.find("svg").find("g[@class='marks']")
    assert group.get("aria-hidden") == "true"
    assert {a.get("tabindex") for a in group.findall("a")} == {"-1"}
    assert "the list below gives the same events" in fig.find("svg").find("desc").text


def test_time_runs_left_to_right_in_english_and_right_to_left_in_arabic(spread):
    en, ar = marks(figure(spread, "en", "timeline.md")), marks(figure(spread, "ar", "timeline.md"))
    order = ["early", "mou-signed", "visit", "approx", "whole-year", "span", "late"]
    en_x = [cx(en[f"../events/{e}/"]) for e in order]
    ar_x = [cx(ar[f"../events/{e}/"]) for e in order]
    assert en_x == sorted(en_x) and en_x[0] < en_x[-1]
    assert ar_x == sorted(ar_x, reverse=True) and ar_x[0] > ar_x[-1]
    width = float(figure(spread, "ar", "timeline.md").find("svg").get("width"))
    assert all(abs((a + e) - width) < 0.2 for a, e in zip(ar_x, en_x, strict=True)), \
        "the Arabic picture is the English one mirrored"


def test_both_languages_lay_the_timeline_out_alike_whatever_their_labels(spread, monkeypatch):
    """The lanes leave room for the widest label of any language: the Arabic picture stays
    the English one mirrored, and no language counts in bars where the other draws marks."""
    ar = Words.of("ar").data["standing"]
    monkeypatch.setitem(ar, "reported", ar["reported"] + " (وسائل الإعلام الدولية والمحلية)")
    en, ar_marks = marks(figure(spread, "en", "timeline.md")), marks(figure(spread, "ar",
                                                                             "timeline.md"))
    width = float(figure(spread, "en", "timeline.md").find("svg").get("width"))
    assert set(en) == set(ar_marks)
    assert all(abs(cx(en[url]) + cx(ar_marks[url]) - width) < 0.2 for url in en)


def test_the_description_spans_from_the_first_date_to_the_last_day(spread):
    """'From … to …' names two dates: where the earliest date starts and where the latest
    ends, even when those are ranges ("to August – December 2025" read as a third date)."""
    add_event(spread, "first-range", "2018-11/2019-01")
    add_event(spread, "last-range", "2026-08?/2026-12?")
    en = figure(spread, "en", "timeline.md").find("svg").find("desc").text
    ar = figure(spread, "ar", "timeline.md").find("svg").find("desc").text
    assert " from November 2018 to December 2026 (uncertain)," in en, en
    assert " من نوفمبر 2018 إلى ديسمبر 2026 (تاريخ غير مؤكد)" in ar, ar


def test_arabic_picture_has_arabic_labels_and_text_alternatives(spread):
    fig = figure(spread, "ar", "timeline.md")
    svg = fig.find("svg")
    assert svg.get("direction") == "rtl"
    title, desc = svg.find("title"), svg.find("desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "جميع الأحداث على محور زمني واحد"
    assert "8 أحداث" in desc.text and "من اليمين إلى اليسار" in desc.text
    lanes = [t.text for t in svg.iter("text")]
    assert "رسمي" in lanes and "تقرير إعلامي" in lanes
    assert "2019" in lanes and "2025" in lanes
    arabic_marks = [a.find("title").text for a in marks(fig).values()]
    assert any("سبتمبر 2024" in t for t in arabic_marks)  # "10–20 سبتمبر 2024"


def test_approximate_and_uncertain_dates_are_drawn_differently(spread):
    found = marks(figure(spread, "en", "timeline.md"))

    def look(event_id):
        circle = found[f"../events/{event_id}/"].find("circle")
        return circle.get("fill"), circle.get("stroke-dasharray")

    firm, approximate, uncertain = look("late"), look("approx"), look("unsure")
    assert firm[0] != "#ffffff" and firm[1] is None  # filled
    assert approximate == ("#ffffff", None)  # hollow
    assert uncertain[0] == "#ffffff" and uncertain[1]  # hollow and dashed
    assert len({firm, approximate, uncertain}) == 3


def test_imprecise_dates_and_intervals_show_their_span(spread):
    found = marks(figure(spread, "en", "timeline.md"))
    assert found["../events/late/"].find("line") is None  # one day: a point
    year = found["../events/whole-year/"].find("line")
    span = found["../events/span/"].find("line")
    year_len = abs(float(year.get("x2")) - float(year.get("x1")))
    span_len = abs(float(span.get("x2")) - float(span.get("x1")))
    assert year_len > 20 * span_len > 0  # a year is drawn far wider than ten days


def test_marks_are_coloured_by_first_area_and_the_legend_names_it(spread):
    briefing = load_and_validate(spread)
    colours = area_colours(briefing.areas)
    fig = figure(spread, "en", "timeline.md")
    found = marks(fig)
    assert found["../events/late/"].find("circle").get("fill") == colours["intelligence"]
    assert found["../events/approx/"].find("circle").get("stroke") == colours["training"]
    legend = "".join(fig.find("figcaption").itertext())
    assert "Intelligence" in legend and "Training" in legend and "approximate" in legend


def test_area_colours_stay_visible_on_white():
    assert all(contrast(colour) >= 3 for colour in AREA_COLOURS)
    assert len(set(AREA_COLOURS)) == len(AREA_COLOURS)
    assert all(contrast(fill, ink) >= 4.5 for fill, ink in SHADES)


def test_hostile_titles_stay_text_in_every_picture(mini):
    hostile = "</svg><script>alert(1)</script><a href=\"javascript:x\">&amp;"
    add_event(mini, "hostile", "2022-01-05", title=hostile, actors=("alpha", "beta"))
    actor = mini / "actors" / "alpha.yaml"
    actor.write_text(actor.read_text().replace("{en: Alpha,", f"{{en: {hostile!r},"), "utf-8")
    for page in ("timeline.md", "actors/index.md", "areas/index.md"):
        fig = figure(mini, "en", page)
        tags = {el.tag for el in fig.iter()}
        assert "script" not in tags and "foreignObject" not in tags
        hrefs = [el.get("href") for el in fig.iter() if el.get("href")]
        assert all(not h.lower().startswith("javascript") for h in hrefs)
        assert not any(k.lower().startswith("on") for el in fig.iter() for k in el.attrib)
    timeline_titles = [a.find("title").text for a in marks(figure(mini, "en", "timeline.md"))
                       .values()]
    assert any(hostile in t for t in timeline_titles), "shown as typed"
    names = [t.text for t in figure(mini, "en", "actors/index.md").iter("title")]
    assert any(hostile in (n or "") for n in names)


def test_network_joins_actors_named_together(mini):
    add_event(mini, "meeting", "2023-02-01", actors=("beta", "jane-roe"))
    fig = figure(mini, "en", "actors/index.md")
    svg = fig.find("svg")
    pairs = {p.find("title").text for p in svg.iter("path")}
    # mou-signed names all three; the agreement has alpha, beta and jane-roe; the new meeting
    # names beta and jane-roe again.
    assert "Beta – Jane Roe: 2 events, 1 agreement" in pairs
    assert "Alpha – Beta: 1 event, 1 agreement" in pairs
    names = {a.get("href"): a.find("text").text for a in svg.iter("a")}
    assert names == {"alpha/": "Alpha", "beta/": "Beta", "jane-roe/": "Jane Roe"}
    widths = {p.find("title").text.split(":")[0]: float(p.get("stroke-width"))
              for p in svg.iter("path")}
    assert widths["Beta – Jane Roe"] > widths["Alpha – Beta"], "more often, thicker"


def test_network_is_mirrored_in_arabic(mini):
    svg_en = figure(mini, "en", "actors/index.md").find("svg")
    svg_ar = figure(mini, "ar", "actors/index.md").find("svg")
    width = float(svg_en.get("width"))
    dot_en = float(next(svg_en.iter("circle")).get("cx"))
    dot_ar = float(next(svg_ar.iter("circle")).get("cx"))
    assert dot_en > width / 2 > dot_ar or abs(dot_en + dot_ar - width) < 0.2
    label_ar = next(svg_ar.iter("a")).find("text")
    assert label_ar.text == "ألفا" and float(label_ar.get("x")) > dot_ar


def test_network_writes_a_long_arabic_name_whole(mini):
    # an Israeli army directorate's name is 54 letters in Arabic: the picture cut it after 42
    long = "هيئة الاستراتيجية والدائرة الثالثة في الجيش الإسرائيلي"
    actor = mini / "actors" / "beta.yaml"
    actor.write_text(actor.read_text("utf-8").replace("ar: بيتا", f"ar: {long}"), "utf-8")
    svg = figure(mini, "ar", "actors/index.md").find("svg")
    names = [a.find("text").text for a in svg.iter("a") if a.find("text") is not None]
    assert long in names, names


def test_matrix_counts_events_per_area_and_year(mini):
    add_event(mini, "drill", "2022-03-01", areas=("training", "intelligence"))
    add_event(mini, "drill-two", "2022-04-01", areas=("training",))
    svg = figure(mini, "en", "areas/index.md").find("svg")
    cells = {a.find("title").text for a in svg.iter("a") if a.find("title") is not None}
    assert cells == {"Training, 2021: 1 event", "Training, 2022: 2 events",
                     "Intelligence, 2022: 2 events"}
    rows = [g for g in svg.findall("g") if g.get("font-weight") == "bold"][0]
    assert [t.text for t in rows.findall("text")] == ["Areas with events", "1", "2"]
    ar = figure(mini, "ar", "areas/index.md").find("svg")
    assert {a.find("title").text for a in ar.iter("a") if a.find("title") is not None} >= {
        "التدريب، 2022: حدثان"}
    heads = [t for t in ar.find("g").findall("text")]
    assert [t.text for t in heads] == ["2021", "2022"]
    assert float(heads[0].get("x")) > float(heads[1].get("x")), "years run right to left"


def test_pictures_link_to_html_files_in_the_offline_copy(mini, monkeypatch):
    monkeypatch.setenv("BRIEFING_DIRECTORY_URLS", "false")
    assert set(marks(figure(mini, "en", "timeline.md"))) == {
        "events/mou-signed.html", "events/visit.html"}
    svg = figure(mini, "en", "actors/index.md").find("svg")
    assert {a.get("href") for a in svg.iter("a")} == {"alpha.html", "beta.html",
                                                      "jane-roe.html"}


def test_only_index_pages_carry_pictures(mini):
    """Event, actor and other record pages stay small: no picture is drawn on them."""
    for lang in ("en", "ar"):
        pages = dict(render_pages(load_and_validate(mini), lang))
        with_pictures = {p for p, text in pages.items() if "<svg" in text}
        assert with_pictures == {"timeline.md", "actors/index.md", "areas/index.md"}


def test_picture_size_grows_linearly_with_events(mini):
    for i in range(40):
        add_event(mini, f"bulk-{i}", f"2022-{i % 12 + 1:02d}-{i % 27 + 1:02d}")
    forty = len(ET.tostring(figure(mini, "en", "timeline.md")))
    for i in range(40, 80):
        add_event(mini, f"bulk-{i}", f"2022-{i % 12 + 1:02d}-{i % 27 + 1:02d}")
    eighty = len(ET.tostring(figure(mini, "en", "timeline.md")))
    assert 1.5 < eighty / forty < 2.2


def bars(fig: ET.Element) -> dict[str, tuple[str, ET.Element]]:
    """A counting timeline's bars by their title's period and lane: (events counted, bar)."""
    found = {}
    for bar in fig.find("svg").find("g[@class='bars']"):
        period, counted = bar.find("title").text.rsplit(": ", 1)
        found[period] = (counted, bar)
    return found


def crowd(content, n: int, month: str = "2022-03", standing: str = "reported") -> None:
    """``n`` events on one month's days: more than one slot of marks can stack."""
    for i in range(n):
        add_event(content, f"crowd-{month}-{i}", f"{month}-{i % 28 + 1:02d}", standing=standing)


def test_a_crowded_timeline_counts_its_events_in_bars_linked_to_their_year(mini):
    """Past a few hundred events marks stack into columns that cannot be read (and weigh
    3 MB at 10,000 events): the picture counts instead, and says so."""
    crowd(mini, 30)
    fig = figure(mini, "en", "timeline.md")
    svg = fig.find("svg")
    assert svg.find("g[@class='marks']") is None, "no mark per event any more"
    group = svg.find("g[@class='bars']")
    assert group.get("aria-hidden") == "true" and {a.get("tabindex") for a in group} == {"-1"}
    found = bars(fig)
    assert found["March 2022 · Media report"][0] == "30 events"
    assert found["July 2022 · Media report"][0] == "1 event"  # the fixture's visit, 2022-07~
    assert found["November 2021 · Official"][0] == "1 event"
    assert sum(int(n.split()[0]) for n, _ in found.values()) == 32, "every event counted once"
    heights = {period: float(bar.find("rect").get("height")) for period, (_, bar) in found.items()}
    assert heights["March 2022 · Media report"] == max(heights.values())
    assert heights["July 2022 · Media report"] < heights["March 2022 · Media report"] / 10
    text = page_text(mini, "en", "timeline.md")
    for _, bar in found.values():  # each bar goes to its year's heading in the list below
        assert f"\n## {bar.get('href').removeprefix('#')}\n" in text
    assert found["March 2022 · Media report"][1].get("href") == "#2022"
    desc = svg.find("desc").text
    assert "32 events" in desc and "each bar counts the events in one month" in desc
    assert "the tallest bar counts 30 events" in desc
    assert "Bar height: events in each month" in ET.tostring(fig.find("figcaption"), "unicode")


def test_a_few_events_keep_one_mark_each(mini):
    for i in range(8):  # one slot stacks eight marks, the most it holds
        add_event(mini, f"same-day-{i}", "2022-03-01")
    fig = figure(mini, "en", "timeline.md")
    assert len(marks(fig)) == 10 and fig.find("svg").find("g[@class='bars']") is None


@pytest.mark.parametrize(("early", "period"), [
    ("2019-05-01", "March 2022 · Media report"),  # four years: a bar a month
    ("2015-05-01", "January – March 2022 · Media report"),  # eight years: a quarter
    ("2009-05-01", "2022 · Media report"),  # fourteen years: a year
])
def test_bars_count_months_quarters_or_years_as_the_timeline_lengthens(mini, early, period):
    crowd(mini, 30)
    add_event(mini, "early", early, standing="official")
    found = bars(figure(mini, "en", "timeline.md"))
    assert found[period][0] == ("31 events" if period == "2022 · Media report"  # the visit
                                else "30 events")


def test_counting_bars_run_right_to_left_in_arabic(mini):
    crowd(mini, 30)
    en, ar = figure(mini, "en", "timeline.md"), figure(mini, "ar", "timeline.md")
    en_bar = bars(en)["March 2022 · Media report"][1].find("rect")
    ar_bar = bars(ar)["مارس 2022 · تقرير إعلامي"][1].find("rect")
    width = float(en.find("svg").get("width"))
    en_x, ar_x = float(en_bar.get("x")), float(ar_bar.get("x"))
    assert abs(ar_x + float(ar_bar.get("width")) - (width - en_x)) < 0.2, "mirrored"
    assert "من اليمين إلى اليسار" in ar.find("svg").find("desc").text
    assert "ارتفاع العمود: عدد الأحداث في كل شهر" in ET.tostring(ar, "unicode")


def test_counting_bars_keep_the_picture_small_however_many_events(mini):
    crowd(mini, 30)
    thirty = ET.tostring(figure(mini, "en", "timeline.md"))
    crowd(mini, 30, "2022-04")
    crowd(mini, 240, "2022-05")
    three_hundred = ET.tostring(figure(mini, "en", "timeline.md"))
    assert len(three_hundred) < len(thirty) * 1.2, "two more bars, not 270 marks"


def test_network_of_many_actors_draws_the_most_connected_and_says_so(mini, monkeypatch):
    add_event(mini, "meeting", "2023-02-01", actors=("beta", "jane-roe"))
    add_event(mini, "meeting-two", "2023-03-01", actors=("beta", "jane-roe"))
    monkeypatch.setattr(network, "MAX_ACTORS", 2)
    monkeypatch.setattr(network, "MAX_LINKS", 1)
    svg = figure(mini, "en", "actors/index.md").find("svg")
    assert {a.get("href") for a in svg.iter("a")} == {"beta/", "jane-roe/"}
    assert [p.find("title").text for p in svg.iter("path")] == [
        "Beta – Jane Roe: 3 events, 1 agreement"]
    assert "Only the most connected actors" in svg.find("desc").text
    full = page_text(mini, "en", "actors/alpha.md")
    assert "[Beta](<beta.md>) · 1 event, 1 agreement" in full, "the actor page lists them all"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_timeline_legend_tells_an_uncertain_date_from_an_unconfirmed_claim(spread, lang):
    """The Arabic legend called a dashed mark «غير مؤكد», the word of the lane of unconfirmed
    claims beside it: a reader could not tell a claim's standing from its date's precision."""
    fig = figure(spread, lang, "timeline.md")
    legend = ["".join(item.itertext()).strip() for item in fig.iter("span")
              if item.get("class") == "legend-item"]
    standings = set(Words.of(lang).data["standing"].values())
    assert len(legend) >= 4 and standings & set(legend) == set(), legend
