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


# --- display names ------------------------------------------------------------------------
# One rule (docs/data-model.md, "Names"): a person's name in the name's own order, given names
# first ("ABRINI, Mohamed" → "Mohamed Abrini") unless the person is a national of a country
# whose names put the family name first ("CHOE, Ryong Hae" of North Korea → "Choe Ryong Hae");
# an organisation's, a vessel's or an aircraft's as the list writes it. Words a list writes in
# capitals are written as readers write names ("'ABD AL-NASIR" → "'Abd al-Nasir", "O'BRIEN" →
# "O'Brien"); acronyms, legal forms and roman numerals keep their capitals. The list's own
# spelling stays the list entry's listed name.


def _words(text):
    return frozenset(text.split())


# Particles written in lower case inside a name (never as its first or last word).
PARTICLES = _words(
    "al el ad ar as ash at az ul bin bint ibn de del della der den des di da das do dos du la "
    "von zu y"
)
# Short words written in lower case inside an organisation's name.
MINOR_WORDS = PARTICLES | _words("of and the for in on at by to a an et und fur für")
# Words that keep their capitals: legal forms, agencies, countries, armed groups.
ACRONYMS = _words(
    "AB AG AO AS BV CA CV FZ FZC FZCO FZE GIE JV KG LP LLP NV OAO OJSC OOO PAO PJSC PT SA "
    "SAL SARL SAS SE SL SPA SRL TOO ZAO CJSC JSC LLC PLC DOO AD EAD EOOD SDN BHD DMCC FZ-LLC "
    "UAE USA US UK EU UN USSR DPRK PRC ROK IRGC IRGC-QF IRISL NIOC NITC KOMID KPA KWP KAERI "
    "MOIS MODAFL AEOI ISIL ISIS AQAP AQIM AQI FARC ELN PKK LTTE IRA TV MV MT"
)
# Words with a fixed spelling of their own.
SPELLINGS = {"GMBH": "GmbH", "MBH": "mbH", "LTD": "Ltd", "INC": "Inc", "CO": "Co"}
ROMAN_NUMERALS = _words("II III IV VI VII VIII IX XII XIII XIV XV XVI XVII XVIII XIX XX")
# "O'BRIEN" → "O'Brien"; other apostrophes inside a word ("CH'OE", "HAY'AT") start no capital.
_CAPITAL_AFTER_APOSTROPHE = _words("O D L")
_APOSTROPHE_CHARS = "'’‘`ʼʻ´"
_DOTTED = re.compile(r"^(?:\w\.)+\w?$")
_ORDINAL = re.compile(r"^\d+(?:ST|ND|RD|TH)$")
_TOKEN = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.UNICODE)
_VOWELS = set("AEIOUY")


def is_capitals(text):
    """Whether the text has letters with case and none of them in lower case."""
    return any(char.isupper() for char in text) and not any(char.islower() for char in text)


def _capitalized(core):
    """ "'ABBAS" → "'Abbas", "CH'OE" → "Ch'oe", "O'BRIEN" → "O'Brien", "MCCANN" → "McCann"."""
    lowered = core.lower()
    start = next((i for i, char in enumerate(lowered) if char.isalnum()), len(lowered))
    word = lowered[:start] + lowered[start : start + 1].upper() + lowered[start + 1 :]
    if len(word) > 2 and word[1] in _APOSTROPHE_CHARS and word[0] in _CAPITAL_AFTER_APOSTROPHE:
        word = word[:2] + word[2:3].upper() + word[3:]
    elif len(word) > 3 and word.startswith("Mc"):
        word = "Mc" + word[2].upper() + word[3:]
    return word


def _kept(core, organisation):
    """Whether a word in capitals keeps them: an acronym, a legal form, a roman numeral."""
    return bool(
        core in ACRONYMS
        or core in ROMAN_NUMERALS
        or _DOTTED.match(core)
        or any(char.isdigit() for char in core)
        or (organisation and len(core) > 1 and not _VOWELS & set(core))
    )


