"""Hangul names romanized the ways sanctions lists write them.

Lists write Korean names syllable by syllable in three systems: McCune-Reischauer (MR, the
older Western standard: "Ch'oe Ryong-hae", apostrophes and breves dropped by most lists),
the North Korean official system (DPRK: "Jong Kyong Thaek", "Pak Kwang Ho") and the South
Korean Revised Romanization (RR: "Choe Ryong-hae", "Jeong Gyeong-taek"). None of the
romanization libraries on PyPI gives the first two, and the RR ones romanize whole words with
sound changes across syllables, which names on lists do not have; so the tables are here.

Each system is applied syllable by syllable; surnames get the spellings families actually use
("Park", "Lee", "Choi") as extra variants.
"""

import itertools

_BASE, _LAST = 0xAC00, 0xD7A3
# The 19 initial consonants, 21 vowels and 28 finals (the first final is "none"), in Unicode
# order, romanized by each system. Aspirates in MR carry an apostrophe that lists drop.
_INITIALS = {
    "rr": "g kk n d tt r m b pp s ss - j jj ch k t p h",
    "mr": "k kk n t tt r m p pp s ss - ch tch ch k t p h",
    "dprk": "k kk n t tt r m p pp s ss - j jj ch kh th ph h",
}
_VOWELS = {
    "rr": "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i",
    "mr": "a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i",
    "dprk": "a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i",
}
_FINALS = "- k k k n n n t l k m l l l p l m p p t t ng t t k t p t"
SYSTEMS = tuple(_INITIALS)

# Common surnames in the spellings their bearers and the lists use, beyond the systems above.
SURNAME_SPELLINGS = {
    "김": ("kim",),
    "이": ("lee", "yi", "ri", "rhee"),
    "리": ("ri", "lee", "yi"),
    "박": ("park", "pak"),
    "최": ("choe", "choi"),
    "정": ("jong", "chong", "jung", "jeong", "chung"),
    "조": ("jo", "cho"),
    "강": ("kang",),
    "장": ("jang", "chang"),
    "윤": ("yun", "yoon"),
    "임": ("im", "lim", "rim"),
    "림": ("rim", "lim", "im"),
    "한": ("han",),
    "오": ("o", "oh"),
    "신": ("sin", "shin"),
    "서": ("so", "seo", "suh"),
    "권": ("kwon", "gwon"),
    "황": ("hwang",),
    "안": ("an", "ahn"),
    "송": ("song",),
    "류": ("ryu", "yu", "yoo"),
    "유": ("yu", "yoo", "ryu"),
    "홍": ("hong",),
    "전": ("jon", "chon", "jeon", "chun"),
    "고": ("ko", "go"),
    "문": ("mun", "moon"),
    "양": ("yang", "ryang"),
    "량": ("ryang", "yang"),
    "손": ("son", "sohn"),
    "배": ("pae", "bae"),
    "백": ("paek", "baek"),
    "허": ("ho", "heo", "hur"),
    "노": ("no", "noh", "roh"),
    "로": ("ro", "roh", "no"),
    "남": ("nam",),
    "심": ("sim", "shim"),
    "현": ("hyon", "hyun"),
    "주": ("ju", "chu", "joo"),
    "명": ("myong", "myung"),
}
# Two-syllable surnames; any other name's surname is its first syllable.
DOUBLE_SURNAMES = {"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"}


def _table(spec):
    return [part.replace("-", "") for part in spec.split()]


_TABLES = {
    system: (_table(_INITIALS[system]), _table(_VOWELS[system]), _table(_FINALS))
    for system in SYSTEMS
}


def is_hangul(text):
    """True when the text holds at least one precomposed Hangul syllable."""
    return any(_BASE <= ord(char) <= _LAST for char in text)


def romanize_syllable(syllable, system):
    """One Hangul syllable in one system; any other character is returned unchanged."""
    code = ord(syllable) - _BASE
    if not 0 <= code <= _LAST - _BASE:
        return syllable
    initials, vowels, finals = _TABLES[system]
    initial, vowel, final = code // 588, (code % 588) // 28, code % 28
    text = initials[initial] + vowels[vowel] + finals[final]
    # MR and DPRK write ㅅ before i and wi as "sh" (Shin, Shi-hun), RR keeps "s".
    if system != "rr" and initial == 9 and vowel in (20, 16):
        text = "sh" + text[1:]
    return text


def _split_word(word):
    """(surname, given syllables) of a name written as one word, e.g. 최룡해."""
    if len(word) >= 3 and word[:2] in DOUBLE_SURNAMES:
        return word[:2], word[2:]
    return word[:1], word[1:]


def _word_variants(word, system, is_first):
    """Romanizations of one Hangul word: the surname part and its syllables kept apart."""
    syllables = [romanize_syllable(char, system) for char in word]
    if not is_first or not 2 <= len(word) <= 4:
        return [" ".join(syllables)]
    surname, given = _split_word(word)
    given_text = " ".join(romanize_syllable(char, system) for char in given)
    spellings = ["".join(romanize_syllable(char, system) for char in surname)]
    spellings += SURNAME_SPELLINGS.get(surname, ())
    return [f"{spelling} {given_text}".strip() for spelling in dict.fromkeys(spellings)]


def romanizations(text, limit=12):
    """Latin spellings of a Hangul name in the MR, DPRK and RR styles, most likely first.

    "최룡해" → ["choe ryong hae", "choi ryong hae", "choe ryong hae" (RR), ...]. Words other
    than Hangul are kept as they are. At most ``limit`` spellings.
    """
    words = text.split()
    results = []
    for system in ("dprk", "mr", "rr"):
        per_word = [
            _word_variants(word, system, index == 0) if is_hangul(word) else [word]
            for index, word in enumerate(words)
        ]
        for combination in itertools.product(*per_word):
            results.append(" ".join(combination))
    return list(dict.fromkeys(results))[:limit]
