"""``python -m generator new <kind>``: a new record an editor can fill in, preview and publish."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator import model
from generator.scaffold import KINDS

from .conftest import run_cli


def new(mini, *args):
    return run_cli("new", *args, "--content", str(mini))


def created(result) -> str:
    match = re.search(r"Created (\S+\.yaml)\.", result.output)
    assert result.exit_code == 0 and match, result.output
    return match.group(1)


def validate(mini):
    return run_cli("validate", "--content", str(mini))


PROBLEM = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<field>\S+): "
                     r"(?P<message>.*)$", re.M)
PLACEHOLDER = "still the placeholder that `new` wrote: write "


def placeholder_lines(text: str) -> set[int]:
    """The lines where `new` left a TODO for the editor to replace (comments aside)."""
    return {n for n, line in enumerate(text.splitlines(), 1)
            if not line.lstrip().startswith("#") and "TODO" in line.split(" #")[0]}


def reported(output: str, path: str) -> dict[int, str]:
    """validate's messages about the file ``path``, by line."""
    return {int(m["line"]): m["message"] for m in PROBLEM.finditer(output) if m["file"] == path}


def assert_only_placeholders_refused(*paths: str) -> None:
    """validate refuses each file at each TODO it still holds, says so, and at nothing else."""
    result = run_cli("validate", "--content", str(Path(paths[0]).parents[1]))
    assert result.exit_code == 1 and "Traceback" not in result.output
    count = 0
    for path in paths:
        problems = reported(result.output, path)
        text = open(path, encoding="utf-8").read()
        assert problems and set(problems) == placeholder_lines(text), result.output
        assert all(m.startswith(PLACEHOLDER) for m in problems.values()), result.output
        count += len(problems)
    assert f"{count} problems found; nothing was written." in result.output


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_record_has_schema_line_every_field_and_each_todo_is_refused(kind, mini):
    result = new(mini, kind, f"brand-new-{kind}")
    path = created(result)
    assert path.endswith(f"{KINDS[kind]}/brand-new-{kind}.yaml")
    assert "Replace every TODO, then run: python -m generator validate" in result.output
    text = open(path, encoding="utf-8").read()
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schema/{kind}.json"
    fields = model.build(("en", "ar")).kinds[KINDS[kind]].model_fields
    for name, field in fields.items():
        line = re.search(rf"^(# )?{name}:.*#\s*(required|optional)\b.*$", text, re.M)
        assert line, f"{name} missing or without its comment"
        assert bool(line.group(1)) is (not field.is_required()), name
    data = yaml.safe_load(text)
    assert data["id"] == f"brand-new-{kind}"
    assert_only_placeholders_refused(path)


def uncomment_optional_fields(path: str) -> None:
    lines = open(path, encoding="utf-8").read().splitlines()
    start = lines.index(next(x for x in lines if x.startswith("# --- optional")))
    opened = lines[:start] + [x[2:] if x.startswith("# ") else x for x in lines[start + 1:]]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(opened) + "\n")


# What an editor writes in place of each TODO, by field (the mini content's ids).
WRITTEN = {"date": "2023-05", "published": "2023-05-02", "language": "ar",
           "url": "https://example.org/news/3", "amount": 5,
           "currency": "EUR", "qualifier": "about", "actors": "alpha", "parties": "alpha",
           "signatories": "jane-roe", "speaker": "jane-roe", "country": "alpha",
           "affiliation": "beta"}
KIND_WRITTEN = {"actors": "person", "agreements": "mou"}


def replaced(node, kind: str, key: str = ""):
    if isinstance(node, dict):
        return {k: replaced(v, kind, k) for k, v in node.items()}
    if isinstance(node, list):
        return [replaced(v, kind, key) for v in node]
    if isinstance(node, str) and "TODO" in node:
        return KIND_WRITTEN[kind] if key == "kind" else WRITTEN.get(key, f"Written ({key})")
    return node


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_optional_field_uncommented_holds_a_todo_or_a_valid_value(kind, mini):
    path = created(new(mini, kind, "all-fields"))
    uncomment_optional_fields(path)
    data = yaml.safe_load(open(path, encoding="utf-8"))
    fields = model.build(("en", "ar")).kinds[KINDS[kind]].model_fields
    assert set(data) == set(fields)
    assert_only_placeholders_refused(path)
    # each TODO replaced, the template's shape is valid as it stands
    with open(path, "w", encoding="utf-8") as out:
        yaml.safe_dump(replaced(data, KINDS[kind]), out, allow_unicode=True, sort_keys=False)
    result = validate(mini)
    assert result.exit_code == 0, result.output