def _recased(core, *, inside, organisation):
    """One word (no surrounding punctuation) written in capitals, as readers write it."""
    if core in SPELLINGS:
        return SPELLINGS[core]
    if _ORDINAL.match(core):
        return core.lower()  # "7TH OF TIR" → "7th of Tir"
    if _kept(core, organisation):
        return core
    parts = core.split("-")
    minor = MINOR_WORDS if organisation else PARTICLES
    words = []
    for index, part in enumerate(parts):
        is_particle = part.lower() in minor and (inside or index > 0) and index < len(parts) - 1
        if _kept(part, organisation):
            words.append(part)  # "ISIS-SOMALIA PROVINCE" → "ISIS-Somalia Province"
        else:
            words.append(part.lower() if is_particle else _capitalized(part))
    return "-".join(words)


def _is_particle(core, following, organisation):
    word = core.lower()
    # "van" alone is a Vietnamese middle name as often as a Dutch particle: only "van der".
    if word == "van":
        return following.lower() in ("der", "den", "de", "het")
    return word in (MINOR_WORDS if organisation else PARTICLES)


def _recased_words(words, *, organisation, recase):
    """The words with those ``recase(word)`` picks written as readers write names."""
    shown = []
    for index, word in enumerate(words):
        lead, core, trail = _TOKEN.match(word).groups()
        if not recase(word) or not core:
            shown.append(word)
            continue
        inside = 0 < index < len(words) - 1
        bracketed = organisation and "(" in lead and ")" in trail
        if inside and not bracketed and _is_particle(core, words[index + 1], organisation):
            shown.append(lead + core.lower() + trail)
        elif bracketed:
            shown.append(word)  # "(KOMID)": a short form in brackets is an acronym
        else:
            shown.append(lead + _recased(core, inside=index > 0, organisation=organisation) + trail)
    return " ".join(shown)


def person_name(*parts):
    """A person's name from its parts in the order given, each word the list writes in
    capitals written as readers write names: "Juan M. de la", "CRUZ" →
    "Juan M. de la Cruz"; "'ABD AL-NASIR", "Hajji" → "'Abd al-Nasir Hajji"."""
    words = " ".join(" ".join(str(part or "").split()) for part in parts).split()
    return _recased_words(
        words, organisation=False, recase=lambda word: is_capitals(word) and len(word) > 1
    )


# Nationalities whose names put the family name first, as their bearers write them: Korea,
# China (with Taiwan, Hong Kong and Macau), Vietnam, Cambodia.
FAMILY_NAME_FIRST = _words("KP KR CN TW HK MO VN KH")


def person_name_from_listed(listed_name, countries=()):
    """A person's name from a list that writes "SURNAME, Given names" (OFAC, the UK): given
    names first, except for nationals of ``FAMILY_NAME_FIRST`` countries ("CHOE, Ryong Hae"
    of North Korea → "Choe Ryong Hae"). A name without a comma is in its order already."""
    surname, comma, given = str(listed_name or "").partition(",")
    if not comma:
        return person_name(surname)
    if FAMILY_NAME_FIRST & set(countries):
        return person_name(surname, given)
    return person_name(given, surname)


def party_name(listed_name):
    """An organisation's, a vessel's or an aircraft's name as the list writes it; a name the
    list writes all in capitals is written as readers write names, acronyms kept:
    "KOREA MINING DEVELOPMENT TRADING CORPORATION (KOMID)" → "Korea Mining Development
    Trading Corporation (KOMID)". One word ("HAMAS", "KOMID") is left as written."""
    words = " ".join(str(listed_name or "").split()).split()
    if len(words) < 2 or not is_capitals(" ".join(words)):
        return " ".join(words)
    return _recased_words(words, organisation=True, recase=lambda word: True)


def display_name(listed_name, kind, *, surname_first=False, countries=()):
    """The tracker's name for a list's entry: :func:`person_name_from_listed` (or, when the
    list writes names in their own order, :func:`person_name`) for a person of these
    ``countries`` (ISO codes of nationality), :func:`party_name` for anything else."""
    if kind != "person":
        return party_name(listed_name)
    if surname_first:
        return person_name_from_listed(listed_name, countries)
    return person_name(listed_name)


def sort_key(name):
    """What lists sort names by: the folded name, with no case, accents or punctuation, so
    that "'Abbas" sorts with the A's and "al-Kabi" with "Al Kabi"."""
    return normalize_name(name)[:300]
