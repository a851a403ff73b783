"""The real briefing in content/, checked the way its readers and editors would check it.

Every actor, agreement and source is used; every source is cited by an event; English fields
are English and Arabic fields Arabic; quotations are word for word from the article they cite;
nothing else copies a long run of words from an article; inferred dates are explained; and
disagreements between articles cite each article they name.

The articles themselves are vendored in content/seeds/<source id>.txt (CI runs on a fresh clone
where the team's shared seed folder does not exist), and a test makes sure every source has one,
so the copying checks can never pass by finding nothing to compare against.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator import dates
from generator.validate import load_and_validate

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEEDS = CONTENT / "seeds"
RECORD_KINDS = ("sources", "actors", "agreements", "events", "pages")

# A run of this many words shared with an article counts as copying. Titles of bodies and posts
# ("the minister delegate in charge of the Administration of National Defence") stay below it.
COPY_RUN = 8
# A longer run shared but for one word is copying too: changing "مكلف" to "المكلّفة" in a
# sentence of fourteen words does not make it ours.
NEAR_RUN = 10


# --- helpers -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def briefing():
    return load_and_validate(CONTENT)


def raw_records() -> Iterator[tuple[str, dict]]:
    """(path relative to content/, parsed mapping) for config.yaml and every record file."""
    yield "config.yaml", yaml.safe_load((CONTENT / "config.yaml").read_text("utf-8"))
    for kind in RECORD_KINDS:
        for path in sorted((CONTENT / kind).glob("*.yaml")):
            yield f"{kind}/{path.name}", yaml.safe_load(path.read_text("utf-8"))


def texts(node, where: str = "", skip: tuple[str, ...] = ()) -> Iterator[tuple[str, dict]]:
    """Every bilingual text (a mapping whose keys are exactly en and ar) with its field path."""
    if isinstance(node, dict):
        if set(node) == {"en", "ar"} and all(isinstance(v, str) for v in node.values()):
            yield where, node
            return
        for key, value in node.items():
            if key not in skip:
                yield from texts(value, f"{where}.{key}" if where else str(key), skip)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f"{where}[{i}]", skip)


def all_texts(skip: tuple[str, ...] = ()) -> Iterator[tuple[str, str, dict]]:
    for name, data in raw_records():
        for where, text in texts(data, skip=skip):
            yield name, where, text


ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
LATIN_WORD = re.compile(r"(?<![\w/-])[A-Za-z][A-Za-z0-9&'-]*")
ENGLISH_WORDS = {"the", "of", "and", "in", "to", "a", "an", "is", "on", "for", "with", "by",
                 "from", "as", "at", "that", "it", "its", "was", "were", "are", "be", "this"}
# Latin words an Arabic text may carry besides acronyms (KNDS, JMC, EDTF) and /web/paths/.
LATIN_IN_ARABIC = {"Saad236"}


def script_problems(lang: str, text: str) -> list[str]:
    """Why ``text`` is not written in ``lang`` ('en' or 'ar'), judged by script; [] if it is."""
    problems = []
    words = text.split()
    if lang == "en":
        if found := ARABIC_SCRIPT.findall(text):
            problems.append(f"Arabic script in an English field: {''.join(found)[:20]!r}")
        plain = {w.strip(".,;:()«»\"'").lower() for w in words}
        if len(words) >= 15 and not plain & ENGLISH_WORDS:
            problems.append("fifteen words or more without a single common English word")
    else:
        arabic, latin = len(ARABIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))
        if arabic == 0 or arabic < 4 * latin:
            problems.append(f"mostly not Arabic script ({arabic} Arabic vs {latin} Latin letters)")
        for word in LATIN_WORD.findall(text):
            acronym = word.isupper() and len(word) <= 6
            if not acronym and word not in LATIN_IN_ARABIC:
                problems.append(f"Latin word {word!r} in an Arabic field (transliterate it)")
    return problems


DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def words_of(text: str) -> list[str]:
    """Words compared for copying: Arabic without diacritics or tatweel, alef/yaa/taa unified."""
    text = DIACRITICS.sub("", text)
    text = re.sub("[إأآٱ]", "ا", text).replace("ى", "ي").replace("ة", "ه")
    return re.findall(r"[\w%]+", text.lower())


def runs(words: list[str], n: int = COPY_RUN) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def copied_runs(text: str, seed_runs: set) -> list[str]:
    return [" ".join(r) for r in runs(words_of(text)) if r in seed_runs]


def blanked(run: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The run with each of its words in turn replaced by a blank: two runs that differ in at
    most one word share one of these."""
    for i in range(len(run)):
        yield run[:i] + ("",) + run[i + 1:]


