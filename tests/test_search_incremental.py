"""Writing the search index again (the live preview does after every edit) gives exactly the index
a fresh write gives, touching only the files that changed.

What a reader of the preview would notice: a renamed page found under its new title and no longer
under its old one, no file of a removed page left behind, and nothing else in the folder changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

from generator.child import Child
from generator.search.collect import Section
from generator.search.index import SearchPage, build_files, decode_numbers, write_index


def pages(n: int) -> list[SearchPage]:
    return [
        SearchPage(
            f"ar/p{i}/",
            f"عنوان {i}",
            [Section("", f"عنوان {i}",
                     f"نص رقم {i} عن المغرب وإسرائيل كلمة{i} ومُذَكِّرَةٌ Gantz’s drones"),
             Section("s", "قسم", "والطائرات" if i % 2 else "طائرة")],
            aliases=[f"Title {i}"],
            linked=[f"Company {i % 7}'s agreements"],
        )
        for i in range(n)
    ]


def renamed(site: list[SearchPage], number: int, title: str) -> list[SearchPage]:
    """``site`` with page ``number`` given a new title (and so a new top heading)."""
    page = site[number]
    top = replace(page.sections[0], title=title)
    return [*site[:number], replace(page, title=title, sections=[top, *page.sections[1:]]),
            *site[number + 1:]]


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino
            for path in folder.rglob("*") if path.is_file()}


def pages_with(folder: Path, term: str) -> set[int]:
    meta = json.loads((folder / "meta.json").read_bytes())
    for number in range(len(meta["shards"])):
        shard = json.loads((folder / "t" / f"{number}.json").read_bytes())
        if term in shard:
            numbers = decode_numbers(shard[term])
            ids, page = set(), 0
            for gap in numbers[::2]:
                page += gap
                ids.add(page)
            return ids
    return set()


def test_the_index_is_byte_for_byte_what_it_was_before_the_speed_up():
    # sha256 of this input's files as written by the index code before pages were weighed once
    # per content and files written only when changed (commit bdcb224). A deliberate change of
    # the index format changes this figure: last, Arabic plurals in ـات also indexed under their
    # singular in ـة (generator/search/normalise.py), one more term shard; a title's words
    # weighed by its length (index._title_weight); and a word's count in the text saturating
    # (index.TEXT_K1), with every weight four times as fine.
    files = build_files(pages(700))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    assert len(files) == 720
    assert digest.hexdigest() == (
        "0029757a7be2411eb5d295d76be11fdcb60a9146505f7b419ad054fadff2f549"
    )


def test_a_renamed_page_is_found_by_its_new_title_after_writing_again(tmp_path):
    before, after = pages(300), renamed(pages(300), 7, "Zanzibar")
    write_index(before, tmp_path / "live")
    assert 7 in pages_with(tmp_path / "live", "عنوان")
    write_index(after, tmp_path / "live")
    assert pages_with(tmp_path / "live", "zanzibar") == {7}
    assert 7 not in pages_with(tmp_path / "live", "عنوان")
    write_index(after, tmp_path / "fresh")
    assert tree(tmp_path / "live") == tree(tmp_path / "fresh")


def test_writing_again_replaces_only_the_files_that_changed(tmp_path):
    folder = tmp_path / "ar"
    write_index(pages(300), folder)
    old_bytes, old_inodes = tree(folder), inodes(folder)
    write_index(renamed(pages(300), 7, "Zanzibar"), folder)
    new_bytes, new_inodes = tree(folder), inodes(folder)
    changed = {path for path in new_bytes if new_bytes[path] != old_bytes.get(path)}
    assert {"p/7.json", "meta.json"} <= changed
    assert len(changed) < len(new_bytes) // 10
    replaced = {path for path in new_inodes if new_inodes[path] != old_inodes.get(path)}
    assert replaced == changed
    assert not [name for name in os.listdir(folder / "p") if name.startswith(".")]


def test_pages_removed_leave_no_file_behind(tmp_path):
    write_index(pages(300), tmp_path / "live")
    write_index(pages(120), tmp_path / "live")
    write_index(pages(120), tmp_path / "fresh")
    assert tree(tmp_path / "live") == tree(tmp_path / "fresh")
    assert not (tmp_path / "live" / "p" / "200.json").exists()


def test_a_folder_left_by_another_process_is_made_exact(tmp_path):
    site = pages(300)
    write_index(site, tmp_path / "fresh")
    folder = tmp_path / "other"
    for relative, data in tree(tmp_path / "fresh").items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    (folder / "p" / "3.json").write_bytes(b'{"u":"stale/"}')  # same name, other bytes
    (folder / "t" / "999.json").write_bytes(b"{}")  # a shard no longer there
    (folder / ".meta.json.1.partial").write_bytes(b"{")  # a write cut short
    (folder / "old").mkdir()
    (folder / "old" / "x.json").write_bytes(b"{}")
    write_index(site, folder)
    assert tree(folder) == tree(tmp_path / "fresh")
    assert not (folder / "old").exists()


def test_a_file_where_the_folder_should_be_is_replaced(tmp_path):
    (tmp_path / "ar").write_bytes(b"not a folder")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "p").write_bytes(b"not a folder either")
    write_index(pages(20), tmp_path / "ar")
    write_index(pages(20), tmp_path / "en")
    write_index(pages(20), tmp_path / "fresh")
    assert tree(tmp_path / "ar") == tree(tmp_path / "en") == tree(tmp_path / "fresh")


def test_languages_written_side_by_side_equal_one_by_one_and_are_learnt(tmp_path, monkeypatch):
    """On two CPUs every index but the last is written by a child process; the files are the
    same, and this process still learns that index's terms for its next write."""
    import generator.search.index as index

    monkeypatch.setattr(index, "_KNOWN", type(index._KNOWN)())
    monkeypatch.setattr(index, "workers", lambda: 2)
    children = []
    monkeypatch.setattr(index, "Child", lambda work: children.append(1) or Child(work))
    site = {tmp_path / "two" / "ar": pages(300), tmp_path / "two" / "en": pages(200)}
    index.write_indexes(site)
    assert children == [1]
    for folder, written in site.items():
        write_index(written, tmp_path / "one" / folder.name)
        assert tree(folder) == tree(tmp_path / "one" / folder.name)
    weighed = []
    monkeypatch.setattr(index, "_weigh", lambda page: weighed.append(page) or ((), b""))
    index._learn(renamed(pages(300), 7, "Zanzibar"), tmp_path / "two" / "ar")
    assert [page.title for page in weighed] == ["Zanzibar"]  # the others were learnt


