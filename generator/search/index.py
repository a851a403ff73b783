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

The live preview writes both indexes again after every edit, in the same process. What each
write made is kept per index folder (:class:`IndexState`): a page's terms are computed once per
distinct content of the page, and when the pages are the same addresses as last time, only the
postings of the terms whose weight changed on some page are encoded again and only the shards and
page files that hold them dumped again; only the files whose bytes changed are written (an edited
title changes its page, the shards of its words and ``meta.json``: a few of thousands of files).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from array import array
from bisect import insort
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache, partial
from json.encoder import encode_basestring
from pathlib import Path

from ..child import Child, workers
from ..writer import Writer
from .collect import Section
from .normalise import terms, words

SHARD_BYTES = 4_000  # smallest shard size; larger when there would be more than MAX_SHARDS
MAX_SHARDS = 1_000  # meta.json lists each shard's first term, fetched with every page
# Text kept per section in p/<id>.json: what a result's excerpt can show. At 600 characters a
# match further down a long section (a home page's, an actor's description) had no excerpt;
# at 2,000, 4 of the real briefing's 525 English sections are cut, for 22% more bytes in p/
# (a first search fetches the few pages it shows).
EXCERPT_CHARS = 2000
# How much one occurrence counts, by where it is; "dated" is the date of the record a page is
# about, as the page shows it (SearchPage.dated). Four times the weights first chosen (20, 6, 2,
# 12, 2), so that a count that saturates (below) still rounds to distinct whole numbers.
# Even numbers: half of the smallest (a reading without clitics, VARIANT) is still a whole number.
WEIGHT = {"title": 80, "heading": 24, "dated": 24, "text": 8, "alias": 48, "linked": 8}
TITLE_SHORT = 2  # a title of n words counts (1 + TITLE_SHORT / n) times WEIGHT["title"]
VARIANT = 0.5  # a match only after taking clitics off counts half
# A word's count in a page's text saturates, as in BM25 (k1, b): c × (k1 + 1) / (c + k1 × (1 - b
# + b × length / TEXT_WORDS)), where length is the page's words, never fewer than TEXT_WORDS
# (about the mean page of the briefing): one mention in a page of that length counts 1, the
# thirteenth adds little, and a page longer than that weighs the same count a little less.
# Counted straight, the methodology page, which writes "2022" thirteen times in 989 words, came
# first for "2022". BM25's usual k1 = 1.2, b = 0.75 put the events of 2022 behind actors that
# name them once: an English event page carries its quotes' Arabic originals, long for its
# English words; and a short page is not more about a word it writes once. A constant length,
# not this build's mean: a page's weights depend on the page alone, so the live preview
# re-weighs only the pages it rebuilt.
TEXT_K1, TEXT_B, TEXT_WORDS = 2.0, 0.3, 200
MAX_WEIGHT = 1023  # two base-32 digits
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
    dated: str = ""  # the date of the record it is about, as it shows it (publish.page_dated)

    def content(self) -> tuple:
        """What the page's terms depend on (not its URL): the key of ``_weigh``'s reuse."""
        return (self.title, tuple(self.sections), tuple(self.aliases), tuple(self.linked),
                self.dated)


# A page's terms: the terms, and each one's weight (1..MAX_WEIGHT) in the same order.
# Two compact sequences rather than a dict: the preview keeps one per page between builds.
Weights = tuple[tuple[str, ...], array]


@lru_cache(maxsize=50_000)
def _short_text_scores(text: str) -> tuple[int, tuple[tuple[str, float], ...]]:
    return _text_scores(text)


def _text_scores(text: str) -> tuple[int, tuple[tuple[str, float], ...]]:
    """The number of words of one text, and (term, score at weight 1) for each of its terms:
    1 per time written, VARIANT per other reading.

    Each distinct word is looked up once, whatever its count. The sums are exact (halves of
    small whole numbers), so weighing them later gives the same float as adding one by one.
    """
    scores: dict[str, float] = {}
    found = words(text)
    for word, count in Counter(found).items():
        for term, as_written in terms(word):
            scores[term] = scores.get(term, 0.0) + (count if as_written else count * VARIANT)
    return len(found), tuple(scores.items())


