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
        self._related: dict[tuple[str, int], list] = {}  # every language asks for the same
        self.events_by = {k: defaultdict(list) for k in ("actor", "agreement", "source", "area")}
        self.agreements_by = {k: defaultdict(list) for k in ("actor", "source", "area")}
        for event in self.events.values():
            for key, ids in (("actor", event.actors), ("agreement", event.agreements),
                             ("source", [c.id for c in event.sources]), ("area", event.areas)):
                for ref in dict.fromkeys(ids):
                    self.events_by[key][ref].append(event)
        self._event_ids_by_actor = {actor: [event.id for event in events]
                                    for actor, events in self.events_by["actor"].items()}
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
        # vars(), not getattr(record, "date", None): pydantic raises, slowly, for a field a
        # model lacks, and lists ask this of thousands of sources.
        return dates.parse(vars(record).get("date") or record.published)

    def neighbours(self, event) -> tuple[Any | None, Any | None]:
        """Previous and next event in time."""
        i = self._position[event.id]
        prev = self._order[i - 1] if i > 0 else None
        nxt = self._order[i + 1] if i + 1 < len(self._order) else None
        return prev, nxt

    def related(self, event, limit: int = 5) -> list:
        """Other events sharing the most actors with this one, nearest in time first.

        An actor such as a country takes part in a large share of all events, so an event has
        hundreds of candidates at 10,000 events: they are counted by ``Counter`` (in C), and
        only those that share at least as many actors as the ``limit``-th best are ranked."""
        if (event.id, limit) in self._related:
            return self._related[event.id, limit]
        shared: Counter[str] = Counter()
        ids = self._event_ids_by_actor
        for actor in event.actors:
            shared.update(ids.get(actor, ()))
        shared.pop(event.id, None)
        candidates = shared.keys()
        if len(shared) > limit:
            least = heapq.nlargest(limit, shared.values())[-1]
            candidates = [i for i, n in shared.items() if n >= least]
        here, day = self._day[event.id], self._day
        order = heapq.nsmallest(limit, candidates,
                                key=lambda i: (-shared[i], abs(day[i] - here), i))
        found = self._related[event.id, limit] = [self.events[i] for i in order]
        return found

    def counts(self) -> dict[str, int]:
        return {"events": len(self.events), "actors": len(self.actors),
                "agreements": len(self.agreements), "sources": len(self.sources),
                "areas": len(self.areas), "pages": len(self.pages)}
