"""Candidate search and scoring.

A query's name is spelled every way :func:`text.spellings` knows; the name index finds the
subjects that share its rarest keys (never scanning every name); each candidate's names are
compared word by word with rapidfuzz; dates of birth, nationalities and identifiers then
raise or lower the score. Every step leaves an explanation. docs/screening.md has the rules.
"""

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from rapidfuzz.distance import OSA

from ..dates import FuzzyDate
from ..models import Designation, Subject
from . import text
from .models import IndexedName, NameKey

# A candidate whose score reaches this is reported as a match (see docs/screening.md).
DEFAULT_THRESHOLD = 0.8
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
# Score ceiling when only short or generic words agree ("KIM", "CORP", "LTD").
COMMON_ONLY_CEILING = 0.6
# A short word in at most this many listed names is an acronym that can match alone.
RARE_SHORT_WORD = 3
# How much a word's frequency in the index lowers its weight (see rarity()).
RARITY_SLOPE, RARITY_FLOOR = 0.08, 0.4
WEAK_ALIAS_FACTOR = 0.9
# How much of a whole word an initial that agrees with it confirms.
INITIAL_SHARE = 0.3
# Word pairs below this similarity do not count as agreeing at all; between it and
# CLOSE_WORDS they count for less than their similarity (see agreement()).
MIN_WORD_SIMILARITY, CLOSE_WORDS = 0.65, 0.8
SAME_OUTLINE_BASE, SAME_OUTLINE_SHARE = 0.55, 0.35
# Words differing only in how a final -y/-i is written ("Arkadiy", "Arkady", "Arkadii").
SAME_ENDING = 0.92
_Y_ENDING = re.compile(r"(iy|ii|yy|yi|y|i)$")
# Scores added for agreement and taken for conflict of the other features.
BIRTH_DATE_EXACT, BIRTH_DATE_AGREES, BIRTH_DATE_NEAR, BIRTH_DATE_CONFLICT = 0.05, 0.03, -0.05, -0.2
NATIONALITY_AGREES, NATIONALITY_CONFLICT = 0.03, -0.08
IDENTIFIER_AGREES = 0.15
# Candidate search: how many postings one query may read, and how many subjects it keeps.
KEY_BUDGET = 5000
CANDIDATE_NAMES = 200
CANDIDATE_SUBJECTS = 25


@dataclass
class Query:
    """One name to screen, with what else the caller knows about the party."""

    name: str
    kind: str = ""
    birth_date: FuzzyDate | None = None
    nationality: str = ""
    identifier: str = ""


@dataclass
class Filters:
    """Narrow the candidates to subjects with a designation that meets all of these."""

    agency: list = field(default_factory=list)
    program: list = field(default_factory=list)
    lists: list = field(default_factory=list)  # the request's ``list`` parameter
    status: list = field(default_factory=list)


@dataclass
class Candidate:
    subject: Subject
    score: float
    matched_name: str
    explanation: dict


@dataclass
class _Spelling:
    spelling: str
    words: list
    consonantal: bool


# --- candidate search -------------------------------------------------------------------


def query_spellings(name):
    """The Latin spellings of a query's name, as words ready for comparison."""
    consonantal = text.is_consonantal(name)
    found = []
    for spelling in text.spellings(name):
        found.append(_Spelling(spelling, text.tokens(spelling), consonantal))
    return [s for s in found if s.words]


def key_frequencies(keys):
    """How many indexed names have each key (keys absent from the index are left out)."""
    counts = NameKey.objects.filter(key__in=keys).order_by().values_list("key")
    return dict(counts.annotate(n=Count("id")))


def _key_weights(frequencies, consonantal=False):
    """Weights of the keys to read, rarest first, within the postings budget.

    Outlines ("s:") count half as much as words, except for names read from Arabic script,
    whose words agree with Latin spellings only by accident and whose outlines are the signal.
    """
    outline_weight = 1.0 if consonantal else 0.5
    chosen, read = {}, 0
    for key in sorted(frequencies, key=frequencies.get):
        if chosen and read + frequencies[key] > KEY_BUDGET:
            break
        read += frequencies[key]
        kind_weight = 1.0 if key.startswith("w:") else outline_weight
        chosen[key] = kind_weight / (1 + math.log(frequencies[key]))
    return chosen


