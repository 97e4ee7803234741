"""Scoring: how much a candidate's names, dates of birth, nationalities and identifiers agree
with a query, with the reasons.

Pure functions of their arguments: no database access and no model imports, so that a rule
can be read, tested and tuned on plain values. The weights are in :mod:`.weights`; the rules
are explained in docs/screening.md.
"""

import functools
import math
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from ..dates import FuzzyDate
from . import text
from .weights import (
    BIRTH_DATE_AGREES,
    BIRTH_DATE_CLEAR_CONFLICT,
    BIRTH_DATE_CONFLICT,
    BIRTH_DATE_EXACT,
    BIRTH_DATE_NEAR,
    CLEAR_CONFLICT_DAYS,
    CLOSE_WORDS,
    COMMON_ONLY_CEILING,
    IDENTIFIER_AGREES,
    INITIAL_SHARE,
    MIN_WORD_SIMILARITY,
    NATIONALITY_AGREES,
    NATIONALITY_CONFLICT,
    RARE_SHORT_WORD,
    RARITY_FLOOR,
    RARITY_SLOPE,
    SAME_ENDING,
    SAME_OUTLINE_BASE,
    SAME_OUTLINE_SHARE,
    WEAK_ALIAS_FACTOR,
)

_Y_ENDING = re.compile(r"(iy|ii|yy|yi|y|i)$")


@dataclass
class Query:
    """One name to screen, with what else the caller knows about the party."""

    name: str
    kind: str = ""
    birth_date: FuzzyDate | None = None
    nationality: str = ""
    identifier: str = ""


@dataclass
class Candidate:
    subject: object  # a sanctions Subject, with the parts a query compares
    score: float
    matched_name: str
    explanation: dict
    context: object = None  # a context.CandidateContext, once attach_context() ran


@dataclass
class _Spelling:
    spelling: str
    words: list
    consonantal: bool


# --- names ------------------------------------------------------------------------------


def query_spellings(name):
    """The Latin spellings of a query's name, as words ready for comparison."""
    consonantal = text.is_consonantal(name)
    found = []
    for spelling in text.spellings(name):
        found.append(_Spelling(spelling, text.tokens(spelling), consonantal))
    return [s for s in found if s.words]


def _join_split_words(words, other):
    """Join two or three adjacent words whose concatenation is a word of the other name
    ("ryong hae" and "ryonghae", "jihad e islami" and "jihadeislami")."""
    # No word begins a longer word of the other name: nothing to join.
    if not any(o.startswith(w) and len(o) > len(w) for w in words[:-1] for o in other):
        return list(words)
    others, joined, index = set(other), [], 0
    while index < len(words):
        for size in (3, 2, 1):
            piece = "".join(words[index : index + size])
            if size == 1 or (index + size <= len(words) and piece in others):
                break
        if words[index] in others:
            piece, size = words[index], 1
        joined.append(piece)
        index += size
    return joined


@functools.lru_cache(maxsize=65536)
def word_similarity(a, b, consonantal=False):
    """Similarity of two words from 0 to 1.

    Edit distance (optimal string alignment: a swap of two adjacent letters is one edit,
    "Hamadn" for "Hamdan"), raised when both words have the same consonant outline (a vowel written
    differently: "Choi" and "Choe", "Mohammed" and "Muhammad", "Air" and "Ayr").
    An initial agrees with any word it starts. A word read from Arabic script is compared
    by :func:`text.arabic_similarity`, its consonants and long vowels.
    """
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    similarity = OSA.normalized_similarity(a, b)  # edits, two letters swapped counting one
    outline_a, outline_b = text.outline(a), text.outline(b)
    if outline_a and outline_a == outline_b:
        similarity = max(similarity, SAME_OUTLINE_BASE + SAME_OUTLINE_SHARE * similarity)
    if len(a) > 3 and len(b) > 3 and _Y_ENDING.sub("i", a) == _Y_ENDING.sub("i", b):
        similarity = max(similarity, SAME_ENDING)  # Arkadiy, Arkadii, Arkady; Aly, Ali
    if consonantal:
        similarity = max(similarity, 0.95 * text.arabic_similarity(a, b))
    return similarity


