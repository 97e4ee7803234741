"""Every fact knows its source: the list entry that gives it, or an analyst.

Attaches the rows that existed before facts had sources (``0012_fact_sources`` added the
column): a row goes to the list entry whose snapshot (``data``, what the list said at its last
import) holds that fact for that subject. When several entries hold
it, the others get a row of their own, with what each list says; a row no entry holds stays an
analyst's row. The subjects' gender, position, description and remarks that equal a list's
value are cleared: the subject shows each list's own value from its entry, and an analyst's
value only where one was typed.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone

CHUNK = 500
REASON = "Facts attached to their list entries (migration 0013_attach_fact_sources)"


def _fold(text):
    return " ".join(str(text).lower().split())


# Each part: its model, and the key that says two parts are one fact, applied alike to a
# snapshot's item and to a row's column values. As the importers keyed parts when this
# migration was written (importers/records.py PART_KEYS).
PARTS = {
    "aliases": ("Alias", lambda v: v["name"].lower()),
    "birth_dates": ("BirthDate", lambda v: v["value"]),
    "nationalities": ("Nationality", lambda v: (v["country"], v["kind"])),
    "birth_places": ("BirthPlace", lambda v: v["place"]),
    "identifiers": ("Identifier", lambda v: (v["kind"], v["number"], v["country"])),
    "addresses": ("Address", lambda v: _fold(v["full"])),
}
PER_SOURCE_FIELDS = ("gender", "position", "description", "remarks")


def attach_sources(apps, schema_editor):
    ListEntry = apps.get_model("sanctions", "ListEntry")
    subject_ids = sorted(set(ListEntry.objects.values_list("subject_id", flat=True)))
    subject_of = {
        (slug, entry_id): subject
        for slug, entry_id, subject in ListEntry.objects.values_list(
            "list", "entry_id", "subject_id"
        )
    }
    for start in range(0, len(subject_ids), CHUNK):
        chunk = subject_ids[start : start + CHUNK]
        entries = {}
        for entry in (
            ListEntry.objects.filter(subject_id__in=chunk)
            .order_by("id")
            .values("id", "subject_id", "list", "data")
        ):
            entries.setdefault(entry["subject_id"], []).append(entry)
        for name, (model_name, key) in PARTS.items():
            _attach_parts(apps.get_model("sanctions", model_name), name, key, chunk, entries)
        _attach_relationships(
            apps.get_model("sanctions", "Relationship"), chunk, entries, subject_of
        )
        _clear_list_values(apps, chunk, entries)
    for model_name in [*(model for model, _ in PARTS.values()), "Relationship"]:
        _backfill_history(apps.get_model("sanctions", model_name))


def _attach_parts(model, name, key, chunk, entries):
    """Give each row the entries whose snapshot holds it; copies for the second and later."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    attached, copies = [], []
    for row in model.objects.filter(subject_id__in=chunk).values():
        holders = [
            (entry, item)
            for entry in entries.get(row["subject_id"], [])
            for item in (entry["data"] or {}).get(name, [])
            if key(item) == key(row)
        ]
        if not holders:
            continue  # an analyst's fact
        # The entry saying exactly what the row says keeps the row; else the first.
        holders.sort(key=lambda pair: not all(row.get(f) == v for f, v in pair[1].items()))
        attached.append(model(id=row["id"], source_id=holders[0][0]["id"]))
        for entry, item in holders[1:]:
            values = {f: v for f, v in row.items() if f not in ("id", "source_id")}
            for field_name, value in item.items():
                if field_name in fields and isinstance(value, str):
                    values[field_name] = value[: fields[field_name].max_length or None]
            copies.append(model(**values, source_id=entry["id"]))
    model.objects.bulk_update(attached, ["source_id"], batch_size=CHUNK)
    model.objects.bulk_create(copies, batch_size=CHUNK)


def _attach_relationships(model, chunk, entries, subject_of):
    """A relationship belongs to the entries whose links name its related subject."""
    attached, copies = [], []
    for row in model.objects.filter(subject_id__in=chunk).values():
        holders = [
            entry
            for entry in entries.get(row["subject_id"], [])
            if any(
                link["kind"] == row["kind"]
                and subject_of.get((entry["list"], link["target"])) == row["related_id"]
                for link in (entry["data"] or {}).get("links", [])
            )
        ]
        if holders:
            attached.append(model(id=row["id"], source_id=holders[0]["id"]))
            values = {f: v for f, v in row.items() if f not in ("id", "source_id")}
            copies.extend(model(**values, source_id=entry["id"]) for entry in holders[1:])
    model.objects.bulk_update(attached, ["source_id"], batch_size=CHUNK)
    model.objects.bulk_create(copies, batch_size=CHUNK)


def _clear_list_values(apps, chunk, entries):
    """Clear a subject's value that one of its lists gives: it is shown from that list."""
    Subject = apps.get_model("sanctions", "Subject")
    History = apps.get_model("sanctions", "HistoricalSubject")
    tracked = [
        f.attname for f in History._meta.concrete_fields if not f.attname.startswith("history_")
    ]
    now = timezone.now()
    changed, fields = [], set()
    for subject in Subject.objects.filter(pk__in=chunk):
        for name in PER_SOURCE_FIELDS:
            value = getattr(subject, name)
            listed = {(entry["data"] or {}).get(name) for entry in entries.get(subject.pk, [])}
            if value and value in listed:
                setattr(subject, name, "")
                fields.add(name)
                if not changed or changed[-1] is not subject:
                    changed.append(subject)
    if not changed:
        return
    Subject.objects.bulk_update(changed, sorted(fields), batch_size=CHUNK)
    History.objects.bulk_create(
        [
            History(
                **{name: getattr(subject, name) for name in tracked},
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
            )
            for subject in changed
        ],
        batch_size=CHUNK,
    )


def _backfill_history(model):
    """The rows' earlier versions had no source column: they had the source found now."""
    History = model._meta.apps.get_model("sanctions", f"Historical{model.__name__}")
    current = model.objects.filter(pk=OuterRef("id")).values("source_id")[:1]
    History.objects.filter(source_id__isnull=True).update(source_id=Subquery(current))


class Migration(migrations.Migration):
    # Apart from the schema change: PostgreSQL creates the new columns' indexes at the end of
    # a migration, which it refuses after rows were written in the same transaction.
    dependencies = [("sanctions", "0013_fact_sources")]

    operations = [migrations.RunPython(attach_sources, migrations.RunPython.noop)]
