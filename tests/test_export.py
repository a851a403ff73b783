"""The data export, read back the way a researcher reads it: every record whole, in every language.

Each JSON file is loaded with ``json`` and compared with the content it came from; each CSV file
is opened as a spreadsheet program would (UTF-8 with BOM) and compared too; each file is checked
against the JSON Schema shipped beside it, with an independent validator (jsonschema).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil

import jsonschema
import pytest

from generator import dates, export
from generator.render import render
from generator.validate import load_and_validate

from .conftest import MINI, ROOT, run_cli

SITE = "https://example.org/briefing/"


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    monkeypatch.setenv("SITE_URL", SITE)


@pytest.fixture(scope="module", params=["mini", "content"])
def exported(request, tmp_path_factory):
    """(briefing, {file name: bytes}) for the test fixture and for the real briefing, as a render
    writes them into the docs tree. Rendered once per module: the files are only read."""
    base = tmp_path_factory.mktemp(f"export-{request.param}")
    folder = ROOT / "content"
    if request.param == "mini":
        folder = base / "content"
        shutil.copytree(MINI, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        patch.setenv("SITE_URL", SITE)
        briefing = load_and_validate(folder)
        render(briefing, base / "build")
    data = base / "build" / "docs" / "data"
    return briefing, {p.name: p.read_bytes() for p in data.iterdir()}


def records(briefing, kind):
    return briefing.areas if kind == "areas" else getattr(briefing, kind)


def model(briefing, kind):
    return getattr(briefing.models, export.MODEL_NAMES[kind])


@pytest.mark.parametrize("kind", export.KINDS)
def test_json_export_loads_back_into_the_same_records(exported, kind):
    briefing, files = exported
    rows = json.loads(files[f"{kind}.json"])
    assert isinstance(rows, list)
    content = records(briefing, kind)
    assert [r["id"] for r in rows] == list(content)
    for row in rows:
        original = content[row["id"]]
        own = {k: v for k, v in row.items() if k in model(briefing, kind).model_fields}
        # every validated field is there, and the content model accepts the export as content
        assert set(own) == set(model(briefing, kind).model_fields)
        assert model(briefing, kind).model_validate(own) == original
        for lang in briefing.languages:
            name = getattr(original, "title", None) or getattr(original, "name", None) or \
                original.label
            assert (row.get("title") or row.get("name") or row.get("label"))[lang] == \
                getattr(name, lang)


def test_events_export_has_the_fields_researchers_ask_for(exported):
    briefing, files = exported
    for row in json.loads(files["events.json"]):
        event = briefing.events[row["id"]]
        assert row["date"] == event.date  # the EDTF string as written
        for field in ("title", "summary"):
            assert row[field] == {lang: getattr(getattr(event, field), lang)
                                  for lang in briefing.languages}
        assert row["actors"] == event.actors and row["agreements"] == event.agreements
        assert row["areas"] == event.areas and row["standing"] == event.standing
        assert [s["id"] for s in row["sources"]] == [c.id for c in event.sources]
        when = dates.parse(event.date)
        assert row["date_start"] == when.start.first_day.isoformat()
        assert row["date_end"] == when.last_day.isoformat()
        assert row["page"] == {"en": f"{SITE}events/{event.id}/",
                               "ar": f"{SITE}ar/events/{event.id}/"}
    for row in json.loads(files["actors.json"]):
        actor = briefing.actors[row["id"]]
        assert row["name"] == actor.name.model_dump() and row["kind"] == actor.kind


@pytest.mark.parametrize("kind", export.KINDS)
def test_json_export_is_valid_against_the_schema_shipped_beside_it(exported, kind):
    _, files = exported
    schema = json.loads(files[f"{kind}.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert not [e.message for e in validator.iter_errors(json.loads(files[f"{kind}.json"]))]


def test_schema_rejects_a_record_missing_a_language(exported):
    _, files = exported
    schema = json.loads(files["events.schema.json"])
    rows = json.loads(files["events.json"])
    del rows[0]["title"]["ar"]
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(rows))
    assert any("'ar' is a required property" in e.message for e in errors)


def read_csv(data: bytes) -> list[dict[str, str]]:
    """As Excel does with a BOM, and as Python users are told to: encoding utf-8-sig."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("kind", export.KINDS)
def test_csv_twin_has_a_byte_order_mark_crlf_lines_and_one_row_per_record(exported, kind):
    briefing, files = exported
    data = files[f"{kind}.csv"]
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with it
    assert data.count(b"\r\n") >= 1 + len(records(briefing, kind))
    rows = read_csv(data)
    assert [r["id"] for r in rows] == list(records(briefing, kind))


