"""What every parsed list must pass before anything is written, whatever its format.

The format modules refuse what they can see in their files; these checks refuse what only
the database's limits or the list's previous version can tell: an ID too long for its
column, text PostgreSQL cannot store, a repeated ID, and a version that would delist an
implausible share of the list (a truncated download must never read as mass delisting).
"""

from dataclasses import replace
from functools import cache

from ..models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Identifier,
    ImportRun,
    ListEntry,
    Nationality,
    Subject,
)
from .common import clip
from .records import SUBJECT_WRITTEN_FIELDS, ImportFileError

# A full (non-delta) version may delist at most this share of the listed entries, or this
# many, whichever is larger, unless the importer says --force.
MASS_REMOVAL_SHARE = 0.10
MASS_REMOVAL_COUNT = 5
PART_MODELS = {
    "aliases": Alias,
    "birth_dates": BirthDate,
    "nationalities": Nationality,
    "birth_places": BirthPlace,
    "identifiers": Identifier,
    "addresses": Address,
}


def check_entries(parsed):
    """Refuse IDs the database cannot hold and text it cannot store; fit parts to columns."""
    limit = ListEntry._meta.get_field("entry_id").max_length
    first = {}
    for entry in parsed.entries:
        where = entry.origin or parsed.files[0].name
        if not entry.entry_id or len(entry.entry_id) > limit:
            message = f"entry ID of {len(entry.entry_id)} characters (1 to {limit} allowed)"
            raise ImportFileError(where, "", message)
        seen = first.setdefault(entry.entry_id, entry)
        if seen is not entry:
            message = f"entry ID {entry.entry_id} repeated (first at {seen.origin or '?'})"
            raise ImportFileError(where, "", message)
        _check_text(entry, where)
        _warn_long_fields(entry, where, parsed.warnings)
        _fit_parts(entry, where, parsed.warnings)


def _check_text(value, where, field=""):
    """NUL characters and lone surrogates (from JSON escapes) cannot be stored as text."""
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                message = f"{field or 'a value'} is not valid Unicode text"
                raise ImportFileError(where, "", message) from None
        if "\x00" in value:
            raise ImportFileError(where, "", f"{field or 'a value'} holds a NUL character")
    elif isinstance(value, list | tuple):
        for item in value:
            _check_text(item, where, field)
    elif hasattr(value, "__dataclass_fields__"):
        # The instance's own values: dataclasses.fields() per value costs more than the check.
        for name, item in vars(value).items():
            if name != "origin" and not isinstance(item, int | None):
                _check_text(item, where, name)


def _warn_long_fields(entry, where, warnings):
    """The subject's fields are cut to their columns when written; say so."""
    for name in SUBJECT_WRITTEN_FIELDS:
        value, length = getattr(entry, name), Subject._meta.get_field(name).max_length
        if length and len(value) > length:
            warnings.append(f"{where}: {name} of {len(value)} characters cut to {length}")


def _fit_parts(entry, where, warnings):
    """Cut part text to its column, so that parts equal once cut are one part, as stored."""
    for name, model in PART_MODELS.items():
        lengths = _text_lengths(model)
        parts = []
        for part in getattr(entry, name):
            changes = {}
            for field_name, length in lengths.items():
                value = getattr(part, field_name, None)
                if isinstance(value, str) and len(value) > length:
                    changes[field_name] = clip(value, length)
                    warnings.append(
                        f"{where}: {model._meta.verbose_name} {field_name} of {len(value)} "
                        f"characters cut to {length}"
                    )
            parts.append(replace(part, **changes) if changes else part)
        setattr(entry, name, parts)


@cache
def _text_lengths(model):
    """{field name: max length} of the model's columns with a length."""
    return {f.name: f.max_length for f in model._meta.concrete_fields if f.max_length}


def check_removals(parsed, existing, *, force=False):
    """Refuse a full version that finds no entries or would delist too many, unless forced.

    ``existing`` maps entry IDs to the list's ListEntry rows. A delta removes only what it
    names, so it is not checked.
    """
    if parsed.is_delta or force:
        return
    listed = {entry_id for entry_id, row in existing.items() if row.removed_on is None}
    removed = len(listed - {entry.entry_id for entry in parsed.entries})
    allowed = max(MASS_REMOVAL_COUNT, int(len(listed) * MASS_REMOVAL_SHARE))
    if parsed.entries and removed <= allowed:
        return
    found = f"finds {len(parsed.entries)} entries and " if not parsed.entries else ""
    raise ImportFileError(
        ", ".join(source.name for source in parsed.files),
        "",
        f"{found}would delist {removed} of the {len(listed)} listed entries of "
        f"{parsed.slug} (more than {MASS_REMOVAL_SHARE:.0%} and more than "
        f"{MASS_REMOVAL_COUNT} are refused): a truncated or wrong file? If the list really "
        "dropped them, import it again with --force",
    )


def check_version_order(parsed, *, force=False):
    """Refuse a version older than the list's newest import, unless forced.

    Each import compares with the previous one: an older version imported after a newer
    one would record the older state as the newest, re-adding and delisting entries.
    """
    if force or parsed.list_date is None:
        return
    newest = (
        ImportRun.objects.filter(list=parsed.slug, list_date__gt=parsed.list_date)
        .order_by("-list_date", "-id")
        .first()
    )
    if newest is None:
        return
    raise ImportFileError(
        ", ".join(source.name for source in parsed.files),
        "",
        f"is the version of {parsed.list_date} of {parsed.slug}, older than the version of "
        f"{newest.list_date} already imported (import run #{newest.pk}): importing it would "
        "undo the later changes. Import the versions in the order they were published, or "
        "import this one again with --force",
    )


def already_applied(parsed):
    """The import run that already applied this delta (the same files), else None.

    A delta names changes relative to the version before it: applied again after later
    deltas it would undo them, so a delta is applied once.
    """
    if not parsed.is_delta:
        return None
    digests = sorted(source.sha256 for source in parsed.files)
    for run in ImportRun.objects.filter(list=parsed.slug, is_delta=True).order_by("id"):
        if sorted(source["sha256"] for source in run.files) == digests:
            return run
    return None
