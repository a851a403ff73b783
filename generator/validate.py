"""Load every content file, check it against the model and against the other files.

All problems are gathered first and raised once as a :class:`ContentError`, so an editor sees
every mistake of a change in one run. Pydantic's messages are rewritten in an editor's terms,
with the line and column of the value (or key) at fault and a did-you-mean where one helps.
"""

from __future__ import annotations

import difflib
import os
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from . import model as model_mod
from .briefing import Briefing
from .collector import pausing
from .loader import KIND_NAMES, Document, format_path
from .loader import load_file as _load_file
from .problems import ContentError, Problem, display_path

KINDS = ("sources", "actors", "agreements", "events", "pages")
SINGULAR = {"sources": "source", "actors": "actor", "agreements": "agreement",
            "events": "event", "pages": "page"}


@dataclass
class Loaded:
    """Parsed files, not yet checked against the model."""

    content: Path
    config: Document | None
    docs: dict[str, list[Document]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: dict[str, set[str]] = field(default_factory=dict)  # kind -> file stems


def content_files(content: Path, kind: str) -> tuple[list[Path], list[Problem]]:
    """The YAML files of one kind (``content/<kind>/``, subfolders included), and a problem for
    each symbolic link there that would make the build read a file from outside the content
    folder or, for a linked folder, silently skip its files, and for each folder that cannot be
    read: an editor hears of files left out.

    One walk with :func:`os.scandir`, whose entries say whether they are links or folders
    without asking the file system again: only a link is resolved. Resolving every path (to see
    whether it leads outside) and walking a second time for the links cost a 1,000-event
    briefing 0.06 s a load, most of what the live preview's load takes after an edit.
    """
    folder = content / kind
    if not folder.is_dir():
        return [], []
    real = content.resolve()  # once per folder, not once per file (thousands of files)
    here = folder.resolve()
    inside = here == real or real in here.parents  # where its files that are not links are
    files: list[Path] = []
    links: list[tuple[Path, str]] = []
    unread: list[tuple[Path, str]] = []
    pending = [folder]
    while pending:
        parent = pending.pop()
        try:
            with os.scandir(parent) as scan:
                entries = list(scan)
        except OSError as exc:
            unread.append((parent, f"is a folder that cannot be read ({exc.strerror})"))
            continue
        for entry in entries:
            path = parent / entry.name
            yaml_name = os.path.splitext(entry.name)[1] in (".yaml", ".yml")
            if entry.is_symlink():
                message = _link_problem(path, real, yaml_name)
                if message:
                    links.append((path, message))
                elif yaml_name and path.is_file():
                    files.append(path)
            elif entry.is_dir():
                pending.append(path)
            elif yaml_name and inside and entry.is_file():
                files.append(path)
    problems = [Problem(display_path(path), 1, 1, "", message)
                for path, message in sorted(unread + links)]
    return sorted(files), problems


def _link_problem(path: Path, real: Path, yaml_name: bool) -> str | None:
    """What is wrong with the link ``path`` in the content folder ``real``, if anything."""
    if not path.exists():
        return "is a broken symbolic link; remove it"
    if path.is_dir():
        return ("is a symbolic link to a folder, whose files are not read; move them into the "
                "content folder")
    if yaml_name and real not in path.resolve().parents:
        return "is a symbolic link to a file outside the content folder; copy the file in instead"
    return None


@pausing
def load(content: Path, cache: dict | None = None) -> Loaded:
    """Stage 1: parse every YAML file, keeping positions. Never raises for content mistakes.

    ``cache`` (the live preview's): {path: ((mtime_ns, size), Document)}; an unchanged file is
    not parsed again. Files with problems are never cached, so their problems are re-reported.
    """
    problems: list[Problem] = []
    load_file = _cached_loader(cache) if cache is not None else _load_file
    config_path = content / "config.yaml"
    if not content.is_dir():
        problems.append(Problem(display_path(content), 1, 1, "", "content folder not found"))
        return Loaded(content, None, {k: [] for k in KINDS}, problems)
    if not config_path.is_file():
        problems.append(Problem(display_path(config_path), 1, 1, "",
                                "config.yaml not found: it declares languages and areas"))
        config = None
    else:
        config = load_file(config_path, problems)
    docs: dict[str, list[Document]] = {}
    unreadable: dict[str, set[str]] = {}
    for kind in KINDS:
        docs[kind], unreadable[kind] = [], set()
        files, found = content_files(content, kind)
        problems.extend(found)
        for path in files:
            doc = load_file(path, problems)
            if doc is None:
                unreadable[kind].add(path.stem)  # by convention the file is named after its id
            else:
                docs[kind].append(doc)
    return Loaded(content, config, docs, problems, unreadable)


def _cached_loader(cache: dict):
    def load_cached(path: Path, problems: list[Problem]) -> Document | None:
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            return _load_file(path, problems)
        hit = cache.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        doc = _load_file(path, problems)
        if doc is None:
            cache.pop(path, None)
        else:
            cache[path] = (key, doc)
        return doc
    return load_cached


# --- turning pydantic errors into editor messages ------------------------------------------

def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the true/false value {value}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return repr(value)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model of the mapping ``loc`` points at, if it is one."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _unwrap_model(current.model_fields[part].annotation)
    return current


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed where ``loc`` points (for did-you-mean on unknown keys)."""
    found = _model_at(model, loc)
    return list(found.model_fields) if found is not None else []


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap_model(arg)
        if found is not None:
            return found
    return None


def suggest(word: str, options) -> str:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _listed(options, last: str) -> str:
    """'a', 'b' and 'c' (or ``last`` = "or")."""
    quoted = [repr(o) for o in options]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {last} {quoted[-1]}"


def _choices(annotation: Any) -> tuple | None:
    """The values a Literal field allows (under Annotated and Optional), else None."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return typing.get_args(annotation)
    if origin is typing.Annotated:
        return _choices(typing.get_args(annotation)[0])
    for arg in typing.get_args(annotation):
        found = _choices(arg)
        if found:
            return found
    return None


# A pattern's message: the editor never sees a regular expression.
PATTERNS = {
    model_mod.SLUG_PATTERN: "{value!r} is not a valid id: use lowercase letters, digits and "
                            "single hyphens, e.g. 'security-mou-2021'",
    model_mod.CURRENCY_PATTERN: "{value!r} is not a currency code: write a three-letter "
                                "currency code such as USD",
    model_mod.LANG_PATTERN: "{value!r} is not a language code: write a code such as 'en', 'ar' "
                            "or 'pt-BR'",
    model_mod.WORD_PATTERN: "{value!r} is more than one word: search reads one word a reader "
                            "types as one word the pages write",
}
# What to write in place of a placeholder, by field, where the field's name does not say it.
WANTED = {
    "date": "the date the source gives, in EDTF, as precise as it allows: \"2022-09-12\", "
            "\"2022-09\", \"2022\", with ~ when approximate or ? when uncertain",
    "published": "the date the article was published, in EDTF, as precise as it gives it: "
                 "\"2022-09-12\", \"2022-09\"",
    "url": "the article's real address, or delete the line when it is not known (never invent "
           "one)",
    "language": "the language code of the article, such as 'en', 'ar' or 'fr'",
    "currency": "a three-letter currency code such as USD",
    "amount": "the amount as reported, a number such as 25000000",
    "areas": "the id of an area, as config.yaml lists it",
}
# Fields naming another record: the placeholder there is replaced by that record's id.
REFERS_TO = {"actors": "actor", "parties": "actor", "signatories": "actor",
             "speaker": "actor", "affiliation": "actor", "country": "actor",
             "agreements": "agreement", "sources": "source", "source": "source",
             "events": "event"}


def _wanted(model: type[BaseModel], loc: tuple) -> str:
    """What an editor writes where ``new`` left the placeholder at ``loc``."""
    names = tuple(p for p in loc if isinstance(p, str))
    owner = _model_at(model, names[:-1])
    if owner is not None and issubclass(owner, model_mod.Translations) and len(names) > 1:
        text = names[-2].replace("_", " ")
        holder = _model_at(model, names[:-2])
        optional = holder is not None and not holder.model_fields[names[-2]].is_required()
        return f"the {text} in {names[-1]!r}" + (
            f" (or delete the {text}: it is optional)" if optional else "")
    name = names[-1] if names else ""
    field = owner.model_fields.get(name) if owner is not None else None
    choices = _choices(field.annotation) if field is not None else None
    if choices:
        return f"one of {_listed(choices, 'or')}"
    if name in WANTED:
        return WANTED[name]
    target = REFERS_TO.get(names[-2] if name == "id" and len(names) > 1 else name)
    if target:
        article = "an" if target[0] in "aeiou" else "a"
        state = "a state actor" if name == "country" else f"{article} {target}"
        return f"the id of {state} (the name of its file in {target}s/, without .yaml)"
    return f"the {name.replace('_', ' ')}"


def explain(doc: Document, error: dict, model: type[BaseModel]) -> Problem:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    implicit = doc.implicit.get(loc)
    if kind == "missing":
        return doc.problem(loc, f"required field {loc[-1]!r} is missing")
    if kind == "placeholder" or model_mod.is_placeholder(value):
        # texts and addresses refuse it themselves; ids, choices, codes and numbers refuse it
        # as not of their kind, but what the editor needs to hear is that it is still there
        return doc.problem(loc, f"still the placeholder that `new` wrote: write "
                                f"{_wanted(model, loc)}")
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent is not None else []
        if parent is not None and issubclass(parent, model_mod.Translations):
            # a text's keys are the briefing's languages, which the editor may not know
            return doc.problem(loc, f"unknown language {loc[-1]!r}: this briefing's languages "
                                    f"are {_listed(allowed, 'and')} (languages in config.yaml)"
                                    f"{suggest(loc[-1], allowed)}", key=True)
        return doc.problem(loc, f"unknown field {loc[-1]!r}{suggest(loc[-1], allowed)}", key=True)
    if implicit and value is not None and kind in ("string_type", "literal_error"):
        raw, yaml_kind = implicit
        return doc.problem(loc, f"expected text, found {raw} which YAML reads as "
                                f"{KIND_NAMES[yaml_kind]}; quote it: \"{raw}\"")
    if value is None and kind in ("string_type", "model_type", "dict_type", "list_type",
                                  "literal_error", "float_type"):
        return doc.problem(loc, "is empty; a value is required")
    if kind == "string_type":
        return doc.problem(loc, f"expected text, found {_describe(value)}")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return doc.problem(loc, f"expected a mapping of fields, found {_describe(value)}")
    if kind == "list_type":
        return doc.problem(loc, f"expected a list, found {_describe(value)}")
    if kind == "too_short":
        what = "cite at least one source" if loc and loc[-1] == "sources" else "give at least one"
        return doc.problem(loc, f"is empty; {what}")
    if kind == "string_pattern_mismatch":
        message = PATTERNS.get(ctx.get("pattern"), "{value!r} does not have the expected form")
        return doc.problem(loc, message.format(value=value))
    if kind == "string_too_long":
        if ctx.get("max_length") != model_mod.MAX_LINE:  # a search synonym's word
            return doc.problem(loc, f"is {len(value)} characters long; at most "
                                    f"{ctx.get('max_length')}")
        return doc.problem(loc, f"is {len(value)} characters long; a title or name has at most "
                                f"{ctx.get('max_length')}: shorten it, and leave the detail to "
                                "the summary")
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",")]
        return doc.problem(loc, f"expected one of {expected}; found {_describe(value)}"
                                f"{suggest(value, options)}")
    if kind == "value_error":
        message = str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
        return doc.problem(loc, message)
    if kind in ("float_type", "int_type", "greater_than"):
        return doc.problem(loc, f"expected a positive number, found {_describe(value)}")
    return doc.problem(loc, f"{error['msg']} (found {_describe(value)})")


