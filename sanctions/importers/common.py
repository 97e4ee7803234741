"""Small helpers the format modules share: scripts, dates and clipped text."""

import re
import unicodedata

from ..dates import FuzzyDateError, parse_fuzzy_date
from ..names import display_name

# ISO 15924 codes of the scripts lists use, by the first word of Unicode character names.
SCRIPTS = {
    "ARABIC": "Arab",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "HANGUL": "Hang",
    "CJK": "Hani",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "HEBREW": "Hebr",
    "THAI": "Thai",
    "DEVANAGARI": "Deva",
    "GEORGIAN": "Geor",
    "ARMENIAN": "Armn",
    "ETHIOPIC": "Ethi",
    "MYANMAR": "Mymr",
    "KHMER": "Khmr",
    "LAO": "Laoo",
    "TAMIL": "Taml",
    "BENGALI": "Beng",
    "SINHALA": "Sinh",
    "TIBETAN": "Tibt",
}


def script_of(text):
    """The ISO 15924 code of the first non-Latin script in the text; "" for Latin text."""
    for char in str(text or ""):
        if char.isalpha() and ord(char) > 0x24F:
            first_word = unicodedata.name(char, "").split(" ")[0]
            if first_word in SCRIPTS:
                return SCRIPTS[first_word]
    return ""


def clean(value):
    """A cell's text with its runs of whitespace (hard line breaks too) made single spaces."""
    return " ".join(str(value or "").split())


def clip(text, length):
    """Text cut to a column's length, marked with an ellipsis where it was cut."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def shown_name(entry, *, surname_first):
    """The name the tracker shows for an entry (docs/data-model.md, "Names"), from the name
    as listed, its kind and the person's nationalities (else countries of birth)."""
    countries = [n.country for n in entry.nationalities] or [
        place.country for place in entry.birth_places if place.country
    ]
    listed = entry.listed_name or entry.name
    # Not cut here: the checks warn of a name longer than its column, and the writer cuts it.
    return display_name(listed, entry.kind, surname_first=surname_first, countries=countries)


_FULL_YEARS = re.compile(r"^(\d{4})-01-01/(\d{4})-12-31$")


def stored_date(text):
    """The stored form of a date as a list writes it; raises FuzzyDateError.

    A range of whole years ("01 Jan 1961 to 31 Dec 1963") is stored as the years alone
    (1961/1963): the same days, written the way analysts write them.
    """
    value = parse_fuzzy_date(text).value
    match = _FULL_YEARS.match(value)
    return f"{match.group(1)}/{match.group(2)}" if match else value


def try_stored_date(text, warnings, where):
    """The stored form of a date, or None with a warning when it is not a date."""
    try:
        return stored_date(text)
    except FuzzyDateError as error:
        warnings.add(where, f"date of birth {text!r} not understood ({error})")
        return None


GENDERS = {"male": "male", "female": "female", "m": "male", "f": "female"}


def gender_of(text):
    return GENDERS.get(clean(text).lower(), "")
