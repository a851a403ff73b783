"""Python's collection of cyclic garbage, kept out of the stages that only build up data.

A collection of the oldest generation scans every object the process holds. Loading,
validating and computing the pages' data make millions of objects that live until the build
ends and almost never form cycles, and each batch of them sets off another collection that
scans all the earlier ones again, freeing nothing: a cost that grows faster than the content.
Paused, at 10,000 events (bench/README.md): validation 2.1-2.3 s -> 0.8 s, the pages' data
before rendering 1.6-2.1 s -> 1.2-1.3 s (loading gains less than the noise; it is paused for
the same reason). The end of a build makes the same kind of data in one go: the search
entries of the language built in a child, read back; moving that language's files into the
site; the search indexes' tables of terms. Each set off a collection of 0.4-0.5 s at 10,000
events. What a paused stage leaves as cyclic garbage (the odd exception from a content
mistake) is collected after it, as usual.

Collection coming back is not free either: every object made while it was paused is still in
the youngest generation, so the first collection after the pause scans them all, to find that
they live on: 0.41-0.48 s after loading 10,000 events, 0.15-0.21 s after validating them,
then 0.58-0.60 s when the middle generation they were moved to was scanned in turn. The
stages whose data lives on (``pausing``, the pages' data) move it into the oldest generation
instead, unscanned (:func:`paused`'s ``aged``), where the next full collection looks at it, as
it would have anyway.

The MkDocs build is not paused: its pages' objects do form cycles (with collection off, a
build of 1,000 events held twice the memory).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import wraps


@contextmanager
def paused(aged: bool = False):
    """No automatic collection inside; the state before is restored after (so pauses nest,
    and a caller that paused collection itself, as the live preview does, keeps it paused).

    ``aged``: what lives on after it joins the oldest generation as collection resumes. Freezing
    and unfreezing at once does that: ``gc.unfreeze`` puts every frozen object back into the
    oldest generation. Only when nothing was frozen before: what another part froze (the live
    preview's last full build, generator/serve.py) stays frozen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if aged and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def pausing(func):
    """``func`` run with collection :func:`paused`; what it makes lives on (``aged``)."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with paused(aged=True):
            return func(*args, **kwargs)

    return wrapper
