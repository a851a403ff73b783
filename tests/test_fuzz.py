"""Fuzzing the loader and validator with hypothesis, starting from the real content files.

Each example takes one file of content/ and damages it the ways hand editing does: lines deleted,
duplicated, swapped or re-indented, values retyped (numbers, booleans, lists, mappings, anchors,
tags, impossible dates...), text and bytes garbled. The checks are what an editor relies on: the
result is either a valid briefing or a ContentError whose every problem names a file, a line and a
column inside that file in one line of text. Any other exception is a crash and fails the test.

Runs are derandomized (the same examples every CI run); set FUZZ_EXAMPLES to explore further.
"""

from __future__ import annotations

import dataclasses
import os
import re
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import validate as validation
from generator.briefing import Briefing
from generator.loader import load_file
from generator.problems import ContentError
from generator.render import render

from .conftest import ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2500"))
CONTENT = ROOT / "content"
# Read once: the examples must not change under hypothesis while an editor saves a file.
SNAPSHOT = {p.relative_to(CONTENT): p.read_bytes() for p in sorted(CONTENT.rglob("*.yaml"))}
FILES = sorted(SNAPSHOT)

# What an editor (or a hostile contributor) might put where a value was.
VALUES = ["", "null", "~", "NO", "on", "yes", "1:30", "1.10", "017", "0x1F", ".inf", "-5", "0",
          "[]", "{}", "[a, b]", "{en: x}", "{en: x, ar: y}", "{en: x, ar: y, fr: z}",
          "'2023-02-30'",
          "2021-11-24 10:30:00", "'2021-11-24/2021-11-20'", "'2022-13'", "'../x'", "/abs", "&a x",
          "*a", "!!python/object/apply:os.system [ls]", "!!str x", "!custom x", "|", ">-", "- x",
          '"\\x01"', '"a\\nb"', "'javascript:alert(1)'", "'<script>alert(1)</script>'",
          "'{{ 7*7 }}'", "'{% raw %}'", "'[x](javascript:alert(1))'", "'| a | b |'", "'# h'",
          "'\u202eevil'", "'  '", "[[[[[[]]]]]]", "? a", ": x", "'", '"', "[", "{", "a: b: c",
          "security-mou-2021", "morocco", "src-2022-09-12-belkhir-visit", "official",
          "'" + "x" * 5000 + "'"]
# Where YAML (and an editor) ends a line: a lone "\r" starts a new line too.
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
GARBAGE = st.text(alphabet=st.sampled_from(list("\t\n\r -:#[]{}&*!|>'\"%@`,?\\\0\x85\ufeffaé٣")),
                  min_size=1, max_size=8)


def _retype(line: str, value: str) -> str:
    head, colon, _ = line.partition(": ")
    return f"{head}: {value}" if colon else f"{line.rstrip()} {value}"


@st.composite
def mutation(draw, lines: list[str]):
    """One edit to the list of lines (returns the new list)."""
    n = len(lines)
    i = draw(st.integers(0, max(n - 1, 0)))
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "retype",
                                 "retype", "retype", "garble", "truncate"]))
    out = list(lines)
    if not out:
        return [draw(st.sampled_from(VALUES))]
    if kind == "delete":
        del out[i]
    elif kind == "duplicate":
        out.insert(draw(st.integers(0, n)), out[i])
    elif kind == "swap":
        j = draw(st.integers(0, n - 1))
        out[i], out[j] = out[j], out[i]
    elif kind == "indent":
        out[i] = draw(st.sampled_from(["  ", " ", "\t", "    "])) + out[i]
    elif kind == "dedent":
        out[i] = out[i].lstrip()
    elif kind == "retype":
        out[i] = _retype(out[i], draw(st.sampled_from(VALUES)))
    elif kind == "garble":
        at = draw(st.integers(0, len(out[i])))
        out[i] = out[i][:at] + draw(GARBAGE) + out[i][at + draw(st.integers(0, 3)):]
    else:  # truncate: a half-saved file
        out = out[:i]
    return out


@st.composite
def damaged_file(draw):
    rel = draw(st.sampled_from(FILES))
    lines = SNAPSHOT[rel].decode("utf-8").splitlines()
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(mutation(lines))
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0 and data:  # now and then, a byte that breaks the encoding
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0x80, 0xFF))]) + data[at + 1:]
    return rel, data


@lru_cache(maxsize=1)
def baseline(folder: Path) -> validation.Loaded:
    """The real content loaded once; each example swaps one document of it for a damaged one."""
    for rel, data in SNAPSHOT.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    loaded = validation.load(folder)
    assert not loaded.problems, loaded.problems
    return loaded


def with_damage(base: validation.Loaded, rel: Path, data: bytes) -> validation.Loaded:
    """What ``validation.load`` would return had ``rel`` held ``data``."""
    path = base.content / rel
    path.write_bytes(data)
    problems: list = []
    doc = load_file(path, problems)
    kind = rel.parts[0] if len(rel.parts) > 1 else None
    docs = {k: [d for d in v if d.path != path] for k, v in base.docs.items()}
    unreadable = {k: set(v) for k, v in base.unreadable.items()}
    config = base.config
    if kind is None:
        config = doc
    elif doc is not None:
        docs[kind].append(doc)
    else:
        unreadable[kind].add(path.stem)
    return dataclasses.replace(base, config=config, docs=docs, problems=problems,
                               unreadable=unreadable)


def check_outcome(base: validation.Loaded, rel: Path, data: bytes) -> Briefing | None:
    loaded = with_damage(base, rel, data)
    try:
        briefing = validation.validate(loaded)
    except ContentError as error:
        assert error.problems, "a ContentError with no problem in it"
        text = data.decode("utf-8", "replace")
        for problem in error.problems:
            assert problem.message.strip(), problem
            assert "\n" not in str(problem), f"a message over several lines: {problem!r}"
            assert "Traceback" not in str(problem)
            assert problem.line >= 1 and problem.col >= 1, problem
            assert problem.file.endswith(".yaml"), problem
            if problem.file.endswith(str(rel)):  # the damaged file: the position is inside it
                assert problem.line <= len(YAML_BREAKS.findall(text)) + 1, (problem, text)
            else:  # another file: its position is inside that (undamaged) file
                other = Path(problem.file)
                other = other if other.is_absolute() else Path.cwd() / other
                assert problem.line <= len(other.read_text("utf-8").splitlines()) + 1, problem
        assert str(error).endswith("nothing was written.")
        return None
    finally:
        (base.content / rel).write_bytes(SNAPSHOT[rel])  # undamaged for the next example
    assert isinstance(briefing, Briefing)
    return briefing


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(damaged_file())
def test_damaged_content_is_reported_never_crashes(tmp_path_factory, damage):
    base = baseline(tmp_path_factory.getbasetemp() / "fuzz-content")
    rel, data = damage
    check_outcome(base, rel, data)


@settings(max_examples=max(EXAMPLES // 100, 10), deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(damaged_file())
def test_damage_that_validates_also_renders(tmp_path_factory, damage):
    """A damaged file that still passes (a deleted optional line, a swapped pair of lines) must
    render too: rendering never meets data the validator let through but cannot handle."""
    base = baseline(tmp_path_factory.getbasetemp() / "fuzz-content")
    rel, data = damage
    briefing = check_outcome(base, rel, data)
    if briefing is not None:
        report = render(briefing, tmp_path_factory.getbasetemp() / "fuzz-build")
        assert report.pages > 0
