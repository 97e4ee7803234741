"""The rows of the large CSV exports (subjects, designations), read in bulk.

The generic way (``renderers.csv_row``) serialises each record with its list serializer:
model instances, their prefetched parts and every DRF field, one record at a time, which was
most of the time of a whole-list export. These read the same columns as plain values, a chunk
of records at a time (one query for the chunk, one per kind of part), and format each value
with the serializer's own field, so a row is the one ``csv_row`` would write.

A function here takes the list serializer (for its columns, addresses and formats), the
filtered and ordered queryset, and the chunk size; it yields one row per record.
"""

from collections import defaultdict
from itertools import islice

from django.utils import timezone

from ..models import Alias, BirthDate, Designation, Nationality, designation_status, within_subject
from .renderers import MULTI_VALUE_SEPARATOR


def in_chunks(rows, size):
    """Lists of ``size`` rows of a queryset read ``size`` at a time."""
    rows = rows.iterator(chunk_size=size)
    while chunk := list(islice(rows, size)):
        yield chunk


def grouped(rows):
    """{key: [values]} of (key, value) rows, in their order."""
    values = defaultdict(list)
    for key, value in rows:
        values[key].append(value)
    return values


def part_values(model, ids, attribute):
    """{subject id: [attribute of each part]} of the subjects ``ids``, in the parts' order."""
    rows = model.objects.filter(subject_id__in=ids).order_by("subject_id", *within_subject(model))
    return grouped(rows.values_list("subject_id", attribute))


def joined_once(values):
    """A PartValuesField's values (each once, in order) as its CSV cell."""
    return MULTI_VALUE_SEPARATOR.join(dict.fromkeys(str(value) for value in values))


def formatter(field):
    """The serializer field's text for a stored value, as csv_value writes it ("" for none)."""

    def text(value):
        shown = None if value is None else field.to_representation(value)
        return "" if shown is None else shown

    return text


def subject_rows(serializer, queryset, chunk_size):
    """SubjectListSerializer's columns."""
    fields, request = serializer.fields, serializer.context["request"]
    last_updated = formatter(fields["last_updated"])
    parts = {"aliases": (Alias, "name"), "birth_dates": (BirthDate, "value")}
    parts["nationalities"] = (Nationality, "country")
    # For the whole list, the status annotation (one pass over the designations) is right.
    records = (
        queryset.with_status()
        .prefetch_related(None)
        .values_list("id", "kind", "name", "is_active", "is_delisted", "last_updated")
    )
    for chunk in in_chunks(records, chunk_size):
        ids = [record[0] for record in chunk]
        values = {name: part_values(model, ids, field) for name, (model, field) in parts.items()}
        for pk, kind, name, is_active, is_delisted, updated in chunk:
            row = {
                "id": pk,
                "url": fields["url"].address(request, pk),
                "kind": kind,
                "name": name,
                "status": "active" if is_active else "delisted" if is_delisted else "",
                "last_updated": last_updated(updated),
            }
            row.update((part, joined_once(values[part].get(pk, ()))) for part in parts)
            yield [row[column] for column in fields]


def linked_names(through, ids, target, name):
    """{designation id: [name of each linked record]} in the linked model's order."""
    model = through._meta.get_field(target).related_model
    order = [f"{target}__{field}" for field in model._meta.ordering]
    rows = through.objects.filter(designation_id__in=ids).order_by("designation_id", *order)
    return grouped(rows.values_list("designation_id", f"{target}__{name}"))


def designation_rows(serializer, queryset, chunk_size):
    """DesignationListSerializer's columns."""
    fields, request = serializer.fields, serializer.context["request"]
    listed, delisted = formatter(fields["listed_on"]), formatter(fields["delisted_on"])
    source_url, last_updated = formatter(fields["source_url"]), formatter(fields["last_updated"])
    today = timezone.localdate()
    records = queryset.prefetch_related(None).values_list(
        "id", "subject__name", "agency__name", "program__code", "listed_on", "delisted_on",
        "reference", "source_url", "last_updated",
    )  # fmt: skip
    for chunk in in_chunks(records, chunk_size):
        ids = [record[0] for record in chunk]
        authorities = linked_names(Designation.authorities.through, ids, "legalauthority", "title")
        measures = linked_names(Designation.measures.through, ids, "measure", "name")
        for pk, subject, agency, program, listed_on, delisted_on, reference, url, updated in chunk:
            row = {
                "id": pk,
                "url": fields["url"].address(request, pk),
                "subject": subject,
                "agency": agency,
                "program": program or "",
                "authorities": MULTI_VALUE_SEPARATOR.join(authorities.get(pk, ())),
                "measures": MULTI_VALUE_SEPARATOR.join(measures.get(pk, ())),
                "listed_on": listed(listed_on),
                "delisted_on": delisted(delisted_on),
                "status": designation_status(listed_on, delisted_on, today),
                "reference": reference,
                "source_url": source_url(url),
                "last_updated": last_updated(updated),
            }
            yield [row[column] for column in fields]
