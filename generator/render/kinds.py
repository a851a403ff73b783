"""The page kinds. Each renderer decides which pages exist and hands its template the records.

Keeping each kind in one small class (not one big template) is what lets the golden tests
cover each page kind on its own, and lets a new kind be added without touching the others.
"""

from __future__ import annotations

from collections import defaultdict

from ..pictures.network import KIND_ORDER, connections, partners_by_actor
from .base import Page, Renderer
from .context import (
    AGREEMENTS,
    INDEX_PATHS,
    SOURCES,
    TIMELINE,
    Listing,
    events_of,
    has_year_pages,
    record_path,
)


def by_year(b, records) -> dict[int, list]:
    """``records`` under their years, both in the order given."""
    years: dict[int, list] = defaultdict(list)
    for record in records:
        years[b.when(record).year].append(record)
    return dict(years)


def year_counts(years: dict[int, list]) -> dict[int, int]:
    return {year: len(records) for year, records in years.items()}


def year_pages(years: dict[int, list], listing: Listing, key: str = "events",
               template: str = "year.md.j2", **data):
    """One page per year of a list too long for one page (:func:`context.has_year_pages`),
    its records under ``key`` and ``data`` beside them, each page leading to the years on
    either side."""
    order = sorted(years)
    for i, year in enumerate(order):
        yield Page(listing.path(year), template, {
            **data, key: years[year], "year": year, "listing": listing,
            "earlier": order[i - 1] if i > 0 else None,
            "later": order[i + 1] if i + 1 < len(order) else None})


def split_by_year(b, records: list, listing: Listing, key: str = "events",
                  template: str = "year.md.j2", **data) -> tuple[dict, list[Page]]:
    """What the page of a list shows of it (its records under ``key``, how many each year has,
    whether they are on pages of their own), and those year pages: none for a short list.
    The list's page keeps every record it counts, so its "last updated" follows them."""
    years = by_year(b, records)
    split = has_year_pages(len(records))
    shown = {key: records, "by_year": year_counts(years), "year_pages": split, "listing": listing}
    return shown, list(year_pages(years, listing, key, template, **data)) if split else []


class HomeRenderer(Renderer):
    kind = "home"

    def pages(self, b):
        home = b.pages.get("home")
        latest = list(b.events.values())[-5:][::-1]
        yield Page(INDEX_PATHS["home"], "home.md.j2", {"page": home, "latest": latest})


class TextPageRenderer(Renderer):
    """Hand-written pages other than home (methodology…): headings and paragraphs of text."""

    kind = "page"

    def pages(self, b):
        for page in b.pages.values():
            if page.id != "home":
                yield Page(record_path("pages", page.id), "page.md.j2", {"page": page})


class TimelineRenderer(Renderer):
    """Every event, newest first, under its year's heading.

    A long timeline (:func:`context.has_year_pages`) lists each year on a page of its own
    (``timeline/<year>.md``); the timeline keeps the picture and every year's heading (its
    ``#year`` anchor, which readers cite) with a link to that page.
    """

    kind = "timeline"

    def pages(self, b):
        # newest first, as a briefing reads
        years = by_year(b, reversed(list(b.events.values())))
        split = has_year_pages(len(b.events))
        yield Page(INDEX_PATHS["timeline"], "timeline.md.j2",
                   {"years": years, "year_pages": split, "listing": TIMELINE})
        if split:
            yield from year_pages(years, TIMELINE)


class EventRenderer(Renderer):
    kind = "event"

    def pages(self, b):
        for event in b.events.values():
            previous, following = b.neighbours(event)
            yield Page(record_path("events", event.id), "event.md.j2", {
                "event": event, "previous": previous, "next": following,
                "related": b.related(event)})


class ActorRenderer(Renderer):
    """An actor, its events (oldest first), agreements, partners and members. An actor in many
    events (:func:`context.has_year_pages`) lists each year's on a page of its own
    (``actors/<actor>/<year>.md``) and links to them instead. Its partners are listed most
    shared first, up to ``PARTNERS_LISTED``; the rest are counted: a country in nearly every
    event is named with nearly every actor (1,000 at 10,000 events in the benchmark, a quarter
    of the heaviest page), and each of them lists the country on its own page."""

    kind = "actor"
    PARTNERS_LISTED = 100

    def pages(self, b):
        partners = partners_by_actor(connections(b))  # once for all actors: O(pairs)
        members: dict[str, list] = defaultdict(list)
        for other in b.actors.values():
            for parent in dict.fromkeys(p for p in (other.affiliation, other.country) if p):
                members[parent].append(other)
        for actor in b.actors.values():
            events, years = split_by_year(b, b.events_by["actor"].get(actor.id, []),
                                          events_of("actors", actor.id))
            theirs = partners.get(actor.id, [])
            yield Page(record_path("actors", actor.id), "actor.md.j2", {
                "actor": actor, **events,
                "agreements": b.agreements_by["actor"].get(actor.id, []),
                "members": members.get(actor.id, []),
                "partners": [(b.actors[other], ev, ag)
                             for other, ev, ag in theirs[:self.PARTNERS_LISTED]],
                "partners_unlisted": max(0, len(theirs) - self.PARTNERS_LISTED)})
            yield from years