def test_a_one_off_build_does_not_learn_what_a_child_weighed(tmp_path, monkeypatch):
    """``python -m generator build`` writes the indexes once: weighing the child's pages again
    in this process would only lengthen the build."""
    import generator.search.index as index

    monkeypatch.setattr(index, "workers", lambda: 2)
    learnt = []
    monkeypatch.setattr(index, "_learn", lambda pages, folder, synonyms=None: learnt.append(folder))
    site = {tmp_path / "ar": pages(30), tmp_path / "en": pages(20)}
    index.write_indexes(site, learn=False)
    assert learnt == []
    write_index(pages(30), tmp_path / "fresh")
    assert tree(tmp_path / "ar") == tree(tmp_path / "fresh")
    index.write_indexes(site)  # the preview's writes do learn
    assert learnt == [tmp_path / "ar"]


def test_a_language_whose_child_fails_is_written_here(tmp_path, monkeypatch):
    import generator.search.index as index

    parent = os.getpid()
    monkeypatch.setattr(index, "workers", lambda: 2)
    write = index.write_index

    def failing_in_a_child(pages, folder, synonyms=None):
        if os.getpid() != parent:
            raise OSError("the child dies")
        return write(pages, folder, synonyms)

    monkeypatch.setattr(index, "write_index", failing_in_a_child)
    index.write_indexes({tmp_path / "ar": pages(50), tmp_path / "en": pages(40)})
    write(pages(50), tmp_path / "fresh")
    assert tree(tmp_path / "ar") == tree(tmp_path / "fresh")


def test_edit_after_edit_the_index_equals_a_fresh_one(tmp_path):
    """The preview's writes after edits reuse the last write's postings and files; edit after
    edit (a word gone from every page, a new word on one, a page's words all changed, enough
    new words to add shards, and back), every file equals a fresh write's."""
    import random

    rng = random.Random(7)
    site = pages(300)
    write_index(site, tmp_path / "live")
    for step in range(12):
        number = rng.randrange(len(site))
        page = site[number]
        if step == 3:  # "قسم" was on every page: now on none
            site = [replace(p, sections=[p.sections[0], replace(p.sections[1], title="باب")])
                    for p in site]
        elif step in (5, 9):  # a long text of new words: new shards, boundaries moved
            words = " ".join(f"كلمةجديدة{step}x{i}" for i in range(400))
            site[number] = replace(page, sections=[*page.sections, Section("n", "جديد", words)])
        elif step == 7:  # everything on one page changed
            site[number] = SearchPage(page.url, "Zanzibar", [Section("", "Zanzibar", "Pemba")])
        else:
            site = renamed(site, number, f"{page.title} تعديل{step}")
        write_index(site, tmp_path / "live")
        write_index(site, tmp_path / f"fresh{step}")
        assert tree(tmp_path / "live") == tree(tmp_path / f"fresh{step}"), step
        assert build_files(site) == {path: data for path, data in tree(tmp_path / "live").items()}


def test_a_folder_another_build_wrote_over_is_made_exact_again(tmp_path):
    """The next write compares with what its last write left, unless the folder no longer
    holds that: here another build wrote another index over it in between."""
    write_index(pages(300), tmp_path / "live")
    write_index(pages(200), tmp_path / "other")
    live = tmp_path / "live"
    for path in [*live.rglob("*.json")]:
        path.unlink()
    for relative, data in tree(tmp_path / "other").items():
        (live / relative).parent.mkdir(parents=True, exist_ok=True)
        (live / relative).write_bytes(data)
    site = renamed(pages(300), 7, "Zanzibar")
    write_index(site, live)
    write_index(site, tmp_path / "fresh")
    assert tree(live) == tree(tmp_path / "fresh")