def check(doc: Document, model: type[BaseModel], problems: list[Problem], context=None):
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "expected a record (a mapping of fields) at the top of the "
                                        f"file, found {_describe(doc.data)}"))
        return None
    if context is None and model in doc.records:
        return doc.records[model]  # validated before, from this very data
    try:
        record = model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        errors = exc.errors()
        found = [explain(doc, e, model) for e in errors]
        problems.extend(_without_typo_echoes(errors, found, model))
        return None
    if context is None:
        doc.records[model] = record
    return record


def valid_fields(doc: Document, model: type[BaseModel]) -> SimpleNamespace | None:
    """The fields of a record that failed ``model``, each checked on its own: those valid by
    themselves as the model reads them (a bare source id as a citation), the rest None.

    The references of a record with a misspelt key or a missing field are then checked in the
    same run: one run tells an editor every mistake. A field at fault is None, so it is not
    reported twice."""
    if not isinstance(doc.data, dict):
        return None
    values = {}
    for name in model.model_fields:
        value = None
        if name in doc.data:
            try:
                value = getattr(_one_field(model, name).model_validate(
                    {name: doc.data[name]}), name)
            except ValidationError:
                pass
        values[name] = value
    return SimpleNamespace(**values)


@lru_cache(maxsize=64)
def _one_field(model: type[BaseModel], name: str) -> type[BaseModel]:
    """A model of the one field ``name`` of ``model``, as strict as every content model."""
    return create_model(f"{model.__name__}_{name}", __base__=model_mod.Record,
                        **{name: (model.model_fields[name].annotation, None)})