def test_csv_cells_match_the_content_in_every_language(exported):
    briefing, files = exported
    sep = "; "
    for row in read_csv(files["events.csv"]):
        event = briefing.events[row["id"]]
        for lang in briefing.languages:
            assert row[f"title_{lang}"] == getattr(event.title, lang)
            assert row[f"summary_{lang}"] == getattr(event.summary, lang)  # paragraphs kept
            assert row[f"place_{lang}"] == (getattr(event.place, lang) if event.place else "")
        assert row["date"] == event.date and row["standing"] == event.standing
        assert row["actors"] == sep.join(event.actors)
        assert row["areas"] == sep.join(event.areas)
        assert row["sources"] == sep.join(c.id for c in event.sources)
        cited = json.loads(row["sources_json"])
        assert [c["id"] for c in cited] == [c.id for c in event.sources]
        assert [c["note"] for c in cited] == [c.note.model_dump() if c.note else None
                                              for c in event.sources]
        assert (json.loads(row["quotes_json"]) if row["quotes_json"] else []) == \
            [q.model_dump() for q in event.quotes]
        assert row["date_start"] == dates.parse(event.date).start.first_day.isoformat()
    for row in read_csv(files["agreements.csv"]):
        agreement = briefing.agreements[row["id"]]
        assert row["parties"] == sep.join(agreement.parties)
        if agreement.value:
            assert float(row["value_amount"]) == agreement.value.amount
            assert row["value_currency"] == agreement.value.currency
            assert row["value_qualifier"] == agreement.value.qualifier
        else:
            assert row["value_amount"] == row["value_currency"] == ""


def test_every_json_field_has_its_csv_columns(exported):
    briefing, files = exported
    for kind in export.KINDS:
        header = next(csv.reader(io.StringIO(files[f"{kind}.csv"].decode("utf-8-sig"))))
        for field in json.loads(files[f"{kind}.json"])[0]:
            assert any(c == field or c.startswith(f"{field}_") for c in header), (kind, field)


def test_a_cell_a_spreadsheet_would_run_as_a_formula_stays_text(mini, env, tmp_path):
    event = mini / "events" / "visit.yaml"
    event.write_text(event.read_text("utf-8").replace(
        'title: {en: "A delegation from Beta visits Alpha"',
        'title: {en: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"'), "utf-8")
    briefing = load_and_validate(mini)
    files = {f.name: f.data for f in export.downloads(briefing)}
    row = next(r for r in read_csv(files["events.csv"]) if r["id"] == "visit")
    assert row["title_en"] == "'" + '=HYPERLINK("http://evil.example","click")'
    record = next(r for r in json.loads(files["events.json"]) if r["id"] == "visit")
    assert record["title"]["en"] == '=HYPERLINK("http://evil.example","click")'


def test_datapackage_describes_every_file_with_size_hash_date_and_version(exported):
    briefing, files = exported
    package = json.loads(files["datapackage.json"])
    assert package["created"] == "2026-01-01T00:00:00Z"  # SOURCE_DATE_EPOCH
    assert package["homepage"] == SITE
    listed = {r["path"]: r for r in package["resources"]}
    assert set(listed) == set(files) - {"datapackage.json"}
    for name, resource in listed.items():
        assert resource["bytes"] == len(files[name])
        assert resource["hash"] == "sha256:" + hashlib.sha256(files[name]).hexdigest()
    assert listed["events.json"]["records"] == len(briefing.events)


# The Data Package profile (https://specs.frictionlessdata.io/data-package/): the properties a
# package or resource may state, and the type each must have when it is stated.
PACKAGE_STRINGS = ("profile", "name", "id", "title", "description", "homepage", "version",
                   "created")
RESOURCE_STRINGS = ("name", "path", "title", "description", "format", "mediatype", "encoding",
                    "hash")


def test_datapackage_states_each_property_with_the_type_the_spec_gives(exported):
    """Frictionless checks the package against the spec's profile before reading any file: one
    property of the wrong type (a null version, for a copy built outside git) and it refuses
    the whole package."""
    _, files = exported
    package = json.loads(files["datapackage.json"])
    for name in PACKAGE_STRINGS:
        assert isinstance(package.get(name, ""), str), (name, package.get(name))
    for resource in package["resources"]:
        for name in RESOURCE_STRINGS:
            assert isinstance(resource.get(name, ""), str), (resource["path"], name)
        assert isinstance(resource["bytes"], int)
        assert re.fullmatch(r"[-a-z0-9._/]+", resource["name"])
        assert not resource["path"].startswith(("/", ".", "~")) and ".." not in resource["path"]


# The file names Frictionless reads as its own metadata (a Table Schema, a dialect, a package…)
# when a resource does not state its type (frictionless.settings.METADATA_TRAITS).
FRICTIONLESS_METADATA_NAMES = ("schema.json", "dialect.json", "resource.json", "package.json",
                               "catalog.json", "chart.json", "checklist.json", "pipeline.json",
                               "report.json", "inquiry.json", "jsonschema.json")


