"""Names turned into comparable Latin tokens: folding, transliteration, weights and keys.

Every name, on the list side and on the query side, goes through :func:`spellings` and then
:func:`tokens`, so that both sides are compared in the same form.
"""

import functools
import re
import unicodedata
from collections import defaultdict

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
    "ض": "dh",  # written d, dh or z (Fazal, Fadhl, Fadl)
    "ط": "t",
    "ظ": "z",
    # Ayn is written "3", as in Arabizi: it is no letter of Latin spellings ("Umar" for عمر),
    # but it tells "Abd" (عبد) from "Abid" (عابد) and keeps عمر from reading as "Mr".
    "ع": "3",
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
    # Urdu, Pashto and Kurdish letters of names on the lists (Chaudhry, Ishakzai).
    "ہ": "h",
    "ھ": "h",
    "ۃ": "a",
    "ە": "a",
    "ے": "i",
    "ێ": "i",
    "ۆ": "u",
    "ٹ": "t",
    "ڈ": "d",
    "ڑ": "r",
    "ں": "n",
    "ځ": "z",
    "څ": "s",
    "ښ": "sh",
    "ږ": "zh",
    "ډ": "d",
    "ټ": "t",
    "ڼ": "n",
}
# The tatweel (a stretch of the line: شعبـان) and the vowel marks are no letters.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
# Honorifics written before Arabic names (Sheikh, Hajji, Mullah, Mawlawi, Doctor).
_ARABIC_TITLES = _word_set(
    """
    الشيخ شيخ الحاج حاج الملا ملا مولوي المولوي مولانا الدكتور دكتور
    """
)
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
    ("dj", "j"),  # French spellings of Arabic names: Djamel, Djouadi
]
_SOFT_C = re.compile(r"c(?=[eiy])")  # Lounici, Francisco: a c before e, i or y is an s
_LETTER_CLASSES = str.maketrans("qcgzvbdl", "kkksfptr", "aeiouyw3")


@functools.cache
def _transliterator(name):
    return icu.Transliterator.createInstance(name)


def _arabic_to_latin(text):
    """Arabic script letter by letter; the article "ال" becomes a separate "al".

    Long vowels are written (ا a, و u, ي i), short ones are not; ayn is "3". Titles before
    the name (الشيخ, الحاج) are dropped.
    """
    source = _ARABIC_MARKS.sub("", text).split()
    while len(source) > 1 and source[0] in _ARABIC_TITLES:
        source = source[1:]
    words = []
    for word in source:
        if word == "الله":  # Allah: the article is part of the word
            words.append("allah")
            continue
        if word.startswith("ال") and len(word) > 3:
            words.append("al")
            word = word[2:]
        # A waw or ya that starts a word is a consonant (Yusuf, Walid), inside it a vowel.
        first = {"و": "w", "ي": "y"}.get(word[:1], "")
        latin = first
        for char in word[1:] if first else word:
            letter = _ARABIC.get(char, char)
            # T then H (طه, Taha) is written "thh", which no digraph reading takes for ث.
            if letter == "h" and latin[-1:] in _BEFORE_H:
                letter = "hh"
            latin += letter
        words.append(latin)
    return " ".join(words)


_BEFORE_H = frozenset("tdksgcz")


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
    raw = unicodedata.normalize("NFC", _AYN_HAMZA.sub("", str(name or "")))
    folded = normalize_name(raw)
    if not folded:
        return []
    if korean.is_hangul(folded):
        return [_latin(spelling) for spelling in korean.romanizations(folded)]
    found = []
    if _CYRILLIC_RANGE.search(folded):
        # From the name as written: folding would take the breve off й (Arkadiy, not Arkadii).
        found.append(_latin(_transliterator("Russian-Latin/BGN").transliterate(raw)))
        found.append(_latin(_transliterator("Ukrainian-Latin/BGN").transliterate(raw)))
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
    # A "title" followed by no name is part of the name: "MS-13", "Dr. 1".
    if not any(_is_name_word(word) for word in words):
        return [legal_form(word) for word in _join_initials(spelling.split())]
    return words


def _is_name_word(word):
    return len(word) > 1 and not word.isdigit()


ARTICLES = frozenset(["al", "el"])
# The article written as it sounds before "sun letters": ar-Rahman, as-Sayyid, ad-Din.
SUN_ARTICLES = frozenset(["ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"])
# Words that Arabic names join to the next one, and lists write joined or apart ("3bd" is
# عبد as Arabic script is read, see _ARABIC).
JOINED_TO_NEXT = frozenset(
    ["abd", "abdul", "abdel", "abdal", "abdur", "abdus", "abdoul", "abu", "3bd"]
)
# "Nasir al-Din", "Nasiruddin", "Nasreddine": "X al-Din" is one name, however written.
# So is "X Allah" (Nasrallah, Khayrallah, Hizballah, Amanullah).
JOINED_TO_PREVIOUS = frozenset(
    ["din", "deen", "dine", "addin", "uddin", "eddine", "dyn", "allah", "ullah", "ollah"]
)