def candidate_names(spellings, subjects=None, frequencies=None):
    """{subject id: [indexed name ids]} of the names sharing the most (and rarest) keys with
    the spellings, best first; only subjects of ``subjects`` (a queryset) if given.

    Reads only the postings of the query's rarest keys, at most KEY_BUDGET of them (one
    query, after the one counting them), so its cost follows how common the query's words
    are, not the list's size.
    """
    if frequencies is None:
        frequencies = key_frequencies(query_keys(spellings))
    weights = _key_weights(frequencies, any(s.consonantal for s in spellings))
    covers = query_coverage(spellings)
    read = {key: (weight, covers[key]) for key, weight in weights.items()}
    found, subject_of, length = {}, {}, {}
    rows = NameKey.objects.filter(key__in=weights).order_by()
    for name_id, subject_id, key, words in rows.values_list(
        "name_id", "subject_id", "key", "words"
    ):
        weight, words_covered = read[key]
        best = found.get(name_id)
        if best is None:
            best = found[name_id] = {}
            subject_of[name_id], length[name_id] = subject_id, words
        for word in words_covered:
            if best.get(word, 0.0) < weight:
                best[word] = weight
    # The best spelling counts; among names sharing the same keys, the shorter is the closer.
    rank = {}
    for name_id, best in found.items():
        per_spelling = defaultdict(float)
        for (number, _), weight in best.items():
            per_spelling[number] += weight
        rank[name_id] = max(per_spelling.values()) / math.sqrt(length[name_id])
    ranked = sorted(rank, key=lambda name_id: (-rank[name_id], name_id))
    if subjects is not None:
        allowed = _allowed_subjects(subjects, [subject_of[name_id] for name_id in ranked])
        ranked = [name_id for name_id in ranked if subject_of[name_id] in allowed]
    by_subject = {}
    for name_id in ranked[:CANDIDATE_NAMES]:
        subject_id = subject_of[name_id]
        if subject_id in by_subject or len(by_subject) < CANDIDATE_SUBJECTS:
            by_subject.setdefault(subject_id, []).append(name_id)
    return by_subject


def _allowed_subjects(subjects, ranked_ids):
    """The ids among ``ranked_ids`` (best first) that the ``subjects`` queryset holds, looked
    up by primary key, best first, until CANDIDATE_SUBJECTS of them are found.

    A join of the postings with the filtered subjects in one query would be simpler, but a
    database may then plan it as a scan of every name of that kind (SQLite does: 90 ms).
    """
    distinct = list(dict.fromkeys(ranked_ids))
    allowed, start, chunk = set(), 0, 4 * CANDIDATE_SUBJECTS  # then 1,000 at a time
    while start < len(distinct) and len(allowed) < CANDIDATE_SUBJECTS:
        ids = distinct[start : start + chunk]
        allowed.update(subjects.filter(pk__in=ids).order_by().values_list("pk", flat=True))
        start, chunk = start + chunk, 1000
    return allowed


def query_coverage(spellings):
    """{key: [(spelling number, word position)]}: which query words each key stands for.

    A name earns, for each query word, the weight of its best key for it, so that keys that
    say the same thing ("din", its outline, "al din") do not add up. Articles ("al") are no
    query words: keys standing only for them are not read.
    """
    covers = defaultdict(list)
    for number, spelling in enumerate(spellings):
        words = spelling.words
        for key, positions in text.key_coverage(words).items():
            covers[key] += [
                (number, i)
                for i in positions
                if not text.is_article(words[i], words[i + 1] if i + 1 < len(words) else "")
            ]
    return {key: cover for key, cover in covers.items() if cover}


def query_keys(spellings):
    return set(query_coverage(spellings))


def filtered_subjects(filters, kind=""):
    """Subjects meeting the filters (one designation meets them all), or None for all."""
    subjects = None
    if kind:
        subjects = Subject.objects.filter(kind=kind)
    designations = Designation.objects.all()
    if filters.agency:
        designations = designations.filter(agency__slug__in=filters.agency)
    if filters.program:
        by_program = Q()
        for value in filters.program:
            by_program |= Q(program__slug=value) | Q(program__code__iexact=value)
        designations = designations.filter(by_program)
    if filters.lists:
        designations = designations.filter(subject__in=subjects_on_lists(filters.lists))
    if filters.status:
        by_status = Q()
        if "active" in filters.status:
            by_status |= Q(pk__in=Designation.objects.active().values("pk"))
        if "delisted" in filters.status:
            by_status |= Q(pk__in=Designation.objects.delisted().values("pk"))
        designations = designations.filter(by_status)
    if filters.agency or filters.program or filters.lists or filters.status:
        subjects = (subjects if subjects is not None else Subject.objects.all()).filter(
            Exists(designations.filter(subject=OuterRef("pk")))
        )
    return subjects


