"""Inserting many rows at once without the ORM's per-row, per-field work.

``QuerySet.bulk_create`` compiles every value of every row through the field's SQL
machinery: for the hundreds of thousands of rows an import writes (parts, history rows, the
name index's keys) that was most of the import's time. These write the same values with
one statement per batch. Values are given as the model instances hold them (``attname``);
only fields whose Python value the database driver cannot take as it is are converted.
"""

from django.db import connection, models
from django.utils import timezone

# Column types whose Python values the database drivers take as they are.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)
BATCH_SIZE = 5000


def db_value(field, value):
    """A value as the column stores it."""
    if value is None or isinstance(field, _PLAIN_FIELDS):
        return value
    return field.get_db_prep_save(value, connection)


def insert(model, columns, rows):
    """INSERT rows (lists of values, one per field in ``columns``) with ``executemany``."""
    if not rows:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(
                _insert_sql(model, columns, 1), _prepared(columns, rows[start : start + BATCH_SIZE])
            )


def insert_returning_ids(model, columns, rows):
    """INSERT rows as :func:`insert` does; returns their new primary keys, in order.

    Multi-row ``INSERT … RETURNING``, as ``bulk_create`` uses on PostgreSQL and SQLite 3.35+.
    """
    if not rows:
        return []
    # SQLite allows 999 parameters in a statement on old builds; PostgreSQL 65,535.
    size = max(1, (999 if connection.vendor == "sqlite" else 30000) // len(columns))
    pk = connection.ops.quote_name(model._meta.pk.column)
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = _prepared(columns, rows[start : start + size])
            sql = f"{_insert_sql(model, columns, len(batch))} RETURNING {pk}"
            cursor.execute(sql, [value for row in batch for value in row])
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def insert_objects(model, objects):
    """Insert new model instances (as ``bulk_create`` would) and set their primary keys.

    Fields are filled as a save fills them (``auto_now`` dates, foreign keys to objects
    saved since they were assigned); every object gets the same ``auto_now`` time.
    """
    if not objects:
        return objects
    columns = [field for field in model._meta.concrete_fields if not field.primary_key]
    stamped = [
        f for f in columns if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    now, rows = timezone.now(), []
    stamps = {
        field.attname: now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
        for field in stamped
    }
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="insert_objects")
        obj.__dict__.update(stamps)
        values = obj.__dict__
        rows.append([values[field.attname] for field in columns])
    ids = insert_returning_ids(model, columns, rows)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    return objects


def _insert_sql(model, columns, count):
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * count)
    return f"INSERT INTO {table} ({names}) VALUES {values}"


def _prepared(columns, rows):
    converted = [i for i, field in enumerate(columns) if not isinstance(field, _PLAIN_FIELDS)]
    if not converted:
        return rows
    # A batch repeats a few values (the same timestamps): each is converted once.
    known = {}
    prepared = []
    for row in rows:
        row = list(row)
        for i in converted:
            value = row[i]
            try:
                row[i] = known[i, value]
            except KeyError:
                row[i] = known[i, value] = db_value(columns[i], value)
            except TypeError:  # unhashable (JSON)
                row[i] = db_value(columns[i], value)
        prepared.append(row)
    return prepared