_ARABIC_CUT = ARTICLES | SUN_ARTICLES | JOINED_TO_NEXT | JOINED_TO_PREVIOUS


def is_article(word, following):
    """True for "al"/"el", and for "ar" in "ar rahman" (the article before a sun letter)."""
    if word in ARTICLES:
        return True
    return word in SUN_ARTICLES and following.startswith(word[1:]) and len(following) > 2


def arabic_words(words, join=True):
    """Words of an Arabic name in one canonical cut: articles dropped, "Abd al-X" joined.

    "abd al rahman", "abdul rahman" and "abdulrahman" all become "abdrahman"-like words, so
    that consonant outlines compare one to one. ``join=False`` only drops the articles.
    """
    if _ARABIC_CUT.isdisjoint(words):  # most names: nothing to drop or join
        return list(words)
    if not join:
        return [words[i] for i in _kept_positions(words)]
    return [piece for piece, _ in _arabic_cut(words)]


# East Slavic patronymics (Romanovich, Fedorovych, Ivanovna): lists often leave them out.
_PATRONYMIC = re.compile(r"..[^aeiou](ovich|evich|ovych|evych|ovna|evna|ivna|ichna)$")


def weight(token):
    """How much a word says about who is meant: generic words and initials say little, a
    patronymic (which a list or a query may leave out) half as much as a name."""
    if token in GENERIC_WORDS:
        return 0.15
    if token in PARTICLES:
        return 0.3
    if len(token) == 1:
        return 0.3
    if _PATRONYMIC.search(token):
        return 0.5
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
    text = _SOFT_C.sub("s", re.sub(r"(.)\1+", r"\1", token))
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return text.translate(_LETTER_CLASSES)


@functools.lru_cache(maxsize=65536)
def skeleton(token):
    """The outline with repeats merged ("abdulrahman" and "abdrahman" agree): a search key."""
    return re.sub(r"(.)\1+", r"\1", outline(token))


def _kept_positions(words):
    """Positions of the words that are not articles (all of them if every word is one)."""
    following = [*words[1:], ""]
    kept = [i for i, word in enumerate(words) if not is_article(word, following[i])]
    return kept or list(range(len(words)))


def _arabic_cut(words):
    """(piece, word positions) of :func:`arabic_words`: articles dropped, "Abd al-X" and
    "X al-Din" joined."""
    kept = _kept_positions(words)
    pieces, index = [], 0
    while index < len(kept):
        i = kept[index]
        if words[i] in JOINED_TO_NEXT and index + 1 < len(kept):
            pieces.append((words[i] + words[kept[index + 1]], (i, kept[index + 1])))
            index += 2
        elif words[i] in JOINED_TO_PREVIOUS and pieces:
            piece, positions = pieces[-1]
            pieces[-1] = (piece + words[i], (*positions, i))
            index += 1
        else:
            pieces.append((words[i], (i,)))
            index += 1
    return pieces


def _arabic_pieces(words):
    """The pieces of :func:`_arabic_cut`, and "Abd al-X" also joined with its article
    ("Abdelkader"): the Arabic keys of a name."""
    return _arabic_cut(words) + [
        (a + b + c, (i, i + 1, i + 2))
        for i, (a, b, c) in enumerate(zip(words, words[1:], words[2:], strict=False))
        if a in JOINED_TO_NEXT and is_article(b, c)
    ]


def key_coverage(words):
    """{search key: positions of the words it stands for} of a name's words.

    Keys are each word, its outline, two adjacent words joined (so that "Ryonghae" finds
    "Ryong Hae" and the reverse), the Arabic cut of :func:`_arabic_pieces`, and the first
    and last four letters of long words (a typo spoils a long word's beginning or its end,
    rarely both).
    """
    pieces = [(word, (i,)) for i, word in enumerate(words)]
    pieces += [(a + b, (i, i + 1)) for i, (a, b) in enumerate(zip(words, words[1:], strict=False))]
    pieces += _arabic_pieces(words)
    coverage = defaultdict(set)
    for piece, positions in pieces:
        coverage["w:" + piece[:60]].update(positions)
        consonants = skeleton(piece)
        if len(consonants) >= 2:
            coverage["s:" + consonants[:60]].update(positions)
    for i, word in enumerate(words):
        if len(word) >= 6:
            coverage["<:" + word[:4]].add(i)
            coverage[">:" + word[-4:]].add(i)
    return coverage


def search_keys(words):
    """The keys under which the name index files a name of these words."""
    return set(key_coverage(words))


# --- Arabic script against Latin spellings ----------------------------------------------