def test_a_record_left_as_new_wrote_it_is_never_published(mini, tmp_path):
    """The audit: `new source`, `new event`, `build` published "TODO: title (en)"."""
    source = created(new(mini, "source", "src-2026-06-01-test"))
    event = created(new(mini, "event", "test-todo", "--source", "src-2026-06-01-test"))
    site = tmp_path / "site"
    result = run_cli("build", "--content", str(mini), "--build-dir", str(tmp_path / "build"),
                     "--site", str(site))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"{event}:9:7: title.en: {PLACEHOLDER}the title in 'en'") in result.output
    assert (f"{event}:19:11: sources[0].note.ar: {PLACEHOLDER}the note in 'ar'") in result.output
    assert (f"{source}:14:7: summary.ar: {PLACEHOLDER}the summary in 'ar'") in result.output
    assert not site.exists()


def test_each_placeholder_says_what_to_write(mini):
    actor = created(new(mini, "actor", "new-actor"))
    agreement = created(new(mini, "agreement", "new-agreement"))
    source = created(new(mini, "source", "src-new"))
    text = open(source, encoding="utf-8").read()
    with open(source, "w", encoding="utf-8") as out:
        out.write(text.replace('# url: "https://TODO.invalid/"', 'url: "https://TODO.invalid/"'))
    url_line = placeholder_lines(open(source, encoding="utf-8").read()) - placeholder_lines(text)
    output = validate(mini).output
    kinds = "'state', 'armed-force', 'ministry', 'agency', 'company', 'person' or 'organisation'"
    assert f"{actor}:10:7: kind: {PLACEHOLDER}one of {kinds}" in output
    assert (f"{source}:{url_line.pop()}:6: url: {PLACEHOLDER}the article's real address, or "
            "delete the line when it is not known (never invent one)") in output
    assert (f"{agreement}:15:5: parties[0]: {PLACEHOLDER}the id of an actor (the name of its "
            "file in actors/, without .yaml)") in output
    assert (f"{source}:11:11: language: {PLACEHOLDER}the language code of the article, such "
            "as 'en', 'ar' or 'fr'") in output


def test_the_date_is_the_editors_to_write_never_today_by_default(mini):
    """A date is the article's: `new` wrote today's, valid as it stood, and an editor who
    forgot it published a date no source gives. The placeholder is refused instead, saying
    what to write."""
    event = created(new(mini, "event", "dated-event"))
    agreement = created(new(mini, "agreement", "dated-agreement"))
    source = created(new(mini, "source", "src-dated"))
    output = validate(mini).output
    for path, field in ((event, "date"), (agreement, "date"), (source, "published")):
        text = open(path, encoding="utf-8").read()
        line = next(n for n, x in enumerate(text.splitlines(), 1) if x.startswith(f"{field}:"))
        assert f'{field}: "TODO"' in text, path
        assert f"{path}:{line}:" in output and f"{field}: {PLACEHOLDER}the date" in output, output
    assert "the date the source gives" in output
    assert "the date the article was published" in output


def test_new_never_overwrites(mini):
    path = created(new(mini, "event", "my-event"))
    with open(path, "a", encoding="utf-8") as out:
        out.write("# the editor's work\n")
    kept = open(path, encoding="utf-8").read()
    again = new(mini, "event", "my-event")
    assert again.exit_code == 1
    assert "my-event.yaml already exists; nothing was written" in again.output
    assert open(path, encoding="utf-8").read() == kept
    # an id in use in a file of another name is refused too
    taken = new(mini, "event", "mou-signed")
    assert taken.exit_code == 1 and "already exists" in taken.output
    (mini / "events" / "mou-signed.yaml").rename(mini / "events" / "renamed.yaml")
    taken = new(mini, "event", "mou-signed")
    assert taken.exit_code == 1
    assert "the event id 'mou-signed' is already used" in taken.output
    assert not (mini / "events" / "mou-signed.yaml").exists()


