"""Every page kind in both languages printed to PDF by Chromium, as a reader's "Print" does: the
document holds the article and none of the site's navigation (skip link, header, search,
language switch, sidebars, footer), has no blank pages, and Arabic pages embed the site's
Naskh typeface. Each PDF is kept under test-artifacts/print/ for a person to look at."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from .conftest import ARTIFACTS, PAGES

pytestmark = pytest.mark.browser

OTHER = {"en": "ar", "ar": "en"}
ARABIC = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")

# Words only the navigation shows, read from the page on screen before printing.
CHROME = """other => {
  const text = sel => { const el = document.querySelector(sel);
                        return el ? el.textContent.trim() : null; };
  const search = document.querySelector('input.md-search__input');
  return [text('a.md-skip'), search && search.placeholder,
          text(`.md-select a[hreflang="${other}"]`), text('.md-top'),
          text('.md-footer__link--next .md-ellipsis')].filter(Boolean);
}"""

# The page's title as printed: the h1 without the theme's permalink mark ("¶"), which print
# hides but the screen's inner text includes.
TITLE = """h1 => { const copy = h1.cloneNode(true);
                   copy.querySelectorAll('.headerlink').forEach(link => link.remove());
                   return copy.textContent; }"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fonts(pdf: PdfReader) -> set[str]:
    names = set()
    for page in pdf.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(font.get_object().get("/BaseFont", "")))
    return names


@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_page_prints_as_a_clean_document(reader, kind_paths, lang, kind):
    tab = reader()
    tab.open(lang, kind_paths[kind])
    title = _squash(tab.page.locator("h1").first.evaluate(TITLE))
    headers = [_squash(th) for th in tab.page.locator("article th").all_text_contents()]
    article = _squash(tab.page.locator("article").first.text_content())
    # only words the article does not also use (the home page has a "Timeline" section)
    chrome = [_squash(words) for words in tab.page.evaluate(CHROME, OTHER[lang])]
    chrome = [words for words in chrome if words not in article]
    assert chrome, "no navigation found to check the print against"
    data = tab.page.pdf(format="A4")
    target = ARTIFACTS / "print" / f"{lang}-{kind}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)

    pdf = PdfReader(io.BytesIO(data))
    # NFKC: the PDF's text has the font's ligatures ("ﬃ" for "ffi")
    pages = [_squash(unicodedata.normalize("NFKC", page.extract_text())) for page in pdf.pages]
    assert pages and all(pages), f"blank page in {target.name}: {[bool(p) for p in pages]}"
    text = " ".join(pages)
    if lang == "ar":
        # Arabic comes out of a PDF in presentation forms and visual order: check its presence
        # and its typeface, and the navigation by its Latin words
        assert len(ARABIC.findall(text)) >= len(ARABIC.findall(title)), "Arabic text is missing"
        assert any("Naskh" in name for name in _fonts(pdf)), _fonts(pdf)
        chrome = [words for words in chrome if not ARABIC.search(words)]
    else:
        assert title in pages[0], f"title {title!r} not printed on page 1: {pages[0][:80]!r}"
        # a table wider than the page loses the columns past its edge
        cut = [header for header in headers if header not in text]
        assert cut == [], f"table columns cut off in {target.name}"
    printed = [words for words in chrome if words in text]
    assert printed == [], f"navigation printed in {target.name}"