def near_index(text: str) -> set[tuple[str, ...]]:
    return {b for run in runs(words_of(text), NEAR_RUN) for b in blanked(run)}


def near_copies(text: str, index: set) -> list[str]:
    """Runs of NEAR_RUN words that an article has too, but for at most one word."""
    return [" ".join(run) for run in runs(words_of(text), NEAR_RUN)
            if any(b in index for b in blanked(run))]


# --- the checkers themselves can fail --------------------------------------------------------

def test_script_check_rejects_swapped_or_mixed_languages():
    assert script_problems("en", "Morocco and Israel signed a memorandum in Rabat.") == []
    assert script_problems("ar", "وقّع المغرب وإسرائيل مذكرة تفاهم في الرباط مع KNDS.") == []
    assert script_problems("en", "وقّع المغرب وإسرائيل مذكرة تفاهم")
    assert script_problems("en", "Morocco (المغرب) signed")
    assert script_problems("ar", "Morocco and Israel signed a memorandum in Rabat.")
    assert script_problems("ar", "وقّع المغرب مع شركة Elbit Systems اتفاقًا")
    assert script_problems("en", "Le Maroc et Israël ont signé un mémorandum d'entente militaire "
                                 "dans la capitale marocaine, selon plusieurs médias arabes.")


def test_copy_check_finds_a_run_taken_from_an_article():
    seed = seed_texts()["src-2022-09-12-belkhir-visit"]
    seed_runs = runs(words_of(seed))
    lifted = " ".join(words_of(seed)[40:40 + COPY_RUN])
    assert copied_runs(f"مقدمة من عندنا {lifted} وخاتمة", seed_runs)
    assert not copied_runs("زار وفد عسكري مغربي إسرائيل في سبتمبر 2022 لحضور مؤتمر", seed_runs)


def test_near_copy_check_finds_a_sentence_with_one_word_changed():
    seed = seed_texts()["src-2025-israeli-industry-contacts"]
    index = near_index(seed)
    # The article: «فإن ذراع البحث والتطوير في وزارة الدفاع الإسرائيلية مكلف أيضاً بالإشراف
    # على برامج الشراكة الدولية»; an edit of one word is still the article's sentence.
    edited = "ذراع البحث والتطوير في وزارة الدفاع الإسرائيلية، المكلّفة أيضًا بالإشراف على برامج"
    assert near_copies(edited, index)
    assert not copied_runs(edited, runs(words_of(seed)))  # the exact check misses it
    assert not near_copies("الذراع البحثية لوزارة الدفاع الإسرائيلية، وتتولى كذلك متابعة "
                           "برامج الشراكات مع الخارج", index)


# --- references --------------------------------------------------------------------------

def test_every_source_has_its_article_and_every_article_its_source(briefing):
    assert set(seed_texts()) == set(briefing.sources), (
        "content/seeds/ must hold exactly one <source id>.txt per source")
    for sid, text in seed_texts().items():
        assert len(words_of(text)) > 200, f"seeds/{sid}.txt looks truncated"


def test_every_source_is_cited_by_at_least_one_event(briefing):
    cited = {c.id for e in briefing.events.values() for c in e.sources}
    assert set(briefing.sources) - cited == set()


def test_every_agreement_is_referenced_by_an_event(briefing):
    used = {a for e in briefing.events.values() for a in e.agreements}
    assert set(briefing.agreements) - used == set()


def test_every_actor_takes_part_in_an_event_or_agreement(briefing):
    used = {a for e in briefing.events.values() for a in e.actors}
    used |= {q.speaker for e in briefing.events.values() for q in e.quotes}
    for agreement in briefing.agreements.values():
        used |= {*agreement.parties, *agreement.signatories}
    assert set(briefing.actors) - used == set()


def test_every_actor_source_is_cited_where_the_actor_appears(briefing):
    """An actor's page lists the articles that name it; each must really be one of them."""
    for actor in briefing.actors.values():
        assert actor.sources, actor.id
        for sid in actor.sources:
            assert sid in briefing.sources, (actor.id, sid)


