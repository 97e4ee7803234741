"""The one, format-neutral step that writes a ParsedList to the database.

It compares each entry with what the list said at the previous import (ListEntry.data):
unchanged entries cost nothing, new entries are created in bulk, changed entries are merged
(see merge), entries gone from the list have their designations delisted. Work is done in
chunks of entries with bulk inserts and updates, so the cost grows linearly with the list,
and every history row names the import run. The caller provides the transaction.
"""

from dataclasses import asdict, dataclass
from functools import cache
from itertools import islice

from django.db import reset_queries
from django.utils import timezone

from .. import bulk
from ..choices import ChangeAction, SubjectKind
from ..dates import parse_fuzzy_date
from ..merging import lock_subjects
from ..models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Designation,
    Identifier,
    ImportChange,
    ImportRun,
    ListEntry,
    Nationality,
    Relationship,
    Subject,
)
from ..names import search_text, sort_key
from ..signals import subjects_renamed
from . import continuity, history
from .checks import (
    PART_MODELS,
    already_applied,
    check_entries,
    check_removals,
    check_version_order,
)
from .common import clip
from .designations import DesignationPlanner
from .linking import hand_entered_matches, hard_links
from .merge import (
    describe_changes,
    merge_fields,
    merge_parts,
    only_display_changed,
    row_value,
)
from .records import PART_KEYS, SUBJECT_WRITTEN_FIELDS, common_ground, digest
from .references import References

CHUNK_SIZE = 1000


@dataclass
class Target:
    """An entry this import writes: new, listed again, changed, or seen for the first time."""

    entry: object
    snapshot: dict
    digest: str
    action: str
    list_entry: ListEntry | None = None
    old: dict | None = None
    subject_id: int | None = None
    existed: bool = False  # the subject was in the database before this import
    # The previous snapshot came from another format of the list (see records.FORMAT_FIELDS),
    # and perhaps says the same on the ground both cover; or it differs only in the name the
    # tracker shows for the same listed name (its display rule changed): then written, but
    # not a change.
    other_format: bool = False
    not_a_change: bool = False


