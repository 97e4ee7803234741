"""Name normalization shared by the search filter, the screening engine and importers."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
# McCune-Reischauer apostrophes (CH'OE, Kyo'ng-t'aek) are dropped, not read as word breaks.
_APOSTROPHES = re.compile(r"['’‘`ʼʻ´]")


def normalize_name(text):
    """Fold a name for comparison: no case, accents, punctuation or extra spaces.

    "CH'OE, Ryong-hae" → "choe ryong hae"; scripts without case (Hangul, Arabic) are kept.
    """
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", str(text or "")))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = " ".join(_NOT_WORD.sub(" ", stripped.casefold()).split())
    # Recompose what NFKD split apart without being an accent (Hangul syllables).
    return unicodedata.normalize("NFC", folded)


def search_text(*names):
    """One normalized line holding every name, so that a single column answers ``q``."""
    folded = dict.fromkeys(normalize_name(name) for name in names if name)
    return " | ".join(name for name in folded if name)
