"""The whole timeline as one picture: every event placed by date, one lane per standing.

Reading it: a mark is an event at the middle of the days its date allows; a faint bar under a
mark spans those days when the date is only a month, a year or an interval; a filled mark has a
firm date, a hollow one an approximate date (``~``), a dashed one an uncertain date (``?``). The
colour is the event's first listed area. In a right-to-left language time runs right to left.

Marks that would overlap stack upwards within their lane, in fixed-width bins: one pass over the
events (O(n)), however many there are. When a stack would pass ``MAX_STACK`` marks, the picture
counts instead: one bar per lane and month, quarter or year, as tall as its number of events
(:func:`_counted`), so a briefing of thousands of events keeps a picture of a few kilobytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from .. import dates
from .palette import BAR, GRID, INK, NO_AREA, PAPER, area_colours
from .svg import FONT, Canvas, figure, sub, swatch, text_width

WIDTH = 760
STEP = 12  # one mark's slot: 9 px across plus a gap
RADIUS = 4.5
PAD = 8
LANES = ("official", "reported", "unconfirmed")
AXIS = 30  # room under the lanes for year labels
MAX_STACK = 8  # marks one slot may stack (96 px) before the picture counts instead
BAR_LANE = 64  # the height of a lane of bars: the tallest bar
GAP = 1  # between two bars
CARD_EDGE = 10  # the width of the shadow along the inner edge of the card under the lanes' names
# (unit, for a timeline of up to so many years, months per bar): the finest that keeps to
# about fifty bars a lane
BARS = (("month", 4, 1), ("quarter", 12, 3), ("year", None, 12))


def _mark_style(when, colour: str) -> dict:
    if when.uncertain:
        return {"fill": "#ffffff", "stroke": colour, "stroke_width": 2,
                "stroke_dasharray": "2.5 1.5"}
    if when.approximate:
        return {"fill": "#ffffff", "stroke": colour, "stroke_width": 2}
    return {"fill": colour, "stroke": "#ffffff", "stroke_width": 1}


@dataclass(frozen=True)
class _Scale:
    """Days to horizontal positions, from 1 January of the first year to the end of the last."""

    first_year: int
    last_year: int
    left: float
    right: float

    @cached_property
    def _t0(self) -> dt.date:
        return dt.date(self.first_year, 1, 1)

    @cached_property
    def _per_day(self) -> float:
        return (self.right - self.left) / (dt.date(self.last_year + 1, 1, 1) - self._t0).days

    def pos(self, day: dt.date) -> float:
        return self.left + (day - self._t0).days * self._per_day


def timeline(b, c) -> Markup | None:
    """The timeline picture for one page (``c``: its context, for language, words and links)."""
    events = list(b.events.values())
    if not events:
        return None
    colours = area_colours(b.areas)
    whens = [b.when(e) for e in events]
    lanes = [lane for lane in LANES if any(e.standing == lane for e in events)]
    # Room for the widest lane label of every language: the same layout, mirrored, in each, so
    # that no language counts in bars where another draws marks.
    label_w = max(text_width(c.words.of(lang).data["standing"][lane], FONT)
                  for lang in b.languages for lane in lanes) + 2 * PAD
    scale = _Scale(min(w.start.first_day.year for w in whens), max(w.last_day.year for w in whens),
                   label_w + PAD, WIDTH - PAD)

    # Pass 1: each event's slot (lane, bin, level); the tallest stack sets each lane's height.
    levels: dict[tuple[str, int], int] = {}
    tallest = dict.fromkeys(lanes, 1)
    placed = []
    for event, when in zip(events, whens, strict=True):
        first, last = when.start.first_day, when.last_day
        middle = scale.pos(first + (last - first) / 2)
        key = (event.standing, int((middle - scale.left) // STEP))
        level = levels.get(key, 0)
        levels[key] = level + 1
        tallest[event.standing] = max(tallest[event.standing], level + 1)
        placed.append((event, when, middle, scale.pos(first), scale.pos(last), level))
    if max(tallest.values()) > MAX_STACK:
        return _counted(c, events, whens, lanes, scale)

    svg, tops, names = _frame(c, lanes, {lane: tallest[lane] * STEP for lane in lanes}, scale,
                       c.ui["pictures"]["timeline_desc"].format(**_facts(c, events, whens)))
    # One mark per event: hundreds of links. Keyboard and screen-reader users get the same
    # events, in the same order, as the list under the picture (the description says so), so
    # the marks stay out of the tab order and the accessibility tree; a pointer can click them.
    marks = sub(svg.root, "g", **{"class": "marks", "aria-hidden": "true"})
    for event, when, middle, start, end, level in placed:
        lane_bottom = tops[event.standing] + tallest[event.standing] * STEP + PAD
        cy = lane_bottom - STEP / 2 - level * STEP
        colour = colours.get(event.areas[0], NO_AREA) if event.areas else NO_AREA
        link = sub(marks, "a", href=c.url("events", event.id), tabindex="-1")
        sub(link, "title", _mark_title(c, event))
        if end - start >= 1:
            sub(link, "line", x1=svg.x(start), x2=svg.x(end), y1=cy, y2=cy, stroke=colour,
                stroke_width=3, stroke_opacity=0.4, stroke_linecap="round")
        sub(link, "circle", cx=svg.x(middle), cy=cy, r=RADIUS, **_mark_style(when, colour))
    svg.root.append(names)
    return figure("timeline", svg, _legend(c, b, events, colours))


def _frame(c, lanes: list[str], heights: dict[str, float], scale: _Scale,
           desc: str) -> tuple[Canvas, dict[str, float], ET.Element]:
    """The canvas with its lanes (``heights``: what each holds) and the year axis; returns it
    with each lane's top and the lanes' names, to be drawn last."""
    tops, y = {}, PAD
    for lane in lanes:
        tops[lane] = y
        y += heights[lane] + 2 * PAD
    axis_y = y
    svg = Canvas("timeline", WIDTH, axis_y + AXIS, c.words.dir == "rtl",
                 c.ui["pictures"]["timeline_title"], desc)
    left, right = scale.left, scale.right
    frame = sub(svg.root, "g", fill="none", stroke=GRID, stroke_width=1)
    for lane in lanes[1:]:
        sub(frame, "line", x1=svg.x(0), x2=svg.x(WIDTH), y1=tops[lane], y2=tops[lane])
    sub(frame, "line", x1=svg.x(left), x2=svg.x(right), y1=axis_y, y2=axis_y, stroke=INK)
    year_w = (right - left) / (scale.last_year - scale.first_year + 1)
    every = max(1, int(34 // year_w) + 1)  # skip year labels that would collide
    labels = sub(svg.root, "g", fill=INK, font_size=11)
    for i, year in enumerate(range(scale.first_year, scale.last_year + 2)):
        x = scale.pos(dt.date(year, 1, 1))
        sub(frame, "line", x1=svg.x(x), x2=svg.x(x), y1=PAD, y2=axis_y + 5)
        if year <= scale.last_year and i % every == 0:
            svg.text(labels, x + year_w / 2, axis_y + 18, str(year), "middle")
    # The lanes' names, on a card the width of their column, drawn over everything else (the
    # caller appends it last): on a phone the picture scrolls sideways and opens at its newest
    # years, and pictures.js keeps this group at the reading start of the box wherever it is
    # scrolled, like a spreadsheet's frozen column. The card hides the marks that pass under it
    # and the figure's own shadow on that edge (pictures.css); a shadow along the card's inner
    # edge, shown only while the names have moved, says instead that the picture goes on.
    names = ET.Element("g", {"class": "lane-labels"})
    card_w = left - PAD / 2
    fade = sub(sub(names, "defs"), "linearGradient", id="timeline-card-edge",
               x1=1 if svg.rtl else 0, x2=0 if svg.rtl else 1, y1=0, y2=0)
    sub(fade, "stop", offset=0, stop_color=INK, stop_opacity=0.3)
    sub(fade, "stop", offset=1, stop_color=INK, stop_opacity=0)
    sub(names, "rect", x=svg.x(card_w + CARD_EDGE) if svg.rtl else card_w, y=0, width=CARD_EDGE,
        height=axis_y, fill="url(#timeline-card-edge)", **{"class": "card-edge"})
    sub(names, "rect", x=svg.x(card_w) if svg.rtl else 0, y=0, width=card_w, height=axis_y,
        fill=PAPER)
    for lane in lanes[1:]:
        sub(names, "line", x1=svg.x(0), x2=svg.x(card_w), y1=tops[lane], y2=tops[lane],
            stroke=GRID, stroke_width=1)
    text = sub(names, "g", fill=INK, dominant_baseline="middle")
    for lane in lanes:
        svg.text(text, PAD, tops[lane] + heights[lane] / 2 + PAD, c.ui["standing"][lane])
    return svg, tops, names


def _counted(c, events, whens, lanes: list[str], scale: _Scale) -> Markup:
    """Too many events for one mark each: one bar per lane and month, quarter or year (the
    finest that keeps to about fifty bars a lane), as tall as the events it counts.

    A mark is 9 px across, so past a few hundred events they stack into columns that say less
    than a count does, and each is a link with its title: at 10,000 events the picture was
    3,074 px tall and 3 MB. Bars keep the picture's size whatever the number of events.
    """
    words = c.ui["pictures"]
    years = scale.last_year - scale.first_year + 1
    unit, months = next((u, m) for u, up_to, m in BARS if up_to is None or years <= up_to)
    counts: dict[tuple[str, tuple[dt.date, dt.date]], int] = defaultdict(int)
    for event, when in zip(events, whens, strict=True):
        first, last = when.start.first_day, when.last_day
        middle = first + (last - first) / 2  # where the event's mark would stand
        counts[(event.standing, _bar(middle, months))] += 1
    most = max(counts.values())
    listed = {when.year for when in whens}  # the years the list under the picture has
    svg, tops, names = _frame(c, lanes, dict.fromkeys(lanes, BAR_LANE), scale,
                       words["timeline_counted_desc"].format(
                           **_facts(c, events, whens), unit=words["bar_unit"][unit],
                           most=c.count("events", most)))
    bars = sub(svg.root, "g", **{"class": "bars", "aria-hidden": "true"})
    for (lane, (start, end)), n in sorted(counts.items()):
        x0, x1 = svg.x(scale.pos(start) + GAP / 2), svg.x(scale.pos(end) - GAP / 2)
        height = max(1.0, n / most * BAR_LANE)
        title = words["bar"].format(period=_period(c, unit, start, end), standing=c.ui[
            "standing"][lane], events=c.count("events", n))
        # the year's heading in the list, when the list has it (a date across a new year
        # can put a bar in a year whose events are listed under the one before)
        if start.year in listed:
            holder = sub(bars, "a", href=f"#{start.year}", tabindex="-1")
        else:
            holder = sub(bars, "g")
        sub(holder, "title", title)
        sub(holder, "rect", x=min(x0, x1), y=tops[lane] + PAD + BAR_LANE - height,
            width=abs(x1 - x0), height=height, fill=BAR)
    svg.root.append(names)
    caption = ET.Element("figcaption", {"class": "legend"})
    row = sub(caption, "span", None, **{"class": "legend-row"})
    swatch(row, "square", BAR, words["bar_legend"].format(unit=words["bar_unit"][unit]))
    return figure("timeline", svg, caption)


def _bar(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The bar of ``months`` months (1, 3 or 12, from January) that ``day`` falls in: its first
    day and the first day after it."""
    start = dt.date(day.year, (day.month - 1) // months * months + 1, 1)
    after = start.year * 12 + start.month - 1 + months  # in months since the year 0
    return start, dt.date(after // 12, after % 12 + 1, 1)


def _period(c, unit: str, start: dt.date, end: dt.date) -> str:
    """A bar's months in the page's language: "2021", "July 2021", "July – September 2021"."""
    if unit == "year":
        return str(start.year)
    last = end - dt.timedelta(days=1)
    text = f"{start:%Y-%m}" if unit == "month" else f"{start:%Y-%m}/{last:%Y-%m}"
    return c.date(text)


def _mark_title(c, event) -> str:
    areas = c.sep.join(c.t(c.b.areas[a].label) for a in event.areas)
    parts = [c.date(event), c.t(event.title), c.ui["standing"][event.standing]]
    return " · ".join(parts + ([areas] if areas else []))


def _facts(c, events, whens) -> dict[str, str]:
    """What both descriptions of the picture say: how many events, from when to when, in
    which lanes."""
    first = min(whens, key=lambda when: when.sort_key)
    last = max(whens, key=lambda when: when.last_day)
    counts = {s: sum(e.standing == s for e in events) for s in LANES}
    standing = c.sep.join(f"{c.ui['standing'][s]}: {n}" for s, n in counts.items() if n)
    # "from {first} to {last}": the first date's start and the last one's end, each one date
    # ("to December 2025", not "to August – December 2025" when the last event is a range)
    ends = (dates.EDTF(first.text, first.start), dates.EDTF(last.text, last.end or last.start))
    first_day, last_day = (dates.display(end, c.words.locale, c.ui["dates"]) for end in ends)
    return {"events": c.count("events", len(events)), "first": first_day, "last": last_day,
            "standing": standing}


def _legend(c, b, events, colours) -> ET.Element:
    words = c.ui["pictures"]
    caption = ET.Element("figcaption", {"class": "legend"})
    used = {e.areas[0] for e in events if e.areas}
    row = sub(caption, "span", None, **{"class": "legend-row"})
    sub(row, "span", words["colour_first_area"], **{"class": "legend-heading"})
    for area_id, colour in colours.items():
        if area_id in used:
            swatch(row, "circle", colour, c.t(b.areas[area_id].label))
    if any(not e.areas for e in events):
        swatch(row, "circle", NO_AREA, words["no_area"])
    row = sub(caption, "span", None, **{"class": "legend-row"})
    sub(row, "span", words["date_heading"], **{"class": "legend-heading"})
    swatch(row, "circle", INK, words["date_firm"])
    swatch(row, "circle", INK, words["date_approximate"], fill="#ffffff", w=2)
    swatch(row, "circle", INK, words["date_uncertain"], fill="#ffffff", w=2, dash="2.5 1.5")
    swatch(row, "line", INK, words["date_span"], w=3)
    return caption