def _add(scores: dict[str, float], text: str, weight: float) -> int:
    """Adds the terms of ``text`` at ``weight``; returns its number of words."""
    # Titles, headings and other-language titles come back on many pages: their words are kept.
    count, found = _short_text_scores(text) if len(text) <= 200 else _text_scores(text)
    for term, score in found:
        scores[term] = scores.get(term, 0.0) + weight * score
    return count


def _title_weight(title: str) -> float:
    """A word of the title counts more the fewer words the title has: a page titled with the name
    searched for ("Benny Gantz") is about it, where a title of twelve words names it in passing
    ("Benny Gantz visits Rabat and signs …"). At one weight for any title, a person's page came
    third for their own name, behind events that also named them in their text."""
    return WEIGHT["title"] * (1 + TITLE_SHORT / max(1, len(words(title))))


def _weigh(page: SearchPage) -> Weights:
    scores: dict[str, float] = {}
    _add(scores, page.title, _title_weight(page.title))
    text: dict[str, float] = {}
    length = 0
    for section in page.sections:
        if section.anchor:
            _add(scores, section.title, WEIGHT["heading"])
        length += _add(text, section.text, 1)
    norm = TEXT_K1 * (1 - TEXT_B + TEXT_B * max(length, TEXT_WORDS) / TEXT_WORDS)
    for term, count in text.items():  # 1 for one mention in a page of TEXT_WORDS words
        scores[term] = (scores.get(term, 0.0)
                        + WEIGHT["text"] * count * (TEXT_K1 + 1) / (count + norm))
    _add(scores, page.dated, WEIGHT["dated"])
    for alias in page.aliases:
        _add(scores, alias, WEIGHT["alias"])
    for alias in page.linked:
        _add(scores, alias, WEIGHT["linked"])
    # Rounded, within 1..MAX_WEIGHT (a clitic reading once in a very long page is still found).
    return tuple(scores), array("H", [MAX_WEIGHT if score >= MAX_WEIGHT else max(1, round(score))
                                      for score in scores.values()])


def page_terms(page: SearchPage) -> dict[str, int]:
    """Term → integer weight (1..MAX_WEIGHT) for one page."""
    found, weights = _weigh(page)
    return dict(zip(found, weights, strict=True))


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


_DIGITS = {**{char: (value, False) for value, char in enumerate(_FINAL)},
           **{char: (value, True) for value, char in enumerate(_MORE)}}


def decode_numbers(code: str) -> list[int]:
    """The integers of ``encode_numbers``, as the worker reads them."""
    numbers, value = [], 0
    for char in code:
        digit, more = _DIGITS[char]
        if more:
            value = value * 32 + digit
        else:
            numbers.append(value * 32 + digit)
            value = 0
    return numbers


def code_unit_order(term: str) -> bytes:
    """Sort key equal to JavaScript's string ``<`` (UTF-16 code units)."""
    return term.encode("utf-16-be")


def _cut(text: str) -> str:
    """At most EXCERPT_CHARS characters, ending at a word boundary, and "…" where it is cut (a
    result's excerpt that reaches the end of what is shipped shows that the text goes on)."""
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[: cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS] + " …"


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _entry_bytes(term: str, code: str) -> int:
    """``len(_dump({term: code}))`` without building it: the quoted term (as ``json.dumps``
    quotes it), the code (plain ASCII letters and digits), two quotes and ``{:}``."""
    return len(encode_basestring(term).encode("utf-8")) + len(code) + 5


def _weigh_all(pages: list[SearchPage], reused: dict) -> tuple[dict[tuple, Weights],
                                                                list[Weights], list[tuple]]:
    """Each distinct page content's terms, taken from ``reused`` when it has them; and each
    page's terms and content, in the order of ``pages``."""
    weighed: dict[tuple, Weights] = {}
    each: list[Weights] = []
    keys: list[tuple] = []
    for page in pages:
        key = page.content()
        found = weighed[key] = weighed.get(key) or reused.get(key) or _weigh(page)
        each.append(found)
        keys.append(key)
    return weighed, each, keys