def test_people_and_companies_are_spelled_as_in_their_articles(briefing):
    """A reader searching the article for a name on the site finds it there."""
    seeds = {sid: " ".join(words_of(t)) for sid, t in seed_texts().items()}
    wrong = []
    for actor in briefing.actors.values():
        if actor.kind not in ("person", "company"):
            continue
        names = [" ".join(words_of(actor.name.ar)), " ".join(words_of(actor.name.en))]
        names += [re.sub(r" \w+$", "", n) for n in names]  # "... (IAI)" -> "..."
        if not any(n in seeds[s] for s in actor.sources for n in names):
            wrong.append(f"{actor.id}: {actor.name.en} / {actor.name.ar}")
    assert wrong == []


# --- language and wording --------------------------------------------------------------------

def test_english_fields_are_english_and_arabic_fields_arabic():
    problems = [f"{name}: {where}.{lang}: {p}"
                for name, where, text in all_texts()
                for lang in ("en", "ar")
                for p in script_problems(lang, text[lang])]
    assert problems == []


def test_there_are_bilingual_texts_to_check():
    assert sum(1 for _ in all_texts()) > 300


def test_no_text_copies_a_long_run_of_words_from_an_article():
    seed_runs = set().union(*(runs(words_of(t)) for t in seed_texts().values()))
    assert len(seed_runs) > 1500
    copied = [f"{name}: {where}.{lang}: «{run}»"
              for name, where, text in all_texts(skip=("quotes",))
              for lang in ("en", "ar")
              for run in copied_runs(text[lang], seed_runs)[:1]]
    assert copied == [], "rewrite these in our own words:\n" + "\n".join(copied)


def test_no_text_copies_a_sentence_with_one_word_changed():
    index = set().union(*(near_index(t) for t in seed_texts().values()))
    copied = [f"{name}: {where}.{lang}: «{run}»"
              for name, where, text in all_texts(skip=("quotes",))
              for lang in ("en", "ar")
              for run in near_copies(text[lang], index)[:1]]
    assert copied == [], "rewrite these in our own words:\n" + "\n".join(copied)


def test_quotations_are_word_for_word_from_the_article_they_cite(briefing):
    seeds = {sid: " ".join(words_of(t)) for sid, t in seed_texts().items()}
    checked = 0
    for event in briefing.events.values():
        for quote in event.quotes:
            assert quote.source in {c.id for c in event.sources}, (event.id, quote.source)
            assert " ".join(words_of(quote.text.ar)) in seeds[quote.source], (
                event.id, quote.text.ar)
            assert len(quote.text.ar.split()) <= 25, (event.id, "quotations stay short")
            checked += 1
    assert checked >= 3


# --- dates, standing, conflicts --------------------------------------------------------------

def test_inferred_dates_are_marked_and_explained(briefing):
    """A date marked uncertain or approximate tells the reader, in notes, how it was inferred."""
    missing = []
    for kind, records, field in (("events", briefing.events, "date"),
                                 ("agreements", briefing.agreements, "date"),
                                 ("sources", briefing.sources, "published")):
        for record in records.values():
            when = dates.parse(getattr(record, field))
            if (when.uncertain or when.approximate) and not record.notes:
                missing.append(f"{kind}/{record.id}")
    assert missing == []


def test_month_names_without_a_year_in_the_2025_article_stay_uncertain(briefing):
    """The undated 2025 article never gives a year: nothing dated from it alone may look sure."""
    undated = "src-2025-israeli-industry-contacts"
    assert dates.parse(briefing.sources[undated].published).uncertain
    for event in briefing.events.values():
        if [c.id for c in event.sources] == [undated] and event.date.startswith("2025"):
            assert dates.parse(event.date).uncertain, event.id


def test_conflicts_cite_each_article_they_describe(briefing):
    for record in [*briefing.events.values(), *briefing.agreements.values()]:
        if record.conflicts:
            cited = {c.id for c in record.sources}
            assert len(cited) >= 2, f"{record.id}: a conflict needs both sources cited"


def test_every_event_and_agreement_has_a_standing_and_a_source(briefing):
    for record in [*briefing.events.values(), *briefing.agreements.values()]:
        assert record.standing in ("official", "reported", "unconfirmed"), record.id
        assert record.sources, record.id


def test_home_page_opens_with_five_to_seven_key_points_linked_to_events(briefing):
    points = briefing.pages["home"].key_points
    assert 5 <= len(points) <= 7
    for point in points:
        assert point.events and set(point.events) <= set(briefing.events)