class ActorIndexRenderer(Renderer):
    kind = "actors"

    def pages(self, b):
        groups: dict[str, list] = defaultdict(list)
        for actor in b.actors.values():
            groups[actor.kind].append(actor)
        grouped = {k: groups[k] for k in KIND_ORDER if groups.get(k)}
        counts = {a: len(b.events_by["actor"].get(a, [])) for a in b.actors}
        # The network picture draws from every event and agreement: naming them as this page's
        # records is what makes the live preview redraw it when one of them changes.
        yield Page(INDEX_PATHS["actors"], "actors.md.j2", {
            "groups": grouped, "counts": counts, "drawn_from": [
                *b.events.values(), *b.agreements.values()]})


class AgreementRenderer(Renderer):
    kind = "agreement"

    def pages(self, b):
        for agreement in b.agreements.values():
            yield Page(record_path("agreements", agreement.id), "agreement.md.j2", {
                "agreement": agreement,
                "events": b.events_by["agreement"].get(agreement.id, [])})


class AgreementRegisterRenderer(Renderer):
    """Every agreement in a table, or, when there are many (:func:`context.has_year_pages`),
    each year's on a page of its own (``agreements/years/<year>.md``)."""

    kind = "agreements"

    def pages(self, b):
        yield from _register(b, list(b.agreements.values()), AGREEMENTS, "agreements")


class AreaRenderer(Renderer):
    """An area's agreements and events, oldest first. An area with many events
    (:func:`context.has_year_pages`) lists each year's on a page of its own
    (``areas/<area>/<year>.md``) and links to them instead."""

    kind = "area"

    def pages(self, b):
        for area in b.areas.values():
            events, years = split_by_year(b, b.events_by["area"].get(area.id, []),
                                          events_of("areas", area.id), area=area)
            yield Page(record_path("areas", area.id), "area.md.j2", {
                "area": area, **events,
                "agreements": b.agreements_by["area"].get(area.id, [])})
            yield from years


class AreaIndexRenderer(Renderer):
    kind = "areas"

    def pages(self, b):
        counts = {a: len(b.events_by["area"].get(a, [])) for a in b.areas}
        # The matrix draws from every event (its year and areas): see ActorIndexRenderer.
        yield Page(INDEX_PATHS["areas"], "areas.md.j2", {
            "areas": list(b.areas.values()), "counts": counts,
            "drawn_from": list(b.events.values())})


class SourceRenderer(Renderer):
    kind = "source"

    def pages(self, b):
        for source in b.sources.values():
            yield Page(record_path("sources", source.id), "source.md.j2", {
                "source": source, "events": b.events_by["source"].get(source.id, []),
                "agreements": b.agreements_by["source"].get(source.id, [])})


class SourceIndexRenderer(Renderer):
    """Every source in a table, or, when there are many (:func:`context.has_year_pages`),
    each year's on a page of its own (``sources/years/<year>.md``)."""

    kind = "sources"

    def pages(self, b):
        yield from _register(b, list(b.sources.values()), SOURCES, "sources")


def _register(b, records: list, listing: Listing, key: str):
    """An index's page (its template named for ``key``, its records under ``key``) and, for a
    long one, its year pages in the same template; the index then links to them instead."""
    template = f"{key}.md.j2"
    shown, years = split_by_year(b, records, listing, key, template, year_pages=False)
    yield Page(INDEX_PATHS[key], template, {**shown, "year": None})
    yield from years


RENDERERS: list[Renderer] = [
    HomeRenderer(), TextPageRenderer(), TimelineRenderer(), EventRenderer(), ActorRenderer(),
    ActorIndexRenderer(), AgreementRenderer(), AgreementRegisterRenderer(), AreaRenderer(),
    AreaIndexRenderer(), SourceRenderer(), SourceIndexRenderer(),
]
