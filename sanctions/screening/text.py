"""Names turned into comparable Latin tokens: folding, transliteration, weights and keys.

Every name, on the list side and on the query side, goes through :func:`spellings` and then
:func:`tokens`, so that both sides are compared in the same form.
"""

import functools
import re

import icu
from normality import ascii_text
from rapidfuzz.distance import Levenshtein
from rigour.names import remove_person_prefixes

from ..names import normalize_name
from . import korean


def _word_set(words):
    return frozenset(words.split())


# Legal forms and generic words of organization names: they agree between unrelated
# companies all the time, so they weigh little and can never make a match on their own.
GENERIC_WORDS = _word_set(
    """
    ltd limited llc inc incorporated corp corporation co company sa sarl srl spa gmbh ag
    jsc ojsc cjsc pjsc ooo zao oao plc bv nv pte pvt private sdn bhd fze fzco fzc llp lp kg
    ltda cia cv ab oy as sae sal wll est establishment group holding holdings international
    trading trade enterprise enterprises industrial industry industries development general
    import export shipping bank commercial services service investment investments the and
    of for
    """
)
# Particles inside personal names: real parts of the name, but shared by thousands.
PARTICLES = _word_set("al el bin ibn bint abu ben de da del della di du la le van von der y")
# Honorifics and ranks that lists and users put before a name; dropped before comparison.
# (rigour removes Mr, Dr, General...; these are the ones common on sanctions lists.)
TITLES = _word_set(
    """
    mr mrs ms miss dr prof sir sheikh shaykh sheik haji hajji hajj mullah mulla maulana
    maulvi mawlawi mawlana colonel col major maj captain capt lieutenant lt admiral adm
    brigadier general gen marshal president minister imam qari
    """
)
# Spellings of one legal form folded into one, so that "Limited" agrees with "Ltd".
SYNONYMS = {
    "limited": "ltd",
    "company": "co",
    "corporation": "corp",
    "incorporated": "inc",
    "international": "international",
}