def test_every_json_file_is_declared_json_not_left_to_frictionless_to_guess(exported):
    """Without a ``type``, Frictionless guesses what a resource is from its file name and reads
    ``events.schema.json`` as a Table Schema: ``frictionless validate datapackage.json`` then
    reported every JSON Schema INVALID ("unsupported type for schema: array"). Every JSON file
    says it is JSON, as ``frictionless describe`` itself writes it."""
    _, files = exported
    resources = json.loads(files["datapackage.json"])["resources"]
    guessed = [r["path"] for r in resources if r["path"].endswith(FRICTIONLESS_METADATA_NAMES)]
    assert guessed  # the case this test is about is there
    for resource in resources:
        if resource["format"] == "json":
            assert resource.get("type") == "json", resource["path"]
        else:
            assert "type" not in resource  # a CSV is a table: Frictionless reads it as one


def test_records_in_the_datapackage_are_those_each_file_holds(exported):
    """``records`` is stated for the files that hold records, and is their number there; a JSON
    Schema holds none (it was given the number of its kind's records)."""
    _, files = exported
    for resource in json.loads(files["datapackage.json"])["resources"]:
        data = files[resource["path"]]
        if resource["path"].endswith(".schema.json"):
            assert "records" not in resource, resource["path"]
        elif resource["format"] == "json":
            assert resource["records"] == len(json.loads(data))
        else:
            assert resource["records"] == len(read_csv(data))


def test_export_version_is_the_content_commit(exported):
    briefing, files = exported
    package = json.loads(files["datapackage.json"])
    folder = export.content_root(briefing)
    if folder == ROOT / "content":
        import subprocess

        commit = subprocess.run(["git", "log", "-1", "--format=%h", "--", "."], cwd=folder,
                                capture_output=True, text=True, check=True).stdout.strip()
        assert package["version"] in (commit, f"{commit}+modified")
    else:  # a copy outside git: no version to claim, so none is stated (the spec has it a
        # string: "version": null made Frictionless refuse the whole package)
        assert "version" not in package


def test_a_second_build_on_the_same_day_rewrites_no_export(mini, env, tmp_path):
    out = tmp_path / "build"
    render(load_and_validate(mini), out)
    stamps = {p: p.stat().st_mtime_ns for p in (out / "docs").rglob("*") if p.is_file()}
    again = render(load_and_validate(mini), out)
    assert again.written == 0
    assert stamps == {p: p.stat().st_mtime_ns for p in (out / "docs").rglob("*") if p.is_file()}


def test_a_removed_record_leaves_every_export(mini, env, tmp_path):
    out = tmp_path / "build"
    render(load_and_validate(mini), out)
    (mini / "events" / "visit.yaml").unlink()
    render(load_and_validate(mini), out)
    rows = json.loads((out / "docs" / "data" / "events.json").read_text("utf-8"))
    assert [r["id"] for r in rows] == ["mou-signed"]
    assert "visit" not in (out / "docs" / "data" / "events.csv").read_text("utf-8-sig")


def test_a_bad_source_date_epoch_is_a_clear_error(mini, monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run_cli("build", "--content", str(mini), "--build-dir", str(tmp_path / "b"),
                     "--site", str(tmp_path / "s"))
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH='yesterday' is not a Unix time in seconds" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "s").exists()


def test_an_edit_exports_only_the_edited_record_again(mini, monkeypatch):
    """The live preview writes every export again after each edit; a record validated from an
    unchanged file is the very same object (loader.Document.records), and only records that
    are not are turned into JSON and CSV lines again. The files equal a fresh export."""
    from generator import validate

    cache: dict = {}
    first = validate.validate(validate.load(mini, cache))
    export.forget()
    before = {d.path: d.data for d in export.downloads(first)}
    visit = mini / "events" / "visit.yaml"
    visit.write_text(visit.read_text("utf-8").replace("Beta visits", "Beta tours"), "utf-8")
    second = validate.validate(validate.load(mini, cache))
    assert second.events["visit"] is not first.events["visit"]
    unchanged = [i for i in second.events if i != "visit"]
    assert unchanged and all(second.events[i] is first.events[i] for i in unchanged)
    made = []
    row = export.row
    monkeypatch.setattr(export, "row", lambda b, kind, record, *a: made.append(record.id)
                        or row(b, kind, record, *a))
    after = {d.path: d.data for d in export.downloads(second)}
    assert made == ["visit"]
    export.forget()
    assert after == {d.path: d.data for d in export.downloads(second)}  # as made afresh
    assert after["data/events.json"] != before["data/events.json"]
    assert b"Beta tours" in after["data/events.csv"]
