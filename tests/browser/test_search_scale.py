"""What a reader downloads to see the first search result, on a synthetic briefing of 1,000 events.

Issue 5 asks that at 1,000 events the bytes fetched before the first result appears stay under
300 KB. Counted here in Chromium: every response the page receives for search (Material's
``search/search_index.json``, the worker and its normaliser, ``search/<lang>/...`` index files),
from opening the page until the first result is on screen, as the uncompressed bytes of a plain
HTTP server (what a server without compression sends). Gzip sizes are reported beside them.

The synthetic content is built here (topic-neutral, deterministic), not taken from bench/: it only
has to have the shape and size of real events, with a vocabulary that grows with the corpus.

Run by hand for other sizes: ``python -m tests.browser.test_search_scale 10000``.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import sys
from pathlib import Path

import pytest

from generator.build import Paths, build

from .conftest import ARTIFACTS, serve_folder

pytestmark = pytest.mark.browser

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
LIMIT = 300 * 1024
EN_SYLLABLES = ["ka", "lo", "mi", "ter", "van", "dor", "sel", "bri", "nu", "pa", "ros", "tek"]
AR_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
AR_CLITICS = ["", "", "", "ال", "وال", "بال", "لل", "و", "ف"]


def _vocabulary(rng: random.Random, size: int) -> tuple[list[str], list[str]]:
    english = ["".join(rng.choice(EN_SYLLABLES) for _ in range(rng.randint(2, 4)))
               for _ in range(size)]
    arabic = ["".join(rng.choice(AR_LETTERS) for _ in range(rng.randint(3, 6)))
              for _ in range(size)]
    return english, arabic


def _sentence(rng, vocabulary, words, arabic):
    picked = []
    for _ in range(words):
        # Zipf-like: a few words are everywhere, most are rare (as in real text)
        index = min(len(vocabulary) - 1, int(rng.paretovariate(1.1)) - 1)
        word = vocabulary[index if rng.random() < 0.6 else rng.randrange(len(vocabulary))]
        picked.append(rng.choice(AR_CLITICS) + word if arabic else word)
    return " ".join(picked) + "."


def synthetic_content(target: Path, events: int, seed: int = 5) -> Path:
    """The mini fixture plus ``events`` generated events (two-paragraph summaries, notes)."""
    shutil.copytree(MINI, target)
    rng = random.Random(seed)
    english, arabic = _vocabulary(rng, max(2000, events * 3))
    english[:3] = ["committee", "meeting", "plan"]  # words found on most pages
    arabic[:3] = ["لجنة", "اجتماع", "خطة"]
    for n in range(events):
        def text(lang, sentences, words=14):
            vocab, is_ar = (arabic, True) if lang == "ar" else (english, False)
            return " ".join(_sentence(rng, vocab, words, is_ar) for _ in range(sentences))

        event = {
            "id": f"event-{n:05d}",
            "date": f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "title": {"en": text("en", 1, 9)[:-1], "ar": text("ar", 1, 8)[:-1]},
            "summary": {lang: text(lang, 4) + "\n\n" + text(lang, 3) for lang in ("en", "ar")},
            "standing": rng.choice(["official", "reported", "unconfirmed"]),
            "actors": rng.sample(["alpha", "beta", "jane-roe"], rng.randint(1, 3)),
            "areas": rng.sample(["training", "intelligence"], rng.randint(1, 2)),
            "sources": [{"id": rng.choice(["src-one", "src-two"]),
                         "note": {lang: text(lang, 1, 8) for lang in ("en", "ar")}}],
        }
        if n % 3 == 0:
            event["notes"] = {lang: text(lang, 2) for lang in ("en", "ar")}
        (target / "events" / f"event-{n:05d}.yaml").write_text(
            json.dumps(event, ensure_ascii=False), "utf-8"  # JSON is YAML
        )
    return target


def build_synthetic(base: Path, events: int) -> Path:
    content = synthetic_content(base / "content", events)
    paths = Paths(content=content, build=base / "build", site=base / "site")
    build(paths)
    return paths.site


def measure(browser, url: str, query: str) -> dict:
    """Bytes of search responses from opening ``url`` until the first result is shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    bodies: list[tuple[str, bytes]] = []

    def keep(response):
        if "/search" in response.url and response.ok:
            bodies.append((response.url, response.body()))

    tab.on("response", keep)
    tab.goto(url)
    tab.locator("input[data-md-component=search-query]").click()
    tab.keyboard.type(query)
    tab.keyboard.press("End")
    tab.wait_for_selector(".md-search-result__item", timeout=30000)
    shown = tab.locator(".md-search-result__item").count()
    context.close()
    return {
        "url": url,
        "query": query,
        "results_shown": shown,
        "files": len(bodies),
        "bytes": sum(len(body) for _, body in bodies),
        "gzip_bytes": sum(len(gzip.compress(body)) for _, body in bodies),
        "index_bytes": sum(len(body) for u, body in bodies if "/search/" in u),
    }


QUERIES = [("ar/", "لجنة"), ("ar/", "واللجنة خطة"), ("", "committee"), ("", "committees plan")]


def index_size(site: Path) -> dict:
    sizes = {}
    for folder in sorted((site / "search").iterdir()):
        if folder.is_dir():
            files = [p for p in folder.rglob("*") if p.is_file()]
            sizes[folder.name] = {"files": len(files),
                                  "bytes": sum(p.stat().st_size for p in files)}
    return sizes


def run(browser, base: Path, events: int) -> dict:
    site = build_synthetic(base, events)
    server, url = serve_folder(site)
    try:
        runs = [measure(browser, url + path, query) for path, query in QUERIES]
    finally:
        server.shutdown()
    report = {"events": events, "index_on_disk": index_size(site), "first_search": runs}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"search-size-{events}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), "utf-8"
    )
    return report


def test_first_search_at_1000_events_downloads_under_300_kb(browser, tmp_path):
    report = run(browser, tmp_path, 1000)
    for entry in report["first_search"]:
        assert entry["results_shown"] > 0, entry
        assert entry["bytes"] < LIMIT, entry


if __name__ == "__main__":  # python -m tests.browser.test_search_scale 10000
    import tempfile

    from playwright.sync_api import sync_playwright

    from .conftest import CHROMIUM

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        print(json.dumps(run(chromium, Path(folder), int(sys.argv[1])), indent=1))
        chromium.close()
