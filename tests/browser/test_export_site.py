"""Open data in the built site, as readers reach it: stable addresses, the Data page's links in
both languages, and every address the export gives resolving to a built page."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from generator.export import KINDS

from .conftest import save_screenshot

pytestmark = pytest.mark.browser

FORMATS = ("json", "csv", "schema.json")


def get(url: str) -> requests.Response:
    return requests.get(url, timeout=30)


@pytest.mark.parametrize("kind", KINDS)
def test_each_export_is_served_once_at_its_stable_address(site, kind):
    for fmt in FORMATS:
        response = get(site.at(f"data/{kind}.{fmt}"))
        assert response.status_code == 200, response.url
        if fmt == "csv":
            assert response.content.startswith(b"\xef\xbb\xbf")
            assert response.headers["Content-Type"].startswith("text/csv")
        else:
            assert isinstance(response.json(), (list, dict))
        # one copy for every language: no second address to cite
        assert get(site.at(f"ar/data/{kind}.{fmt}")).status_code == 404


def test_datapackage_lists_files_that_are_served_with_the_stated_size(site):
    package = get(site.at("data/datapackage.json")).json()
    assert package["created"].endswith("Z") and package["resources"]
    for resource in package["resources"]:
        response = get(site.at(f"data/{resource['path']}"))
        assert response.status_code == 200
        assert len(response.content) == resource["bytes"], resource["path"]


def local(site, url: str, homepage: str) -> str:
    """An address the export or a feed gives, on the test server instead of the real host."""
    assert url.startswith(homepage), url
    return site.at(url[len(homepage):])


def test_every_record_address_in_the_export_is_a_built_page(site, built_site):
    homepage = get(site.at("data/datapackage.json")).json()["homepage"]
    checked = 0
    for kind in KINDS:
        for row in get(site.at(f"data/{kind}.json")).json():
            for lang, url in row["page"].items():
                path = urlsplit(local(site, url, homepage)).path.lstrip("/")
                page = built_site / path / "index.html"
                assert page.is_file(), f"{kind} {row['id']} ({lang}): {url}"
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("lang, nav_label", [("en", "Data"), ("ar", "البيانات")])
def test_the_data_page_is_in_the_menu_and_every_download_link_works(page, site, lang,
                                                                     nav_label):
    root = site.at("" if lang == "en" else f"{lang}/")
    page.goto(root)
    page.locator(".md-nav--primary").get_by_role("link", name=nav_label, exact=True).first.click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == ("/data/" if lang == "en" else f"/{lang}/data/")
    assert page.locator("html").get_attribute("lang") == lang
    links = page.eval_on_selector_all(
        "article a[type]", "els => els.map(a => [a.href, a.textContent, a.type])")
    names = {text.split(" ")[0].split(":")[-1].strip() for _, text, _ in links}
    for kind in KINDS:
        assert {f"{kind}.json", f"{kind}.csv", f"{kind}.schema.json"} <= names
    assert "datapackage.json" in names
    feeds = [href for href, _, kind in links if kind == "application/atom+xml"]
    assert len(feeds) == 2
    for href, _, media in links:
        response = page.request.get(href)
        assert response.status == 200, href
        assert urlsplit(href).netloc == urlsplit(site.url).netloc
        if media != "application/atom+xml":
            assert urlsplit(href).path.startswith("/data/"), href  # the one shared copy
    assert not site.foreign
    save_screenshot(page, f"data-page-{lang}", full_page=False)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_data_page_sizes_are_the_real_sizes(page, site, lang):
    page.goto(site.at("data/" if lang == "en" else f"{lang}/data/"))
    rows = page.eval_on_selector_all(
        "article table a[type='application/json']",
        "els => els.map(a => [a.href, a.textContent])")
    assert len(rows) == len(KINDS)
    for href, text in rows:
        digits = "".join(ch for ch in text.split("(")[1] if ch.isdigit())
        assert int(digits) == max(1, round(len(page.request.get(href).body()) / 1000)), text


def test_feed_links_of_the_data_page_point_at_each_language_feed(site):
    for lang in ("en", "ar"):
        html = get(site.at("data/" if lang == "en" else f"{lang}/data/")).text
        base = site.at("data/" if lang == "en" else f"{lang}/data/")
        for hreflang, path in (("en", "feed.xml"), ("ar", "ar/feed.xml")):
            marker = f'type="application/atom+xml" hreflang="{hreflang}"'
            href = html.split(marker)[0].rsplit('href="', 1)[1].split('"')[0]
            assert urljoin(base, href) == site.at(path)


def test_json_export_opens_as_data_in_the_browser(page, site):
    """A reader who clicks events.json gets the records, readable Arabic included."""
    response = page.goto(site.at("data/events.json"))
    assert response.status == 200
    rows = json.loads(response.text())
    assert rows and all(row["title"]["ar"] for row in rows)