class ListImport:
    """Apply one ParsedList; ``run()`` returns the saved ImportRun."""

    def __init__(self, parsed, *, user=None, run_by="", progress=None, phase=None, force=False):
        self.parsed = parsed
        self.force = force  # delist however many entries the version drops
        self.user = user
        self.run_by = run_by
        self.progress = progress or (lambda advance: None)
        self.phase = phase or (lambda text: None)  # names each step before the writing starts
        self.day = parsed.list_date or timezone.localdate()
        self.changes = []  # (ListEntry, action, changes) in the order they happened

    def run(self):
        applied = already_applied(self.parsed)
        if applied is not None:
            return self._skip(applied)
        self.phase(f"Checking {self.parsed.slug}")
        existing = self._existing_entries()
        check_version_order(self.parsed, force=self.force)
        # Entries carried on under another ID: from a list this one replaced, or re-issued.
        continuing = {
            **continuity.continuing_entries(self.parsed),
            **continuity.reissued_entries(self.parsed, existing),
        }
        for new_id, row in continuing.items():
            existing.pop(row.entry_id if row.list == self.parsed.slug else None, None)
            existing[new_id] = row
        check_entries(self.parsed)
        check_removals(self.parsed, existing, force=self.force)
        self.import_run = self._start()
        with history.attributed_history(self.user, self.import_run.change_reason):
            self.refs = References(
                self.parsed.slug, self.parsed.entries, authorities=self.parsed.authorities
            )
            self.continued = continuity.take_over(continuing, self.parsed, self.refs)
            self.phase(f"Comparing {self.parsed.slug}")
            targets, unchanged = self._classify(existing)
            self.progress(unchanged)
            self.phase(f"Linking {self.parsed.slug}")
            self._link_new_entries(targets)
            self._follow_merges(targets)
            self.phase(f"Writing {self.parsed.slug}")
            for chunk in _chunks(targets, CHUNK_SIZE):
                ChunkWriter(self, chunk).write()
                self.progress(len(chunk))
                reset_queries()  # DEBUG keeps every query; a big import would hoard them
            LinkWriter(self, targets).write()
            removed = self._remove(existing)
        return self._finish(targets, unchanged, removed)

    # --- classify ------------------------------------------------------------------------

    def _start(self):
        parsed = self.parsed
        return ImportRun.objects.create(
            format=parsed.format,
            list=parsed.slug,
            files=[asdict(source) for source in parsed.files],
            list_date=parsed.list_date,
            is_delta=parsed.is_delta,
            user=self.user,
            run_by=self.run_by,
            started=timezone.now(),
            warnings=parsed.warnings,
        )

    def _existing_entries(self):
        entries = ListEntry.objects.filter(list=self.parsed.slug).only(
            "id", "entry_id", "reference", "subject_id", "digest", "removed_on", "first_run_id"
        )
        return {entry.entry_id: entry for entry in entries}

    def _classify(self, existing):
        """Targets to write, and how many entries are unchanged."""
        targets, unchanged = [], 0
        for entry in self.parsed.entries:
            snapshot = entry.snapshot()
            fingerprint = digest(snapshot)
            known = existing.get(entry.entry_id)
            if known is None or not known.digest:
                action = ChangeAction.ADDED
            elif known.removed_on is not None:
                action = ChangeAction.RELISTED
            elif known.digest != fingerprint:
                action = ChangeAction.CHANGED
            else:
                unchanged += 1
                continue
            target = Target(entry, snapshot, fingerprint, action, list_entry=known)
            if known is not None:
                target.subject_id, target.existed = known.subject_id, True
            targets.append(target)
        return targets, unchanged

    def _link_new_entries(self, targets):
        """Give new entries the subject they already have in the database, if certain."""
        new = [target for target in targets if target.subject_id is None]
        entries = [target.entry for target in new]
        found = {**hand_entered_matches(entries), **hard_links(entries)}
        for target in new:
            if target.entry.entry_id in found:
                target.subject_id, target.existed = found[target.entry.entry_id], True

    def _follow_merges(self, targets):
        """Lock the subjects this import writes (as a merge does, in id order) and write to
        the subject each entry stands for now: a merge committed since the entries were
        read moved them to its survivor, and a merge starting now waits for this import."""
        live = lock_subjects(t.subject_id for t in targets if t.subject_id is not None)
        known = [t.list_entry.pk for t in targets if t.list_entry is not None]
        current = dict(ListEntry.objects.filter(pk__in=known).values_list("pk", "subject_id"))
        for target in targets:
            if target.list_entry is not None and target.list_entry.pk in current:
                target.subject_id = current[target.list_entry.pk]
            if target.subject_id is not None:
                target.subject_id = live.get(target.subject_id, target.subject_id)

    # --- removals and the run's record ---------------------------------------------------

    def _remove(self, existing):
        """Delist the designations of entries the list no longer has."""
        if self.parsed.is_delta:
            ids = set(self.parsed.removed)
        else:
            ids = existing.keys() - {entry.entry_id for entry in self.parsed.entries}
        gone = [existing[i] for i in sorted(ids) if i in existing and not existing[i].removed_on]
        for chunk in _chunks(gone, CHUNK_SIZE):
            self._delist(Designation.objects.filter(list_entry__in=chunk))
            for entry in chunk:
                entry.removed_on, entry.last_run = self.day, self.import_run
                self.changes.append((entry, ChangeAction.REMOVED, {"removed_on": str(self.day)}))
            ListEntry.objects.bulk_update(chunk, ["removed_on", "last_run"])
        return len(gone)

    def _delist(self, designations):
        now = timezone.now()
        active = list(designations.filter(delisted_on__isnull=True))
        for designation in active:
            # Never before the listing: a list date earlier than it would break the rule.
            designation.delisted_on = max(self.day, designation.listed_on or self.day)
            designation.last_updated = now
        history.update(Designation, active, ["delisted_on", "last_updated"])
        Subject.objects.filter(pk__in={d.subject_id for d in active}).update(last_updated=now)

    def _skip(self, applied):
        """A run that changes nothing: the delta was applied by an earlier run."""
        self.parsed.warnings.insert(
            0, f"this delta was already applied by import run #{applied.pk}: nothing changed"
        )
        run = self.import_run = self._start()
        run.unchanged_count = len(self.parsed.entries)
        run.finished = timezone.now()
        run.save()
        return run

    def _finish(self, targets, unchanged, removed):
        run = self.import_run
        actions = [target.action for target in targets if not target.not_a_change]
        unchanged += len(targets) - len(actions)
        run.new_count = actions.count(ChangeAction.ADDED) + actions.count(ChangeAction.RELISTED)
        run.changed_count = actions.count(ChangeAction.CHANGED)
        run.unchanged_count = unchanged
        run.removed_count = removed
        run.finished = history.restamp_import(run)
        run.save()
        bulk.insert_objects(
            ImportChange,
            [
                ImportChange(run=run, entry=entry, action=action, changes=changes)
                for entry, action, changes in self._changes_with_continuity()
            ],
        )
        return run

    def _changes_with_continuity(self):
        for entry, action, changes in self.changes:
            if entry.pk in self.continued:
                changes = {"continued_from": self.continued[entry.pk], **changes}
            yield entry, action, changes