def _without_typo_echoes(errors: list[dict], found: list[Problem], model) -> list[Problem]:
    """A misspelt key (``sumary``) also makes its field missing; the did-you-mean on the
    unknown key already says so, so the "required field 'summary' is missing" echo is dropped."""
    meant = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc:
            close = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1,
                                              cutoff=0.6)
            meant.update((*loc[:-1], c) for c in close)
    return [p for e, p in zip(errors, found, strict=True)
            if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]


# --- cross-references ----------------------------------------------------------------------

def _refs(record, kind: str):
    """Yield (path, target kind, id, list) for every id this record points at; ``list`` is the
    path of the list that holds the id (each id once in it), None for a single field."""
    def each(name, target):
        for i, ref in enumerate(getattr(record, name, None) or []):
            yield (name, i), target, ref, (name,)
    if kind in ("events", "agreements"):
        for i, citation in enumerate(record.sources or ()):
            yield ("sources", i, "id"), "sources", citation.id, ("sources",)
        yield from each("areas", "areas")
    if kind == "events":
        yield from each("actors", "actors")
        yield from each("agreements", "agreements")
        for i, quote in enumerate(record.quotes or ()):
            yield ("quotes", i, "speaker"), "actors", quote.speaker, None
            yield ("quotes", i, "source"), "sources", quote.source, None
    if kind == "agreements":
        yield from each("parties", "actors")
        yield from each("signatories", "actors")
    if kind == "actors":
        yield from each("sources", "sources")
        for name in ("country", "affiliation"):
            if getattr(record, name):
                yield (name,), "actors", getattr(record, name), None
    if kind == "pages":
        for i, point in enumerate(record.key_points or ()):
            for j, ref in enumerate(point.events):
                yield ("key_points", i, "events", j), "events", ref, ("key_points", i, "events")