def known_lists():
    """The values the ``list`` filter accepts: the official lists entries are imported from."""
    relation = _list_entry_relation()
    if relation is None:
        return []
    return [value for value, _ in relation.related_model._meta.get_field("list").choices]


def subjects_on_lists(lists):
    relation = _list_entry_relation()
    if relation is None:
        return Subject.objects.none()
    return Subject.objects.filter(**{f"{relation.name}__list__in": lists})


def _list_entry_relation():
    # List entries (OFAC uid, UN DATAID...) come with the importers (issue 5); until then the
    # ``list`` filter knows no list.
    for relation in Subject._meta.related_objects:
        if relation.related_model.__name__ == "ListEntry":
            return relation
    return None


# --- name comparison --------------------------------------------------------------------


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


# --- screening --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    name: str
    spelling: str
    weak: bool


def _load_names(name_ids):
    """{subject id: [_Name]} and {subject id: (name, kind)}: the subjects come with their
    names (one query), so that screening needs no other to show them."""
    names, subjects = {}, {}
    rows = (
        IndexedName.objects.filter(pk__in=name_ids)
        .order_by()
        .values_list("subject_id", "name", "spelling", "weak", "subject__name", "subject__kind")
    )
    for subject_id, name, spelling, weak, *subject in rows:
        names.setdefault(subject_id, []).append(_Name(name, spelling, weak))
        subjects[subject_id] = subject
    return names, subjects


def _name_matches(query, subjects):
    """(subject id, name score, indexed name, details, (subject name, kind)) of the
    candidates, best first."""
    spellings = query_spellings(query.name)
    frequencies = key_frequencies(query_keys(spellings))
    candidates = candidate_names(spellings, subjects, frequencies)
    names, shown = _load_names([name_id for ids in candidates.values() for name_id in ids])
    found = []
    for subject_id in candidates:
        score, indexed, details = best_name(spellings, names.get(subject_id, []), frequencies)
        if indexed is not None:
            found.append((subject_id, score, indexed, details, shown[subject_id]))
    return sorted(found, key=lambda row: (-row[1], row[0]))


def _candidate(query, subject, name_score, indexed, details):
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


# The parts of a subject that the other features compare, and when a query needs them.
SUBJECT_PARTS = {
    "birth_dates": lambda query: query.birth_date is not None,
    "nationalities": lambda query: bool(query.nationality),
    "identifiers": lambda query: bool(query.identifier),
}


def _shown_subject(pk, name, kind):
    """A Subject with its id, name and kind loaded, as a query of ``.only()`` would give."""
    known = {"id": pk, "name": name, "kind": kind}
    fields = [f.attname for f in Subject._meta.concrete_fields if f.attname in known]
    return Subject.from_db(Subject.objects.db, fields, [known[f] for f in fields])


def screen(queries, threshold=DEFAULT_THRESHOLD, limit=DEFAULT_LIMIT, filters=None):
    """Screen each query; returns, per query and in order, its best candidates.

    Each candidate has ``score`` (0 to 1), ``matched_name`` and a per-feature
    ``explanation``; ``match`` (score >= threshold) is left to the caller. The number of
    database queries is 3 per query (4 with a kind or filters), and one more for each of
    date of birth, nationality and identifier that some query gives, whatever the size of
    the list.
    """
    filters = filters or Filters()
    matches = []
    for query in queries:
        subjects = filtered_subjects(filters, query.kind)
        matches.append(_name_matches(query, subjects)[: limit * 2])
    # The subjects as their names brought them (id, name, kind; other fields load on use).
    by_id = {}
    for rows in matches:
        for subject_id, *_, (name, kind) in rows:
            if subject_id not in by_id:
                by_id[subject_id] = _shown_subject(subject_id, name, kind)
    # Only the parts some query can be compared on, as plain lists (to_attr).
    parts = [part for part, given in SUBJECT_PARTS.items() if any(given(q) for q in queries)]
    prefetch_related_objects(
        list(by_id.values()), *(Prefetch(part, to_attr=f"screening_{part}") for part in parts)
    )
    results = []
    for query, rows in zip(queries, matches, strict=True):
        candidates = [_candidate(query, by_id[row[0]], *row[1:4]) for row in rows]
        candidates.sort(key=lambda c: (-c.score, c.subject.pk))
        results.append(candidates[:limit])
    return results


def rank_subjects(name, min_score=0.5, limit=200):
    """(subject id, name score) of the subjects whose names resemble ``name``, best first.

    Serves the ``q`` filter of the subject lists.
    """
    return [
        (subject_id, score)
        for subject_id, score, *_ in _name_matches(Query(name=name), None)[:limit]
        if score >= min_score
    ]
