"""Progress of a long build, on stderr: a build of thousands of records takes minutes, and an
editor should see it moving, not a silent terminal.

``python -m generator build`` turns it on (``BRIEFING_PROGRESS=1``); the live preview and the
tests leave it off. It speaks only when a stage has at least ``BRIEFING_PROGRESS_MIN`` items
(1000 by default): a small build finishes before progress would help. Rendering reports here;
MkDocs' part is reported by ``generator/progress_hooks.py`` (an MkDocs hook, loaded by path, so
it repeats these few lines rather than importing them).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

MIN_ITEMS = 1000
STEPS = 10  # a line at every 10 %


class Meter:
    """Counts items of one stage and prints ``what: done/total (pct%)`` at every tenth."""

    def __init__(self, what: str, total: int, unit: str = "pages"):
        self.what, self.total, self.unit = what, total, unit
        minimum = int(os.environ.get("BRIEFING_PROGRESS_MIN", MIN_ITEMS))
        self.on = os.environ.get("BRIEFING_PROGRESS") == "1" and total >= max(1, minimum)
        self.shown = 0

    def update(self, done: int) -> None:
        if not self.on:
            return
        tenth = done * STEPS // self.total
        # Several processes render at once and this one counts their pages when it can: a
        # jump over a tenth still prints that tenth, with the first count that reaches it.
        for step in range(self.shown + 1, tenth + 1):
            count = done if step == tenth else -(-step * self.total // STEPS)
            # One write per line, never print(): unbuffered (PYTHONUNBUFFERED, -u), print()
            # writes the text and its newline in two writes, and another process of the build
            # writing at the same time lands in between (seen with the two languages' MkDocs
            # builds: "MkDocs (ar): 4/18 pages (20%)MkDocs (en): ...").
            sys.stderr.write(f"{self.what}: {count:,}/{self.total:,} {self.unit} "
                             f"({step * 100 // STEPS}%)\n")
            sys.stderr.flush()
        self.shown = max(self.shown, tenth)


@contextmanager
def reporting():
    """Turn progress on for one build (the MkDocs hook reads the same variable), then restore."""
    saved = os.environ.get("BRIEFING_PROGRESS")
    os.environ["BRIEFING_PROGRESS"] = "1"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("BRIEFING_PROGRESS", None)
        else:
            os.environ["BRIEFING_PROGRESS"] = saved
