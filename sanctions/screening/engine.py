"""Screening: candidate search, then scoring, for a batch of queries.

A query's name is spelled every way :func:`text.spellings` knows; the name index finds the
subjects that share its rarest keys (:mod:`.candidates`); each candidate's names are
compared word by word, and dates of birth, nationalities and identifiers then raise or lower
the score (:mod:`.scoring`, with the weights of :mod:`.weights`). Every step leaves an
explanation. docs/screening.md has the rules.

This module is the engine's public face: the views, the API, the search of the subject
lists and the benchmarks use the names it holds.
"""

from django.db.models import Prefetch, prefetch_related_objects

from ..models import Subject
from .candidates import (
    ACTIVE,
    STATUS_VALUES,
    Filters,
    MemoryIndex,
    candidate_names,
    filtered_subjects,
    key_frequencies,
    known_lists,
    load_names,
    query_keys,
)
from .context import attach_context
from .scoring import Candidate, Query, best_name, query_spellings, score_candidate
from .weights import DEFAULT_LIMIT, DEFAULT_THRESHOLD, MAX_LIMIT, WEAK_ALIAS_FACTOR

__all__ = [
    "ACTIVE",
    "DEFAULT_LIMIT",
    "DEFAULT_THRESHOLD",
    "MAX_LIMIT",
    "STATUS_VALUES",
    "Candidate",
    "Filters",
    "NameSearch",
    "Query",
    "attach_context",
    "known_lists",
    "rank_subjects",
    "screen",
    "similar_subjects",
]

# The most likely duplicates a new subject's name is shown against.
SIMILAR_LIMIT = 10


def _name_matches(query, subjects):
    """(subject id, name score, indexed name, details, (subject name, kind)) of the
    candidates, best first."""
    spellings = query_spellings(query.name)
    frequencies = key_frequencies(query_keys(spellings))
    candidates = candidate_names(spellings, subjects, frequencies)
    names, shown = load_names([name_id for ids in candidates.values() for name_id in ids])
    found = []
    for subject_id in candidates:
        score, indexed, details = best_name(spellings, names.get(subject_id, []), frequencies)
        if indexed is not None:
            found.append((subject_id, score, indexed, details, shown[subject_id]))
    return sorted(found, key=lambda row: (-row[1], row[0]))


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
        candidates = [score_candidate(query, by_id[row[0]], *row[1:4]) for row in rows]
        candidates.sort(key=lambda c: (-c.score, c.subject.pk))
        results.append(candidates[:limit])
    return results


def rank_subjects(name, min_score=0.5, limit=200, kind=""):
    """(subject id, name score) of the subjects (of ``kind``, if given) whose names resemble
    ``name``, best first.

    Serves the ``q`` filter of the subject lists and the admin's search.
    """
    subjects = filtered_subjects(Filters(), kind)
    return [
        (subject_id, score)
        for subject_id, score, *_ in _name_matches(Query(name=name, kind=kind), subjects)[:limit]
        if score >= min_score
    ]


def similar_subjects(name, kind=""):
    """(subject id, name score) of the subjects of ``kind`` whose names score at or above
    the match threshold against ``name``: those a new subject so named probably duplicates.
    """
    return rank_subjects(name, min_score=DEFAULT_THRESHOLD, limit=SIMILAR_LIMIT, kind=kind)


class NameSearch:
    """The names of many subjects searched in a row, with what the searches need of the name
    index read at once (a few queries in all, not a few per name).

    Cross-list resolution compares every name of a subject (aliases and original scripts
    included) with every name of the others: the same keys, ranking and name scores as
    :func:`screen`. ``subject_ids`` are the subjects whose names will be searched;
    ``subjects_wanted`` caps the candidates each name brings.
    """

    def __init__(self, subject_ids, subjects_wanted=10):
        self.index = MemoryIndex()
        self.subjects_wanted = subjects_wanted
        self.index.load_names(subject_ids)
        self.queries = {pk: self._queries(pk) for pk in subject_ids}
        spellings = [s for queries in self.queries.values() for _, s, _ in queries]
        self.index.load_keys(set().union(*map(query_keys, spellings)))

    def _queries(self, subject_id):
        """(name, spellings, weak) of each distinct name of the subject."""
        seen = {}
        for name in self.index.names.get(subject_id, []):
            if name.name not in seen:
                seen[name.name] = (name.name, query_spellings(name.name), name.weak)
        return [query for query in seen.values() if query[1]]

    def matches(self, subject_id, allowed):
        """{subject id: (name score, the subject's name, the other's name)} of the subjects
        ``allowed`` (a function of a subject id) whose names resemble the subject's."""
        best = {}
        for name, spellings, weak in self.queries[subject_id]:
            found = self.index.candidate_names(spellings, allowed, self.subjects_wanted)
            self._score(best, name, spellings, weak, found)
        return best

    def compare(self, subject_id, others):
        """{subject id: (name score, the subject's name, the other's name)} of the subject's
        names against every name of each of ``others``."""
        self.index.load_names([subject_id, *others])
        if subject_id not in self.queries:
            self.queries[subject_id] = self._queries(subject_id)
        best = {}
        found = {other: self.index.names.get(other, []) for other in others}
        for name, spellings, weak in self.queries[subject_id]:
            self.index.load_keys(query_keys(spellings))
            self._score(best, name, spellings, weak, found)
        return best

    def _score(self, best, name, spellings, weak, found):
        frequencies = self.index.frequencies(query_keys(spellings))
        for other, names in found.items():
            score, matched, _ = best_name(spellings, names, frequencies)
            score *= WEAK_ALIAS_FACTOR if weak else 1.0
            if matched is not None and score > best.get(other, (0.0,))[0]:
                best[other] = (score, name, matched.name)
