"""Open data: every validated record as JSON and CSV, with a JSON Schema and a manifest.

Written into the generated docs tree, outside the language folders (``build/docs/data/``), so
MkDocs and mkdocs-static-i18n copy each file once to a stable address: ``/data/events.json``.
Each record carries all its languages (``title: {en, ar}``), so one file serves every reader.

* ``<kind>.json``: a JSON list of objects, one per line, every validated field exactly as the
  model holds it, plus what a reader would otherwise compute: ``page`` (the address of the
  record's page in each language, to cite) and, for each EDTF date, the first and last day it
  can mean (``date_start``, ``date_end``) so that "2022-07~" sorts and filters as a day.
* ``<kind>.csv``: the same records flattened for spreadsheets (see :func:`csv_text`), UTF-8
  *with* a byte-order mark: Excel reads a CSV without one in the machine's legacy code page
  and shows Arabic as mojibake; LibreOffice, Google Sheets, Numbers and Python's
  ``encoding="utf-8-sig"`` (or pandas) read the mark and drop it.
* ``<kind>.schema.json``: JSON Schema (2020-12) of ``<kind>.json``, generated from the models.
* ``datapackage.json``: a Frictionless Data Package listing every file with its size and
  SHA-256, the build date and, built from git, the content version (:mod:`generator.provenance`).

The generator knows nothing of the topic: kinds, fields and languages come from the models.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, TypeAdapter, create_model

from . import dates, provenance
from . import model as model_mod
from .render.context import record_path

FOLDER = "data"  # in the docs tree and in the site: /data/<file>
KINDS = ("events", "actors", "agreements", "sources", "areas")
MODEL_NAMES = {"events": "Event", "actors": "Actor", "agreements": "Agreement",
               "sources": "Source", "areas": "Area"}
LIST_SEPARATOR = "; "  # between ids in one CSV cell (ids are slugs: never contain it)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Download:
    """One generated file: where it goes (relative to the docs tree) and its exact bytes."""

    path: str
    data: bytes
    kind: str  # events, actors…, or "" for the manifest
    format: str  # json, csv, schema, manifest, atom

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


# --- the models of the export ---------------------------------------------------------------

def _is_date(field) -> bool:
    return any(getattr(m, "func", None) is model_mod._edtf for m in field.metadata)


def date_fields(model: type[BaseModel]) -> list[str]:
    """Names of the EDTF date fields of a content model (``date``, ``published``)."""
    return [name for name, field in model.model_fields.items() if _is_date(field)]


@lru_cache(maxsize=8)
def export_models(languages: tuple[str, ...]) -> dict[str, type[BaseModel]]:
    """Per kind, the content model plus the derived fields: what one exported object holds."""
    models = model_mod.build(languages)
    urls = create_model(
        "PageUrls", __base__=model_mod.Record,
        __doc__="The address of the record's page on the site, in each language.",
        **{lang: (str, ...) for lang in languages})
    out = {}
    for kind in KINDS:
        base = getattr(models, MODEL_NAMES[kind])
        extra: dict[str, Any] = {}
        for name in date_fields(base):
            extra[f"{name}_start"] = (dt.date, Field(
                description=f"First day that `{name}` can mean (ISO 8601).", strict=False))
            extra[f"{name}_end"] = (dt.date, Field(
                description=f"Last day that `{name}` can mean (ISO 8601).", strict=False))
        extra["page"] = (urls, Field(description=urls.__doc__))
        out[kind] = create_model(f"{base.__name__}Export", __base__=base,
                                 __doc__=base.__doc__, **extra)
    return out


def derived_fields(kind: str, languages: tuple[str, ...]) -> list[str]:
    """The fields an export adds to the content model (not in the YAML)."""
    models = model_mod.build(languages)
    return [n for n in export_models(languages)[kind].model_fields
            if n not in getattr(models, MODEL_NAMES[kind]).model_fields]


def page_path(briefing, lang: str, md_path: str) -> str:
    """The URL path of a generated page, relative to the site root (mkdocs-static-i18n's folder
    layout, directory URLs): ``events/x.md`` -> ``events/x/``, or ``ar/events/x/`` in Arabic."""
    path = md_path[: -len(".md")]
    path = path[: -len("index")] if path.endswith("index") else path + "/"
    return path if lang == briefing.languages[0] else f"{lang}/{path}"


def page_url(briefing, lang: str, kind: str, record_id: str, site: str) -> str:
    """A record's page, absolute: ``site`` (ending in ``/``) + :func:`page_path`."""
    return site + page_path(briefing, lang, record_path(kind, record_id))


def table(briefing, kind: str) -> dict[str, Any]:
    return briefing.areas if kind == "areas" else getattr(briefing, kind)