_ARABIC = {
    **dict.fromkeys("اآٱى", "a"),
    "أ": "a",
    "إ": "i",
    "ب": "b",
    "ت": "t",
    "ة": "a",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "u",
    "ؤ": "u",
    "ي": "i",
    "ی": "i",
    "ئ": "i",
    "ء": "",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
}
_ARABIC_RANGE = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC_RANGE = re.compile(r"[\u0400-\u04ff]")
_HAN_RANGE = re.compile(r"[\u3400-\u9fff]")
_AYN_HAMZA = re.compile("[\u02be\u02bf]")
# Digraphs of the romanization systems folded to one letter before vowels are dropped.
_DIGRAPHS = [
    ("tch", "j"),
    ("sch", "x"),
    ("sh", "x"),
    ("zh", "j"),
    ("ch", "j"),
    ("kh", "k"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
]
_LETTER_CLASSES = str.maketrans("qcgzvbdl", "kkksfptr", "aeiouyw")


@functools.cache
def _transliterator(name):
    return icu.Transliterator.createInstance(name)


def _arabic_to_latin(text):
    """Arabic script letter by letter; the article "ال" becomes a separate "al"."""
    words = []
    for word in text.split():
        if word == "الله":  # Allah: the article is part of the word
            words.append("allah")
            continue
        if word.startswith("ال") and len(word) > 3:
            words.append("al")
            word = word[2:]
        # A waw or ya that starts a word is a consonant (Yusuf, Walid), inside it a vowel.
        first = {"و": "w", "ي": "y"}.get(word[:1], "")
        rest = word[1:] if first else word
        words.append(first + "".join(_ARABIC.get(char, char) for char in rest))
    return " ".join(words)


def _latin(text):
    """A folded name in plain ASCII tokens (normality/ICU for accents and other scripts)."""
    return " ".join(normalize_name(ascii_text(text) or "").split())


def spellings(name):
    """The Latin spellings a name may have on a list, folded, most likely first.

    Latin names give one spelling; Hangul gives the MR, DPRK and RR romanizations; Cyrillic
    the BGN/PCGN spelling lists use (Yuriy, Sergeyevich) and the scholarly one; Chinese its
    pinyin; Arabic its letters (short vowels are not written, see :func:`skeleton`).
    """
    # Ayn and hamza marks of Arabic romanizations (Masʿud) are not word breaks.
    folded = normalize_name(_AYN_HAMZA.sub("", str(name or "")))
    if not folded:
        return []
    if korean.is_hangul(folded):
        return [_latin(spelling) for spelling in korean.romanizations(folded)]
    found = []
    if _CYRILLIC_RANGE.search(folded):
        found.append(_latin(_transliterator("Russian-Latin/BGN").transliterate(folded)))
        found.append(_latin(_transliterator("Ukrainian-Latin/BGN").transliterate(folded)))
    if _ARABIC_RANGE.search(folded):
        folded = _arabic_to_latin(folded)
    if _HAN_RANGE.search(folded):
        folded = _transliterator("Han-Latin").transliterate(folded)
    found.append(_latin(folded))
    return [spelling for spelling in dict.fromkeys(found) if spelling]


def is_consonantal(name):
    """True for scripts that leave short vowels unwritten: compare consonants only."""
    return bool(_ARABIC_RANGE.search(name or ""))


def _join_initials(words):
    """Letters written apart are one word: "T.E.G." and "S.A." read as "teg" and "sa".

    A lone letter stays an initial (the J. of "J. Kim").
    """
    joined, letters = [], []
    for word in [*words, ""]:
        if len(word) == 1:
            letters.append(word)
            continue
        joined += ["".join(letters)] if len(letters) > 1 else letters
        letters = []
        if word:
            joined.append(word)
    return joined


@functools.lru_cache(maxsize=65536)
def legal_form(word):
    """The unified legal form a word spells, allowing one typo in long ones ("Kompany")."""
    if word in SYNONYMS or len(word) < 6:
        return SYNONYMS.get(word, word)
    for spelled, unified in SYNONYMS.items():
        if abs(len(spelled) - len(word)) <= 1 and Levenshtein.distance(spelled, word) <= 1:
            return unified
    return word


def tokens(spelling):
    """The words of a folded spelling: titles dropped, initials joined, legal forms unified."""
    words = [legal_form(word) for word in _join_initials(spelling.split())]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    if len(words) > 1:
        words = remove_person_prefixes(" ".join(words)).split() or words
    return words


ARTICLES = frozenset(["al", "el"])
# Words that Arabic names join to the next one, and lists write joined or apart.
JOINED_TO_NEXT = frozenset(["abd", "abdul", "abdel", "abdal", "abu"])


def arabic_words(words):
    """Words of an Arabic name in one canonical cut: articles dropped, "Abd al-X" joined.

    "abd al rahman", "abdul rahman" and "abdulrahman" all become "abdrahman"-like words, so
    that consonant outlines compare one to one.
    """
    plain = [word for word in words if word not in ARTICLES] or list(words)
    joined, index = [], 0
    while index < len(plain):
        if plain[index] in JOINED_TO_NEXT and index + 1 < len(plain):
            joined.append(plain[index] + plain[index + 1])
            index += 2
        else:
            joined.append(plain[index])
            index += 1
    return joined


def weight(token):
    """How much a word says about who is meant: generic words and initials say little."""
    if token in GENERIC_WORDS:
        return 0.15
    if token in PARTICLES:
        return 0.3
    if len(token) == 1:
        return 0.3
    return 1.0


def is_informative(token):
    """A word that can identify a party: not generic, not a particle, at least 4 letters.

    Short words ("KIM", "LI", "PAK") are shared by too many people to carry a match alone.
    """
    return weight(token) == 1.0 and len(token) >= 4


@functools.lru_cache(maxsize=65536)
def outline(token):
    """The consonant outline of a word: "Muhammad", "Mohammed" and محمد all give "mhmt".

    Romanizations differ mostly in vowels and in how they write one sound (kh/k, ch/j,
    th/t, l/r in Korean), so the outline folds digraphs, letters that sound alike and
    vowels away. Doubled letters count once.
    """
    text = re.sub(r"(.)\1+", r"\1", token)
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return text.translate(_LETTER_CLASSES)


@functools.lru_cache(maxsize=65536)
def skeleton(token):
    """The outline with repeats merged ("abdulrahman" and "abdrahman" agree): a search key."""
    return re.sub(r"(.)\1+", r"\1", outline(token))


def search_keys(words):
    """Keys of the name index for these words: each word, its outline, joined pairs, and
    the first and last letters of long words.

    Joined pairs let "Ryonghae" find "Ryong Hae" and the reverse.
    """
    keys = set()
    pieces = list(words) + [a + b for a, b in zip(words, words[1:], strict=False)]
    # Arabic queries drop articles and join "Abd al-X": key the listed names that way too.
    pieces += arabic_words(words)
    for piece in pieces:
        keys.add("w:" + piece[:60])
        consonants = skeleton(piece)
        if len(consonants) >= 2:
            keys.add("s:" + consonants[:60])
    # A typo in a long word spoils its beginning or its end, rarely both.
    for word in words:
        if len(word) >= 6:
            keys.update(("<:" + word[:4], ">:" + word[-4:]))
    return keys
