"""Reading what resolution compares: a few queries for every subject, whatever their number.

Every subject's kind, name, lists and identifiers are read at once (blocking needs them
all); dates of birth and nationalities only for the subjects of candidate pairs.
"""

from django.db.models import Q

from ..choices import SourceList
from ..identifiers import fold_number, un_reference_keys
from ..models import BirthDate, Identifier, ListEntry, Nationality, Subject
from .scoring import Key, Profile

CHUNK = 500
# Identifier kinds that blocking compares; e-mail addresses and websites are shared by
# related parties too often to say that two subjects are one.
COMPARED_KINDS = (
    "passport",
    "national_id",
    "tax_id",
    "registration",
    "imo",
    "mmsi",
    "swift_bic",
    "aircraft_serial",
)
_DIGITS_ONLY = {"imo": 7, "mmsi": 9}


def load_profiles():
    """{subject id: Profile} of every subject that stands for itself (merged ones left out),
    with its lists and identifiers."""
    profiles = {
        pk: Profile(pk=pk, kind=kind, name=name)
        for pk, kind, name in Subject.objects.order_by().values_list("pk", "kind", "name")
    }
    lists = {}
    entries = ListEntry.objects.filter(subject__merged_into__isnull=True).order_by()
    for subject_id, slug, reference, remarks in entries.values_list(
        "subject_id", "list", "reference", "data__remarks"
    ):
        lists.setdefault(subject_id, set()).add(slug)
        comments = remarks if slug == SourceList.UN_CONSOLIDATED and remarks else ""
        for folded in un_reference_keys(reference, comments):
            profiles[subject_id].keys.append(Key("un_reference", folded, folded))
    for subject_id, slugs in lists.items():
        profiles[subject_id].lists = frozenset(slugs)
    identifiers = Identifier.objects.filter(
        kind__in=COMPARED_KINDS, subject__merged_into__isnull=True
    ).order_by()
    for subject_id, kind, number, country in identifiers.values_list(
        "subject_id", "kind", "number", "country"
    ):
        folded = fold_identifier(kind, number)
        if folded:
            profiles[subject_id].keys.append(Key(kind, folded, number, str(country or "")))
    return profiles


def fold_identifier(kind, number):
    """The number as blocking compares it; "" when too short or malformed to identify."""
    if kind in _DIGITS_ONLY:
        digits = "".join(char for char in number if char.isdigit())
        return digits if len(digits) == _DIGITS_ONLY[kind] else ""
    if kind == "swift_bic":
        code = "".join(char for char in number.upper() if char.isalnum())
        return code[:8] if len(code) in (8, 11) else ""  # the institution, any branch
    return fold_number(number)


def load_details(profiles, subject_ids):
    """Add dates of birth and nationalities to the profiles of these subjects."""
    ids = sorted(subject_ids)
    nationalities = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        dates = BirthDate.objects.filter(subject_id__in=chunk).order_by("subject_id", "earliest")
        for subject_id, *date in dates.values_list("subject_id", "value", "earliest", "latest"):
            profiles[subject_id].birth_dates.append(tuple(date))
        rows = Nationality.objects.filter(subject_id__in=chunk).order_by()
        for subject_id, country in rows.values_list("subject_id", "country"):
            nationalities.setdefault(subject_id, set()).add(str(country))
    for subject_id, countries in nationalities.items():
        profiles[subject_id].nationalities = frozenset(countries)


def changed_since(started, import_run_id):
    """Ids of the subjects created or changed from ``started`` on, or whose list entries an
    import after run ``import_run_id`` wrote (an import stamps subjects inside its
    transaction, which may commit after a run started)."""
    changed = Subject.objects.filter(
        Q(created__gte=started)
        | Q(last_updated__gte=started)
        | Q(list_entries__last_run_id__gt=import_run_id)
    )
    return set(changed.order_by().values_list("pk", flat=True).distinct())
