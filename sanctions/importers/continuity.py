"""A list that replaces another: its entries carry on the entries of the list they replace.

The FCDO's UK Sanctions List replaced OFSI's Consolidated List; each of its entries names the
OFSI Group ID it was listed under (``Entry.continues``). The first import of the new list
takes over each such OFSI list entry: the same row, re-keyed to the new list and ID, with its
subject, its history of changes and its designations. The import then compares the new
entry with what OFSI last said, so the switch records what changed, never a delisting and a
new listing of the same party. A designation whose program is only renamed by the new list
(OFSI's "Russia" is the regime of "The Russia (Sanctions) (EU Exit) Regulations 2019") is
carried over to the new program rather than delisted.
"""

from django.db.models import Q
from django.utils import timezone

from ..models import Designation, ListEntry
from . import history
from .reference import LISTS


def continuing_entries(parsed):
    """{new entry ID: the ListEntry of the replaced list it carries on}, not yet taken over."""
    wanted = {}
    for entry in parsed.entries:
        if entry.continues:
            wanted.setdefault(tuple(entry.continues), entry.entry_id)
    if not wanted:
        return {}
    taken = set(
        ListEntry.objects.filter(list=parsed.slug, entry_id__in=wanted.values()).values_list(
            "entry_id", flat=True
        )
    )
    query = Q()
    for slug, entry_id in wanted:
        query |= Q(list=slug, entry_id=entry_id)
    rows = ListEntry.objects.filter(query).only(
        "id", "list", "entry_id", "subject_id", "digest", "removed_on", "first_run_id", "data"
    )
    found = {}
    for row in rows:
        new_id = wanted[(row.list, row.entry_id)]
        if new_id not in taken:
            found[new_id] = row
    return found


def reissued_entries(parsed, existing):
    """{new entry ID: ListEntry} for entries the list re-issued under a new ID.

    The UN sometimes gives a record a new DATAID while its reference number stays (KPe.068,
    MYOHYANG SHIPPING CO): a listed entry whose ID this version lacks, and a new ID with the
    same reference, are one entry amended, not a delisting and a new listing.
    """
    if not LISTS[parsed.slug].stable_reference or parsed.is_delta:
        return {}
    ids = {entry.entry_id for entry in parsed.entries}
    gone = {}
    for entry_id, row in existing.items():
        if entry_id not in ids and row.removed_on is None and row.reference:
            gone.setdefault(row.reference.lower(), []).append(row)
    found = {}
    for entry in parsed.entries:
        rows = gone.get(entry.reference.lower(), []) if entry.entry_id not in existing else []
        if len(rows) == 1 and entry.reference:
            found[entry.entry_id] = rows.pop()
    return found


def take_over(continuing, parsed, refs):
    """Re-key the rows to the new list; returns {row id: "list entry ID" it was}."""
    entries = {entry.entry_id: entry for entry in parsed.entries}
    was = {}
    for new_id, row in continuing.items():
        was[row.pk] = f"{row.list} {row.entry_id}"
        _carry_designations(row, entries[new_id], refs)
        row.list, row.entry_id = parsed.slug, new_id
        row.save(update_fields=["list", "entry_id", "data", "last_updated"])
    return was


def _carry_designations(row, entry, refs):
    """One listing before and one after, by the same agency: the same designation."""
    old = row.data.get("listings", [])
    if len(old) != 1 or len(entry.listings) != 1:
        return
    before, after = old[0], entry.listings[0]
    if before["agency"] != after.agency or before["program"] == after.program:
        return
    program = refs.program(after.agency, after.program, after.program_name)
    old_program = refs.program(before["agency"], before["program"], before["program_name"])
    designations = list(
        Designation.objects.filter(list_entry=row, program=old_program, delisted_on__isnull=True)
    )
    now = timezone.now()
    for designation in designations:
        designation.program, designation.last_updated = program, now
    history.update(Designation, designations, ["program", "last_updated"])
    row.data = {
        **row.data,
        "listings": [{**before, "program": after.program, "program_name": after.program_name}],
    }
