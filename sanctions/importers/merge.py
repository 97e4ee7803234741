"""Three-way merge: what the list said last time, what it says now, and what the database holds.

An import changes only what the list changed, and only in the rows that list entry gave
(``current`` holds the entry's own rows: their ``source`` is the entry). A field or part the
list still says the same is left as it is, so an analyst's correction of a list's row survives
re-imports; a part the analyst deleted is not brought back while the list says the same; what
analysts and other lists recorded is never touched. The first import of an entry for a subject
already in the database ("linking", no previous snapshot) adds what the list says without
taking away anything.
"""

from .records import PART_KEYS, SUBJECT_FIELDS


def merge_fields(current, old, new, fields, *, fill_only=()):
    """The fields to set: {name: value}.

    With no previous snapshot (``old`` is None), or none of that field (another format of the
    list could not say it), every non-empty value of the list is taken, except that
    ``fill_only`` fields are only filled where they are empty.
    """
    updates = {}
    for name in fields:
        value = new.get(name)
        if old is None or name not in old:
            if value in ("", None) or (name in fill_only and current.get(name) not in ("", None)):
                continue
        elif old.get(name) == value:
            continue
        if current.get(name) != value:
            updates[name] = value
    return updates


def merge_parts(current, old, new, key):
    """Parts to create, update and delete: ([items], [(row, item)], [rows]).

    ``current`` maps keys to rows holding the parts now; ``old`` and ``new`` are lists of
    item dicts (``old`` None for a first import).
    """
    old_items = None if old is None else {key(item): item for item in old}
    new_items = {key(item): item for item in new}
    create, change, delete = [], [], []
    for item_key, item in new_items.items():
        listed_before = old_items is not None and item_key in old_items
        row = current.get(item_key)
        if row is None:
            if not listed_before:
                create.append(item)
        elif (not listed_before or old_items[item_key] != item) and _differs(row, item):
            change.append((row, item))
    for item_key in (old_items or {}).keys() - new_items.keys():
        if item_key in current:
            delete.append(current[item_key])
    return create, change, delete


def _differs(row, item):
    return any(row_value(row, name) != value for name, value in item.items())


def row_value(row, name):
    """A field's stored value: the code string of a CountryField rather than its Country."""
    return row.__dict__.get(name, getattr(row, name, None))


def only_display_changed(old, new):
    """Whether two snapshots differ at most in the name shown for one listed name: the
    display rule (sanctions.names.display_name) changed, not the list."""
    if old.get("listed_name") != new.get("listed_name"):
        return False
    return {**old, "name": None} == {**new, "name": None}


def describe_changes(old, new):
    """What changed between two snapshots, for the import's record of changed entries.

    The shown name counts only with the listed name it is made from: a new display rule
    alone is not a change of the list.
    """
    changes = {}
    fields = (*SUBJECT_FIELDS, "listed_name", "reference")
    if old.get("listed_name") == new.get("listed_name"):
        fields = tuple(name for name in fields if name != "name")
    for name in fields:
        if old.get(name) != new.get(name):
            changes[name] = {"old": old.get(name), "new": new.get(name)}
    for name, key in PART_KEYS.items():
        before = {_key(key, item): item for item in old.get(name, [])}
        after = {_key(key, item): item for item in new.get(name, [])}
        diff = {
            "added": [after[k] for k in after.keys() - before.keys()],
            "removed": [before[k] for k in before.keys() - after.keys()],
            "changed": [after[k] for k in after.keys() & before.keys() if after[k] != before[k]],
        }
        diff = {verb: sorted(items, key=str) for verb, items in diff.items() if items}
        if diff:
            changes[name] = diff
    return changes


def _key(key, item):
    value = key(item)
    # JSON turns tuples into lists; keys must be hashable.
    return tuple(value) if isinstance(value, list) else value
