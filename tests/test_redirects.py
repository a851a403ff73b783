"""Renaming an id keeps every cited address working: the old URL lands on the new page.

An editor renames a record and lists the old id under ``former_ids``; the build writes a redirect
page at the old address in every language. Checked on the files, then in Chromium as a reader
following an old link would (tests/browser/test_redirects_followed.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html

from generator import provenance
from generator.build import Paths, build

from .conftest import MINI, run_cli
from .sitemaps import sitemap_entries

RENAMED = {  # kind folder: (file, old id, new id)
    "events": ("events/visit.yaml", "early-visit", "visit"),
    "actors": ("actors/jane-roe.yaml", "j-roe", "jane-roe"),
    "agreements": ("agreements/mou-2021.yaml", "defence-mou", "mou-2021"),
    "sources": ("sources/src-two.yaml", "source-2", "src-two"),
}


def add_former_id(content: Path, file: str, old: str) -> None:
    path = content / file
    path.write_text(path.read_text("utf-8").rstrip("\n") + f"\nformer_ids: [{old}]\n", "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("redirects")
    content = base / "content"
    shutil.copytree(MINI, content)
    for file, old, _ in RENAMED.values():
        add_former_id(content, file, old)
    paths = Paths(content=content, build=base / "build", site=base / "site")
    build(paths)
    return paths.site


@pytest.mark.parametrize("lang", ["", "ar/"])
@pytest.mark.parametrize("kind", sorted(RENAMED))
def test_old_address_is_a_redirect_to_the_new_page(site, kind, lang):
    _, old, new = RENAMED[kind]
    stub = site / lang / kind / old / "index.html"
    assert stub.is_file(), f"no redirect page at /{lang}{kind}/{old}/"
    doc = html.fromstring(stub.read_bytes())
    refresh = doc.xpath('//meta[@http-equiv="refresh"]/@content')[0]
    target = refresh.split("url=", 1)[1]
    assert target == f"../{new}/"
    assert doc.xpath('//link[@rel="canonical"]/@href') == [target]
    assert doc.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    assert doc.get("lang") == ("ar" if lang else "en")
    landed = (stub.parent / target / "index.html").resolve()
    assert landed == (site / lang / kind / new / "index.html").resolve() and landed.is_file()


@pytest.mark.parametrize("lang", ["", "ar/"])
def test_an_event_address_cut_back_to_its_folder_leads_to_the_timeline(site, lang):
    """A reader shortens /events/visit/ to /events/ to find the list above the page: the events
    have no index of their own (the timeline lists them), and the address was "page not found"."""
    stub = site / lang / "events" / "index.html"
    assert stub.is_file(), f"nothing at /{lang}events/"
    doc = html.fromstring(stub.read_bytes())
    target = doc.xpath('//meta[@http-equiv="refresh"]/@content')[0].split("url=", 1)[1]
    landed = (stub.parent / target / "index.html").resolve()
    assert landed == (site / lang / "timeline" / "index.html").resolve() and landed.is_file()
    assert doc.get("lang") == ("ar" if lang else "en")


def test_redirect_pages_are_not_in_the_sitemap(site):
    site_url = provenance.site_url()  # the address the build used (SITE_URL or mkdocs.yml's)
    listed = sitemap_entries(site, site_url)
    for lang in ("", "ar/"):
        for kind, (_, old, new) in RENAMED.items():
            assert f"{site_url}{lang}{kind}/{old}/" not in listed
            assert f"{site_url}{lang}{kind}/{new}/" in listed
    everywhere = " ".join(f"{loc} {entry['alternates']}" for loc, entry in listed.items())
    for kind, (_, old, _) in RENAMED.items():
        assert f"/{kind}/{old}/" not in everywhere


def test_a_former_id_still_in_use_is_refused_with_its_place(mini):
    add_former_id(mini, "events/visit.yaml", "mou-signed")
    result = run_cli("validate", "--content", str(mini))
    assert result.exit_code == 1
    assert "visit.yaml:" in result.output and "former_ids" in result.output
    assert "'mou-signed' is still the id of another event" in result.output
    assert "Traceback" not in result.output



# -- a rename without former_ids: the build says which addresses it took away -----------------

@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The mini briefing as published once: content, build/ and site/ side by side."""
    base = tmp_path_factory.mktemp("published")
    shutil.copytree(MINI, base / "content")
    build(Paths(content=base / "content", build=base / "build", site=base / "site"))
    return base


def rebuild_renamed(published: Path, tmp_path: Path, former_ids: bool):
    """Rename the event ``visit`` to ``state-visit`` (with or without its old id under
    ``former_ids``) in a copy of the published project, and build it again."""
    for name in ("content", "build", "site"):
        shutil.copytree(published / name, tmp_path / name, symlinks=True)
    old = tmp_path / "content" / "events" / "visit.yaml"
    text = old.read_text("utf-8").replace("id: visit\n", "id: state-visit\n")
    old.unlink()
    if former_ids:
        text = text.rstrip("\n") + "\nformer_ids: [visit]\n"
    (tmp_path / "content" / "events" / "state-visit.yaml").write_text(text, "utf-8")
    return run_cli("build", "--content", str(tmp_path / "content"), "--build-dir",
                   str(tmp_path / "build"), "--site", str(tmp_path / "site"))


def test_a_rename_without_former_ids_warns_which_addresses_are_gone(published, tmp_path):
    result = rebuild_renamed(published, tmp_path, former_ids=False)
    assert result.exit_code == 0, result.output  # a warning: deleting a record is legitimate
    assert ("WARNING: this build removed 2 published addresses: /ar/events/visit/, "
            "/events/visit/\n") in result.output
    assert "add its old id under former_ids to keep the address working" in result.output
    assert (tmp_path / "site" / "events" / "state-visit" / "index.html").is_file()


def test_a_rename_with_former_ids_keeps_every_address_and_warns_of_nothing(published,
                                                                        tmp_path):
    result = rebuild_renamed(published, tmp_path, former_ids=True)
    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.output
    assert "Traceback" not in result.output


def test_a_long_list_of_removed_addresses_is_cut_short():
    from generator.build import removed_warning

    message = removed_warning({f"/events/e{n}/" for n in range(8)})
    assert message.startswith("WARNING: this build removed 8 published addresses: "
                              "/events/e0/, /events/e1/, /events/e2/, /events/e3/, "
                              "/events/e4/ and 3 more\n")
