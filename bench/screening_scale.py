"""Screening at scale: the 2019 OFAC list's name index copied until it holds about a million
names, and the same queries timed before and after.

    python bench/screening_scale.py                        # imports the list first
    python bench/screening_scale.py --from list.sqlite3    # a SQLite file holding the list

The list (``manage.py import_list ofac-csv`` into a temporary SQLite file, or a copy of the
file given) is indexed, then its subjects, indexed names and name keys are copied N times
(``--copies``, default 52: 19,000 names become about a million) with new ids, by SQL. Every
copy of a subject has the same names, so a query's keys are N times as common: this is the
worst case for the candidate search, whose cost must follow the postings it reads (at most
KEY_BUDGET), not the number of names. For a sample of the list's names and of realistic
names on no list it prints the time per query, and whether the first candidate is (a copy
of) the subject the name belongs to.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    options = _arguments()
    folder = Path(tempfile.mkdtemp(prefix="screening-scale-"))
    database = folder / "scale.sqlite3"
    if options.source:
        shutil.copyfile(options.source, database)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    import screening_eval
    from django.core.management import call_command

    if not options.source:
        call_command("migrate", verbosity=0)
        call_command("import_list", "ofac-csv", str(screening_eval.SDN), verbosity=0)
    from sanctions.screening.index import rebuild_name_index

    rebuild_name_index()
    queries = _queries(options, screening_eval)
    rows = [_measure("the list", queries, 1)]
    started = time.monotonic()
    _copy(options.copies)
    print(f"Copied the index {options.copies} times in {time.monotonic() - started:.0f} s")
    rows.append(_measure(f"the list x {options.copies + 1}", queries, options.copies + 1))
    _print(rows)
    shutil.rmtree(folder)


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="a SQLite file with the list")
    parser.add_argument("--copies", type=int, default=52, help="copies of the index (52)")
    parser.add_argument("--sample", type=int, default=300, help="queries per set (300)")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def _queries(options, screening_eval):
    """(set, name, subject id or None): names of listed subjects, and names on no list."""
    from sanctions.models import Alias, Subject

    rng = random.Random(options.seed)
    names = list(Subject.objects.values_list("name", "pk"))
    names += list(Alias.objects.values_list("name", "subject_id"))
    listed = [("listed", name, pk) for name, pk in rng.sample(names, options.sample)]
    labels = screening_eval.labels_by_name(screening_eval.read_sdn())
    negatives = screening_eval.negative_queries(labels, rng, options.sample)
    return listed + [("not listed", name, None) for name, _, _ in negatives]


def _tables():
    from sanctions.models import Subject
    from sanctions.screening.models import IndexedName, NameKey

    return Subject, IndexedName, NameKey


def _copy(copies):
    """Copy subjects, indexed names and keys ``copies`` times, ids shifted past the last."""
    from django.db import connection, transaction

    models = _tables()
    with connection.cursor() as cursor:
        tops = {}
        for model in models:
            cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")
            tops[model] = cursor.fetchone()[0]
        shifted = {"id": None, "subject_id": models[0], "name_id": models[1]}
        for copy in range(1, copies + 1):
            with transaction.atomic():
                for model in models:
                    columns, values = [], []
                    for field in model._meta.concrete_fields:
                        columns.append(field.column)
                        if field.column in shifted:
                            base = model if field.column == "id" else shifted[field.column]
                            values.append(f"{field.column} + {copy * tops[base]}")
                        elif field.column == "alias_id":
                            values.append("NULL")  # aliases are not copied; the name is
                        else:
                            values.append(field.column)
                    table = model._meta.db_table
                    cursor.execute(
                        f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"SELECT {', '.join(values)} FROM {table} WHERE id <= {tops[model]}"
                    )
        cursor.execute("ANALYZE")


def _measure(label, queries, copies):
    from sanctions.screening import engine

    subject_model, indexed_name, name_key = _tables()
    top = subject_model.objects.order_by("-pk").values_list("pk", flat=True).first()
    original_top = top // copies
    engine.screen([engine.Query(name="warm up")])
    by_set = {}
    for set_name, name, expected in queries:
        started = time.perf_counter()
        [candidates] = engine.screen([engine.Query(name=name)])
        elapsed = time.perf_counter() - started
        first = candidates[0].subject.pk if candidates else None
        hit = (
            expected is not None
            and first is not None
            and ((first - 1) % original_top + 1 == expected)
        )
        by_set.setdefault(set_name, []).append((elapsed, hit))
    names, keys = indexed_name.objects.count(), name_key.objects.count()
    return label, names, keys, by_set


def _print(rows):
    print()
    print("| index | names | keys | queries | ms/query (p95) | first candidate right |")
    print("|---|---:|---:|---|---:|---:|")
    for label, names, keys, by_set in rows:
        for set_name, results in by_set.items():
            times = sorted(elapsed for elapsed, _ in results)
            mean = 1000 * statistics.mean(times)
            p95 = 1000 * times[int(0.95 * (len(times) - 1))]
            right = (
                f"{sum(hit for _, hit in results) / len(results):.3f}"
                if set_name == "listed"
                else "–"
            )
            print(
                f"| {label} | {names:,} | {keys:,} | {set_name} ({len(results)}) "
                f"| {mean:.1f} ({p95:.1f}) | {right} |"
            )


if __name__ == "__main__":
    main()
