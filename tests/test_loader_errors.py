"""Each loader and validation failure an editor can make: exit 1, file:line:col, field."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from .conftest import run_cli

EVENT = Path("events/mou-signed.yaml")


def replace(content: Path, rel: Path | str, old: str, new: str) -> Path:
    path = content / rel
    text = path.read_text("utf-8")
    assert old in text, f"fixture lacks {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def fails_with(content: Path, *fragments: str) -> str:
    result = run_cli("validate", "--content", str(content))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"
    return result.output


def test_valid_fixture_passes(mini):
    result = run_cli("validate", "--content", str(mini))
    assert result.exit_code == 0, result.output
    assert "2 events" in result.output and "0 problems" in result.output


def test_duplicate_key_names_both_lines(mini):
    path = mini / EVENT
    path.write_text(path.read_text("utf-8") + "standing: reported\n", "utf-8")
    line = len(path.read_text("utf-8").splitlines())
    fails_with(
        mini, f"mou-signed.yaml:{line}:1: standing: duplicate key 'standing': also on line 5"
    )


@pytest.mark.parametrize("raw,kind", [("NO", "true/false"), ("on", "true/false"),
                                      ("yes", "true/false"), ("1:30", "number"),
                                      ("1.10", "number"), ("017", "number")])
def test_yaml_11_values_where_text_expected(mini, raw, kind):
    replace(mini, "pages/methodology.yaml", "{en: Sources, ar: المصادر}",
            f"{{en: {raw}, ar: المصادر}}")
    fails_with(mini, "methodology.yaml:4:19: sections[0].heading.en:",
               f"found {raw} which YAML reads as", kind, f'quote it: "{raw}"')


def test_impossible_calendar_date(mini):
    replace(mini, EVENT, 'date: "2021-11-24"', 'date: "2023-02-30"')
    fails_with(mini, "mou-signed.yaml:2:7: date: '2023-02-30' is not on the calendar")


def test_datetime_where_date_expected(mini):
    replace(mini, EVENT, 'date: "2021-11-24"', "date: 2021-11-24 10:30:00")
    fails_with(mini, "mou-signed.yaml:2:7: date:", "has a time of day")


def test_interval_ending_before_start(mini):
    replace(mini, EVENT, 'date: "2021-11-24"', 'date: "2021-11-24/2021-11-20"')
    fails_with(mini, "mou-signed.yaml:2:7: date:", "ends before it starts")


@pytest.mark.parametrize("value,message", [("", "is empty"), ("null", "is empty"),
                                           ("''", "is empty")])
def test_required_field_null_or_empty(mini, value, message):
    replace(mini, EVENT, "standing: official", f"standing: {value}")
    fails_with(mini, "mou-signed.yaml:5:", "standing:")


def test_required_field_missing(mini):
    replace(mini, EVENT, "standing: official\n", "")
    fails_with(mini, "mou-signed.yaml:1:1: standing: required field 'standing' is missing")


def test_empty_translation(mini):
    replace(mini, EVENT, "ar: وقّع الوزيران المذكرة.", "ar: ' '")
    fails_with(mini, "mou-signed.yaml:4:", "summary.ar: is empty")


def test_missing_translation(mini):
    replace(mini, EVENT, ", ar: ألفا وبيتا توقعان مذكرة دفاعية}", "}")
    fails_with(mini, "mou-signed.yaml:3:8: title.ar: required field 'ar' is missing")


def test_wrong_type_at_top_level(mini):
    (mini / EVENT).write_text("- just\n- a list\n", "utf-8")
    fails_with(mini, "mou-signed.yaml:1:1:", "expected a record (a mapping of fields) at the top "
                     "of the file, found a list")


def test_unknown_key_with_did_you_mean(mini):
    replace(mini, EVENT, "summary:", "sumary:")
    fails_with(mini, "mou-signed.yaml:4:1: sumary: unknown field 'sumary'; did you mean 'summary'?")


def test_unknown_ids_with_did_you_mean(mini):
    replace(mini, EVENT, "actors: [jane-roe, alpha, beta]", "actors: [jane-ro, alpha, beta]")
    replace(mini, EVENT, "agreements: [mou-2021]", "agreements: [mou-2012]")
    replace(mini, EVENT, "  - id: src-one", "  - id: src-on")
    fails_with(mini, "mou-signed.yaml:7:10: actors[0]: unknown actor id 'jane-ro'; did you mean "
                     "'jane-roe'?",
               "agreements[0]: unknown agreement id 'mou-2012'; did you mean 'mou-2021'?",
               "sources[0].id: unknown source id 'src-on'; did you mean 'src-one'?")


def test_an_id_listed_twice_in_one_list(mini):
    replace(mini, EVENT, "actors: [jane-roe, alpha, beta]", "actors: [jane-roe, alpha, jane-roe]")
    replace(mini, "agreements/mou-2021.yaml", "parties: [alpha, beta]", "parties: [alpha, alpha]")
    fails_with(mini, "mou-signed.yaml:7:27: actors[2]: 'jane-roe' is already listed in actors; "
                     "list it once",
               "mou-2021.yaml:7:18: parties[1]: 'alpha' is already listed in parties; list it "
               "once")


def test_a_source_cited_twice_or_an_event_pointed_at_twice(mini):
    """A citation (written out or as a bare id) and a key point's events: each once, too."""
    replace(mini, EVENT, "    note: {en: the signing, ar: التوقيع}\n",
            "    note: {en: the signing, ar: التوقيع}\n  - src-one\n")
    replace(mini, "pages/home.yaml", "events: [mou-signed]", "events: [mou-signed, mou-signed]")
    fails_with(mini, "mou-signed.yaml:13:5: sources[1].id: 'src-one' is already listed in "
                     "sources; list it once",
               "home.yaml:6:26: key_points[0].events[1]: 'mou-signed' is already listed in "
               "key_points[0].events; list it once")