class ChunkWriter:
    """Writes one chunk of targets: subjects, their parts, designations and list entries."""

    def __init__(self, owner, targets):
        self.owner, self.refs, self.day = owner, owner.refs, owner.day
        self.targets = targets
        self.touched = set()  # subjects that existed and changed
        self.renamed = set()  # subjects whose names or aliases changed
        self.created = set()  # subjects this chunk created
        self.creates = {model: [] for model in PART_MODELS.values()}
        self.updates = {model: ([], set()) for model in PART_MODELS.values()}
        self.deletes = {model: [] for model in PART_MODELS.values()}
        self.new_designations, self.changed_designations = [], []
        self.changed_bases = []  # (designation, slugs to add, slugs to remove)
        self.planned = set()  # (part model, list entry, key) of the parts to create

    def write(self):
        self._create_subjects([t for t in self.targets if t.subject_id is None])
        self._save_list_entries()
        self.state = State.load(self.targets, self.owner.parsed.slug)
        for target in self.targets:
            self._plan(target)
        self._execute()

    def _create_subjects(self, targets):
        subjects = [_new_subject(target.entry) for target in targets]
        for target, subject in zip(targets, history.create(Subject, subjects), strict=True):
            target.subject_id = subject.pk
            self.created.add(subject.pk)

    def _save_list_entries(self):
        run = self.owner.import_run
        self._load_old_snapshots()
        new, known = [], []
        for target in self.targets:
            values = {
                "subject_id": target.subject_id,
                "name": clip(target.entry.listed_name or target.entry.name, 300),
                "reference": clip(target.entry.reference, 100),
                "data": target.snapshot,
                "digest": target.digest,
                "last_run": run,
                "removed_on": None,
            }
            if target.list_entry is None:
                target.list_entry = ListEntry(
                    list=self.owner.parsed.slug,
                    entry_id=target.entry.entry_id,
                    first_run=run,
                    **values,
                )
                new.append(target.list_entry)
            else:
                for name, value in values.items():
                    setattr(target.list_entry, name, value)
                target.list_entry.first_run = target.list_entry.first_run or run
                known.append(target.list_entry)
        bulk.insert_objects(ListEntry, new)
        fields = ["subject_id", "name", "reference", "data", "digest", "last_run", "removed_on"]
        ListEntry.objects.bulk_update(known, [*fields, "first_run"], batch_size=history.BATCH_SIZE)

    def _load_old_snapshots(self):
        """What the list said at the last import, for the entries it said anything about."""
        wanted = {
            target.list_entry.pk: target
            for target in self.targets
            if target.action in (ChangeAction.CHANGED, ChangeAction.RELISTED)
        }
        rows = ListEntry.objects.filter(pk__in=wanted).values_list("pk", "data", "last_run__format")
        for pk, data, format in rows:
            # Another format's snapshot counts only for what both formats say.
            target = wanted[pk]
            target.other_format = format != self.owner.parsed.format
            target.old = common_ground(data) if target.other_format else data

    # --- planning ------------------------------------------------------------------------

    def _plan(self, target):
        self._record_change(target)
        if target.existed:
            self._plan_subject_fields(target)
        for name, model in PART_MODELS.items():
            self._plan_parts(target, name, model)
        DesignationPlanner(self, target).plan()

    def _record_change(self, target):
        if target.old is not None:
            new = common_ground(target.snapshot) if target.other_format else target.snapshot
            changes = describe_changes(target.old, new)
            same = target.other_format or only_display_changed(target.old, new)
            if same and not changes and target.action == ChangeAction.CHANGED:
                target.not_a_change = True
                return
        elif target.existed:
            changes = {"linked_to_subject": target.subject_id}
        else:
            changes = {}
        self.owner.changes.append((target.list_entry, target.action, changes))

    def _plan_subject_fields(self, target):
        # Only kind and name: gender, position, description and remarks are the list's own,
        # kept in its entry's snapshot, never written over another list's or an analyst's.
        subject = self.state.subjects[target.subject_id]
        current = {name: row_value(subject, name) for name in SUBJECT_WRITTEN_FIELDS}
        wanted = _subject_values(target.snapshot)
        fields = SUBJECT_WRITTEN_FIELDS
        updates = merge_fields(current, target.old, wanted, fields, fill_only=("name",))
        if "name" in updates and _renamed_by_rule_only(target, current["name"]):
            del updates["name"]  # an analyst's name stands when only the display rule changed
        if "name" in updates:
            updates["sort_name"] = sort_key(updates["name"])
        if updates.get("kind", subject.kind) != SubjectKind.PERSON and subject.gender:
            updates["gender"] = ""  # only a person has a gender
        if updates:
            for name, value in updates.items():
                setattr(subject, name, value)
            subject.changed_fields = {*getattr(subject, "changed_fields", ()), *updates}
            self.touched.add(subject.pk)
            if "name" in updates:
                self.renamed.add(subject.pk)

    def _plan_parts(self, target, name, model):
        # Only this entry's own rows: other lists' and analysts' facts are never touched.
        current = self.state.parts[name].get(target.list_entry.pk, {})
        old = None if target.old is None else target.old.get(name, [])
        create, change, delete = merge_parts(current, old, target.snapshot[name], PART_KEYS[name])
        for item in create:
            # Two entries of one import may stand for one subject (one party listed under
            # two regimes): each entry gives its own row, the source of its facts.
            planned = (model, target.list_entry.pk, PART_KEYS[name](item))
            if planned not in self.planned:
                self.planned.add(planned)
                self.creates[model].append(_new_part(model, target, item))
        rows, fields = self.updates[model]
        for row, item in change:
            for field_name, value in _part_values(model, item).items():
                setattr(row, field_name, value)
                fields.add(field_name)
            rows.append(row)
        self.deletes[model].extend(row.pk for row in delete)
        if (create or change or delete) and target.existed:
            self.touched.add(target.subject_id)
            if name == "aliases":
                self.renamed.add(target.subject_id)

    # --- writing -------------------------------------------------------------------------

    def _execute(self):
        now = timezone.now()
        for model in PART_MODELS.values():
            if self.deletes[model]:
                model.objects.filter(pk__in=self.deletes[model]).delete()
            rows, fields = self.updates[model]
            for row in rows:
                row.last_updated = now
            history.update(model, rows, {*fields, "last_updated"})
            history.create(model, self.creates[model])
        self._save_subjects(now)
        DesignationPlanner.execute(self)
        if self.renamed:
            Subject.objects.filter(pk__in=self.renamed).refresh_search_text()
        if self.renamed or self.created:
            # Bulk writes send no post_save: tell whoever keeps names (the name index).
            subjects_renamed.send(Subject, subject_ids=sorted(self.renamed | self.created))
        Subject.objects.filter(pk__in=self.touched).update(last_updated=now)

    def _save_subjects(self, now):
        changed = [s for s in self.state.subjects.values() if getattr(s, "changed_fields", None)]
        fields = {"last_updated"}.union(*(subject.changed_fields for subject in changed))
        for subject in changed:
            subject.last_updated = now
        history.update(Subject, changed, fields)


