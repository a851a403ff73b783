"""Write one language's search index as small static files the browser fetches on demand.

Layout under ``search/<locale>/`` (``<locale>`` as in the site config):

- ``meta.json``: index version, number of pages, and the first term of every term shard. The
  worker loads it when the page loads (a few KB even at thousands of pages: at most about
  ``MAX_SHARDS`` entries).
- ``t/<n>.json``: term shards. All terms in code-unit order (the order of ``<`` on JavaScript
  strings), cut into files of about ``SHARD_BYTES``; each maps a term to its postings, a flat list
  ``[page gap, weight, page gap, weight, ...]`` (page ids ascending, stored as gaps). A query
  word needs the one shard its term falls in, plus the next ones while they still start with it
  (prefix search while typing). Shards are small because a reader fetches one per reading of
  each word typed (an Arabic word with clitics has up to four) and uses one term of it: at 1,000
  events a 12 KB shard carried ~10 KB nobody asked for, per reading.
- ``p/<id>.json``: one page: URL, title (left out when it is the first section's heading, as it
  always is for built pages) and sections (anchor, heading, plain text cut at ``EXCERPT_CHARS``)
  for result titles, excerpts and highlighting. Only the pages shown are fetched. The whole text
  is indexed; only what a result can show is shipped.

Material's own lunr index sends every page of every language to every reader before the first
search; this layout keeps the first search to the shards and pages it needs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .collect import Section
from .normalise import terms, words

SHARD_BYTES = 4_000  # smallest shard size; larger when there would be more than MAX_SHARDS
MAX_SHARDS = 1_000  # meta.json lists each shard's first term, fetched with every page
EXCERPT_CHARS = 600  # text kept per section in p/<id>.json
# How much one occurrence counts, by where it is.
# Even numbers: half of the smallest (a reading without clitics, VARIANT) is still a whole number.
WEIGHT = {"title": 20, "heading": 6, "text": 2, "alias": 12, "linked": 2}
VARIANT = 0.5  # a match only after taking clitics off counts half
MAX_WEIGHT = 255


@dataclass
class SearchPage:
    """One page of one language, as the index sees it."""

    url: str  # site-relative, no leading slash ("ar/events/x/")
    title: str
    sections: list[Section]
    aliases: list[str] = field(default_factory=list)  # its titles in the other languages
    linked: list[str] = field(default_factory=list)  # other-language titles of pages it links to


def _add(scores: dict[str, float], text: str, weight: float) -> None:
    for word in words(text):
        for term, as_written in terms(word):
            scores[term] = scores.get(term, 0.0) + (weight if as_written else weight * VARIANT)


def page_terms(page: SearchPage) -> dict[str, int]:
    """Term → integer weight (1..255) for one page."""
    scores: dict[str, float] = {}
    _add(scores, page.title, WEIGHT["title"])
    for section in page.sections:
        if section.anchor:
            _add(scores, section.title, WEIGHT["heading"])
        _add(scores, section.text, WEIGHT["text"])
    for alias in page.aliases:
        _add(scores, alias, WEIGHT["alias"])
    for alias in page.linked:
        _add(scores, alias, WEIGHT["linked"])
    return {term: max(1, min(MAX_WEIGHT, round(score))) for term, score in scores.items()}


def code_unit_order(term: str) -> bytes:
    """Sort key equal to JavaScript's string ``<`` (UTF-16 code units)."""
    return term.encode("utf-16-be")


def _cut(text: str) -> str:
    """At most EXCERPT_CHARS characters, ending at a word boundary."""
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[: cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS]


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_files(pages: list[SearchPage]) -> dict[str, bytes]:
    """Every file of one language's index, by path relative to ``search/<locale>/``."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    files: dict[str, bytes] = {}
    for page_id, page in enumerate(pages):
        for term, weight in page_terms(page).items():
            postings[term].append((page_id, weight))
        record = {"u": page.url, "t": page.title,
                  "s": [[s.anchor, s.title, _cut(s.text)] for s in page.sections]}
        if page.sections and page.sections[0].title == page.title:
            del record["t"]  # the worker reads the first section's heading
        files[f"p/{page_id}.json"] = _dump(record)

    entries: list[tuple[str, list[int], int]] = []
    for term in sorted(postings, key=code_unit_order):
        flat: list[int] = []
        previous = 0
        for page_id, weight in postings[term]:  # ascending page ids
            flat += [page_id - previous, weight]
            previous = page_id
        entries.append((term, flat, len(_dump({term: flat}))))
    limit = max(SHARD_BYTES, sum(size for _, _, size in entries) // MAX_SHARDS)
    shards: list[dict[str, list[int]]] = [{}]
    size = 0
    for term, flat, entry in entries:
        if size and size + entry > limit:
            shards.append({})
            size = 0
        shards[-1][term] = flat
        size += entry
    if not shards[-1]:
        shards.pop()
    for number, shard in enumerate(shards):
        files[f"t/{number}.json"] = _dump(shard)

    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(files[path])
    files["meta.json"] = _dump({
        "v": digest.hexdigest()[:12],
        "pages": len(pages),
        "shards": [next(iter(shard)) for shard in shards],
    })
    return files


def write_index(pages: list[SearchPage], folder: Path) -> dict[str, bytes]:
    """Replace ``folder`` with this language's index; returns the files written."""
    files = build_files(pages)
    if folder.exists():
        shutil.rmtree(folder)
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return files