# Arabic letters as :func:`_arabic_to_latin` writes them, and Latin spellings, read as
# sounds: one symbol per consonant (digraphs folded), a, i, u for Arabic long vowels.
_ARABIC_SOUNDS = {"kh": "K", "gh": "G", "sh": "X", "th": "T", "dh": "D", "ch": "C", "zh": "J"}
_LATIN_SOUNDS = {
    **_ARABIC_SOUNDS,
    "sch": "X",
    "tch": "C",
    "dj": "j",
    "ph": "f",
    "ck": "k",
}
_VOWELS = frozenset("aeiou")
# What a sound of the Arabic word may be written as in a Latin spelling, beyond itself:
# French and English spellings (Djamel, Chérif, Lounici), Persian and Urdu ones (Usman).
_WRITTEN_AS = {
    "A": "ae",
    "I": "iey",
    "U": "uowv",  # Persian and Turkish write waw v: Javad
    "V": "aeiou",  # the vowel an initial alif carries: any
    "k": "kqc",
    "q": "qkcgG",  # Persian says qaf as ghayn: Ghasem
    "K": "Kkh",
    "G": "Ggq",
    "X": "XC",
    "j": "jgCJ",
    "T": "Tts",
    "D": "Ddz",
    "t": "tT",
    "d": "dD",
    "z": "zD",
    "s": "sc",
    "w": "wvuo",
    "y": "yie",
    "b": "bp",
    "p": "pb",
}
_LONG_VOWEL_COST, _SECOND_VOWEL_COST = 1.5, 0.5


def _sounds(word, table):
    """The sounds of a word: digraphs as one symbol, doubled letters once."""
    found, index = [], 0
    while index < len(word):
        for size in (3, 2):
            symbol = table.get(word[index : index + size])
            if symbol:
                index += size
                break
        else:
            symbol, index = word[index], index + 1
        if not found or found[-1] != symbol:
            found.append(symbol)
    return found


@functools.lru_cache(maxsize=65536)
def _arabic_sounds(word):
    # "thh" is t and h (طه), not ث and h: see _arabic_to_latin.
    sounds = []
    for part in re.split(r"(?<=[tdksgcz])(?=hh)", word):
        sounds += [s for s in _sounds(part, _ARABIC_SOUNDS) if s != "3"]
    sounds = [s.upper() if s in "aiu" else s for s in sounds]
    if sounds and sounds[0] in "AIU" and not word.startswith("3"):
        sounds[0] = "V"  # an initial alif carries a short vowel: أسامة Usama, Osama
    return tuple(sounds)


@functools.lru_cache(maxsize=65536)
def _latin_sounds(word):
    sounds = _sounds(word.replace("3", ""), _LATIN_SOUNDS)
    # Y before a vowel is a consonant (Yahya), elsewhere a vowel (Faysal).
    return tuple(
        "i" if s == "y" and (i + 1 == len(sounds) or sounds[i + 1] not in _VOWELS) and i else s
        for i, s in enumerate(sounds)
    )


def _arabic_weight(sound):
    return {"V": 0.5, "A": _LONG_VOWEL_COST, "I": _LONG_VOWEL_COST}.get(
        sound, _LONG_VOWEL_COST if sound == "U" else 1.0
    )


@functools.lru_cache(maxsize=65536)
def arabic_similarity(arabic, latin):
    """How well a Latin spelling writes an Arabic word read from its script, 0 to 1.

    Arabic script writes consonants and long vowels, Latin spellings add the short vowels:
    so every sound of the Arabic word should find itself, in order, in the Latin word, and
    every Latin consonant in the Arabic one; Latin vowels may come from nowhere. "mhmud"
    (محمود) fits "Mahmoud" fully and "Mohammed" less (its long u is missing). Costs: a
    missing long vowel 1.5, a missing consonant 1, a Latin long vowel ("ou", "ee") that the
    Arabic word does not write 0.5.
    """
    source, target = _arabic_sounds(arabic), _latin_sounds(latin)
    weights = [_arabic_weight(sound) for sound in source]
    # A Latin vowel costs nothing, except the second of two ("ou" in Mahmoud writes a long
    # vowel, which Arabic script would write too): half.
    latin_costs = [
        (_SECOND_VOWEL_COST if j and target[j - 1] in _VOWELS else 0.0) if sound in _VOWELS else 1.0
        for j, sound in enumerate(target)
    ]
    total = sum(weights) + sum(latin_costs)
    if not total:
        return 0.0
    # cost[j]: the cheapest alignment of the Arabic sounds so far with target[:j].
    cost = [0.0]
    for latin_cost in latin_costs:
        cost.append(cost[-1] + latin_cost)
    for sound, weight in zip(source, weights, strict=True):
        written = _WRITTEN_AS.get(sound, sound)
        previous, cost = cost, [cost[0] + weight]
        for j, latin_sound in enumerate(target):
            best = min(previous[j + 1] + weight, cost[j] + latin_costs[j])
            if latin_sound in written:
                best = min(best, previous[j])
            cost.append(best)
    return max(0.0, 1 - cost[-1] / total)