def _align(query_words, name_words, consonantal):
    """Pairs (query index, name index, similarity), best first, each word used once."""
    pairs = sorted(
        (
            (word_similarity(q, n, consonantal), i, j)
            for i, q in enumerate(query_words)
            for j, n in enumerate(name_words)
        ),
        reverse=True,
    )
    used_q, used_n, aligned = set(), set(), []
    for similarity, i, j in pairs:
        if similarity < MIN_WORD_SIMILARITY or i in used_q or j in used_n:
            continue
        used_q.add(i)
        used_n.add(j)
        aligned.append((i, j, similarity))
    return aligned


def _initial_share(word, other):
    """A whole word matched only by an initial ("Aziz" by "A.") is hardly confirmed."""
    return INITIAL_SHARE if len(other) == 1 < len(word) else 1.0


def agreement(similarity):
    """How much two words of this similarity agree: all of it from CLOSE_WORDS up, less and
    less below, so that "Hamdan" and "Hasan" (0.67) do not half-match."""
    floor = 2 * MIN_WORD_SIMILARITY - CLOSE_WORDS
    return similarity * min(1.0, (similarity - floor) / (CLOSE_WORDS - floor))


def rarity(count):
    """1 for a word in few listed names, down to RARITY_FLOOR for one in hundreds ("Kim")."""
    return max(RARITY_FLOOR, 1 - RARITY_SLOPE * math.log2(max(count, 1)))


def compare_names(query_words, name_words, consonantal=False, frequencies=None):
    """Score two names (lists of words) from 0 to 1, in any word order, with the reasons.

    Both names must be covered: the query by the name and the name by the query, each word
    weighted by how much it identifies: :func:`text.weight` times its :func:`rarity` in the
    index (``frequencies``: "w:word" -> names). Only short or generic words agreeing
    ("KIM", "LTD") cannot score above COMMON_ONLY_CEILING.

    Arabic names are compared in two cuts, the better counting: "Abd al-X" joined into one
    word ("Abdulrahman"), and its words apart (a list's "REHMAN, Abdur" has them reversed).
    """
    frequencies = frequencies or {}
    query_words = _join_split_words(query_words, name_words)
    name_words = _join_split_words(name_words, query_words)
    # Articles and "Abd al-X" cut one way on both sides (a no-op for most names).
    joined = text.arabic_words(query_words), text.arabic_words(name_words)
    best = _compare_words(*joined, consonantal, frequencies)
    apart = text.arabic_words(query_words, join=False), text.arabic_words(name_words, join=False)
    if apart != joined:
        best = max(best, _compare_words(*apart, consonantal, frequencies), key=lambda r: r[0])
    return best


def _compare_words(query_words, name_words, consonantal, frequencies):
    aligned = _align(query_words, name_words, consonantal)
    common = [rarity(frequencies.get("w:" + word, 0)) for word in query_words]
    query_weights = [text.weight(w) * c for w, c in zip(query_words, common, strict=True)]
    name_weights = [text.weight(w) for w in name_words]
    for i, j, _ in aligned:  # a listed word is as common as the query word it agrees with
        name_weights[j] *= common[i]
    query_cover = sum(
        agreement(s) * _initial_share(query_words[i], name_words[j]) * query_weights[i]
        for i, j, s in aligned
    )
    name_cover = sum(
        agreement(s) * _initial_share(name_words[j], query_words[i]) * name_weights[j]
        for i, j, s in aligned
    )
    query_cover, name_cover = query_cover / sum(query_weights), name_cover / sum(name_weights)
    score = math.sqrt(query_cover * name_cover)
    strong = [query_words[i] for i, _, s in aligned if s >= 0.8]
    distinctive = [w for w in strong if text.weight(w) == 1.0]
    # A short word identifies only where the list hardly uses it (an acronym, not "KIM").
    rare = [w for w in distinctive if frequencies.get("w:" + w, 0) <= RARE_SHORT_WORD]
    common_only = not any(text.is_informative(w) for w in strong) and len(distinctive) < 2
    # ...and so does a listed name given in full, word for word ("IFD S.A.").
    exact = sorted(query_words) == sorted(name_words) and any(len(w) >= 3 for w in distinctive)
    common_only = common_only and not rare and not exact
    if common_only:
        score = min(score, COMMON_ONLY_CEILING)
    words = [[query_words[i], name_words[j], round(s, 3)] for i, j, s in aligned]
    return score, {"words": words, "common_words_only": common_only}


