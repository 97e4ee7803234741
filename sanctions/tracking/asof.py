"""A record on a given day: ``?as_of=<date>`` on the detail pages answers two questions.

*In force on that day* (``in_force_context()``): which designations were in force then, by
their listing and delisting dates as the tracker knows them today: who was sanctioned.
*As recorded on that day* (``as_of_context()``): the record (and a subject's designations
and names) as the tracker had it at the end of that day, from django-simple-history: what
the tracker knew.
"""

import datetime

from django.utils import timezone

from ..models import (
    BOOKKEEPING_FIELDS,
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Designation,
    Identifier,
    Nationality,
    Subject,
)

# A subject's other parts, shown as they stood that day (aliases have their own section).
SUBJECT_PARTS_AS_OF = (BirthDate, Nationality, BirthPlace, Identifier, Address)


def end_of_day(day):
    """The last moment of a day in the site's time zone."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start) - datetime.timedelta(microseconds=1)


def as_of_context(record, day):
    """Template context for a record as history had it at the end of ``day``."""
    moment = end_of_day(day)
    try:
        then = record.history.as_of(moment)
    except type(record).DoesNotExist:
        then = None
    context = {"as_of": day, "then": then, "then_fields": _fields(then) if then else []}
    if isinstance(record, Subject):
        designations = Designation.history.as_of(moment).filter(subject_id=record.pk)
        context["then_designations"] = [
            (designation, designation.status(day))
            for designation in designations.select_related("agency", "program")
        ]
        context["then_aliases"] = list(Alias.history.as_of(moment).filter(subject_id=record.pk))
        context["then_parts"] = [
            (
                model._meta.verbose_name_plural,
                list(model.history.as_of(moment).filter(subject_id=record.pk)),
            )
            for model in SUBJECT_PARTS_AS_OF
        ]
    return context


def in_force_context(record, day):
    """Template context: the designations of a subject or the designation itself, as the
    tracker knows them now, each with its status on ``day``; None for other records."""
    if isinstance(record, Subject):
        designations = record.designations.select_related("agency", "program")
    elif isinstance(record, Designation):
        designations = [record]
    else:
        return {"in_force": None}
    rows = [(designation, designation.status(day)) for designation in designations]
    return {
        "in_force": rows,
        "in_force_count": sum(status == "active" for _, status in rows),
    }


def _fields(record):
    rows = []
    for field in record._meta.concrete_fields:
        if field.name in BOOKKEEPING_FIELDS:
            continue
        if field.is_relation:
            value = getattr(record, field.attname) and getattr(record, field.name, None)
        elif field.choices:
            value = getattr(record, f"get_{field.name}_display")()
        else:
            value = getattr(record, field.attname)
        rows.append((field.verbose_name, value))
    return rows
