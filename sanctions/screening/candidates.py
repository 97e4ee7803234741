"""Candidate search: the subjects worth scoring for a query, read from the name index.

The name index finds the subjects that share a query's rarest keys (never scanning every
name); the filters narrow them to subjects with a designation that meets them all. The
scoring of the candidates found is in :mod:`.scoring`.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from ..choices import SourceList
from ..models import Designation, Program, Subject
from . import text
from .models import IndexedName, NameKey
from .weights import CANDIDATE_NAMES, CANDIDATE_SUBJECTS, KEY_BUDGET

# The ``status`` values of the filters: ``has_delisted`` is "some designation is delisted";
# ``delisted`` is its older name, still accepted (on the subject lists it means "none still
# in force", which is not what a candidate filter asks).
ACTIVE, HAS_DELISTED, DELISTED = "active", "has_delisted", "delisted"
STATUS_VALUES = (ACTIVE, HAS_DELISTED, DELISTED)


@dataclass
class Filters:
    """Narrow the candidates to subjects with a designation that meets all of these."""

    agency: list = field(default_factory=list)
    program: list = field(default_factory=list)
    lists: list = field(default_factory=list)  # the request's ``list`` parameter
    status: list = field(default_factory=list)


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
    read = _read_plan(spellings, frequencies)
    rows = NameKey.objects.filter(key__in=read).order_by()
    postings = rows.values_list("name_id", "subject_id", "key", "words")
    ranked, subject_of = _rank_names(postings, read)
    if subjects is not None:
        allowed = _allowed_subjects(subjects, [subject_of[name_id] for name_id in ranked])
        ranked = [name_id for name_id in ranked if subject_of[name_id] in allowed]
    return _by_subject(ranked, subject_of)


def _read_plan(spellings, frequencies):
    """{key: (weight, the query words it covers)} of the keys worth reading."""
    weights = _key_weights(frequencies, any(s.consonantal for s in spellings))
    covers = query_coverage(spellings)
    return {key: (weight, covers[key]) for key, weight in weights.items()}


def _rank_names(postings, read):
    """Name ids best first, and {name id: subject id}, from (name id, subject id, key,
    words) postings of the keys in ``read``."""
    found, subject_of, length = {}, {}, {}
    for name_id, subject_id, key, words in postings:
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
    return sorted(rank, key=lambda name_id: (-rank[name_id], name_id)), subject_of


def _by_subject(ranked, subject_of, subjects_wanted=CANDIDATE_SUBJECTS):
    by_subject = {}
    for name_id in ranked[:CANDIDATE_NAMES]:
        subject_id = subject_of[name_id]
        if subject_id in by_subject or len(by_subject) < subjects_wanted:
            by_subject.setdefault(subject_id, []).append(name_id)
    return by_subject


class MemoryIndex:
    """Postings and names of the name index held in memory, for many searches in a row
    without a query each (cross-list resolution searches every name of many subjects).

    Only what the searches need is read: the postings of the keys given to
    :meth:`load_keys`, and the names of the subjects they lead to. The same keys, weights and
    ranking as :func:`candidate_names`; ``allowed`` (a function of a subject id) narrows the
    candidates before they are counted.
    """

    CHUNK = 500

    def __init__(self):
        self.postings = {}  # key → [(name id, subject id, key, words)]
        self.names = defaultdict(list)  # subject id → [_Name]
        self.name_of = {}  # name id → _Name
        self.loaded = set()  # subjects whose names are read

    def load_keys(self, keys):
        """Read the postings of these keys, and the names of the subjects they lead to."""
        wanted = sorted(set(keys) - self.postings.keys())
        subjects = set()
        for start in range(0, len(wanted), self.CHUNK):
            chunk = wanted[start : start + self.CHUNK]
            self.postings.update({key: [] for key in chunk})
            rows = NameKey.objects.filter(key__in=chunk).order_by()
            for row in rows.values_list("name_id", "subject_id", "key", "words"):
                self.postings[row[2]].append(row)
                subjects.add(row[1])
        self.load_names(subjects)

    def load_names(self, subject_ids):
        """Read every name of these subjects."""
        wanted = sorted(set(subject_ids) - self.loaded)
        self.loaded.update(wanted)
        for start in range(0, len(wanted), self.CHUNK):
            rows = IndexedName.objects.filter(subject_id__in=wanted[start : start + self.CHUNK])
            for name_id, subject_id, *name in rows.order_by("id").values_list(
                "id", "subject_id", "name", "spelling", "weak"
            ):
                self.name_of[name_id] = _Name(*name)
                self.names[subject_id].append(self.name_of[name_id])

    def frequencies(self, keys):
        """How many indexed names have each key (keys read and found only)."""
        return {key: len(self.postings[key]) for key in keys if self.postings.get(key)}

    def candidate_names(self, spellings, allowed, subjects_wanted):
        """{subject id: [_Name]} of the allowed subjects whose names share the most (and
        rarest) keys with the spellings, best first."""
        self.load_keys(query_keys(spellings))
        read = _read_plan(spellings, self.frequencies(query_keys(spellings)))
        postings = (posting for key in read for posting in self.postings[key])
        ranked, subject_of = _rank_names(postings, read)
        ranked = [name_id for name_id in ranked if allowed(subject_of[name_id])]
        found = _by_subject(ranked, subject_of, subjects_wanted)
        return {subject: [self.name_of[n] for n in names] for subject, names in found.items()}


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
    subjects = Subject.objects.filter(kind=kind) if kind else None
    if not (filters.agency or filters.program or filters.lists or filters.status):
        return subjects
    designations = Designation.objects.all()
    if filters.agency:
        designations = designations.filter(agency__slug__in=filters.agency)
    if filters.program:
        designations = designations.filter(
            program__in=Program.objects.by_code_or_slug(filters.program)
        )
    if filters.lists:
        designations = designations.filter(subject__in=subjects_on_lists(filters.lists))
    if filters.status:
        designations = designations.filter(_status_condition(filters.status))
    subjects = subjects if subjects is not None else Subject.objects.all()
    return subjects.filter(Exists(designations.filter(subject=OuterRef("pk"))))


def _status_condition(statuses):
    """Designations in force today, delisted by today (``has_delisted``, or ``delisted``
    by its older name), or either."""
    condition = Q()
    if ACTIVE in statuses:
        condition |= Q(pk__in=Designation.objects.active().values("pk"))
    if HAS_DELISTED in statuses or DELISTED in statuses:
        condition |= Q(pk__in=Designation.objects.delisted().values("pk"))
    return condition


def known_lists():
    """The values the ``list`` filter accepts: the official lists entries are imported from."""
    return list(SourceList.values)


def subjects_on_lists(lists):
    """Subjects with an entry on any of these official lists, listed or removed."""
    return Subject.objects.filter(list_entries__list__in=lists)


@dataclass(frozen=True)
class _Name:
    name: str
    spelling: str
    weak: bool


def load_names(name_ids):
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
    # A fixed order, the display name first: when two names score alike, the one shown is
    # the same on every database (PostgreSQL returns rows in no set order).
    for subject_id, found in names.items():
        found.sort(key=lambda n: (n.name != subjects[subject_id][0], n.name, n.spelling))
    return names, subjects