def cross_check(records: dict[str, dict[str, tuple[Any, Document]]], areas: set[str] | None,
                problems: list[Problem], broken: dict[str, set[str]],
                partial: dict[str, list[tuple[Any, Document]]] | None = None) -> None:
    """Check every id reference. Ids of records that failed their own checks (``broken``)
    count as known, so one mistake is reported once, not again at every reference to it;
    ``areas`` is None when config.yaml itself is broken (its problems are already reported).
    The references of those records are checked too, from their fields that are valid
    (``partial``, :func:`valid_fields`)."""
    ids = {kind: set(found) | broken.get(kind, set()) for kind, found in records.items()}
    ids["areas"] = areas or set()
    partial = partial or {}
    for kind, found in records.items():
        for record, doc in [*found.values(), *partial.get(kind, ())]:
            listed: set[tuple[tuple, str]] = set()
            for path, target, ref, within in _refs(record, kind):
                if within is not None:
                    if (within, ref) in listed:
                        problems.append(doc.problem(path, f"{ref!r} is already listed in "
                                                          f"{format_path(within)}; list it once"))
                    listed.add((within, ref))
                if target == "areas" and areas is None:
                    continue
                if ref not in ids[target]:
                    what = SINGULAR.get(target, "area")
                    hint = suggest(ref, ids[target]) or (
                        " (areas are declared in config.yaml)" if target == "areas" else "")
                    problems.append(doc.problem(path, f"unknown {what} id {ref!r}{hint}"))
            if kind == "events":
                cited = {c.id for c in record.sources or ()}
                for i, quote in enumerate(record.quotes or ()):
                    if quote.source in ids["sources"] and quote.source not in cited:
                        problems.append(doc.problem(("quotes", i, "source"),
                                                    f"quote's source {quote.source!r} is not "
                                                    "among this event's sources; cite it"))
            if kind == "actors" and record.country in records["actors"]:
                if records["actors"][record.country][0].kind != "state":
                    problems.append(doc.problem(("country",),
                                                f"{record.country!r} is not a state actor"))
            for i, old in enumerate(record.__dict__.get("former_ids") or ()):
                if old == record.id:
                    problems.append(doc.problem(("former_ids", i), (
                        f"{old!r} is this {SINGULAR[kind]}'s own id, not a former one; list "
                        "only the ids it had before")))
                elif old in ids[kind]:
                    message = f"{old!r} is still the id of another {SINGULAR[kind]}"
                    problems.append(doc.problem(("former_ids", i), message))


