"""Writing many rows at once: PostgreSQL's COPY, or one ``executemany`` per batch elsewhere.

For derived tables and generated data, where building a model instance per row (what
``bulk_create`` does) costs far more than the database's own work. Callers give the table's
columns and rows of values as the database stores them (:func:`db_datetime`, :func:`db_date`
convert the two types whose stored form differs between backends); no signals are sent.
"""

from django.db import connection

BATCH_SIZE = 5000


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
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


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
