"""``python -m generator new <kind> [ID]``: start a record the way the model wants it.

An editor should never begin from a blank file or a copy of another record (copies carry the
other record's facts along). The new file names its JSON Schema on the first line (editors get
completion and checks) and has every field of the model with a comment saying what it holds;
optional fields are commented out. Where only the editor knows the value (a text, a kind, an
actor, an address) it holds a ``TODO`` placeholder (:data:`generator.model.PLACEHOLDER`), which
``validate`` refuses, naming each one left: a record saved half-written once validated as
written and published "TODO: title (en)" in the pages, the feeds and the open data. The date
is one of them: it is the article's, and today's date, once written here, was published as it
stood when an editor forgot it. What the file can know is filled in for real and valid: its
id, the cited source (the newest, or ``--source``), and the most cautious standing and status.
So ``validate`` stays the one judge of what is missing, and lists exactly what the editor still
has to write.

It refuses to overwrite a file or reuse an id. The fields come from the models (a field added
to :mod:`generator.model` appears here), the languages from ``config.yaml``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import click
from pydantic import BaseModel

from . import model as model_mod
from . import validate as validation
from .problems import display_path

KINDS = {"event": "events", "actor": "actors", "agreement": "agreements", "source": "sources"}
_SLUG = re.compile(model_mod.SLUG_PATTERN)

# What each field holds, for the comment beside it (the field reference is content/README.md).
HELP: dict[str, str] = {
    "id": "stable slug (a-z, 0-9, single hyphens): it becomes the page's URL; never change it",
    "former_ids": "old ids of this record; their URLs redirect here",
    "title": "one line, in every language, in our own words",
    "name": "one line, in every language, spelled the same everywhere",
    "summary": "plain text in every language; a blank line separates paragraphs",
    "description": "plain text in every language",
    "standing": "official (stated by a government or armed force) | reported (media report)"
                " | unconfirmed (rumoured, denied or unverified)",
    "date": "EDTF, quoted: \"2022\" \"2022-09\" \"2022-09-12\" \"2022-09-12/2022-09-15\""
            " \"2022-07~\" (approximate) \"2025-02?\" (uncertain)",
    "published": "EDTF date of publication, quoted, as precise as known",
    "place": "where it happened, in every language",
    "actors": "ids of the actors involved (content/actors/)",
    "agreements": "ids of the agreements concerned (content/agreements/)",
    "areas": "ids of areas of cooperation, from content/config.yaml",
    "sources": "citations: at least one {id: <source id>, note: what it contributes}",
    "quotes": "short quotations of official statements, text.ar the original wording",
    "conflicts": "where the sources disagree (dates, 'first', titles), naming each source",
    "notes": "how a date was inferred; other caveats",
    "kind": "one of the values listed",
    "role": "for a person: the role held at the time of the events",
    "country": "id of a state actor",
    "affiliation": "id of the actor this one belongs to",
    "status": "signed | reported | in-talks",
    "parties": "actor ids of the parties (states, forces, companies)",
    "signatories": "actor ids of the people who signed",
    "value": "as reported: {amount: 100000000, currency: USD, qualifier: exact|about|over|up-to}",
    "outlet": "the outlet, only where the article names or clearly shows it",
    "language": "language code of the article, e.g. ar",
    "url": "http(s) address of the article; omit it when unknown, never invent one",
    "perspective": "where the article's wording takes sides, attributed (\"the outlet calls...\")",
}
SOURCE_HELP = {
    "title": "our own headline for the article, in every language (not copied)",
    "summary": "what the article reports, in our own words, in every language",
    "sources": "ids of the sources that name this actor",
}


# A new record claims as little as possible until the editor decides.
CAUTIOUS = {"standing": "unconfirmed", "status": "reported"}
# Beside a placeholder that stands for another record's id.
REFERENCE = {"country": "  # the id of a state actor (a file name in content/actors/)"}
ACTOR_ID = "  # an actor's id (a file name in content/actors/, without .yaml)"


class NewRecordError(click.ClickException):
    """The new file cannot be written (an id in use, a file in the way, no source to cite)."""


@dataclass
class Existing:
    """What the content folder already holds: languages, ids per kind, newest source."""

    languages: tuple[str, ...]
    ids: dict[str, set[str]]
    newest_source: str | None
    first_actor: str | None
    areas: tuple[str, ...] = ()


def existing(content: Path) -> Existing:
    """Read the folder without judging it: ``new`` works even while other files have problems."""
    loaded = validation.load(content)
    config = loaded.config.data if loaded.config is not None else None
    languages = config.get("languages") if isinstance(config, dict) else None
    if not (isinstance(languages, list) and languages and all(isinstance(x, str)
                                                                for x in languages)):
        raise NewRecordError(f"{display_path(content / 'config.yaml')}: no list of languages; "
                             "a new record needs them (see content/README.md)")
    ids: dict[str, set[str]] = {}
    for kind in KINDS.values():
        found = set(loaded.unreadable.get(kind, ()))
        for doc in loaded.docs.get(kind, []):
            found.add(Path(doc.path).stem)
            if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                found.add(doc.data["id"])
        ids[kind] = found
    newest = None
    dated = [(str(d.data.get("published", "")), d.data["id"]) for d in loaded.docs["sources"]
             if isinstance(d.data, dict) and isinstance(d.data.get("id"), str)]
    if dated:
        newest = max(dated)[1]
    actors = sorted(d.data["id"] for d in loaded.docs["actors"]
                    if isinstance(d.data, dict) and isinstance(d.data.get("id"), str))
    areas = config.get("areas") if isinstance(config.get("areas"), list) else []
    area_ids = tuple(a["id"] for a in areas if isinstance(a, dict) and isinstance(a.get("id"), str))
    return Existing(tuple(languages), ids, newest, actors[0] if actors else None, area_ids)


def fresh_id(singular: str, taken: set[str], today: dt.date) -> str:
    base = f"new-{singular}-{today.isoformat()}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# --- the YAML text ----------------------------------------------------------------------------

def _q(value: Any) -> str:
    """A YAML scalar: strings double-quoted (JSON strings are valid YAML), never re-typed."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _unwrap(annotation):
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif isinstance(annotation, types.UnionType) or origin is typing.Union:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional


def _is_text(annotation, languages) -> bool:
    return (isinstance(annotation, type) and issubclass(annotation, BaseModel)
            and set(annotation.model_fields) == set(languages))


@dataclass
class Context:
    kind: str  # plural
    languages: tuple[str, ...]
    record_id: str
    today: dt.date
    source: str | None
    areas: tuple[str, ...] = ()


def _scalar(name: str, parent: str, c: Context) -> str:
    """A plain value: what the file can know (its id, the cited source), else the
    placeholder that validation refuses until the editor writes the value (a date included)."""
    if name == "id":
        return c.source if parent == "sources" else c.record_id
    if name == "source":
        return c.source
    if name == "url":
        return _q(model_mod.PLACEHOLDER_URL)  # a reserved name: never a real address
    return _q(model_mod.PLACEHOLDER)


def _reference(name: str, c: Context) -> tuple[str, str] | None:
    """The item and its comment in a list of ids: the cited source, or a placeholder."""
    if name == "sources":
        return c.source, "  # the newest source; change it if needed"
    if name in ("parties", "actors", "signatories"):
        return _q(model_mod.PLACEHOLDER), ACTOR_ID
    return None


def _lines(name: str, annotation, c: Context, indent: str, key: str, comment: str = "",
           parent: str = "") -> list[str]:
    """YAML lines of ``name`` holding a valid example value. ``key`` starts the first line
    (``indent``, or ``indent`` + ``- `` for a list item); nested lines go under ``indent``."""
    ann, _ = _unwrap(annotation)
    origin = typing.get_origin(ann)
    inner = indent + "  "
    if _is_text(ann, c.languages):
        return [f"{key}{name}:{comment}"] + [
            f"{inner}{lang}: {_q(model_mod.placeholder_text(name, lang))}"
            for lang in c.languages]
    if origin is Literal:
        choices = typing.get_args(ann)
        chosen = (CAUTIOUS[name] if CAUTIOUS.get(name) in choices
                  else _q(model_mod.PLACEHOLDER))
        return [f"{key}{name}: {chosen}{comment}"]
    if origin is list:
        item, _ = _unwrap(typing.get_args(ann)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            out = [f"{key}{name}:{comment}"]
            for i, (sub, field) in enumerate(item.model_fields.items()):
                out += _lines(sub, field.annotation, c, inner + "  ",
                              (inner + "- ") if i == 0 else (inner + "  "), parent=name)
            return out
        ref = _reference(name, c)
        if ref is None:
            return [f"{key}{name}: []{comment}"]
        item, mark = ref
        return [f"{key}{name}:{comment}", f"{inner}- {item}{mark}"]
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        out = [f"{key}{name}:{comment}"]
        for sub, field in ann.model_fields.items():
            out += _lines(sub, field.annotation, c, inner, inner, parent=name)
        return out
    mark = REFERENCE.get(name, ACTOR_ID) if name in ("speaker", "affiliation", "country") else ""
    return [f"{key}{name}: {_scalar(name, parent, c)}{comment or mark}"]


def _help(name: str, kind: str, field, areas: tuple[str, ...] = ()) -> str:
    if kind in ("sources", "actors") and name in SOURCE_HELP:
        text = SOURCE_HELP[name]
    else:
        text = HELP.get(name) or field.description or ""
    ann, _ = _unwrap(field.annotation)
    if typing.get_origin(ann) is Literal and "|" not in text:
        text = " | ".join(typing.get_args(ann))
    if name == "areas" and areas:
        text += ": " + " | ".join(areas)
    return text


def _field(name: str, field, c: Context) -> list[str]:
    """One top-level field with its comment; an optional one is commented out."""
    required = field.is_required()
    note = "; ".join(x for x in ("required" if required else "optional",
                                 _help(name, c.kind, field, c.areas)) if x)
    lines = _lines(name, field.annotation, c, "", "", f"  # {note}")
    return lines if required else ["# " + line for line in lines]


def text_of(kind: str, models, c: Context) -> str:
    """The whole new file."""
    model = models.kinds[kind]
    singular = next(s for s, p in KINDS.items() if p == kind)
    lines = [
        f"# yaml-language-server: $schema=../schema/{singular}.json",
        f"# A new {singular}. Replace every TODO with what the source says, in every language,",
        "# uncomment the optional fields you need (delete the rest), then run:",
        "#   python -m generator validate",
        "# Field reference: content/README.md",
    ]
    required = [(n, f) for n, f in model.model_fields.items() if f.is_required()]
    optional = [(n, f) for n, f in model.model_fields.items() if not f.is_required()]
    for name, field in required:
        lines += _field(name, field, c)
    lines.append("# --- optional fields: uncomment the ones you need ---")
    for name, field in optional:
        lines += _field(name, field, c)
    return "\n".join(lines) + "\n"


def create(content: Path, singular: str, record_id: str | None = None,
           source: str | None = None, today: dt.date | None = None) -> Path:
    """Write ``content/<kind>/<id>.yaml``; returns its path. Raises NewRecordError."""
    kind = KINDS[singular]
    today = today or dt.date.today()
    found = existing(content)
    taken = found.ids[kind]
    if record_id is None:
        record_id = fresh_id(singular, taken, today)
    elif not _SLUG.match(record_id):
        raise NewRecordError(f"{record_id!r} is not a valid id: use lowercase letters, digits and "
                             "single hyphens, e.g. gantz-visit-rabat-2021")
    target = content / kind / f"{record_id}.yaml"
    if target.exists() or (content / kind / f"{record_id}.yml").exists():
        raise NewRecordError(f"{display_path(target)} already exists; nothing was written. "
                             "Choose another id, or edit that file.")
    if record_id in taken:
        raise NewRecordError(f"the {singular} id {record_id!r} is already used in "
                             f"{display_path(content / kind)}; nothing was written")
    if source is not None and source not in found.ids["sources"]:
        raise NewRecordError(f"no source with id {source!r} in {display_path(content / 'sources')}"
                             "; add it first: python -m generator new source")
    source = source or found.newest_source
    needs_source = singular != "source"
    if needs_source and source is None:
        raise NewRecordError("there is no source to cite yet; add the article first: "
                             "python -m generator new source")
    actor = found.first_actor
    if singular in ("agreement",) and actor is None:
        raise NewRecordError("an agreement needs at least one party; add an actor first: "
                             "python -m generator new actor")
    models = model_mod.build(found.languages)
    c = Context(kind, found.languages, record_id, today, source, found.areas)
    text = text_of(kind, models, c)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    return target