def test_without_an_id_each_new_record_gets_a_fresh_one(mini):
    first = created(new(mini, "event"))
    second = created(new(mini, "event"))
    assert first != second
    ids = [yaml.safe_load(open(p, encoding="utf-8"))["id"] for p in (first, second)]
    assert all(re.fullmatch(r"new-event-\d{4}-\d{2}-\d{2}(-2)?", i) for i in ids), ids
    assert_only_placeholders_refused(first, second)  # and no id used twice


def test_bad_requests_are_clear_errors_without_traceback(mini):
    bad_id = new(mini, "event", "Not An Id")
    assert bad_id.exit_code == 1 and "'Not An Id' is not a valid id" in bad_id.output
    no_source = new(mini, "event", "x", "--source", "src-nope")
    assert no_source.exit_code == 1 and "no source with id 'src-nope'" in no_source.output
    for path in (mini / "sources").iterdir():
        path.unlink()
    nothing_to_cite = new(mini, "event", "y")
    assert nothing_to_cite.exit_code == 1
    assert "add the article first: python -m generator new source" in nothing_to_cite.output
    unknown = run_cli("new", "treaty", "--content", str(mini))
    assert unknown.exit_code == 2 and "'treaty' is not one of" in unknown.output
    for result in (bad_id, no_source, nothing_to_cite, unknown):
        assert "Traceback" not in result.output
    assert not list((mini / "events").glob("[xy].yaml"))


def test_new_event_cites_the_chosen_source(mini):
    path = created(new(mini, "event", "cited", "--source", "src-one"))
    data = yaml.safe_load(open(path, encoding="utf-8"))
    assert [c["id"] for c in data["sources"]] == ["src-one"]
    newest = created(new(mini, "event", "cited-newest"))  # default: the newest source
    assert yaml.safe_load(open(newest, encoding="utf-8"))["sources"][0]["id"] == "src-two"


def test_new_event_filled_in_validates_builds_and_is_published(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    path = created(new(mini, "event", "joint-exercise-2023", "--source", "src-two"))
    text = open(path, encoding="utf-8").read()
    filled = (text.replace('"TODO: title (en)"', '"Alpha and Beta hold a joint exercise"')
                  .replace('"TODO: title (ar)"', '"ألفا وبيتا تجريان مناورة مشتركة"')
                  .replace('"TODO: summary (en)"', '"The two forces train together."')
                  .replace('"TODO: summary (ar)"', '"تتدرب القوتان معًا."')
                  .replace('"TODO: note (en)"', '"Reports the exercise."')
                  .replace('"TODO: note (ar)"', '"يذكر المناورة."')
                  .replace("standing: unconfirmed", "standing: reported"))
    filled = re.sub(r'^date: "[^"]*"', 'date: "2023-05"', filled, flags=re.M)
    filled = filled.replace("# areas: []", "areas: [training]")
    assert "TODO" not in "\n".join(x for x in filled.splitlines() if not x.startswith("#"))
    with open(path, "w", encoding="utf-8") as out:
        out.write(filled)
    assert validate(mini).exit_code == 0
    site = tmp_path / "site"
    result = run_cli("build", "--content", str(mini), "--build-dir", str(tmp_path / "build"),
                     "--site", str(site))
    assert result.exit_code == 0, result.output
    en = (site / "events" / "joint-exercise-2023" / "index.html").read_text("utf-8")
    ar = (site / "ar" / "events" / "joint-exercise-2023" / "index.html").read_text("utf-8")
    assert "Alpha and Beta hold a joint exercise" in en
    assert "ألفا وبيتا تجريان مناورة مشتركة" in ar
    rows = json.loads((site / "data" / "events.json").read_text("utf-8"))
    row = next(r for r in rows if r["id"] == "joint-exercise-2023")
    assert row["date"] == "2023-05" and row["areas"] == ["training"]
    assert row["page"]["ar"] == "https://example.org/ar/events/joint-exercise-2023/"
    assert "ألفا وبيتا تجريان مناورة مشتركة" in (site / "ar" / "feed.xml").read_text("utf-8")
