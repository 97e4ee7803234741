"""Keeping the name index in step with subjects and aliases.

Normal saves keep it up to date by themselves (a subject's save, an alias's save or delete:
see :mod:`sanctions.screening.signals` and ``SubjectQuerySet.refresh_search_text``). Code that
writes with bulk operations, which send no signals, calls :func:`refresh_name_index` with the
subjects it touched, once, at the end::

    from sanctions.screening.index import refresh_name_index
    refresh_name_index(touched_subject_ids)

``python manage.py rebuild_name_index`` rebuilds the whole index.
"""

from django.db import connection, transaction

from .models import IndexedName, NameKey
from .text import search_keys, spellings, tokens

BATCH_SIZE = 2000


def _names_of(subject):
    """(name as written, alias id or None, weak) for a subject and each of its aliases."""
    yield subject.name, None, False
    for alias in subject.aliases.all():
        yield alias.name, alias.pk, alias.quality == "weak"


def _index_rows(subject):
    """The IndexedName rows of one subject, each with its set of keys, not yet saved."""
    rows, seen = [], set()
    for written, alias_id, weak in _names_of(subject):
        for spelling in spellings(written):
            if (spelling, alias_id) in seen:
                continue
            seen.add((spelling, alias_id))
            row = IndexedName(
                subject_id=subject.pk,
                alias_id=alias_id,
                name=written[:300],
                spelling=spelling[:500],
                weak=weak,
            )
            words = tokens(spelling)
            rows.append((row, len(words), search_keys(words)))
    return rows


def _write(rows):
    names = IndexedName.objects.bulk_create([row[0] for row in rows], batch_size=BATCH_SIZE)
    keys = [
        NameKey(name_id=name.pk, subject_id=name.subject_id, key=key, words=words)
        for name, (_, words, name_keys) in zip(names, rows, strict=True)
        for key in name_keys
    ]
    NameKey.objects.bulk_create(keys, batch_size=BATCH_SIZE)


def refresh_name_index(subjects):
    """Rebuild the index entries of these subjects (ids or a Subject queryset).

    The one call a bulk writer (an importer) makes after creating, renaming or re-aliasing
    subjects. Subjects that no longer exist simply lose their entries. Costs a few queries
    per thousand subjects.
    """
    from ..models import Subject

    if hasattr(subjects, "values_list"):
        subjects = subjects.values_list("pk", flat=True)
    ids = list(subjects)
    with transaction.atomic():
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            NameKey.objects.filter(subject_id__in=chunk).delete()
            IndexedName.objects.filter(subject_id__in=chunk).delete()
            batch = Subject.objects.filter(pk__in=chunk).only("id", "name")
            rows = [
                row for subject in batch.prefetch_related("aliases") for row in _index_rows(subject)
            ]
            _write(rows)


def rebuild_name_index():
    """Empty the index and build it again from every subject; returns the names indexed."""
    from ..models import Subject

    with transaction.atomic():
        NameKey.objects.all().delete()
        IndexedName.objects.all().delete()
        refresh_name_index(Subject.objects.order_by("pk"))
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner may scan the keys instead of using their index.
        with connection.cursor() as cursor:
            for model in (Subject, IndexedName, NameKey):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return IndexedName.objects.count()
