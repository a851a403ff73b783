"""The data model: what a record may hold, built once per set of languages.

Every reader-visible text is a mapping with one key per configured language, so the Text model
is made at run time from ``config.yaml``'s ``languages``. Building the models from that list (not
hard-coding ``en``/``ar``) is what lets another team point the generator at another topic, and it
makes the published JSON Schema exact: it names the required language keys.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
)
from pydantic_core import PydanticCustomError

from . import dates

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
# Titles, names, labels and headings are one line of at most this many characters (real titles
# stay well under it: 150 at most in content/ when it was set): longer, a line is a paragraph
# that belongs in the summary, and it would break every list and link that shows it.
MAX_LINE = 200

# What ``python -m generator new`` writes where only the editor knows the value. It must never
# reach a reader, so validation refuses every value still holding it. In capitals, it is no id,
# choice, language or currency code and no number: those types refuse it as they are, at no cost
# to the thousands of values that are not one, and validate.py says it is the placeholder. A
# text or an address would take it, so their own checks refuse it (``_filled``).
PLACEHOLDER = "TODO"
PLACEHOLDER_URL = "https://TODO.invalid/"  # .invalid is reserved: it is never a real address
_PLACEHOLDER_HOST = "todo.invalid"


def placeholder_text(field: str, lang: str) -> str:
    """The placeholder ``new`` writes in one language of a text, saying which text it is."""
    return f"{PLACEHOLDER}: {field} ({lang})"


def is_placeholder(value) -> bool:
    """Whether ``value`` is (still, or still starts with) what ``new`` wrote. Every text and id
    of every record passes here: the common case (not one) costs two substring tests."""
    if not isinstance(value, str):
        return False
    text = value.lstrip()  # the same string, not a copy, when nothing is stripped
    if text.startswith(PLACEHOLDER) and (text.rstrip() == PLACEHOLDER
                                         or text.startswith(PLACEHOLDER + ":")):
        return True
    if "://" not in value:  # a substring test: texts are long, and few hold an address
        return False
    try:
        return urlsplit(text.strip()).hostname == _PLACEHOLDER_HOST
    except ValueError:
        return False


def _filled(value: str) -> str:
    """A record created by ``new`` and saved unfinished validated as written, so "TODO: title
    (en)" reached the pages, the feeds and the open data. validate.py words the message for
    the field (what to write there)."""
    if is_placeholder(value):
        raise PydanticCustomError("placeholder", "still the placeholder that `new` wrote")
    return value


# One word as a reader types it: no spaces (search synonyms)
WORD_PATTERN = r"^[^\s]+$"
Word = Annotated[str, StringConstraints(pattern=WORD_PATTERN, max_length=40)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN),
                 Field(description="Stable id: lowercase letters, digits, single hyphens. "
                                   "It is the page's URL; never derive it from a title.")]
Standing = Literal["official", "reported", "unconfirmed"]
ActorKind = Literal["state", "armed-force", "ministry", "agency", "company", "person",
                    "organisation"]
AgreementKind = Literal["mou", "agreement", "work-plan", "contract", "deal"]
AgreementStatus = Literal["signed", "reported", "in-talks"]


def _edtf(value: str) -> str:
    dates.parse(value)  # raises DateError (a ValueError) with an editor-friendly message
    return value


Date = Annotated[str, AfterValidator(_edtf), Field(
    description="EDTF date: 2022 · 2022-09 · 2022-09-12 · 2022-09-12/2022-09-15 · "
                "2022-07~ (approximate) · 2025-02? (uncertain)",
    examples=["2021-11-24", "2022-07~", "2025-02?", "2022-09-12/2022-09-15"])]


def _one_line(value: str) -> str:
    _filled(value)
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line (titles and names have no line breaks)")
    if not value.strip():
        raise ValueError("is empty")
    return value


def _not_blank(value: str) -> str:
    _filled(value)
    if not value.strip():
        raise ValueError("is empty")
    return value


# An address written without its scheme: a host name with a dot, then a path or nothing.
_BARE_HOST = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]|$)")
_NOT_IN_URL = "<>\"'`\\"


def _http_url(value: str) -> str:
    """Only a web address a reader's browser opens. Each refusal says what is wrong, for an
    editor who pasted it: a missing https://, a space, no host; and other schemes (javascript:,
    data:) are never links (the address is written into every page that cites the source)."""
    _filled(value)
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # an unclosed [ in the host
        raise ValueError(f"{value!r} is not a valid web address; copy it from the browser's "
                         "address bar") from None
    if parts.scheme.lower() not in ("http", "https"):
        if _BARE_HOST.match(value):
            raise ValueError(f"{value!r} does not start with https:// or http://; add https:// "
                             f"in front: {'https://' + value!r}")
        raise ValueError(f"only http:// and https:// links are allowed; found {value!r}")
    bad = next((c for c in value if c.isspace() or ord(c) < 32 or c in _NOT_IN_URL), None)
    if bad is not None:
        what = "a space" if bad.isspace() else f"the character {bad!r}"
        raise ValueError(f"{value!r} is not a valid web address: it contains {what}; copy the "
                         "address from the browser's address bar")
    if not host:
        raise ValueError(f"{value!r} is not a valid web address: it has no host name (such as "
                         f"example.org) after {parts.scheme}://")
    return value


def _citation(value):
    return {"id": value} if isinstance(value, str) else value


Url = Annotated[str, AfterValidator(_http_url)]


class Record(BaseModel):
    """Base of every content model: unknown keys are errors, nothing is coerced silently."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Translations(Record):
    """Base of the text models: one field per language of the briefing, so a message about an
    unknown key there can name the languages (validate.py)."""