def row(briefing, kind: str, record, site: str, when: list[str]) -> dict[str, Any]:
    """One record's exported object (``when``: its model's :func:`date_fields`)."""
    out = record.model_dump(mode="json")
    for name in when:
        parsed = dates.parse(getattr(record, name))
        out[f"{name}_start"] = parsed.start.first_day.isoformat()
        out[f"{name}_end"] = parsed.last_day.isoformat()
    out["page"] = {lang: page_url(briefing, lang, kind, record.id, site)
                   for lang in briefing.languages}
    return out


# Each record's (JSON line, CSV line), kept while the record is the same object: the live
# preview writes every export again after each edit, and its validation hands back the very
# record of each unchanged file (loader.Document.records). {kind: {id: (record, context,
# json line, csv line)}}; only the current records stay. ``forget`` empties it.
_LINES: dict[str, dict[str, tuple]] = {}


def record_lines(briefing, kind: str, site: str) -> list[tuple[str, str]]:
    """(JSON line, CSV line) of every record of one kind, in the site's order."""
    context = (site, briefing.languages)
    columns = None
    when = date_fields(getattr(briefing.models, MODEL_NAMES[kind]))
    known = _LINES.get(kind, {})
    kept: dict[str, tuple] = {}
    for record in table(briefing, kind).values():
        hit = known.get(record.id)
        if hit is None or hit[0] is not record or hit[1] != context:
            columns = columns or csv_columns(export_models(briefing.languages)[kind],
                                             briefing.languages)
            obj = row(briefing, kind, record, site, when)
            hit = (record, context, json.dumps(obj, ensure_ascii=False, separators=(",", ":")),
                   csv_line([spreadsheet_safe(_cell(obj, how)) for _, how in columns]))
        kept[record.id] = hit
    _LINES[kind] = kept
    return [(json_line, csv_text_line) for _, _, json_line, csv_text_line in kept.values()]


def forget() -> None:
    """Let go of every record's lines (after a build: they would sit in memory through it)."""
    _LINES.clear()


# --- file formats ---------------------------------------------------------------------------

def json_text(lines: list[str]) -> str:
    """A JSON list, one object per line: small, greppable, and diffs show changed records."""
    if not lines:
        return "[]\n"
    return "[\n" + ",\n".join(lines) + "\n]\n"


def _unwrap(annotation):
    """``X | None`` and ``Annotated[X, ...]`` -> ``X``."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is \
                typing.Union:
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = inner[0]
        else:
            return annotation


def _model(annotation) -> type[BaseModel] | None:
    a = _unwrap(annotation)
    return a if isinstance(a, type) and issubclass(a, BaseModel) else None


def _list_item(annotation):
    a = _unwrap(annotation)
    return _unwrap(typing.get_args(a)[0]) if typing.get_origin(a) is list else None


def csv_columns(model: type[BaseModel], languages: tuple[str, ...],
                prefix: str = "") -> list[tuple[str, tuple]]:
    """(column name, how to read it from an exported object), in the model's field order.

    The rules (the Data page documents them for readers):

    * text in every language -> one column per language: ``title_en``, ``title_ar``;
    * another object (a reported ``value``) -> one column per part: ``value_amount``…;
    * a list of ids -> one cell, ids separated by ``"; "``;
    * a list of objects (citations, quotes) -> the list as JSON text in ``<field>_json``, and,
      when the objects have ids (citations), the ids alone in ``<field>`` as above.
    """
    columns: list[tuple[str, tuple]] = []
    for name, field in model.model_fields.items():
        column = f"{prefix}{name}"
        nested = _model(field.annotation)
        item = _list_item(field.annotation)
        if nested is not None and set(nested.model_fields) == set(languages):
            columns += [(f"{column}_{lang}", ("get", name, lang)) for lang in languages]
        elif nested is not None:
            columns += [(c, ("nested", name, how))
                        for c, how in csv_columns(nested, languages, f"{column}_")]
        elif isinstance(item, type) and issubclass(item, BaseModel):
            if "id" in item.model_fields:
                columns.append((column, ("ids", name)))
            columns.append((f"{column}_json", ("json", name)))
        elif item is not None:
            columns.append((column, ("join", name)))
        else:
            columns.append((column, ("get", name)))
    return columns


def _cell(obj: dict[str, Any] | None, how: tuple) -> Any:
    if obj is None:
        return None
    op, name = how[0], how[1]
    value = obj.get(name)
    if op == "nested":
        return _cell(value, how[2])
    if value is None:
        return None
    if op == "get":
        return value[how[2]] if len(how) > 2 else value
    if op == "join":
        return LIST_SEPARATOR.join(map(str, value))
    if op == "ids":
        return LIST_SEPARATOR.join(item["id"] for item in value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""


def spreadsheet_safe(value: Any) -> str:
    """Text a spreadsheet shows as text: a leading ``=``, ``+``, ``-`` or ``@`` would make Excel
    and LibreOffice run the cell as a formula, so such cells get a leading apostrophe (OWASP's
    advice against CSV injection); the JSON export keeps the text as written."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