@dataclass
class IndexState:
    """What the last write of one language's index made, lent to its next write.

    The live preview writes both indexes after every edit (a few pages changed, thousands not):
    see :func:`build_files`. Kept per index folder in ``_KNOWN``.
    """

    known: dict[tuple, Weights] = field(default_factory=dict)  # page content → its terms
    urls: list[str] = field(default_factory=list)  # page id → URL
    keys: list[tuple] = field(default_factory=list)  # page id → content
    each: list[Weights] = field(default_factory=list)  # page id → its terms
    codes: dict[str, str] = field(default_factory=dict)  # term → its postings, encoded
    sizes: dict[str, int] = field(default_factory=dict)  # term → bytes of its shard entry
    order: list[str] = field(default_factory=list)  # every term, in code-unit order
    shards: list[tuple[str, ...]] = field(default_factory=list)  # each shard's terms
    files: dict[str, bytes] = field(default_factory=dict)
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # see synonym_terms


def build_files(pages: list[SearchPage], state: IndexState | None = None) -> dict[str, bytes]:
    """Every file of one language's index, by path relative to ``search/<locale>/``.

    ``state`` (what the last write of the same index made) lends the terms of pages weighed
    before. When the pages are the same addresses in the same order (an edit in the live
    preview), it also lends its postings and files: only the terms whose weight changed on a
    page are encoded again, only the shards and page files that hold them dumped again (at
    1,000 events an edited title took 0.12-0.2 s a language to index from scratch). The files are
    the same either way (tests/test_search_incremental.py). ``state`` is left describing them.
    """
    state = IndexState() if state is None else state
    weighed, each, keys = _weigh_all(pages, state.known)
    urls = [page.url for page in pages]
    if state.files and urls == state.urls:
        files = _updated_files(pages, each, keys, state)
    else:
        files = _all_files(pages, each, state)
    state.known, state.urls, state.keys, state.each, state.files = weighed, urls, keys, each, files
    return files


def _all_files(pages: list[SearchPage], each: list[Weights], state: IndexState) -> dict[str, bytes]:
    """Every file made from the pages' terms (``each``); ``state`` left with the postings."""
    postings: dict[str, list[int]] = {}  # term → page id, weight, page id, weight, ...
    files: dict[str, bytes] = {}
    for page_id, (page, found) in enumerate(zip(pages, each, strict=True)):
        for term, weight in zip(*found, strict=True):
            flat = postings.get(term)
            if flat is None:
                postings[term] = [page_id, weight]
            else:
                flat += (page_id, weight)
        files[f"p/{page_id}.json"] = _page_file(page)

    # Every number a posting holds (a gap is below the number of pages), encoded once.
    digits = [encode_numbers([n]) for n in range(max(len(pages), MAX_WEIGHT + 1))]
    state.order = sorted(postings, key=code_unit_order)
    state.codes, state.sizes = {}, {}
    for term in state.order:
        flat = postings[term]
        ids = flat[::2]
        gaps = [page_id - previous for page_id, previous in zip(ids, [0, *ids], strict=False)]
        flat[::2] = gaps  # ascending page ids, stored as gaps
        code = state.codes[term] = "".join([digits[number] for number in flat])
        state.sizes[term] = _entry_bytes(term, code)
    state.shards = _shards(state)
    for number, shard in enumerate(state.shards):
        files[f"t/{number}.json"] = _dump({term: state.codes[term] for term in shard})
    files["meta.json"] = _meta(files, len(pages), state)
    return files


