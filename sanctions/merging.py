"""Merging two subjects that are one party, and splitting a merge again.

A merge moves every record of the absorbed subject (list entries, designations, the parts of
its record with their sources, citations, relationships both ways) to the survivor, and keeps
the absorbed subject as a tombstone: ``merged_into`` names the survivor, its pages redirect
there, and ``Subject.objects`` leaves it out. ``SubjectMerge.moved`` lists the id of every row
that moved, so a split puts exactly those back. A row that cannot move because the survivor
already states the same fact (an analyst's alias on both, a relationship that would point at
itself) stays on the tombstone: nothing is deleted, and a split finds it where it was.

Both subjects are locked (``SELECT ... FOR UPDATE``) in id order for the whole transaction;
imports lock the subjects they write in the same order (``lock_subjects``), so a merge and an
import of the same subject run one after the other and neither writes to a stale subject.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import PairDecision, SubjectKind
from .models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Citation,
    Designation,
    Identifier,
    ListEntry,
    Nationality,
    Relationship,
    Subject,
    SubjectMerge,
    SubjectPair,
)
from .tracking.history import record_m2m_history

# What moves, in this order: (key in SubjectMerge.moved, model, its foreign key to the
# subject, the attribute of the row's other subject that must not become the survivor).
MOVES = (
    ("list_entries", ListEntry, "subject", None),
    ("designations", Designation, "subject", None),
    ("aliases", Alias, "subject", None),
    ("birth_dates", BirthDate, "subject", None),
    ("nationalities", Nationality, "subject", None),
    ("birth_places", BirthPlace, "subject", None),
    ("identifiers", Identifier, "subject", None),
    ("addresses", Address, "subject", None),
    ("relationships", Relationship, "subject", "related_id"),
    ("related_from", Relationship, "related", "subject_id"),
    ("citations", Citation, "subject", None),
    # Subjects merged earlier into the absorbed one now stand for the survivor: chains stay
    # one step long, and a split of this merge points them back.
    ("absorbed_subjects", Subject, "merged_into", None),
)
# Single values an analyst may have set on the absorbed subject only: the survivor takes
# them where it has none (and gives them back on a split).
FILLED_FIELDS = ("gender", "position", "description", "remarks")
LOCK_BATCH = 1000


class MergeError(Exception):
    """A merge or split that cannot be done; the message says why, for an analyst."""


def resolve(pk):
    """The live subject that subject ``pk`` stands for now: itself, or the subject it was
    merged into (following chains). Raises ``Subject.DoesNotExist`` for an unknown id."""
    subject = Subject.everything.get(pk=pk)
    seen = {subject.pk}
    while subject.merged_into_id is not None and subject.merged_into_id not in seen:
        seen.add(subject.merged_into_id)
        subject = Subject.everything.get(pk=subject.merged_into_id)
    return subject


def survivor_of(pk):
    """The live subject that subject ``pk`` was merged into (following chains), or None when
    ``pk`` is not a merged subject (a live one, an unknown id, not a number)."""
    if not str(pk).isdigit():
        return None
    rows = Subject.everything.filter(pk=int(pk), merged_into__isnull=False)
    return resolve(pk) if rows.exists() else None


def lock_subjects(subject_ids):
    """Lock these subjects until the transaction ends, in id order (as merges lock them), and
    return ``{id: id of the live subject it stands for}``; the survivors are locked too.

    An import calls this before writing, so that a merge committed since it read its list
    entries is followed, and a merge that starts now waits for the import to finish.
    """
    live, wanted = {}, sorted(set(subject_ids))
    while wanted:
        found = {}
        for start in range(0, len(wanted), LOCK_BATCH):
            batch = wanted[start : start + LOCK_BATCH]
            rows = Subject.everything.select_for_update().filter(pk__in=batch).order_by("pk")
            found.update(rows.values_list("pk", "merged_into"))
        for pk, target in found.items():
            live[pk] = target or pk
        wanted = sorted({target for target in found.values() if target} - live.keys())
    for pk in live:
        while live[pk] != live.get(live[pk], live[pk]):
            live[pk] = live[live[pk]]
    return live


def merge_subjects(survivor, absorbed, *, user=None, pair=None, automatic=False, force=False):
    """Merge ``absorbed`` into ``survivor``; returns the SubjectMerge.

    ``pair`` (a SubjectPair of the two) is marked decided *same party*. ``automatic`` is a
    merge by ``xref``: refused when an analyst decided the two are not the same. ``force``
    merges subjects of different kinds. Raises MergeError with the reason when refused.
    """
    with transaction.atomic():
        survivor, absorbed = _lock(survivor, absorbed)
        pair = _locked_pair(pair, survivor, absorbed)
        _check_merge(survivor, absorbed, pair, automatic=automatic, force=force)
        merge = SubjectMerge.objects.create(
            survivor=survivor, absorbed=absorbed, pair=pair, merged_by=user, automatic=automatic
        )
        reason = f"merge {merge.pk}: subject {absorbed.pk} into {survivor.pk}"
        now = timezone.now()
        moved = {}
        for key, model, field, other_end in MOVES:
            ids = _move(model, field, other_end, absorbed, survivor, user, reason, now)
            if ids:
                moved[key] = ids
        filled = _fill_fields(survivor, absorbed)
        if filled:
            moved["fields"] = filled
        merge.moved = moved
        merge.save(update_fields=["moved"])
        absorbed.merged_into = survivor
        _save_with_reason(absorbed, user, reason)
        _save_with_reason(survivor, user, reason)
        if pair is not None:
            _decide(pair, PairDecision.SAME, user, reason, automatic=automatic)
    return merge


def split_merge(merge, *, user=None):
    """Undo a merge: what moved goes back to the absorbed subject, which stands for itself
    again; records its list entries gave after the merge (a re-import of its list) go with
    them. The merge stays, with ``split_at``; its pair is marked *not the same*."""
    with transaction.atomic():
        merge = SubjectMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.split_at is not None:
            raise MergeError(_("This merge was already split."))
        survivor, absorbed = _lock(merge.survivor, merge.absorbed)
        if survivor.merged_into_id is not None:
            raise MergeError(
                _(
                    "Subject %(survivor)s was merged into subject %(later)s since: "
                    "split that merge first."
                )
                % {"survivor": survivor.pk, "later": survivor.merged_into_id}
            )
        reason = f"split of merge {merge.pk}: subject {absorbed.pk} from {survivor.pk}"
        now = timezone.now()
        entries = merge.moved.get("list_entries", [])
        for key, model, field, other_end in MOVES:
            only = _split_rows(model, field, merge.moved.get(key, []), entries, key)
            _move(model, field, other_end, survivor, absorbed, user, reason, now, only)
        _unfill_fields(survivor, absorbed, merge.moved.get("fields", {}))
        absorbed.merged_into = None
        _save_with_reason(absorbed, user, reason)
        _save_with_reason(survivor, user, reason)
        merge.split_at, merge.split_by = now, user
        merge._change_reason = reason
        merge.save(update_fields=["split_at", "split_by", "last_updated"])
        if merge.pair_id is not None:
            pair = SubjectPair.objects.select_for_update().get(pk=merge.pair_id)
            _decide(pair, PairDecision.NOT_SAME, user, reason)
    return merge


def decide_pair(pair, decision, *, user=None, version=None, survivor=None):
    """Record a decision on a proposed pair; returns the pair as decided.

    *Same party* merges the two, into ``survivor`` (one of the pair's subjects; by default
    its first). ``version`` is the pair's version the analyst decided on: a pair decided by
    someone else since, or already decided *same* or *not the same*, is refused (MergeError
    naming who decided), so no decision silently replaces another.
    """
    if decision not in PairDecision.values:
        raise MergeError(_("Unknown decision."))
    with transaction.atomic():
        current = SubjectPair.objects.select_for_update().get(pk=pair.pk)
        _check_undecided(current, version)
        if decision == PairDecision.SAME:
            ids = [current.subject_a_id, current.subject_b_id]
            kept = int(survivor) if survivor is not None else ids[0]
            if kept not in ids:
                raise MergeError(_("The subject kept must be one of the pair."))
            ids.remove(kept)
            merge_subjects(kept, ids[0], user=user, pair=current)
            current.refresh_from_db()
        else:
            _decide(current, decision, user, f"pair {current.pk}: {decision}")
    return current


# --- checks and locks -----------------------------------------------------------------------


def _lock(first, second):
    """Both subjects, re-read and locked in id order (one order everywhere: no deadlock)."""
    ids = [getattr(first, "pk", first), getattr(second, "pk", second)]
    rows = Subject.everything.select_for_update().filter(pk__in=ids).order_by("pk")
    found = {subject.pk: subject for subject in rows}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise MergeError(_("Subject %(id)s does not exist.") % {"id": missing[0]})
    return found[ids[0]], found[ids[1]]


def _locked_pair(pair, survivor, absorbed):
    if pair is None:
        return SubjectPair.objects.of(survivor, absorbed).select_for_update().first()
    pair = SubjectPair.objects.select_for_update().get(pk=pair.pk)
    if {pair.subject_a_id, pair.subject_b_id} != {survivor.pk, absorbed.pk}:
        raise MergeError(_("This proposed pair is not of these two subjects."))
    return pair


def _check_undecided(pair, version):
    if pair.decision in (PairDecision.SAME, PairDecision.NOT_SAME):
        raise MergeError(
            _("This pair was already decided: “%(decision)s”, by %(who)s.")
            % {
                "decision": pair.get_decision_display(),
                "who": pair.decided_by or _("an automatic merge"),
            }
        )
    if version is not None and str(pair.version) != str(version):
        raise MergeError(
            _("This pair changed since you opened it (decided or scored again): look again.")
        )


def _check_merge(survivor, absorbed, pair, *, automatic, force):
    if survivor.pk == absorbed.pk:
        raise MergeError(_("A subject cannot be merged into itself."))
    for subject in (survivor, absorbed):
        if subject.merged_into_id is not None:
            raise MergeError(
                _("Subject %(id)s was already merged into subject %(into)s.")
                % {"id": subject.pk, "into": subject.merged_into_id}
            )
    if survivor.kind != absorbed.kind and not force:
        raise MergeError(
            _("Subject %(a)s (%(kind_a)s) and subject %(b)s (%(kind_b)s) are of different kinds.")
            % {
                "a": survivor.pk,
                "kind_a": survivor.get_kind_display().lower(),
                "b": absorbed.pk,
                "kind_b": absorbed.get_kind_display().lower(),
            }
        )
    if automatic and pair is not None and pair.decision == PairDecision.NOT_SAME:
        raise MergeError(
            _("An analyst decided that subjects %(a)s and %(b)s are not the same party.")
            % {"a": pair.subject_a_id, "b": pair.subject_b_id}
        )


# --- moving rows --------------------------------------------------------------------------


def _move(model, field, other_end, source, target, user, reason, now, only=None):
    """Move the rows of ``source`` (those matching ``only``, a Q, if given) to ``target``,
    but those that would collide with the target's own; returns the ids of the rows moved."""
    attname = model._meta.get_field(field).attname
    rows = model._base_manager.filter(**{attname: source.pk})
    if only is not None:
        rows = rows.filter(only)
    rows = list(rows.select_for_update().order_by("pk"))
    stay = _colliding(model, attname, other_end, rows, target)
    rows = [row for row in rows if row.pk not in stay]
    if not rows:
        return []
    for row in rows:
        setattr(row, attname, target.pk)
        row.version += 1
        row.last_updated = now
    model._base_manager.bulk_update(rows, [attname, "version", "last_updated"])
    if getattr(model._meta, "simple_history_manager_attribute", None):
        history = model.history.bulk_history_create(
            rows, update=True, default_user=user, default_change_reason=reason, default_date=now
        )
        record_m2m_history(model, history or [])
    return [row.pk for row in rows]