def _text_model(name: str, languages: tuple[str, ...], check, doc: str, *constraints):
    fields = {lang: (Annotated[str, *constraints, AfterValidator(check)], ...)
              for lang in languages}
    return create_model(name, __base__=Translations, __doc__=doc, **fields)


class LanguageList(Record):
    """Read first, on its own, so the rest of config.yaml can be checked against it."""

    model_config = ConfigDict(extra="allow", strict=True)
    languages: Annotated[list[Annotated[str, StringConstraints(pattern=LANG_PATTERN)]],
                         Field(min_length=1)]


@lru_cache(maxsize=8)
def build(languages: tuple[str, ...]) -> SimpleNamespace:
    """All content models for one tuple of language codes (first = default language)."""
    Line = _text_model("Line", languages, _one_line,
                       "One line of text in every language (titles, names, labels).",
                       StringConstraints(max_length=MAX_LINE))
    Text = _text_model("Text", languages, _not_blank,
                       "Plain text in every language; paragraphs are separated by a blank line.")

    def opt(model, description: str):
        return Annotated[model | None, Field(description=description)]

    class Area(Record):
        """One area of cooperation: the controlled vocabulary events and agreements use."""

        id: Slug
        label: Line
        description: Text | None = None

    Synonyms = create_model(
        "Synonyms", __base__=Translations,
        __doc__="Per language: a word readers type that the pages do not write (an acronym, "
                "another spelling) → the word the pages write instead.",
        **{lang: (dict[Word, Word], Field(default_factory=dict)) for lang in languages})

    class Config(Record):
        """content/config.yaml: the topic."""

        languages: list[str] = Field(description="Language codes; the first is served at /.")
        title: Line
        description: Text
        areas: Annotated[list[Area], Field(min_length=1)]
        search_synonyms: Synonyms = Field(
            default_factory=Synonyms,
            description="Words search reads as others, per language: MoU: memorandum. A reader "
                        "typing the first is shown the pages that write the second.")

    class Citation(Record):
        """A source cited by an event or agreement, with what it contributes."""

        id: Slug
        note: opt(Text, "What this source says about the record.") = None

    Citations = Annotated[list[Annotated[Citation, BeforeValidator(_citation)]],
                          Field(min_length=1, description="Sources cited: at least one.")]

    class Common(Record):
        id: Slug
        former_ids: list[Slug] = Field(default_factory=list,
                                       description="Old ids; their URLs redirect here.")

    class Source(Common):
        """One news article, summarised in our own words."""

        title: Line
        outlet: Line | None = None
        published: Date
        language: Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
        url: Url | None = None
        summary: Text
        perspective: opt(Text, "Where the article's wording takes sides, attributed.") = None
        notes: Text | None = None

    class Actor(Common):
        """A person, state, armed force, ministry, agency, company or organisation."""

        name: Line
        kind: ActorKind
        role: opt(Line, "For a person: the role held at the time.") = None
        country: opt(Slug, "Id of a state actor.") = None
        affiliation: opt(Slug, "Id of the actor this one belongs to.") = None
        description: Text | None = None
        sources: Annotated[list[Slug], Field(min_length=1)]

    class Value(Record):
        """A reported monetary value, as reported: no more precise than the source."""

        amount: Annotated[float, Field(gt=0)]
        currency: Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)]
        qualifier: Literal["exact", "about", "over", "up-to"] = "exact"

    class Agreement(Common):
        """A memorandum, agreement, work plan, contract or deal in talks."""

        title: Line
        kind: AgreementKind
        date: Date
        status: AgreementStatus
        standing: Standing
        parties: Annotated[list[Slug], Field(min_length=1)]
        signatories: list[Slug] = Field(default_factory=list)
        areas: list[Slug] = Field(default_factory=list)
        value: Value | None = None
        summary: Text
        sources: Citations
        notes: Text | None = None
        conflicts: opt(Text, "Where sources disagree.") = None

    class Quote(Record):
        """A short quotation of an official statement, marked as such with its source."""

        text: Text
        speaker: Slug
        source: Slug

    class Event(Common):
        """Something that happened, or was reported, at a date."""

        date: Date
        title: Line
        summary: Text
        standing: Standing
        place: Line | None = None
        actors: list[Slug] = Field(default_factory=list)
        agreements: list[Slug] = Field(default_factory=list)
        areas: list[Slug] = Field(default_factory=list)
        sources: Citations
        quotes: list[Quote] = Field(default_factory=list)
        conflicts: opt(Text, "Where sources disagree (dates, 'first', titles).") = None
        notes: opt(Text, "How a date was inferred; other caveats.") = None

    class KeyPoint(Record):
        text: Text
        events: Annotated[list[Slug], Field(min_length=1)]

    class Section(Record):
        heading: Line
        body: Text

    class Page(Record):
        """A hand-written page: home (served at /) or any other (/<id>/)."""

        id: Slug
        title: Line
        intro: Text | None = None
        key_points: list[KeyPoint] = Field(default_factory=list)
        sections: list[Section] = Field(default_factory=list)

    return SimpleNamespace(
        languages=languages, Line=Line, Text=Text, Area=Area, Config=Config, Citation=Citation,
        Source=Source, Actor=Actor, Value=Value, Agreement=Agreement, Quote=Quote, Event=Event,
        KeyPoint=KeyPoint, Section=Section, Page=Page,
        kinds={"sources": Source, "actors": Actor, "agreements": Agreement, "events": Event,
               "pages": Page},
    )
