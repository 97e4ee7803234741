"""History for bulk writes: who ran the import and which run it was, on every history row.

Bulk operations bypass the signals django-simple-history listens to, so imports write the
historical rows themselves, in bulk: the same rows simple-history writes (every tracked
field, plus when, who, why and the kind of change). Rows that signals do write (single
saves, deletes, many-to-many changes) are attributed by ``attributed_history``.
"""

import threading
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

from .. import bulk
from ..models import StaleRecordError
from ..tracking.history import historied_models

BATCH_SIZE = 500
_state = threading.local()


@contextmanager
def attributed_history(user, reason):
    """Within the block, history written by signals in this thread names the user and reason."""
    _state.attribution = (user, reason)
    pre_create_historical_record.connect(_attribute, dispatch_uid="sanctions-import-history")
    try:
        yield
    finally:
        _state.attribution = None
        pre_create_historical_record.disconnect(dispatch_uid="sanctions-import-history")


def _attribute(sender, history_instance, **kwargs):
    attribution = getattr(_state, "attribution", None)
    if attribution is None:
        return
    user, reason = attribution
    if user is not None and history_instance.history_user_id is None:
        history_instance.history_user = user
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = reason


def create(model, objects):
    """Insert the objects and their "created" history rows; returns them with primary keys."""
    if not objects:
        return []
    objects = bulk.insert_objects(model, objects)
    _write_history(model, objects, "+")
    return objects


def update(model, objects, fields):
    """Update the fields of the objects and write a "changed" history row for each.

    Each record's ``version`` is bumped, as a single save would: an analyst's form opened
    before the import is then refused rather than undoing the import's changes.
    """
    if objects:
        claim_versions(model, objects)
        model.objects.bulk_update(objects, sorted({*fields, "version"}), batch_size=BATCH_SIZE)
        _write_history(model, objects, "~")


def claim_versions(model, objects):
    """Lock the records, check they are still the versions read, and bump the versions.

    Raises ``StaleRecordError`` when someone saved one of them since it was read (the
    import's transaction then rolls back and can simply be run again).
    """
    for start in range(0, len(objects), BATCH_SIZE):
        chunk = objects[start : start + BATCH_SIZE]
        current = model.objects.filter(pk__in=[obj.pk for obj in chunk])
        if transaction.get_connection().in_atomic_block:
            current = current.select_for_update()
        versions = dict(current.values_list("pk", "version"))
        for obj in chunk:
            if versions.get(obj.pk, obj.version) != obj.version:
                raise StaleRecordError(obj, obj.version)
            obj.version += 1


def _write_history(model, objects, history_type, *, returning=False):
    """One historical row per object, written in bulk (:mod:`sanctions.bulk`): the same
    columns simple-history's ``bulk_history_create`` writes, without its model instance and
    ORM insert per row. With ``returning``, the history rows' IDs, in the objects' order."""
    history_model = model.history.model
    user, reason = getattr(_state, "attribution", None) or (None, "")
    extra = {
        "history_date": timezone.now(),
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user_id": user.pk if user is not None else None,
    }
    tracked = {field.attname for field in history_model.tracked_fields}
    columns = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    for field in columns:
        if field.attname not in tracked and field.attname not in extra:
            raise ImproperlyConfigured(f"{history_model.__name__}.{field.name} is not known.")
    rows = [
        [obj.__dict__[f.attname] if f.attname in tracked else extra[f.attname] for f in columns]
        for obj in objects
    ]
    if returning:
        return bulk.insert_returning_ids(history_model, columns, rows)
    bulk.insert(history_model, columns, rows)
    return None


def create_with_m2m(model, objects, relations):
    """Insert objects, their many-to-many links and history rows that include the links.

    ``relations`` maps each many-to-many field name to one list of related IDs per object.
    """
    if not objects:
        return []
    objects = bulk.insert_objects(model, objects)
    links = {name: _link(model, objects, name, ids) for name, ids in relations.items()}
    history_rows = _write_history(model, objects, "+", returning=True)
    history_ids = {obj.pk: row for obj, row in zip(objects, history_rows, strict=True)}
    for name, rows in links.items():
        _m2m_history(model, name, rows, history_ids)
    return objects


def _link(model, objects, name, ids_per_object):
    """Insert the links of one many-to-many field; returns (link ID, object ID, related ID)."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name())
    target = through._meta.get_field(field.m2m_reverse_field_name())
    rows = [
        [obj.pk, related]
        for obj, related_ids in zip(objects, ids_per_object, strict=True)
        for related in related_ids
    ]
    ids = bulk.insert_returning_ids(through, [source, target], rows)
    return [(pk, *row) for pk, row in zip(ids, rows, strict=True)]


def _m2m_history(model, name, links, history_ids):
    history_model = getattr(model.history.model, name).model
    field = model._meta.get_field(name)
    columns = [
        history_model._meta.get_field(column)
        for column in ("history", "id", field.m2m_field_name(), field.m2m_reverse_field_name())
    ]
    rows = [[history_ids[source], pk, source, target] for pk, source, target in links]
    bulk.insert(history_model, columns, rows)


def restamp_import(run):
    """Date the history rows an import run wrote at the moment it finishes.

    An import holds its transaction for minutes; rows stamped at the start would become
    visible long after readers' cursors passed them. Restamped just before the commit, they
    fall within the feed's settle delay like any other save.
    """
    now = timezone.now()
    for model in historied_models():
        rows = model.history.filter(
            history_date__gte=run.started, history_change_reason=run.change_reason
        )
        rows.update(history_date=now)
    return now
