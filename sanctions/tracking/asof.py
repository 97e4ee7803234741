"""Records as history had them: ``?as_of=<date>`` on the detail pages.

``as_of_context()`` reads a record (and a subject's designations and names) as they stood at
the end of a day, from django-simple-history.
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
