"""How the processes of one render share its pages: each claims pages one at a time, starting
from its own part of the list, so that every process keeps to one language as long as it can.

A page's Markdown is built from lines (an event's entry in a list, an actor's link) that each
process makes once per language and keeps. Dealt out in turns, every page to the next process,
each process made the lines of both languages: at 1,000 events rendering half of each took
1.75-1.91 s, one language whole 1.15-1.52 s (bench/README.md, the eleventh round). The pages
are listed language by language, so the parts the processes start from are the languages when
there are as many processes as languages.

The parts are not dealt out in advance: the parent also writes the downloads, and the shared
machine may slow either process. A process that runs out of its part takes the second half of
the largest run of pages nobody has claimed, so all finish together.
"""

from __future__ import annotations

import multiprocessing
import re

_UNCLAIMED = re.compile(rb"\x00+")


class Shares:
    """``total`` pages shared by ``processes`` forked processes, numbered from 0 (the parent).

    The claims live in shared memory, so they are made before the fork; which process took
    which page is kept (:meth:`taken_by`): a child that dies has its pages rendered again.
    """

    def __init__(self, total: int, processes: int):
        context = multiprocessing.get_context("fork")
        self.total = total
        self._owner = context.RawArray("b", total)  # 0: nobody's yet; else process number + 1
        self._lock = context.Lock()
        self._starts = [total * k // processes for k in range(processes)]

    def claims(self, process: int):
        """Yield the index of each page ``process`` is to render, until none is left."""
        at = self._starts[process]
        while True:
            with self._lock:
                if at >= self.total or self._owner[at]:
                    at = self._largest_gap()
                    if at is None:
                        return
                self._owner[at] = process + 1
            yield at
            at += 1

    def _largest_gap(self) -> int | None:
        """The start of the second half of the longest unclaimed run (its only page if it has
        one), or None when every page is claimed."""
        runs = [match.span() for match in _UNCLAIMED.finditer(bytes(self._owner))]
        if not runs:
            return None
        start, end = max(runs, key=lambda span: span[1] - span[0])
        return (start + end) // 2

    def taken_by(self, process: int) -> list[int]:
        return [i for i, owner in enumerate(bytes(self._owner)) if owner == process + 1]
