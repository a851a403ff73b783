"""Years × areas: how many events touched each area of cooperation in each year.

Rows are the areas in the order the vocabulary declares them; columns are years, running in the
reading direction (right to left in Arabic). The last row counts the areas active that year, which
is how widening cooperation shows at a glance. One pass over the events (O(n)). Each cell links
to its area's page, or, for an area whose events are listed a year per page, to that year's.
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from .palette import EMPTY, INK, shade
from .svg import FONT, Canvas, figure, sub, text_width

CELL_W, CELL_H, GAP = 44, 24, 2
PAD = 8
HEAD = 22


def area_matrix(b, c) -> Markup | None:
    events = list(b.events.values())
    if not events or not b.areas:
        return None
    counts: Counter = Counter()
    years = set()
    for event in events:
        year = b.when(event).year
        years.add(year)
        for area in dict.fromkeys(event.areas):
            counts[(area, year)] += 1
    columns = list(range(min(years), max(years) + 1))
    most = max(counts.values(), default=1)
    words = c.ui["pictures"]
    labels = {a: c.t(area.label) for a, area in b.areas.items()}
    label_w = min(max(text_width(t, FONT) for t in [*labels.values(), words["areas_active"]]),
                  300)
    left = PAD + label_w + PAD
    width = left + len(columns) * CELL_W + PAD
    rows = list(b.areas)
    height = HEAD + (len(rows) + 1) * CELL_H + 2 * PAD

    svg = Canvas("matrix", width, height, c.words.dir == "rtl", words["matrix_title"],
                 words["matrix_desc"].format(first=columns[0], last=columns[-1]))
    head = sub(svg.root, "g", fill=INK, font_size=11)
    for i, year in enumerate(columns):
        svg.text(head, left + i * CELL_W + CELL_W / 2, HEAD - 6, str(year), "middle")

    grid = sub(svg.root, "g", dominant_baseline="middle")
    for r, area in enumerate(rows):
        top = HEAD + r * CELL_H
        name = sub(grid, "a", href=c.url("areas", area))
        svg.text(name, PAD, top + CELL_H / 2, labels[area], fill=INK)
        for i, year in enumerate(columns):
            n = counts.get((area, year), 0)
            x = left + i * CELL_W + GAP / 2
            fill, ink = shade(n, most)
            cell_x = svg.x(x + CELL_W - GAP) if svg.rtl else x
            cell = {"x": cell_x, "y": top + GAP / 2, "width": CELL_W - GAP,
                    "height": CELL_H - GAP, "rx": 2}
            if not n:
                sub(grid, "rect", fill=EMPTY, **cell)
                continue
            link = sub(grid, "a", href=c.area_year_url(area, year))
            sub(link, "title", words["cell"].format(area=labels[area], year=year,
                                                    events=c.count("events", n)))
            sub(link, "rect", fill=fill, **cell)
            svg.text(link, x + (CELL_W - GAP) / 2, top + CELL_H / 2, str(n), "middle",
                     fill=ink, font_size=11)

    total_y = HEAD + len(rows) * CELL_H + PAD
    totals = sub(svg.root, "g", fill=INK, dominant_baseline="middle", font_weight="bold")
    svg.text(totals, PAD, total_y + CELL_H / 2, words["areas_active"])
    for i, year in enumerate(columns):
        active = sum(1 for area in rows if counts.get((area, year)))
        svg.text(totals, left + i * CELL_W + CELL_W / 2, total_y + CELL_H / 2, str(active),
                 "middle")
    return figure("matrix", svg)
