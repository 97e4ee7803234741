"""Building the name index rows of subjects and their aliases.

The receivers of :mod:`sanctions.screening.signals` call :func:`refresh_name_index` for
every subject whose names changed: a subject's save, an alias's save or delete, and the bulk
writes of importers, which send the core's ``subjects_renamed`` with the subjects they
touched instead of one ``post_save`` each. :func:`rebuild_name_index` rebuilds the whole
index: ``python manage.py rebuild_name_index``, and the app's migrations.

Both read names with ``values_list`` a batch of subjects at a time and write rows with
explicit keys through :mod:`sanctions.bulk` (COPY on PostgreSQL): no model instance per row,
which was most of the time of a rebuild (138 s for 22,000 subjects).
"""

from django.db import connection, transaction

from ..bulk import empty_tables, insert_returning_ids, insert_rows, reset_sequences
from .models import IndexedName, NameKey
from .text import search_keys, spellings, tokens

BATCH_SIZE = 2000
# Folded spellings and keys of names seen in this run: aliases and common names repeat.
_CACHE_LIMIT = 100_000


def _names_of(name, aliases, merged_names=()):
    """(name as written, alias id or None, weak) for a subject's name, each of its aliases
    ((id, name, quality) in the aliases' order) and the names of the subjects merged into it
    (their aliases moved to it with the merge).

    An alias two sources give (one row per list, or a list's and an analyst's) is indexed
    once, as strong if any source calls it strong.
    """
    yield name, None, False
    chosen = {}
    for alias_id, alias_name, quality in aliases:
        if alias_name not in chosen or chosen[alias_name][1] == "weak":
            chosen[alias_name] = (alias_id, quality)
    for alias_name, (alias_id, quality) in chosen.items():
        yield alias_name, alias_id, quality == "weak"
    for merged in merged_names:
        yield merged, None, False


class _Rows:
    """The index rows of many subjects, the keys pointing at their names by position."""

    def __init__(self):
        self.names, self.keys = [], []
        self.cache = {}
        self.written = 0

    def add(self, subject_id, name, aliases, merged_names=()):
        seen = set()
        for written, alias_id, weak in _names_of(name, aliases, merged_names):
            for spelling, words, keys in self._folded(written):
                if (spelling, alias_id) in seen:
                    continue
                seen.add((spelling, alias_id))
                position = len(self.names)
                self.names.append((subject_id, alias_id, written[:300], spelling, weak))
                self.keys.extend((position, subject_id, key, words) for key in keys)

    def _folded(self, written):
        """[(spelling, number of words, sorted keys)] of a name as written."""
        found = self.cache.get(written)
        if found is None:
            found = []
            for spelling in spellings(written):
                words = tokens(spelling)
                found.append((spelling[:500], len(words), sorted(search_keys(words))))
            if len(self.cache) >= _CACHE_LIMIT:
                self.cache.clear()
            self.cache[written] = found
        return found

    def write(self, indexed_name, name_key, first_id=None):
        """Write the rows gathered since the last write: names numbered from ``first_id``
        (a rebuild, which holds the emptied tables), else numbered by the database."""
        if first_id is None:
            fields = [indexed_name._meta.get_field(name) for name in _NAME_FIELDS]
            ids = insert_returning_ids(indexed_name, fields, self.names)
        else:
            ids = range(first_id, first_id + len(self.names))
            insert_rows(
                indexed_name,
                ["id", *_NAME_FIELDS],
                ((pk, *row) for pk, row in zip(ids, self.names, strict=True)),
            )
        insert_rows(
            name_key,
            ["name_id", "subject_id", "key", "words"],
            ((ids[position], *rest) for position, *rest in self.keys),
        )
        self.written += len(self.names)
        self.names, self.keys = [], []


_NAME_FIELDS = ("subject_id", "alias_id", "name", "spelling", "weak")


def _default_models():
    from ..models import Subject

    return Subject, IndexedName, NameKey


def refresh_name_index(subjects, models=None):
    """Rebuild the index entries of these subjects (ids or a Subject queryset).

    What the signal receivers call for the subjects a save or a bulk write (an import)
    created, renamed or re-aliased. Subjects that no longer exist simply lose their entries.
    Costs a few queries per thousand subjects. ``models`` (Subject, IndexedName, NameKey)
    lets a migration pass its historical models.
    """
    subject_model, indexed_name, name_key = models or _default_models()
    if hasattr(subjects, "values_list"):
        subjects = subjects.values_list("pk", flat=True)
    ids = sorted(set(subjects))
    with transaction.atomic():
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            name_key.objects.filter(subject_id__in=chunk).delete()
            indexed_name.objects.filter(subject_id__in=chunk).delete()
            rows = _Rows()
            _add_subjects(rows, subject_model, _live(subject_model).filter(pk__in=chunk), chunk)
            rows.write(indexed_name, name_key)


def _add_subjects(rows, subject_model, subjects, ids):
    """The rows of these subjects (a queryset of subjects whose ids are among ``ids``)."""
    alias_model = subject_model._meta.get_field("aliases").related_model
    aliases = {}
    found = alias_model._base_manager.filter(subject_id__in=ids).order_by("subject", "name", "id")
    for subject_id, alias_id, name, quality in found.values_list(
        "subject_id", "id", "name", "quality"
    ):
        aliases.setdefault(subject_id, []).append((alias_id, name, quality))
    merged = _merged_names(subject_model, ids)
    for subject_id, name in subjects.order_by("pk").values_list("pk", "name"):
        rows.add(subject_id, name, aliases.get(subject_id, ()), merged.get(subject_id, ()))


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
    Reads the subjects a batch at a time in the order of their keys; writes each batch at once.
    """
    subject_model, indexed_name, name_key = models or _default_models()
    live = _live(subject_model)
    with transaction.atomic():
        empty_tables(name_key, indexed_name)
        rows, last = _Rows(), 0
        while ids := _next_ids(live, last):
            last = ids[-1]
            _add_subjects(rows, subject_model, live.filter(pk__gte=ids[0], pk__lte=last), ids)
            rows.write(indexed_name, name_key, first_id=rows.written + 1)
        reset_sequences(indexed_name, name_key)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner may scan the keys instead of using their index.
        with connection.cursor() as cursor:
            for model in (subject_model, indexed_name, name_key):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return rows.written


def _next_ids(subjects, after):
    return list(
        subjects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE]
    )
