"""JSON Schema of every content file, generated from the models (never written by hand).

Editors' YAML files point at these with ``# yaml-language-server: $schema=...`` and get
completion and red squiggles; the data export ships them beside the JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_FILES = {"config": "Config", "source": "Source", "actor": "Actor",
                "agreement": "Agreement", "event": "Event", "page": "Page"}


def schemas(models) -> dict[str, str]:
    """File name -> JSON text, for the models of one language set."""
    out = {}
    for name, attr in SCHEMA_FILES.items():
        schema = getattr(models, attr).model_json_schema(mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"{name}.json", **schema}
        out[f"{name}.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def write_schemas(models, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas(models).items():
        path = folder / name
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
            written.append(path)
    return written