def _updated_files(pages: list[SearchPage], each: list[Weights], keys: list[tuple],
                   state: IndexState) -> dict[str, bytes]:
    """:func:`_all_files` for pages at the addresses of ``state``'s, from what changed."""
    changed: dict[str, dict[int, int]] = {}  # term → {page id: its new weight, 0 if none}
    files = dict(state.files)
    for page_id, (old, new) in enumerate(zip(state.each, each, strict=True)):
        if keys[page_id] != state.keys[page_id]:
            files[f"p/{page_id}.json"] = _page_file(pages[page_id])
        if old is new:
            continue
        before, after = dict(zip(*old, strict=True)), dict(zip(*new, strict=True))
        for term in before.keys() | after.keys():
            weight = after.get(term, 0)
            if before.get(term) != weight:
                changed.setdefault(term, {})[page_id] = weight
    for term, weights in changed.items():
        postings = _postings(state.codes.get(term, ""))
        for page_id, weight in weights.items():
            if weight:
                postings[page_id] = weight
            else:
                postings.pop(page_id, None)
        if not postings:
            del state.codes[term], state.sizes[term]
            state.order.remove(term)
            continue
        if term not in state.codes:
            insort(state.order, term, key=code_unit_order)
        flat, previous = [], 0
        for page_id in sorted(postings):
            flat += (page_id - previous, postings[page_id])
            previous = page_id
        code = state.codes[term] = encode_numbers(flat)
        state.sizes[term] = _entry_bytes(term, code)
    before, state.shards = state.shards, _shards(state)
    for number, shard in enumerate(state.shards):
        if number >= len(before) or before[number] != shard or any(t in changed for t in shard):
            files[f"t/{number}.json"] = _dump({term: state.codes[term] for term in shard})
    for number in range(len(state.shards), len(before)):
        del files[f"t/{number}.json"]
    del files["meta.json"]
    files["meta.json"] = _meta(files, len(pages), state)
    return files


def _postings(code: str) -> dict[int, int]:
    """{page id: weight} of one term's encoded postings."""
    numbers = decode_numbers(code)
    postings, page_id = {}, 0
    for gap, weight in zip(numbers[::2], numbers[1::2], strict=True):
        page_id += gap
        postings[page_id] = weight
    return postings


def _page_file(page: SearchPage) -> bytes:
    record = {"u": page.url, "t": page.title,
              "s": [[s.anchor, s.title, _cut(s.text)] for s in page.sections]}
    if page.sections and page.sections[0].title == page.title:
        del record["t"]  # the worker reads the first section's heading
    return _dump(record)


