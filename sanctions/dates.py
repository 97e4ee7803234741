"""Dates as sanctions lists write them: exact, partial, ranges and approximate.

A date of birth is stored in a small, strict subset of ISO 8601 / EDTF:

=====================  ===============================
stored                  meaning
=====================  ===============================
``1950-01-15``          exact day
``1950-01``             a month
``1950``                a year
``1961/1963``           between 1961 and 1963 (either end may be a day or a month)
``1950~``               circa 1950 (``~`` may follow any day, month or year)
=====================  ===============================

:func:`parse_fuzzy_date` accepts what people and lists write ("15 Jan 1950", "circa 1950",
"between 1961 and 1963", "1961 to 1963", "00/00/1980") and returns the stored form with the
earliest and latest day it covers.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

# The database refuses anything that does not look like the stored form (see BirthDate).
PART = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
STORED_DATE_REGEX = rf"^{PART}(~|/{PART})?$"

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_name) if name})
MONTHS["sept"] = 9

_CIRCA = re.compile(r"^(circa|ca\.?|c\.|approx\.?|approximately|about|around)\s+(.*)$", re.I)
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.I)
_RANGE = re.compile(r"^(.+?)\s*(?:\bto\b|/|\s-\s|–)\s*(.+)$", re.I)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_DMY_SLASH = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")


class FuzzyDateError(ValueError):
    """The text is not a date in any shape this tracker understands."""


@dataclass(frozen=True)
class FuzzyDate:
    value: str
    earliest: datetime.date
    latest: datetime.date

    @property
    def circa(self):
        return self.value.endswith("~")

    def display(self):
        return display_fuzzy_date(self.value)


@dataclass(frozen=True)
class _Part:
    year: int
    month: int | None = None
    day: int | None = None

    def iso(self):
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def earliest(self):
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def latest(self):
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return datetime.date(self.year, month, day)


def _part(text):
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return _checked(year, month, day, text)
    match = _DMY_WORDS.match(text)
    if match:
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            raise FuzzyDateError(f"{month_name!r} is not a month name.")
        return _checked(int(year), month, int(day) if day else None, text)
    match = _DMY_SLASH.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        # "00/00/1980" is how the UK list writes a year alone, "00/05/1980" a month.
        return _checked(year, month or None, day or None, text) if month else _Part(year)
    raise FuzzyDateError(
        f"{text!r} is not a date. Use a form such as 1950-01-15, 15 Jan 1950, Jan 1950 or 1950."
    )


def _checked(year, month, day, text):
    if day and not month:
        raise FuzzyDateError(f"{text!r} has a day but no month.")
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise FuzzyDateError(f"{text!r} is not a real calendar date.") from None
    if year < 1000:
        raise FuzzyDateError(f"{text!r}: the year must have four digits.")
    return _Part(year, month, day)


def _split_range(text):
    for pattern in (_BETWEEN, _YEAR_RANGE, _RANGE):
        match = pattern.match(text)
        if match:
            return match.group(1), match.group(2)
    return None


def parse_fuzzy_date(text):
    """Parse a date as written on a list into a :class:`FuzzyDate`.

    Raises :class:`FuzzyDateError` with a message an editor understands.
    """
    text = " ".join(str(text or "").split())
    if not text:
        raise FuzzyDateError("The date is empty.")
    circa = text.endswith("~")
    text = text.rstrip("~").strip()
    match = _CIRCA.match(text)
    if match:
        circa, text = True, match.group(2)
    # "15/01/1950" is one day, not a range split at "/".
    bounds = None if _DMY_SLASH.match(text) else _split_range(text)
    if bounds:
        first, last = _part(bounds[0]), _part(bounds[1])
        if last.latest() < first.earliest():
            raise FuzzyDateError(f"{text!r}: the range ends before it starts.")
        value, earliest, latest = f"{first.iso()}/{last.iso()}", first.earliest(), last.latest()
    else:
        part = _part(text)
        value, earliest, latest = part.iso(), part.earliest(), part.latest()
    # A range is approximate by nature: "circa 1934-1936" is stored as the range alone.
    if circa and not bounds:
        value += "~"
    return FuzzyDate(value, earliest, latest)


def _display_part(iso):
    pieces = [int(piece) for piece in iso.split("-")]
    if len(pieces) == 3:
        return f"{pieces[2]:02d} {calendar.month_abbr[pieces[1]]} {pieces[0]}"
    if len(pieces) == 2:
        return f"{calendar.month_abbr[pieces[1]]} {pieces[0]}"
    return str(pieces[0])


def display_fuzzy_date(value):
    """The stored form as a reader expects it: "15 Jan 1950", "1961 to 1963", "circa 1950"."""
    if not value:
        return ""
    if value.endswith("~"):
        return f"circa {_display_part(value[:-1])}"
    if "/" in value:
        first, last = value.split("/")
        return f"{_display_part(first)} to {_display_part(last)}"
    return _display_part(value)