def test_area_outside_vocabulary(mini):
    replace(mini, EVENT, "areas: [training]", "areas: [trainig]")
    fails_with(mini, "mou-signed.yaml:9:9: areas[0]: unknown area id 'trainig'; "
                     "did you mean 'training'?")


def test_event_citing_no_source(mini):
    replace(mini, "events/visit.yaml", "sources: [src-two]", "sources: []")
    fails_with(mini, "visit.yaml:", "sources: is empty; cite at least one source")


def test_anchor_and_alias_refused(mini):
    replace(mini, EVENT, "standing: official", "standing: &s official\nplace2: *s")
    fails_with(mini, "mou-signed.yaml:5:11: standing: YAML anchor &s found")


def test_billion_laughs_refused_quickly(mini):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    (mini / "events" / "laughs.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    fails_with(mini, "laughs.yaml:1:4:", "anchors and aliases are not allowed")


def test_python_tag_refused(mini):
    replace(mini, EVENT, "standing: official", "standing: !!python/object/apply:os.system [ls]")
    fails_with(mini, "mou-signed.yaml:5:11: standing: YAML tag", "is not allowed")


def test_unclosed_bracket(mini):
    replace(mini, EVENT, "areas: [training]", "areas: [training")
    fails_with(mini, "mou-signed.yaml:", "malformed YAML")


def test_tab_indentation(mini):
    replace(mini, EVENT, "  - id: src-one", "\t- id: src-one")
    fails_with(
        mini, "mou-signed.yaml:11:1: malformed YAML: a tab character is used for indentation"
    )


def test_not_utf8(mini):
    (mini / EVENT).write_bytes("id: x\ntitle: {en: caf\xe9}\n".encode("latin-1"))
    fails_with(mini, "mou-signed.yaml:2:16: file is not UTF-8 (byte 0xe9)")


def test_empty_file(mini):
    (mini / EVENT).write_text("", "utf-8")
    fails_with(mini, "mou-signed.yaml:1:1: file is empty")


@pytest.mark.parametrize("bad", ["../x", "/abs", "Upper", "a--b"])
def test_path_like_ids_refused(mini, bad):
    replace(mini, EVENT, "id: mou-signed", f"id: '{bad}'")
    fails_with(mini, "mou-signed.yaml:1:5: id:", "is not a valid id")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                 "javascript&#58;alert(1)", "data:text/html,<b>x</b>",
                                 "//example.org/x"])
def test_only_http_links(mini, url):
    replace(mini, "sources/src-one.yaml", "url: https://example.org/news/1", f"url: '{url}'")
    fails_with(mini, "src-one.yaml:7:6: url: only http:// and https:// links are allowed")


def test_title_with_newline(mini):
    replace(mini, EVENT, "title: {en: Alpha and Beta sign a defence memorandum,",
            'title: {en: "Alpha and Beta\\nsign",')
    fails_with(mini, "mou-signed.yaml:3:13: title.en: must be a single line")


def test_all_problems_reported_together(mini):
    replace(mini, EVENT, "standing: official", "standing: offical")
    replace(mini, "events/visit.yaml", 'date: "2022-07~"', 'date: "2022-13"')
    output = fails_with(mini, "expected one of 'official', 'reported' or 'unconfirmed'; found "
                              "'offical'; did you mean 'official'?", "'2022-13' is not on the "
                              "calendar", "2 problems found")
    assert output.count("\n") == 3


