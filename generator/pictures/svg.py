"""A small SVG vocabulary on top of ElementTree, which escapes every text and attribute.

Content (titles, names, labels) only ever reaches a picture as element text or attribute values
set through ElementTree, so a title such as ``</svg><script>`` is serialised as inert text.
Mirroring for right-to-left languages lives here too: pictures lay themselves out left to right
and :meth:`Canvas.x` flips every horizontal position when the page reads right to left. Text is
anchored logically (``start``/``end``) under the page's ``direction``, so labels flip with it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markupsafe import Markup

from ..markdown import one_line

SVG_NS = "http://www.w3.org/2000/svg"
FONT = 13  # user units; the figure scales with the column, so about 12 px on a desktop


def num(value: float) -> str:
    """Coordinates with at most one decimal: enough for a screen, small in bytes."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def clean(text: object) -> str:
    """One line of text: pictures have no room for line breaks from content."""
    return one_line(str(text))


def shorten(text: str, limit: int) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_width(text: str, size: float) -> float:
    """A generous estimate of rendered width (no font metrics at build time)."""
    return len(clean(text)) * size * 0.58


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    """Add a child; ``stroke_width=`` becomes ``stroke-width=``; numbers are formatted."""
    el = ET.SubElement(parent, tag, {
        k.rstrip("_").replace("_", "-"): num(v) if isinstance(v, float | int) else str(v)
        for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = clean(text)
    return el


class Canvas:
    """An ``<svg>`` of a fixed user-space size, laid out left to right, mirrored when rtl."""

    def __init__(self, name: str, width: float, height: float, rtl: bool, title: str,
                 desc: str):
        self.width, self.height, self.rtl = width, height, rtl
        self.root = ET.Element("svg", {
            "xmlns": SVG_NS, "class": f"picture picture-{name}",
            "viewBox": f"0 0 {num(width)} {num(height)}",
            "width": num(width), "height": num(height),
            "direction": "rtl" if rtl else "ltr",
            "font-size": num(FONT), "aria-labelledby": f"{name}-title {name}-desc"})
        sub(self.root, "title", title, id=f"{name}-title")
        sub(self.root, "desc", desc, id=f"{name}-desc")

    def x(self, value: float) -> float:
        """A horizontal position measured from the reading start (left in ltr, right in rtl)."""
        return self.width - value if self.rtl else value

    def text(self, parent, x: float, y: float, text: str, anchor: str = "start",
             **attrs) -> ET.Element:
        """Text whose logical ``anchor`` (start, middle, end) follows the reading direction."""
        return sub(parent, "text", text, x=self.x(x), y=y, text_anchor=anchor, **attrs)


def figure(name: str, svg: Canvas, caption: ET.Element | None = None) -> Markup:
    """The picture as one block of HTML, one element per line (readable diffs, no blank line).

    ``data-search-exclude`` keeps the picture's labels out of the search index: the same words are
    on the page as text already.
    """
    fig = ET.Element("figure", {"class": f"briefing-picture briefing-picture-{name}",
                                "data-search-exclude": ""})
    fig.append(svg.root)
    if caption is not None:
        fig.append(caption)
    ET.indent(fig, space="")
    return Markup(ET.tostring(fig, encoding="unicode", short_empty_elements=True))


def swatch(parent: ET.Element, shape: str, colour: str, label: str, **mark) -> ET.Element:
    """A legend entry for a figcaption: a 14-px SVG key followed by its (escaped) label."""
    item = sub(parent, "span", None, **{"class": "legend-item"})
    key = sub(item, "svg", None, xmlns=SVG_NS, width=14, height=14, viewBox="0 0 14 14",
              **{"aria-hidden": "true"})
    if shape == "line":
        sub(key, "line", x1=1, y1=7, x2=13, y2=7, stroke=colour, stroke_width=mark.get("w", 2),
            stroke_dasharray=mark.get("dash"))
    elif shape == "square":
        sub(key, "rect", x=1, y=1, width=12, height=12, fill=colour,
            stroke=mark.get("stroke"))
    else:
        sub(key, "circle", cx=7, cy=7, r=5, fill=mark.get("fill", colour),
            stroke=mark.get("stroke", colour), stroke_width=mark.get("w", 1.5),
            stroke_dasharray=mark.get("dash"))
    key.tail = " "
    sub(item, "span", label)
    return item