def _shards(state: IndexState) -> list[tuple[str, ...]]:
    """The terms cut into shards of about ``SHARD_BYTES`` (at most about ``MAX_SHARDS``)."""
    sizes = state.sizes
    limit = max(SHARD_BYTES, sum(sizes.values()) // MAX_SHARDS)
    shards: list[tuple[str, ...]] = []
    start, size = 0, 0
    for end, term in enumerate(state.order):
        entry = sizes[term]
        if size and size + entry > limit:
            shards.append(tuple(state.order[start:end]))
            start, size = end, 0
        size += entry
    if size:
        shards.append(tuple(state.order[start:]))
    return shards


def _meta(files: dict[str, bytes], pages: int, state: IndexState) -> bytes:
    """``meta.json``: a digest of every other file and of the synonyms, the number of pages,
    each shard's first term, and the synonyms (``syn``) if there are any."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(files[path])
    meta = {"pages": pages, "shards": [shard[0] for shard in state.shards]}
    if state.synonyms:
        meta["syn"] = state.synonyms
        digest.update(_dump(state.synonyms))
    return _dump({"v": digest.hexdigest()[:12], **meta})


def synonym_terms(synonyms: dict[str, str] | None) -> dict[str, list[str]]:
    """A language's search synonyms (content/config.yaml, ``search_synonyms``) as index terms:
    the term of the word a reader types → the terms of the words the pages write instead. The
    worker looks those up too and marks them (overrides/assets/javascripts/search-worker.js):
    "MoU" finds the memoranda, which write "memorandum"."""
    out: dict[str, list[str]] = {}
    for typed, written in (synonyms or {}).items():
        found, instead = words(typed), words(written)
        if found and instead:
            term, target = terms(found[0])[0][0], terms(instead[0])[0][0]
            if target != term and target not in out.setdefault(term, []):
                out[term].append(target)
    return out


# Per index folder (a few, most recent last): what its last write made, lent to its next write.
# The preview writes the same two folders after every edit, in one process; search_hooks.py
# resets its own state at the start of every build, so what lasts between builds has to live here.
_KNOWN: OrderedDict[str, IndexState] = OrderedDict()
KNOWN_FOLDERS = 4


def write_index(pages: list[SearchPage], folder: Path,
                synonyms: dict[str, list[str]] | None = None) -> dict[str, bytes]:
    """Make ``folder`` hold exactly this language's index; returns the index's files.

    An edit in the preview changes a few of thousands of files, so only files whose bytes
    differ from what ``folder`` holds are written, and files the index no longer has are
    removed (:func:`_update`). ``meta.json``, which names the shards, is written last.
    """
    last, files = _make(pages, folder, synonyms)
    try:
        _update(folder, files, last)
    except OSError:  # e.g. a file where a folder goes: start that index afresh
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folder.unlink(missing_ok=True)
        _update(folder, files)
    return files


def write_indexes(indexes: dict[Path, list[SearchPage]], learn: bool = True,
                  synonyms: dict[Path, dict[str, list[str]]] | None = None) -> None:
    """Write each language's index (``{folder: pages}``); on more than one CPU every index
    but the last is written by a forked child meanwhile, since each is independent of the
    others once the pages are collected (the live preview writes both after every edit).
    With ``learn``, what each write made is kept for the next (the preview's next edit): this
    process makes again what a child made, without writing it; a one-off build has no next
    write."""
    folders = list(indexes)
    synonyms = synonyms or {}
    children = ({folder: Child(partial(_write_in_child, indexes[folder], folder,
                                       synonyms.get(folder)))
                 for folder in folders[:-1]} if workers() > 1 else {})
    for folder in folders:
        if folder not in children:
            write_index(indexes[folder], folder, synonyms.get(folder))
    for folder, child in children.items():
        if learn:
            _learn(indexes[folder], folder, synonyms.get(folder))
        if child.result() is None:  # the child failed: write that index here
            write_index(indexes[folder], folder, synonyms.get(folder))
    if not learn:  # each index's files, postings and terms, held for nothing
        for folder in folders:
            _KNOWN.pop(str(folder), None)


def _write_in_child(pages: list[SearchPage], folder: Path, synonyms) -> bool:
    write_index(pages, folder, synonyms)
    return True  # not the files: the parent has no use for them


def _learn(pages: list[SearchPage], folder: Path, synonyms=None) -> None:
    """Leave ``_KNOWN`` as :func:`write_index` would have for these pages, writing nothing."""
    _make(pages, folder, synonyms)


def _make(pages: list[SearchPage], folder: Path, synonyms=None) -> tuple[dict[str, bytes],
                                                                        dict[str, bytes]]:
    """The files the last write of ``folder`` made (none if unknown) and this index's files,
    made with what that write kept, which this one now keeps in its place (:class:`IndexState`)."""
    state = _KNOWN.pop(str(folder), None) or IndexState()
    state.synonyms = synonyms or {}
    last = state.files
    files = build_files(pages, state)
    _remember(folder, state)
    return last, files


def _remember(folder: Path, state: IndexState) -> None:
    _KNOWN[str(folder)] = state
    while len(_KNOWN) > KNOWN_FOLDERS:
        _KNOWN.popitem(last=False)


def _update(folder: Path, files: dict[str, bytes], last: dict[str, bytes] | None = None) -> None:
    """Write the files whose bytes differ from the folder's, remove those the index no longer
    has, ``meta.json`` last.

    When the folder still holds ``last`` (the files of the last write: its ``meta.json``,
    written last and holding a digest of every other file, is that write's), the files are
    compared with ``last`` instead of being read back: reading 1,700 files took a language
    0.05-0.07 s of an edit at 1,000 events. Otherwise (another build wrote there, a write was
    cut short) every file is compared with what is on disk.
    """
    out = Writer(folder)
    order = sorted(files, key=lambda path: path == "meta.json")
    if last and _holds(folder, last):
        for relative in order:
            if last.get(relative) != files[relative]:
                out.write(relative, files[relative])
        for relative in last.keys() - files.keys():
            out.remove(relative)
        return
    for relative in order:
        out.write(relative, files[relative])
    out.prune()


def _holds(folder: Path, files: dict[str, bytes]) -> bool:
    try:
        return (folder / "meta.json").read_bytes() == files.get("meta.json")
    except OSError:
        return False
