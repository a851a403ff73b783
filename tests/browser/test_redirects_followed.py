"""A reader following an old, cited link lands on the renamed record's page, in Chromium.

The redirected site is the one tests/test_redirects.py builds and checks on the files; here it is
served over HTTP and each old address is opened as a reader would, in both languages.
"""

from __future__ import annotations

import pytest

from ..test_redirects import RENAMED, site  # noqa: F401  (site: a fixture)
from .conftest import serve_folder

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["", "ar/"])
def test_reader_following_an_old_link_lands_on_the_new_page(browser, site, lang):  # noqa: F811
    server, url = serve_folder(site)
    try:
        context = browser.new_context()
        tab = context.new_page()
        for kind, (_, old, new) in RENAMED.items():
            tab.goto(f"{url}{lang}{kind}/{old}/")
            tab.wait_for_url(f"{url}{lang}{kind}/{new}/", timeout=10_000)
            assert tab.locator("html").get_attribute("lang") == ("ar" if lang else "en")
            assert tab.locator("h1").count() == 1
        context.close()
    finally:
        server.shutdown()
