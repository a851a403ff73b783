"""The site as a reader first meets it: both languages, direction, language switch, no CDN."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_english_home_is_left_to_right_and_loads_nothing_foreign(page, site):
    page.goto(site.at("/"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert site.foreign == []


def test_arabic_home_is_right_to_left_in_the_arabic_typeface(page, site):
    page.goto(site.at("/ar/"))
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Briefing Naskh\"', 'عربي')")
    assert site.foreign == []


def test_language_switch_lands_on_the_counterpart_page(page, site):
    page.goto(site.at("/timeline/"))
    href = page.locator('.md-select a[hreflang="ar"]').first.get_attribute("href")
    page.goto(page.evaluate("href => new URL(href, location).href", href))
    assert page.url.endswith("/ar/timeline/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    back = page.locator('.md-select a[hreflang="en"]').first.get_attribute("href")
    page.goto(page.evaluate("href => new URL(href, location).href", back))
    assert page.url == site.at("/timeline/")