_CSV = io.StringIO()
_CSV_WRITER = csv.writer(_CSV, lineterminator="\r\n")


def csv_line(cells: list[str]) -> str:
    """One RFC 4180 line (CRLF end, quoted where needed)."""
    _CSV.seek(0)
    _CSV.truncate()
    _CSV_WRITER.writerow(cells)
    return _CSV.getvalue()


def csv_text(briefing, kind: str, lines: list[str]) -> str:
    """RFC 4180 CSV (CRLF line ends, quoted where needed) starting with a UTF-8 byte-order mark."""
    model = export_models(briefing.languages)[kind]
    header = csv_line([name for name, _ in csv_columns(model, briefing.languages)])
    return "\ufeff" + header + "".join(lines)


def schema_text(briefing, kind: str) -> str:
    return _schema_text(kind, briefing.languages)


@lru_cache(maxsize=32)
def _schema_text(kind: str, languages: tuple[str, ...]) -> str:
    """Made once per kind and languages: pydantic takes 13 ms for the five, and the live
    preview writes every download again after each edit."""
    model = export_models(languages)[kind]
    schema = TypeAdapter(list[model]).json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{kind}.schema.json",
              "title": f"{kind}.json",
              "description": f"A list of {kind}; each object is one record, all languages in it.",
              **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# --- provenance -------------------------------------------------------------------------------

def content_root(briefing) -> Path | None:
    """The content folder the briefing was read from (its records' files live in <kind>/)."""
    for (kind, _), name in briefing.files.items():
        path = Path(name).resolve()
        for parent in path.parents:
            if parent.name == kind and (parent.parent / "config.yaml").is_file():
                return parent.parent
    return None


@dataclass(frozen=True)
class Provenance:
    """When, from what, and for which address this build's files were made."""

    built: dt.datetime
    version: str | None
    site: str


def provenance_of(briefing) -> Provenance:
    root = content_root(briefing)
    return Provenance(provenance.build_time(),
                      provenance.content_version(root) if root else None,
                      provenance.site_url())


def manifest(briefing, files: list[Download], origin: Provenance) -> dict[str, Any]:
    """A Frictionless Data Package (datapackage.json) describing every file in data/."""
    default = briefing.languages[0]
    resources = []
    for item in files:
        mediatype = {"json": "application/json", "schema": "application/schema+json",
                     "csv": "text/csv"}[item.format]
        entry = {
            "name": item.name.replace(".", "-"),
            "path": item.name,
            "format": "json" if item.format == "schema" else item.format,
            "mediatype": mediatype,
            "encoding": "utf-8-sig" if item.format == "csv" else "utf-8",
            "bytes": len(item.data),
            "hash": "sha256:" + hashlib.sha256(item.data).hexdigest(),
        }
        if item.format != "csv":
            # As `frictionless describe` writes a JSON file: without it, Frictionless guesses
            # from the name and reads events.schema.json as a Table Schema (and refuses it).
            entry["type"] = "json"
        if item.format in ("json", "csv"):  # a JSON Schema holds no records
            entry["records"] = len(table(briefing, item.kind))
        if item.format == "json":
            entry["jsonschema"] = f"{item.kind}.schema.json"
        resources.append(entry)
    package = {
        "profile": "data-package",
        "title": getattr(briefing.config.title, default),
        "description": getattr(briefing.config.description, default),
        "titles": briefing.config.title.model_dump(),
        "languages": list(briefing.languages),
        "created": provenance.iso(origin.built),
        "version": origin.version,
        "homepage": origin.site,
        "resources": resources,
    }
    if origin.version is None:  # built outside git: the spec's version is a string, never null
        del package["version"]
    return package


def downloads(briefing, origin: Provenance | None = None) -> list[Download]:
    """Every file of ``data/``: JSON, CSV and schema per kind, then the manifest."""
    origin = origin or provenance_of(briefing)
    files: list[Download] = []
    for kind in KINDS:
        lines = record_lines(briefing, kind, origin.site)
        files.append(Download(f"{FOLDER}/{kind}.json",
                              json_text([line for line, _ in lines]).encode(), kind, "json"))
        files.append(Download(f"{FOLDER}/{kind}.csv", csv_text(
            briefing, kind, [line for _, line in lines]).encode(), kind, "csv"))
        files.append(Download(f"{FOLDER}/{kind}.schema.json",
                              schema_text(briefing, kind).encode(), kind, "schema"))
    package = json.dumps(manifest(briefing, files, origin), ensure_ascii=False, indent=2) + "\n"
    files.append(Download(f"{FOLDER}/datapackage.json", package.encode(), "", "manifest"))
    return files
