"""The writer of generated files: every file ends up with exactly its bytes, counted once as
written or unchanged, whether its folder was there before or made by this writer, and when two
writers (a render's processes) share a folder."""

from __future__ import annotations

from generator.writer import Writer


def files_under(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_cold_write_makes_every_folder_and_file(tmp_path):
    root = tmp_path / "build" / "docs"
    out = Writer(root)
    wanted = {"index.md": b"home", "en/events/a.md": "حدث".encode(), "en/events/b.md": b"b",
              "en/areas/x/2024.md": b"year", "ar/events/a.md": b"ar"}
    for relative, data in wanted.items():
        out.write(relative, data)
    assert files_under(root) == wanted  # no copy left beside a file, nothing missing
    assert sorted(out.changed) == sorted(wanted) and out.unchanged == 0

    again = Writer(root)
    for relative, data in wanted.items():
        again.write(relative, data)
    again.write("en/events/b.md", b"b changed")
    assert again.changed == ["en/events/b.md"] and again.unchanged == len(wanted)
    assert (root / "en/events/b.md").read_bytes() == b"b changed"


def test_two_writers_sharing_a_folder_one_of_them_made(tmp_path):
    """The first writer makes ``events/``; the second then writes files into it, two of which
    the first writes after it (same bytes, other bytes): the first must compare them, not
    take its folder for empty."""
    first, second = Writer(tmp_path), Writer(tmp_path)
    first.write("events/a.md", b"a")
    second.write("events/b.md", b"b")
    second.write("events/c.md", b"c")
    first.write("events/b.md", b"b")
    first.write("events/c.md", b"c, another version")
    assert files_under(tmp_path) == {"events/a.md": b"a", "events/b.md": b"b",
                                     "events/c.md": b"c, another version"}
    assert first.changed == ["events/a.md", "events/c.md"] and first.unchanged == 1
    assert second.changed == ["events/b.md", "events/c.md"]
