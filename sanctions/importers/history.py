"""History for bulk writes: who ran the import and which run it was, on every history row.

Bulk operations bypass the signals django-simple-history listens to, so imports use its
bulk helpers and, for many-to-many fields, write the historical rows themselves. Rows that
signals do write (single saves, deletes) are attributed by ``attributed_history``.
"""

import threading
from contextlib import contextmanager

from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

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


def _attribution():
    user, reason = getattr(_state, "attribution", None) or (None, "")
    return {"default_user": user, "default_change_reason": reason}


def create(model, objects):
    """Insert the objects and their "created" history rows; returns them with primary keys."""
    if not objects:
        return []
    return bulk_create_with_history(objects, model, batch_size=BATCH_SIZE, **_attribution())


def update(model, objects, fields):
    """Update the fields of the objects and write a "changed" history row for each."""
    if objects:
        bulk_update_with_history(
            objects, model, sorted(fields), batch_size=BATCH_SIZE, **_attribution()
        )


def create_with_m2m(model, objects, relations):
    """Insert objects, their many-to-many links and history rows that include the links.

    ``relations`` maps each many-to-many field name to one list of related IDs per object.
    """
    if not objects:
        return []
    objects = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    through_rows = {name: _link(model, objects, name, ids) for name, ids in relations.items()}
    history_rows = model.history.bulk_history_create(
        objects, batch_size=BATCH_SIZE, **_attribution()
    )
    history_by_object = {row.id: row for row in history_rows}  # id: the object's own
    for name, rows in through_rows.items():
        _m2m_history(model, name, rows, history_by_object)
    return objects


def _link(model, objects, name, ids_per_object):
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = [
        through(**{f"{source}_id": obj.pk, f"{target}_id": related})
        for obj, related_ids in zip(objects, ids_per_object, strict=True)
        for related in related_ids
    ]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    # Re-read: the history rows need the links' own IDs, which not every database returns.
    return list(through.objects.filter(**{f"{source}_id__in": [obj.pk for obj in objects]}))


def _m2m_history(model, name, through_rows, history_by_object):
    history_model = getattr(model.history.model, name).model
    field = model._meta.get_field(name)
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    rows = [
        history_model(
            history=history_by_object[getattr(row, f"{source}_id")],
            id=row.pk,
            **{f"{source}_id": getattr(row, f"{source}_id")},
            **{f"{target}_id": getattr(row, f"{target}_id")},
        )
        for row in through_rows
    ]
    history_model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