class LinkWriter:
    """Relationships from "Linked To" and similar links, once every entry has its subject."""

    def __init__(self, owner, targets):
        self.owner, self.targets = owner, targets

    def write(self):
        plans = [(t, self._links(t.old), self._links(t.snapshot)) for t in self.targets]
        plans = [(t, old, new) for t, old, new in plans if old != new]
        if not plans:
            return
        subject_of = self._subjects_of({key[0] for _, old, new in plans for key in old | new})
        # Each entry's own relationships: other lists' and analysts' are never touched.
        existing = self._existing({t.list_entry.pk for t, _, _ in plans})
        create, delete = {}, []
        for target, old, new in plans:
            source = target.list_entry
            for entry_id, kind in new - old:
                related = subject_of.get(entry_id)
                key = (source.pk, target.subject_id, related, kind)
                if related and related != target.subject_id and key not in existing:
                    create[key] = Relationship(
                        subject_id=target.subject_id, related_id=related, kind=kind, source=source
                    )
            for entry_id, kind in old - new:
                row = existing.get((source.pk, target.subject_id, subject_of.get(entry_id), kind))
                if row is not None:
                    delete.append(row.pk)
        Relationship.objects.filter(pk__in=delete).delete()
        history.create(Relationship, list(create.values()))

    @staticmethod
    def _links(snapshot):
        return {(link["target"], link["kind"]) for link in (snapshot or {}).get("links", [])}

    def _subjects_of(self, entry_ids):
        rows = ListEntry.objects.filter(list=self.owner.parsed.slug, entry_id__in=entry_ids)
        return dict(rows.values_list("entry_id", "subject_id"))

    @staticmethod
    def _existing(entry_ids):
        rows = Relationship.objects.filter(source_id__in=entry_ids)
        return {(row.source_id, row.subject_id, row.related_id, row.kind): row for row in rows}


