"""Blocking: the few pairs of subjects worth scoring, never every subject against every other.

Two ways in. Shared identifiers first: subjects are grouped by each identifier they carry (a
UN reference in either numbering, a document, register, IMO or SWIFT number, folded), and
only subjects of the same group meet. Then names: every name of a subject is searched in the
name index (the screening engine, any script), and only the subjects whose names share its
rarest keys meet. Either way, only subjects from different lists pair (:func:`may_pair`).
"""

from collections import Counter, defaultdict

from ..choices import SubjectKind
from .scoring import may_pair
from .weights import MAX_BLOCK, MIN_NAME_SCORE


def identifier_pairs(profiles, focus):
    """{(low id, high id)} of the subjects that share an identifier, one of them in focus."""
    blocks = defaultdict(set)
    for profile in profiles.values():
        for key in profile.keys:
            blocks[key.block].add(profile.pk)
    pairs = set()
    for members in blocks.values():
        # A number that many subjects carry (a shared address of record, a list's
        # placeholder) says nothing about any two of them.
        if len(members) < 2 or len(members) > MAX_BLOCK or not members & focus:
            continue
        for first in members & focus:
            for second in members - {first}:
                if may_pair(profiles[first], profiles[second]):
                    pairs.add((min(first, second), max(first, second)))
    return pairs


def searched_subjects(profiles, focus, skip_largest_list):
    """The subjects of ``focus`` whose names are searched.

    With ``skip_largest_list`` (a full run) the subjects on the largest list are left out: a
    pair is two subjects with no list in common, so one of them is not on that list, and its
    search finds the other.
    """
    largest = _largest_list(profiles) if skip_largest_list else None
    return {pk for pk in focus if largest is None or largest not in profiles[pk].lists}


def name_pairs(profiles, searched, search):
    """{(low id, high id): (name score, low's name, high's name)} of the pairs whose names
    resemble each other, one of them ``searched`` (with ``search``, a NameSearch of them)."""
    found = {}
    for pk in sorted(searched):
        allowed = _allowed(profiles, profiles[pk])
        for other, (score, name, other_name) in search.matches(pk, allowed).items():
            if score < MIN_NAME_SCORE:
                continue
            key = (min(pk, other), max(pk, other))
            names = (name, other_name) if pk < other else (other_name, name)
            if score > found.get(key, (0.0,))[0]:
                found[key] = (score, *names)
    return found


def _allowed(profiles, profile):
    person = profile.kind == SubjectKind.PERSON

    def allowed(other_id):
        other = profiles.get(other_id)
        return (
            other is not None
            and (other.kind == SubjectKind.PERSON) == person
            and may_pair(profile, other)
        )

    return allowed


def _largest_list(profiles):
    counts = Counter(slug for profile in profiles.values() for slug in profile.lists)
    return counts.most_common(1)[0][0] if counts else None
