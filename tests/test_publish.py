"""What search engines, link previews and citing readers get from a published site.

The fixture content is put in a git repository of its own with commits on known dates, then
built for a project-path address (https://example.org/briefing/): sitemaps (an index that
stays small, as Material fetches it on every page view; per-language sitemaps with hreflang
alternates, x-default, lastmod), canonical links, robots.txt, Open Graph in each page's
language and the "last updated" line all come out of that one build. A second build of the
same content outside any git checkout (as from a tarball) shows the graceful side: no dates,
nothing broken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree, html

from generator.build import Paths, build
from generator.publish_hooks import split_sitemap

from .conftest import MINI, html_pages
from .sitemaps import local_file, sitemap_entries, sitemap_files

pytestmark = pytest.mark.slow

SITE_URL = "https://example.org/briefing/"
FIRST, SECOND = "2024-03-05T12:00:00+00:00", "2025-01-20T09:30:00+00:00"


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def build_site(content: Path, out: Path, site_url: str = SITE_URL) -> Path:
    saved = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = site_url
    try:
        build(Paths(content=content, build=out / "build", site=out / "site"))
    finally:
        if saved is None:
            os.environ.pop("SITE_URL", None)
        else:
            os.environ["SITE_URL"] = saved
    return out / "site"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The fixture content, committed on 5 March 2024; the visit event edited on 20 Jan 2025."""
    repo = tmp_path_factory.mktemp("published") / "repo"
    shutil.copytree(MINI, repo / "content")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "content")
    git(repo, "commit", "-q", "-m", "content", when=FIRST)
    visit = repo / "content" / "events" / "visit.yaml"
    visit.write_text(visit.read_text("utf-8").replace("A visit about", "A visit of about"),
                     "utf-8")
    git(repo, "commit", "-q", "-am", "edit the visit", when=SECOND)
    return repo


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory) -> Path:
    return build_site(repo / "content", tmp_path_factory.mktemp("published-site"))


def page(site: Path, path: str):
    return html.fromstring((site / path).read_bytes())


def meta(doc, name: str) -> str | None:
    found = doc.xpath(f'//head/meta[@property="{name}" or @name="{name}"]/@content')
    return found[0] if found else None


def sitemap(site: Path, index: str = "sitemap.xml") -> dict[str, dict]:
    """The pages listed by the sitemaps the index ``index`` leads to (tests/sitemaps.py)."""
    return sitemap_entries(site, SITE_URL, index)


def test_sitemap_lists_every_page_in_both_languages_with_alternates_and_x_default(site):
    entries = sitemap(site)
    pages = html_pages(site)
    assert sorted(SITE_URL + p for p in pages) == sorted(entries)
    assert any(p.startswith("ar/") for p in pages) and "events/visit/" in pages
    for loc, entry in entries.items():
        english = loc.replace(SITE_URL + "ar/", SITE_URL)
        arabic = SITE_URL + "ar/" + english[len(SITE_URL):]
        assert entry["alternates"] == {"en": english, "ar": arabic, "x-default": english}, loc


def test_sitemap_lastmod_is_the_last_commit_of_the_record(site):
    entries = sitemap(site)
    for lang in ("", "ar/"):
        assert entries[f"{SITE_URL}{lang}events/visit/"]["lastmod"] == "2025-01-20"
        assert entries[f"{SITE_URL}{lang}events/mou-signed/"]["lastmod"] == "2024-03-05"
        assert entries[f"{SITE_URL}{lang}actors/jane-roe/"]["lastmod"] == "2024-03-05"
        # the timeline lists the visit: it changed when the visit did
        assert entries[f"{SITE_URL}{lang}timeline/"]["lastmod"] == "2025-01-20"


def test_every_page_has_a_canonical_link_to_its_own_address(site):
    for path in html_pages(site):
        doc = page(site, path + "index.html")
        assert doc.xpath('//head/link[@rel="canonical"]/@href') == [SITE_URL + path], path
        assert meta(doc, "og:url") == SITE_URL + path


def test_robots_txt_allows_everything_and_names_the_sitemap(site):
    robots = (site / "robots.txt").read_text("utf-8")
    lines = robots.splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert robots.endswith("\n") and "{" not in robots


def test_open_graph_and_description_are_in_the_page_language(site):
    en, ar = page(site, "events/visit/index.html"), page(site, "ar/events/visit/index.html")
    assert meta(en, "og:title") == "A delegation from Beta visits Alpha"
    assert meta(ar, "og:title") == "وفد من بيتا يزور ألفا"
    assert meta(en, "description") == meta(en, "og:description") == "A visit of about two " \
        "months before another."
    assert meta(ar, "description") == meta(ar, "og:description") == "زيارة قبل نحو شهرين من أخرى."
    assert (meta(en, "og:locale"), meta(ar, "og:locale")) == ("en", "ar")
    assert ar.xpath('//meta[@property="og:locale:alternate"]/@content') == ["en"]
    assert meta(en, "og:type") == "article" and meta(en, "twitter:card") == "summary"
    assert meta(en, "article:modified_time") == "2025-01-20"
    home = page(site, "ar/index.html")
    assert meta(home, "og:type") == "website"
    assert meta(home, "og:title") == meta(home, "og:site_name") == "التعاون بين ألفا وبيتا"
    assert meta(home, "og:description") == "موجز اختباري صغير."
    # a list page without a text of its own describes the site, in its language
    timeline = page(site, "ar/timeline/index.html")
    assert meta(timeline, "og:description") == "موجز اختباري صغير."


