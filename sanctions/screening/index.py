"""Building the name index rows of subjects and their aliases.

The receivers of :mod:`sanctions.screening.signals` call :func:`refresh_name_index` for
every subject whose names changed: a subject's save, an alias's save or delete, and the bulk
writes of importers, which send the core's ``subjects_renamed`` with the subjects they
touched instead of one ``post_save`` each. :func:`rebuild_name_index` rebuilds the whole
index: ``python manage.py rebuild_name_index``, and the app's migrations.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

from ..bulk import insert, insert_returning_ids
from .models import IndexedName, NameKey
from .text import search_keys, spellings, tokens

BATCH_SIZE = 2000


@dataclass
class _Subject:
    """What the index needs of a subject: read as plain values, not model instances."""

    pk: int
    name: str
    aliases: list = field(default_factory=list)  # (name, alias id, quality)


def _names_of(subject, merged_names=()):
    """(name as written, alias id or None, weak) for a subject, each of its aliases and the
    names of the subjects merged into it (their aliases moved to it with the merge).

    An alias two sources give (one row per list, or a list's and an analyst's) is indexed
    once, as strong if any source calls it strong.
    """
    yield subject.name, None, False
    chosen = {}
    for name, pk, quality in subject.aliases:
        if name not in chosen or chosen[name][1] == "weak":
            chosen[name] = pk, quality
    for name, (pk, quality) in chosen.items():
        yield name, pk, quality == "weak"
    for name in merged_names:
        yield name, None, False


def _index_rows(subject, merged_names=()):
    """The IndexedName rows of one subject as (subject id, alias id, name, spelling, weak),
    each with its number of words and its set of keys."""
    rows, seen = [], set()
    for written, alias_id, weak in _names_of(subject, merged_names):
        for spelling in spellings(written):
            if (spelling, alias_id) in seen:
                continue
            seen.add((spelling, alias_id))
            row = (subject.pk, alias_id, written[:300], spelling[:500], weak)
            words = tokens(spelling)
            rows.append((row, len(words), search_keys(words)))
    return rows


def _write(rows, indexed_name, name_key):
    """Insert the names, then their keys, in bulk (sanctions.bulk: no model instances)."""
    fields = [
        indexed_name._meta.get_field(name)
        for name in ("subject", "alias", "name", "spelling", "weak")
    ]
    ids = insert_returning_ids(indexed_name, fields, [row[0] for row in rows])
    keys = [
        (name_id, row[0], key, words)
        for name_id, (row, words, name_keys) in zip(ids, rows, strict=True)
        for key in name_keys
    ]
    fields = [name_key._meta.get_field(name) for name in ("name", "subject", "key", "words")]
    insert(name_key, fields, keys)


def refresh_name_index(subjects, models=None):
    """Rebuild the index entries of these subjects (ids or a Subject queryset).

    What the signal receivers call for the subjects a save or a bulk write (an import)
    created, renamed or re-aliased. Subjects that no longer exist simply lose their entries.
    Costs a few queries per thousand subjects. ``models`` (Subject, IndexedName, NameKey)
    lets a migration pass its historical models.
    """
    if models is None:
        from ..models import Subject

        models = Subject, IndexedName, NameKey
    subject_model, indexed_name, name_key = models
    if hasattr(subjects, "values_list"):
        subjects = subjects.values_list("pk", flat=True)
    ids = list(subjects)
    with transaction.atomic():
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            name_key.objects.filter(subject_id__in=chunk).delete()
            indexed_name.objects.filter(subject_id__in=chunk).delete()
            merged = _merged_names(subject_model, chunk)
            rows = [
                row
                for subject in _subjects(subject_model, chunk)
                for row in _index_rows(subject, merged.get(subject.pk, ()))
            ]
            _write(rows, indexed_name, name_key)


def _subjects(subject_model, ids):
    """The live subjects among these IDs with their aliases, in two queries."""
    rows = _live(subject_model).filter(pk__in=ids).values_list("pk", "name")
    subjects = {pk: _Subject(pk, name) for pk, name in rows}
    alias_model = subject_model._meta.get_field("aliases").related_model
    aliases = alias_model._base_manager.filter(subject_id__in=list(subjects))
    aliases = aliases.order_by(*alias_model._meta.ordering)
    for subject_id, name, pk, quality in aliases.values_list("subject_id", "name", "pk", "quality"):
        subjects[subject_id].aliases.append((name, pk, quality))
    return subjects.values()


def _has_merges(subject_model):
    # A migration's historical Subject from before merges existed has no merged_into.
    return any(field.name == "merged_into" for field in subject_model._meta.concrete_fields)


def _live(subject_model):
    """Subjects that stand for themselves: a subject merged into another is not indexed."""
    rows = subject_model._base_manager.all()
    return rows.filter(merged_into__isnull=True) if _has_merges(subject_model) else rows


def _merged_names(subject_model, ids):
    """{survivor id: [names of the subjects merged into it]} for these subjects."""
    if not _has_merges(subject_model):
        return {}
    names = {}
    rows = subject_model._base_manager.filter(merged_into__in=ids).order_by("pk")
    for survivor, name in rows.values_list("merged_into", "name"):
        names.setdefault(survivor, []).append(name)
    return names


def rebuild_name_index(models=None):
    """Empty the index and build it again from every subject; returns the names indexed.

    Run after a change to how names are spelled or keyed: a migration of this app does it for
    each such change (its first, 0001_initial, builds the index of an existing database).
    """
    if models is None:
        from ..models import Subject

        models = Subject, IndexedName, NameKey
    subject_model, indexed_name, name_key = models
    with transaction.atomic():
        name_key.objects.all().delete()
        indexed_name.objects.all().delete()
        refresh_name_index(_live(subject_model).order_by("pk"), models)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner may scan the keys instead of using their index.
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return indexed_name.objects.count()