@dataclass
class State:
    """What the database holds now for the subjects of a chunk that existed before it."""

    subjects: dict
    parts: dict  # part name → list entry id → {part key: row}: each entry's own rows
    designations: dict  # list entry id → {(agency id, program id): designation}
    adoptable: dict  # subject id → {(agency id, program id): designation of no list entry}

    @classmethod
    def load(cls, targets, slug):
        subject_ids = [t.subject_id for t in targets if t.existed]
        entry_ids = [t.list_entry.pk for t in targets if t.existed]
        parts = {name: {} for name in PART_MODELS}
        for name, model in PART_MODELS.items():
            for row in model.objects.filter(source_id__in=entry_ids):
                values = {f: row_value(row, f) for f in _part_fields(model)}
                parts[name].setdefault(row.source_id, {})[PART_KEYS[name](values)] = row
        designations, adoptable = {}, {}
        rows = Designation.objects.filter(
            subject_id__in=subject_ids, delisted_on__isnull=True
        ).prefetch_related("measures", "authorities")
        for row in rows:
            row.measure_slugs = {measure.slug for measure in row.measures.all()}
            row.authority_slugs = {authority.slug for authority in row.authorities.all()}
            key = (row.agency_id, row.program_id)
            if row.list_entry_id in entry_ids:
                designations.setdefault(row.list_entry_id, {})[key] = row
            elif row.list_entry_id is None:
                adoptable.setdefault(row.subject_id, {})[key] = row
        subjects = Subject.objects.in_bulk(subject_ids)
        return cls(subjects, parts, designations, adoptable)


# --- record ↔ model values ----------------------------------------------------------------


def _chunks(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _renamed_by_rule_only(target, current_name):
    """Whether a new name comes from the display rule alone (the list writes the same name)
    and the subject's name is no longer the one the previous rule gave."""
    old = target.old or {}
    same_listed = old.get("listed_name") == target.snapshot.get("listed_name")
    return same_listed and current_name != old.get("name")


def _subject_values(snapshot):
    return _clipped(Subject, {name: snapshot.get(name, "") for name in SUBJECT_WRITTEN_FIELDS})


def _new_subject(entry):
    snapshot_names = [alias.name for alias in entry.aliases]
    values = _subject_values({name: getattr(entry, name) for name in SUBJECT_WRITTEN_FIELDS})
    return Subject(
        **values,
        search_text=search_text(values["name"], *snapshot_names),
        sort_name=sort_key(values["name"]),
    )


def _part_fields(model):
    return {
        Alias: ("name", "kind", "quality", "script", "language"),
        BirthDate: ("value", "note"),
        Nationality: ("country", "kind"),
        BirthPlace: ("place", "country"),
        Identifier: ("kind", "number", "country", "note"),
        Address: ("full", "city", "country", "note"),
    }[model]


def _part_values(model, item):
    values = _clipped(model, {name: item[name] for name in _part_fields(model)})
    if model is BirthDate:
        parsed = parse_fuzzy_date(values["value"])
        values.update(earliest=parsed.earliest, latest=parsed.latest)
    return values


def _clipped(model, values):
    """Text cut to its column's length; the list entry's snapshot keeps it whole."""
    lengths = _max_lengths(model)
    for name, value in values.items():
        length = lengths[name]
        if isinstance(value, str) and length:
            values[name] = clip(value, length)
    return values


@cache
def _max_lengths(model):
    return {field.name: field.max_length for field in model._meta.concrete_fields}


def _new_part(model, target, item):
    values = _part_values(model, item)
    return model(subject_id=target.subject_id, source_id=target.list_entry.pk, **values)
