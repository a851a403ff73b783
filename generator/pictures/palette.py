"""Colours. Areas get a qualitative palette in config order; counts get a sequential one.

Every colour keeps at least 3:1 contrast against white (WCAG 1.4.11 for graphics), so a hollow
mark is still visible, and the marks' shapes (filled, hollow, dashed) carry the date's certainty
without colour, so the pictures also read in grey print.
"""

from __future__ import annotations

AREA_COLOURS = (
    "#1f5fa8",  # blue
    "#c0392b",  # red
    "#2e7d32",  # green
    "#7b3fa0",  # purple
    "#c25e00",  # orange
    "#00838f",  # cyan
    "#8d5524",  # brown
    "#c2185b",  # pink
    "#5f6b7a",  # slate
    "#7c7c00",  # olive
    "#1a237e",  # navy
    "#9e7700",  # dark gold
    "#880e4f",  # wine
    "#212121",  # near black
)

NO_AREA = "#6b7280"

KIND_COLOURS = {
    "state": "#1f5fa8", "armed-force": "#2e7d32", "ministry": "#7b3fa0", "agency": "#b35806",
    "company": "#c0392b", "person": "#4e5d6c", "organisation": "#00796b",
}

EDGE_MET = "#1f5fa8"
EDGE_SIGNED = "#b35806"

# Sequential blues for counts, from one record to the most, each with a text colour that
# reads on it at 4.5:1 or better.
SHADES = (("#dbe9f6", "#1b2a3a"), ("#9dc3e6", "#1b2a3a"), ("#6fa6d6", "#1b2a3a"),
          ("#2f6fb0", "#ffffff"), ("#0d3b6e", "#ffffff"))
EMPTY = "#f3f4f6"
GRID = "#c9ced6"
BAR = "#2f6fb0"  # the timeline's bars when it counts events (SHADES' fourth: 5:1 on white)
INK = "#374151"
PAPER = "#ffffff"  # the page behind the pictures (the site has one, light, colour scheme)


def area_colours(areas) -> dict[str, str]:
    """One colour per area id, in the order the vocabulary is declared."""
    return {area_id: AREA_COLOURS[i % len(AREA_COLOURS)] for i, area_id in enumerate(areas)}


def shade(count: int, most: int) -> tuple[str, str]:
    """(fill, text colour) for a count among counts up to ``most``; empty cells are grey."""
    if count <= 0:
        return EMPTY, INK
    step = min(len(SHADES) - 1, (count - 1) * len(SHADES) // max(most, 1))
    return SHADES[step]


def contrast(a: str, b: str = "#ffffff") -> float:
    """WCAG contrast ratio between two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
