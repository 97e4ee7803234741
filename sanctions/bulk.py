"""Writing many rows at once, without the ORM's per-row, per-field work.

``QuerySet.bulk_create`` builds a model instance per row and compiles every value through the
field's SQL machinery: for the hundreds of thousands of rows an import, a rebuild of the name
index or ``generate_test_data`` writes, that was most of their time. Two ways in:

- :func:`insert`, :func:`insert_returning_ids`, :func:`insert_objects`: values as model
  instances hold them (``attname``), with the fields they go to; only values the database
  driver cannot take as they are are converted (imports).
- :func:`insert_rows`: values already as the database stores them (:func:`db_datetime`,
  :func:`db_date`), by column name, with explicit keys; COPY on PostgreSQL (the name index
  rebuild, generated data).

No signals are sent.
"""

from django.db import connection, models
from django.utils import timezone

BATCH_SIZE = 5000

# Column types whose Python values the database drivers take as they are.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


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
        _executemany(cursor, _insert_sql(model, columns, 1), _prepared(columns, rows))


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


def insert_rows(model, columns, rows):
    """Insert rows (tuples in the order of ``columns``, column names) into the model's table."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        _executemany(cursor, sql, rows)


def next_id(model, field="id"):
    """The first free value of an integer key (1 in an empty table)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(field)}) FROM {table}")
        return (cursor.fetchone()[0] or 0) + 1


def reset_sequences(*models):
    """After rows were written with explicit keys: the next ``save()`` takes a free one."""
    statements = connection.ops.sequence_reset_sql(_NoStyle(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def empty_tables(*models):
    """Delete every row of these tables at once (children first), without loading any."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            # TRUNCATE refuses tables with foreign key checks still pending in this
            # transaction (Django defers them): run them now, then defer them again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"TRUNCATE {table} CASCADE" if postgresql else f"DELETE FROM {table}")
        if postgresql:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def db_datetime(value):
    """An aware datetime as this database's column takes it."""
    return connection.ops.adapt_datetimefield_value(value)


def db_date(value):
    return None if value is None else connection.ops.adapt_datefield_value(value)


class _NoStyle:
    """What ``sequence_reset_sql`` wants of a terminal style: the text unchanged."""

    def __getattr__(self, name):
        return str


def _executemany(cursor, sql, rows):
    """Run ``sql`` for each row (any iterable), ``BATCH_SIZE`` rows at a time."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)
