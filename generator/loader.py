"""Read YAML with libyaml (``CSafeLoader``'s C parser) keeping file:line:col for every value.

We walk the C parser's event stream ourselves instead of using PyYAML's constructor because the
constructor silently does things an editor never meant: it merges duplicate keys (the last wins),
reads ``no`` as ``False`` and ``1:30`` as ``90``, expands aliases (a "billion laughs" file eats the
memory) and honours ``!!python`` tags. Here each of those is a :class:`Problem` instead, and the
walk records where each value and key stands so later checks can point at the exact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .problems import Problem, display_path

Path_ = tuple  # a path into a document: ("sources", 0, "id")

_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_TAG = "tag:yaml.org,2002:"
# What YAML 1.1 reads an unquoted scalar as, in words an editor understands.
KIND_NAMES = {"bool": "a true/false value", "int": "a number", "float": "a number",
              "null": "an empty value"}
# Content files nest five levels at most; a deeper file is a mistake or an attack, and walking it
# recursively would exhaust Python's stack (a traceback instead of a message).
MAX_DEPTH = 32
# Control characters an escape like "\x01" can put into a value: invisible, never meant.
# One regular expression, not a Python loop per character: every scalar of every file is scanned.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Document:
    """One loaded file: plain Python data plus where every part of it was written."""

    path: Path
    data: Any = None
    pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # value positions (1-based)
    key_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    implicit: dict[Path_, tuple[str, str]] = field(default_factory=dict)  # path -> (raw, kind)
    # The records validated from ``data``, by model class. The live preview's load keeps the
    # Document of an unchanged file, so its record is not validated again and stays the same
    # object from edit to edit: what is derived from it can be kept while it ``is`` the same.
    records: dict[type, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return display_path(self.path)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of ``path``; falls back to the nearest enclosing value that was written."""
        table = self.key_pos if key else self.pos
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.pos:
                return self.pos[path]
        return (1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(tuple(path), key=key)
        return Problem(self.name, line, col, format_path(path), message)


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Abort(Exception):
    """Stops reading a file whose remaining structure cannot be trusted (anchors, aliases)."""

    def __init__(self, problem: Problem):
        self.problem = problem


class _Walker:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc = doc
        self.problems = problems

    def fail(self, mark, message: str, path: Path_ = ()) -> Problem:
        return Problem(self.doc.name, mark.line + 1, mark.column + 1, format_path(path), message)

    def node(self, events, event, path: Path_) -> Any:
        mark = event.start_mark
        if len(path) > MAX_DEPTH:
            raise _Abort(self.fail(mark, f"nested more than {MAX_DEPTH} levels deep; content "
                                         "files never are: check the brackets and indentation",
                                   path[:1]))
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            kind = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
            raise _Abort(self.fail(mark, f"YAML {kind}{anchor} found: anchors and aliases are not "
                                         "allowed; write the value out in full", path))
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            written = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag  # as typed
            self.problems.append(
                self.fail(mark, f"YAML tag {written!r} is not allowed; remove it", path))
        self.doc.pos[path] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for event in events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(events, event, (*path, len(items))))
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path)
        raise _Abort(self.fail(mark, f"unexpected YAML structure ({type(event).__name__})", path))

    def mapping(self, events, path: Path_) -> dict:
        out: dict = {}
        seen: dict = {}
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                return out
            if not isinstance(event, yaml.ScalarEvent):
                raise _Abort(self.fail(event.start_mark, "a key must be a plain word", path))
            key = event.value
            kmark = event.start_mark
            value_event = next(events)
            if key in seen:
                first = seen[key]
                self.problems.append(self.fail(
                    kmark, f"duplicate key {key!r}: also on line {first}; keep one", (*path, key)))
                self.node(events, value_event, (*path, "\0dup"))  # read and drop
                continue
            seen[key] = kmark.line + 1
            self.doc.key_pos[(*path, key)] = (kmark.line + 1, kmark.column + 1)
            out[key] = self.node(events, value_event, (*path, key))
        return out

    def scalar(self, event, path: Path_) -> Any:
        value = event.value
        bad = _CONTROL.search(value)
        if bad is not None:
            self.problems.append(self.fail(
                event.start_mark, f"contains the invisible control character "
                                  f"U+{ord(bad.group()):04X}; "
                                  "remove it", path))
        if event.style or not event.implicit[0]:  # libyaml gives "" for plain style
            return value  # quoted, or explicitly tagged: text as written
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        kind = tag[len(_TAG):] if tag.startswith(_TAG) else "str"
        if kind in ("str", "timestamp", "merge", "value"):
            return value  # dates stay strings
        self.doc.implicit[path] = (value, kind)
        node = yaml.ScalarNode(tag, value)
        if kind == "null":
            return None
        if kind == "bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if kind == "int":
            return _CONSTRUCTOR.construct_yaml_int(node)
        if kind == "float":
            return _CONSTRUCTOR.construct_yaml_float(node)
        return value


