"""Write one language's search index as small static files the browser fetches on demand.

Layout under ``search/<locale>/`` (``<locale>`` as in the site config):

- ``meta.json``: index version, number of pages, and the first term of every term shard. The
  worker loads it when the page loads: at most about ``MAX_SHARDS`` entries (Arabic synthetic
  briefing: 4.5 KB at 1,000 events, 14.5 KB at 10,000).
- ``t/<n>.json``: term shards. All terms in code-unit order (the order of ``<`` on JavaScript
  strings), cut into files of about ``SHARD_BYTES`` (larger past ``MAX_SHARDS``); each maps a
  term to its postings, the numbers ``page gap, weight, page gap, weight, ...`` (page ids
  ascending, stored as gaps) written as one string of base-32 digits (``encode_numbers``). A word
  on every page has one posting per page: as JSON numbers ("1,20,") that was 6 bytes each and
  most of a first search at 10,000 events; as digits it is 2 or 3 (a gap of 1 is one digit, a
  weight one or two). A query word needs the one shard its term falls in, plus the next ones
  while they still start with it (prefix search while typing; fetched one by one, only until the
  worker has the most terms one prefix may stand for). Shards are small because a reader fetches
  one per reading of each word typed (an Arabic word with clitics has up to four) and uses one
  term of it: with 12 KB shards, most of what the first search fetched at 1,000 events was terms
  nobody typed.
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
# Digits of the postings strings: a number is written in base 32, most significant digit first;
# every digit but the last is taken from _MORE, the last from _FINAL, so numbers need no separator.
# Plain ASCII letters and digits (and "_-"): one byte each in UTF-8, nothing to escape in JSON.
_FINAL = "0123456789abcdefghijklmnopqrstuv"
_MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-"


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


def encode_numbers(numbers: list[int]) -> str:
    """Non-negative integers as one string of base-32 digits (read by the worker's ``numbers``)."""
    out = []
    for number in numbers:
        digits = [_FINAL[number % 32]]
        number //= 32
        while number:
            digits.append(_MORE[number % 32])
            number //= 32
        out.extend(reversed(digits))
    return "".join(out)


def decode_numbers(code: str) -> list[int]:
    """The integers of ``encode_numbers``, as the worker reads them."""
    numbers, value = [], 0
    for char in code:
        if char in _MORE:
            value = value * 32 + _MORE.index(char)
        else:
            numbers.append(value * 32 + _FINAL.index(char))
            value = 0
    return numbers


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

    entries: list[tuple[str, str, int]] = []
    for term in sorted(postings, key=code_unit_order):
        flat: list[int] = []
        previous = 0
        for page_id, weight in postings[term]:  # ascending page ids
            flat += [page_id - previous, weight]
            previous = page_id
        code = encode_numbers(flat)
        entries.append((term, code, len(_dump({term: code}))))
    limit = max(SHARD_BYTES, sum(size for _, _, size in entries) // MAX_SHARDS)
    shards: list[dict[str, str]] = [{}]
    size = 0
    for term, code, entry in entries:
        if size and size + entry > limit:
            shards.append({})
            size = 0
        shards[-1][term] = code
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