@functools.lru_cache(maxsize=65536)
def _words(spelling):
    return text.tokens(spelling)


def best_name(spellings, names, frequencies=None):
    """The best (score, indexed name, details) of a subject's names against the spellings."""
    best = (0.0, None, {})
    for indexed in names:
        name_words = _words(indexed.spelling)
        if not name_words:
            continue
        for spelling in spellings:
            score, details = compare_names(
                spelling.words, name_words, spelling.consonantal, frequencies
            )
            if indexed.weak:
                score *= WEAK_ALIAS_FACTOR
            if score > best[0]:
                details = {"query_spelling": spelling.spelling, **details}
                best = (score, indexed, details)
    return best


# --- other features ---------------------------------------------------------------------


def compare_birth_dates(query_date, birth_dates):
    """(effect on the score, explanation) of a date of birth against the subject's ones."""
    if query_date is None:
        return 0.0, {"result": "not_given"}
    listed = [date.value for date in birth_dates]
    if not birth_dates:
        return 0.0, {"result": "unknown", "query": query_date.value}
    explanation = {"query": query_date.value, "listed": listed}
    overlapping = [
        d
        for d in birth_dates
        if d.earliest <= query_date.latest and query_date.earliest <= d.latest
    ]
    if overlapping:
        exact = any(d.earliest == d.latest == query_date.earliest for d in overlapping)
        effect = BIRTH_DATE_EXACT if exact else BIRTH_DATE_AGREES
        return effect, {"result": "exact" if exact else "agrees", **explanation}
    gap = min(
        min(abs((d.earliest - query_date.latest).days), abs((query_date.earliest - d.latest).days))
        for d in birth_dates
    )
    if gap <= 366:
        return BIRTH_DATE_NEAR, {"result": "near", **explanation}
    exact = query_date.earliest == query_date.latest and all(
        d.earliest == d.latest for d in birth_dates
    )
    if exact and gap > CLEAR_CONFLICT_DAYS:
        return BIRTH_DATE_CLEAR_CONFLICT, {"result": "clear_conflict", **explanation}
    return BIRTH_DATE_CONFLICT, {"result": "conflict", **explanation}


def compare_nationality(code, nationalities):
    if not code:
        return 0.0, {"result": "not_given"}
    listed = sorted({str(n.country) for n in nationalities})
    if not listed:
        return 0.0, {"result": "unknown", "query": code}
    if code in listed:
        return NATIONALITY_AGREES, {"result": "agrees", "query": code, "listed": listed}
    return NATIONALITY_CONFLICT, {"result": "conflict", "query": code, "listed": listed}


def fold_identifier(value):
    return "".join(char for char in str(value).upper() if char.isalnum())


def compare_identifier(value, identifiers):
    if not value:
        return 0.0, {"result": "not_given"}
    wanted = fold_identifier(value)
    for identifier in identifiers:
        if wanted and fold_identifier(identifier.number) == wanted:
            found = {"kind": identifier.kind, "number": identifier.number}
            return IDENTIFIER_AGREES, {"result": "agrees", "query": value, "listed": found}
    return 0.0, {"result": "no_match", "query": value}


# --- the candidate ----------------------------------------------------------------------


def score_candidate(query, subject, name_score, indexed, details):
    """The candidate's score: its name score moved by the other features, explained."""
    effects = {
        "birth_date": compare_birth_dates(
            query.birth_date, getattr(subject, "screening_birth_dates", [])
        ),
        "nationality": compare_nationality(
            query.nationality, getattr(subject, "screening_nationalities", [])
        ),
        "identifier": compare_identifier(
            query.identifier, getattr(subject, "screening_identifiers", [])
        ),
    }
    score = max(0.0, min(1.0, name_score + sum(effect for effect, _ in effects.values())))
    explanation = {
        "name": {
            "score": round(name_score, 3),
            "matched": indexed.name,
            "weak_alias": indexed.weak,
            **details,
        },
        **{
            feature: {"effect": round(effect, 3), **detail}
            for feature, (effect, detail) in effects.items()
        },
    }
    return Candidate(subject, round(score, 3), indexed.name, explanation)
