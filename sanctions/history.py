"""Helpers around django-simple-history, the tracker's one history mechanism."""

from django.apps import apps


def historied_models():
    """The app's models that keep history (not the historical models themselves)."""
    for model in apps.get_app_config("sanctions").get_models():
        if getattr(model._meta, "simple_history_manager_attribute", None):
            yield model


def record_initial_history(reason):
    """Write a "created" history row for every record that has none (e.g. after loaddata).

    ``loaddata`` saves raw rows, which history signals skip; without this the first edit of a
    seeded record would have nothing to be compared against.
    """
    written = 0
    for model in historied_models():
        history = model.history
        recorded = history.filter(history_type="+").values("id")
        missing = list(model.objects.exclude(pk__in=recorded))
        if missing:
            history.bulk_history_create(missing, default_change_reason=reason)
            written += len(missing)
    return written