def _colliding(model, attname, other_end, rows, target):
    """Ids of the rows that cannot move to ``target``: they would point a relationship at
    itself, or state a fact the target already states (a unique constraint of the model)."""
    stay = {row.pk for row in rows if other_end and getattr(row, other_end) == target.pk}
    constraints = [
        constraint
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint)
        and attname in _constraint_fields(model, constraint)
    ]
    for constraint in constraints:
        names = sorted(_constraint_fields(model, constraint) - {attname})
        # A cheap first look: only rows whose values the target has too (case aside) can
        # collide; the constraint itself (with its condition and expressions) then decides.
        theirs = model._base_manager.filter(**{attname: target.pk}).values_list(*names)
        keys = {_loose_key(values) for values in theirs}
        for row in rows:
            if row.pk in stay or _loose_key(getattr(row, n) for n in names) not in keys:
                continue
            if _violates(constraint, model, row, attname, target.pk):
                stay.add(row.pk)
    return stay


def _constraint_fields(model, constraint):
    """The attribute names a unique constraint reads (``subject_id``, ``name``)."""
    names, nodes = set(constraint.fields), list(constraint.expressions)
    while nodes:
        node = nodes.pop()
        if isinstance(node, F):
            names.add(node.name)
        elif hasattr(node, "get_source_expressions"):
            nodes.extend(node.get_source_expressions())
    return {model._meta.get_field(name).attname for name in names}


