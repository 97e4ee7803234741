"""Changes as a person reads them on the web: names instead of ids, field labels instead of
column names, one entry per save, and repeated lines grouped.

The change feed (:mod:`.feed`) gives one entry per history row with raw values, which the
API keeps (scripts rely on them). Here, for the History sections, /changes/ and the
dashboard:

- **one entry per save**: the rows one hand wrote for one record moments apart (a
  designation's save, then its authorities, then its measures) become one entry, with the
  first old value and the last new value of each field;
- **names and labels**: a foreign key shows the related record's name, a many-to-many field
  the names of its records, a choice its label, a field its verbose name; bookkeeping fields
  never show, and an edit that changed nothing a reader sees is left out;
- **grouping**: consecutive entries that say the same thing (an import adding ten aliases of
  one subject is not that; ten identical "changed" lines are) show once, with their number.

Names are read in one query per related model for the whole page.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

from ..models import BOOKKEEPING_FIELDS

# Rows of one record by one hand, of one version and this close together are one save (the
# record's row, then one row per many-to-many field it set).
ONE_SAVE = datetime.timedelta(seconds=60)


@dataclass
class Item:
    label: str
    old: Any
    new: Any


@dataclass
class Entry:
    """One save of one record, or several identical ones (``count``)."""

    change: Any  # the newest FeedChange of the save: when, who, action, record, links
    action: str
    items: list = field(default_factory=list)
    count: int = 1

    def __getattr__(self, name):
        # when, user, import_run, model_label, name, url, reason: those of the change.
        return getattr(self.__dict__["change"], name)

    def says(self):
        """What a reader sees, but when: two entries that say this are one line."""
        items = tuple((item.label, str(item.old), str(item.new)) for item in self.items)
        who = self.change.who
        reason = "" if self.change.import_run else self.reason
        return (self.action, self.change.model_label, self.change.name, who, reason, items)


def readable(changes):
    """Entries for FeedChanges given newest first."""
    saves = _saves(changes)
    names = _names(saves)
    entries = [_entry(save, names) for save in saves]
    entries = [entry for entry in entries if _worth_reading(entry)]
    return _grouped(entries)


def _worth_reading(entry):
    """An edit that changed nothing a reader sees is left out, unless a person or a merge
    said why (an import's reason names only the run)."""
    return entry.items or entry.action != "changed" or (entry.reason and not entry.import_run)


def _saves(changes):
    """Runs of consecutive changes that are one save, newest first within each run."""
    saves = []
    for change in changes:
        last = saves[-1][-1] if saves else None
        if last is not None and _same_save(last, change):
            saves[-1].append(change)
        else:
            saves.append([change])
    return saves


def _same_save(newer, older):
    # A save bumps the record's version; the rows of its many-to-many fields repeat it.
    return (
        newer.model is older.model
        and newer.record_id == older.record_id
        and newer.version == older.version
        and newer.who == older.who
        and newer.action != "deleted"
        and older.action != "deleted"
        and abs(newer.when - older.when) <= ONE_SAVE
    )


def _entry(save, names):
    newest, oldest = save[0], save[-1]
    action = "added" if any(change.action == "added" for change in save) else newest.action
    first_old, last_new = {}, {}
    for change in reversed(save):  # oldest first
        for item in change.changes:
            first_old.setdefault(item["field"], item["old"])
            last_new[item["field"]] = item["new"]
    items = []
    for name, new in last_new.items():
        if name in BOOKKEEPING_FIELDS:
            continue
        model_field = _field(newest.model, name)
        old = _shown(model_field, first_old[name], names)
        new = _shown(model_field, new, names)
        if old != new or action == "added":
            items.append(Item(_label(model_field, name), old, new))
    entry = Entry(change=newest, action=action, items=items)
    entry.reason = newest.reason or oldest.reason
    return entry


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed from the model: shown by its name
        return None


def _label(model_field, name):
    return capfirst(model_field.verbose_name) if model_field is not None else name


def _names(saves):
    """{(related model, pk): name} for every id the page's changes name, one query per model."""
    wanted = {}
    for save in saves:
        for change in save:
            for item in change.changes:
                model_field = _field(change.model, item["field"])
                if model_field is None or not model_field.is_relation:
                    continue
                for value in (item["old"], item["new"]):
                    ids = value if isinstance(value, list) else [value]
                    related = model_field.related_model
                    wanted.setdefault(related, set()).update(i for i in ids if i is not None)
    names = {}
    for related, ids in wanted.items():
        manager = getattr(related, "everything", related._base_manager)
        for pk, record in manager.in_bulk(ids).items():
            names[(related, pk)] = str(record)
    return names


def _shown(model_field, value, names):
    """A stored value as a reader reads it."""
    if model_field is None:
        return _dash(value)
    if model_field.many_to_many:
        shown = sorted(names.get((model_field.related_model, pk), f"#{pk}") for pk in value or [])
        return ", ".join(shown) or "—"
    if model_field.is_relation:
        if value is None:
            return "—"
        return names.get((model_field.related_model, value), f"#{value} (deleted)")
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "yes" if value else "no"
    return _dash(value)


def _dash(value):
    return "—" if value in (None, "", []) else value


def _grouped(entries):
    grouped = []
    for entry in entries:
        if grouped and grouped[-1].says() == entry.says():
            grouped[-1].count += 1
        else:
            grouped.append(entry)
    return grouped
