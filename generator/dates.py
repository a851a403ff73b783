"""Dates as editors write them (EDTF level 0/1) and as readers read them (Babel, localised).

One string carries everything: ``2022`` · ``2022-09`` · ``2022-09-12`` · ``2022-09-12/2022-09-15``
· ``2022-07~`` (approximate) · ``2025-02?`` (uncertain) · ``2025-08%`` (both). Sorting, display and
"how precise is this" all derive from it, so no second field can disagree with the first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.dates import format_date, parse_pattern

_ONE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[?~%])?$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")


class DateError(ValueError):
    """A date string that is not EDTF or not on the calendar; the message says which."""


@dataclass(frozen=True)
class Point:
    year: int
    month: int | None
    day: int | None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        if self.month:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)


@dataclass(frozen=True)
class EDTF:
    text: str
    start: Point
    end: Point | None = None

    @property
    def sort_key(self) -> tuple:
        """Earliest possible day first; at the same day, the less precise date first."""
        order = {"year": 0, "month": 1, "day": 2}
        return (self.start.first_day, order[self.start.precision], self.text)

    @property
    def precision(self) -> str:
        return self.start.precision

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def approximate(self) -> bool:
        return self.start.approximate or bool(self.end and self.end.approximate)

    @property
    def uncertain(self) -> bool:
        return self.start.uncertain or bool(self.end and self.end.uncertain)

    @property
    def last_day(self) -> dt.date:
        return (self.end or self.start).last_day


def _point(text: str, whole: str) -> Point:
    if _TIME.match(text):
        raise DateError(f"{whole!r} has a time of day; give the date only (YYYY-MM-DD)")
    match = _ONE.match(text)
    if not match:
        raise DateError(f"{whole!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, "
                        "optionally with ~ (approximate), ? (uncertain) or an interval A/B")
    y, m, d = (int(match[k]) if match[k] else None for k in "ymd")
    try:
        dt.date(y, m or 1, d or 1)
    except ValueError as exc:
        raise DateError(f"{whole!r} is not on the calendar ({exc})") from None
    q = match["q"] or ""
    return Point(y, m, d, approximate=q in "~%" and bool(q), uncertain=q in "?%" and bool(q))


@cache
def parse(text: str) -> EDTF:
    """Parse an EDTF string; raise :class:`DateError` with a message fit for an editor."""
    if not isinstance(text, str) or not text.strip():
        raise DateError("a date is required")
    if text.count("/") == 1:
        a, b = text.split("/")
        start, end = _point(a, text), _point(b, text)
        if end.last_day < start.first_day:
            raise DateError(f"{text!r}: the interval ends before it starts")
        return EDTF(text, start, end)
    return EDTF(text, _point(text, text))


# --- display -------------------------------------------------------------------------------

_MMM = re.compile(r"(?<!M)MMM(?!M)")
_SKELETON = {"day": "yMMMd", "month": "yMMM", "year": "y"}


def _plain(point: Point, locale: Locale) -> str:
    if point.precision == "day":
        return format_date(point.first_day, "long", locale=locale)
    if point.precision == "month":
        return parse_pattern(_MMM.sub("MMMM", locale.datetime_skeletons["yMMM"].pattern)
                             ).apply(point.first_day, locale)
    return str(point.year)


def _interval(a: Point, b: Point, locale: Locale) -> str:
    """Babel's CLDR interval patterns, with full month names ("12–15 September 2022")."""
    if a.precision == b.precision:
        diff = "y" if a.year != b.year else "M" if a.month != b.month else "d"
        formats = locale.interval_formats.get(_SKELETON[a.precision], {})
        halves = formats.get(diff) if formats else None
        if halves:
            return "".join(parse_pattern(_MMM.sub("MMMM", p)).apply(d, locale)
                           for p, d in zip(halves, (a.first_day, b.first_day), strict=True))
    fallback = locale.interval_formats.get(None, "{0} – {1}")
    return fallback.replace("{0}", _plain(a, locale)).replace("{1}", _plain(b, locale))


@cache
def _core(value: EDTF, locale: Locale) -> str:
    """Babel's formatting is slow and a date recurs on many pages: format each once per run."""
    return _interval(value.start, value.end, locale) if value.end else _plain(value.start, locale)


def display(value: EDTF, locale: Locale, words: dict[str, str]) -> str:
    """A reader's date: "September 2022", "about July 2022", "February 2025 (uncertain)".

    ``words`` holds the language's templates ``approximate``, ``uncertain`` and
    ``approximate_uncertain``, each with a ``{date}`` slot.
    """
    core = _core(value, locale)
    if value.approximate and value.uncertain:
        return words["approximate_uncertain"].format(date=core)
    if value.approximate:
        return words["approximate"].format(date=core)
    if value.uncertain:
        return words["uncertain"].format(date=core)
    return core
