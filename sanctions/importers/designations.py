"""The designations an import writes for an entry: one per (agency, program) it is listed
under, created, updated (an analyst's own designation adopted, its blanks filled), or delisted
when the list drops the listing."""

import datetime

from django.utils import timezone

from ..choices import ChangeAction
from ..models import Designation
from . import history
from .common import clip
from .merge import merge_fields
from .records import PART_KEYS

DESIGNATION_FIELDS = ("listed_on", "reason", "reference", "source_url")


class DesignationPlanner:
    """The designations of one target: one per (agency, program) the entry is listed under."""

    def __init__(self, writer, target):
        self.writer, self.target, self.refs = writer, target, writer.refs
        self.linking = target.old is None and target.existed

    def plan(self):
        target, state = self.target, self.writer.state
        relisted = target.action == ChangeAction.RELISTED
        old = {} if target.old is None or relisted else listings(target.old)
        new = listings(target.snapshot)
        current = {} if relisted else state.designations.get(target.list_entry.pk, {})
        for key, item in new.items():
            designation_key = self.refs.designation_key(item)
            designation = current.get(designation_key)
            if designation is None and self.linking:
                designation = state.adoptable.get(target.subject_id, {}).pop(designation_key, None)
            if designation is not None:
                self._update(designation, old.get(key), item)
            elif key not in old:
                self._create(item, relisted)
        for key in old.keys() - new.keys():
            designation = current.get(self.refs.designation_key(old[key]))
            if designation is not None:
                self.writer.owner._delist(Designation.objects.filter(pk=designation.pk))

    def _create(self, item, relisted):
        program = self.refs.program(item["agency"], item["program"], item["program_name"])
        values = designation_values(item)
        if relisted and values["listed_on"] is None:
            values["listed_on"] = self.writer.day  # known to be listed again by this day
        designation = Designation(
            subject_id=self.target.subject_id,
            agency=self.refs.agency(item["agency"]),
            program=program,
            list_entry=self.target.list_entry,
            **values,
        )
        authorities = self._authorities(item, program)
        measures = self.refs.measure_ids(item["measures"])
        self.writer.new_designations.append((designation, authorities, measures))
        if self.target.existed:
            self.writer.touched.add(self.target.subject_id)

    def _authorities(self, item, program):
        """The legal bases the listing names, or else its program's authorities."""
        if item.get("authorities"):
            return self.refs.listed_authority_ids(item["authorities"])
        return self.refs.authorities(program)

    def _update(self, designation, old_item, item):
        current = {name: getattr(designation, name) for name in DESIGNATION_FIELDS}
        old = None if old_item is None else designation_values(old_item)
        if old is not None:  # what another format of the list could not say is not compared
            old = {name: value for name, value in old.items() if name in old_item}
        wanted = designation_values(item)
        # Adopting an analyst's designation fills its blanks, never overwrites them.
        fields = DESIGNATION_FIELDS
        updates = merge_fields(current, old, wanted, fields, fill_only=fields)
        if designation.list_entry_id != self.target.list_entry.pk:
            designation.list_entry = self.target.list_entry
            updates["list_entry"] = self.target.list_entry
        old_measures = None if old_item is None else old_item.get("measures")
        add, remove = set_changes(
            designation.measure_slugs, _set(old_measures), set(item["measures"])
        )
        bases = self._changed_bases(designation, old_item, item)
        if updates or add or remove or bases:
            for name, value in updates.items():
                setattr(designation, name, value)
            self.writer.changed_designations.append((designation, set(updates), add, remove))
            if bases:
                self.writer.changed_bases.append((designation, *bases))
            self.writer.touched.add(self.target.subject_id)

    def _changed_bases(self, designation, old_item, item):
        """Legal bases to add and remove, where the list names them itself (OFAC's XML)."""
        old = None if old_item is None else old_item.get("authorities")
        new = item.get("authorities", ())
        if not new and not old:
            return ()
        current = designation.authority_slugs
        add, remove = set_changes(current, _set(old), set(new))
        return (add, remove) if add or remove else ()

    @staticmethod
    def execute(writer):
        refs = writer.refs
        new = writer.new_designations
        history.create_with_m2m(
            Designation,
            [designation for designation, _, _ in new],
            {"authorities": [a for _, a, _ in new], "measures": [m for _, _, m in new]},
        )
        now = timezone.now()
        rows, fields = [], {"last_updated"}
        for designation, changed, add, remove in writer.changed_designations:
            designation.last_updated = now
            rows.append(designation)
            fields |= changed
            if add:
                designation.measures.add(*refs.measure_ids(add))
            if remove:
                designation.measures.remove(*refs.measure_ids(remove))
            if designation.program_id and "list_entry" in changed:
                # Adopted: it now rests on what the program's mapping names, too.
                designation.authorities.add(*refs.authorities(designation.program))
        for designation, add, remove in writer.changed_bases:
            designation.authorities.add(*refs.listed_authority_ids(sorted(add)))
            remove_ids = [a.pk for a in designation.authorities.all() if a.slug in remove]
            designation.authorities.remove(*remove_ids)
        history.update(Designation, rows, fields)


def listings(snapshot):
    return {PART_KEYS["listings"](item): item for item in snapshot.get("listings", [])}


def designation_values(item):
    listed_on = item.get("listed_on")
    return {
        "listed_on": datetime.date.fromisoformat(listed_on) if listed_on else None,
        "reason": item.get("reason", ""),
        "reference": clip(item.get("reference", ""), 300),
        "source_url": item.get("source_url", ""),
    }


def _set(values):
    return None if values is None else set(values)


def set_changes(current, old, new):
    """Members to add and remove: what the list added or dropped since last time."""
    if old is None:
        return new - current, set()
    return (new - old) - current, (old - new) & current