@pausing
def validate(loaded: Loaded) -> Briefing:
    """Stage 2: model and cross-check everything; raise one ContentError listing all problems."""
    problems = list(loaded.problems)
    config_doc = loaded.config
    config = None
    languages: tuple[str, ...] = ()
    if config_doc is not None:
        head = check(config_doc, model_mod.LanguageList, problems)
        if head is not None:
            languages = tuple(head.languages)
    if not languages:
        raise ContentError(problems or [Problem("config.yaml", 1, 1, "languages", "missing")])
    models = model_mod.build(languages)
    config = check(config_doc, models.Config, problems)
    records: dict[str, dict[str, tuple[Any, Document]]] = {}
    broken = {kind: set(loaded.unreadable.get(kind, ())) for kind in KINDS}
    partial: dict[str, list[tuple[Any, Document]]] = {kind: [] for kind in KINDS}
    for kind in KINDS:
        found: dict[str, tuple[Any, Document]] = {}
        for doc in loaded.docs[kind]:
            record = check(doc, models.kinds[kind], problems)
            if record is None:
                fields = valid_fields(doc, models.kinds[kind])
                if fields is not None:
                    partial[kind].append((fields, doc))
                # references to a record that failed its own checks are not reported again,
                # whether they use its (maybe mistyped) id or the file's name
                broken[kind].add(Path(doc.path).stem)
                if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                    broken[kind].add(doc.data["id"])
                continue
            if record.id in found:
                # told in both files: the editor may have just made either (a copy to edit)
                other = found[record.id][1]
                for here, there in ((doc, other), (other, doc)):
                    problems.append(here.problem(("id",), f"{SINGULAR[kind]} id {record.id!r} "
                                                          f"is also used in {there.name}"))
                continue
            found[record.id] = (record, doc)
        records[kind] = found
    areas = {a.id for a in config.areas} if config else set()
    if config:
        seen: set[str] = set()
        for i, area in enumerate(config.areas):
            if area.id in seen:
                problems.append(config_doc.problem(("areas", i, "id"),
                                                   f"area id {area.id!r} is declared twice"))
            seen.add(area.id)
    cross_check(records, areas if config else None, problems, broken, partial)
    if problems:
        raise ContentError(problems)
    plain = {kind: {i: r for i, (r, _) in found.items()} for kind, found in records.items()}
    files = {(kind, i): d.name for kind, found in records.items() for i, (_, d) in found.items()}
    return Briefing(models=models, config=config, files=files, **plain)


def load_and_validate(content: Path) -> Briefing:
    return validate(load(content))