_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)*([^\s#:{}\[\],&*!|>'\"%@`-][^:#{}\[\],]*?)[ \t]*:(?:\s|$)")


def near_key(text: str, line: int) -> str:
    """`` (field 'x')`` naming the key written on ``line`` (1-based) or the closest line above:
    when a file does not parse there is no data path, but an editor still wants the field."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        found = _KEY.match(lines[number - 1])
        if found:
            return f" (field {found.group(1).strip()!r})"
    return ""


def _decode(path: Path, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark is accepted and dropped
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        field = near_key(raw.decode("utf-8", "replace"), line)
        problems.append(Problem(display_path(path), line, col, "",
                                f"file is not UTF-8 (byte 0x{byte:02x}){field}; save it as "
                                "UTF-8"))
        return None


_NO_KEY = ("did not find expected key", "did not find expected '-' indicator")


def _syntax_problem(doc: Document, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(s for s in (exc.context, exc.problem) if s) or "malformed YAML"
    start = exc.context_mark
    if exc.context and "flow" in exc.context and start is not None and mark is not None:
        # an unclosed [ or {: point at the bracket, which is what needs fixing
        bracket = "[" if "sequence" in exc.context else "{"
        closer = "]" if bracket == "[" else "}"
        message = (f"the '{bracket}' opened here is never closed: add '{closer}' (YAML found no "
                   f"',' or '{closer}' before line {line}, column {col})")
        line, col = start.line + 1, start.column + 1
    lines = text.splitlines()
    if exc.problem in _NO_KEY and 0 < line <= len(lines):
        # libyaml's words ("while parsing a block mapping did not find expected key") name its
        # grammar; at the line's first character the line is indented unlike its neighbours,
        # further on something follows a value that has ended (text after its closing quote)
        written = lines[line - 1]
        if col == len(written) - len(written.lstrip(" ")) + 1:
            message = "check this line's indentation: it must line up with the keys above it"
        else:
            message = ("text follows the closing quote (or bracket) of the value before it; "
                       "put the whole text inside the quotes")
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: max(col, 1)]:
        message = "a tab character is used for indentation; YAML needs spaces"
    return Problem(doc.name, line, col, "", f"malformed YAML: {message}{near_key(text, line)}")


def _reader_problem(doc: Document, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """libyaml refuses control characters (NUL, BEL...) before parsing; ``position`` counts
    UTF-8 bytes into the text."""
    before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Problem(doc.name, line, col, "",
                   f"file contains the control character U+{char:04X}{near_key(text, line)}, "
                   "which YAML does not allow; remove it")


def load_file(path: Path, problems: list[Problem]) -> Document | None:
    """Load one YAML file; on failure append problems and return ``None``."""
    doc = Document(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(doc.name, 1, 1, "", f"cannot read file: {exc.strerror}"))
        return None
    text = _decode(path, raw, problems)
    if text is None:
        return None
    found: list[Problem] = []
    walker = _Walker(doc, found)
    try:
        events = iter(yaml.parse(text, Loader=yaml.CSafeLoader))
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Abort(walker.fail(event.start_mark, "only one YAML document per file"))
                doc.data = walker.node(events, next(events), ())
    except _Abort as stop:
        found.append(stop.problem)
    except yaml.MarkedYAMLError as exc:
        found.append(_syntax_problem(doc, text, exc))
    except yaml.reader.ReaderError as exc:
        found.append(_reader_problem(doc, text, exc))
    except yaml.YAMLError as exc:
        found.append(Problem(doc.name, 1, 1, "", f"malformed YAML: {exc}"))
    if not found and doc.data is None:
        found.append(Problem(doc.name, 1, 1, "", "file is empty; expected a record (a mapping)"))
    problems.extend(found)
    return None if found else doc