def test_markup_in_content_stays_text_in_the_head(site):
    """The fixture summary holds '<b>the</b>' and a javascript: link: they are text, not HTML."""
    doc = page(site, "events/mou-signed/index.html")
    assert doc.xpath("//head//b") == []
    expected = "The two ministers sign <b>the</b> memorandum [x](javascript:alert(1))."
    assert meta(doc, "description") == expected
    assert meta(doc, "og:description") == expected
    assert meta(doc, "twitter:description") == expected


def test_last_updated_is_shown_localised_under_each_record(site):
    def updated(path: str) -> str:
        doc = page(site, path)
        return " ".join(doc.xpath('string(//aside[@class="md-source-file"])').split())

    assert updated("events/visit/index.html") == "Last updated 20 January 2025"
    assert updated("ar/events/visit/index.html") == "آخر تحديث: 20 يناير 2025"
    assert updated("actors/jane-roe/index.html") == "Last updated 5 March 2024"
    assert updated("ar/actors/jane-roe/index.html") == "آخر تحديث: 5 مارس 2024"


def test_outside_git_the_site_builds_without_dates(tmp_path):
    """Built from a plain copy (a tarball, a download): no dates anywhere, everything else."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    site = build_site(content, tmp_path / "out")
    doc = page(site, "events/visit/index.html")
    assert doc.xpath('//aside[@class="md-source-file"]') == []
    assert meta(doc, "article:modified_time") is None
    assert meta(doc, "og:title") == "A delegation from Beta visits Alpha"
    entries = sitemap(site)
    assert entries and all(e["lastmod"] is None for e in entries.values())
    assert all("x-default" in e["alternates"] for e in entries.values())


def test_a_shallow_clone_dates_every_page_by_its_one_commit(repo, tmp_path):
    """A CI checkout with depth 1 knows one commit: pages show its date, and the build works."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
                   check=True, capture_output=True)
    site = build_site(clone / "content", tmp_path / "out")
    entries = sitemap(site)
    assert {loc: e["lastmod"] for loc, e in entries.items() if e["lastmod"] != "2025-01-20"} == {}


def test_a_file_not_yet_committed_has_no_date(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{repo}", str(clone)], check=True,
                   capture_output=True)
    new = clone / "content" / "actors" / "gamma.yaml"
    new.write_text((clone / "content" / "actors" / "beta.yaml").read_text("utf-8")
                   .replace("id: beta", "id: gamma"), "utf-8")
    site = build_site(clone / "content", tmp_path / "out")
    entries = sitemap(site)
    assert entries[f"{SITE_URL}actors/gamma/"]["lastmod"] is None
    assert entries[f"{SITE_URL}actors/beta/"]["lastmod"] == "2024-03-05"


def test_the_sitemaps_material_fetches_on_every_page_view_are_small_indexes(site):
    """Material's JavaScript fetches sitemap.xml beside every <link rel="alternate"> of a page
    (the feeds) on every page view: those files are sitemap indexes, with no page entries and a
    few hundred bytes, and the sitemaps they list are files of the site."""
    fetched = set()
    for path in html_pages(site):
        for href in page(site, path + "index.html").xpath('//link[@rel="alternate"]/@href'):
            fetched.add(urljoin(urljoin(SITE_URL + path, href), "sitemap.xml"))
    assert fetched == {SITE_URL + "sitemap.xml", SITE_URL + "ar/sitemap.xml"}
    for address in fetched:
        index = local_file(site, SITE_URL, address)
        assert index.stat().st_size < 2048, address
        listed = sitemap_files(site, SITE_URL, index.relative_to(site).as_posix())
        assert listed and all(local_file(site, SITE_URL, a).is_file() for a in listed), address
    # MkDocs' gzipped copy of its rendering would be the full sitemap under the index's name
    assert not (site / "sitemap.xml.gz").exists()


def test_the_indexes_stay_small_however_many_pages(tmp_path):
    """They list one sitemap per language, never pages: 20,000 pages leave them as small."""
    base, count = "https://example.org/briefing/", 10_000
    urls = "".join(f"<url><loc>{base}{lang}events/e{i}/</loc><lastmod>2025-01-20</lastmod></url>"
                   for lang in ("", "ar/") for i in range(count))
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9">{urls}</urlset>', "utf-8")
    assert split_sitemap(tmp_path, base, "en", ["ar"]) == {"en": count, "ar": count}
    for index in ("sitemap.xml", "ar/sitemap.xml"):
        assert (tmp_path / index).stat().st_size < 2048, index
    assert len(sitemap_entries(tmp_path, base)) == 2 * count
    assert len(sitemap_entries(tmp_path, base, "ar/sitemap.xml")) == count


def test_each_other_language_has_a_sitemap_of_its_own_pages(site):
    """Material fetches <lang>/sitemap.xml from every page of that language (beside its feed
    link); it leads to that language's pages, each with its alternates, and nothing else."""
    full, arabic = sitemap(site), sitemap(site, "ar/sitemap.xml")
    assert sorted(arabic) == sorted(loc for loc in full if loc.startswith(SITE_URL + "ar/"))
    assert all(arabic[loc] == full[loc] for loc in arabic)


def test_a_feed_entry_is_dated_when_its_record_last_changed(site):
    """A feed entry was "updated" on its event's first day, at midnight: "about December 2025
    (uncertain)" read as 2025-12-01T00:00:00, and an edited or newly added record never showed
    as new to a subscriber. Its date now is the last change of the record's file; the event's
    own date stays in the entry's text, in words."""
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in ("feed.xml", "ar/feed.xml"):
        entries = etree.parse(str(site / feed)).getroot().findall(f"{atom}entry")
        updated = {entry.findtext(f"{atom}id").rsplit("/events/", 1)[1]:
                   entry.findtext(f"{atom}updated")[:10] for entry in entries}
        assert updated == {"visit/": SECOND[:10], "mou-signed/": FIRST[:10]}, feed
        assert all(entry.find(f"{atom}published") is None for entry in entries), feed
