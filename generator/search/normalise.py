"""How text becomes search terms: the same function at build time (Python) and in the reader's
browser (``overrides/assets/javascripts/search-normalise.js``, a line-by-line mirror).

A word written any of the ways readers write it must meet the same term:

- Arabic letters: the alef forms أ إ آ ٱ → ا; ى and Persian ی → ي; ة → ه; the hamza seats ؤ → و and
  ئ → ي (readers often type them bare); Persian ک → ك; Arabic-Indic digits → 0-9.
- Diacritics (harakat, shadda, sukun, superscript alef and every other combining mark, so Latin
  accents too), tatweel and invisible direction/joiner marks are dropped.
- Case is folded; an English possessive ('s, ’s) is dropped; English plurals are reduced to the
  singular by a small suffix rule (not a full stemmer: "agreements" meets "agreement" but
  "agreed" stays itself, which keeps results predictable). American and British spellings
  meet: -ense is read -ence ("defense", "defence"), -ize and -ization -ise and -isation.
- Arabic words are indexed under the word itself and under every reading without attached
  clitics: conjunction و/ف, then preposition ب/ك/ل, then the article ال (ل + ال is written لل).
  «وبالطائرات» is found by «الطائرات» and «طائرات»; a query «للاستعلام» is looked up as «استعلام»
  too. A reading must leave three letters (MIN_STEM); the word as written always ranks first, so
  a name such as «بلخير» finds itself before any page where «لخير» would follow a ب.
- A feminine plural in ـات is read as its singular in ـة too, without its clitics: «الطائرات» is
  found by «طائرة», and «مسيّرة» by «مسيرات» (a reading, so it ranks after the word as written).

Nothing here knows a language of the site: the rules key on the script of each word.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

# One letter → its folded form ("" = dropped). Keep identical to FOLD in search-normalise.js.
FOLD = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ (wasla)
    "\u0672": "\u0627",  # ٲ
    "\u0673": "\u0627",  # ٳ
    "\u0649": "\u064a",  # ى → ي
    "\u06cc": "\u064a",  # Persian ی → ي
    "\u0626": "\u064a",  # ئ → ي
    "\u0624": "\u0648",  # ؤ → و
    "\u0629": "\u0647",  # ة → ه
    "\u06c0": "\u0647",  # ۀ → ه
    "\u06a9": "\u0643",  # Persian ک → ك
    "\u0640": "",  # tatweel
    "\u200b": "",  # zero width space
    "\u200c": "",  # zero width non-joiner
    "\u200d": "",  # zero width joiner
    "\u200e": "",  # left-to-right mark
    "\u200f": "",  # right-to-left mark
    "\u061c": "",  # Arabic letter mark
    "\ufeff": "",  # byte order mark
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended Arabic-Indic digits
}
_FOLDED = re.compile("[" + "".join(map(re.escape, FOLD)) + "]")
# Every non-spacing mark (Unicode category Mn): the JavaScript side removes /\p{Mn}/gu. Found by
# a regular expression over the Basic Multilingual Plane (a table lookup per character there);
# the few marks beyond it only where a character beyond it occurs.
_MARKS = frozenset(
    chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Mn"
)
_BMP_MARKS = re.compile("[" + "".join(re.escape(m) for m in sorted(_MARKS) if m <= "\uffff") + "]")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")

_POSSESSIVE = re.compile(r"([^\W_])['\u2019]s(?![^\W_])")
# American spellings read as British (both sides of a search are read the same way): defense,
# defenses → defence(s); organize, organized, organizing, organization → organis...
_SPELLING = re.compile(r"(?<=[a-z])(?:ense(?=s?$)|iz(?=es?$|ed$|ing$|ation))")
_BRITISH = {"ense": "ence", "iz": "is"}
_TOKEN = re.compile(r"[^\W_]+")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"^[a-z]+$")

# Proclitic combinations, longest first: (و|ف)? (ب|ك|ل)? (ال)?, with ل + ال written لل.
_CONJ = ("", "\u0648", "\u0641")  # و ف
_PREP = ("", "\u0628", "\u0643", "\u0644")  # ب ك ل
_ARTICLE = "\u0627\u0644"  # ال


def _proclitics() -> tuple[str, ...]:
    found = set()
    for conj in _CONJ:
        for prep in _PREP:
            for article in ("", _ARTICLE):
                if prep == "\u0644" and article:
                    found.add(conj + "\u0644\u0644")  # لل
                else:
                    found.add(conj + prep + article)
    found.discard("")
    return tuple(sorted(found, key=lambda p: (-len(p), p)))


PROCLITICS = _proclitics()
MIN_STEM = 3  # letters a reading without clitics must keep


def normalise(text: str) -> str:
    """Fold ``text`` as described in the module docstring (case, letters, marks, possessive)."""
    # Plain ASCII needs only the case fold. Otherwise each letter to fold or mark to drop that
    # occurs is replaced throughout: a few str.replace scans instead of a lookup per character
    # (str.translate), and the same result, as no letter is folded into one that is folded again.
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text)
        for letter in set(_FOLDED.findall(text)):
            text = text.replace(letter, FOLD[letter])
        text = unicodedata.normalize("NFD", text.lower())
        marks = set(_BMP_MARKS.findall(text))
        if _BEYOND_BMP.search(text):
            marks |= _MARKS.intersection(text)
        for mark in marks:
            text = text.replace(mark, "")
    if "'" not in text and "\u2019" not in text:
        return text
    return _POSSESSIVE.sub(r"\1", text)


def english_term(word: str) -> str:
    """A lower-case Latin word's term: its British spelling, then its singular."""
    return english_singular(_SPELLING.sub(lambda m: _BRITISH[m.group()], word))


def english_singular(word: str) -> str:
    """Reduce a lower-case Latin plural: companies→company, taxes→tax, drones→drone."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4 and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def arabic_readings(word: str) -> list[str]:
    """The word without each proclitic combination it starts with (longest prefix first)."""
    readings = []
    for prefix in PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            stem = word[len(prefix):]
            if stem not in readings:
                readings.append(stem)
    return readings


def arabic_singular(word: str) -> str | None:
    """A folded word in ـات read as a singular in ـة (folded to ه): «طايرات» → «طايره»; None for
    other words and for those that would keep fewer than two letters («ذات»)."""
    if word.endswith("\u0627\u062a") and len(word) - 2 >= 2:  # ات
        return word[:-2] + "\u0647"  # ه (ة folded)
    return None


@lru_cache(maxsize=200_000)
def terms(word: str) -> tuple[tuple[str, bool], ...]:
    """Search terms for one normalised word, as (term, written as such?) pairs, word first.

    The flag tells ranking apart: a page that writes the very word the reader typed comes before
    a page where it only appears with a clitic attached.
    """
    if _LATIN.match(word):
        return ((english_term(word), True),)
    found = [(word, True)]
    if _ARABIC.match(word):
        found += [(stem, False) for stem in arabic_readings(word) if stem != word]
        singular = arabic_singular(min((term for term, _ in found), key=len))  # no clitic
        if singular:
            found.append((singular, False))
    return tuple(found)


def words(text: str) -> list[str]:
    """Normalised words of ``text`` in order (letters and digits; everything else separates)."""
    return _TOKEN.findall(normalise(text))
