"""Finding the subject a new list entry stands for, so that an import never duplicates it.

Two ways, both cautious. A hard link: the entry names its own ID on another list
(OpenSanctions ``referents`` such as ``ofac-23213``, the UK list's "UN Ref KPe.018") and that
entry is already imported. A careful match for subjects analysts entered by hand (subjects
that no list entry claims yet): the same kind, a name or strong alias equal once folded, no
conflicting date of birth, and only one such subject. Anything less certain creates a new
subject, which an analyst can merge later.
"""

from collections import defaultdict

from django.db.models import Q

from ..choices import SourceList
from ..dates import parse_fuzzy_date
from ..identifiers import OLD_IRAN_REFERENCE, canonical_un_reference, un_reference_keys
from ..models import ListEntry, Subject
from ..names import normalize_name


def hard_links(entries):
    """{entry_id: subject_id} for entries that name an already imported entry of another list.

    A UN reference matches in either numbering (:mod:`sanctions.identifiers`): the UK's
    "QI.A.12.01" is the UN's QDi.012, and an Iran committee reference such as "E.29.I.11"
    is the UN entry whose comments name it as its old reference.
    """
    wanted = {(slug, _key(slug, key)) for entry in entries for slug, key in entry.same_as}
    if not wanted:
        return {}
    found = _linked_entries(wanted)
    links = {}
    for entry in entries:
        subjects = {found.get((slug, _key(slug, key))) for slug, key in entry.same_as} - {None}
        # One subject, of the same kind: anything else is not certain enough.
        if len(subjects) == 1 and next(iter(subjects))[1] == entry.kind:
            links[entry.entry_id] = subjects.pop()[0]
    return links


def _key(slug, key):
    """A same-as key as entries are found by: a UN reference in one spelling, else lower case."""
    if slug == SourceList.UN_CONSOLIDATED:
        return canonical_un_reference(key) or key.lower()
    return key.lower()


def _linked_entries(wanted):
    """{(list, key): (subject id, kind)} of the entries the keys name."""
    query = Q()
    for slug, key in wanted:
        query |= Q(list=slug) & (Q(entry_id__iexact=key) | Q(reference__iexact=key))
        if slug == SourceList.UN_CONSOLIDATED and OLD_IRAN_REFERENCE.match(key):
            query |= Q(list=slug, data__remarks__icontains=key)
    found = {}
    rows = ListEntry.objects.filter(query).values_list(
        "list", "entry_id", "reference", "data__remarks", "subject", "subject__kind"
    )
    for slug, entry_id, reference, remarks, *subject in rows:
        keys = {entry_id.lower(), reference.lower(), _key(slug, reference)}
        if slug == SourceList.UN_CONSOLIDATED:
            keys.update(un_reference_keys(reference, remarks or ""))
        for key in keys - {""}:
            found[(slug, key)] = tuple(subject)
    return found


def hand_entered_matches(entries):
    """{entry_id: subject_id} for entries that match exactly one subject no list entry claims."""
    candidates = _unclaimed_subjects()
    if not candidates:
        return {}
    by_name = defaultdict(set)
    for subject in candidates.values():
        for name in subject.folded_names:
            by_name[(subject.kind, name)].add(subject.pk)
    matches = {}
    for entry in entries:
        found = set()
        for name in _entry_names(entry):
            found |= by_name.get((entry.kind, name), set())
        found = {pk for pk in found if _dates_agree(candidates[pk], entry)}
        if len(found) == 1:
            matches[entry.entry_id] = found.pop()
    # A subject claimed by two entries is not certain for either.
    claims = defaultdict(list)
    for entry_id, subject_id in matches.items():
        claims[subject_id].append(entry_id)
    return {e: s for e, s in matches.items() if len(claims[s]) == 1}


def _unclaimed_subjects():
    subjects = Subject.objects.filter(list_entries__isnull=True).prefetch_related(
        "aliases", "birth_dates"
    )
    result = {}
    for subject in subjects:
        strong = [alias.name for alias in subject.aliases.all() if alias.quality == "strong"]
        subject.folded_names = {normalize_name(name) for name in [subject.name, *strong]}
        subject.date_ranges = [(d.earliest, d.latest) for d in subject.birth_dates.all()]
        result[subject.pk] = subject
    return result


def _entry_names(entry):
    names = {entry.name, entry.listed_name}
    names |= {alias.name for alias in entry.aliases if alias.quality == "strong"}
    return {normalize_name(name) for name in names if name}


def _dates_agree(subject, entry):
    """No dates on one side, or at least one overlapping pair."""
    ranges = []
    for birth_date in entry.birth_dates:
        parsed = parse_fuzzy_date(birth_date.value)
        ranges.append((parsed.earliest, parsed.latest))
    if not ranges or not subject.date_ranges:
        return True
    return any(
        start <= other_end and other_start <= end
        for start, end in ranges
        for other_start, other_end in subject.date_ranges
    )
