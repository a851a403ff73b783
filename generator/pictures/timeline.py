"""The whole timeline as one picture: every event placed by date, one lane per standing.

Reading it: a mark is an event at the middle of the days its date allows; a faint bar under a
mark spans those days when the date is only a month, a year or an interval; a filled mark has a
firm date, a hollow one an approximate date (``~``), a dashed one an uncertain date (``?``). The
colour is the event's first listed area. In a right-to-left language time runs right to left.

Marks that would overlap stack upwards within their lane, in fixed-width bins: one pass over the
events (O(n)), however many there are.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from markupsafe import Markup

from .palette import GRID, INK, NO_AREA, area_colours
from .svg import FONT, Canvas, figure, sub, swatch, text_width

WIDTH = 760
STEP = 12  # one mark's slot: 9 px across plus a gap
RADIUS = 4.5
PAD = 8
LANES = ("official", "reported", "unconfirmed")
AXIS = 30  # room under the lanes for year labels


def _mark_style(when, colour: str) -> dict:
    if when.uncertain:
        return {"fill": "#ffffff", "stroke": colour, "stroke_width": 2,
                "stroke_dasharray": "2.5 1.5"}
    if when.approximate:
        return {"fill": "#ffffff", "stroke": colour, "stroke_width": 2}
    return {"fill": colour, "stroke": "#ffffff", "stroke_width": 1}


def timeline(b, c) -> Markup | None:
    """The timeline picture for one page (``c``: its context, for language, words and links)."""
    events = list(b.events.values())
    if not events:
        return None
    words = c.ui["pictures"]
    colours = area_colours(b.areas)
    whens = [b.when(e) for e in events]
    first_year = min(w.start.first_day.year for w in whens)
    last_year = max(w.last_day.year for w in whens)
    t0 = dt.date(first_year, 1, 1)
    days = (dt.date(last_year + 1, 1, 1) - t0).days

    lanes = [lane for lane in LANES if any(e.standing == lane for e in events)]
    label_w = max(text_width(c.ui["standing"][lane], FONT) for lane in lanes) + 2 * PAD
    left, right = label_w + PAD, WIDTH - PAD

    def pos(day: dt.date) -> float:
        return left + (day - t0).days / days * (right - left)

    # Pass 1: each event's slot (lane, bin, level); the tallest stack sets each lane's height.
    levels: dict[tuple[str, int], int] = {}
    tallest = dict.fromkeys(lanes, 1)
    placed = []
    for event, when in zip(events, whens, strict=True):
        first, last = when.start.first_day, when.last_day
        middle = pos(first + (last - first) / 2)
        key = (event.standing, int((middle - left) // STEP))
        level = levels.get(key, 0)
        levels[key] = level + 1
        tallest[event.standing] = max(tallest[event.standing], level + 1)
        placed.append((event, when, middle, pos(first), pos(last), level))

    tops, y = {}, PAD
    for lane in lanes:
        tops[lane] = y
        y += tallest[lane] * STEP + 2 * PAD
    axis_y = y
    height = axis_y + AXIS

    svg = Canvas("timeline", WIDTH, height, c.words.dir == "rtl", words["timeline_title"],
                 _describe(c, events, whens))
    frame = sub(svg.root, "g", fill="none", stroke=GRID, stroke_width=1)
    for lane in lanes[1:]:
        sub(frame, "line", x1=svg.x(0), x2=svg.x(WIDTH), y1=tops[lane], y2=tops[lane])
    sub(frame, "line", x1=svg.x(left), x2=svg.x(right), y1=axis_y, y2=axis_y, stroke=INK)
    year_w = (right - left) / (last_year - first_year + 1)
    every = max(1, int(34 // year_w) + 1)  # skip year labels that would collide
    labels = sub(svg.root, "g", fill=INK, font_size=11)
    for i, year in enumerate(range(first_year, last_year + 2)):
        x = pos(dt.date(year, 1, 1))
        sub(frame, "line", x1=svg.x(x), x2=svg.x(x), y1=PAD, y2=axis_y + 5)
        if year <= last_year and i % every == 0:
            svg.text(labels, x + year_w / 2, axis_y + 18, str(year), "middle")
    lane_labels = sub(svg.root, "g", fill=INK, dominant_baseline="middle")
    for lane in lanes:
        middle_y = tops[lane] + (tallest[lane] * STEP + 2 * PAD) / 2
        svg.text(lane_labels, PAD, middle_y, c.ui["standing"][lane])

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
    return figure("timeline", svg, _legend(c, b, events, colours))


def _mark_title(c, event) -> str:
    areas = c.sep.join(c.t(c.b.areas[a].label) for a in event.areas)
    parts = [c.date(event), c.t(event.title), c.ui["standing"][event.standing]]
    return " · ".join(parts + ([areas] if areas else []))


def _describe(c, events, whens) -> str:
    first = min(zip(whens, events, strict=True), key=lambda p: p[0].sort_key)[1]
    last = max(zip(whens, events, strict=True), key=lambda p: p[0].last_day)[1]
    counts = {s: sum(e.standing == s for e in events) for s in LANES}
    standing = c.sep.join(f"{c.ui['standing'][s]}: {n}" for s, n in counts.items() if n)
    return c.ui["pictures"]["timeline_desc"].format(
        events=c.count("events", len(events)), first=c.date(first), last=c.date(last),
        standing=standing)


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
