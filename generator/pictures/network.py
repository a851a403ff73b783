"""Who met or signed with whom: an arc diagram of actors named together.

Actors are rows (names stay horizontal and readable in both scripts), grouped by kind; an arc
joins two actors named in the same event (met) or party to or signing the same agreement
(signed), thicker the more often. Unlike a force layout (quadratic per step), this is linear in
the pairs, which is what lets the build stay fast. Past ``MAX_ACTORS`` only the most connected
are drawn, and past ``MAX_LINKS`` only their strongest links (the description says so); the
actors index under the picture lists everyone, and each actor's page its connections (the
hundred most shared: see ``ActorRenderer``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from markupsafe import Markup

from .palette import EDGE_MET, EDGE_SIGNED, INK, KIND_COLOURS
from .svg import FONT, Canvas, figure, num, shorten, sub, swatch, text_width

KIND_ORDER = ("state", "armed-force", "ministry", "agency", "person", "company",
              "organisation")
MAX_ACTORS = 60
MAX_LINKS = 240  # the strongest links among them: the picture stays a few dozen KB at any size
ROW = 20
PAD = 10
FLAT = 0.45  # an arc is half an ellipse this fraction as wide as it is tall: narrower picture
# characters; longer names are shortened in the picture, whole in the tooltip. At 42 an Arabic
# directorate's name (54 letters) lost its last words; the label column (LABEL_MAX user units)
# keeps the picture inside a desktop column.
NAME_LIMIT = 56
LABEL_MAX = 400


def connections(b) -> dict[tuple[str, str], list[int]]:
    """``{(actor, actor): [events, agreements]}`` for every pair named together (ids sorted)."""
    pairs: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for slot, groups in ((0, (e.actors for e in b.events.values())),
                         (1, ([*a.parties, *a.signatories] for a in b.agreements.values()))):
        for group in groups:
            ids = sorted(set(group))
            for i, one in enumerate(ids):
                for other in ids[i + 1:]:
                    pairs[(one, other)][slot] += 1
    return dict(pairs)


def partners_by_actor(pairs) -> dict[str, list[tuple[str, int, int]]]:
    """``{actor: [(other, events, agreements), ...]}``, most shared first: one pass over pairs."""
    found: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for (one, other), (ev, ag) in pairs.items():
        found[one].append((other, ev, ag))
        found[other].append((one, ev, ag))
    for partners in found.values():
        partners.sort(key=lambda p: (-(p[1] + p[2]), p[0]))
    return dict(found)


def actor_network(b, c, pairs=None) -> Markup | None:
    pairs = connections(b) if pairs is None else pairs
    if not pairs:
        return None
    weight: dict[str, int] = defaultdict(int)
    for (one, other), (ev, ag) in pairs.items():
        weight[one] += ev + ag
        weight[other] += ev + ag
    chosen = sorted(weight, key=lambda a: (-weight[a], a))[:MAX_ACTORS]
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    nodes = sorted(chosen, key=lambda a: (rank.get(b.actors[a].kind, 99), -weight[a], a))
    row_of = {a: i for i, a in enumerate(nodes)}
    edges = sorted(((one, other, ev, ag) for (one, other), (ev, ag) in pairs.items()
                    if one in row_of and other in row_of), key=lambda e: (-(e[2] + e[3]), e))
    cut = len(nodes) < len(weight) or len(edges) > MAX_LINKS
    edges = edges[:MAX_LINKS][::-1]  # the strongest, drawn last so that they lie on top

    names = {a: c.t(b.actors[a].name) for a in nodes}
    label_w = min(max(text_width(shorten(n, NAME_LIMIT), FONT) for n in names.values()), LABEL_MAX)
    axis = PAD + label_w + 10
    reach = (len(nodes) - 1) * ROW / 2 * FLAT  # the widest arc
    width = axis + max(reach, 40) + 2 * PAD
    height = 2 * PAD + len(nodes) * ROW

    words = c.ui["pictures"]
    desc = words["network_desc"].format(actors=c.count("actors", len(nodes)),
                                        pairs=c.count("links", len(edges)),
                                        total=c.count("actors", len(b.actors)))
    if cut:
        desc += " " + words["network_cut"]
    svg = Canvas("network", width, height, c.words.dir == "rtl", words["network_title"], desc)
    # The node column, in user units from the picture's reading start (its left edge in English,
    # its right in Arabic, as before Canvas.x): on a phone pictures.js opens the picture there.
    svg.root.set("data-axis", num(axis))

    def y(actor: str) -> float:
        return PAD + row_of[actor] * ROW + ROW / 2

    arcs = sub(svg.root, "g", fill="none", stroke_opacity=0.6)
    sweep = 0 if svg.rtl else 1
    for one, other, ev, ag in edges:
        y1, y2 = sorted((y(one), y(other)))
        ry = (y2 - y1) / 2
        x = num(svg.x(axis))
        path = f"M{x} {num(y1)}A{num(ry * FLAT)} {num(ry)} 0 0 {sweep} {x} {num(y2)}"
        arc = sub(arcs, "path", d=path, stroke=EDGE_SIGNED if ag else EDGE_MET,
                  stroke_width=min(1 + 0.75 * (ev + ag - 1), 5))
        what = [c.count(noun, n) for noun, n in (("events", ev), ("agreements", ag)) if n]
        sub(arc, "title", words["pair"].format(one=names[one], other=names[other],
                                               what=c.sep.join(what)))

    people = sub(svg.root, "g", fill=INK, dominant_baseline="middle")
    for actor in nodes:
        record = b.actors[actor]
        link = sub(people, "a", href=c.url("actors", actor))
        sub(link, "title", " · ".join([names[actor], c.ui["actor_kind"][record.kind]]))
        sub(link, "circle", cx=svg.x(axis), cy=y(actor), r=4.5,
            fill=KIND_COLOURS.get(record.kind, INK), stroke="#ffffff", stroke_width=1)
        svg.text(link, axis - 10, y(actor), shorten(names[actor], NAME_LIMIT), "end")
    return figure("network", svg, _legend(c, b, nodes))


def _legend(c, b, nodes) -> ET.Element:
    words = c.ui["pictures"]
    caption = ET.Element("figcaption", {"class": "legend"})
    row = sub(caption, "span", None, **{"class": "legend-row"})
    kinds = {b.actors[a].kind for a in nodes}
    for kind in KIND_ORDER:
        if kind in kinds:
            swatch(row, "circle", KIND_COLOURS[kind], c.ui["actor_kinds"][kind],
                   stroke="#ffffff")
    row = sub(caption, "span", None, **{"class": "legend-row"})
    swatch(row, "line", EDGE_MET, words["edge_met"], w=2)
    swatch(row, "line", EDGE_SIGNED, words["edge_signed"], w=2)
    sub(row, "span", words["edge_width"], **{"class": "legend-note"})
    return caption