def _loose_key(values):
    return tuple(str(value).casefold() for value in values)


def _violates(constraint, model, row, attname, target_pk):
    original = getattr(row, attname)
    setattr(row, attname, target_pk)
    try:
        constraint.validate(model, row)
    except ValidationError:
        return True
    finally:
        setattr(row, attname, original)
    return False


def _split_rows(model, field, moved_ids, entries, key):
    """Which of the survivor's rows a split moves back: those that moved, and those that the
    absorbed subject's list entries gave since (a re-import of its list)."""
    query = Q(pk__in=moved_ids)
    if entries and key == "designations":
        query |= Q(list_entry_id__in=entries)
    elif entries and field == "subject" and _has_field(model, "source"):
        query |= Q(source_id__in=entries)
    return query


def _has_field(model, name):
    return any(field.name == name for field in model._meta.concrete_fields)


# --- the subjects themselves --------------------------------------------------------------


def _fill_fields(survivor, absorbed):
    """Copy the absorbed subject's single values where the survivor has none."""
    filled = {}
    for name in FILLED_FIELDS:
        if name == "gender" and survivor.kind != SubjectKind.PERSON:
            continue
        value = getattr(absorbed, name)
        if value and not getattr(survivor, name):
            setattr(survivor, name, value)
            filled[name] = value
    return filled


def _unfill_fields(survivor, absorbed, filled):
    """Take back what the merge filled in, unless someone changed it since."""
    for name, value in filled.items():
        if getattr(survivor, name) == value:
            setattr(survivor, name, "")


def _save_with_reason(record, user, reason):
    # A save, not an update: it writes the history row, and its post_save re-indexes a
    # subject's names (the tombstone's leave the name index, the survivor's are complete).
    record._change_reason = reason
    if user is not None:
        record._history_user = user
    record.save()


def _decide(pair, decision, user, reason, automatic=False):
    pair.decision = decision
    pair.decided_by = user
    pair.decided_at = timezone.now()
    pair.decided_score = pair.score
    pair.automatic = automatic
    _save_with_reason(pair, user, reason)
