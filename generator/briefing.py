"""The validated briefing: every record, by id, with the cross-references readers follow.

Renderers only read from here. Indexes that several page kinds need (events per actor, per
source, per area…) are computed once, on construction, not by each renderer.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from . import dates


def record_date(record) -> dates.EDTF:
    """A record's date (a source's: when it was published); for callers without the briefing
    (a page's front matter, generator/publish.py)."""
    # vars(), not getattr(record, "date", None): pydantic raises, slowly, for a field a
    # model lacks, and lists ask this of thousands of sources.
    return dates.parse(vars(record).get("date") or record.published)


@dataclass
class Briefing:
    models: SimpleNamespace
    config: Any
    sources: dict[str, Any]
    actors: dict[str, Any]
    agreements: dict[str, Any]
    events: dict[str, Any]
    pages: dict[str, Any]
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> file name

    def __post_init__(self) -> None:
        by_date = lambda r: dates.parse(r.date).sort_key  # noqa: E731
        self.events = dict(sorted(self.events.items(), key=lambda kv: by_date(kv[1])))
        self.agreements = dict(sorted(self.agreements.items(), key=lambda kv: by_date(kv[1])))
        self.sources = dict(sorted(self.sources.items(),
                                   key=lambda kv: dates.parse(kv[1].published).sort_key))
        self.areas = {a.id: a for a in self.config.areas}
        self._order = list(self.events.values())
        self._position = {e.id: i for i, e in enumerate(self._order)}
        self._day = {e.id: self.when(e).start.first_day.toordinal() for e in self._order}
        self._by_day = sorted(self._day, key=self._day.__getitem__)  # related(): nearest first
        self._by_day_position = {i: n for n, i in enumerate(self._by_day)}
        self._actor_sets = {e.id: frozenset(e.actors) for e in self._order}
        self._related: dict[tuple[str, int], list[str]] = {}  # every language asks the same
        self.events_by = {k: defaultdict(list) for k in ("actor", "agreement", "source", "area")}
        self.agreements_by = {k: defaultdict(list) for k in ("actor", "source", "area")}
        for event in self.events.values():
            for key, ids in (("actor", event.actors), ("agreement", event.agreements),
                             ("source", [c.id for c in event.sources]), ("area", event.areas)):
                for ref in dict.fromkeys(ids):
                    self.events_by[key][ref].append(event)
        self._event_ids_by_actor = {actor: [event.id for event in events]
                                    for actor, events in self.events_by["actor"].items()}
        # related(): each heavy actor is a bit, each event the bits of its heavy actors
        bits = {actor: 1 << n for n, actor in enumerate(
            a for a, ids in self._event_ids_by_actor.items() if len(ids) > self.HEAVY)}
        self._heavy_bits = {i: sum(bits.get(a, 0) for a in actors)
                            for i, actors in self._actor_sets.items()}
        for agreement in self.agreements.values():
            for key, ids in (("actor", [*agreement.parties, *agreement.signatories]),
                             ("source", [c.id for c in agreement.sources]),
                             ("area", agreement.areas)):
                for ref in dict.fromkeys(ids):
                    self.agreements_by[key][ref].append(agreement)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.models.languages

    def when(self, record) -> dates.EDTF:
        """A record's date (a source's: when it was published)."""
        return record_date(record)

    def neighbours(self, event) -> tuple[Any | None, Any | None]:
        """Previous and next event in time."""
        i = self._position[event.id]
        prev = self._order[i - 1] if i > 0 else None
        nxt = self._order[i + 1] if i + 1 < len(self._order) else None
        return prev, nxt

    # An actor in more events than this (a country, in nearly every event of a real briefing)
    # is not counted event by event in related(): see there.
    HEAVY = 64

    def related(self, event, limit: int = 5) -> list:
        """Other events sharing the most actors with this one, nearest in time first.

        The events of each of this event's actors are counted by ``Counter`` (in C), except
        for heavy actors (more than ``HEAVY`` events): counting those for every event made
        this quadratic (two countries in every one of 10,000 events: 25 s). An event that
        shares more actors than this event has heavy ones must share a light one, so it is
        among those counted. Should fewer than ``limit`` of them be found, the places left go
        to the nearest in time of those that share at most the heavy ones: found by walking
        out from this event in time until enough of them share as many actors as this event
        has heavy ones (a heavy actor is in many events, so the walk is short); none further
        away can rank higher. The heavy actors two events share are the bits both have in
        ``_heavy_bits`` (counted one by one, they were half of the ranking's time at 10,000
        events); an id is listed once per list (validation says so), so a bit counts once.
        The result is the same as ranking every event (tests/test_render.py checks it).
        """
        order = self._related.get((event.id, limit))
        if order is None:
            order = self._related[event.id, limit] = self._rank(event, limit)
        return [self.events[i] for i in order]

    def _related_inputs(self) -> tuple:
        """All that :meth:`related` ranks by: every event's day and actors (ids included)."""
        return self.HEAVY, self._day, self._actor_sets

    def reuse_related(self, previous: Briefing) -> None:
        """Take the related events ``previous`` ranked (the live preview's briefing before an
        edit) if no event was added, removed, moved in time or given other actors. An edit to
        a title or a summary then ranks nothing again (with two countries in nearly every
        event, ranking all 1,000 events of a briefing takes 0.07 s of the edit's 1.2-1.8 s)."""
        if previous._related_inputs() == self._related_inputs():
            self._related = previous._related

    def _rank(self, event, limit: int) -> list[str]:
        ids, day, here = self._event_ids_by_actor, self._day, self._day[event.id]
        shared: Counter[str] = Counter()
        for actor in event.actors:
            theirs = ids.get(actor, ())
            if len(theirs) <= self.HEAVY:
                shared.update(theirs)
        shared.pop(event.id, None)
        bits, mine = self._heavy_bits, self._heavy_bits[event.id]
        if mine:  # the heavy actors it shares with another event: the bits both have
            light, heavy = shared, mine.bit_count()

            def count(other: str) -> int:
                return light.get(other, 0) + (bits[other] & mine).bit_count()

            # count(), inlined: at 10,000 events this runs 600,000 times
            shared = Counter({i: n for i, k in light.items()
                              if (n := k + (bits[i] & mine).bit_count()) > heavy})
            if len(shared) < limit:
                shared.update(self._nearest_sharing(event, count, heavy, limit - len(shared)))
        least = heapq.nlargest(limit, shared.values())[-1] if len(shared) > limit else 0
        ranked = heapq.nsmallest(limit, [(-n, abs(day[i] - here), i)  # tuples: no key calls
                                         for i, n in shared.items() if n >= least])
        return [i for _, _, i in ranked]

    def _nearest_sharing(self, event, count, most: int, need: int) -> dict[str, int]:
        """{id: actors shared} of the events nearest in time to ``event`` that share between
        one and ``most`` actors with it (``count``), up to the distance by which ``need`` of
        them share ``most`` (every event at that distance included, for the ranking's ties)."""
        order, day, here = self._by_day, self._day, self._day[event.id]
        at = self._by_day_position[event.id]
        lo, hi = at - 1, at + 1
        found: dict[str, int] = {}
        full, limit = 0, None
        while lo >= 0 or hi < len(order):
            before = here - day[order[lo]] if lo >= 0 else None
            after = day[order[hi]] - here if hi < len(order) else None
            if after is None or (before is not None and before <= after):
                other, distance, lo = order[lo], before, lo - 1
            else:
                other, distance, hi = order[hi], after, hi + 1
            if limit is not None and distance > limit:
                break
            n = count(other)
            if 0 < n <= most:
                found[other] = n
                full += n == most
                if full == need and limit is None:
                    limit = distance
        return found

    def counts(self) -> dict[str, int]:
        return {"events": len(self.events), "actors": len(self.actors),
                "agreements": len(self.agreements), "sources": len(self.sources),
                "areas": len(self.areas), "pages": len(self.pages)}