def test_bom_and_crlf_accepted(mini):
    path = mini / EVENT
    text = path.read_text("utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run_cli("validate", "--content", str(mini))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("broken", [False, True])
def test_loading_and_validating_give_back_garbage_collection(mini, broken):
    """Load and validate run with Python's garbage collection paused (generator/collector.py);
    whatever they end with, a content mistake included, a process that collected before
    collects after (a build left without collection would hold every cycle it makes), and one
    that had paused it (the live preview, during a rebuild) is left paused."""
    import gc

    from generator import validate as validation
    from generator.problems import ContentError

    if broken:
        replace(mini, EVENT, "standing:", "standin:")
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            with pytest.raises(ContentError) if broken else contextlib.nullcontext():
                validation.validate(validation.load(mini))
            assert gc.isenabled() is enabled
        finally:
            gc.enable()


def test_what_loading_made_is_not_scanned_again_when_collection_resumes(mini):
    """What load and validate made lives on: it goes straight to the oldest generation, so the
    first collection after them does not scan it all to find that out (0.4 s after loading
    10,000 events). Nothing is left frozen, and what another part froze stays frozen."""
    import gc

    from generator import validate as validation

    gc.unfreeze()
    gc.enable()
    loaded = validation.load(mini)
    briefing = validation.validate(loaded)
    oldest = {id(thing) for thing in gc.get_objects(generation=2)}
    assert id(loaded) in oldest and id(briefing) in oldest
    assert gc.get_freeze_count() == 0
    kept = type("Kept", (), {})()
    gc.freeze()  # as the live preview freezes its last full build
    try:
        validation.validate(validation.load(mini))
        assert all(thing is not kept for thing in gc.get_objects(generation=2))  # still frozen
    finally:
        gc.unfreeze()


# --- messages in an editor's words, not the parser's -----------------------------------------

def _block_title(content: Path, en_line: str, ar_line: str) -> int:
    """Rewrite the event's title as a block mapping with the two given lines; returns the line
    number of the second."""
    path = content / EVENT
    lines = path.read_text("utf-8").splitlines()
    i = next(n for n, x in enumerate(lines) if x.startswith("title:"))
    lines[i:i + 1] = ["title:", en_line, ar_line]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return i + 3


@pytest.mark.parametrize("ar_line,col", [('    ar: "ألفا"', 5), (' ar: "ألفا"', 2)])
def test_a_misindented_key_says_to_line_it_up(mini, ar_line, col):
    line = _block_title(mini, '  en: "Alpha and Beta sign"', ar_line)
    output = fails_with(mini, f"mou-signed.yaml:{line}:{col}: malformed YAML: check this line's "
                              "indentation: it must line up with the keys above it (field 'ar')")
    assert "block mapping" not in output and "expected key" not in output


def test_a_misindented_key_in_a_list_item_says_to_line_it_up(mini):
    replace(mini, "agreements/mou-2021.yaml", "    note:", "   note:")
    output = fails_with(mini, "mou-2021.yaml:14:4: malformed YAML: check this line's indentation: "
                              "it must line up with the keys above it (field 'note')")
    assert "indicator" not in output


def test_text_after_a_closing_quote_is_named_as_such(mini):
    line = _block_title(mini, '  en: "Alpha and Beta" sign', '  ar: "ألفا"')
    output = fails_with(mini, f"mou-signed.yaml:{line - 1}:", "malformed YAML: text follows the "
                              "closing quote", "put the whole text inside the quotes")
    assert "indentation" not in output


def test_a_currency_that_is_not_a_code(mini):
    replace(mini, "agreements/mou-2021.yaml", "currency: USD", "currency: dollars")
    output = fails_with(mini, "mou-2021.yaml:10:38: value.currency: 'dollars' is not a currency "
                              "code: write a three-letter currency code such as USD")
    assert "^[A-Z]" not in output


def test_a_language_code_that_is_not_one(mini):
    replace(mini, "sources/src-one.yaml", "language: ar", "language: Arabic")
    output = fails_with(mini, "src-one.yaml:6:11: language: 'Arabic' is not a language code:")
    assert "^[a-z]" not in output


@pytest.mark.parametrize("url,message", [
    ("https://exa mple.com/a b", "'https://exa mple.com/a b' is not a valid web address: it "
                                 "contains a space"),
    ("https://", "'https://' is not a valid web address: it has no host name"),
    ("https:///news/1", "'https:///news/1' is not a valid web address: it has no host name"),
    ("www.example.com/article", "'www.example.com/article' does not start with https:// or "
                                "http://; add https:// in front: 'https://www.example.com/article'"),
])
def test_a_malformed_link_says_what_is_wrong_with_it(mini, url, message):
    replace(mini, "sources/src-one.yaml", "url: https://example.org/news/1", f"url: '{url}'")
    output = fails_with(mini, f"src-one.yaml:7:6: url: {message}")
    if url.startswith("https"):
        assert "only http:// and https:// links are allowed" not in output


def test_a_record_listing_its_own_id_as_a_former_one(mini):
    replace(mini, EVENT, "id: mou-signed\n", "id: mou-signed\nformer_ids: [mou-signed]\n")
    output = fails_with(mini, "mou-signed.yaml:2:14: former_ids[0]: 'mou-signed' is this event's "
                              "own id, not a former one")
    assert "another event" not in output


def test_a_language_the_briefing_does_not_have(mini):
    replace(mini, EVENT, ", ar: ألفا وبيتا توقعان مذكرة دفاعية}", ", fr: Alpha et Beta}")
    fails_with(mini, "mou-signed.yaml:3:55: title.fr: unknown language 'fr': this briefing's "
                     "languages are 'en' and 'ar' (languages in config.yaml)",
               "title.ar: required field 'ar' is missing")


# --- the same id in two files, told in both -----------------------------------------------------

def test_same_id_in_two_files_is_reported_in_both(mini):
    (mini / "events" / "copy.yaml").write_text((mini / EVENT).read_text("utf-8"), "utf-8")
    copy, original = mini / "events" / "copy.yaml", mini / EVENT
    output = fails_with(mini, f"{copy}:1:5: id: event id 'mou-signed' is also used in {original}\n",
                        f"{original}:1:5: id: event id 'mou-signed' is also used in {copy}\n")
    assert "2 problems found" in output


# --- a title's length -----------------------------------------------------------------------

def _documented_maximum() -> int:
    """The maximum the field reference promises (content/README.md), so the test checks it."""
    import re

    guide = (Path(__file__).resolve().parent.parent / "content" / "README.md").read_text("utf-8")
    found = re.search(r"Titles and names are one line of at most (\d+) characters", guide)
    assert found, "content/README.md no longer states the maximum length of a title"
    return int(found.group(1))


def test_a_title_as_long_as_the_documented_maximum_is_accepted(mini):
    longest = ("Alpha and Beta sign " * 20)[:_documented_maximum() - 1] + "x"
    replace(mini, EVENT, "{en: Alpha and Beta sign a defence memorandum,", f"{{en: {longest},")
    result = run_cli("validate", "--content", str(mini))
    assert result.exit_code == 0, result.output


def test_a_title_longer_than_the_documented_maximum_is_refused(mini):
    most = _documented_maximum()
    title = "Alpha and Beta sign " * 36  # 720 characters
    replace(mini, EVENT, "{en: Alpha and Beta sign a defence memorandum,", f"{{en: '{title}',")
    fails_with(mini, f"mou-signed.yaml:3:13: title.en: is {len(title)} characters long; a title "
                     f"or name has at most {most}: shorten it")


def test_a_record_with_a_mistake_still_has_its_references_checked(mini):
    """One run tells every mistake: a misspelt key in an event does not hide the unknown ids
    it lists, nor a duplicate; the field at fault itself is reported once, as what it is."""
    replace(mini, EVENT, "standing: official", "standing: offical")
    replace(mini, EVENT, "actors: [jane-roe, alpha, beta]", "actors: [jane-ro, alpha, alpha]")
    replace(mini, EVENT, "  - id: src-one", "  - id: src-on")
    replace(mini, EVENT, "areas: [training]", "areas: [Training]")
    output = fails_with(mini, "standing: expected one of 'official', 'reported' or "
                              "'unconfirmed'; found 'offical'",
                        "actors[0]: unknown actor id 'jane-ro'; did you mean 'jane-roe'?",
                        "actors[2]: 'alpha' is already listed in actors; list it once",
                        "sources[0].id: unknown source id 'src-on'; did you mean 'src-one'?",
                        "areas[0]: 'Training' is not a valid id",
                        "quotes[0].source: quote's source 'src-one' is not among this event's "
                        "sources", "6 problems found")
    assert "unknown area" not in output  # the id's own mistake is said once


def test_a_record_missing_a_required_field_still_has_its_references_checked(mini):
    replace(mini, "agreements/mou-2021.yaml", "parties: [alpha, beta]", "parties: [alpha, gama]")
    path = mini / "agreements" / "mou-2021.yaml"
    path.write_text("\n".join(line for line in path.read_text("utf-8").splitlines()
                              if not line.startswith("status:")) + "\n", "utf-8")
    fails_with(mini, "mou-2021.yaml:1:1: status: required field 'status' is missing",
               "parties[1]: unknown actor id 'gama'", "2 problems found")
